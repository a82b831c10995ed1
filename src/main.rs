use clap::Parser;
use scaffold::{Cli, Env, Output};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Some(line) = scaffold::version_alone(std::env::args_os().skip(1)) {
        // As clap would: a closed stdout is not an error worth a message.
        let _ = std::io::stdout().write_all(line.as_bytes());
        return ExitCode::SUCCESS;
    }
    let cli = Cli::parse();
    let env = Env::from_process();
    match scaffold::run(cli, &env) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            Output::new(&env, false).error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}
