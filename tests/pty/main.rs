//! scaffold at a terminal, through a pseudo-terminal: the questionnaire
//! answered as a person would, and the progress, colour and summary shown.
//! One test binary for both, since each binary costs a link.

#![cfg(unix)]

#[path = "../common/pty_run.rs"]
mod pty_run;

mod progress_and_colour;
mod questionnaire;
