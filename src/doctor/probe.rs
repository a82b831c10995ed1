//! Running the tools: `python3 --version` and the like, with no input, at
//! most [`PROBE_TIMEOUT`] each, stopped on Ctrl-C. Everything else in
//! `doctor` sees them only through the [`Probe`] trait, so it is tested with
//! canned answers.

use crate::cancel;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why a probe gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeError {
    /// The program is not on PATH.
    NotFound,
    /// It ran and failed; its output.
    Failed(String),
    /// It did not finish within this many seconds, and was stopped.
    TimedOut(u64),
    /// Ctrl-C was pressed.
    Interrupted,
}

/// Runs a program and returns what it printed (stdout, then stderr).
pub trait Probe: Sync {
    /// # Errors
    /// [`ProbeError`] when the program is missing or fails.
    fn run(&self, program: &str, args: &[&str]) -> Result<String, ProbeError>;
}

/// Runs the real programs on PATH, with no input.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemProbe;

/// How long a tool may take to print its version. A hanging `python3` must
/// not hang `doctor`.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

impl Probe for SystemProbe {
    fn run(&self, program: &str, args: &[&str]) -> Result<String, ProbeError> {
        if cancel::interrupted() {
            return Err(ProbeError::Interrupted);
        }
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => ProbeError::NotFound,
                _ => ProbeError::Failed(error.to_string()),
            })?;
        let stdout = collect(child.stdout.take());
        let stderr = collect(child.stderr.take());
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => {}
                Err(error) => return Err(ProbeError::Failed(error.to_string())),
            }
            let stop = if cancel::interrupted() {
                Some(ProbeError::Interrupted)
            } else if started.elapsed() >= PROBE_TIMEOUT {
                Some(ProbeError::TimedOut(PROBE_TIMEOUT.as_secs()))
            } else {
                None
            };
            if let Some(stop) = stop {
                // The readers are left to end with the pipes: a grandchild
                // may still hold them open.
                let _ = child.kill();
                let _ = child.wait();
                return Err(stop);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut text = String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned();
        text.push_str(&String::from_utf8_lossy(&stderr.join().unwrap_or_default()));
        if status.success() {
            Ok(text)
        } else {
            Err(ProbeError::Failed(text))
        }
    }
}

/// Reads a child's pipe to its end (at most 1 MiB) on a thread of its own.
fn collect(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(pipe) = pipe {
            let _ = pipe.take(1 << 20).read_to_end(&mut bytes);
        }
        bytes
    })
}
