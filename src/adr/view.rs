//! How `scaffold adr list` and `scaffold adr show` present records: the
//! one-line-per-record listing (text and JSON), and a record made readable
//! at a terminal (front matter as a header, headings in bold). Pure: the
//! caller decides on colour and prints.

use super::record::{status_in_words, Record};
use console::{measure_text_width, Style};
use serde::Serialize;

/// One line of `scaffold adr list`, and one object of its `--json` array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub number: u64,
    pub title: String,
    /// As written in the record (links included); `null` when it has none.
    pub status: Option<String>,
    pub date: Option<String>,
    /// The file, inside the records folder as given.
    pub path: String,
}

/// Shown for a missing status or date.
const NONE: &str = "-";

/// Aligned columns: number, title, status (links reduced to their text),
/// date. Numbers take four digits, or as many as the longest (a log4brains
/// date number, `20261127`) needs. Control characters are replaced, so a
/// title cannot send escape sequences to the terminal.
pub fn list_text(records: &[Listed]) -> String {
    let status = |listed: &Listed| {
        listed
            .status
            .as_deref()
            .map_or_else(|| NONE.to_owned(), status_in_words)
    };
    let number_width = records
        .iter()
        .map(|listed| format!("{:04}", listed.number).len())
        .max()
        .unwrap_or(4);
    let title_width = records
        .iter()
        .map(|listed| measure_text_width(&printable(&listed.title)))
        .max()
        .unwrap_or(0);
    let status_width = records
        .iter()
        .map(|listed| measure_text_width(&printable(&status(listed))))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for listed in records {
        let number = format!("{:04}", listed.number);
        let line = format!(
            "{number:<number_width$}  {}  {}  {}",
            pad(&printable(&listed.title), title_width),
            pad(&printable(&status(listed)), status_width),
            printable(listed.date.as_deref().unwrap_or(NONE))
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Text safe to print at a terminal: every control character but newline
/// and tab becomes U+FFFD, so escape sequences in a record cannot move the
/// cursor, retitle the window or hide text.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(measure_text_width(text));
    format!("{text}{}", " ".repeat(fill))
}

/// The listing as a JSON array.
pub fn list_json(records: &[Listed]) -> String {
    let json = serde_json::to_string_pretty(records).expect("a listing always serializes");
    format!("{json}\n")
}

/// A record as `show` prints it at a terminal: the front matter becomes a
/// `Status: ...` header, then the body with its headings in bold (the `#`
/// marks are kept, so the structure shows without colour too). Control
/// characters in the record are replaced (see [`printable`]).
pub fn terminal_text(text: &str, record: &Record, color: bool) -> String {
    let style = |style: Style| style.force_styling(color);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = &printable(text);
    let record = &Record {
        front_matter: record
            .front_matter
            .iter()
            .map(|(key, value)| (printable(key), printable(value)))
            .collect(),
        ..record.clone()
    };
    let mut out = String::new();
    for (key, value) in &record.front_matter {
        let label = style(Style::new().dim()).apply_to(format!("{}:", capitalized(key)));
        let value = if key == "status" {
            style(status_style(value))
                .apply_to(value.clone())
                .to_string()
        } else {
            value.clone()
        };
        out.push_str(&format!("{label} {value}\n"));
    }
    let body: Vec<&str> = text.lines().skip(record.body_line).collect();
    let start = body
        .iter()
        .position(|line| !line.trim().is_empty())
        .unwrap_or(body.len());
    if !out.is_empty() && start < body.len() {
        out.push('\n');
    }
    let mut in_fence = false;
    for line in &body[start..] {
        let fence_line =
            line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        let styled = if in_fence || fence_line {
            style(Style::new().dim()).apply_to(*line).to_string()
        } else if line.starts_with("# ") {
            style(Style::new().bold().underlined())
                .apply_to(*line)
                .to_string()
        } else if line.starts_with('#') {
            style(Style::new().bold()).apply_to(*line).to_string()
        } else {
            (*line).to_owned()
        };
        if fence_line {
            in_fence = !in_fence;
        }
        out.push_str(&styled);
        out.push('\n');
    }
    out
}

/// Accepted in green, proposed in yellow, the rest (superseded, deprecated,
/// rejected) dimmed.
fn status_style(status: &str) -> Style {
    let status = status.to_ascii_lowercase();
    if status.starts_with("accepted") {
        Style::new().green()
    } else if status.starts_with("proposed") || status.starts_with("draft") {
        Style::new().yellow()
    } else {
        Style::new().dim()
    }
}

fn capitalized(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adr::parse;

    fn listed(number: u64, title: &str, status: Option<&str>, date: Option<&str>) -> Listed {
        Listed {
            number,
            title: title.to_owned(),
            status: status.map(str::to_owned),
            date: date.map(str::to_owned),
            path: format!("docs/adr/{number:04}-x.md"),
        }
    }

    #[test]
    fn the_list_aligns_number_title_status_and_date() {
        let text = list_text(&[
            listed(
                1,
                "Record architecture decisions",
                Some("accepted"),
                Some("2026-01-15"),
            ),
            listed(
                2,
                "Use Flask",
                Some("superseded by [ADR-0003](0003-use-express.md)"),
                None,
            ),
            listed(3, "Use Express", None, Some("2026-02-01")),
        ]);
        assert_eq!(
            text,
            "0001  Record architecture decisions  accepted                2026-01-15\n\
             0002  Use Flask                      superseded by ADR-0003  -\n\
             0003  Use Express                    -                       2026-02-01\n"
        );
    }

    #[test]
    fn date_numbers_widen_the_number_column_and_titles_lose_escapes() {
        let text = list_text(&[
            listed(1, "Use \u{1b}]0;pwned\u{7}Redis", Some("accepted"), None),
            listed(20_261_127, "Use Kafka", Some("proposed"), None),
        ]);
        assert_eq!(
            text,
            "0001      Use \u{fffd}]0;pwned\u{fffd}Redis  accepted  -\n\
             20261127  Use Kafka            proposed  -\n"
        );
    }

    #[test]
    fn the_json_listing_keeps_the_status_as_written_and_nulls() {
        let json = list_json(&[listed(3, "Use Express", None, Some("2026-02-01"))]);
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(value[0]["number"], 3);
        assert_eq!(value[0]["status"], serde_json::Value::Null);
        assert_eq!(value[0]["path"], "docs/adr/0003-x.md");
    }

    #[test]
    fn at_a_terminal_front_matter_becomes_a_header() {
        let text = "---\nstatus: \"accepted\"\ndate: 2026-01-15\n---\n\n# Use Flask\n\n## Context\n\nText.\n";
        let record = parse::record(text).expect("parses");
        assert_eq!(
            terminal_text(text, &record, false),
            "Status: accepted\nDate: 2026-01-15\n\n# Use Flask\n\n## Context\n\nText.\n"
        );
        let styled = terminal_text(text, &record, true);
        assert!(styled.contains("\u{1b}["), "{styled:?}");
    }

    #[test]
    fn at_a_terminal_escape_sequences_in_a_record_are_defused() {
        let text = "---\nstatus: \"accepted\u{1b}[2J\"\n---\n# Use \u{1b}]0;owned\u{7}Redis\n\nText\u{9b}31m.\n";
        let record = parse::record(text).expect("parses");
        let shown = terminal_text(text, &record, false);
        assert!(!shown.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{shown:?}");
        assert!(
            shown.contains("# Use \u{fffd}]0;owned\u{fffd}Redis\n"),
            "{shown:?}"
        );
    }

    #[test]
    fn nygard_records_show_as_written() {
        let text = "# 1. Record decisions\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n";
        let record = parse::record(text).expect("parses");
        assert_eq!(terminal_text(text, &record, false), text);
    }
}
