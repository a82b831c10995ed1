//! Everything the user tells `scaffold new` and `scaffold recommend`: the
//! project name from the target path, and the answers from flags, then the
//! answers file, then prompts (only when allowed), then defaults.

use crate::answers::{Answers, PartialAnswers, Question};
use crate::answers_file;
use crate::cli::QuestionFlags;
use crate::decision::ChoiceSource;
use crate::error::Error;
use crate::framework::Framework;
use crate::names::{self, ProjectName};
use crate::output::Output;
use crate::questionnaire::{self, Prompter};
use crate::recommend::Recommendation;
use std::path::{Component, Path};

/// How open questions get their answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Prompts may be shown (a terminal, no CI, no `--yes`).
    pub interactive: bool,
    /// Open questions take their defaults (`--yes`, or an explicit framework).
    pub lenient: bool,
}

/// The project name is the last component of the target path.
///
/// # Errors
/// [`Error::BadTarget`] for paths like `.` or `..`, [`Error::InvalidName`].
pub fn project_name(path: &Path) -> Result<ProjectName, Error> {
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

/// The package name: `--package-name` if given, else derived from the name.
///
/// # Errors
/// [`Error::InvalidPackage`] with a hint to pass `--package-name`.
pub fn package_name(
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

/// The flags' answers over the answers file's.
///
/// # Errors
/// An unreadable or invalid answers file.
pub fn gather(flags: &QuestionFlags, from_flags: PartialAnswers) -> Result<PartialAnswers, Error> {
    let from_file = match &flags.answers {
        Some(path) => answers_file::read(path)?,
        None => PartialAnswers::default(),
    };
    Ok(from_flags.or(from_file))
}

/// Fills the open questions: from defaults when lenient (and says which),
/// else by prompting when interactive, else an error listing the flags.
///
/// # Errors
/// [`Error::MissingAnswers`], or a cancelled or failed prompt.
pub fn complete(
    partial: &PartialAnswers,
    mode: Mode,
    prompter: &mut dyn Prompter,
    out: &Output,
) -> Result<(Answers, Vec<Question>), Error> {
    let missing = partial.missing();
    if missing.is_empty() || mode.lenient {
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
    if mode.interactive {
        return Ok((questionnaire::ask_missing(partial, prompter)?, Vec::new()));
    }
    Err(Error::MissingAnswers { missing })
}

/// The framework: an explicit choice, else the user's pick at the prompt
/// (after seeing the ranking), else the recommendation.
///
/// # Errors
/// A cancelled or failed prompt.
pub fn choose(
    explicit: Option<Framework>,
    recommendation: &Recommendation,
    mode: Mode,
    prompter: &mut dyn Prompter,
    out: &Output,
) -> Result<(Framework, ChoiceSource), Error> {
    match explicit {
        Some(framework) => Ok((framework, ChoiceSource::Explicit)),
        None if mode.interactive => {
            out.ranking(recommendation);
            questionnaire::choose_framework(recommendation, prompter)
        }
        None => Ok((recommendation.framework(), ChoiceSource::Recommended)),
    }
}
