//! One decision record file as data: its number (from the file name), title,
//! status and date, read from either form found in the wild:
//!
//! - MADR: YAML front matter (`status:`, `date:`), then `# Title`. The older
//!   MADR 2 form, with `* Status: ...` and `* Date: ...` lines under the
//!   title and no front matter, is read too.
//! - Nygard, as adr-tools writes it: `# 2. Title`, `Date: 2024-03-01`, then
//!   `## Status` whose first line is the status.
//!
//! Also the one rewrite `scaffold adr new --supersedes` makes: marking a record
//! superseded, touching nothing but its status. Pure: text in, text out.

use crate::templates::render::{json_string, one_line};

/// Why a record file could not be read or updated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    #[error("it is not UTF-8 text")]
    NotUtf8,
    #[error("the front matter opened by '---' on line 1 is never closed by another '---' line")]
    UnclosedFrontMatter,
    #[error("line {line} of the front matter is not a 'key: value' line")]
    FrontMatterLine { line: usize },
    #[error("the value of '{key}' on line {line} has a quote that is never closed")]
    UnclosedQuote { key: String, line: usize },
    #[error("the front matter sets '{key}' twice, on lines {first} and {second}")]
    DuplicateKey {
        key: String,
        first: usize,
        second: usize,
    },
    #[error("it has no '# Title' heading")]
    NoTitle,
    #[error("its number is the largest there can be, so no record can follow it")]
    NumberTooLarge,
    #[error(
        "it has no status to mark as superseded (no 'status:' front matter, no '## Status' section, no 'Status:' line)"
    )]
    NoStatus,
}

/// What a record says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub title: String,
    /// As written: `accepted`, `Accepted`, `superseded by [ADR-0003](...)`.
    pub status: Option<String>,
    /// As written, usually `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The front matter's keys and their values in words, in file order
    /// (empty without front matter), for showing a record at a terminal.
    pub front_matter: Vec<(String, String)>,
    /// Where the body starts, in lines of the file (after the front matter).
    pub body_line: usize,
}

/// A record being added, as the record it supersedes links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub number: u32,
    pub title: String,
    /// The file name, which is also the relative link between records.
    pub file_name: String,
}

/// The longest slug a file name gets, so a long title cannot make a file
/// name the file system refuses (255 bytes on most).
const MAX_SLUG: usize = 100;

/// The record's number, from a file name of the form `NNNN-slug.md`; `None`
/// for other files (`README.md`, `index.md`, `template.md`).
pub fn number_of(file_name: &str) -> Option<u32> {
    let stem = file_name.strip_suffix(".md")?;
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || !stem[digits..].starts_with('-') {
        return None;
    }
    stem[..digits].parse().ok()
}

/// `0003-use-postgresql.md`.
pub fn file_name(number: u32, slug: &str) -> String {
    format!("{number:04}-{slug}.md")
}

/// The file-name form of a title: lowercase ASCII letters and digits, every
/// other run of characters one `-`, none at either end, at most
/// [`MAX_SLUG`] characters (cut at a `-`). Empty when the title has no ASCII
/// letter or digit.
pub fn slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > MAX_SLUG {
        let cut = slug[..=MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    slug.trim_end_matches('-').to_owned()
}

/// The status with Markdown links reduced to their text, for one-line lists:
/// `superseded by [ADR-0003](0003-x.md)` gives `superseded by ADR-0003`.
pub fn status_in_words(status: &str) -> String {
    let mut out = String::with_capacity(status.len());
    let mut rest = status;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            after[close + 2..]
                .find(')')
                .map(|end| (close, close + 2 + end + 1))
        });
        match link {
            Some((close, end)) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    one_line(&out)
}

/// Reads a record's title, status and date.
///
/// # Errors
/// A [`RecordProblem`] for front matter that is not `key: value` lines
/// between two `---` lines, or a file with no title.
pub fn parse(text: &str) -> Result<Record, RecordProblem> {
    Ok(Parsed::new(text)?.record)
}

/// The text of a record marked superseded by `by`, every other byte kept:
/// in front matter `status: "superseded by [ADR-0003](0003-x.md)"`; under
/// `## Status` (adr-tools) the status paragraph becomes
/// `Superseded by [3. Title](0003-x.md)`; a `* Status:` line gets the MADR
/// wording.
///
/// # Errors
/// A [`RecordProblem`] when the record does not parse, or has no status and
/// no front matter to hold one.
pub fn mark_superseded(text: &str, by: &RecordRef) -> Result<String, RecordProblem> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let parsed = Parsed::new(text)?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let madr = format!("superseded by [ADR-{:04}]({})", by.number, by.file_name);
    let (range, replacement) = match &parsed.status_at {
        Some(StatusAt::FrontMatter { first, last }) => {
            (*first..=*last, format!("status: {}", json_string(&madr)))
        }
        Some(StatusAt::Section { first, last }) => (
            *first..=*last,
            format!(
                "Superseded by [{}. {}]({})",
                by.number,
                link_text(&by.title),
                by.file_name
            ),
        ),
        Some(StatusAt::Line { line, prefix_len }) => {
            let kept = &content(lines[*line])[..*prefix_len];
            (*line..=*line, format!("{kept}{madr}"))
        }
        None if parsed.has_front_matter => {
            // Front matter without a status: add one right after the opening `---`.
            let ending = ending(lines[0]);
            let mut out = String::from(bom);
            out.push_str(lines[0]);
            out.push_str(&format!("status: {}{ending}", json_string(&madr)));
            lines[1..].iter().for_each(|line| out.push_str(line));
            return Ok(out);
        }
        None => return Err(RecordProblem::NoStatus),
    };
    let mut out = String::from(bom);
    for (index, line) in lines.iter().enumerate() {
        if index == *range.start() {
            out.push_str(&replacement);
            out.push_str(ending(lines[*range.end()]));
        } else if !range.contains(&index) {
            out.push_str(line);
        }
    }
    Ok(out)
}

/// Markdown link text that shows `[` and `]` literally.
fn link_text(text: &str) -> String {
    one_line(text).replace('[', "\\[").replace(']', "\\]")
}

/// A line without its line ending.
fn content(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r'])
}

/// A line's ending: `\r\n`, `\n`, or nothing on a last line without one.
fn ending(line: &str) -> &str {
    &line[content(line).len()..]
}

/// Where the status is written, in lines of the file (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
enum StatusAt {
    /// The `status:` entry of the front matter, with its continuation lines.
    FrontMatter { first: usize, last: usize },
    /// The first paragraph under `## Status`.
    Section { first: usize, last: usize },
    /// A `* Status: value` line; `prefix_len` bytes precede the value.
    Line { line: usize, prefix_len: usize },
}

/// A record with the places its facts came from, for rewriting.
struct Parsed {
    record: Record,
    has_front_matter: bool,
    status_at: Option<StatusAt>,
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
    fn new(text: &str) -> Result<Parsed, RecordProblem> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.split_inclusive('\n').map(content).collect();
        let (entries, body_line) = front_matter(&lines)?;
        let has_front_matter = body_line > 0;
        let entry = |key: &str| entries.iter().find(|entry| entry.key == key);

        let body = Body::scan(&lines, body_line);
        let title = body
            .title
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
        let date = entry("date")
            .map(|entry| entry.value.clone())
            .or(body.date)
            .filter(|date| !date.is_empty());

        Ok(Parsed {
            record: Record {
                title,
                status,
                date,
                front_matter: entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.clone()))
                    .collect(),
                body_line,
            },
            has_front_matter,
            status_at,
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
            items.push(
                trimmed
                    .strip_prefix('-')
                    .map_or(trimmed, str::trim_start)
                    .to_owned(),
            );
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
    /// `Date:` or `* Date:` in the lines before the first `##` heading.
    date: Option<String>,
    /// The first paragraph under `## Status`: its text and first and last line.
    status_section: Option<(String, usize, usize)>,
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
                }
            } else if let Some(heading) = line.strip_prefix("## ") {
                in_preamble = false;
                if body.status_section.is_none() && heading.trim().eq_ignore_ascii_case("status") {
                    body.status_section = status_paragraph(lines, index + 1);
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
                self.date = Some(value);
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

/// The first paragraph from `start` on, before any heading: its lines joined
/// by spaces, with its first and last line.
fn status_paragraph(lines: &[&str], start: usize) -> Option<(String, usize, usize)> {
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

    fn by() -> RecordRef {
        RecordRef {
            number: 3,
            title: "Use SQLite".to_owned(),
            file_name: "0003-use-sqlite.md".to_owned(),
        }
    }

    #[test]
    fn madr_records_give_title_status_and_date_from_front_matter() {
        let record = parse(MADR).expect("parses");
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
        let record = parse(NYGARD).expect("parses");
        assert_eq!(record.title, "Use PostgreSQL");
        assert_eq!(record.status.as_deref(), Some("Accepted"));
        assert_eq!(record.date.as_deref(), Some("2024-03-01"));
        assert!(record.front_matter.is_empty());
    }

    #[test]
    fn madr_2_bullet_lines_give_status_and_date() {
        let text = "# Use Markdown\n\n* Status: accepted\n* Deciders: Ada\n* Date: 2020-05-01\n\n## Context\n";
        let record = parse(text).expect("parses");
        assert_eq!(record.status.as_deref(), Some("accepted"));
        assert_eq!(record.date.as_deref(), Some("2020-05-01"));
    }

    #[test]
    fn quoted_and_commented_front_matter_values_are_read_in_words() {
        let text =
            "---\nstatus: 'it''s \"done\"' # yes\ndate: \"2024-01-02\"\ntags: [a, b]\n---\n# T\n";
        let record = parse(text).expect("parses");
        assert_eq!(record.status.as_deref(), Some("it's \"done\""));
        assert_eq!(record.date.as_deref(), Some("2024-01-02"));
        let text = "---\nstatus: proposed # not yet\n---\n# T\n";
        assert_eq!(
            parse(text).expect("parses").status.as_deref(),
            Some("proposed")
        );
    }

    #[test]
    fn crlf_files_and_a_byte_order_mark_parse() {
        let text = "\u{feff}---\r\nstatus: accepted\r\n---\r\n\r\n# Title\r\n";
        let record = parse(text).expect("parses");
        assert_eq!(record.title, "Title");
        assert_eq!(record.status.as_deref(), Some("accepted"));
    }

    #[test]
    fn malformed_front_matter_names_the_problem_and_line() {
        assert_eq!(
            parse("---\nstatus: accepted\n# Title\n"),
            Err(RecordProblem::UnclosedFrontMatter)
        );
        assert_eq!(
            parse("---\nstatus accepted\n---\n# Title\n"),
            Err(RecordProblem::FrontMatterLine { line: 2 })
        );
        assert_eq!(
            parse("---\ndate: 2024\nstatus: \"accepted\n---\n# T\n"),
            Err(RecordProblem::UnclosedQuote {
                key: "status".to_owned(),
                line: 3
            })
        );
        assert_eq!(
            parse("---\nstatus: a\nstatus: b\n---\n# T\n"),
            Err(RecordProblem::DuplicateKey {
                key: "status".to_owned(),
                first: 2,
                second: 3
            })
        );
        assert_eq!(
            parse("---\n  - stray\n---\n# T\n"),
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
            parse("---\nstatus: accepted\n---\nNo heading.\n"),
            Err(RecordProblem::NoTitle)
        );
        let text = "---\ntitle: From front matter\n---\nBody\n";
        assert_eq!(parse(text).expect("parses").title, "From front matter");
    }

    #[test]
    fn headings_inside_code_fences_are_not_titles_or_statuses() {
        let text = "```md\n# Not this\n## Status\n\nNope\n```\n\n# Real title\n";
        let record = parse(text).expect("parses");
        assert_eq!(record.title, "Real title");
        assert_eq!(record.status, None);
    }

    #[test]
    fn numbers_come_from_the_file_name_prefix() {
        assert_eq!(number_of("0002-use-postgresql.md"), Some(2));
        assert_eq!(number_of("12-x.md"), Some(12));
        for other in [
            "README.md",
            "index.md",
            "template.md",
            "0002.md",
            "0002-x.txt",
            "x-0002.md",
        ] {
            assert_eq!(number_of(other), None, "{other}");
        }
    }

    #[test]
    fn slugs_are_lowercase_ascii_words_joined_by_dashes() {
        assert_eq!(
            slug("Use Flask as the backend framework"),
            "use-flask-as-the-backend-framework"
        );
        assert_eq!(slug("  Move to C++ / Rust?! "), "move-to-c-rust");
        assert_eq!(slug("Café crème 2.0"), "caf-cr-me-2-0");
        assert_eq!(slug("!!! ???"), "");
        assert_eq!(slug("日本語"), "");
        let long = slug(&"word ".repeat(60));
        assert!(long.len() <= MAX_SLUG && long.ends_with("word"), "{long}");
    }

    #[test]
    fn statuses_in_words_keep_link_text_only() {
        assert_eq!(
            status_in_words("superseded by [ADR-0003](0003-x.md)"),
            "superseded by ADR-0003"
        );
        assert_eq!(status_in_words("Accepted [draft"), "Accepted [draft");
    }

    #[test]
    fn superseding_madr_rewrites_only_the_status_line() {
        let updated = mark_superseded(MADR, &by()).expect("updates");
        assert_eq!(
            updated,
            MADR.replace(
                "status: \"accepted\"",
                "status: \"superseded by [ADR-0003](0003-use-sqlite.md)\""
            )
        );
    }

    #[test]
    fn superseding_nygard_replaces_the_status_paragraph_adr_tools_style() {
        let updated = mark_superseded(NYGARD, &by()).expect("updates");
        assert_eq!(
            updated,
            NYGARD.replace(
                "\nAccepted\n",
                "\nSuperseded by [3. Use SQLite](0003-use-sqlite.md)\n"
            )
        );
    }

    #[test]
    fn superseding_keeps_crlf_endings_and_the_byte_order_mark() {
        let text = "\u{feff}# 1. A\r\n\r\n## Status\r\n\r\nAccepted\r\nstill accepted\r\n\r\n## Context\r\n";
        let updated = mark_superseded(text, &by()).expect("updates");
        assert_eq!(
            updated,
            "\u{feff}# 1. A\r\n\r\n## Status\r\n\r\nSuperseded by [3. Use SQLite](0003-use-sqlite.md)\r\n\r\n## Context\r\n"
        );
    }

    #[test]
    fn superseding_a_bullet_status_or_front_matter_without_status() {
        let text = "# A\n\n* Status: accepted\n\n## Context\n";
        assert_eq!(
            mark_superseded(text, &by()).expect("updates"),
            "# A\n\n* Status: superseded by [ADR-0003](0003-use-sqlite.md)\n\n## Context\n"
        );
        let text = "---\ndate: 2024-01-01\n---\n# A\n";
        assert_eq!(
            mark_superseded(text, &by()).expect("updates"),
            "---\nstatus: \"superseded by [ADR-0003](0003-use-sqlite.md)\"\ndate: 2024-01-01\n---\n# A\n"
        );
        assert_eq!(
            mark_superseded("# A\n\nNo status.\n", &by()),
            Err(RecordProblem::NoStatus)
        );
    }

    #[test]
    fn a_multi_line_status_value_is_replaced_whole() {
        let text = "---\nstatus: >\n  accepted\n  for now\ndate: 2024-01-01\n---\n# A\n";
        assert_eq!(
            parse(text).expect("parses").status.as_deref(),
            Some("accepted for now")
        );
        assert_eq!(
            mark_superseded(text, &by()).expect("updates"),
            "---\nstatus: \"superseded by [ADR-0003](0003-use-sqlite.md)\"\ndate: 2024-01-01\n---\n# A\n"
        );
    }
}
