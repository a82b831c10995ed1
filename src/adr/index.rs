//! The index of a records folder, `README.md` beside the records: a table
//! of number, title, status and date, each number linking to its record.
//! The table sits between adr-log's markers, `<!-- adrlog -->` and
//! `<!-- adrlogstop -->`, so the rest of the file is the team's own, and
//! adr-log (`adr-log -i`) can refresh the same spot. Pure: rows in, text out.

use super::record::{label, status_in_words};
use super::view::Listed;
use crate::templates::render::one_line;

/// The index's file name, in the records folder.
pub const FILE_NAME: &str = "README.md";

/// Where the generated table starts and ends.
pub const START: &str = "<!-- adrlog -->";
pub const END: &str = "<!-- adrlogstop -->";

/// A new index: a heading, a sentence on how the folder works, the table.
pub fn new_index(records: &[Listed]) -> String {
    format!(
        "# Architecture decision records\n\n\
         The decisions that shaped this project, one [MADR](https://adr.github.io/madr/) \
         record each. `scaffold adr new \"<title>\"` adds one, `scaffold adr accept`, \
         `reject` and `deprecate` change its status, and `scaffold adr check` validates \
         them all. The table below is rewritten by `scaffold adr index` (and by those \
         commands); write your own text outside the markers.\n\n{}",
        marked_table(records, "\n")
    )
}

/// `existing` with the text between its markers replaced by the table;
/// `None` when it has no pair of markers (it is then not ours to change).
/// The file keeps its line endings (CRLF stays CRLF), and what follows the
/// end marker starts after exactly one blank line, however many another
/// tool left there (adr-log adds two each time it writes), so round trips
/// are stable.
pub fn with_table(existing: &str, records: &[Listed]) -> Option<String> {
    let start = existing.find(START)?;
    let end = start + existing[start..].find(END)? + END.len();
    let newline = line_ending(existing);
    let rest = existing[end..].trim_start_matches(['\r', '\n']);
    let gap = if rest.is_empty() { "" } else { newline };
    Some(format!(
        "{}{}{gap}{rest}",
        &existing[..start],
        marked_table(records, newline)
    ))
}

/// `existing` with its table brought up to date: between its markers, or,
/// in a file without them, appended. A file that already has a top-level
/// heading gets the table alone (a second `# ` heading is one too many for
/// Markdown linters); an empty one gets the whole new index.
pub fn updated(existing: &str, records: &[Listed]) -> String {
    if let Some(updated) = with_table(existing, records) {
        return updated;
    }
    if existing.trim().is_empty() {
        return new_index(records);
    }
    let newline = line_ending(existing);
    let has_title = existing
        .lines()
        .any(|line| line.starts_with("# ") || line.trim_end() == "#");
    let addition = if has_title {
        marked_table(records, newline)
    } else {
        new_index(records).replace('\n', newline)
    };
    let separator = if existing.ends_with('\n') {
        newline.to_owned()
    } else {
        format!("{newline}{newline}")
    };
    format!("{existing}{separator}{addition}")
}

/// The line ending a file uses: CRLF when its first line ends so.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if text[..at].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// The table between its markers, with a line ending after the end marker.
fn marked_table(records: &[Listed], newline: &str) -> String {
    format!("{START}\n\n{}\n{END}\n", table(records)).replace('\n', newline)
}

/// The Markdown table of the records, in order.
pub fn table(records: &[Listed]) -> String {
    let mut out = String::from("| Number | Title | Status | Date |\n| --- | --- | --- | --- |\n");
    for listed in records {
        let file = listed
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&listed.path);
        let cells = [
            format!("[{}]({})", label(listed.number), file.replace(' ', "%20")),
            cell(&listed.title),
            cell(
                &listed
                    .status
                    .as_deref()
                    .map(status_in_words)
                    .unwrap_or_default(),
            ),
            cell(listed.date.as_deref().unwrap_or_default()),
        ];
        out.push_str(&row(&cells));
    }
    out
}

/// One table row. An empty cell is a single space, `| |`: two spaces read
/// as a column style of their own to markdownlint (MD060).
pub fn row(cells: &[String]) -> String {
    let mut line = String::from("|");
    for cell in cells {
        if cell.is_empty() {
            line.push_str(" |");
        } else {
            line.push_str(&format!(" {cell} |"));
        }
    }
    line.push('\n');
    line
}

/// Text that stays inside one table cell.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Listed> {
        vec![
            Listed {
                number: 1,
                title: "Record architecture decisions".to_owned(),
                status: Some("accepted".to_owned()),
                date: Some("2026-01-15".to_owned()),
                path: "docs/adr/0001-record-architecture-decisions.md".to_owned(),
            },
            Listed {
                number: 2,
                title: "Use A | B".to_owned(),
                status: Some("superseded by [ADR-0003](0003-x.md)".to_owned()),
                date: None,
                path: "docs/adr/0002-use-a-b.md".to_owned(),
            },
        ]
    }

    #[test]
    fn the_table_links_each_number_to_its_record() {
        assert_eq!(
            table(&rows()),
            "| Number | Title | Status | Date |\n| --- | --- | --- | --- |\n\
             | [ADR-0001](0001-record-architecture-decisions.md) | Record architecture decisions | accepted | 2026-01-15 |\n\
             | [ADR-0002](0002-use-a-b.md) | Use A \\| B | superseded by ADR-0003 | |\n"
        );
    }

    #[test]
    fn only_the_text_between_the_markers_is_rewritten() {
        let existing = format!("# Our decisions\n\nIntro.\n\n{START}\nold\n{END}\n\nOutro.\n");
        let updated = with_table(&existing, &rows()).expect("has markers");
        assert!(updated.starts_with("# Our decisions\n\nIntro.\n\n<!-- adrlog -->\n\n| Number |"));
        assert!(
            updated.ends_with("|\n\n<!-- adrlogstop -->\n\nOutro.\n"),
            "{updated}"
        );
        assert_eq!(with_table(&updated, &rows()), Some(updated.clone()));
        assert_eq!(with_table("# Notes\n", &rows()), None);
    }

    #[test]
    fn a_crlf_index_stays_crlf() {
        let existing = format!("# Ours\r\n\r\n{START}\r\nold\r\n{END}\r\n\r\nOutro.\r\n");
        let updated = with_table(&existing, &rows()).expect("has markers");
        assert!(!updated.replace("\r\n", "").contains('\n'), "{updated:?}");
        assert!(
            updated.ends_with(&format!("{END}\r\n\r\nOutro.\r\n")),
            "{updated:?}"
        );
        assert_eq!(with_table(&updated, &rows()), Some(updated.clone()));
        let appended = updated_crlf_without_markers();
        assert!(!appended.replace("\r\n", "").contains('\n'), "{appended:?}");
    }

    fn updated_crlf_without_markers() -> String {
        updated("# Ours\r\n\r\nText.\r\n", &rows())
    }

    #[test]
    fn blank_lines_another_tool_left_after_the_end_marker_do_not_pile_up() {
        let existing = format!("# Ours\n\n{START}\n* list\n{END}\n\n\n\n\nOutro.\n");
        let once = with_table(&existing, &rows()).expect("has markers");
        assert!(once.ends_with(&format!("{END}\n\nOutro.\n")), "{once:?}");
        // adr-log's round trip adds two blank lines; scaffold takes them out.
        let again = with_table(&once.replace(END, &format!("{END}\n\n")), &rows());
        assert_eq!(again, Some(once));
    }

    #[test]
    fn a_readme_with_a_title_but_no_markers_gets_no_second_title() {
        let existing = "# 1. Record architecture decisions\n\nDate: 2026-01-15\n";
        let updated = updated(existing, &rows());
        assert_eq!(
            updated
                .lines()
                .filter(|line| line.starts_with("# "))
                .count(),
            1,
            "{updated}"
        );
        assert!(updated.starts_with(existing));
        assert!(updated.contains(START) && updated.contains(END));
        assert_eq!(with_table(&updated, &rows()), Some(updated.clone()));
        let untitled = updated_untitled();
        assert!(
            untitled.contains("# Architecture decision records"),
            "{untitled}"
        );
    }

    fn updated_untitled() -> String {
        updated("Some notes.\n", &rows())
    }

    #[test]
    fn empty_cells_are_a_single_space() {
        assert_eq!(
            row(&["a".to_owned(), String::new(), "c".to_owned()]),
            "| a | | c |\n"
        );
    }

    #[test]
    fn a_new_index_rewrites_to_itself() {
        let index = new_index(&rows());
        assert_eq!(with_table(&index, &rows()), Some(index.clone()));
    }
}
