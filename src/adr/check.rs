//! `scaffold adr check` as pure logic: the problems in a folder of records.
//! Each record must parse, carry a MADR status and a `YYYY-MM-DD` date, and
//! a front-matter `number` equal to its file's; every `superseded by` and
//! every link to another record must resolve; no two records may share a
//! number; and a record that says it supersedes another must find that one
//! marked superseded (else a supersede was interrupted).

use super::parse;
use super::record::{self, label, RecordProblem, Status};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One record file as read from disk.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as shown to the user.
    pub path: String,
    pub file_name: String,
    pub number: u64,
    pub text: String,
}

/// One problem, in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub problem: String,
}

/// The problems of the records in one folder, by path. `folder_files` are
/// the names of every file in the folder (links may point to non-records).
pub fn problems(records: &[Input], folder_files: &BTreeSet<String>) -> Vec<Problem> {
    let mut found = Vec::new();
    let mut by_number: BTreeMap<u64, Vec<&Input>> = BTreeMap::new();
    for input in records {
        by_number.entry(input.number).or_default().push(input);
    }
    let status_of = |number: u64| -> Option<Option<String>> {
        match by_number.get(&number).map(Vec::as_slice) {
            Some([one]) => Some(parse::record(&one.text).ok().and_then(|r| r.status)),
            _ => None,
        }
    };
    for input in records {
        let mut problem = |text: String| {
            found.push(Problem {
                path: input.path.clone(),
                problem: text,
            });
        };
        let parsed = match parse::record(&input.text) {
            Ok(parsed) => parsed,
            Err(error) => {
                problem(error.to_string());
                continue;
            }
        };
        match parsed.status.as_deref() {
            None => problem("it has no status".to_owned()),
            Some(status) => match Status::of(status) {
                Some(Status::Superseded) => match superseding_number(status) {
                    None => problem(format!(
                        "its status '{status}' does not say which record supersedes it (superseded by ADR-NNNN)"
                    )),
                    Some(by) if !by_number.contains_key(&by) => problem(format!(
                        "it is superseded by {}, which does not exist",
                        label(by)
                    )),
                    Some(_) => {}
                },
                Some(_) => {}
                None => problem(format!(
                    "its status '{status}' is not one of MADR's: proposed, rejected, accepted, deprecated, superseded by ADR-NNNN"
                )),
            },
        }
        match parsed.date.as_deref() {
            None => problem("it has no date".to_owned()),
            Some(date) if !parse::is_iso_date(date) => {
                problem(format!(
                    "its date '{date}' is not a date in the form YYYY-MM-DD"
                ));
            }
            Some(_) => {}
        }
        if let Some(number) = parsed.number.as_deref() {
            if number.trim().parse::<u64>().ok() != Some(input.number) {
                problem(format!(
                    "its front matter says 'number: {number}', but its file name says {}",
                    input.number
                ));
            }
        }
        for target in record_links(&input.text) {
            if !folder_files.contains(&target) {
                problem(format!("it links to {target}, which is not in the folder"));
            }
        }
        for old in supersedes(&input.text) {
            if let Some(Some(status)) = status_of(old) {
                if Status::of(&status) != Some(Status::Superseded) {
                    problem(format!(
                        "it supersedes {}, whose status is still '{status}': a supersede was interrupted; set that record's status to 'superseded by {}'",
                        label(old),
                        label(input.number)
                    ));
                }
            }
        }
    }
    for (number, inputs) in &by_number {
        if inputs.len() > 1 {
            found.push(Problem {
                path: inputs[0].path.clone(),
                problem: format!(
                    "{} records are numbered {number}: {}",
                    inputs.len(),
                    inputs
                        .iter()
                        .map(|input| input.path.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// The problem of a file that cannot be read as a record at all.
pub fn unreadable(path: &str, problem: &RecordProblem) -> Problem {
    Problem {
        path: path.to_owned(),
        problem: problem.to_string(),
    }
}

/// The number after `superseded by`: `ADR-0003`, `[3. Title](...)`, `3`.
fn superseding_number(status: &str) -> Option<u64> {
    let lower = status.to_ascii_lowercase();
    let at = lower.find(" by ")? + 4;
    let rest = &status[at..];
    let digits: String = rest
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The record files a text links to: relative Markdown links whose target
/// is a numbered record's file name (`0003-x.md`, `./0003-x.md#part`).
fn record_links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(close) = after.find(')') else { break };
        let target = after[..close].trim();
        let target = target.split('#').next().unwrap_or(target);
        let target = target.strip_prefix("./").unwrap_or(target);
        if !target.contains(['/', ':', ' ']) && record::number_of(target).is_some() {
            found.push(target.to_owned());
        }
        rest = &after[close..];
    }
    found
}

/// The numbers of the records a text says it supersedes, from lines that
/// start `Supersedes [` (scaffold's and adr-tools' wording).
fn supersedes(text: &str) -> Vec<u64> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("Supersedes ["))
        .filter_map(|rest| {
            let target = &rest[rest.find("](")? + 2..];
            let target = target.strip_prefix("./").unwrap_or(target);
            let end = target.find(')')?;
            record::number_of(&target[..end])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(number: u64, file_name: &str, text: &str) -> Input {
        Input {
            path: format!("docs/adr/{file_name}"),
            file_name: file_name.to_owned(),
            number,
            text: text.to_owned(),
        }
    }

    fn check(inputs: &[Input]) -> Vec<String> {
        let files = inputs.iter().map(|i| i.file_name.clone()).collect();
        problems(inputs, &files)
            .into_iter()
            .map(|p| format!("{}: {}", p.path, p.problem))
            .collect()
    }

    const GOOD: &str = "---\nstatus: \"accepted\"\ndate: \"2026-01-15\"\nnumber: 1\n---\n# A\n";

    #[test]
    fn a_clean_folder_has_no_problems() {
        let new = "---\nstatus: \"accepted\"\ndate: \"2026-01-16\"\nnumber: 2\n---\n# B\n\nSupersedes [ADR-0001](0001-a.md) (A).\n";
        let old = GOOD.replace("\"accepted\"", "\"superseded by ADR-0002\"");
        assert_eq!(
            check(&[input(1, "0001-a.md", &old), input(2, "0002-b.md", new)]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn each_broken_rule_is_named_with_its_file() {
        let problems = check(&[
            input(1, "0001-a.md", &GOOD.replace("accepted", "done")),
            input(2, "0002-b.md", &GOOD.replace("2026-01-15", "last week")),
            input(3, "0003-c.md", GOOD),
            input(
                4,
                "0004-d.md",
                &GOOD
                    .replace("\"accepted\"", "superseded by ADR-0009")
                    .replace("number: 1", "number: 4"),
            ),
            input(
                5,
                "0005-e.md",
                "---\nnumber: 5\n---\n# E\n\nSee [F](0006-f.md).\n",
            ),
            input(
                6,
                "0006-x.md",
                "# 6. X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n",
            ),
            input(6, "0006-y.md", "# Y\n"),
            input(7, "0007-z.md", "---\nstatus: a\n"),
        ]);
        assert_eq!(
            problems,
            [
                "docs/adr/0001-a.md: its status 'done' is not one of MADR's: proposed, rejected, accepted, deprecated, superseded by ADR-NNNN",
                "docs/adr/0002-b.md: its date 'last week' is not a date in the form YYYY-MM-DD",
                "docs/adr/0002-b.md: its front matter says 'number: 1', but its file name says 2",
                "docs/adr/0003-c.md: its front matter says 'number: 1', but its file name says 3",
                "docs/adr/0004-d.md: it is superseded by ADR-0009, which does not exist",
                "docs/adr/0005-e.md: it has no status",
                "docs/adr/0005-e.md: it has no date",
                "docs/adr/0005-e.md: it links to 0006-f.md, which is not in the folder",
                "docs/adr/0006-x.md: 2 records are numbered 6: docs/adr/0006-x.md, docs/adr/0006-y.md",
                "docs/adr/0006-y.md: it has no status",
                "docs/adr/0006-y.md: it has no date",
                "docs/adr/0007-z.md: the front matter opened by '---' on line 1 is never closed by another '---' line",
            ]
        );
    }

    #[test]
    fn an_interrupted_supersede_is_explained() {
        let new = "---\nstatus: \"accepted\"\ndate: \"2026-01-16\"\nnumber: 2\n---\n# B\n\nSupersedes [ADR-0001](0001-a.md) (A).\n";
        assert_eq!(
            check(&[input(1, "0001-a.md", GOOD), input(2, "0002-b.md", new)]),
            ["docs/adr/0002-b.md: it supersedes ADR-0001, whose status is still 'accepted': a supersede was interrupted; set that record's status to 'superseded by ADR-0002'"]
        );
    }

    #[test]
    fn adr_tools_superseded_statuses_name_their_record_by_link() {
        assert_eq!(
            superseding_number("Superceded by [4. Keep it](0004-keep-it.md)"),
            Some(4)
        );
        assert_eq!(superseding_number("superseded by ADR-0012"), Some(12));
        assert_eq!(superseding_number("superseded"), None);
    }
}
