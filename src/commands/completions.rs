//! `scaffold completions <SHELL>`: the shell's completion script, generated
//! from the clap definitions in `cli.rs`, so it never drifts from the real
//! flags.

use crate::error::Error;
use crate::sys::env::Env;
use crate::ui::cli::{Cli, CompletionsArgs};
use crate::ui::output;
use clap::CommandFactory;

/// `scaffold completions <SHELL>`: the script on stdout.
pub fn run(args: &CompletionsArgs, _env: &Env) -> Result<(), Error> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "scaffold", &mut script);
    output::print_result(&String::from_utf8_lossy(&script));
    Ok(())
}
