//! Running the tools: `python3 --version` and the like, with no input, at
//! most [`PROBE_TIMEOUT`] each, each in a process group of its own that is
//! stopped as a whole at the deadline or on an interrupt. Everything else in
//! `doctor` sees them only through the [`Probe`] trait, so it is tested with
//! canned answers.

use crate::sys::cancel;
use crate::sys::platform;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

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
        let mut command = Command::new(program);
        // Its own group, stopped as a whole: a wrapper script's own children
        // (`exec`-less shims, pyenv, nvm) stop with it.
        let mut child = platform::in_own_process_group(&mut command)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => ProbeError::NotFound,
                _ => ProbeError::Failed(error.to_string()),
            })?;
        // The readers are left to end with the pipes when the probe is
        // stopped: a process outside the group may still hold them open.
        let stdout = collect(child.stdout.take());
        let stderr = collect(child.stderr.take());
        let status = match platform::wait_or_stop_group(
            &mut child,
            Some(PROBE_TIMEOUT),
            &cancel::interrupted,
        ) {
            Ok(platform::Ended::Exited(status)) => status,
            Ok(platform::Ended::Interrupted) => return Err(ProbeError::Interrupted),
            Ok(platform::Ended::TimedOut) => {
                return Err(ProbeError::TimedOut(PROBE_TIMEOUT.as_secs()))
            }
            Err(error) => return Err(ProbeError::Failed(error.to_string())),
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
