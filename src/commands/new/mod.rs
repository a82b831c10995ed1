//! `scaffold new`: the pipeline, from the answers to the committed repo.
//! Its numbered comments are the steps ARCHITECTURE.md lists.

pub(crate) mod steps;

use crate::core::decision::{Decision, DecisionInput};
use crate::core::{features, recommend};
use crate::error::Error;
use crate::generate::stage::{self, parent_of};
use crate::generate::{git, install};
use crate::sys::env::Env;
use crate::ui::cli::NewArgs;
use crate::ui::output::{self, Output};
use crate::ui::questionnaire::TerminalPrompter;
use crate::ui::{intake, report};
use steps::{commit_if_wanted, plan_project};

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
            crate::commands::compare::pair::check_targets(&args.path, &name, pair)?;
            stage::TargetState::Absent
        }
        Some(None) => stage::TargetState::Absent,
        None => stage::check_target(&args.path)?,
    };
    #[cfg(not(feature = "compare"))]
    let target_state = stage::check_target(&args.path)?;
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
    if let Some(named) = args.compare {
        let pair = named.unwrap_or([
            recommendation.ranking[0].framework,
            recommendation.ranking[1].framework,
        ]);
        return crate::commands::compare::pair::new_pair(
            &crate::commands::compare::pair::PairInput {
                args,
                env,
                out: &out,
                name: &name,
                partial: &partial,
                answers,
                defaulted,
                recommendation,
                pair,
            },
        );
    }
    let (framework, source) = intake::choose(
        partial.framework,
        &recommendation,
        mode,
        &mut prompter,
        &out,
    )?;
    let package = intake::package_name(&name, framework, partial.package_name.as_deref())?;
    let features = features::resolve(&answers, framework, partial.minimal.unwrap_or(false));

    // 4. Every byte decided in memory; a dry run prints the plan and stops.
    let decision = Decision::new(DecisionInput {
        project_name: name.to_string(),
        package,
        description: partial.description.clone(),
        author: partial.author.clone(),
        fallback_author: env.git.author_line(),
        date: env.today.clone(),
        answers,
        defaulted,
        recommendation,
        chosen: framework,
        source,
        features,
        scaffold_version: crate::VERSION.to_owned(),
    });
    let (input, plan) = plan_project(decision, partial.package_name.as_deref(), env)?;
    let report_input = |commit, install| report::ReportInput {
        target: &args.path,
        absolute: &absolute,
        plan: &plan,
        decision: &input.decision,
        dry_run: args.dry_run,
        host: env.host,
        commit,
        install,
    };
    if args.dry_run {
        if args.install {
            out.notice("--install does nothing in a dry run");
        }
        let report = report::NewReport::new(report_input(None, None));
        output::print_result(&if args.questions.json {
            report.to_json()
        } else {
            plan.listing()
        });
        return Ok(());
    }

    // 5. Stage beside the target, commit there, then one rename.
    let bar = out.progress(plan.files.len(), "Writing");
    let staged = stage::stage(&plan, &args.path, target_state, |path| bar.advance(path))?;
    bar.finish();
    out.step(
        "Wrote",
        &format!("{} files for {}", plan.files.len(), framework),
    );
    let commit = commit_if_wanted(
        args,
        &args.path,
        partial.author.as_deref(),
        env,
        &plan,
        staged.path(),
        &out,
    )?;
    let path = staged.persist()?;

    // 6. With --install, the dependencies (a failure keeps the complete repo,
    //    and the result below still reports it).
    let (installed, late_failure) = if args.install {
        match install::install(&path, framework, env.host, &mut out.install_steps()) {
            Ok(outcome) => (Some(outcome), None),
            Err(error) => (None, Some(Error::from(error))),
        }
    } else {
        (None, None)
    };

    // 7. The result: JSON on stdout, the summary and next steps on stderr.
    let report = report::NewReport::new(report_input(
        commit.as_ref(),
        installed.as_ref().map(report::InstallReport::new),
    ));
    if args.questions.json {
        output::print_result(&report.to_json());
    }
    out.summary(&report, &args.path);
    if let Some(cause) = late_failure {
        return Err(Error::AfterCreated {
            project: path,
            cause: Box::new(cause),
        });
    }
    #[cfg(feature = "compare")]
    if let Some(suggestion) =
        crate::commands::compare::pair::close_call_suggestion(&input.decision, &args.path)
    {
        out.line(&suggestion);
    }
    installed.map_or(Ok(()), |outcome| Ok(outcome.into_result(&path)?))
}
