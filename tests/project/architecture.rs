//! ARCHITECTURE.md is kept true: every module of `src/` has its paragraph in
//! the code map (and the map names no module that is gone), the pipeline's
//! steps are the numbered comments of `src/lib.rs`, the modules marked pure
//! import no I/O library, and every test named as holding an invariant exists.

use crate::{files_under, read};

const GUIDE: &str = "ARCHITECTURE.md";

/// The code map's headings, `### `src/x.rs``, with whether each says "(pure)".
fn code_map() -> Vec<(String, bool)> {
    read(GUIDE)
        .lines()
        .filter_map(|line| line.strip_prefix("### `"))
        .filter_map(|rest| {
            let (path, after) = rest.split_once('`')?;
            Some((path.to_owned(), after.trim() == "(pure)"))
        })
        .collect()
}

/// The text of one `## ` section of the guide, without its heading.
fn section(title: &str) -> String {
    let guide = read(GUIDE);
    let heading = format!("\n## {title}\n");
    let start = guide
        .find(&heading)
        .unwrap_or_else(|| panic!("{GUIDE} has no section \"{title}\""));
    let body = &guide[start + heading.len()..];
    body[..body.find("\n## ").unwrap_or(body.len())].to_owned()
}

#[test]
fn every_module_of_src_has_a_paragraph_in_the_code_map_and_no_other() {
    let modules = files_under("src", ".rs");
    let mut mapped: Vec<String> = code_map().into_iter().map(|(path, _)| path).collect();
    mapped.sort();
    let missing: Vec<&String> = modules.iter().filter(|m| !mapped.contains(m)).collect();
    let gone: Vec<&String> = mapped.iter().filter(|m| !modules.contains(m)).collect();
    assert!(
        missing.is_empty(),
        "{GUIDE}'s code map has no \"### `path`\" paragraph for {missing:?}"
    );
    assert!(
        gone.is_empty(),
        "{GUIDE}'s code map names modules that do not exist: {gone:?}"
    );
}

#[test]
fn the_pipeline_steps_are_the_numbered_comments_of_lib_rs() {
    let lib = read("src/lib.rs");
    let steps: Vec<(u32, String)> = lib
        .lines()
        .filter_map(|line| line.trim().strip_prefix("// "))
        .filter_map(|comment| {
            let (number, text) = comment.split_once(". ")?;
            Some((number.parse().ok()?, text.to_owned()))
        })
        .collect();
    assert!(
        steps.len() >= 5,
        "src/lib.rs lost its numbered steps: {steps:?}"
    );
    let pipeline = section("The pipeline of `scaffold new`");
    let numbered: Vec<&str> = pipeline
        .lines()
        .filter(|line| {
            line.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(
        numbered.len(),
        steps.len(),
        "{GUIDE} lists {} steps, src/lib.rs has {}",
        numbered.len(),
        steps.len()
    );
    for ((number, text), line) in steps.iter().zip(&numbered) {
        assert_eq!(
            *line,
            format!("{number}. {text}"),
            "step {number} of {GUIDE} must start with src/lib.rs's comment"
        );
    }
}

/// What a pure module must not use, as paths are spelled in code: the I/O
/// libraries and the clock.
const IO: &[&str] = &[
    "std::fs",
    "std::env",
    "std::process",
    "std::net",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "dialoguer::",
    "indicatif::",
    "git2::",
    "getrandom::",
    "tempfile::",
    "SystemTime::",
    "Instant::",
    "console::Term",
];

#[test]
fn pure_modules_import_no_io_library() {
    let pure: Vec<String> = code_map()
        .into_iter()
        .filter(|(_, pure)| *pure)
        .map(|(path, _)| path)
        .collect();
    assert!(
        pure.len() >= 10,
        "the code map marks too few modules pure: {pure:?}"
    );
    for path in pure {
        let source = read(&path);
        // The unit tests may build fixtures however they like.
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        // `use std::{fs, io}` spelled as a group counts too.
        let grouped: String = code
            .split("use std::{")
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .flat_map(|(items, _)| items.split(',').map(|item| format!("std::{}", item.trim())))
            .collect::<Vec<_>>()
            .join(" ");
        for library in IO {
            assert!(
                !code.contains(library) && !grouped.contains(library),
                "{path} is marked pure in {GUIDE} but uses {library}"
            );
        }
    }
}

#[test]
fn every_test_named_in_the_invariants_exists() {
    let invariants = section("Invariants");
    let names: Vec<&str> = invariants
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| {
            word.matches('_').count() >= 3
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(names.len() >= 10, "too few tests named: {names:?}");
    let sources: Vec<String> = ["src", "tests"]
        .iter()
        .flat_map(|dir| files_under(dir, ".rs"))
        .map(|path| read(&path))
        .collect();
    for name in names {
        let definition = format!("fn {name}(");
        assert!(
            sources.iter().any(|source| source.contains(&definition)),
            "{GUIDE} names the test {name}, which does not exist"
        );
    }
}
