//! The top-level error type of scaffold. Variants hold data, not prose; the message,
//! the hint and the exit code are derived here, and `output` prints them.
//!
//! Every module that returns an `Error` is above this one; it imports only
//! modules below it: the pure core it describes (answers, framework, names,
//! ...) and the modules that own a failure kind it wraps, which never name
//! `Error` themselves (`adr`, `cancel`, `input_file`, `install`; a `From` for
//! each). A wrapped kind words its own message; the hint and the exit code of
//! every failure are here.

use crate::adr::{AdrError, RecordProblem};
use crate::core::answers::Question;
use crate::core::features::Feature;
use crate::core::framework::Framework;
use crate::core::names::NameProblem;
use crate::generate::install::{InstallCause, InstallFailed, LogError};
use crate::sys::cancel::Cancelled;
use crate::sys::input_file::{InputFileError, InputFileProblem};
use crate::templates::render::RenderError;
use std::io;
use std::path::{Path, PathBuf};

/// Everything that can stop a scaffold run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid project name '{}': {}", .0.name, .0.reason)]
    InvalidName(NameProblem),

    #[error("cannot derive the {framework} package name: {}", problem.reason)]
    InvalidPackage {
        problem: NameProblem,
        framework: Framework,
    },

    #[error("{} already exists and is not empty", path.display())]
    TargetNotEmpty { path: PathBuf },

    #[error("{} already exists and is not a directory ({kind})", path.display())]
    TargetNotDirectory { path: PathBuf, kind: &'static str },

    #[error("cannot create a project at '{}': {reason}", path.display())]
    BadTarget { path: PathBuf, reason: &'static str },

    #[error("the parent directory {} does not exist", path.display())]
    ParentMissing { path: PathBuf },

    /// Another run holds the claim on the empty directory it is filling.
    #[error("another scaffold run is filling {}", path.display())]
    TargetInUse { path: PathBuf },

    /// Something appeared at the target, or in the empty directory being
    /// filled, while the project was being written: nothing was replaced.
    #[error("{} appeared while the project was being moved into place; it was left as it is", path.display())]
    TargetTaken { path: PathBuf },

    #[error(
        "no terminal to ask on, and these answers are missing: {}",
        flags(missing)
    )]
    MissingAnswers { missing: Vec<Question> },

    #[error("cannot read the answers file {}", path.display())]
    AnswersFileUnreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("the answers file {} is not valid: {message}", path.display())]
    AnswersFileInvalid { path: PathBuf, message: String },

    #[error("cancelled; nothing was written")]
    Cancelled,

    #[cfg(feature = "compare")]
    #[error("{} is not a starter scaffold generated: {reason}", path.display())]
    CompareNotStarter { path: PathBuf, reason: String },

    #[cfg(feature = "compare")]
    #[error("{} has no installed dependencies, and --no-install forbids installing them", path.display())]
    CompareNotInstalled { path: PathBuf, command: String },

    #[cfg(feature = "compare")]
    #[error("{step} failed in {}", path.display())]
    CompareStepFailed {
        path: PathBuf,
        step: String,
        log: PathBuf,
    },

    #[cfg(feature = "compare")]
    #[error("--decide {given} names neither of the two compared repos")]
    CompareDecideUnknown { given: String },

    #[cfg(feature = "compare")]
    #[error("{} is the same repo as {}: comparing it with itself decides nothing", b.display(), a.display())]
    CompareSameRepo { a: PathBuf, b: PathBuf },

    #[cfg(feature = "compare")]
    #[error("{} needs {runtime} {needs} or newer, and this machine runs it on {found}", path.display())]
    CompareRuntimeTooOld {
        path: PathBuf,
        runtime: &'static str,
        found: String,
        needs: String,
    },

    #[cfg(feature = "compare")]
    #[error("--decide refused: the measurements cannot carry a decision ({})", problems.join("; "))]
    CompareDecideRefused { problems: Vec<String> },

    #[error("the prompt failed")]
    Prompt(#[source] io::Error),

    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(transparent)]
    Render(#[from] RenderError),

    #[error("git could not {step}: {message}")]
    Git { step: &'static str, message: String },

    #[error(transparent)]
    InstallFailed(#[from] InstallFailed),

    #[error(
        "this machine cannot run the {} starter{}: {} missing or too old",
        starters.iter().map(|f| f.id()).collect::<Vec<_>>().join(", "),
        if starters.len() == 1 { "" } else { "s" },
        tools.join(", ")
    )]
    ToolchainsMissing {
        starters: Vec<Framework>,
        tools: Vec<&'static str>,
        /// Where to get each missing tool, written by `doctor`, which knows them.
        advice: String,
    },

    /// A day-two command run outside a repo `scaffold new` made.
    #[error("no .scaffold.toml in {} or any folder above it", path.display())]
    NotAScaffoldRepo { path: PathBuf },

    /// A day-two command in a scaffold-made folder without git.
    #[error("{} is not the root of a git repository, and day-two commands merge against the tree git keeps", path.display())]
    NotARepository {
        path: PathBuf,
        /// The work tree it lies in, if any (a monorepo).
        enclosing: Option<PathBuf>,
    },

    #[error("the work tree has uncommitted changes: {}", list(paths))]
    DirtyWorkTree { paths: Vec<String> },

    #[error("cannot add the {feature} layer to this {framework} project: {reason}")]
    LayerUnavailable {
        feature: Feature,
        framework: Framework,
        reason: String,
    },

    /// The merge was written, with conflicts to resolve (reported above).
    #[error("{} file(s) have conflicts: {}", paths.len(), list(paths))]
    MergeConflicts { paths: Vec<String>, committed: bool },

    #[error(transparent)]
    Adr(#[from] AdrError),

    #[error(transparent)]
    InputFile(#[from] InputFileError),

    #[error("invalid {origin}: {reason}")]
    InvalidInput {
        /// Where the value came from: "--author", "GIT_AUTHOR_NAME", ...
        origin: String,
        reason: String,
    },

    #[error("the parent {} is not a directory: it is {kind}", path.display())]
    ParentNotDirectory { path: PathBuf, kind: &'static str },

    #[error("the git setting {key} = '{value}' is not usable: {reason}")]
    BadGitSetting {
        key: &'static str,
        value: String,
        reason: &'static str,
    },

    #[error("git's configuration cannot be read: {message}")]
    GitConfigUnreadable { message: String },

    #[error("cannot write the result to standard output")]
    StdoutWrite(#[source] io::Error),

    #[error("cannot report {} in JSON: the path is not valid UTF-8", path.display())]
    PathNotUtf8 { path: PathBuf },

    #[error("{} was created and is complete, but a later step failed", project.display())]
    AfterCreated {
        /// The generated project, complete and in place.
        project: PathBuf,
        #[source]
        cause: Box<Error>,
    },
}

/// A log that could not be written is a disk failure like any other.
impl From<LogError> for Error {
    fn from(error: LogError) -> Error {
        Error::Io {
            action: error.action,
            path: error.path,
            source: error.source,
        }
    }
}

impl From<Cancelled> for Error {
    fn from(Cancelled: Cancelled) -> Error {
        Error::Cancelled
    }
}

/// What to do instead of a status change that makes no sense.
fn transition_hint(action: &str) -> &'static str {
    match action {
        "accept" | "reject" => {
            "only a proposed record is accepted or rejected; to change a decision, add a new record: scaffold adr new \"<title>\" --supersedes <N>"
        }
        "deprecate" => "only an accepted record is deprecated; a proposed one is rejected: scaffold adr reject <N>",
        _ => "a superseded or rejected record is history; supersede the record that replaced it",
    }
}

/// The hint for a file or folder that could not be read or written.
fn io_hint(path: &Path) -> String {
    if path
        .file_name()
        .is_some_and(|name| name == crate::adr::LOCK_FILE)
    {
        format!(
            "if no other `scaffold adr` run is going on, delete it: rm -r {}",
            crate::core::shell::shell_quote(&path.display().to_string())
        )
    } else {
        "check the permissions and free space of that location".to_owned()
    }
}

/// The hint for a file the user pointed at that cannot be used.
fn input_file_hint(InputFileError { what, problem, .. }: &InputFileError) -> String {
    match problem {
        InputFileProblem::NotRegular(_) | InputFileProblem::TooLarge { .. } => {
            format!("point at a small regular file to use as {what}")
        }
        InputFileProblem::NotUtf8 { .. } => "save the file as UTF-8 text".to_owned(),
        InputFileProblem::Io(_) => "check that the file exists and can be read".to_owned(),
    }
}

/// The exit code of a decision-record failure: 2 for what the user can fix
/// in the records or the command line, 1 for the disk and a failed check.
fn adr_exit_code(error: &AdrError) -> u8 {
    match error {
        AdrError::DirMissing { .. }
        | AdrError::Malformed { .. }
        | AdrError::NotFound { .. }
        | AdrError::Duplicate { .. }
        | AdrError::DirFile { .. }
        | AdrError::DirOutside { .. }
        | AdrError::Transition { .. }
        | AdrError::ProposedSupersedes
        | AdrError::ChangedMeanwhile { .. }
        | AdrError::EmptyTitle { .. }
        | AdrError::InputFile(_) => 2,
        AdrError::Cancelled => 130,
        AdrError::CheckFailed { .. } | AdrError::Io { .. } => 1,
    }
}

/// What the user can do about a decision-record failure.
fn adr_hint(error: &AdrError) -> Option<String> {
    Some(match error {
        AdrError::DirMissing { path } => format!(
            "run this at the root of a repository with {}/, pass --dir <DIR>, or create the folder: mkdir -p {}",
            crate::adr::DEFAULT_DIR,
            path.display()
        ),
        AdrError::Malformed { problem, .. } => match problem {
            RecordProblem::NotUtf8 => "save the file as UTF-8 text".to_owned(),
            RecordProblem::NoTitle => "start the record with a '# Title' heading".to_owned(),
            RecordProblem::NumberTooLarge => "renumber the record with the highest number".to_owned(),
            RecordProblem::NoStatus => {
                "add a status to it, e.g. front matter '---', 'status: \"accepted\"', '---', then retry".to_owned()
            }
            _ => "fix the front matter: 'key: value' lines between two '---' lines, e.g. status: \"accepted\"".to_owned(),
        },
        AdrError::NotFound { .. } => "`scaffold adr list` shows the records and their numbers".to_owned(),
        AdrError::Duplicate { .. } => {
            "give each record its own number by renaming one of the files".to_owned()
        }
        AdrError::DirFile { .. } => format!(
            "write the records folder's path, relative to this folder, into .adr-dir (e.g. `echo {} > .adr-dir`), or pass --dir <DIR>",
            crate::adr::DEFAULT_DIR
        ),
        AdrError::DirOutside { .. } => {
            "keep the records inside the repository (a folder, not a link out of it), or pass --dir <DIR> to use that folder on purpose".to_owned()
        }
        AdrError::Transition { action, .. } => transition_hint(action).to_owned(),
        AdrError::ProposedSupersedes => {
            "add it as proposed without --supersedes, and supersede once it is decided; or drop --status proposed".to_owned()
        }
        AdrError::ChangedMeanwhile { .. } => "run the command again".to_owned(),
        AdrError::CheckFailed { .. } => {
            "fix the records listed above, then run `scaffold adr check` again".to_owned()
        }
        AdrError::EmptyTitle { .. } => {
            "give a title with letters or digits, e.g. scaffold adr new \"Use PostgreSQL for storage\"".to_owned()
        }
        AdrError::Io { path, .. } => io_hint(path),
        AdrError::InputFile(error) => input_file_hint(error),
        AdrError::Cancelled => return None,
    })
}

/// The first paths of a list, and how many more.
fn list(paths: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = paths
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}

fn flags(questions: &[Question]) -> String {
    questions
        .iter()
        .map(|question| question.flag())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Error {
    /// The process exit code: 1 runtime failure, 2 bad usage or input, 130 cancelled.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::InvalidName(_)
            | Error::InvalidPackage { .. }
            | Error::TargetNotEmpty { .. }
            | Error::TargetNotDirectory { .. }
            | Error::BadTarget { .. }
            | Error::ParentMissing { .. }
            | Error::MissingAnswers { .. }
            | Error::AnswersFileUnreadable { .. }
            | Error::AnswersFileInvalid { .. }
            | Error::InvalidInput { .. }
            | Error::ParentNotDirectory { .. }
            | Error::BadGitSetting { .. }
            | Error::GitConfigUnreadable { .. }
            | Error::PathNotUtf8 { .. }
            | Error::InputFile(_)
            | Error::NotAScaffoldRepo { .. }
            | Error::NotARepository { .. }
            | Error::DirtyWorkTree { .. }
            | Error::LayerUnavailable { .. } => 2,
            Error::Adr(error) => adr_exit_code(error),
            #[cfg(feature = "compare")]
            Error::CompareNotStarter { .. }
            | Error::CompareNotInstalled { .. }
            | Error::CompareDecideUnknown { .. }
            | Error::CompareSameRepo { .. } => 2,
            #[cfg(feature = "compare")]
            Error::CompareStepFailed { .. }
            | Error::CompareRuntimeTooOld { .. }
            | Error::CompareDecideRefused { .. } => 1,
            Error::AfterCreated { cause, .. } => match cause.exit_code() {
                130 => 130,
                _ => 1,
            },
            Error::Cancelled
            | Error::InstallFailed(InstallFailed {
                cause: InstallCause::Interrupted,
                ..
            }) => 130,
            Error::Prompt(_)
            | Error::TargetInUse { .. }
            | Error::TargetTaken { .. }
            | Error::Io { .. }
            | Error::Render(_)
            | Error::Git { .. }
            | Error::InstallFailed(_)
            | Error::ToolchainsMissing { .. }
            | Error::MergeConflicts { .. }
            | Error::StdoutWrite(_) => 1,
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::InvalidName(problem) => match &problem.suggestion {
                Some(suggestion) => format!("try `scaffold new {suggestion}`"),
                None => "use ASCII letters, digits, '-', '_' and '.', starting with a letter".to_owned(),
            },
            Error::InvalidPackage { framework, .. } => format!(
                "keep the directory name and pass a valid {} package name with --package-name <NAME>",
                framework.language()
            ),
            Error::TargetNotEmpty { .. } => {
                "choose a new directory name; scaffold never writes into a directory that has files".to_owned()
            }
            Error::TargetNotDirectory { .. } | Error::BadTarget { .. } => {
                "choose a new directory name, e.g. `scaffold new my-service`".to_owned()
            }
            Error::ParentMissing { path } => format!("create it first: mkdir -p {}", path.display()),
            Error::TargetInUse { .. } => {
                "wait for the other run to finish, or choose another directory".to_owned()
            }
            Error::TargetTaken { .. } => {
                "something else wrote there meanwhile and nothing of this run was kept; choose a new directory, or empty it and run again".to_owned()
            }
            Error::MissingAnswers { missing } => format!(
                "pass {} (or --answers FILE), or add --yes to take the defaults",
                missing
                    .iter()
                    .map(|question| format!("{} <{}>", question.flag(), question.values()))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Error::AnswersFileUnreadable { .. } => "check the path given to --answers".to_owned(),
            Error::AnswersFileInvalid { .. } => format!(
                "an answers file holds TOML keys: {}, and optionally framework, description, author, package-name",
                crate::core::answers::Question::ALL.map(|q| q.key()).join(", ")
            ),
            Error::Render(_) => {
                "this is a bug in scaffold's embedded templates; please report it".to_owned()
            }
            Error::Git { .. } => {
                "retry with --no-git to skip the repository, then run `git init` yourself".to_owned()
            }
            #[cfg(feature = "compare")]
            Error::CompareNotStarter { .. } => {
                "pass two directories made by `scaffold new` (each holds a .scaffold.toml)".to_owned()
            }
            #[cfg(feature = "compare")]
            Error::CompareNotInstalled { path, command } => format!(
                "install it first (cd {} && {command}), or drop --no-install",
                crate::core::shell::shell_quote(&path.display().to_string())
            ),
            #[cfg(feature = "compare")]
            Error::CompareStepFailed { log, .. } => format!(
                "its output is in {}; every server scaffold started has been stopped",
                log.display()
            ),
            #[cfg(feature = "compare")]
            Error::CompareDecideUnknown { .. } => {
                "pass one of the two repo paths given to scaffold compare".to_owned()
            }
            #[cfg(feature = "compare")]
            Error::CompareSameRepo { .. } => {
                "compare two different starters, or measure this machine's noise with `scaffold compare A --calibrate`".to_owned()
            }
            #[cfg(feature = "compare")]
            Error::CompareRuntimeTooOld { runtime, needs, .. } => format!(
                "put {runtime} {needs}+ first on PATH (`scaffold doctor` shows what this machine has), then compare again"
            ),
            #[cfg(feature = "compare")]
            Error::CompareDecideRefused { .. } => {
                "the measurements were recorded without a decision; fix the failures and compare again, or decide anyway with --force (the record says so)".to_owned()
            }
            Error::Io { path, .. } => io_hint(path),
            Error::Prompt(_) => "pass the answers as flags, with --yes, to skip the prompts".to_owned(),
            Error::InstallFailed(InstallFailed { project, command, log, .. }) => format!(
                "{project} is complete and stays in place; the tool's output is in {log}. \
                 Fix the cause (`scaffold doctor` checks the toolchains), then run: cd {project} && {command}",
                project = crate::core::shell::shell_quote(&project.display().to_string()),
                log = log.display(),
            ),
            Error::ToolchainsMissing { advice, .. } => advice.clone(),
            Error::Adr(error) => return adr_hint(error),
            Error::InputFile(error) => input_file_hint(error),
            Error::InvalidInput { origin, .. } => format!("fix the value of {origin}"),
            Error::ParentNotDirectory { .. } => {
                "choose a path whose parent is an existing directory".to_owned()
            }
            Error::BadGitSetting { key, .. } => {
                format!("fix it with `git config --global {key} <value>`, or pass --no-git")
            }
            Error::GitConfigUnreadable { .. } => {
                "fix the file it names (`git config --global --edit` opens yours), or pass --no-git".to_owned()
            }
            Error::StdoutWrite(_) => {
                "check where standard output goes (a full disk, a closed file)".to_owned()
            }
            Error::PathNotUtf8 { .. } => {
                "create the project under a directory whose path is UTF-8, or leave out --json".to_owned()
            }
            Error::AfterCreated { project, cause } => {
                let project = crate::core::shell::shell_quote(&project.display().to_string());
                match cause.hint() {
                    Some(hint) => format!("{project} stays in place; {hint}"),
                    None => format!("{project} stays in place"),
                }
            }
            Error::NotAScaffoldRepo { .. } => {
                "run it inside a repo `scaffold new` generated (the folder holding .scaffold.toml), or below it".to_owned()
            }
            Error::NotARepository { enclosing: None, .. } => {
                "run `git init && git add -A && git commit -m 'Initial commit'` first: that commit becomes the base".to_owned()
            }
            Error::NotARepository { enclosing: Some(root), .. } => format!(
                "it lies inside the work tree {}; day-two commands work on a project that is its own repository, as `scaffold new` makes it outside a work tree",
                root.display()
            ),
            Error::DirtyWorkTree { .. } => {
                "commit or stash your changes first (`git stash`), or pass --allow-dirty to merge into them".to_owned()
            }
            Error::LayerUnavailable { framework, .. } => {
                format!("leave it out; `scaffold reconsider` shows whether another framework than {framework} now fits better")
            }
            Error::MergeConflicts { committed: false, .. } => {
                "resolve the conflict markers (or the kept versions) listed above, then `git add` and commit; nothing was committed".to_owned()
            }
            Error::MergeConflicts { committed: true, .. } => {
                "resolve the files listed above, then commit".to_owned()
            }
            Error::Cancelled => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(Error::Cancelled.exit_code(), 130);
        assert_eq!(
            Error::TargetNotEmpty {
                path: PathBuf::from("x")
            }
            .exit_code(),
            2
        );
        assert_eq!(
            Error::MissingAnswers {
                missing: vec![Question::Size]
            }
            .exit_code(),
            2
        );
        assert_eq!(
            Error::Git {
                step: "commit",
                message: String::new()
            }
            .exit_code(),
            1
        );
    }

    #[test]
    fn missing_answers_list_their_flags_and_mention_yes() {
        let error = Error::MissingAnswers {
            missing: vec![Question::Realtime, Question::Needs],
        };
        assert_eq!(
            error.to_string(),
            "no terminal to ask on, and these answers are missing: --realtime, --needs"
        );
        let hint = error.hint().expect("a hint");
        assert!(
            hint.contains("--yes") && hint.contains("--needs <"),
            "{hint}"
        );
    }
}
