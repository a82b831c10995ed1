//! Two steps of the pipeline, run for each repo: the plan in memory (which
//! the day-two commands re-render through too), and the first commit.

use crate::core::decision::Decision;
use crate::core::replay::{self, ReplayOptions};
use crate::error::Error;
use crate::generate::stage::parent_of;
use crate::generate::{self, git};
use crate::sys::env::Env;
use crate::templates;
use crate::ui::cli::NewArgs;
use crate::ui::output::Output;
use std::path::Path;

/// Renders the repo in memory, with the command line that reproduces it.
pub(crate) fn plan_project(
    decision: Decision,
    explicit_package: Option<&str>,
    env: &Env,
) -> Result<(generate::PlanInput, generate::Plan), Error> {
    let replay = ReplayOptions::for_decision(&decision, explicit_package);
    let renderer = templates::render::Renderer::new();
    let input = generate::PlanInput {
        decision: Decision {
            reproduce_command: replay::reproduce_command(
                &decision.answers,
                &decision.defaulted,
                &replay,
            ),
            ..decision
        },
        replay,
        secret_key: env.secret_key.clone(),
        host: env.host,
    };
    let plan = generate::plan(&renderer, &input)?;
    Ok((input, plan))
}

/// `git init` and the first commit in `staging`, unless `--no-git` or
/// `target` lies inside another work tree.
pub(crate) fn commit_if_wanted(
    args: &NewArgs,
    target: &Path,
    author: Option<&str>,
    env: &Env,
    plan: &generate::Plan,
    staging: &Path,
    out: &Output,
) -> Result<Option<git::Commit>, Error> {
    if args.no_git {
        return Ok(None);
    }
    if let Some(work_tree) = git::enclosing_work_tree(parent_of(target)) {
        out.notice(&format!(
            "{} is inside the git work tree {}; no nested repository was created",
            target.display(),
            work_tree.display()
        ));
        return Ok(None);
    }
    let request = git::CommitRequest {
        files: plan.committed_files().collect(),
        executables: plan
            .files
            .iter()
            .filter(|f| f.executable)
            .map(|f| f.path.as_str())
            .collect(),
        settings: &env.git,
        author,
        time: env.now,
    };
    let activity = out.activity("Committing", "git init and the first commit", false);
    let commit = git::init_and_commit(staging, &request);
    activity.finish();
    let commit = commit?;
    out.step(
        "Committed",
        &format!(
            "{} on {}",
            &commit.id[..12.min(commit.id.len())],
            commit.branch
        ),
    );
    if commit.used_fallback_identity {
        let (name, email) = git::FALLBACK_IDENTITY;
        out.notice(&format!(
            "git has no user.name/user.email, so the first commit is signed \"{name} <{email}>\"; set them with `git config --global user.name ...` or pass --author"
        ));
    }
    Ok(Some(commit))
}
