//! ARCHITECTURE.md is kept true: every folder of `src/` has its entry in the
//! code map (and the map names no folder that is gone), the pipeline's steps
//! are the numbered comments of `src/commands/new/mod.rs`, the folders marked
//! pure import no I/O library and no module outside the pure folders, and the
//! modules import one another without a cycle.

use crate::{files_under, read};

const GUIDE: &str = "ARCHITECTURE.md";

/// The code map's headings, `### `src/x/``, with whether each says "(pure)".
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

/// The folders of `src/` that hold Rust code, `src/` itself included, each
/// spelled with a final slash: `src/`, `src/adr/`, ...
fn source_folders() -> Vec<String> {
    let mut folders: Vec<String> = files_under("src", ".rs")
        .iter()
        .filter_map(|path| path.rsplit_once('/'))
        .map(|(folder, _)| format!("{folder}/"))
        .collect();
    folders.sort();
    folders.dedup();
    folders
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
fn every_folder_of_src_has_an_entry_in_the_code_map_and_no_other() {
    let folders = source_folders();
    assert!(
        folders.len() >= 8,
        "too few folders of src/ found: {folders:?}"
    );
    let mapped: Vec<String> = code_map().into_iter().map(|(path, _)| path).collect();
    let missing: Vec<&String> = folders.iter().filter(|f| !mapped.contains(f)).collect();
    let gone: Vec<&String> = mapped.iter().filter(|m| !folders.contains(m)).collect();
    assert!(
        missing.is_empty(),
        "{GUIDE}'s code map has no \"### `folder/`\" entry for {missing:?}"
    );
    assert!(
        gone.is_empty(),
        "{GUIDE}'s code map names folders that do not exist: {gone:?}"
    );
    let guide = read(GUIDE);
    for entry in guide.split("\n### ").skip(1) {
        let body = entry.split("\n## ").next().unwrap_or_default();
        assert!(
            body.contains("**Architecture invariant:**"),
            "{GUIDE}'s code map entry {} states no \"**Architecture invariant:**\"",
            entry.lines().next().unwrap_or_default()
        );
    }
}

#[test]
fn the_pipeline_steps_are_the_numbered_comments_of_commands_new() {
    let lib = read("src/commands/new/mod.rs");
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
        "src/commands/new/mod.rs lost its numbered steps: {steps:?}"
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
        "{GUIDE} lists {} steps, src/commands/new/mod.rs has {}",
        numbered.len(),
        steps.len()
    );
    for ((number, text), line) in steps.iter().zip(&numbered) {
        assert_eq!(
            *line,
            format!("{number}. {text}"),
            "step {number} of {GUIDE} must start with src/commands/new/mod.rs's comment"
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
fn pure_folders_import_no_io_library_and_no_other_module() {
    let pure: Vec<String> = code_map()
        .into_iter()
        .filter(|(_, pure)| *pure)
        .map(|(folder, _)| folder)
        .collect();
    assert!(
        pure.contains(&"src/core/".to_owned()),
        "the code map marks no src/core/ pure: {pure:?}"
    );
    let pure_modules: Vec<String> = pure
        .iter()
        .filter_map(|folder| module_of(&format!("{folder}mod.rs")))
        .collect();
    let files: Vec<String> = pure
        .iter()
        .flat_map(|folder| files_under(folder.trim_end_matches('/'), ".rs"))
        .collect();
    assert!(files.len() >= 10, "too few pure files: {files:?}");
    for path in files {
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
                "{path} lies in a folder marked pure in {GUIDE} but uses {library}"
            );
        }
        let module = module_of(&path).expect("a module");
        for named in paths_named(&module, path.ends_with("/mod.rs"), &source) {
            let named = named.join("::");
            assert!(
                pure_modules
                    .iter()
                    .any(|pure| named == *pure || named.starts_with(&format!("{pure}::"))),
                "{path} lies in a folder marked pure in {GUIDE} but names {named}, outside the pure folders"
            );
        }
    }
}

/// The module a file of `src/` is: `src/adr/record.rs` is `adr::record`,
/// `src/adr/mod.rs` is `adr`, `src/error.rs` is `error`. `lib.rs` and
/// `main.rs` only declare and call modules, so they are none.
fn module_of(path: &str) -> Option<String> {
    let inside = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    let inside = inside.strip_suffix("/mod").unwrap_or(inside);
    (inside != "lib" && inside != "main").then(|| inside.replace('/', "::"))
}

/// The paths a file's code names through `crate::` or `super::`, as
/// `use crate::x::y::Z`, `crate::x::f(...)`, `use crate::x::{y, z::W}` or
/// `use super::y`, written out from the crate root (`super` is the module
/// `module` lies in). Line comments and the unit tests (after
/// `#[cfg(test)]`) do not count.
fn paths_named(module: &str, is_folder: bool, source: &str) -> Vec<Vec<String>> {
    let code: String = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    // `a::b::c` at the start of `text`, and what follows it.
    fn path_at(text: &str) -> (Vec<String>, &str) {
        let mut segments = Vec::new();
        let mut rest = text;
        loop {
            let ident: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if ident.is_empty() {
                break;
            }
            rest = &rest.trim_start()[ident.len()..];
            segments.push(ident);
            match rest.strip_prefix("::") {
                Some(after) if !after.starts_with('{') => rest = after,
                _ => break,
            }
        }
        (segments, rest)
    }
    let mut parent: Vec<String> = module.split("::").map(str::to_owned).collect();
    if !is_folder {
        parent.pop();
    }
    let mut named = Vec::new();
    for (root, prefix) in [("crate::", Vec::new()), ("super::", parent)] {
        for (index, _) in code.match_indices(root) {
            let before = code[..index].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let (mut base, rest) = path_at(&code[index + root.len()..]);
            base.splice(0..0, prefix.iter().cloned());
            if let Some(group) = rest.strip_prefix("::{").or_else(|| rest.strip_prefix('{')) {
                // Only the group's top level: `{a, b::{c, d}}` is a and b.
                let mut depth = 0;
                let mut item_start = true;
                for (at, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        _ if depth == 0 && item_start && !c.is_whitespace() => {
                            item_start = false;
                            let (item, _) = path_at(&group[at..]);
                            let mut path = base.clone();
                            path.extend(item.into_iter().filter(|s| s != "self"));
                            named.push(path);
                        }
                        _ => {}
                    }
                }
            } else if !base.is_empty() {
                named.push(base);
            }
        }
    }
    named
}

/// Which modules of `src/` each one names, itself left out: a path names
/// the longest module it starts with (`crate::adr::record::Status` names
/// `adr::record`, `crate::adr::AdrError` names `adr`).
fn module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let files: Vec<(String, String)> = files_under("src", ".rs")
        .into_iter()
        .filter_map(|path| Some((module_of(&path)?, path)))
        .collect();
    let modules: std::collections::BTreeSet<&str> =
        files.iter().map(|(module, _)| module.as_str()).collect();
    let mut graph: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    for (module, path) in &files {
        let edges = graph.entry(module.clone()).or_default();
        for named in paths_named(module, path.ends_with("/mod.rs"), &read(path)) {
            let target = (1..=named.len())
                .rev()
                .map(|length| named[..length].join("::"))
                .find(|prefix| modules.contains(prefix.as_str()));
            if let Some(target) = target.filter(|target| target != module) {
                edges.insert(target);
            }
        }
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
                  use super::{s, t::U};\nfn f() { crate::g::h(); }\n#[cfg(test)]\nmod tests { use crate::t; }";
    let named: Vec<String> = paths_named("x::y", false, source)
        .iter()
        .map(|path| path.join("::"))
        .collect();
    assert_eq!(named, ["a::B", "c", "d", "g::h", "x::s", "x::t::U"]);
    assert_eq!(
        paths_named("x", true, "use super::z;")[0].join("::"),
        "x::z"
    );
    assert_eq!(
        module_of("src/adr/record.rs").as_deref(),
        Some("adr::record")
    );
    assert_eq!(module_of("src/adr/mod.rs").as_deref(), Some("adr"));
    assert_eq!(module_of("src/error.rs").as_deref(), Some("error"));
    assert_eq!(module_of("src/lib.rs"), None);
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
fn no_import_cycle_joins_the_modules_of_src() {
    let graph = module_graph();
    assert!(
        graph.len() >= 40
            && graph["error"].contains("adr")
            && graph["core::recommend"].contains("core::answers"),
        "the module graph was not read: {graph:?}"
    );
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
