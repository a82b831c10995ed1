use clap::Parser;
use scaffold::{cli::Cli, env::Env, output::Output};
use std::process::ExitCode;

fn main() -> ExitCode {
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
