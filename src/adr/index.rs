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
        marked_table(records)
    )
}

/// `existing` with the text between its markers replaced by the table;
/// `None` when it has no pair of markers (it is then not ours to change).
pub fn with_table(existing: &str, records: &[Listed]) -> Option<String> {
    let start = existing.find(START)?;
    let end = start + existing[start..].find(END)? + END.len();
    let rest = existing[end..]
        .strip_prefix('\n')
        .unwrap_or(&existing[end..]);
    Some(format!(
        "{}{}{rest}",
        &existing[..start],
        marked_table(records)
    ))
}

/// The table between its markers, with a line ending after the end marker.
fn marked_table(records: &[Listed]) -> String {
    format!("{START}\n\n{}\n{END}\n", table(records))
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
        out.push_str(&format!(
            "| [{}]({}) | {} | {} | {} |\n",
            label(listed.number),
            file.replace(' ', "%20"),
            cell(&listed.title),
            cell(
                &listed
                    .status
                    .as_deref()
                    .map(status_in_words)
                    .unwrap_or_default()
            ),
            cell(listed.date.as_deref().unwrap_or_default()),
        ));
    }
    out
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
             | [ADR-0002](0002-use-a-b.md) | Use A \\| B | superseded by ADR-0003 |  |\n"
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
    fn a_new_index_rewrites_to_itself() {
        let index = new_index(&rows());
        assert_eq!(with_table(&index, &rows()), Some(index.clone()));
    }
}
