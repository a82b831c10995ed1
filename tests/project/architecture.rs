//! ARCHITECTURE.md is kept true: every module of `src/` has its paragraph in
//! the code map (and the map names no module that is gone), the pipeline's
//! steps are the numbered comments of `src/commands/new.rs`, the modules marked pure
//! import no I/O library, every test named as holding an invariant exists,
//! and the layers it describes hold: the modules import one another without
//! a cycle, and `src/error.rs` imports only modules below it.

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
fn the_pipeline_steps_are_the_numbered_comments_of_commands_new_rs() {
    let lib = read("src/commands/new.rs");
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
        "src/commands/new.rs lost its numbered steps: {steps:?}"
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
        "{GUIDE} lists {} steps, src/commands/new.rs has {}",
        numbered.len(),
        steps.len()
    );
    for ((number, text), line) in steps.iter().zip(&numbered) {
        assert_eq!(
            *line,
            format!("{number}. {text}"),
            "step {number} of {GUIDE} must start with src/commands/new.rs's comment"
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

/// The top-level module a file of `src/` belongs to: `src/adr/record.rs` is
/// `adr`, `src/error.rs` is `error`. `lib.rs` and `main.rs` only declare and
/// call modules, so they are none.
fn top_module(path: &str) -> Option<String> {
    let inside = path.strip_prefix("src/")?;
    let first = inside.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The top-level modules a file's code names through `crate::`, as
/// `use crate::x::...`, `crate::x::f(...)` or `use crate::{x, y::z}`. Line
/// comments and the unit tests (after `#[cfg(test)]`) do not count.
fn crate_modules_named(source: &str) -> std::collections::BTreeSet<String> {
    let code: String = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |text: &str| -> String {
        text.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut named = std::collections::BTreeSet::new();
    for rest in code.split("crate::").skip(1) {
        if let Some(group) = rest.strip_prefix('{') {
            // Only the group's top level names modules: `{a, b::{c, d}}` is a, b.
            let mut depth = 0;
            let mut item_start = true;
            for (index, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    _ if item_start && !c.is_whitespace() => {
                        item_start = false;
                        named.insert(ident(&group[index..]));
                    }
                    _ => {}
                }
            }
        } else {
            named.insert(ident(rest));
        }
    }
    named.retain(|name| !name.is_empty());
    named
}

/// Which top-level modules of `src/` each one names, itself left out.
fn module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut graph: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    for path in files_under("src", ".rs") {
        let Some(module) = top_module(&path) else {
            continue;
        };
        let mut named = crate_modules_named(&read(&path));
        named.remove(&module);
        graph.entry(module).or_default().extend(named);
    }
    graph
}

/// The modules that lie on an import cycle: those that reach themselves.
fn modules_on_a_cycle(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Vec<String> {
    let reaches = |from: &String| {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo: Vec<&String> = graph.get(from).into_iter().flatten().collect();
        while let Some(next) = todo.pop() {
            if seen.insert(next.clone()) {
                todo.extend(graph.get(next).into_iter().flatten());
            }
        }
        seen
    };
    graph
        .keys()
        .filter(|module| reaches(module).contains(*module))
        .cloned()
        .collect()
}

/// The modules `src/error.rs` may import: the pure leaves it describes
/// (answers, framework, names, ...), and the modules that own a failure kind
/// which `Error` wraps (`adr`, `cancel`, `input_file`, `install`). None of
/// them may name `Error`, directly or through another module: error lies
/// above every kind it wraps and below every module that returns it.
const ERROR_MAY_IMPORT: &[&str] = &[
    "adr",
    "answers",
    "cancel",
    "features",
    "framework",
    "input_file",
    "install",
    "names",
    "python_modules",
    "shell",
    "templates",
];

/// The modules `from` reaches `to` through, both included, by a shortest
/// path; `None` when it does not reach it.
fn path_between(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    from: &str,
    to: &str,
) -> Option<Vec<String>> {
    let mut came_from: std::collections::BTreeMap<String, String> =
        std::collections::BTreeMap::new();
    let mut queue: std::collections::VecDeque<String> = graph
        .get(from)
        .into_iter()
        .flatten()
        .map(|next| {
            came_from.insert(next.clone(), from.to_owned());
            next.clone()
        })
        .collect();
    while let Some(module) = queue.pop_front() {
        if module == to {
            let mut path = vec![module];
            while path.len() == 1 || path.last().map(String::as_str) != Some(from) {
                let previous = came_from[path.last().expect("not empty")].clone();
                path.push(previous);
            }
            path.reverse();
            return Some(path);
        }
        for next in graph.get(&module).into_iter().flatten() {
            if !came_from.contains_key(next) {
                came_from.insert(next.clone(), module.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

#[test]
fn the_import_graph_is_read_from_use_paths_and_calls_alike() {
    let source = "use crate::a::B;\nuse crate::{c, d::{E, F}};\n// crate::commented\n\
                  fn f() { crate::g::h(); }\n#[cfg(test)]\nmod tests { use crate::t; }";
    let named: Vec<String> = crate_modules_named(source).into_iter().collect();
    assert_eq!(named, ["a", "c", "d", "g"]);
    assert_eq!(top_module("src/adr/record.rs").as_deref(), Some("adr"));
    assert_eq!(top_module("src/error.rs").as_deref(), Some("error"));
    assert_eq!(top_module("src/lib.rs"), None);
    let graph = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .fold(
            std::collections::BTreeMap::new(),
            |mut graph, (from, to)| {
                graph
                    .entry(from.to_string())
                    .or_insert_with(std::collections::BTreeSet::new)
                    .insert(to.to_string());
                graph
            },
        );
    assert_eq!(modules_on_a_cycle(&graph), ["a", "b", "c"]);
    assert_eq!(
        path_between(&graph, "a", "a")
            .expect("a cycle")
            .join(" -> "),
        "a -> b -> c -> a"
    );
    assert_eq!(path_between(&graph, "d", "a"), None);
}

#[test]
fn the_error_module_imports_only_modules_below_it() {
    let graph = module_graph();
    assert!(
        graph.len() >= 20 && graph["error"].contains("framework"),
        "the module graph was not read: {graph:?}"
    );
    for module in &graph["error"] {
        assert!(
            ERROR_MAY_IMPORT.contains(&module.as_str()),
            "src/error.rs imports {module}, which is not below it (allowed: \
             {ERROR_MAY_IMPORT:?}); a module that fails should own its error \
             kind, which Error wraps, and name no Error itself"
        );
    }
    for below in ERROR_MAY_IMPORT {
        assert!(
            graph.contains_key(*below),
            "{below} is listed below src/error.rs but is no module of src/"
        );
        if let Some(path) = path_between(&graph, below, "error") {
            panic!(
                "{below} is to lie below src/error.rs but reaches it: {}",
                path.join(" -> ")
            );
        }
    }
}

#[test]
fn no_import_cycle_joins_the_modules_of_src() {
    let graph = module_graph();
    let cycles: Vec<String> = modules_on_a_cycle(&graph)
        .iter()
        .filter_map(|module| path_between(&graph, module, module))
        .map(|cycle| cycle.join(" -> "))
        .collect();
    assert!(
        cycles.is_empty(),
        "the modules of src/ must form layers, but these import cycles remain:\n{}",
        cycles.join("\n")
    );
}
