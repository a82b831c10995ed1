//! Everything the user tells `scaffold new` and `scaffold recommend`: the
//! project name from the target path, and the answers from flags, then the
//! answers file, then prompts (only when allowed), then defaults.

use crate::core::answers::{Answers, PartialAnswers, Question};
use crate::core::decision::ChoiceSource;
use crate::core::framework::Framework;
use crate::core::free_text;
use crate::core::names::{self, ProjectName};
use crate::core::recommend::Recommendation;
use crate::error::Error;
use crate::sys::answers_file;
use crate::ui::cli::QuestionFlags;
use crate::ui::output::Output;
use crate::ui::questionnaire::{self, Prompter};
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

/// The answers of the flags and of the answers file, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gathered {
    /// The flags' answers over the file's.
    pub answers: PartialAnswers,
    /// The questions a replayed `.scaffold.toml` says were defaulted.
    pub defaulted_in_file: Vec<Question>,
}

impl Gathered {
    /// Whether every open question is one the replayed file left to its
    /// default: a replay then defaults it again instead of asking.
    pub fn replays_defaults(&self) -> bool {
        let missing = self.answers.missing();
        !missing.is_empty()
            && missing
                .iter()
                .all(|question| self.defaulted_in_file.contains(question))
    }
}

/// The flags' answers over the answers file's, with the free text (the
/// description and the author) checked wherever it came from.
///
/// # Errors
/// An unreadable or invalid answers file; [`Error::InvalidInput`] naming the
/// flag or the file of a bad description or author.
pub fn gather(flags: &QuestionFlags, from_flags: PartialAnswers) -> Result<Gathered, Error> {
    let file = match &flags.answers {
        Some(path) => answers_file::read_file(path)?,
        None => answers_file::AnswersFile::default(),
    };
    // The flag wins over the file, so the flag's value is the one checked.
    let origin_of = |key: &str, from_flag: bool| match (&flags.answers, from_flag) {
        (Some(path), false) => format!("`{key}` in {}", path.display()),
        _ => format!("--{key}"),
    };
    let invalid = |key: &'static str, from_flag: bool| {
        move |reason| Error::InvalidInput {
            origin: origin_of(key, from_flag),
            reason,
        }
    };
    if let Some(description) = from_flags
        .description
        .as_ref()
        .or(file.answers.description.as_ref())
    {
        free_text::check_description(description)
            .map_err(invalid("description", from_flags.description.is_some()))?;
    }
    if let Some(author) = from_flags.author.as_ref().or(file.answers.author.as_ref()) {
        free_text::parse_author(author).map_err(invalid("author", from_flags.author.is_some()))?;
    }
    Ok(Gathered {
        answers: from_flags.or(file.answers),
        defaulted_in_file: file.defaulted,
    })
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
