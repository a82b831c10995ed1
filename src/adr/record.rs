//! One decision record as data: what it says about itself ([`Record`],
//! its [`Status`]), what can be wrong with it ([`RecordProblem`]), and the
//! names and numbers of record files (`0003-use-postgresql.md`,
//! `ADR-0003`). Reading a record's text is [`super::parse`], rewriting it
//! [`super::edit`]. Pure.

use crate::templates::render::one_line;

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
        "it has no status to change (no 'status:' front matter, no '## Status' section, no 'Status:' line)"
    )]
    NoStatus,
}

/// MADR's status values. A record's status text starts with one of them
/// (`superseded by ADR-0003`); adr-tools' `Superceded` spelling counts too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl Status {
    /// The lowercase word MADR writes.
    pub fn word(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
        }
    }

    /// The status a status text names, by its first word; `None` for
    /// anything else (`draft`, `in review`, empty).
    pub fn of(text: &str) -> Option<Status> {
        let first = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|word| !word.is_empty())?
            .to_ascii_lowercase();
        Some(match first.as_str() {
            "proposed" => Status::Proposed,
            "accepted" => Status::Accepted,
            "rejected" => Status::Rejected,
            "deprecated" => Status::Deprecated,
            "superseded" | "superceded" => Status::Superseded,
            _ => return None,
        })
    }
}

/// What a record says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub title: String,
    /// As written: `accepted`, `Accepted`, `superseded by [ADR-0003](...)`.
    pub status: Option<String>,
    /// As written, usually `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The front matter's `number:`, as written (scaffold writes the file's
    /// number there, for tools such as adrs that read it).
    pub number: Option<String>,
    /// The front matter's keys and their values in words, in file order
    /// (empty without front matter), for showing a record at a terminal.
    pub front_matter: Vec<(String, String)>,
    /// Where the body starts, in lines of the file (after the front matter).
    pub body_line: usize,
}

/// A record being added, as the record it supersedes links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub number: u64,
    pub title: String,
    /// The file name, which is also the relative link between records.
    pub file_name: String,
}

/// The longest slug a file name gets, so a long title cannot make a file
/// name the file system refuses (255 bytes on most).
const MAX_SLUG: usize = 100;

/// The record's number, from a file name of the form `NNNN-slug.md`; `None`
/// for other files (`README.md`, `index.md`, `template.md`) and numbers too
/// large for 64 bits.
pub fn number_of(file_name: &str) -> Option<u64> {
    let stem = file_name.strip_suffix(".md")?;
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || !stem[digits..].starts_with('-') {
        return None;
    }
    stem[..digits].parse().ok()
}

/// `0003-use-postgresql.md`.
pub fn file_name(number: u64, slug: &str) -> String {
    format!("{number:04}-{slug}.md")
}

/// `ADR-0003`, as MADR names a record in `superseded by ADR-0003`.
pub fn label(number: u64) -> String {
    format!("ADR-{number:04}")
}

/// Whether a file number is a date, `YYYYMMDD`, as log4brains names its
/// records (`20261127-use-redis.md`). Such records are listed, but new
/// records are numbered after the highest sequential number.
pub fn is_date_number(number: u64) -> bool {
    let (year, month, day) = (number / 10_000, number / 100 % 100, number % 100);
    (1970..=2999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn statuses_are_madr_words_by_their_first_word() {
        assert_eq!(Status::of("Accepted"), Some(Status::Accepted));
        assert_eq!(
            Status::of("superseded by ADR-0003"),
            Some(Status::Superseded)
        );
        assert_eq!(
            Status::of("Superceded by [4. X](0004-x.md)"),
            Some(Status::Superseded)
        );
        assert_eq!(Status::of("draft"), None);
        assert_eq!(Status::of(""), None);
    }

    #[test]
    fn date_numbers_are_told_from_sequential_ones() {
        assert!(is_date_number(20_261_127));
        assert!(!is_date_number(3));
        assert!(!is_date_number(99_999_999_999));
        assert!(!is_date_number(20_261_341));
        assert_eq!(number_of("99999999999-big.md"), Some(99_999_999_999));
        assert_eq!(number_of("123456789012345678901234-x.md"), None);
    }
}
