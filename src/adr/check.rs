//! `scaffold adr check` as pure logic: the problems in a folder of records.
//! Each record must parse, carry a MADR status and a `YYYY-MM-DD` date, and
//! a front-matter `number` equal to its file's; every `superseded by` and
//! every link to another record must resolve; no two records may share a
//! number; and a record that says it supersedes another must find that one
//! marked superseded (else a supersede was interrupted). A status left as
//! a template's placeholder, two `## Status` sections, and a numbering jump
//! (a tool that numbered a file from a date or a year) are reported too.

use super::parse;
use super::record::{self, label, RecordProblem, Status};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One record file as read from disk.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as shown to the user.
    pub path: String,
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
        let (parsed, status_sections) = match parse::Parsed::new(&input.text) {
            Ok(parsed) => (parsed.record, parsed.status_sections),
            Err(error) => {
                problem(error.to_string());
                continue;
            }
        };
        if status_sections > 1 {
            problem(format!(
                "it has {status_sections} '## Status' sections; tools read one of them, not always the same: keep one"
            ));
        }
        match parsed.status.as_deref() {
            None => problem("it has no status".to_owned()),
            Some(status) if is_placeholder(status) => problem(format!(
                "its status '{status}' is a template's list of choices, not a status: keep the one that applies"
            )),
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
    found.extend(jumps(&by_number));
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

/// A jump in the sequential numbers larger than this is no gap left by
/// deleted records: a tool took the number from a date or a year (madr-tools
/// numbers from the first four characters of each file name, so after
/// `20240101-x.md` it writes `2027-y.md`).
const PLAUSIBLE_GAP: u64 = 100;

/// The numbers that jump implausibly far past the one before them. Date
/// numbers (`YYYYMMDD`, log4brains) are a numbering of their own and
/// skipped.
fn jumps(by_number: &BTreeMap<u64, Vec<&Input>>) -> Vec<Problem> {
    let mut found = Vec::new();
    let mut previous: Option<u64> = None;
    for (&number, inputs) in by_number {
        if record::is_date_number(number) {
            continue;
        }
        let before = previous.unwrap_or(0);
        if number - before > PLAUSIBLE_GAP {
            found.push(Problem {
                path: inputs[0].path.clone(),
                problem: format!(
                    "its number {number} jumps from {before}, the record before it: a tool may have numbered it from a date or a year; renumber it {}",
                    label(before + 1)
                ),
            });
        }
        previous = Some(number);
    }
    found
}

/// Whether a status is still a template's list of choices: MADR 2's
/// `[proposed | rejected | … ]`, MADR 4's `{proposed | rejected | …}`.
fn is_placeholder(status: &str) -> bool {
    status.contains('|') || status.contains('…') || status.trim_start().starts_with('{')
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
/// Links inside HTML comments are not rendered, so they link nowhere.
fn record_links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let text = parse::without_comments(text);
    let mut rest = text.as_str();
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
            number,
            text: text.to_owned(),
        }
    }

    fn check(inputs: &[Input]) -> Vec<String> {
        let files = inputs
            .iter()
            .map(|i| i.path.trim_start_matches("docs/adr/").to_owned())
            .collect();
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
    fn an_adrs_superseded_record_names_its_superseder_in_the_next_paragraph() {
        let old = "# 3. Use Redis\n\nDate: 2026-12-04\n\n## Status\n\nSuperseded\n\nSuperseded by [6. Use Memcached](0006-use-memcached.md)\n";
        let new = "# 6. Use Memcached\n\nDate: 2026-12-04\n\n## Status\n\nAccepted\n\nSupersedes [3. Use Redis](0003-use-redis.md)\n";
        assert_eq!(
            check(&[
                input(3, "0003-use-redis.md", old),
                input(6, "0006-use-memcached.md", new)
            ]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn links_inside_html_comments_are_not_dead_links() {
        let text = "---\nstatus: accepted\ndate: 2026-01-15\n---\n# A\n\n<!-- example: Refined by [ADR-0005](0005-example.md) -->\n<!--\n[multi](0007-line.md)\n-->\nSee [B](0009-b.md).\n";
        assert_eq!(
            check(&[input(1, "0001-a.md", text)]),
            ["docs/adr/0001-a.md: it links to 0009-b.md, which is not in the folder"]
        );
    }

    #[test]
    fn template_placeholders_for_the_status_are_reported() {
        for status in [
            "[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]",
            "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}",
        ] {
            let text = format!("# A\n\n* Status: {status}\n* Date: 2026-01-15\n");
            let problems = check(&[input(1, "0001-a.md", &text)]);
            assert!(
                problems
                    .iter()
                    .any(|problem| problem.contains("is a template's list of choices")),
                "{problems:?}"
            );
        }
    }

    #[test]
    fn two_status_sections_are_reported() {
        let text = "# 1. A\n\nDate: 2026-01-15\n\n## Status\n\nProposed\n\n## Context\n\nX.\n\n## Status\n\nAccepted\n";
        assert_eq!(
            check(&[input(1, "0001-a.md", text)]),
            ["docs/adr/0001-a.md: it has 2 '## Status' sections; tools read one of them, not always the same: keep one"]
        );
    }

    #[test]
    fn a_numbering_jump_after_a_date_numbered_file_is_reported() {
        let record = |number: u64| {
            format!("---\nstatus: accepted\ndate: 2026-01-15\nnumber: {number}\n---\n# R{number}\n")
        };
        let dated = "# Use X\n\n- Status: accepted\n- Date: 2024-01-01\n";
        let problems = check(&[
            input(1, "0001-a.md", &record(1)),
            input(2, "0002-b.md", &record(2)),
            input(5, "0005-e.md", &record(5)),
            input(20_240_101, "20240101-use-x.md", dated),
            input(2027, "2027-use-gunicorn.md", &record(2027)),
        ]);
        assert_eq!(
            problems,
            ["docs/adr/2027-use-gunicorn.md: its number 2027 jumps from 5, the record before it: a tool may have numbered it from a date or a year; renumber it ADR-0006"]
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
