//! `scaffold new`: the pipeline, from the answers to the committed repo,
//! over one target, or two with `--compare` (a pair is the same pipeline
//! over two repos, whole or nothing across the pair: [`pair`]). Its numbered
//! comments are the steps ARCHITECTURE.md lists.

#[cfg(feature = "compare")]
mod pair;
pub(crate) mod steps;

use crate::core::decision::{ChoiceSource, Decision, DecisionInput, Prototype};
use crate::core::features::{self, Features};
use crate::core::framework::Framework;
use crate::core::recommend;
use crate::error::Error;
use crate::generate::stage::{self, parent_of};
use crate::generate::{self, git, install};
use crate::sys::env::Env;
use crate::ui::cli::NewArgs;
use crate::ui::output::{self, Output};
use crate::ui::questionnaire::TerminalPrompter;
use crate::ui::{intake, report};
use std::path::PathBuf;
use steps::{commit_if_wanted, plan_project};

/// One repo to write, as step 3 chose it.
struct Chosen {
    target: PathBuf,
    /// What step 1 found at the target; `None`: checked just before staging.
    state: Option<stage::TargetState>,
    name: String,
    package: String,
    framework: Framework,
    source: ChoiceSource,
    features: Features,
    /// Set for each repo of a `--compare` pair.
    prototype: Option<Prototype>,
}

/// One repo of the run, planned in memory.
struct Planned {
    target: PathBuf,
    absolute: PathBuf,
    state: Option<stage::TargetState>,
    input: generate::PlanInput,
    plan: generate::Plan,
}

/// `scaffold new`: ask, recommend, plan, write, commit, (install,) report.
pub fn run(args: &NewArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, args.quiet);

    // 1. The name, the target and git's settings first, so that a taken
    //    target or an unusable setting fails before any question.
    let name = intake::project_name(&args.path)?;
    // A pair (--compare) checks its two targets itself; the state found
    // here is used only when one repo is written.
    #[cfg(feature = "compare")]
    let target_state = match args.compare {
        Some(Some(pair)) => {
            pair::check_targets(&args.path, &name, pair)?;
            None
        }
        Some(None) => None,
        None => Some(stage::check_target(&args.path)?),
    };
    #[cfg(not(feature = "compare"))]
    let target_state = Some(stage::check_target(&args.path)?);
    let absolute = std::path::absolute(&args.path).unwrap_or_else(|_| args.path.clone());
    if args.questions.json && absolute.to_str().is_none() {
        return Err(Error::PathNotUtf8 { path: absolute });
    }
    if !args.no_git {
        git::check_settings(&env.git)?;
    }
    for leftover in stage::leftover_staging_dirs(parent_of(&args.path)) {
        out.notice(&format!(
            "{} looks left behind by an interrupted scaffold run; delete it once no scaffold is running",
            leftover.display()
        ));
    }

    // 2. Every answer: flags, then the answers file, then prompts, then defaults.
    //    The free text and the author are checked here, before any work.
    let gathered = intake::gather(&args.questions, args.partial_answers())?;
    let mode = intake::Mode {
        interactive: env.can_prompt() && !args.questions.yes,
        lenient: args.questions.yes
            || gathered.answers.framework.is_some()
            || gathered.replays_defaults(),
    };
    let partial = gathered.answers;
    let mut prompter = TerminalPrompter::new();
    let (answers, defaulted) = intake::complete(&partial, mode, &mut prompter, &out)?;

    // 3. The pure recommendation, then the user's say (an override is recorded).
    let recommendation = recommend::recommend(&answers);
    #[cfg(feature = "compare")]
    let pair = args.compare.map(|named| {
        named.unwrap_or([
            recommendation.ranking[0].framework,
            recommendation.ranking[1].framework,
        ])
    });
    #[cfg(not(feature = "compare"))]
    let pair: Option<[Framework; 2]> = None;
    let chosen = match pair {
        #[cfg(feature = "compare")]
        Some(pair) => pair::choose(&args.path, &name, pair, &partial, &answers)?,
        _ => {
            let (framework, source) = intake::choose(
                partial.framework,
                &recommendation,
                mode,
                &mut prompter,
                &out,
            )?;
            vec![Chosen {
                target: args.path.clone(),
                state: target_state,
                name: name.to_string(),
                package: intake::package_name(&name, framework, partial.package_name.as_deref())?,
                framework,
                source,
                features: features::resolve(&answers, framework, partial.minimal.unwrap_or(false)),
                prototype: None,
            }]
        }
    };

    // 4. Every byte decided in memory; a dry run prints the plan and stops.
    let mut repos = Vec::with_capacity(chosen.len());
    for one in chosen {
        let mut decision = Decision::new(DecisionInput {
            project_name: one.name,
            package: one.package,
            description: partial.description.clone(),
            author: partial.author.clone(),
            fallback_author: env.git.author_line(),
            date: env.today.clone(),
            answers: answers.clone(),
            defaulted: defaulted.clone(),
            recommendation: recommendation.clone(),
            chosen: one.framework,
            source: one.source,
            features: one.features,
            scaffold_version: crate::VERSION.to_owned(),
        });
        decision.prototype = one.prototype;
        let (input, plan) = plan_project(decision, partial.package_name.as_deref(), env)?;
        let absolute = std::path::absolute(&one.target).unwrap_or_else(|_| one.target.clone());
        repos.push(Planned {
            target: one.target,
            absolute,
            state: one.state,
            input,
            plan,
        });
    }
    if args.dry_run {
        if args.install {
            out.notice("--install does nothing in a dry run");
        }
        let no_commits: Vec<_> = repos.iter().map(|_| None).collect();
        let no_installs: Vec<_> = repos.iter().map(|_| None).collect();
        output::print_result(&if args.questions.json {
            result_json(&reports(&repos, true, &no_commits, &no_installs))
        } else {
            listing(&repos)
        });
        return Ok(());
    }

    // 5. Stage beside the target, commit there, then one rename.
    //    A pair stages and commits both before either is moved into place.
    let mut staged = Vec::with_capacity(repos.len());
    let mut commits = Vec::with_capacity(repos.len());
    for one in &repos {
        let state = match one.state {
            Some(state) => state,
            None => stage::check_target(&one.target)?,
        };
        let bar = out.progress(one.plan.files.len(), "Writing");
        let dir = stage::stage(&one.plan, &one.target, state, |path| bar.advance(path))?;
        bar.finish();
        out.step(
            "Wrote",
            &format!("{} files for {}", one.plan.files.len(), one.plan.framework),
        );
        commits.push(commit_if_wanted(
            args,
            &one.target,
            partial.author.as_deref(),
            env,
            &one.plan,
            dir.path(),
            &out,
        )?);
        staged.push(dir);
    }
    let mut paths = Vec::with_capacity(repos.len());
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

    // 6. With --install, the dependencies (a failure keeps the complete repo,
    //    and the result below still reports it).
    let mut installed = Vec::with_capacity(repos.len());
    let mut late_failure = None;
    for (one, path) in repos.iter().zip(&paths) {
        if !args.install {
            installed.push(None);
            continue;
        }
        match install::install(path, one.plan.framework, env.host, &mut out.install_steps()) {
            Ok(outcome) => installed.push(Some(outcome)),
            // A pair stops at its first failure, before any report.
            Err(error) if pair.is_some() => return Err(error.into()),
            Err(error) => {
                installed.push(None);
                late_failure = Some((path.clone(), Error::from(error)));
            }
        }
    }

    // 7. The result: JSON on stdout, the summary and next steps on stderr.
    let installs: Vec<Option<report::InstallReport>> = installed
        .iter()
        .map(|outcome| outcome.as_ref().map(report::InstallReport::new))
        .collect();
    let all = reports(&repos, false, &commits, &installs);
    if args.questions.json {
        output::print_result(&result_json(&all));
    }
    for (report, one) in all.iter().zip(&repos) {
        out.summary(report, &one.target);
    }
    if let Some((project, cause)) = late_failure {
        return Err(Error::AfterCreated {
            project,
            cause: Box::new(cause),
        });
    }
    #[cfg(feature = "compare")]
    match pair {
        Some(pair) => out.line(&pair::next_steps(
            pair,
            &args.path,
            &repos[0].target,
            &repos[1].target,
        )),
        None => {
            if let Some(suggestion) =
                pair::close_call_suggestion(&repos[0].input.decision, &args.path)
            {
                out.line(&suggestion);
            }
        }
    }
    for (outcome, path) in installed.into_iter().zip(&paths) {
        if let Some(outcome) = outcome {
            outcome.into_result(path)?;
        }
    }
    Ok(())
}

/// Each repo's `new --json` report.
fn reports<'a>(
    repos: &'a [Planned],
    dry_run: bool,
    commits: &'a [Option<git::Commit>],
    installs: &[Option<report::InstallReport>],
) -> Vec<report::NewReport<'a>> {
    repos
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
                host: one.input.host,
                commit: commit.as_ref(),
                install: install.clone(),
            })
        })
        .collect()
}

/// `new --json`: the report of the repo, or an array of a pair's two.
fn result_json(reports: &[report::NewReport<'_>]) -> String {
    match reports {
        [one] => one.to_json(),
        several => {
            let mut text = serde_json::to_string_pretty(several)
                .expect("the report always serializes to JSON");
            text.push('\n');
            text
        }
    }
}

/// A dry run's listing: the plan of the repo, or each of a pair's under its
/// target.
fn listing(repos: &[Planned]) -> String {
    match repos {
        [one] => one.plan.listing(),
        several => several
            .iter()
            .map(|one| format!("{}:\n{}", one.target.display(), one.plan.listing()))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}
