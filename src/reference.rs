//! Shell completions and man pages, generated from the clap definitions in
//! `cli.rs`, so they never drift from the real flags.

use crate::cli::{Cli, CompletionsArgs, ManpageArgs};
use crate::error::Error;
use crate::output;
use clap::CommandFactory;

/// `scaffold completions <SHELL>`: the script on stdout.
pub fn completions(args: &CompletionsArgs) {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "scaffold", &mut script);
    output::print_result(&String::from_utf8_lossy(&script));
}

/// `scaffold manpage`: scaffold(1) as roff on stdout, or with `--dir` one
/// page per command written there (`scaffold.1`, `scaffold-new.1`, ...).
///
/// # Errors
/// [`Error::Io`] when a page cannot be written.
pub fn manpage(args: &ManpageArgs) -> Result<(), Error> {
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
