//! Reading `--answers FILE`: plain answers files and a generated repo's
//! `.scaffold.toml` (whose `[answers]` table is used). Unknown keys and wrong
//! types are errors naming the file, the key and the line.

use crate::core::answers::{PartialAnswers, Question};
use crate::core::features::FeaturesSummary;
use crate::core::framework::Framework;
use crate::error::Error;
use crate::sys::input_file;
use serde::Deserialize;
use std::path::Path;

/// The `.scaffold.toml` form: facts at the top, answers in a table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaffoldFile {
    version: Option<String>,
    framework: Option<Framework>,
    package: Option<String>,
    /// The project's name (scaffold 0.1.0 did not record it).
    name: Option<String>,
    /// The git reference of the base tree (scaffold 0.1.0 did not record it).
    base: Option<String>,
    /// The questions the generating run left to their defaults.
    #[serde(default)]
    defaulted: Vec<Question>,
    /// The layers a generated repo has: checked, so an unknown name is an
    /// error, but not replayed (the answers decide the layers).
    features: Option<FeaturesSummary>,
    answers: PartialAnswers,
}

/// A generated repo's `.scaffold.toml`, as the day-two commands read it:
/// the facts and the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub version: Option<String>,
    pub framework: Framework,
    pub package: String,
    pub name: Option<String>,
    pub base: Option<String>,
    pub defaulted: Vec<Question>,
    pub features: FeaturesSummary,
    pub answers: PartialAnswers,
}

/// Reads a generated repo's `.scaffold.toml`.
///
/// # Errors
/// [`Error::InputFile`], or [`Error::AnswersFileInvalid`] when it does not
/// parse or lacks the framework, the package or the `[answers]` table.
pub fn read_manifest(path: &Path) -> Result<Manifest, Error> {
    let text = input_file::read_text(path, "a .scaffold.toml", input_file::ANSWERS_LIMIT)?;
    parse_manifest(&text).map_err(|message| Error::AnswersFileInvalid {
        path: path.to_path_buf(),
        message,
    })
}

/// Parses a `.scaffold.toml`.
///
/// # Errors
/// A message naming the line and key at fault, or the missing key.
pub fn parse_manifest(text: &str) -> Result<Manifest, String> {
    let file: ScaffoldFile = toml::from_str(text).map_err(|error| describe(text, &error))?;
    let missing = |key: &str| format!("key `{key}` is missing");
    Ok(Manifest {
        framework: file.framework.ok_or_else(|| missing("framework"))?,
        package: file.package.ok_or_else(|| missing("package"))?,
        version: file.version,
        name: file.name,
        base: file.base,
        defaulted: file.defaulted,
        features: file.features.unwrap_or_default(),
        answers: file.answers,
    })
}

/// Reads and parses an answers file.
///
/// # Errors
/// [`Error::InputFile`] or [`Error::AnswersFileInvalid`].
pub fn read(path: &Path) -> Result<PartialAnswers, Error> {
    read_file(path).map(|file| file.answers)
}

/// An answers file's answers, and the questions it says were left to their
/// defaults (a `.scaffold.toml` lists them, so a replay defaults them again).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswersFile {
    pub answers: PartialAnswers,
    pub defaulted: Vec<Question>,
}

/// Reads an answers file: a regular file of at most
/// `input_file::ANSWERS_LIMIT` bytes of UTF-8 TOML.
///
/// # Errors
/// [`Error::InputFile`] or [`Error::AnswersFileInvalid`].
pub fn read_file(path: &Path) -> Result<AnswersFile, Error> {
    let text = input_file::read_text(path, "an answers file", input_file::ANSWERS_LIMIT)?;
    parse_file(&text).map_err(|message| Error::AnswersFileInvalid {
        path: path.to_path_buf(),
        message,
    })
}

/// Parses the text of an answers file; the error says where and what.
///
/// # Errors
/// A message naming the line and key at fault.
pub fn parse(text: &str) -> Result<PartialAnswers, String> {
    parse_file(text).map(|file| file.answers)
}

/// Parses an answers file, keeping a `.scaffold.toml`'s list of defaults.
///
/// # Errors
/// A message naming the line and key at fault.
pub fn parse_file(text: &str) -> Result<AnswersFile, String> {
    let table: toml::Table = toml::from_str(text).map_err(|error| describe(text, &error))?;
    if table.contains_key("answers") {
        toml::from_str::<ScaffoldFile>(text)
            .map(|file| AnswersFile {
                answers: file.answers,
                defaulted: file.defaulted,
            })
            .map_err(|error| describe(text, &error))
    } else {
        toml::from_str::<PartialAnswers>(text)
            .map(|answers| AnswersFile {
                answers,
                defaulted: Vec::new(),
            })
            .map_err(|error| describe(text, &error))
    }
}

/// "line 3, key `size`: unknown variant `huge`, expected one of ..."
fn describe(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end().to_owned();
    let Some(span) = error.span() else {
        return message;
    };
    let before = &text[..span.start.min(text.len())];
    let line_number = before.matches('\n').count() + 1;
    // The key is on the error's line, or, inside an array spread over
    // several lines, on the line above that opened it.
    let current = text.lines().nth(line_number - 1).unwrap_or_default();
    let key = key_of_line(current).map(|(key, _)| key).or_else(|| {
        let above: Vec<&str> = text.lines().take(line_number - 1).collect();
        above
            .into_iter()
            .rev()
            .find_map(key_of_line)
            .filter(|(_, value)| value.matches('[').count() > value.matches(']').count())
            .map(|(key, _)| key)
    });
    match key {
        Some(key) => format!("line {line_number}, key `{key}`: {message}"),
        None => format!("line {line_number}: {message}"),
    }
}

/// The key a `key = value` line assigns (quoted keys read whole: `"a=b"`),
/// and the text of its value.
fn key_of_line(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start();
    if line.starts_with(['[', '#']) {
        return None;
    }
    let (key, rest) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = line[1..].find(quote)? + 1;
            (line[1..end].to_owned(), &line[end + 1..])
        }
        _ => {
            let end = line.find('=')?;
            (line[..end].trim().to_owned(), &line[end..])
        }
    };
    let value = rest.trim_start().strip_prefix('=')?;
    (!key.is_empty()).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::{Size, Team};

    #[test]
    fn reads_a_plain_answers_file() {
        let partial =
            parse("realtime = true\nteam = \"javascript\"\nneeds = [\"auth\"]\n").expect("valid");
        assert_eq!(partial.realtime, Some(true));
        assert_eq!(partial.team, Some(Team::Javascript));
        assert_eq!(partial.size, None);
    }

    #[test]
    fn reads_the_answers_table_of_a_scaffold_toml() {
        let text = "version = \"0.1.0\"\nframework = \"flask\"\npackage = \"x\"\n\n[answers]\nsize = \"large\"\n";
        assert_eq!(parse(text).expect("valid").size, Some(Size::Large));
    }

    #[test]
    fn an_unknown_key_names_the_key_and_line() {
        let error = parse("size = \"small\"\ncolour = \"blue\"\n").expect_err("unknown key");
        assert!(
            error.starts_with("line 2, key `colour`: unknown field `colour`"),
            "{error}"
        );
    }

    #[test]
    fn a_wrong_type_names_the_key_and_line() {
        let error = parse("realtime = \"often\"\n").expect_err("wrong type");
        assert!(error.starts_with("line 1, key `realtime`:"), "{error}");
        let error = parse("\nsize = \"huge\"\n").expect_err("bad value");
        assert!(
            error.contains("line 2, key `size`") && error.contains("huge"),
            "{error}"
        );
    }

    #[test]
    fn a_bad_value_inside_a_multi_line_array_names_its_key() {
        let error = parse("size = \"small\"\nneeds = [\n  \"auth\",\n  \"cache\",\n]\n")
            .expect_err("bad need");
        assert!(error.contains("key `needs`"), "{error}");
    }

    #[test]
    fn a_quoted_key_holding_an_equals_sign_is_reported_whole() {
        let error = parse("\"a=b\" = 1\n").expect_err("unknown key");
        assert!(error.contains("key `a=b`"), "{error}");
    }

    #[test]
    fn an_unknown_need_in_a_multi_line_list_names_the_key_and_its_line() {
        let error = parse("needs = [\n  \"orm\",\n  \"cms\",\n]\n").expect_err("unknown need");
        assert!(
            error.starts_with("line 3, key `needs`:") && error.contains("cms"),
            "{error}"
        );
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let error = parse("size = \n").expect_err("syntax");
        assert!(error.starts_with("line 1"), "{error}");
    }
}
