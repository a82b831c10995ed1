//! Reading `--answers FILE`: plain answers files and a generated repo's
//! `.scaffold.toml` (whose `[answers]` table is used). Unknown keys and wrong
//! types are errors naming the file, the key and the line.

use crate::answers::PartialAnswers;
use crate::error::Error;
use crate::features::FeaturesSummary;
use crate::framework::Framework;
use serde::Deserialize;
use std::path::Path;

/// The `.scaffold.toml` form: facts at the top, answers in a table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // the facts are accepted, but only the answers replay
struct ScaffoldFile {
    version: Option<String>,
    framework: Option<Framework>,
    package: Option<String>,
    /// The layers a generated repo has: checked, so an unknown name is an
    /// error, but not replayed (the answers decide the layers).
    features: Option<FeaturesSummary>,
    answers: PartialAnswers,
}

/// Reads and parses an answers file.
///
/// # Errors
/// [`Error::AnswersFileUnreadable`] or [`Error::AnswersFileInvalid`].
pub fn read(path: &Path) -> Result<PartialAnswers, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::AnswersFileUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text).map_err(|message| Error::AnswersFileInvalid {
        path: path.to_path_buf(),
        message,
    })
}

/// Parses the text of an answers file; the error says where and what.
///
/// # Errors
/// A message naming the line and key at fault.
pub fn parse(text: &str) -> Result<PartialAnswers, String> {
    let table: toml::Table = toml::from_str(text).map_err(|error| describe(text, &error))?;
    if table.contains_key("answers") {
        toml::from_str::<ScaffoldFile>(text)
            .map(|file| file.answers)
            .map_err(|error| describe(text, &error))
    } else {
        toml::from_str::<PartialAnswers>(text).map_err(|error| describe(text, &error))
    }
}

/// "line 3, key `size`: unknown variant `huge`, expected one of ..."
fn describe(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end().to_owned();
    let Some(span) = error.span() else {
        return message;
    };
    let line_number = text[..span.start.min(text.len())].matches('\n').count() + 1;
    // The key is on the error's line, or, inside an array spread over
    // several lines, on the nearest line above that assigns one.
    let key = text
        .lines()
        .take(line_number)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find_map(|line| {
            line.split_once('=')
                .map(|(key, _)| key.trim().trim_matches('"'))
                .filter(|key| !key.is_empty() && !key.starts_with('[') && !key.contains(' '))
        });
    match key {
        Some(key) => format!("line {line_number}, key `{key}`: {message}"),
        None => format!("line {line_number}: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Size, Team};

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
