//! The starters' own tests on every runtime version obtainable here, beside
//! the machine's default `python3` and `node` that the main tests use: the
//! Python interpreters pyenv has installed, and the Node.js releases the npm
//! registry publishes as packages. The production checks run once per
//! framework (main.rs); these install and run the tests only.

use super::node_release::{node_bin_dir, path_with_first};
use super::{generate, passed_count, require, Project};
use std::path::PathBuf;
use std::process::Command;

/// The Node.js majors tested beside the machine's own node.
const NODE_MAJORS: [u32; 2] = [22, 24];

/// `npm test` (and the lint) on the same install under each Node.js major:
/// the starter has no native modules, so node_modules serves them all.
pub(crate) fn express_tests_on_node_releases(project: &Project) {
    for major in NODE_MAJORS {
        let path = path_with_first(&node_bin_dir(major));
        let env = [("PATH", path)];
        let version = project.sh_with("node --version", &env);
        let version = String::from_utf8_lossy(&version.stdout).into_owned();
        assert!(version.starts_with(&format!("v{major}.")), "{version}");
        project.sh_with("npm run lint", &env);
        let output = project.sh_with("npm test", &env);
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            passed_count(&text) >= 2,
            "Node.js {version}: the starter's own tests ran fewer than two:\n{text}"
        );
    }
}

/// (major.minor, interpreter) for each pyenv Python the starters support,
/// except the version of the default `python3` (the main tests cover it).
fn other_pythons() -> Vec<(String, PathBuf)> {
    let default = python_version(&PathBuf::from("python3"));
    let Ok(root) = Command::new("pyenv").arg("root").output() else {
        eprintln!(
            "NOTE: pyenv is not installed: the Python starters are tested on python3 {default} only"
        );
        return Vec::new();
    };
    let versions = PathBuf::from(String::from_utf8_lossy(&root.stdout).trim()).join("versions");
    let (min_major, min_minor) = scaffold::testing::framework::Framework::Django
        .facts()
        .runtime
        .min_version;
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&versions)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path().join("bin/python3"))
                .filter(|python| python.is_file())
                .map(|python| (python_version(&python), python))
                .filter(|(version, _)| {
                    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
                    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
                    (major, minor) >= (min_major, min_minor) && *version != default
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    eprintln!(
        "NOTE: the Python starters are tested on python3 {default} and on {:?}",
        found.iter().map(|(version, _)| version).collect::<Vec<_>>()
    );
    found
}

fn python_version(python: &PathBuf) -> String {
    let output = Command::new(python)
        .args(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        .output()
        .unwrap_or_else(|error| panic!("{} runs: {error}", python.display()));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn python_starter_on_other_pythons(framework: &str) {
    require("python3");
    for (version, python) in other_pythons() {
        let name: &'static str =
            Box::leak(format!("e2e-{framework}-py{}", version.replace('.', "")).into_boxed_str());
        let project = generate(framework, name);
        project.sh(&format!(
            "'{}' -m venv .venv && .venv/bin/pip install -q -r requirements-dev.txt",
            python.display()
        ));
        let output = project.sh(".venv/bin/pytest");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            passed_count(&text) >= 2 && !text.contains("failed"),
            "Python {version}: {text}"
        );
    }
}

#[test]
fn the_django_starter_passes_its_tests_on_every_other_python_here() {
    python_starter_on_other_pythons("django");
}

#[test]
fn the_flask_starter_passes_its_tests_on_every_other_python_here() {
    python_starter_on_other_pythons("flask");
}
