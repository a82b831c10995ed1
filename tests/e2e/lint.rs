//! Every combination of the feature layers (32 per framework) passes the
//! linters its starter ships, with the starter's own settings, as the
//! generated CI's lint job runs them: `ruff check .` and `ruff format
//! --check .` for Django and Flask, `eslint .` for Express. The installed
//! end-to-end tests lint a few combinations; this lints all of them, cheaply:
//! the pinned linters are installed once (ruff alone into a virtualenv;
//! ESLint and its two config packages into one node_modules that each
//! generated tree links to).

use super::require;
use scaffold::testing::answers::Answers;
use scaffold::testing::features::every_combination;
use scaffold::testing::framework::Framework;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The version a starter pins for one of its packages.
fn pin(framework: Framework, name: &str) -> &'static str {
    framework
        .facts()
        .pins
        .iter()
        .find(|pin| pin.name == name)
        .unwrap_or_else(|| panic!("{} pins no {name}", framework.id()))
        .version
}

/// The command-line answers of one combination, and a short label for it.
fn answers_flags(answers: &Answers) -> (Vec<String>, String) {
    let needs: Vec<&str> = answers.needs.iter().map(|need| need.id()).collect();
    let yes_no = |on: bool| if on { "yes" } else { "no" }.to_owned();
    let flags = vec![
        "--needs".to_owned(),
        if needs.is_empty() {
            "none".to_owned()
        } else {
            needs.join(",")
        },
        "--realtime".to_owned(),
        yes_no(answers.realtime),
        "--data".to_owned(),
        yes_no(answers.data),
    ];
    let label = format!("needs {} realtime {} data {}", flags[1], flags[3], flags[5]);
    (flags, label)
}

/// Generates every combination of `framework` under `dir`; returns each
/// tree with its label.
fn generate_every_combination(framework: Framework, dir: &Path) -> Vec<(PathBuf, String)> {
    every_combination()
        .iter()
        .enumerate()
        .map(|(index, answers)| {
            let (flags, label) = answers_flags(answers);
            let name = format!("lint-{}-{index}", framework.id());
            let output = Command::new(env!("CARGO_BIN_EXE_scaffold"))
                .args(["new", &name, "--framework", framework.id()])
                .args(["--yes", "--quiet", "--no-git"])
                .args(&flags)
                .current_dir(dir)
                .env_remove("CI")
                .stdin(Stdio::null())
                .output()
                .expect("scaffold runs");
            assert!(
                output.status.success(),
                "scaffold new ({label}) failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            (dir.join(name), label)
        })
        .collect()
}

/// Runs a linter in a generated tree; returns its complaint, if any.
fn complaint(linter: &mut Command, tree: &Path) -> Option<String> {
    let output = linter
        .current_dir(tree)
        .stdin(Stdio::null())
        .output()
        .expect("the linter runs");
    (!output.status.success()).then(|| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn every_python_layer_combination_passes_ruff_check_and_ruff_format() {
    require("python3");
    let version = pin(Framework::Flask, "ruff");
    assert_eq!(
        pin(Framework::Django, "ruff"),
        version,
        "the Python starters pin different ruff releases"
    );
    let work = tempfile::tempdir().expect("temp dir");
    let venv = work.path().join("ruff-venv");
    let install = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "python3 -m venv '{}' && '{}/bin/pip' install -q 'ruff=={version}'",
            venv.display(),
            venv.display()
        ))
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    assert!(
        install.status.success(),
        "installing ruff {version} failed: {}",
        String::from_utf8_lossy(&install.stderr)
    );
    let ruff = venv.join("bin/ruff");
    let mut failures = Vec::new();
    for framework in [Framework::Django, Framework::Flask] {
        for (tree, label) in generate_every_combination(framework, work.path()) {
            for args in [&["check", "."][..], &["format", "--check", "."][..]] {
                if let Some(report) = complaint(Command::new(&ruff).args(args), &tree) {
                    failures.push(format!(
                        "{} ({label}): ruff {}\n{report}",
                        framework.id(),
                        args.join(" ")
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 128 lint runs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_express_layer_combination_passes_eslint() {
    require("npm");
    let work = tempfile::tempdir().expect("temp dir");
    let linters = work.path().join("eslint");
    let packages: Vec<String> = ["eslint", "@eslint/js", "globals"]
        .iter()
        .map(|name| format!("{name}@{}", pin(Framework::Express, name)))
        .collect();
    let packages: Vec<&str> = packages.iter().map(String::as_str).collect();
    super::npm_install_into(&linters, &packages);
    let modules = linters.join("node_modules");
    let eslint = modules.join(".bin/eslint");
    let mut failures = Vec::new();
    for (tree, label) in generate_every_combination(Framework::Express, work.path()) {
        std::os::unix::fs::symlink(&modules, tree.join("node_modules")).expect("link");
        if let Some(report) = complaint(Command::new(&eslint).arg("."), &tree) {
            failures.push(format!("express ({label}): eslint .\n{report}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 32 lint runs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
