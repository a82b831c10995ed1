//! scaffold: recommend Django, Flask or Express for a new backend, generate a
//! ready-to-run starter repo, and record the decision as an ADR.
//!
//! [`run`] is one pass of the pipeline in `DESIGN.md`: answers, then the pure
//! recommendation and plan, then staging, git and one rename.

pub mod adr;
pub mod answers;
pub mod answers_file;
pub mod cancel;
pub mod cli;
pub mod decision;
pub mod doctor;
pub mod env;
pub mod error;
pub mod framework;
pub mod generate;
pub mod git;
pub mod install;
pub mod names;
pub mod output;
pub mod questionnaire;
pub mod recommend;
pub mod reference;
pub mod replay;
pub mod report;
pub mod templates;

use answers::{Answers, PartialAnswers, Question};
use cli::{Cli, Command, NewArgs, QuestionFlags, RecommendArgs};
use decision::{ChoiceSource, Decision};
use env::Env;
use error::Error;
use framework::Framework;
use generate::stage::{self, parent_of};
use names::ProjectName;
use output::Output;
use questionnaire::{Prompter, TerminalPrompter};
use recommend::{Recommendation, RecommendationReport};
use replay::ReplayOptions;
use std::path::{Component, Path};

/// The version of scaffold, recorded in generated repos.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Runs one command.
///
/// # Errors
/// Any [`Error`]; `main` prints it and exits with its code.
pub fn run(cli: Cli, env: &Env) -> Result<(), Error> {
    cancel::install_handler();
    match cli.command {
        Command::New(args) => new_project(&args, env).map(|_| ()),
        Command::Recommend(args) => recommend_only(&args, env),
        Command::Adr(args) => adr::run_command(&args, env),
        Command::Doctor(args) => doctor::run(&args),
        Command::Completions(args) => {
            reference::completions(&args);
            Ok(())
        }
        Command::Manpage(args) => reference::manpage(&args),
    }
}

/// `scaffold new`: ask, recommend, plan, write, commit, (install,) report.
fn new_project(args: &NewArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, args.quiet);

    // 1. The name and the target first, so a taken target fails before any question.
    let name = project_name(&args.path)?;
    stage::check_target(&args.path)?;

    // 2. Every answer: flags, then the answers file, then prompts, then defaults.
    let partial = gather_partial(&args.questions, args.partial_answers())?;
    let interactive = env.can_prompt() && !args.questions.yes;
    let mut prompter = TerminalPrompter::new();
    let lenient = args.questions.yes || partial.framework.is_some();
    let (answers, defaulted) =
        complete_answers(&partial, interactive, lenient, &mut prompter, &out)?;

    // 3. The pure recommendation, then the user's say (an override is recorded).
    let recommendation = recommend::recommend(&answers);
    let (framework, source) = match partial.framework {
        Some(framework) => (framework, ChoiceSource::Explicit),
        None if interactive => {
            out.ranking(&recommendation);
            questionnaire::choose_framework(&recommendation, &mut prompter)?
        }
        None => (recommendation.framework(), ChoiceSource::Recommended),
    };
    let package = package_name(&name, framework, partial.package_name.as_deref())?;

    // 4. Every byte decided in memory; a dry run prints the plan and stops.
    let decision = decide(DecideInput {
        name: &name,
        package,
        partial: &partial,
        answers,
        defaulted,
        recommendation,
        framework,
        source,
        env,
    });
    let (input, plan) = plan_project(decision, &partial, env)?;
    let absolute = std::path::absolute(&args.path).unwrap_or_else(|_| args.path.clone());
    let report_input = |commit, install| report::ReportInput {
        target: &args.path,
        absolute: &absolute,
        plan: &plan,
        decision: &input.decision,
        dry_run: args.dry_run,
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
            plan_listing(&plan)
        });
        return Ok(());
    }

    // 5. Stage beside the target, commit there, then one rename.
    let bar = out.progress(plan.files.len(), "Writing");
    let staged = stage::stage(&plan, &args.path, |path| {
        bar.set_message(path.to_owned());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    out.step(
        "Wrote",
        &format!("{} files for {}", plan.files.len(), framework),
    );
    let commit = commit_if_wanted(args, env, &plan, staged.path(), &out)?;
    let path = staged.persist()?;

    // 6. With --install, the dependencies (a failure keeps the complete repo).
    let installed = if args.install {
        Some(install::install(&path, framework, &out)?)
    } else {
        None
    };

    // 7. The result: JSON on stdout, the summary and next steps on stderr.
    let report = report::NewReport::new(report_input(
        commit.as_ref(),
        installed.as_ref().map(install::InstallOutcome::report),
    ));
    if args.questions.json {
        output::print_result(&report.to_json());
    }
    out.summary(&report, &args.path);
    installed.map_or(Ok(()), |outcome| outcome.into_result(&path))
}

/// Renders the repo in memory, with the command line that reproduces it.
fn plan_project(
    decision: Decision,
    partial: &PartialAnswers,
    env: &Env,
) -> Result<(generate::PlanInput, generate::Plan), Error> {
    let replay = replay_options(&decision, partial);
    let renderer = templates::render::Renderer::new()?;
    let input = generate::PlanInput {
        decision: Decision {
            reproduce_command: replay::reproduce_command_as_given(
                &decision.answers,
                &decision.defaulted,
                &replay,
            ),
            ..decision
        },
        replay,
        secret_key: env.secret_key.clone(),
    };
    let plan = generate::plan(&renderer, &input)?;
    Ok((input, plan))
}

/// `scaffold recommend`: the ranking with reasons, on stdout.
fn recommend_only(args: &RecommendArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, false);
    let partial = gather_partial(&args.questions, args.questions.partial_answers())?;
    let interactive = env.can_prompt() && !args.questions.yes;
    let mut prompter = TerminalPrompter::new();
    let (answers, defaulted) = complete_answers(
        &partial,
        interactive,
        args.questions.yes,
        &mut prompter,
        &out,
    )?;
    let recommendation = recommend::recommend(&answers);
    if args.questions.json {
        let report = RecommendationReport::new(&answers, &defaulted, &recommendation);
        output::print_result(&format!("{}\n", report.to_json()));
    } else {
        output::print_result(&out.ranking_text(&recommendation));
    }
    Ok(())
}

/// The project name is the last component of the target path.
fn project_name(path: &Path) -> Result<ProjectName, Error> {
    match path.components().next_back() {
        Some(Component::Normal(last)) => {
            let last = last.to_str().ok_or(Error::BadTarget {
                path: path.to_path_buf(),
                reason: "the directory name is not valid UTF-8",
            })?;
            ProjectName::parse(last).map_err(Error::InvalidName)
        }
        _ => Err(Error::BadTarget {
            path: path.to_path_buf(),
            reason: "the path must end in a new directory's name",
        }),
    }
}

/// Flags over the answers file.
fn gather_partial(
    flags: &QuestionFlags,
    from_flags: PartialAnswers,
) -> Result<PartialAnswers, Error> {
    let from_file = match &flags.answers {
        Some(path) => answers_file::read(path)?,
        None => PartialAnswers::default(),
    };
    Ok(from_flags.or(from_file))
}

/// Fills the open questions: by prompting when allowed, else from defaults
/// when `lenient` (`--yes` or an explicit framework), else an error listing
/// the missing flags.
fn complete_answers(
    partial: &PartialAnswers,
    interactive: bool,
    lenient: bool,
    prompter: &mut dyn Prompter,
    out: &Output,
) -> Result<(Answers, Vec<Question>), Error> {
    let missing = partial.missing();
    if missing.is_empty() || lenient {
        let (answers, defaulted) = partial.complete_with_defaults();
        if !defaulted.is_empty() {
            let named: Vec<String> = defaulted
                .iter()
                .map(|question| format!("{}={}", question.key(), answers.value_of(*question)))
                .collect();
            out.notice(&format!("using defaults for {}", named.join(", ")));
        }
        return Ok((answers, defaulted));
    }
    if interactive {
        return Ok((questionnaire::ask_missing(partial, prompter)?, Vec::new()));
    }
    Err(Error::MissingAnswers { missing })
}

fn package_name(
    name: &ProjectName,
    framework: Framework,
    explicit: Option<&str>,
) -> Result<String, Error> {
    let result = match explicit {
        Some(package) => names::check_package_name(package, framework),
        None => name.package_for(framework),
    };
    result.map_err(|problem| Error::InvalidPackage { problem, framework })
}

struct DecideInput<'a> {
    name: &'a ProjectName,
    package: String,
    partial: &'a PartialAnswers,
    answers: Answers,
    defaulted: Vec<Question>,
    recommendation: Recommendation,
    framework: Framework,
    source: ChoiceSource,
    env: &'a Env,
}

fn decide(input: DecideInput<'_>) -> Decision {
    let author = input.partial.author.clone().unwrap_or_else(|| {
        input
            .env
            .git
            .identity
            .as_ref()
            .map(|identity| format!("{} <{}>", identity.name, identity.email))
            .unwrap_or_default()
    });
    let description = input
        .partial
        .description
        .clone()
        .unwrap_or_else(|| format!("A {} backend service.", input.framework));
    Decision {
        project_name: input.name.to_string(),
        package: input.package,
        description,
        author,
        date: input.env.today.clone(),
        answers: input.answers,
        defaulted: input.defaulted,
        recommendation: input.recommendation,
        chosen: input.framework,
        source: input.source,
        reproduce_command: String::new(),
        scaffold_version: VERSION.to_owned(),
    }
}

fn replay_options(decision: &Decision, partial: &PartialAnswers) -> ReplayOptions {
    ReplayOptions {
        project_name: decision.project_name.clone(),
        framework: (decision.source != ChoiceSource::Recommended).then_some(decision.chosen),
        description: decision.description.clone(),
        author: decision.author.clone(),
        package_name: partial.package_name.clone(),
    }
}

fn commit_if_wanted(
    args: &NewArgs,
    env: &Env,
    plan: &generate::Plan,
    staging: &Path,
    out: &Output,
) -> Result<Option<git::Commit>, Error> {
    if args.no_git {
        return Ok(None);
    }
    if let Some(work_tree) = git::enclosing_work_tree(parent_of(&args.path)) {
        out.notice(&format!(
            "{} is inside the git work tree {}; no nested repository was created",
            args.path.display(),
            work_tree.display()
        ));
        return Ok(None);
    }
    let request = git::CommitRequest {
        files: plan.committed_paths().collect(),
        executables: plan
            .files
            .iter()
            .filter(|f| f.executable)
            .map(|f| f.path.as_str())
            .collect(),
        settings: &env.git,
        author: args.author.as_deref(),
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

/// `--dry-run`: every path with its mode, one per line.
fn plan_listing(plan: &generate::Plan) -> String {
    plan.files
        .iter()
        .map(|file| format!("{:o} {}\n", file.mode(), file.path))
        .collect()
}
