//! Reading a decision record's text into a [`Record`], from either form
//! found in the wild:
//!
//! - MADR: YAML front matter (`status:`, `date:`), then `# Title`. The older
//!   MADR 2 form, with `* Status: ...` and `* Date: ...` lines under the
//!   title and no front matter, is read too.
//! - Nygard, as adr-tools writes it: `# 2. Title`, `Date: 2024-03-01`, then
//!   `## Status` whose first line is the status.
//!
//! Values are read the way people and other tools write them: HTML comments
//! (`accepted <!-- optional -->`) are dropped, and a dated status
//! (`2026-11-27 proposed`, as the npm adr-tools writes it) gives the status.
//! `Parsed` also keeps where each fact was found, for the rewrites in
//! [`super::edit`]. Pure: text in, data out.

use super::record::{Record, RecordProblem};
use crate::templates::render::one_line;

/// Reads a record's title, status and date.
///
/// # Errors
/// A [`RecordProblem`] for front matter that is not `key: value` lines
/// between two `---` lines, or a file with no title.
pub fn record(text: &str) -> Result<Record, RecordProblem> {
    Ok(Parsed::new(text)?.record)
}

/// A value without its HTML comments (`accepted <!-- optional -->` gives
/// `accepted`); an unclosed comment runs to the end.
pub fn without_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        rest = match rest[open + 4..].find("-->") {
            Some(close) => &rest[open + 4 + close + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    one_line(out.trim())
}

/// A status without a leading date: `2026-11-27 proposed` gives `proposed`
/// (the npm adr-tools writes the date in front of each status it sets).
fn without_leading_date(status: &str) -> &str {
    match status.split_once(' ') {
        Some((first, rest)) if is_iso_date(first) && !rest.trim().is_empty() => rest.trim(),
        _ => status,
    }
}

/// `YYYY-MM-DD`, with a real month and day.
pub fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|part| part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u32>().ok())
    };
    matches!(
        (digits(0..4), digits(5..7), digits(8..10)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// A line without its line ending.
pub(super) fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

/// A line's ending: `\r\n`, `\n`, or nothing on a last line without one.
pub(super) fn ending(line: &str) -> &str {
    &line[content(line).len()..]
}

/// Where the status is written, in lines of the file (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StatusAt {
    /// The `status:` entry of the front matter, with its continuation lines.
    FrontMatter { first: usize, last: usize },
    /// The first paragraph under `## Status`.
    Section { first: usize, last: usize },
    /// A `* Status: value` line; `prefix_len` bytes precede the value.
    Line { line: usize, prefix_len: usize },
}

/// A record with the places its facts came from, for rewriting (lines
/// counted without a byte order mark).
pub(super) struct Parsed {
    pub record: Record,
    pub has_front_matter: bool,
    pub status_at: Option<StatusAt>,
    /// The front matter's `date:` entry, first and last line.
    pub date_entry: Option<(usize, usize)>,
    /// A `* Date: value` line before the first `##`: the line and the
    /// length of what precedes the value.
    pub date_line: Option<(usize, usize)>,
    /// The `# Title` line.
    pub title_line: Option<usize>,
    /// How many `## Status` headings the body has (outside code fences).
    pub status_sections: usize,
}

/// One `key: value` of the front matter.
struct Entry {
    key: String,
    /// The value in words: a scalar unquoted, list items joined by ", ".
    value: String,
    first: usize,
    last: usize,
}

impl Parsed {
    pub(super) fn new(text: &str) -> Result<Parsed, RecordProblem> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.split_inclusive('\n').map(content).collect();
        let (entries, body_line) = front_matter(&lines)?;
        let has_front_matter = body_line > 0;
        let entry = |key: &str| entries.iter().find(|entry| entry.key == key);

        let body = Body::scan(&lines, body_line);
        let title = body
            .title
            .map(|title| without_comments(&title))
            .or_else(|| entry("title").map(|entry| entry.value.clone()))
            .filter(|title| !title.is_empty())
            .ok_or(RecordProblem::NoTitle)?;

        let (status, status_at) = match entry("status") {
            Some(entry) => (
                Some(entry.value.clone()).filter(|value| !value.is_empty()),
                Some(StatusAt::FrontMatter {
                    first: entry.first,
                    last: entry.last,
                }),
            ),
            None => match (body.status_section, body.status_line) {
                (Some((status, first, last)), _) => {
                    (Some(status), Some(StatusAt::Section { first, last }))
                }
                (None, Some((status, line, prefix_len))) => {
                    (Some(status), Some(StatusAt::Line { line, prefix_len }))
                }
                (None, None) => (None, None),
            },
        };
        let status = status
            .map(|status| without_leading_date(&without_comments(&status)).to_owned())
            .filter(|status| !status.is_empty());
        let date = entry("date")
            .map(|entry| entry.value.clone())
            .or(body.date.map(|(date, _, _)| date))
            .map(|date| without_comments(&date))
            .filter(|date| !date.is_empty());
        let date_line = match entry("date") {
            Some(_) => None,
            None => body.date_line,
        };

        Ok(Parsed {
            record: Record {
                title,
                status,
                date,
                number: entry("number").map(|entry| entry.value.clone()),
                front_matter: entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.clone()))
                    .collect(),
                body_line,
            },
            has_front_matter,
            status_at,
            date_entry: entry("date").map(|entry| (entry.first, entry.last)),
            date_line,
            title_line: body.title_line,
            status_sections: body.status_sections,
        })
    }
}

/// The front matter's entries and the index of the first body line (0
/// without front matter). A deliberately small YAML reader: top-level
/// `key: value` lines, with quoted, plain, flow (`[a, b]`) or block values;
/// indented and `- item` lines continue the entry above.
fn front_matter(lines: &[&str]) -> Result<(Vec<Entry>, usize), RecordProblem> {
    if lines.first().map(|line| line.trim_end()) != Some("---") {
        return Ok((Vec::new(), 0));
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|line| matches!(line.trim_end(), "---" | "..."))
        .map(|index| index + 1)
        .ok_or(RecordProblem::UnclosedFrontMatter)?;

    let mut entries: Vec<Entry> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for (index, line) in lines.iter().enumerate().take(close).skip(1) {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t', '-']) {
            let entry = entries
                .last_mut()
                .ok_or(RecordProblem::FrontMatterLine { line: number })?;
            entry.last = index;
            // A list item may be quoted (`- "Ada <ada@example.com>"`); a
            // block scalar's lines are taken as they are.
            items.push(match trimmed.strip_prefix('-') {
                Some(item) => {
                    let item = item.trim_start();
                    scalar(item).unwrap_or_else(|_| item.to_owned())
                }
                None => trimmed.to_owned(),
            });
            continue;
        }
        finish_entry(entries.last_mut(), &mut items);
        let (key, raw) = split_key(line).ok_or(RecordProblem::FrontMatterLine { line: number })?;
        if let Some(first) = entries.iter().find(|entry| entry.key == key) {
            return Err(RecordProblem::DuplicateKey {
                key: key.to_owned(),
                first: first.first + 1,
                second: number,
            });
        }
        let value = scalar(raw).map_err(|problem| match problem {
            ScalarProblem::Unclosed => RecordProblem::UnclosedQuote {
                key: key.to_owned(),
                line: number,
            },
            ScalarProblem::Trailing => RecordProblem::FrontMatterLine { line: number },
        })?;
        entries.push(Entry {
            key: key.to_owned(),
            value,
            first: index,
            last: index,
        });
    }
    finish_entry(entries.last_mut(), &mut items);
    Ok((entries, close + 1))
}

/// Gives an entry whose value sits on the lines below it (a list, a block
/// scalar) that value, in words.
fn finish_entry(entry: Option<&mut Entry>, items: &mut Vec<String>) {
    if let Some(entry) = entry {
        if !items.is_empty() {
            let block = entry.value.starts_with(['|', '>']);
            if entry.value.is_empty() || block {
                entry.value = items.join(if block { " " } else { ", " });
            }
        }
    }
    items.clear();
}

/// `key: value` into its parts; `None` when the line has no `: `.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let colon = line
        .char_indices()
        .find(|&(index, c)| {
            c == ':'
                && line[index + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(index, _)| index)?;
    let key = line[..colon].trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key);
    (!key.is_empty()).then(|| (key, line[colon + 1..].trim()))
}

enum ScalarProblem {
    Unclosed,
    Trailing,
}

/// A YAML scalar on one line, in words: quotes removed and escapes applied,
/// a trailing ` # comment` dropped.
fn scalar(raw: &str) -> Result<String, ScalarProblem> {
    let (value, rest) = if let Some(inner) = raw.strip_prefix('"') {
        let mut escaped = false;
        let end = inner
            .char_indices()
            .find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            })
            .map(|(index, _)| index)
            .ok_or(ScalarProblem::Unclosed)?;
        let quoted = &raw[..end + 2];
        let value = serde_json::from_str::<String>(quoted)
            .unwrap_or_else(|_| inner[..end].replace("\\\"", "\"").replace("\\\\", "\\"));
        (value, &inner[end + 1..])
    } else if let Some(inner) = raw.strip_prefix('\'') {
        // In single quotes, '' is a quote and nothing else is special.
        let mut value = String::new();
        let mut chars = inner.char_indices().peekable();
        let end = loop {
            match chars.next() {
                Some((_, '\'')) if chars.peek().map(|&(_, c)| c) == Some('\'') => {
                    chars.next();
                    value.push('\'');
                }
                Some((index, '\'')) => break index,
                Some((_, c)) => value.push(c),
                None => return Err(ScalarProblem::Unclosed),
            }
        };
        (value, &inner[end + 1..])
    } else {
        let value = match raw.find(" #") {
            Some(comment) => &raw[..comment],
            None if raw.starts_with('#') => "",
            None => raw,
        };
        return Ok(value.trim().to_owned());
    };
    let rest = rest.trim();
    if rest.is_empty() || rest.starts_with('#') {
        Ok(value)
    } else {
        Err(ScalarProblem::Trailing)
    }
}

/// What the Markdown body says, outside code fences.
#[derive(Default)]
struct Body {
    title: Option<String>,
    title_line: Option<usize>,
    /// `Date:` or `* Date:` in the lines before the first `##` heading: the
    /// value, the line, and the length of what precedes the value.
    date: Option<(String, usize, usize)>,
    /// The same line when it is a MADR 2 bullet (`* Date:`), which MADR
    /// dates by its last update; adr-tools' plain `Date:` is the date of
    /// the decision and is left alone by rewrites.
    date_line: Option<(usize, usize)>,
    /// The first paragraph under `## Status`: its text and first and last line.
    status_section: Option<(String, usize, usize)>,
    /// How many `## Status` headings there are.
    status_sections: usize,
    /// `* Status: x` before the first `##` heading: the value, the line, and
    /// the length of what precedes the value.
    status_line: Option<(String, usize, usize)>,
}

impl Body {
    fn scan(lines: &[&str], start: usize) -> Body {
        let mut body = Body::default();
        let mut fence: Option<&str> = None;
        let mut in_preamble = true;
        let mut index = start;
        while index < lines.len() {
            let line = lines[index];
            let trimmed = line.trim();
            if let Some(open) = fence {
                if trimmed.starts_with(open) {
                    fence = None;
                }
                index += 1;
                continue;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fence = Some(&trimmed[..3]);
            } else if let Some(heading) = line.strip_prefix("# ") {
                if body.title.is_none() {
                    body.title = Some(strip_number(heading.trim()).to_owned());
                    body.title_line = Some(index);
                }
            } else if let Some(heading) = line.strip_prefix("## ") {
                in_preamble = false;
                if heading.trim().eq_ignore_ascii_case("status") {
                    body.status_sections += 1;
                    if body.status_section.is_none() {
                        body.status_section = status_paragraph(lines, index + 1);
                    }
                }
            } else if in_preamble {
                body.preamble_line(line, index);
            }
            index += 1;
        }
        body
    }

    /// A `Date:` or `Status:` line under the title, bulleted or not.
    fn preamble_line(&mut self, line: &str, index: usize) {
        let unbulleted = line
            .strip_prefix("* ")
            .or_else(|| line.strip_prefix("- "))
            .unwrap_or(line);
        let prefix_len = line.len() - unbulleted.len();
        if let Some((label, value)) = unbulleted.split_once(':') {
            let value_start = prefix_len + label.len() + 1;
            let value_start =
                value_start + (line[value_start..].len() - line[value_start..].trim_start().len());
            let value = value.trim().to_owned();
            if label.eq_ignore_ascii_case("date") && self.date.is_none() {
                self.date = Some((value, index, value_start));
                if prefix_len > 0 {
                    self.date_line = Some((index, value_start));
                }
            } else if label.eq_ignore_ascii_case("status") && self.status_line.is_none() {
                self.status_line = Some((value, index, value_start));
            }
        }
    }
}

/// `2. Use PostgreSQL` gives `Use PostgreSQL` (adr-tools numbers its titles).
fn strip_number(heading: &str) -> &str {
    let rest = heading.trim_start_matches(|c: char| c.is_ascii_digit());
    match rest.strip_prefix(". ") {
        Some(title) if rest.len() < heading.len() => title.trim(),
        _ => heading,
    }
}

/// The status under `## Status` from `start` on, before any heading: the
/// first paragraph's lines joined by spaces, with its first and last line.
/// A bare `Superseded` followed by a paragraph `Superseded by [N. Title](…)`
/// (how adrs writes it) is read as that second paragraph, the two together
/// being the status's lines.
fn status_paragraph(lines: &[&str], start: usize) -> Option<(String, usize, usize)> {
    let (text, first, last) = paragraph(lines, start)?;
    let bare = without_comments(&text).to_ascii_lowercase();
    if matches!(bare.as_str(), "superseded" | "superceded") {
        if let Some((next, _, next_last)) = paragraph(lines, last + 1) {
            let lower = next.to_ascii_lowercase();
            if lower.starts_with("superseded by") || lower.starts_with("superceded by") {
                return Some((next, first, next_last));
            }
        }
    }
    Some((text, first, last))
}

/// The paragraph from `start` on, before any heading: its lines joined by
/// spaces, with its first and last line.
fn paragraph(lines: &[&str], start: usize) -> Option<(String, usize, usize)> {
    let first = (start..lines.len()).find(|&index| !lines[index].trim().is_empty())?;
    if lines[first].starts_with('#') {
        return None;
    }
    let last = (first..lines.len())
        .take_while(|&index| !lines[index].trim().is_empty() && !lines[index].starts_with('#'))
        .last()
        .unwrap_or(first);
    let text = lines[first..=last]
        .iter()
        .map(|line| line.trim())
        .collect::<Vec<_>>()
        .join(" ");
    Some((text, first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MADR: &str = "---\nstatus: \"accepted\"\ndate: 2026-01-15\ndecision-makers:\n  - Ada\n  - Grace\n---\n\n# Use Flask as the backend framework\n\n## Context and Problem Statement\n\nText.\n";

    const NYGARD: &str = "# 2. Use PostgreSQL\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\n";

    #[test]
    fn madr_records_give_title_status_and_date_from_front_matter() {
        let record = record(MADR).expect("parses");
        assert_eq!(record.title, "Use Flask as the backend framework");
        assert_eq!(record.status.as_deref(), Some("accepted"));
        assert_eq!(record.date.as_deref(), Some("2026-01-15"));
        assert_eq!(
            record.front_matter[2],
            ("decision-makers".to_owned(), "Ada, Grace".to_owned())
        );
        assert_eq!(record.body_line, 7);
    }

    #[test]
    fn nygard_records_give_title_without_number_status_and_date() {
        let record = record(NYGARD).expect("parses");
        assert_eq!(record.title, "Use PostgreSQL");
        assert_eq!(record.status.as_deref(), Some("Accepted"));
        assert_eq!(record.date.as_deref(), Some("2024-03-01"));
        assert!(record.front_matter.is_empty());
    }

    #[test]
    fn madr_2_bullet_lines_give_status_and_date() {
        let text = "# Use Markdown\n\n* Status: accepted\n* Deciders: Ada\n* Date: 2020-05-01\n\n## Context\n";
        let record = record(text).expect("parses");
        assert_eq!(record.status.as_deref(), Some("accepted"));
        assert_eq!(record.date.as_deref(), Some("2020-05-01"));
    }

    #[test]
    fn quoted_and_commented_front_matter_values_are_read_in_words() {
        let text =
            "---\nstatus: 'it''s \"done\"' # yes\ndate: \"2024-01-02\"\ntags: [a, b]\n---\n# T\n";
        let quoted = record(text).expect("parses");
        assert_eq!(quoted.status.as_deref(), Some("it's \"done\""));
        assert_eq!(quoted.date.as_deref(), Some("2024-01-02"));
        let text = "---\nstatus: proposed # not yet\n---\n# T\n";
        assert_eq!(
            record(text).expect("parses").status.as_deref(),
            Some("proposed")
        );
    }

    #[test]
    fn crlf_files_and_a_byte_order_mark_parse() {
        let text = "\u{feff}---\r\nstatus: accepted\r\n---\r\n\r\n# Title\r\n";
        let record = record(text).expect("parses");
        assert_eq!(record.title, "Title");
        assert_eq!(record.status.as_deref(), Some("accepted"));
    }

    #[test]
    fn malformed_front_matter_names_the_problem_and_line() {
        assert_eq!(
            record("---\nstatus: accepted\n# Title\n"),
            Err(RecordProblem::UnclosedFrontMatter)
        );
        assert_eq!(
            record("---\nstatus accepted\n---\n# Title\n"),
            Err(RecordProblem::FrontMatterLine { line: 2 })
        );
        assert_eq!(
            record("---\ndate: 2024\nstatus: \"accepted\n---\n# T\n"),
            Err(RecordProblem::UnclosedQuote {
                key: "status".to_owned(),
                line: 3
            })
        );
        assert_eq!(
            record("---\nstatus: a\nstatus: b\n---\n# T\n"),
            Err(RecordProblem::DuplicateKey {
                key: "status".to_owned(),
                first: 2,
                second: 3
            })
        );
        assert_eq!(
            record("---\n  - stray\n---\n# T\n"),
            Err(RecordProblem::FrontMatterLine { line: 2 })
        );
        assert_eq!(
            RecordProblem::FrontMatterLine { line: 2 }.to_string(),
            "line 2 of the front matter is not a 'key: value' line"
        );
    }

    #[test]
    fn a_record_without_a_title_is_malformed() {
        assert_eq!(
            record("---\nstatus: accepted\n---\nNo heading.\n"),
            Err(RecordProblem::NoTitle)
        );
        let text = "---\ntitle: From front matter\n---\nBody\n";
        assert_eq!(record(text).expect("parses").title, "From front matter");
    }

    #[test]
    fn headings_inside_code_fences_are_not_titles_or_statuses() {
        let text = "```md\n# Not this\n## Status\n\nNope\n```\n\n# Real title\n";
        let record = record(text).expect("parses");
        assert_eq!(record.title, "Real title");
        assert_eq!(record.status, None);
    }

    #[test]
    fn html_comments_are_dropped_from_status_date_and_title() {
        let text = "# Use Redis <!-- short -->\n\n- Status: accepted <!-- optional -->\n- Date: 2026-11-27 <!-- when -->\n\n## Context\n";
        let record = record(text).expect("parses");
        assert_eq!(record.title, "Use Redis");
        assert_eq!(record.status.as_deref(), Some("accepted"));
        assert_eq!(record.date.as_deref(), Some("2026-11-27"));
    }

    #[test]
    fn a_dated_status_gives_the_status_without_its_date() {
        let text = "# 1. Use Redis\n\nDate: 2026-11-27\n\n## Status\n\n2026-11-27 proposed\n";
        assert_eq!(
            record(text).expect("parses").status.as_deref(),
            Some("proposed")
        );
    }

    #[test]
    fn the_front_matter_number_is_read_back() {
        let text = "---\nstatus: \"accepted\"\ndate: \"2026-01-15\"\nnumber: 2\n---\n# T\n";
        assert_eq!(record(text).expect("parses").number.as_deref(), Some("2"));
    }

    #[test]
    fn a_bare_superseded_takes_its_superseder_from_the_next_paragraph() {
        // adrs 0.13's superseded Nygard record.
        let text = "# 3. Use Redis\n\nDate: 2026-12-04\n\n## Status\n\nSuperseded\n\nSuperseded by [6. Use Memcached](0006-use-memcached.md)\n\n## Context\n";
        let parsed = Parsed::new(text).expect("parses");
        assert_eq!(
            parsed.record.status.as_deref(),
            Some("Superseded by [6. Use Memcached](0006-use-memcached.md)")
        );
        assert_eq!(
            parsed.status_at,
            Some(StatusAt::Section { first: 6, last: 8 })
        );
        // A bare one with nothing after it stays bare; another status is one paragraph.
        let bare = "# 3. X\n\n## Status\n\nSuperseded\n\n## Context\n";
        assert_eq!(
            record(bare).expect("parses").status.as_deref(),
            Some("Superseded")
        );
        let two = "# 3. X\n\n## Status\n\nAccepted\n\nSuperseded by [6. Y](0006-y.md)\n";
        assert_eq!(
            record(two).expect("parses").status.as_deref(),
            Some("Accepted")
        );
    }

    #[test]
    fn status_sections_are_counted() {
        let text = "# X\n\n## Status\n\nAccepted\n\n## Context\n\n```\n## Status\n```\n\n## Status\n\nRejected\n";
        let parsed = Parsed::new(text).expect("parses");
        assert_eq!(parsed.status_sections, 2);
        assert_eq!(parsed.record.status.as_deref(), Some("Accepted"));
    }

    #[test]
    fn iso_dates_have_a_real_month_and_day() {
        assert!(is_iso_date("2026-01-15"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("15.01.2026"));
        assert!(!is_iso_date("2026-1-15"));
    }
}
