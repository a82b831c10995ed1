//! What `compare` reads about this machine and the servers it runs, from
//! `/proc` (Linux): the load average, the CPU model, a process group's
//! members, their memory (RSS and PSS), their CPU time and threads, and
//! which of them hold a connection on a port. Elsewhere each reads as
//! "unknown" (`None` or empty), and the report says n/a.

use std::collections::HashSet;
use std::fs;

/// Linux reports CPU times in clock ticks of `USER_HZ`, which it fixes at
/// 100 for user space on every architecture scaffold is built for.
const TICKS_PER_SECOND: f64 = 100.0;

/// The 1-minute load average.
pub fn load_average() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The CPU's model name, as `/proc/cpuinfo` gives it.
pub fn cpu_model() -> Option<String> {
    let text = fs::read_to_string("/proc/cpuinfo").ok()?;
    text.lines()
        .find(|line| line.starts_with("model name") || line.starts_with("Model"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
        .filter(|model| !model.is_empty())
}

/// The live processes of a process group (zombies excluded).
pub fn group_pids(group: u32) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| stat_fields(&stat))
                .is_some_and(|fields| fields.group == group)
        })
        .collect()
}

/// The fields of a `/proc/PID/stat` line that `compare` reads.
#[derive(Debug, PartialEq)]
pub struct StatFields {
    pub group: u32,
    /// User plus system CPU time, in clock ticks.
    pub cpu_ticks: u64,
}

/// The fields after the command name (which may hold spaces and
/// parentheses), unless the process is a zombie, which holds no memory.
pub fn stat_fields(stat: &str) -> Option<StatFields> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    if fields.first() == Some(&"Z") {
        return None;
    }
    // After the name: state(0) ppid(1) pgrp(2) ... utime(11) stime(12).
    let number = |index: usize| fields.get(index)?.parse::<u64>().ok();
    Some(StatFields {
        group: u32::try_from(number(2)?).ok()?,
        cpu_ticks: number(11)? + number(12)?,
    })
}

/// CPU seconds (user and system) used so far by `pids` together.
pub fn cpu_seconds(pids: &[u32]) -> Option<f64> {
    let mut ticks = 0;
    for pid in pids {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        ticks += stat_fields(&stat)?.cpu_ticks;
    }
    Some(ticks as f64 / TICKS_PER_SECOND)
}

/// CPU seconds used so far by this process (the load generator and its
/// samplers).
pub fn own_cpu_seconds() -> Option<f64> {
    cpu_seconds(&[std::process::id()])
}

/// A `/proc/PID/status` or `smaps_rollup` value in KiB (`VmRSS:`, `Pss:`).
pub fn kib_field(text: &str, field: &str) -> Option<u64> {
    text.lines()
        .find(|line| line.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The summed resident memory of `pids`, in KiB (shared pages counted once
/// per process).
pub fn rss_kib(pids: &[u32]) -> u64 {
    pids.iter()
        .filter_map(|pid| {
            kib_field(
                &fs::read_to_string(format!("/proc/{pid}/status")).ok()?,
                "VmRSS:",
            )
        })
        .sum()
}

/// The proportional set size of `pids` together, in KiB: each shared page
/// divided among the processes sharing it, so a forked worker's
/// copy-on-write pages count once. `None` when it cannot be read.
pub fn pss_kib(pids: &[u32]) -> Option<u64> {
    let mut total = 0;
    for pid in pids {
        let text = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
        total += kib_field(&text, "Pss:")?;
    }
    (!pids.is_empty()).then_some(total)
}

/// The threads of `pids` together.
pub fn threads(pids: &[u32]) -> Option<u64> {
    let mut total = 0;
    for pid in pids {
        let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        total += status
            .lines()
            .find(|line| line.starts_with("Threads:"))?
            .split_whitespace()
            .nth(1)?
            .parse::<u64>()
            .ok()?;
    }
    Some(total)
}

/// The sockets `pid` holds open, as inodes. A worker that holds one it did
/// not hold before the load has accepted a connection: it is answering.
pub fn socket_inodes(pid: u32) -> HashSet<u64> {
    let Ok(entries) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return HashSet::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| socket_inode(&fs::read_link(entry.path()).ok()?.to_string_lossy()))
        .collect()
}

/// The inode of an fd's link target `socket:[123]`.
pub fn socket_inode(target: &str) -> Option<u64> {
    target
        .strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_and_cpu_time_are_read_past_a_command_name_with_parentheses() {
        let stat = "42 (gunicorn: (worker) x) S 41 40 40 0 -1 4194560 100 0 0 0 150 25 0 0";
        assert_eq!(
            stat_fields(stat),
            Some(StatFields {
                group: 40,
                cpu_ticks: 175
            })
        );
        assert_eq!(stat_fields("42 (node) Z 41 40 40 0 -1 0 0 0 0 0 1 1"), None);
    }

    #[test]
    fn socket_inodes_are_read_from_fd_links() {
        assert_eq!(socket_inode("socket:[940066]"), Some(940_066));
        assert_eq!(socket_inode("pipe:[12]"), None);
        assert_eq!(socket_inode("/dev/null"), None);
    }

    #[test]
    fn memory_fields_are_read_in_kib() {
        assert_eq!(
            kib_field("Rss:  2048 kB\nPss:  1024 kB\n", "Pss:"),
            Some(1024)
        );
        assert_eq!(kib_field("Rss: 2048 kB\n", "Pss:"), None);
    }
}
