//! Ctrl-C handling, and the same for SIGTERM and SIGHUP (a `kill`, a closed
//! terminal, a CI job's timeout): each is an interrupt like Ctrl-C, so the
//! run stops the same way and cleans up. The signal handler only raises a
//! flag; a prompt's read ends with it, long steps check it between files,
//! and both stop with [`Cancelled`] (which becomes `Error::Cancelled`),
//! whose cleanup (the staging directory's drop) then runs normally and
//! whose report shows the cursor a prompt hid. Below `error`: it owns its
//! one failure and imports nothing of the crate.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Once};

/// Set by the signal handler. Shared (an `Arc`) because signal-hook's flag
/// handler takes one.
static INTERRUPTED: LazyLock<Arc<AtomicBool>> = LazyLock::new(Arc::default);

/// Installs the handler once; later calls do nothing.
pub fn install_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(install);
}

#[cfg(unix)]
fn install() {
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&INTERRUPTED));
    }
    catch_file_size_limit();
}

/// Windows has no signals: ctrlc takes the console's Ctrl-C and close events.
#[cfg(not(unix))]
fn install() {
    // An error means a handler is already installed, which is fine.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
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
