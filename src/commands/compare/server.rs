//! Running a starter's production server for a round of measurements: on a
//! free loopback port, in its own process group so that the server and every
//! worker it forks are measured together and stopped together, whatever
//! happens (the guard stops them on drop: success, failure or Ctrl-C).

use super::load::{self, Budget};
use super::system;
use crate::error::Error;
use crate::sys::cancel;
use crate::sys::platform;
use std::collections::HashSet;
use std::fs::File;
use std::io;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The /ws message rate compare's servers allow a connection: no limit in
/// practice.
const UNTHROTTLED_MESSAGES: &str = "1000000";

/// The longest a server may take to answer its first good `/health`.
pub const STARTUP_DEADLINE: Duration = Duration::from_secs(60);
/// How often the resident memory of the process group is sampled; the
/// group's members are looked up again every [`MEMBERS_EVERY`] samples (a
/// scan of `/proc`, the costly part).
const MEMORY_SAMPLE_EVERY: Duration = Duration::from_millis(100);
const MEMBERS_EVERY: u32 = 5;
/// The longest the warm-up waits for every worker to answer.
pub const WARMUP_DEADLINE: Duration = Duration::from_secs(30);

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

/// How a warm-up went.
#[derive(Debug, Clone, Copy)]
pub struct WarmUp {
    pub seconds: f64,
    pub workers: usize,
    /// How many workers were seen answering (`None`: not observable here).
    pub answered: Option<usize>,
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
        // The starters allow each /ws connection 10 messages a second; the
        // round trips and the fan-out send faster, to time the server, not
        // its limit.
        .env("LIVE_MESSAGES_PER_SECOND", UNTHROTTLED_MESSAGES)
        .env("FLASK_LIVE_MESSAGES_PER_SECOND", UNTHROTTLED_MESSAGES)
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
            let mut members = Vec::new();
            let mut sample = 0;
            while sampling.load(Ordering::SeqCst) {
                if sample % MEMBERS_EVERY == 0 {
                    members = system::group_pids(group);
                }
                sample += 1;
                peak_kib.fetch_max(system::rss_kib(&members), Ordering::SeqCst);
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

    /// The server's processes now.
    pub fn pids(&self) -> Vec<u32> {
        group_pids(self.child.id())
    }

    /// The processes that answer requests: the workers when a master forked
    /// them (gunicorn), else the one process.
    pub fn workers(&self) -> Vec<u32> {
        let leader = self.child.id();
        let pids = self.pids();
        if pids.len() > 1 {
            pids.into_iter().filter(|pid| *pid != leader).collect()
        } else {
            pids
        }
    }

    /// Load on `paths` in turn, at `concurrency`, for at least `minimum` and
    /// until every worker has been seen holding a connection it accepted (so no
    /// measured request meets a worker still booting), at most
    /// [`WARMUP_DEADLINE`]. Nothing it measures is kept.
    pub fn warm_up(&self, paths: &[&str], concurrency: u64, minimum: Duration) -> WarmUp {
        let started = Instant::now();
        // Each worker with the sockets it held when first seen (the
        // listening one): a new one is a connection it accepted. The list
        // is refreshed as the load goes on, since a master may still be
        // forking workers when the first one answers /health.
        let mut workers: Vec<(u32, HashSet<u64>)> = Vec::new();
        let mut answered: Vec<u32> = Vec::new();
        let mut turn = 0;
        loop {
            let url = self.url(paths[turn % paths.len()]);
            turn += 1;
            let load = thread::spawn(move || load::run(&url, Budget::Seconds(0.25), concurrency));
            let mut sample = 0;
            while !load.is_finished() {
                if sample % 25 == 0 {
                    for pid in self.workers() {
                        if !workers.iter().any(|(known, _)| *known == pid) {
                            workers.push((pid, system::socket_inodes(pid)));
                        }
                    }
                }
                sample += 1;
                for (pid, idle) in &workers {
                    if !answered.contains(pid) && !system::socket_inodes(*pid).is_subset(idle) {
                        answered.push(*pid);
                    }
                }
                thread::sleep(Duration::from_millis(2));
            }
            let _ = load.join();
            let live = self.workers();
            let observable = !live.is_empty();
            let everyone = live.iter().all(|pid| answered.contains(pid));
            if cancel::interrupted()
                || (everyone && started.elapsed() >= minimum)
                || started.elapsed() >= WARMUP_DEADLINE
            {
                return WarmUp {
                    seconds: started.elapsed().as_secs_f64(),
                    workers: live.len(),
                    answered: observable
                        .then(|| live.iter().filter(|pid| answered.contains(pid)).count()),
                };
            }
        }
    }

    /// The group's proportional memory now, in MiB.
    pub fn pss_mib(&self) -> Option<f64> {
        system::pss_kib(&self.pids()).map(|kib| kib as f64 / 1024.0)
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

/// The live processes of a process group (none outside Linux, so the
/// memory reads as not measured and `stop` waits for the leader alone).
pub fn group_pids(group: u32) -> Vec<u32> {
    system::group_pids(group)
}
