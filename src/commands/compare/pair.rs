//! `scaffold new NAME --compare [A,B]`: two starters from the same answers,
//! as sibling repos `NAME-<a>` and `NAME-<b>`, whole or nothing across the pair.
//!
//! Both targets are checked before anything is written; both repos are
//! staged and committed before either is moved into place; and if the second
//! cannot be moved, the first is removed again.

use crate::core::answers::{Answers, PartialAnswers, Question};
use crate::core::decision::{ChoiceSource, Decision, DecisionInput, Prototype};
use crate::core::framework::Framework;
use crate::core::names::ProjectName;
use crate::core::recommend::Recommendation;
use crate::error::Error;
use crate::generate::install;
use crate::generate::{self, stage};
use crate::sys::env::Env;
use crate::ui::cli::NewArgs;
use crate::ui::intake;
use crate::ui::output::{self, Output};
use crate::ui::report;
use std::path::{Path, PathBuf};

/// Everything `new --compare` has gathered by the time the pair is known.
pub struct PairInput<'a> {
    pub args: &'a NewArgs,
    pub env: &'a Env,
    pub out: &'a Output,
    pub name: &'a ProjectName,
    pub partial: &'a PartialAnswers,
    pub answers: Answers,
    pub defaulted: Vec<Question>,
    pub recommendation: Recommendation,
    pub pair: [Framework; 2],
}

/// `chat` and Express give `chat-express`, beside where `chat` would be.
pub fn sibling(path: &Path, name: &ProjectName, framework: Framework) -> PathBuf {
    path.with_file_name(format!("{name}-{}", framework.id()))
}

/// Checks both targets (and that their names are valid) before any work.
///
/// # Errors
/// What [`stage::check_target`] or [`intake::project_name`] finds first.
pub fn check_targets(
    path: &Path,
    name: &ProjectName,
    pair: [Framework; 2],
) -> Result<[PathBuf; 2], Error> {
    let targets = pair.map(|framework| sibling(path, name, framework));
    for target in &targets {
        intake::project_name(target)?;
        stage::check_target(target)?;
    }
    Ok(targets)
}

/// The command, typed in the pair's parent directory, that measures both
/// and records the figures in both records, `this` first. It decides
/// nothing: the ranking's pick is not pre-filled, the decision is taken
/// with `--decide` once the figures have been read.
pub fn finish_command(targets: &[PathBuf; 2], this: usize) -> String {
    let shown = |target: &PathBuf| {
        target
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    };
    format!(
        "scaffold compare {} {} --record",
        shown(&targets[this]),
        shown(&targets[1 - this])
    )
}

/// One half of the pair, planned in memory.
struct Planned {
    target: PathBuf,
    absolute: PathBuf,
    input: generate::PlanInput,
    plan: generate::Plan,
}

/// Plans, writes, commits (and installs) both repos, then reports both.
///
/// # Errors
/// Any [`Error`] of planning, staging, git or install; none leaves one repo
/// of the pair without the other.
pub fn new_pair(input: &PairInput<'_>) -> Result<(), Error> {
    let args = input.args;
    let out = input.out;
    let targets = check_targets(&args.path, input.name, input.pair)?;
    let mut planned = Vec::with_capacity(2);
    for (index, framework) in input.pair.into_iter().enumerate() {
        planned.push(plan_one(input, &targets, index, framework)?);
    }
    if args.dry_run {
        if args.install {
            out.notice("--install does nothing in a dry run");
        }
        let text = if args.questions.json {
            json_array(&reports(
                &planned,
                args.dry_run,
                &[None, None],
                &[None, None],
            ))
        } else {
            planned
                .iter()
                .map(|one| format!("{}:\n{}", one.target.display(), one.plan.listing()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        output::print_result(&text);
        return Ok(());
    }

    // Stage and commit both before either is moved into place.
    let mut staged = Vec::with_capacity(2);
    let mut commits = Vec::with_capacity(2);
    for one in &planned {
        let bar = out.progress(one.plan.files.len(), "Writing");
        let state = stage::check_target(&one.target)?;
        let dir = stage::stage(&one.plan, &one.target, state, |path: &str| {
            bar.advance(path)
        })?;
        bar.finish();
        out.step(
            "Wrote",
            &format!("{} files for {}", one.plan.files.len(), one.plan.framework),
        );
        commits.push(crate::commands::new::steps::commit_if_wanted(
            args,
            &one.target,
            input.partial.author.as_deref(),
            input.env,
            &one.plan,
            dir.path(),
            out,
        )?);
        staged.push(dir);
    }
    let mut paths = Vec::with_capacity(2);
    for dir in staged {
        match dir.persist() {
            Ok(path) => paths.push(path),
            Err(error) => {
                for written in &paths {
                    // Ours, made a moment ago: the pair is whole or not at all.
                    let _ = std::fs::remove_dir_all(written);
                }
                return Err(error);
            }
        }
    }

    let mut outcomes = Vec::with_capacity(2);
    if args.install {
        for (one, path) in planned.iter().zip(&paths) {
            outcomes.push(Some(install::install(
                path,
                one.plan.framework,
                input.env.host,
                &mut out.install_steps(),
            )?));
        }
    } else {
        outcomes.extend([None, None]);
    }
    let installs: Vec<Option<report::InstallReport>> = outcomes
        .iter()
        .map(|outcome| outcome.as_ref().map(report::InstallReport::new))
        .collect();
    let all = reports(&planned, args.dry_run, &commits, &installs);
    if args.questions.json {
        output::print_result(&json_array(&all));
    }
    for (report, one) in all.iter().zip(&planned) {
        out.summary(report, &one.target);
    }
    out.line(&format!(
        "\nPrototyping {} against {}. Try both, then measure them on this machine and record the figures, in {}:\n  {}\nRead the figures, then record the decision with the same command and --decide <repo>.",
        input.pair[0],
        input.pair[1],
        stage::parent_of(&args.path).display(),
        finish_command(&targets, 0)
    ));
    for (outcome, path) in outcomes.into_iter().zip(&paths) {
        if let Some(outcome) = outcome {
            outcome.into_result(path)?;
        }
    }
    Ok(())
}

/// The decision and plan of the `index`th repo of the pair.
fn plan_one(
    input: &PairInput<'_>,
    targets: &[PathBuf; 2],
    index: usize,
    framework: Framework,
) -> Result<Planned, Error> {
    let target = targets[index].clone();
    let other = 1 - index;
    let name = intake::project_name(&target)?;
    let package = intake::package_name(&name, framework, input.partial.package_name.as_deref())?;
    let mut decision = Decision::new(DecisionInput {
        project_name: name.to_string(),
        package,
        description: input.partial.description.clone(),
        author: input.partial.author.clone(),
        fallback_author: input.env.git.author_line(),
        date: input.env.today.clone(),
        answers: input.answers.clone(),
        defaulted: input.defaulted.clone(),
        recommendation: input.recommendation.clone(),
        chosen: framework,
        source: ChoiceSource::Prototype,
        features: crate::core::features::resolve(
            &input.answers,
            framework,
            input.partial.minimal.unwrap_or(false),
        ),
        scaffold_version: crate::VERSION.to_owned(),
    });
    decision.prototype = Some(Prototype {
        other: input.pair[other],
        other_path: format!(
            "../{}",
            targets[other]
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ),
        finish_command: finish_command(targets, index),
    });
    let (plan_input, plan) = crate::commands::new::steps::plan_project(
        decision,
        input.partial.package_name.as_deref(),
        input.env,
    )?;
    let absolute = std::path::absolute(&target).unwrap_or_else(|_| target.clone());
    Ok(Planned {
        target,
        absolute,
        input: plan_input,
        plan,
    })
}

/// For a close call (the margin the ADR calls close), the summary's
/// suggestion to prototype the top two instead.
pub fn close_call_suggestion(decision: &Decision, path: &Path) -> Option<String> {
    let recommendation = &decision.recommendation;
    if !recommendation.is_close() {
        return None;
    }
    let [top, runner_up] = [0, 1].map(|i| recommendation.ranking[i].framework);
    let answers =
        crate::core::shell::shell_quote(&path.join(".scaffold.toml").display().to_string());
    Some(format!(
        "\n{top} and {runner_up} were a close call ({margin} point(s) apart). To prototype both from the same answers and decide on measurements:\n  scaffold new <name> --compare {},{} --answers {answers}",
        top.id(),
        runner_up.id(),
        margin = recommendation.margin,
    ))
}

/// Each repo's `new --json` report.
fn reports<'a>(
    planned: &'a [Planned],
    dry_run: bool,
    commits: &'a [Option<crate::generate::git::Commit>],
    installs: &[Option<report::InstallReport>],
) -> Vec<report::NewReport<'a>> {
    planned
        .iter()
        .zip(commits)
        .zip(installs)
        .map(|((one, commit), install)| {
            report::NewReport::new(report::ReportInput {
                target: &one.target,
                absolute: &one.absolute,
                plan: &one.plan,
                decision: &one.input.decision,
                dry_run,
                commit: commit.as_ref(),
                install: install.clone(),
                host: one.input.host,
            })
        })
        .collect()
}

/// `new --json` for a pair: an array of the two reports.
fn json_array(reports: &[report::NewReport<'_>]) -> String {
    let mut text =
        serde_json::to_string_pretty(reports).expect("the report always serializes to JSON");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_are_siblings_named_after_their_frameworks() {
        let name = ProjectName::parse("chat").expect("valid");
        assert_eq!(
            sibling(Path::new("work/chat"), &name, Framework::Express),
            Path::new("work/chat-express")
        );
    }

    #[test]
    fn the_finish_command_measures_and_records_without_deciding() {
        let targets = [
            PathBuf::from("a/chat-flask"),
            PathBuf::from("a/chat-express"),
        ];
        assert_eq!(
            finish_command(&targets, 1),
            "scaffold compare chat-express chat-flask --record"
        );
    }
}
