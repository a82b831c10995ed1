//! Architecture Decision Records as data: the two records `scaffold new`
//! writes into every generated repo (how decisions are recorded, and why this
//! framework) and their index, and what `scaffold adr` needs to read, rewrite
//! and check any folder of records, in MADR form or adr-tools' Nygard form.
//! All of it pure but the folder on disk ([`store`]); it owns its failures
//! ([`AdrError`], with [`RecordProblem`] and [`AdrDirProblem`]), which the
//! top-level `Error` wraps. The subcommands are `commands::adr`.
//!
//! - [`record`]: one record as data, and the names of record files (pure)
//! - [`parse`]: reading a record's text, in the forms found in the wild (pure)
//! - [`edit`]: a record's text with a new status, or superseded (pure)
//! - [`compose`]: the records `scaffold new` writes, and a new record's data (pure)
//! - [`day_two`]: the record `scaffold add` writes (pure)
//! - [`view`]: how `list` and `show` present records (pure)
//! - [`index`]: the README.md table of the records (pure)
//! - [`check`]: the problems `scaffold adr check` finds (pure)
//! - [`store`]: the records folder on disk
//! - [`error`]: what can go wrong, [`AdrError`]

pub mod check;
pub mod compose;
pub mod day_two;
pub mod edit;
pub mod error;
pub mod index;
pub mod parse;
pub mod record;
pub mod store;
pub mod view;

pub use error::AdrError;
pub use record::RecordProblem;

use crate::core::decision::Decision;
use compose::{FrameworkView, PracticeView};

/// Where records live in a generated repo.
pub const DEFAULT_DIR: &str = "docs/adr";

/// The lock file a run holds in the records folder while it rewrites
/// records or the index.
pub const LOCK_FILE: &str = ".scaffold-adr-lock";

/// Why the `.adr-dir` file cannot name the records folder. [`store`]
/// finds it when it reads the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdrDirProblem {
    #[error("is a directory, not a file naming one")]
    Directory,
    #[error("is {0}, not a regular file")]
    NotAFile(&'static str),
    #[error("is larger than a folder name ({0} bytes)")]
    TooLarge(u64),
    #[error("is not UTF-8 text")]
    NotUtf8,
    #[error("is empty")]
    Empty,
    #[error("holds more than one line")]
    SeveralLines,
    #[error("names '{0}', which is outside this folder")]
    Outside(String),
    #[error("names '{0}', which is not a folder")]
    Nowhere(String),
}

/// A record file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFile {
    /// Relative, `/`-separated: `docs/adr/0002-use-flask-as-the-backend-framework.md`.
    pub path: String,
    pub contents: String,
}

/// Where `scaffold new` writes the framework decision, relative to the repo.
pub fn framework_record_path(decision: &Decision) -> String {
    format!("{DEFAULT_DIR}/{}", compose::framework_file(decision.chosen))
}

/// The records `scaffold new` writes: `0001-record-architecture-decisions.md`
/// and the framework decision, `0002-use-<framework>-as-the-backend-framework.md`,
/// then their index, `README.md`. Same decision, same bytes.
pub fn framework_records(decision: &Decision) -> Vec<RecordFile> {
    let practice = PracticeView::new(decision);
    let framework = FrameworkView::new(decision);
    let practice_path = format!(
        "{DEFAULT_DIR}/{}",
        record::file_name(1, &record::slug(practice.title))
    );
    let framework_path = framework_record_path(decision);
    // The index rows come from the views the records are written from, so
    // they say what the records say (a test reads the records back to check).
    let rows = [
        practice.listed(practice_path.clone()),
        framework.listed(framework_path.clone()),
    ];
    vec![
        RecordFile {
            path: practice_path,
            contents: practice.markdown(),
        },
        RecordFile {
            path: framework_path,
            contents: framework.markdown(),
        },
        RecordFile {
            path: format!("{DEFAULT_DIR}/{}", index::FILE_NAME),
            contents: index::new_index(&rows),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::{Answers, Need, Question, Size, Team};
    use crate::core::decision::ChoiceSource;
    use crate::core::framework::Framework;
    use crate::core::recommend::recommend;

    fn decision(answers: Answers, chosen: Framework, source: ChoiceSource) -> Decision {
        Decision {
            project_name: "shop".to_owned(),
            package: "shop".to_owned(),
            description: "Orders API".to_owned(),
            author: String::new(),
            date: "2026-01-15".to_owned(),
            recommendation: recommend(&answers),
            answers,
            defaulted: vec![Question::Needs],
            chosen,
            source,
            features: crate::core::features::Features::default(),
            reproduce_command: "scaffold new shop --yes".to_owned(),
            scaffold_version: "0.1.0".to_owned(),
            prototype: None,
        }
    }

    fn records(decision: &Decision) -> Vec<RecordFile> {
        framework_records(decision)
    }

    #[test]
    fn the_records_are_numbered_and_named_after_their_titles() {
        let decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        let paths: Vec<String> = records(&decision).into_iter().map(|r| r.path).collect();
        assert_eq!(
            paths,
            [
                "docs/adr/0001-record-architecture-decisions.md",
                "docs/adr/0002-use-flask-as-the-backend-framework.md",
                "docs/adr/README.md"
            ]
        );
    }

    #[test]
    fn the_index_lists_both_records() {
        let decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        let index = &records(&decision)[2].contents;
        assert!(index.contains(
            "| [ADR-0002](0002-use-flask-as-the-backend-framework.md) | Use Flask as the backend framework | accepted | 2026-01-15 |\n"
        ), "{index}");
    }

    #[test]
    fn the_index_says_what_the_records_say_when_read_back() {
        let accepted = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        let mut proposed = decision(
            Answers::default(),
            Framework::Django,
            ChoiceSource::Explicit,
        );
        proposed.prototype = Some(crate::core::decision::Prototype {
            other: Framework::Express,
            other_path: "../shop-express".to_owned(),
            finish_command: "scaffold compare . ../shop-express".to_owned(),
        });
        for decision in [accepted, proposed] {
            let files = records(&decision);
            let read_back: Vec<view::Listed> = files[..2]
                .iter()
                .zip(1..)
                .map(|(file, number)| {
                    let parsed = parse::record(&file.contents).expect("our records parse");
                    view::Listed {
                        number,
                        title: parsed.title,
                        status: parsed.status,
                        date: parsed.date,
                        path: file.path.clone(),
                    }
                })
                .collect();
            assert_eq!(files[2].contents, index::new_index(&read_back));
        }
    }

    #[test]
    fn same_decision_same_bytes() {
        let decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        assert_eq!(records(&decision), records(&decision));
    }

    #[test]
    fn the_written_records_read_back_as_accepted_and_dated() {
        let decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        let titles: Vec<String> = records(&decision)[..2]
            .iter()
            .zip(1..)
            .map(|(file, number)| {
                let parsed = parse::record(&file.contents).expect("our records parse");
                assert_eq!(parsed.status.as_deref(), Some("accepted"));
                assert_eq!(parsed.date.as_deref(), Some("2026-01-15"));
                assert_eq!(parsed.number, Some(number.to_string()));
                assert!(
                    !file.contents.lines().any(|line| line.starts_with("# ")
                        && line != format!("# {}", parsed.title)),
                    "only the title starts with '# ' in {}",
                    file.path
                );
                parsed.title
            })
            .collect();
        assert_eq!(
            titles,
            [
                "Record architecture decisions",
                "Use Flask as the backend framework"
            ]
        );
    }

    #[test]
    fn the_practice_record_says_adr_new_gives_an_accepted_record() {
        let decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        let practice = &records(&decision)[0].contents;
        let line = practice
            .lines()
            .find(|line| line.contains("scaffold adr new"))
            .expect("the adr new line");
        assert!(line.contains("adds the next record, accepted"), "{line}");
        assert!(line.contains("--status proposed"), "{line}");
    }

    #[test]
    fn an_author_is_a_one_item_decision_makers_list() {
        let mut decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        decision.author = "Ada Lovelace <ada@example.com>".to_owned();
        let records = records(&decision);
        for file in records.iter().filter(|file| file.path.contains("/0")) {
            assert!(
                file.contents
                    .contains("\ndecision-makers:\n  - \"Ada Lovelace <ada@example.com>\"\n"),
                "{}",
                file.path
            );
        }
    }

    #[test]
    fn without_an_author_the_decision_makers_field_is_left_out() {
        let decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        for file in records(&decision) {
            assert!(!file.contents.contains("decision-makers"), "{}", file.path);
        }
    }

    #[test]
    fn an_override_at_the_prompt_names_the_recommendation_and_its_score() {
        let answers = Answers {
            size: Size::Large,
            needs: [Need::Admin, Need::Auth, Need::Orm].into_iter().collect(),
            ..Answers::default()
        };
        let decision = decision(answers, Framework::Express, ChoiceSource::Overridden);
        let text = &records(&decision)[1].contents;
        assert!(
            text.contains(
                "Chosen option: \"Express\", because the team chose it over the recommendation. scaffold recommended Django, with 12 points, for the same decision drivers; Express scored -6 points, 18 points behind."
            ),
            "{text}"
        );
        assert!(
            text.contains("None of the answers spoke for Express"),
            "{text}"
        );
    }

    #[test]
    fn a_tie_is_reported_as_a_close_call() {
        let answers = Answers {
            size: Size::Medium,
            team: Team::Both,
            ..Answers::default()
        };
        let decision = decision(answers, Framework::Django, ChoiceSource::Recommended);
        let text = &records(&decision)[1].contents;
        assert!(
            text.contains("Django and Express tied at 1 point: a close call."),
            "{text}"
        );
    }

    #[test]
    fn user_text_cannot_break_the_front_matter_or_the_fence() {
        let mut decision = decision(
            Answers::default(),
            Framework::Flask,
            ChoiceSource::Recommended,
        );
        decision.author = "Ada \"the\" Lovelace\n---".to_owned();
        decision.reproduce_command = "scaffold new shop --description '```' --yes".to_owned();
        let text = &records(&decision)[1].contents;
        let parsed = parse::record(text).expect("still parses");
        assert_eq!(parsed.front_matter[3].1, "Ada \"the\" Lovelace\n---");
        assert!(text.contains("\n````sh\nscaffold new shop --description '```' --yes\n````\n"));
    }
}
