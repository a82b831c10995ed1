//! The rewrites `scaffold adr` makes to a record's text: a new status
//! (`accept`, `reject`, `deprecate`), or superseded by a newer record, with
//! the date of the change. Every other byte is kept. Pure: text in, text out.
//!
//! MADR dates a record by its last update, so a MADR record's `date` (front
//! matter, or a `* Date:` line) becomes the day of the change. adr-tools'
//! `Date:` line is the day of the decision, and is left alone.

use super::parse::{content, ending, Parsed, StatusAt};
use super::record::{label, RecordProblem, RecordRef, Status};
use crate::templates::render::{json_string, one_line};
use std::collections::BTreeMap;

/// The status a record is given.
#[derive(Debug, Clone, Copy)]
pub enum NewStatus<'a> {
    Set(Status),
    SupersededBy(&'a RecordRef),
}

impl NewStatus<'_> {
    /// MADR's wording: `accepted`, `superseded by ADR-0003`.
    fn madr(&self) -> String {
        match self {
            NewStatus::Set(status) => status.word().to_owned(),
            NewStatus::SupersededBy(by) => format!("superseded by {}", label(by.number)),
        }
    }

    /// The bullet dialects' wording (MADR 2's `* Status:`, log4brains'
    /// `- Status:`): `accepted`, and a link to the superseding record,
    /// `superseded by [ADR-0003](0003-x.md)`, as their templates write it
    /// (log4brains finds the superseder from that link).
    fn bullet(&self) -> String {
        match self {
            NewStatus::Set(status) => status.word().to_owned(),
            NewStatus::SupersededBy(by) => {
                format!("superseded by [{}]({})", label(by.number), by.file_name)
            }
        }
    }

    /// adr-tools' wording under `## Status`: `Accepted`,
    /// `Superseded by [3. Title](0003-x.md)`.
    fn nygard(&self) -> String {
        match self {
            NewStatus::Set(status) => {
                let word = status.word();
                word[..1].to_ascii_uppercase() + &word[1..]
            }
            NewStatus::SupersededBy(by) => format!(
                "Superseded by [{}. {}]({})",
                by.number,
                link_text(&by.title),
                by.file_name
            ),
        }
    }
}

/// The record's text with its status set to `new`, dated `today` (MADR
/// forms): in front matter `status: "superseded by ADR-0003"` plus a
/// `Superseded by [ADR-0003](0003-x.md).` line under the title; under
/// `## Status` (adr-tools) the paragraph becomes `Accepted` or
/// `Superseded by [3. Title](0003-x.md)`; a `* Status:` line gets the
/// bullet dialects' wording, and keeps a trailing `<!-- comment -->`.
///
/// # Errors
/// A [`RecordProblem`] when the record does not parse, or has no status and
/// no front matter to hold one.
pub fn with_status(text: &str, new: NewStatus, today: &str) -> Result<String, RecordProblem> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let parsed = Parsed::new(text)?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut edits = Edits::default();
    let status_line = format!("status: {}", json_string(&new.madr()));
    let date_line = format!("date: {}", json_string(today));
    let madr = match &parsed.status_at {
        Some(StatusAt::FrontMatter { first, last }) => {
            edits.replace(*first, *last, vec![status_line]);
            match parsed.date_entry {
                Some((first, last)) => edits.replace(first, last, vec![date_line]),
                None => edits.insert_after(*last, vec![date_line]),
            }
            true
        }
        Some(StatusAt::Section { first, last }) => {
            edits.replace(*first, *last, vec![new.nygard()]);
            false
        }
        Some(StatusAt::Line { line, prefix_len }) => {
            edits.replace(
                *line,
                *line,
                vec![bullet_line(lines[*line], *prefix_len, &new.bullet())],
            );
            if let Some((line, prefix_len)) = parsed.date_line {
                edits.replace(
                    line,
                    line,
                    vec![bullet_line(lines[line], prefix_len, today)],
                );
            }
            true
        }
        None if parsed.has_front_matter => {
            // Front matter without a status: add one right after the opening `---`.
            match parsed.date_entry {
                Some((first, last)) => {
                    edits.insert_after(0, vec![status_line]);
                    edits.replace(first, last, vec![date_line]);
                }
                None => edits.insert_after(0, vec![status_line, date_line]),
            }
            true
        }
        None => return Err(RecordProblem::NoStatus),
    };
    if let (true, NewStatus::SupersededBy(by), Some(title)) = (madr, new, parsed.title_line) {
        edits.insert_after(
            title,
            vec![
                String::new(),
                format!("Superseded by [{}]({}).", label(by.number), by.file_name),
            ],
        );
    }
    Ok(format!("{bom}{}", edits.apply(&lines)))
}

/// Line edits, by 0-based line index: ranges replaced, lines inserted after.
#[derive(Default)]
struct Edits {
    replaced: BTreeMap<usize, (usize, Vec<String>)>,
    inserted: BTreeMap<usize, Vec<String>>,
}

impl Edits {
    fn replace(&mut self, first: usize, last: usize, with: Vec<String>) {
        self.replaced.insert(first, (last, with));
    }

    fn insert_after(&mut self, line: usize, new: Vec<String>) {
        self.inserted.entry(line).or_default().extend(new);
    }

    /// The lines with the edits made, in the file's own line endings.
    fn apply(&self, lines: &[&str]) -> String {
        let eol = lines
            .first()
            .map(|line| ending(line))
            .filter(|eol| !eol.is_empty())
            .unwrap_or("\n");
        let mut out = String::new();
        let mut index = 0;
        while index < lines.len() {
            let last = match self.replaced.get(&index) {
                Some((last, with)) => {
                    let end = ending(lines[*last]);
                    for (n, line) in with.iter().enumerate() {
                        out.push_str(line);
                        out.push_str(if n + 1 == with.len() { end } else { eol });
                    }
                    *last
                }
                None => {
                    out.push_str(lines[index]);
                    index
                }
            };
            if let Some(new) = self.inserted.get(&last) {
                if !out.ends_with('\n') {
                    out.push_str(eol);
                }
                for line in new {
                    out.push_str(line);
                    out.push_str(eol);
                }
            }
            index = last + 1;
        }
        out
    }
}

/// A `* Key: value` line with a new value: what precedes the value is
/// kept, and so is a comment after it (`<!-- optional -->`, the MADR 2 and
/// log4brains templates' marks).
fn bullet_line(line: &str, prefix_len: usize, value: &str) -> String {
    let line = content(line);
    let comment = line[prefix_len..]
        .find("<!--")
        .map(|at| format!(" {}", line[prefix_len + at..].trim_end()))
        .unwrap_or_default();
    format!("{}{value}{comment}", &line[..prefix_len])
}

/// Markdown link text that shows `[` and `]` literally.
fn link_text(text: &str) -> String {
    one_line(text).replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MADR: &str = "---\nstatus: \"accepted\"\ndate: 2026-01-15\nnumber: 2\ndecision-makers:\n  - Ada\n  - Grace\n---\n# Use Flask as the backend framework\n\n## Context and Problem Statement\n\nText.\n";

    const NYGARD: &str = "# 2. Use PostgreSQL\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\n";

    const TODAY: &str = "2026-11-27";

    fn by() -> RecordRef {
        RecordRef {
            number: 3,
            title: "Use SQLite".to_owned(),
            file_name: "0003-use-sqlite.md".to_owned(),
        }
    }

    fn superseded(text: &str) -> Result<String, RecordProblem> {
        with_status(text, NewStatus::SupersededBy(&by()), TODAY)
    }

    #[test]
    fn superseding_madr_writes_madr_s_status_the_date_and_a_link_under_the_title() {
        assert_eq!(
            superseded(MADR).expect("updates"),
            MADR.replace(
                "status: \"accepted\"\ndate: 2026-01-15\n",
                "status: \"superseded by ADR-0003\"\ndate: \"2026-11-27\"\n"
            )
            .replace(
                "# Use Flask as the backend framework\n",
                "# Use Flask as the backend framework\n\nSuperseded by [ADR-0003](0003-use-sqlite.md).\n"
            )
        );
    }

    #[test]
    fn superseding_nygard_replaces_the_status_paragraph_adr_tools_style() {
        assert_eq!(
            superseded(NYGARD).expect("updates"),
            NYGARD.replace(
                "\nAccepted\n",
                "\nSuperseded by [3. Use SQLite](0003-use-sqlite.md)\n"
            )
        );
    }

    #[test]
    fn superseding_keeps_crlf_endings_and_the_byte_order_mark() {
        let text = "\u{feff}# 1. A\r\n\r\n## Status\r\n\r\nAccepted\r\nstill accepted\r\n\r\n## Context\r\n";
        assert_eq!(
            superseded(text).expect("updates"),
            "\u{feff}# 1. A\r\n\r\n## Status\r\n\r\nSuperseded by [3. Use SQLite](0003-use-sqlite.md)\r\n\r\n## Context\r\n"
        );
    }

    #[test]
    fn superseding_a_bullet_status_dates_its_bullet_date() {
        let text = "# A\n\n* Status: accepted\n* Date: 2020-01-01\n\n## Context\n";
        assert_eq!(
            superseded(text).expect("updates"),
            "# A\n\nSuperseded by [ADR-0003](0003-use-sqlite.md).\n\n* Status: superseded by [ADR-0003](0003-use-sqlite.md)\n* Date: 2026-11-27\n\n## Context\n"
        );
    }

    #[test]
    fn a_log4brains_bullet_record_is_superseded_in_its_own_form_keeping_its_comments() {
        let text = "# Use X for messaging\n\n- Status: accepted <!-- optional -->\n- Deciders: Ada\n- Date: 2024-01-01 <!-- when -->\n\n## Context\n";
        assert_eq!(
            superseded(text).expect("updates"),
            "# Use X for messaging\n\nSuperseded by [ADR-0003](0003-use-sqlite.md).\n\n- Status: superseded by [ADR-0003](0003-use-sqlite.md) <!-- optional -->\n- Deciders: Ada\n- Date: 2026-11-27 <!-- when -->\n\n## Context\n"
        );
        let proposed = "# A\n\n* Status: proposed <!-- optional -->\n";
        assert_eq!(
            with_status(proposed, NewStatus::Set(Status::Accepted), TODAY).expect("updates"),
            "# A\n\n* Status: accepted <!-- optional -->\n"
        );
    }

    #[test]
    fn front_matter_without_a_status_gets_one_and_a_date() {
        let text = "---\ndate: 2024-01-01\n---\n# A\n";
        assert_eq!(
            with_status(text, NewStatus::Set(Status::Accepted), TODAY).expect("updates"),
            "---\nstatus: \"accepted\"\ndate: \"2026-11-27\"\n---\n# A\n"
        );
        let text = "---\ntags: [x]\n---\n# A\n";
        assert_eq!(
            with_status(text, NewStatus::Set(Status::Rejected), TODAY).expect("updates"),
            "---\nstatus: \"rejected\"\ndate: \"2026-11-27\"\ntags: [x]\n---\n# A\n"
        );
        assert_eq!(
            superseded("# A\n\nNo status.\n"),
            Err(RecordProblem::NoStatus)
        );
    }

    #[test]
    fn a_multi_line_status_value_is_replaced_whole() {
        let text = "---\nstatus: >\n  accepted\n  for now\ndate: 2024-01-01\n---\n# A\n";
        assert_eq!(
            with_status(text, NewStatus::Set(Status::Deprecated), TODAY).expect("updates"),
            "---\nstatus: \"deprecated\"\ndate: \"2026-11-27\"\n---\n# A\n"
        );
    }

    #[test]
    fn accepting_a_nygard_record_keeps_its_decision_date() {
        let text = NYGARD.replace("\nAccepted\n", "\nProposed\n");
        assert_eq!(
            with_status(&text, NewStatus::Set(Status::Accepted), TODAY).expect("updates"),
            NYGARD
        );
    }
}
