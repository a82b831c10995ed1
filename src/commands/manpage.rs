//! `scaffold manpage`: the man pages, generated from the clap definitions
//! in `cli.rs`, so they never drift from the real flags.

use crate::error::Error;
use crate::sys::env::Env;
use crate::ui::cli::{Cli, ManpageArgs};
use crate::ui::output;
use clap::CommandFactory;

/// `scaffold manpage`: scaffold(1) as roff on stdout, or with `--dir` one
/// page per command written there (`scaffold.1`, `scaffold-new.1`, ...).
///
/// # Errors
/// [`Error::Io`] when a page cannot be written.
pub fn run(args: &ManpageArgs, _env: &Env) -> Result<(), Error> {
    match &args.dir {
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), dir))
            .map_err(|source| Error::Io {
                action: "write the man pages into",
                path: dir.clone(),
                source,
            }),
        None => {
            let mut roff = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut roff)
                .expect("rendering into memory cannot fail");
            output::print_result(&String::from_utf8_lossy(&roff));
            Ok(())
        }
    }
}
