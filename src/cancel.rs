//! Ctrl-C handling. dialoguer hides the cursor and leaves signals to us, so
//! the handler shows the cursor again and raises a flag; long steps check the
//! flag between files and stop with [`Error::Cancelled`], whose cleanup (the
//! staging directory's drop) then runs normally.

use crate::error::Error;
use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler once; later calls do nothing.
pub fn install_handler() {
    // An error means a handler is already installed, which is fine.
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        let _ = console::Term::stderr().show_cursor();
    });
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Stops with [`Error::Cancelled`] if Ctrl-C was pressed.
///
/// # Errors
/// [`Error::Cancelled`] after an interrupt.
pub fn check() -> Result<(), Error> {
    if interrupted() {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}
