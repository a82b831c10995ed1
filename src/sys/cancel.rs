//! Ctrl-C handling, and the same for SIGTERM and SIGHUP (a `kill`, a closed
//! terminal, a CI job's timeout): each is an interrupt like Ctrl-C, so the
//! run stops the same way and cleans up. dialoguer hides the cursor and leaves signals to us, so
//! the handler shows the cursor again and raises a flag; long steps check the
//! flag between files and stop with [`Cancelled`] (which becomes
//! `Error::Cancelled`), whose cleanup (the staging directory's drop) then
//! runs normally. Below `error`: it owns its one failure and imports nothing
//! of the crate.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};

/// Set by the Ctrl-C handler.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler once; later calls do nothing.
pub fn install_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(install);
}

fn install() {
    // Only a terminal has a cursor to show; a redirected stderr gets no
    // escape codes.
    let stderr_is_terminal = std::io::stderr().is_terminal();
    // An error means a handler is already installed, which is fine. ctrlc's
    // `termination` feature makes it take SIGTERM and SIGHUP too.
    let _ = ctrlc::set_handler(move || {
        INTERRUPTED.store(true, Ordering::SeqCst);
        if stderr_is_terminal {
            let _ = console::Term::stderr().show_cursor();
        }
    });
    #[cfg(unix)]
    catch_file_size_limit();
}

#[cfg(unix)]
fn catch_file_size_limit() {
    // Past the file-size limit (`ulimit -f`) the kernel would kill the
    // process mid-write, leaving the staging directory and its secret
    // behind; with the signal caught, the write fails with "File too large"
    // and the run cleans up like after any other write error.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        Arc::new(AtomicBool::new(false)),
    );
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Ctrl-C was pressed: the run stops, having written nothing it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// Stops with [`Cancelled`] if Ctrl-C was pressed.
///
/// # Errors
/// [`Cancelled`] after an interrupt.
pub fn check() -> Result<(), Cancelled> {
    if interrupted() {
        Err(Cancelled)
    } else {
        Ok(())
    }
}
