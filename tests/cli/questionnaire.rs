//! Answers from flags, answers files and defaults, the rules for when
//! scaffold may prompt, and `scaffold recommend`.

use crate::support::{read, words, Sandbox};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn recommend_json(sandbox: &Sandbox, args: &[&str]) -> serde_json::Value {
    let output = sandbox
        .scaffold()
        .arg("recommend")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&output).expect("recommend --json prints one JSON object")
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/answers")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn each_example_answers_file_recommends_its_expected_framework() {
    let sandbox = Sandbox::new();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/answers");
    let mut checked = 0;
    for entry in fs::read_dir(examples).expect("examples/answers") {
        let path = entry.expect("entry").path();
        let text = read(&path);
        let expected = text
            .lines()
            .find_map(|line| line.strip_prefix("# expected: "))
            .unwrap_or_else(|| panic!("{} lacks an `# expected:` line", path.display()));
        let report = recommend_json(&sandbox, &["--answers", path.to_str().expect("UTF-8 path")]);
        assert_eq!(report["framework"], expected, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} example answers files");
}

#[test]
fn recommend_json_has_the_full_ranking_with_reasons() {
    let sandbox = Sandbox::new();
    let report = recommend_json(
        &sandbox,
        &words("--realtime yes --data no --size medium --team javascript --needs none"),
    );
    assert_eq!(report["framework"], "express");
    let ranking = report["ranking"].as_array().expect("ranking list");
    assert_eq!(ranking.len(), 3);
    let names: Vec<&str> = ranking
        .iter()
        .map(|r| r["framework"].as_str().expect("name"))
        .collect();
    assert!(names.contains(&"django") && names.contains(&"flask"));
    for entry in ranking {
        assert!(entry["score"].is_i64());
        assert!(!entry["reasons"].as_array().expect("reasons").is_empty());
    }
    assert_eq!(report["answers"]["team"], "javascript");
    assert_eq!(report["defaulted"], serde_json::json!([]));
}

#[test]
fn recommend_prints_a_readable_ranking_explaining_every_option() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["recommend", "--answers", &example("content-site.toml")])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("1. Django ("))
        .stdout(predicate::str::contains("recommended"))
        .stdout(predicate::str::contains("2. "))
        .stdout(predicate::str::contains("3. "))
        .stdout(predicate::str::contains("+ Django ships an admin panel"))
        .stdout(predicate::str::contains("- an admin panel needs"));
}

#[test]
fn without_a_terminal_missing_answers_fail_fast_listing_the_flags() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "my-app", "--realtime", "no", "--team", "python"])
        .env("CI", "true")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "these answers are missing: --data, --size, --needs",
        ))
        .stderr(predicate::str::contains("--yes"));
    assert!(sandbox.work_entries().is_empty());

    sandbox
        .scaffold()
        .args(["recommend"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--realtime"));
}

#[test]
fn yes_fills_the_defaults_and_names_them() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "my-app", "--yes", "--team", "python", "--no-git"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "using defaults for realtime=no, data=no, size=small, needs=none",
        ));
    let manifest = read(&sandbox.path("my-app/.scaffold.toml"));
    assert!(manifest.contains("framework = \"flask\""), "{manifest}");
}

#[test]
fn an_explicit_framework_makes_the_questionnaire_optional() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "express", "--no-git"])
        .assert()
        .success()
        .stderr(predicate::str::contains("using defaults for"));
}

#[test]
fn flags_override_the_answers_file() {
    let sandbox = Sandbox::new();
    let report = recommend_json(
        &sandbox,
        &[
            "--answers",
            &example("content-site.toml"),
            "--team",
            "javascript",
            "--size",
            "small",
        ],
    );
    assert_eq!(report["answers"]["team"], "javascript");
    assert_eq!(report["answers"]["size"], "small");
    assert_eq!(
        report["answers"]["needs"],
        serde_json::json!(["admin", "auth", "orm"])
    );
}

#[test]
fn a_bad_answers_file_names_the_file_the_key_and_the_line() {
    let sandbox = Sandbox::new();
    let cases = [
        (
            "unknown.toml",
            "realtime = true\ncolour = \"blue\"\n",
            "line 2, key `colour`",
        ),
        ("type.toml", "data = \"lots\"\n", "line 1, key `data`"),
        ("value.toml", "size = \"huge\"\n", "line 1, key `size`"),
        ("syntax.toml", "size = \n", "line 1"),
    ];
    for (name, text, expected) in cases {
        fs::write(sandbox.path(name), text).expect("write");
        sandbox
            .scaffold()
            .args(["new", "my-app", "--yes", "--answers", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "the answers file {name} is not valid"
            )))
            .stderr(predicate::str::contains(expected));
    }
    sandbox
        .scaffold()
        .args(["recommend", "--yes", "--answers", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot use missing.toml as an answers file: No such file",
        ));
    assert!(!sandbox.path("my-app").exists());
}

#[test]
fn a_generated_scaffold_toml_replays_as_an_answers_file() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args([
            "new",
            "first",
            "--answers",
            &example("chat-service.toml"),
            "--no-git",
        ])
        .assert()
        .success();
    sandbox
        .scaffold()
        .args([
            "new",
            "second",
            "--answers",
            "first/.scaffold.toml",
            "--no-git",
        ])
        .assert()
        .success();
    let answers_of = |project: &str| {
        let manifest: toml::Table =
            toml::from_str(&read(&sandbox.path(&format!("{project}/.scaffold.toml"))))
                .expect("TOML");
        (manifest["framework"].clone(), manifest["answers"].clone())
    };
    assert_eq!(answers_of("first"), answers_of("second"));
    assert_eq!(answers_of("first").0.as_str(), Some("express"));
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["recommend", "--size", "huge"])
        .assert()
        .code(2);
    sandbox
        .scaffold()
        .args(["recommend", "--realtime", "maybe"])
        .assert()
        .code(2);
    sandbox
        .scaffold()
        .args(["recommend", "--needs", "admin,cms"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'cms' is not one of admin, auth, orm, none",
        ));
    sandbox
        .scaffold()
        .args(["new", "x", "--framework", "rails"])
        .assert()
        .code(2);
}

#[test]
fn a_piped_stdin_never_waits_for_a_keyboard() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "my-app"])
        .write_stdin("yes\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no terminal to ask on"));
}
