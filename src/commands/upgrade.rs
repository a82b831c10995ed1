//! `scaffold upgrade`: the repo re-rendered by this version of scaffold,
//! merged into the work tree.

use super::day_two::{run_merge, Project, Request};
use crate::error::Error;
use crate::sys::env::Env;
use crate::ui::cli::UpgradeArgs;
use crate::ui::output::Output;

/// `scaffold upgrade`.
///
/// # Errors
/// As `scaffold add`.
pub fn run(args: &UpgradeArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, args.merge.quiet || args.merge.json);
    let project = Project::here()?;
    let from = project
        .manifest
        .version
        .clone()
        .unwrap_or_else(|| "an unknown version".to_owned());
    let answers = project.manifest.answers.clone();
    run_merge(
        &project,
        &answers,
        &args.merge,
        env,
        &out,
        &Request {
            command: "upgrade",
            commit_message: format!(
                "Upgrade to scaffold {}\n\nBy `scaffold upgrade`, from scaffold {from}.",
                crate::VERSION
            ),
            record: None,
            layers_added: Vec::new(),
        },
    )
}
