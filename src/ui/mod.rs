//! What the user sees and types: the command line, the questions, how the
//! answers are gathered, and everything printed.

pub mod cli;
pub mod intake;
pub mod output;
pub mod questionnaire;
pub mod report;
