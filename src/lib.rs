//! scaffold: recommend Django, Flask or Express for a new backend, generate a
//! ready-to-run starter repo, and record the decision as an ADR.
//!
//! [`run`] hands one subcommand to its module under `commands`; `scaffold
//! new`, the pipeline ARCHITECTURE.md describes, is `commands::new`.

mod adr;
mod commands;
mod core;
mod error;
mod generate;
mod sys;
mod templates;
mod ui;

pub use error::Error;
pub use sys::env::Env;
pub use ui::cli::Cli;
pub use ui::output::Output;

/// The start-up shortcut `main` takes before clap parses.
#[doc(hidden)]
pub use ui::cli::version_alone;

use ui::cli::Command;

/// The version of scaffold, recorded in generated repos.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");

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

/// What the benches, the examples and the tests use of the library: no
/// promise, and not documented.
#[doc(hidden)]
pub mod testing {
    pub use crate::core::{
        answers, decision, features, framework, free_text, host, names, recommend, replay,
    };
    pub use crate::generate::{git, stage};
    pub use crate::sys::{answers_file, env};
    pub use crate::ui::{cli, intake};

    /// See `crate::VERSION`.
    pub const VERSION: &str = crate::VERSION;

    pub mod generate {
        pub use crate::generate::*;
    }

    pub mod templates {
        pub use crate::templates::*;
    }
}
