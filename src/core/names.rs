//! Names a project goes by: the directory name the user typed, and the
//! package name derived from it (a Python module for Django and Flask, an npm
//! package for Express). Pure: every rule here is checked before anything is
//! written, so a bad name never leaves half a project behind.

use crate::core::framework::{Framework, Language};
use crate::core::python_modules::{self, STDLIB_MODULES};
use std::fmt;

/// Why a name was refused, with a suggestion when one can be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameProblem {
    pub name: String,
    pub reason: String,
    pub suggestion: Option<String>,
}

/// The project's directory name: ASCII letters, digits, `-`, `_` and `.`,
/// starting with a letter, at most 64 characters, portable to every OS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectName(String);

/// The longest project name and Python module name: with the deepest
/// template path this keeps every generated path, counted from the directory
/// scaffold runs in, under 200 characters, well inside Windows' 260
/// (`tests/cli/generate.rs` checks it).
pub const MAX_PROJECT_NAME: usize = 64;

/// Names Windows refuses as file names, whatever the extension.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

impl ProjectName {
    /// Checks a directory name typed by the user.
    ///
    /// # Errors
    /// A [`NameProblem`] naming the rule that the name breaks.
    pub fn parse(name: &str) -> Result<ProjectName, NameProblem> {
        let problem = |reason: &str| NameProblem {
            name: name.to_owned(),
            reason: reason.to_owned(),
            suggestion: suggest_project_name(name).filter(|s| s != name),
        };
        if name.trim().is_empty() {
            return Err(problem("the project name is empty"));
        }
        if name.len() > MAX_PROJECT_NAME {
            return Err(problem(&format!(
                "the project name is longer than {MAX_PROJECT_NAME} characters"
            )));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(problem(
                "the project name must start with a letter (a-z, A-Z)",
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(problem(
                "the project name may only hold ASCII letters, digits, '-', '_' and '.'",
            ));
        }
        if name.ends_with('.') {
            return Err(problem("the project name must not end with '.'"));
        }
        let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
        if WINDOWS_RESERVED.contains(&stem.as_str()) {
            return Err(problem("the project name is reserved on Windows"));
        }
        Ok(ProjectName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The package name a framework's starter would derive from this name.
    ///
    /// # Errors
    /// A [`NameProblem`] when the derived name is not a valid package, with a
    /// hint to pass `--package-name`.
    pub fn package_for(&self, framework: Framework) -> Result<String, NameProblem> {
        match framework.language() {
            Language::Python => python_module(&self.derived_python_module()),
            Language::JavaScript => npm_package(&self.derived_npm_package()),
        }
        .and_then(|name| not_taken_by_a_layer(name, framework))
    }

    fn derived_python_module(&self) -> String {
        self.0
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    }

    fn derived_npm_package(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl fmt::Display for ProjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an explicit `--package-name` against the framework's rules.
///
/// # Errors
/// A [`NameProblem`] naming the broken rule.
pub fn check_package_name(name: &str, framework: Framework) -> Result<String, NameProblem> {
    match framework.language() {
        Language::Python => python_module(name),
        Language::JavaScript => npm_package(name),
    }
    .and_then(|name| not_taken_by_a_layer(name, framework))
}

/// Refuses a package name that a feature layer of this framework adds as a
/// package, app or folder of its own, whichever layers are on: the same
/// name must work with any answers, so a replay with other answers works.
fn not_taken_by_a_layer(name: String, framework: Framework) -> Result<String, NameProblem> {
    match crate::templates::taken_names(framework).find(|(taken, _)| *taken == name) {
        Some((_, feature)) => Err(NameProblem {
            reason: format!(
                "'{name}' is a package or folder the {feature} layer adds to a {framework} starter"
            ),
            name,
            suggestion: None,
        }),
        None => Ok(name),
    }
}

/// A lowercase version of `name` that the directory-name rules accept, if any.
fn suggest_project_name(name: &str) -> Option<String> {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned
        .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .trim_end_matches(['-', '_'])
        .chars()
        .take(MAX_PROJECT_NAME)
        .collect::<String>();
    (!cleaned.is_empty()).then_some(cleaned)
}

const PYTHON_KEYWORDS: &[&str] = &[
    "false", "none", "true", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "match", "case", "type",
];

fn python_module(name: &str) -> Result<String, NameProblem> {
    let problem = |reason: String| NameProblem {
        name: name.to_owned(),
        reason,
        suggestion: None,
    };
    let is_identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_identifier {
        return Err(problem(format!(
            "'{name}' is not a valid Python module name (ASCII letters, digits and '_', not starting with a digit)"
        )));
    }
    if name.len() > MAX_PROJECT_NAME {
        return Err(problem(format!(
            "'{name}' is longer than {MAX_PROJECT_NAME} characters"
        )));
    }
    if PYTHON_KEYWORDS.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(problem(format!("'{name}' is a Python keyword")));
    }
    if STDLIB_MODULES.contains(&name) {
        return Err(problem(format!(
            "'{name}' is a module of Python's standard library, which a package of the same name would hide"
        )));
    }
    if python_modules::is_shadowed(name) {
        return Err(problem(format!(
            "'{name}' would shadow the Python module of the same name that the starter needs"
        )));
    }
    Ok(name.to_owned())
}

/// Node's built-in modules: npm refuses new packages named after them.
const NODE_BUILTINS: &[&str] = &[
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "string_decoder",
    "sys",
    "timers",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
    "test",
];

/// npm refuses to install a dependency into a package of the same name.
const NPM_DEPENDENCIES: &[&str] = &["express", "supertest"];

pub const MAX_NPM_NAME: usize = 214;

fn npm_package(name: &str) -> Result<String, NameProblem> {
    let problem = |reason: String| NameProblem {
        name: name.to_owned(),
        reason,
        suggestion: None,
    };
    if name.is_empty() || name.len() > MAX_NPM_NAME {
        return Err(problem(format!(
            "'{name}' is not a valid npm package name (1 to 214 characters)"
        )));
    }
    if name.starts_with(['.', '_']) {
        return Err(problem(format!(
            "'{name}' is not a valid npm package name (it must not start with '.' or '_')"
        )));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_' | '~'))
    {
        return Err(problem(format!(
            "'{name}' is not a valid npm package name (lowercase letters, digits, '-', '.', '_' and '~' only)"
        )));
    }
    if matches!(name, "node_modules" | "favicon.ico") || NODE_BUILTINS.contains(&name) {
        return Err(problem(format!(
            "'{name}' is reserved by npm or Node.js and cannot name a package"
        )));
    }
    if NPM_DEPENDENCIES.contains(&name) {
        return Err(problem(format!(
            "'{name}' is a dependency of the starter; npm cannot install a package into one of the same name"
        )));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, framework: Framework) -> Result<String, NameProblem> {
        ProjectName::parse(name)
            .expect("a valid directory name")
            .package_for(framework)
    }

    #[test]
    fn dashes_become_underscores_for_python_and_stay_for_npm() {
        assert_eq!(package("my-app", Framework::Flask).as_deref(), Ok("my_app"));
        assert_eq!(
            package("my-app", Framework::Express).as_deref(),
            Ok("my-app")
        );
        assert_eq!(
            package("My.App", Framework::Django).as_deref(),
            Ok("my_app")
        );
        assert_eq!(package("MyApp", Framework::Express).as_deref(), Ok("myapp"));
    }

    #[test]
    fn refuses_names_that_are_not_portable_directory_names() {
        for bad in [
            "", "  ", "../x", "a/b", "1app", "-rf", ".hidden", "my app", "café", "con", "Nul.txt",
            "app.",
        ] {
            assert!(ProjectName::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(ProjectName::parse(&"a".repeat(MAX_PROJECT_NAME + 1)).is_err());
        assert!(ProjectName::parse(&"a".repeat(MAX_PROJECT_NAME)).is_ok());
    }

    #[test]
    fn suggests_a_fixed_name() {
        let problem = ProjectName::parse("My App!").expect_err("space refused");
        assert_eq!(problem.suggestion.as_deref(), Some("my-app"));
    }

    #[test]
    fn refuses_python_keywords_and_shadowing_modules() {
        for bad in [
            "class",
            "import",
            "django",
            "flask",
            // what the dependencies install, down to Twisted's tree
            "csp",
            "attr",
            "zope",
            "idna",
            "OpenSSL",
            "test",
            "site",
            "json",
            "email",
            "code",
            // every standard-library module, not only the famous ones
            "socketserver",
            "contextvars",
            "fnmatch",
            "unicodedata",
            "bz2",
            "runpy",
            "atexit",
            "binascii",
            "pwd",
            "annotationlib",
            "compression",
            "tomllib",
            "graphlib",
        ] {
            assert!(
                package(bad, Framework::Django).is_err(),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn refuses_npm_reserved_and_dependency_names() {
        for bad in ["http", "node_modules", "express", "supertest"] {
            assert!(
                package(bad, Framework::Express).is_err(),
                "{bad} was accepted"
            );
        }
        assert!(check_package_name(&"a".repeat(215), Framework::Express).is_err());
        assert!(check_package_name("_x", Framework::Express).is_err());
        assert!(check_package_name("crazy!", Framework::Express).is_err());
        assert!(check_package_name("my_app", Framework::Express).is_ok());
    }

    #[test]
    fn refuses_names_a_feature_layer_takes_whichever_layers_are_on() {
        for (bad, framework) in [
            ("notes", Framework::Django),
            ("accounts", Framework::Django),
            ("migrations", Framework::Flask),
            ("knex", Framework::Express),
        ] {
            let problem = package(bad, framework).expect_err(bad);
            assert!(problem.reason.contains("layer adds"), "{}", problem.reason);
            assert!(check_package_name(bad, framework).is_err(), "{bad}");
        }
        assert_eq!(package("notes", Framework::Flask).as_deref(), Ok("notes"));
    }

    #[test]
    fn an_explicit_package_name_follows_the_framework_rules() {
        assert!(check_package_name("my-app", Framework::Flask).is_err());
        assert_eq!(
            check_package_name("my_app", Framework::Flask).as_deref(),
            Ok("my_app")
        );
    }
}
