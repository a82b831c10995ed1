//! scaffold: recommend Django, Flask or Express for a new backend, generate a
//! ready-to-run starter repo, and record the decision as an ADR.
//!
//! [`run`] hands one subcommand to its module under `commands`; `scaffold
//! new`, the pipeline ARCHITECTURE.md describes, is `commands::new`.

pub mod adr;
pub mod commands;
pub mod core;
pub mod error;
pub mod generate;
pub mod sys;
pub mod templates;
pub mod ui;

use error::Error;
use sys::env::Env;
use ui::cli::{Cli, Command};

/// The version of scaffold, recorded in generated repos.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Runs one command.
///
/// # Errors
/// Any [`Error`]; `main` prints it and exits with its code.
pub fn run(cli: Cli, env: &Env) -> Result<(), Error> {
    sys::cancel::install_handler();
    let result = match cli.command {
        Command::New(args) => commands::new::run(&args, env),
        Command::Recommend(args) => commands::recommend::run(&args, env),
        Command::Adr(args) => commands::adr::run(&args, env),
        #[cfg(feature = "compare")]
        Command::Compare(args) => commands::compare::run(&args, env),
        Command::Add(args) => commands::add::run(&args, env),
        Command::Upgrade(args) => commands::upgrade::run(&args, env),
        Command::Reconsider(args) => commands::reconsider::run(&args, env),
        Command::Doctor(args) => commands::doctor::run(&args, env),
        Command::Completions(args) => commands::completions::run(&args, env),
        Command::Manpage(args) => commands::manpage::run(&args, env),
    };
    // A result that could not be written to stdout is a failure too.
    result.and_then(|()| ui::output::stdout_result())
}
