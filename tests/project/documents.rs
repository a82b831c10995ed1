//! The documents stay short where they should and point only at what
//! exists: README.md stays a front page, every relative link and anchor
//! resolves, no document names a DESIGN.md, the guide has a section for
//! every subcommand, every path CONTRIBUTING.md names exists, and the
//! templates' helper table lists every helper the renderer registers.

use super::{files_under, read, repo_path};
use std::path::Path;
use std::process::Command;

/// The documents these tests read, relative to the repository.
const DOCUMENTS: [&str; 6] = [
    "README.md",
    "docs/guide.md",
    "bench/README.md",
    "ARCHITECTURE.md",
    "CONTRIBUTING.md",
    "templates/README.md",
];

/// README.md is the front page; the manual is docs/guide.md.
const README_MAX_LINES: usize = 250;

#[test]
fn readme_is_at_most_250_lines() {
    let lines = read("README.md").lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines, more than {README_MAX_LINES}: move the details to docs/guide.md"
    );
}

#[test]
fn no_document_mentions_design_md() {
    for document in DOCUMENTS {
        assert!(
            !read(document).contains("DESIGN.md"),
            "{document} mentions DESIGN.md, which does not exist"
        );
    }
}

#[test]
fn every_relative_link_resolves_to_a_file_and_its_anchor() {
    let mut broken = Vec::new();
    for document in DOCUMENTS {
        let text = read(document);
        let base = Path::new(document).parent().unwrap_or(Path::new(""));
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let linked = if file.is_empty() {
                document.to_string()
            } else {
                base.join(file).to_string_lossy().replace('\\', "/")
            };
            let path = repo_path(&linked);
            if !path.exists() {
                broken.push(format!("{document}: {target} (no file {linked})"));
                continue;
            }
            if let Some(anchor) = anchor {
                if path.is_file() && linked.ends_with(".md") {
                    let anchors = anchors(&read(&linked));
                    if !anchors.iter().any(|known| known == anchor) {
                        broken.push(format!("{document}: {target} (no heading #{anchor})"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_guide_has_a_section_for_every_subcommand() {
    let help = Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .arg("--help")
        .output()
        .expect("run scaffold --help");
    assert!(help.status.success(), "scaffold --help failed");
    let help = String::from_utf8(help.stdout).expect("UTF-8 help");
    let subcommands = subcommands(&help);
    assert!(
        subcommands.len() >= 5,
        "found too few subcommands in scaffold --help: {subcommands:?}\n{help}"
    );
    let guide = read("docs/guide.md");
    let headings: Vec<&str> = guide.lines().filter(|line| line.starts_with('#')).collect();
    let missing: Vec<&String> = subcommands
        .iter()
        .filter(|name| {
            let named = format!("`scaffold {name}`");
            !headings.iter().any(|heading| heading.contains(&named))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/guide.md has no heading naming `scaffold <name>` for: {missing:?}"
    );
}

/// The subcommands `scaffold --help` lists under "Commands:", but `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| line.trim() != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        // A subcommand's line starts with two spaces; a wrapped description
        // starts with more.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// The lines of a Markdown text outside its fenced code blocks.
fn lines_outside_fences(text: &str) -> impl Iterator<Item = &str> {
    let mut fenced = false;
    text.lines().filter(move |line| {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            return false;
        }
        !fenced
    })
}

/// The targets of the Markdown links `[text](target)` in `text`, outside
/// fenced code blocks and code spans.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines_outside_fences(text) {
        // The parts outside code spans: every other piece between backticks.
        for prose in line.split('`').step_by(2) {
            let mut rest = prose;
            while let Some(start) = rest.find("](") {
                let after = &rest[start + 2..];
                let Some(end) = after.find(')') else { break };
                let target = after[..end].split_whitespace().next().unwrap_or("");
                if !target.is_empty() {
                    out.push(target.to_string());
                }
                rest = &after[end..];
            }
        }
    }
    out
}

/// The anchors GitHub gives the headings of a Markdown document: lower case,
/// spaces to hyphens, other punctuation dropped (code spans keep their text).
fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines_outside_fences(text).filter(|line| line.starts_with('#')) {
        let title = line.trim_start_matches('#').trim();
        let slug: String = title
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        out.push(slug);
    }
    out
}

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
