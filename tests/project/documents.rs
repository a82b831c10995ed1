//! CONTRIBUTING.md and templates/README.md are kept true: every path the
//! contributors' guide names exists, and the templates' helper table lists
//! every helper the renderer registers.

use crate::{files_under, read, repo_path};

/// The `code spans` of a Markdown text.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_path_contributing_names_exists() {
    let guide = read("CONTRIBUTING.md");
    let mut checked = 0;
    for span in code_spans(&guide) {
        // `templates/<framework>/...`: the part before the placeholder.
        let span = span.split('<').next().unwrap_or_default();
        let path = span.trim_end_matches('/');
        let looks_like_a_path = span.contains('/')
            && !span.contains([' ', '{', '='])
            && (span.starts_with("src/")
                || span.starts_with("tests/")
                || span.starts_with("templates/")
                || span.starts_with("scripts/")
                || span.starts_with('.'));
        if looks_like_a_path {
            assert!(
                repo_path(path).exists(),
                "CONTRIBUTING.md names {span}, which does not exist"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "only {checked} paths found in CONTRIBUTING.md"
    );
}

#[test]
fn the_templates_helper_table_lists_every_registered_helper() {
    let registered: Vec<String> = files_under("src", ".rs")
        .iter()
        .flat_map(|path| {
            read(path)
                .split("register_helper(\"")
                .skip(1)
                .filter_map(|rest| rest.split_once('"').map(|(name, _)| name.to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(registered.len() >= 5, "helpers found: {registered:?}");
    let readme = read("templates/README.md");
    for helper in registered {
        assert!(
            readme.contains(&format!("| `{{{{{helper} x}}}}` |")),
            "templates/README.md's helper table lacks {helper}"
        );
    }
}
