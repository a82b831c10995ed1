//! Running a starter's production server for a round of measurements: on a
//! free loopback port, in its own process group so that the server and every
//! worker it forks are measured together and stopped together, whatever
//! happens (the guard stops them on drop: success, failure or Ctrl-C).

use crate::cancel;
use crate::error::Error;
use crate::platform;
use std::fs::{self, File};
use std::io;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The longest a server may take to answer its first good `/health`.
pub const STARTUP_DEADLINE: Duration = Duration::from_secs(60);
/// How often the resident memory of the process group is sampled.
const MEMORY_SAMPLE_EVERY: Duration = Duration::from_millis(50);

/// A port nothing listens on right now (the OS picks it).
///
/// # Errors
/// [`Error::Io`] when no loopback socket can be bound.
pub fn free_port() -> Result<u16, Error> {
    let io_error = |source| Error::Io {
        action: "bind a loopback port at",
        path: "127.0.0.1:0".into(),
        source,
    };
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(io_error)?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(io_error)
}

/// A running server; dropping it stops its whole process group.
pub struct Server {
    child: Child,
    pub port: u16,
    sampling: Arc<AtomicBool>,
    peak_kib: Arc<AtomicU64>,
    sampler: Option<JoinHandle<()>>,
}

/// Starts `words` (program and arguments) in `dir` with `HOST`/`PORT` set,
/// its output appended to `log`.
///
/// # Errors
/// [`Error::Io`] when the program cannot be started.
pub fn start(
    dir: &Path,
    words: &[String],
    env: &[(&str, &str)],
    port: u16,
    log: &Path,
) -> Result<Server, Error> {
    let io_error = |source: io::Error| Error::Io {
        action: "write the server log",
        path: log.to_path_buf(),
        source,
    };
    let output = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(io_error)?;
    let errors = output.try_clone().map_err(io_error)?;
    let (program, args) = words
        .split_first()
        .ok_or_else(|| io_error(io::ErrorKind::InvalidInput.into()))?;
    let program = if program.contains('/') {
        dir.join(program)
    } else {
        program.into()
    };
    let mut command = Command::new(&program);
    // Its own group: Ctrl-C at the terminal does not reach it, and one
    // signal to the group reaches every worker it forks.
    let child = platform::in_own_process_group(&mut command)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(output)
        .stderr(errors)
        .spawn()
        .map_err(|source| Error::Io {
            action: "start",
            path: program.clone(),
            source,
        })?;
    let sampling = Arc::new(AtomicBool::new(true));
    let peak_kib = Arc::new(AtomicU64::new(0));
    let group = child.id();
    let sampler = {
        let sampling = Arc::clone(&sampling);
        let peak_kib = Arc::clone(&peak_kib);
        thread::spawn(move || {
            while sampling.load(Ordering::SeqCst) {
                peak_kib.fetch_max(group_rss_kib(group), Ordering::SeqCst);
                thread::sleep(MEMORY_SAMPLE_EVERY);
            }
        })
    };
    Ok(Server {
        child,
        port,
        sampling,
        peak_kib,
        sampler: Some(sampler),
    })
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Seconds from `launched` to the first 200 on `/health`, or `None` when
    /// the server exited, missed the deadline or Ctrl-C was pressed.
    pub fn wait_healthy(&mut self, launched: Instant) -> Option<f64> {
        let agent = super::load::agent();
        let url = self.url("/health");
        while launched.elapsed() < STARTUP_DEADLINE && !cancel::interrupted() {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return None;
            }
            if super::load::get_status(&agent, &url) == Some(200) {
                return Some(launched.elapsed().as_secs_f64());
            }
            thread::sleep(Duration::from_millis(10));
        }
        None
    }

    /// The highest resident memory of the process group seen so far, in MiB.
    pub fn peak_rss_mib(&self) -> f64 {
        self.peak_kib.load(Ordering::SeqCst) as f64 / 1024.0
    }

    /// Stops the group: asks it to stop (SIGTERM), then forces it after
    /// five seconds (SIGKILL); see [`platform::stop_group`].
    pub fn stop(&mut self) {
        self.sampling.store(false, Ordering::SeqCst);
        if let Some(sampler) = self.sampler.take() {
            let _ = sampler.join();
        }
        let group = self.child.id();
        platform::stop_group(group, false);
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(5) {
            if matches!(self.child.try_wait(), Ok(Some(_))) && group_pids(group).is_empty() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        platform::stop_group(group, true);
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The live processes of a process group, from `/proc` (Linux; none
/// elsewhere, so the memory reads 0, reported as not measured, and `stop`
/// waits for the leader alone).
pub fn group_pids(group: u32) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| stat_group(&stat))
                == Some(group)
        })
        .collect()
}

/// The process group of a `/proc/PID/stat` line (the fields after the
/// command name, which may itself hold spaces and parentheses), unless the
/// process is a zombie, which holds no memory.
fn stat_group(stat: &str) -> Option<u32> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    if fields.first() == Some(&"Z") {
        return None;
    }
    fields.get(2)?.parse().ok()
}

/// The resident memory of every process in the group, in KiB.
fn group_rss_kib(group: u32) -> u64 {
    group_pids(group)
        .into_iter()
        .filter_map(|pid| {
            let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_is_read_past_a_command_name_with_parentheses() {
        let stat = "42 (gunicorn: (worker) x) S 41 40 40 0 -1";
        assert_eq!(stat_group(stat), Some(40));
        assert_eq!(stat_group("42 (node) Z 41 40 40"), None);
    }
}
