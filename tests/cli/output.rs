//! The machine interface and the terminal contract outside a terminal:
//! `new --json` (and with `--dry-run`), `--quiet`, plain logs without escape
//! bytes, `--install`, `--version`, completions, the man page, and the CI
//! examples under `examples/ci/`.

use crate::support::{read, words, Sandbox};
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// Runs `scaffold <args>` and returns (stdout, stderr), asserting success.
fn run_ok(sandbox: &Sandbox, args: &[&str]) -> (String, String) {
    let output = sandbox
        .scaffold()
        .args(args)
        .output()
        .expect("scaffold runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    assert!(
        output.status.success(),
        "scaffold {args:?} failed: {stderr}"
    );
    (stdout, stderr)
}

/// Exactly one JSON value, and nothing else, in `text`.
fn one_object(text: &str) -> Value {
    let value: Value = serde_json::from_str(text)
        .unwrap_or_else(|error| panic!("stdout is not one JSON value ({error}): {text}"));
    assert!(value.is_object(), "{text}");
    value
}

/// The keys and value types of a JSON document: the schema, not the data.
/// An array is shown as one element merging all of its elements' shapes, a
/// value that varies as `null|string`.
pub fn shape(value: &Value) -> Value {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(_) => "number".into(),
        Value::String(_) => "string".into(),
        Value::Array(items) => {
            Value::Array(items.iter().map(shape).reduce(merge).into_iter().collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), shape(value)))
                .collect(),
        ),
    }
}

fn merge(first: Value, second: Value) -> Value {
    match (first, second) {
        (Value::Object(mut merged), Value::Object(other)) => {
            for (key, value) in other {
                let value = match merged.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                merged.insert(key, value);
            }
            Value::Object(merged)
        }
        (Value::Array(first), Value::Array(second)) => Value::Array(
            first
                .into_iter()
                .chain(second)
                .reduce(merge)
                .into_iter()
                .collect(),
        ),
        (Value::String(first), Value::String(second)) => {
            let kinds: std::collections::BTreeSet<&str> =
                first.split('|').chain(second.split('|')).collect();
            Value::String(kinds.into_iter().collect::<Vec<_>>().join("|"))
        }
        // A nullable object or list: keep its structure.
        (structured @ (Value::Object(_) | Value::Array(_)), _) | (_, structured) => structured,
    }
}

pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("serializes")
}

/// Every file under `dir` but `.git`, as sorted relative `/` paths.
fn relative_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("entry").path();
            let relative = path
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            if relative == ".git" || relative == "node_modules" {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(relative);
            }
        }
    }
    files.sort();
    files
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| item.as_str().expect("a string").to_owned())
        .collect()
}

#[test]
fn json_prints_one_object_on_stdout_that_describes_the_repo() {
    let sandbox = Sandbox::with_git_identity();
    let (stdout, stderr) = run_ok(
        &sandbox,
        &["new", "svc", "--framework", "express", "--yes", "--json"],
    );
    let json = one_object(&stdout);
    let project = sandbox.path("svc");

    assert_eq!(json["dry_run"], false);
    assert_eq!(
        PathBuf::from(json["path"].as_str().expect("path")),
        std::path::absolute(&project).expect("absolute")
    );
    assert_eq!(json["framework"], "express");
    assert_eq!(json["package"], "svc");
    assert_eq!(json["choice"], "explicit");
    assert_eq!(strings(&json["files"]), relative_files(&project));
    assert_eq!(json["git"]["branch"], "main");
    assert_eq!(
        json["git"]["commit"].as_str(),
        Some(sandbox.git(&project, &["rev-parse", "HEAD"]).trim())
    );
    if let Some(adr) = json["adr"].as_str() {
        assert!(project.join(adr).is_file(), "{adr} is not a file");
        assert!(strings(&json["files"]).contains(&adr.to_owned()));
    }
    assert_eq!(json["install"], Value::Null);
    assert_eq!(json["commands"]["install"], "npm ci");
    assert_eq!(json["commands"]["test"], "npm test");
    assert_eq!(json["commands"]["run"], "npm start");
    assert_eq!(
        strings(&json["next_steps"]),
        vec!["cd svc", "npm ci", "npm test", "npm start"]
    );
    assert!(json.get("plan").is_none(), "plan is only for --dry-run");

    // The human summary still goes to stderr.
    assert!(stderr.contains("Next steps:"), "{stderr}");
    assert!(stderr.contains("  cd svc"), "{stderr}");
}

#[test]
fn the_json_recommendation_is_what_recommend_json_prints() {
    let sandbox = Sandbox::with_git_identity();
    let answers = [
        "--realtime",
        "yes",
        "--data",
        "no",
        "--size",
        "medium",
        "--team",
        "javascript",
        "--needs",
        "auth",
    ];
    let mut new_args = vec!["new", "chat", "--json", "--no-git"];
    new_args.extend(answers);
    let (stdout, _) = run_ok(&sandbox, &new_args);
    let generated = one_object(&stdout);

    let mut recommend_args = vec!["recommend", "--json"];
    recommend_args.extend(answers);
    let (stdout, _) = run_ok(&sandbox, &recommend_args);
    assert_eq!(generated["recommendation"], one_object(&stdout));
    assert_eq!(generated["choice"], "recommended");
    assert_eq!(
        generated["framework"],
        generated["recommendation"]["framework"]
    );
    assert_eq!(generated["git"], Value::Null);
}

#[test]
fn the_json_schema_stays_stable() {
    let sandbox = Sandbox::with_git_identity();
    let (stdout, _) = run_ok(
        &sandbox,
        &words("new svc --framework express --yes --json --needs admin,auth"),
    );
    let schema = nullable_adr(shape(&one_object(&stdout)));
    insta::assert_snapshot!("new_json_shape", pretty(&schema));

    let (stdout, _) = run_ok(
        &sandbox,
        &words("new plan --framework express --yes --json --dry-run --needs admin,auth"),
    );
    let schema = nullable_adr(shape(&one_object(&stdout)));
    insta::assert_snapshot!("dry_run_json_shape", pretty(&schema));
}

/// `adr` is a path, or null when the plan holds no framework record.
fn nullable_adr(mut shape: Value) -> Value {
    let adr = &mut shape["adr"];
    assert!(*adr == "string" || *adr == "null", "adr is {adr}");
    *adr = "null|string".into();
    shape
}

#[test]
fn dry_run_with_json_prints_the_plan_as_json_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let (stdout, _) = run_ok(
        &sandbox,
        &words("new my-app --framework django --yes --json --dry-run --install"),
    );
    let json = one_object(&stdout);
    assert!(
        sandbox.work_entries().is_empty(),
        "a dry run wrote something"
    );
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["framework"], "django");
    assert_eq!(json["package"], "my_app");
    assert_eq!(json["git"], Value::Null);
    assert_eq!(json["install"], Value::Null);
    let plan = json["plan"].as_array().expect("plan");
    let entry = |path: &str| {
        plan.iter()
            .find(|entry| entry["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in the plan"))
    };
    assert_eq!(entry("manage.py")["mode"], "755");
    assert_eq!(entry("README.md")["mode"], "644");
    assert_eq!(entry(".env")["mode"], "600");
    assert_eq!(entry(".env")["committed"], false);
    let planned: Vec<&str> = plan
        .iter()
        .map(|entry| entry["path"].as_str().expect("path"))
        .collect();
    assert_eq!(strings(&json["files"]), planned);
    assert_eq!(
        json["recommendation"]["answers"]["team"], "python",
        "the defaults are in the recommendation"
    );
}

#[test]
fn quiet_prints_nothing_at_all_on_success() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "svc", "--framework", "flask", "--yes", "--quiet"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert!(sandbox.path("svc/README.md").is_file());
}

#[test]
fn quiet_json_prints_only_the_object() {
    let sandbox = Sandbox::with_git_identity();
    let output = sandbox
        .scaffold()
        .args(["new", "svc", "--framework", "express", "-y", "-q", "--json"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    one_object(&String::from_utf8(output).expect("UTF-8"));
}

#[test]
fn quiet_still_prints_errors() {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.path("taken")).expect("mkdir");
    fs::write(sandbox.path("taken/file"), "x").expect("write");
    sandbox
        .scaffold()
        .args(["new", "taken", "--framework", "flask", "--yes", "--quiet"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("error: "))
        .stderr(predicate::str::contains("hint: "));
}

#[test]
fn outside_a_terminal_the_logs_are_plain_lines_without_escape_bytes() {
    for ci in [false, true] {
        let sandbox = Sandbox::with_git_identity();
        let mut command = sandbox.scaffold();
        command
            .args(["new", "svc", "--framework", "express", "--yes", "--json"])
            .env_remove("NO_COLOR")
            .env("TERM", "xterm-256color");
        if ci {
            command.env("CI", "true");
        }
        let output = command.output().expect("scaffold runs");
        assert!(output.status.success());
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            assert!(
                !bytes.contains(&0x1b),
                "escape bytes on {stream} (CI={ci}): {:?}",
                String::from_utf8_lossy(bytes)
            );
            assert!(!bytes.contains(&b'\r'), "carriage returns on {stream}");
        }
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        for expected in [
            "       Wrote ",
            "   Committed ",
            "Created svc (Express",
            "Next steps:\n  cd svc\n  npm ci\n  npm test\n  npm start\n",
        ] {
            assert!(stderr.contains(expected), "{expected:?} in {stderr}");
        }
    }
}

#[test]
fn the_summary_names_the_commit_and_the_decision_record() {
    let sandbox = Sandbox::with_git_identity();
    let (stdout, stderr) = run_ok(&sandbox, &["new", "svc", "--framework", "django", "--yes"]);
    assert_eq!(stdout, "", "without --json, stdout stays empty");
    let head = sandbox.git(&sandbox.path("svc"), &["rev-parse", "--short=12", "HEAD"]);
    assert!(
        stderr.contains(&format!("commit     {} on main", head.trim())),
        "{stderr}"
    );
    assert!(stderr.contains("package    svc"), "{stderr}");
    let files = relative_files(&sandbox.path("svc")).len();
    assert!(
        stderr.contains(&format!("files      {files}\n")),
        "{stderr}"
    );
    if let Some(record) = relative_files(&sandbox.path("svc"))
        .iter()
        .filter(|path| path.starts_with("docs/adr/"))
        .nth(1)
    {
        assert!(
            stderr.contains(&format!("decision   svc/{record}")),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains(".venv/bin/python manage.py runserver"),
        "{stderr}"
    );
}

#[test]
fn version_prints_the_crate_version() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("scaffold {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_are_printed_for_every_shell() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (stdout, stderr) = run_ok(&sandbox, &["completions", shell]);
        assert!(stdout.contains("scaffold"), "{shell}: {stdout}");
        assert!(stdout.contains("doctor"), "{shell} completes subcommands");
        assert!(stdout.contains("install"), "{shell} completes flags");
        assert_eq!(stderr, "");
    }
}

#[test]
fn the_man_page_is_roff_from_the_command_line_definition() {
    let sandbox = Sandbox::new();
    let (stdout, _) = run_ok(&sandbox, &["manpage"]);
    assert!(stdout.contains(".TH scaffold 1"), "{stdout}");
    for subcommand in ["new", "recommend", "doctor", "completions", "manpage"] {
        assert!(stdout.contains(subcommand), "{subcommand} missing");
    }

    run_ok(&sandbox, &["manpage", "--dir", "man"]);
    for page in ["scaffold.1", "scaffold-new.1", "scaffold-doctor.1"] {
        let text = read(&sandbox.path("man").join(page));
        assert!(text.contains(".TH "), "{page}");
    }
    let new_page = read(&sandbox.path("man/scaffold-new.1"));
    assert!(new_page.contains("install"), "{new_page}");
}

#[test]
fn install_runs_npm_ci_in_the_new_repo_and_keeps_it_clean() {
    let sandbox = Sandbox::with_git_identity();
    let (stdout, stderr) = run_ok(
        &sandbox,
        &words("new svc --framework express --yes --json --install"),
    );
    let json = one_object(&stdout);
    let project = sandbox.path("svc");
    assert!(project.join("node_modules/express").is_dir(), "{stderr}");
    assert_eq!(json["install"]["ok"], true);
    assert_eq!(json["install"]["command"], "npm ci");
    let log = PathBuf::from(json["install"]["log"].as_str().expect("log"));
    assert!(!log.starts_with(&project), "the log stays out of the repo");
    assert!(read(&log).contains("$ npm ci"));
    assert_eq!(
        sandbox.git(&project, &["status", "--porcelain"]),
        "",
        "installing leaves the work tree clean"
    );
    assert_eq!(
        strings(&json["next_steps"]),
        vec!["cd svc", "npm test", "npm start"],
        "no install step once installed"
    );
    assert!(stderr.contains("   Installed npm ci ("), "{stderr}");
    insta::assert_snapshot!("install_json_shape", pretty(&shape(&json["install"])));
    let _ = fs::remove_file(log);
}

#[test]
fn a_failed_install_exits_1_keeps_the_complete_repo_and_names_the_log() {
    let sandbox = Sandbox::with_git_identity();
    let empty_path = sandbox.path("no-tools");
    fs::create_dir_all(&empty_path).expect("mkdir");
    let output = sandbox
        .scaffold()
        .args([
            "new",
            "svc",
            "--framework",
            "express",
            "--yes",
            "--json",
            "--install",
        ])
        .env("PATH", &empty_path)
        .output()
        .expect("scaffold runs");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(output.status.code(), Some(1), "{stderr}");

    let json = one_object(&String::from_utf8(output.stdout).expect("UTF-8"));
    assert_eq!(json["install"]["ok"], false);
    let log = json["install"]["log"].as_str().expect("log").to_owned();
    assert!(
        read(Path::new(&log)).contains("npm"),
        "the log says what failed"
    );

    assert!(stderr.contains("error: `npm ci` failed in svc"), "{stderr}");
    assert!(stderr.contains("`npm` was not found on PATH"), "{stderr}");
    assert!(stderr.contains(&log), "the log is named: {stderr}");
    assert!(stderr.contains("hint: svc is complete"), "{stderr}");
    assert!(stderr.contains("cd svc && npm ci"), "{stderr}");

    let project = sandbox.path("svc");
    assert_eq!(strings(&json["files"]), relative_files(&project));
    assert_eq!(sandbox.git(&project, &["status", "--porcelain"]), "");
    let _ = fs::remove_file(log);
}

/// The keys whose values are shell commands: GitHub's `run`, GitLab's scripts.
const SHELL_KEYS: [&str; 4] = ["run", "script", "before_script", "after_script"];

/// Every `scaffold ...` command line in the shell commands of a CI file, cut
/// at the first shell operator, as words.
fn scaffold_command_lines(yaml: &serde_norway::Value) -> Vec<Vec<String>> {
    use serde_norway::Value as Yaml;
    let mut scripts: Vec<&str> = Vec::new();
    let mut pending = vec![(yaml, false)];
    while let Some((value, in_shell)) = pending.pop() {
        match value {
            Yaml::String(text) if in_shell => scripts.push(text),
            Yaml::Sequence(items) => pending.extend(items.iter().map(|item| (item, in_shell))),
            Yaml::Mapping(map) => {
                for (key, value) in map {
                    let shell = key.as_str().is_some_and(|key| SHELL_KEYS.contains(&key));
                    pending.push((value, in_shell || shell));
                }
            }
            Yaml::Tagged(tagged) => pending.push((&tagged.value, in_shell)),
            _ => {}
        }
    }
    let mut lines = Vec::new();
    for line in scripts.iter().flat_map(|script| script.lines()) {
        let line = line.trim();
        if !line.starts_with("scaffold ") {
            continue;
        }
        let words: Vec<String> = line
            .split_whitespace()
            .take_while(|word| !matches!(*word, ">" | ">>" | "|" | "&&" | ";" | "2>"))
            .map(str::to_owned)
            .collect();
        lines.push(words);
    }
    lines
}

#[test]
fn the_ci_examples_parse_and_every_scaffold_line_is_accepted_and_never_prompts() {
    use clap::Parser;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci");
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = read(&dir.join(name));
        let yaml: serde_norway::Value = serde_norway::from_str(&text)
            .unwrap_or_else(|error| panic!("{name} is not valid YAML: {error}"));
        let lines = scaffold_command_lines(&yaml);
        assert!(
            lines
                .iter()
                .any(|words| words.get(1).map(String::as_str) == Some("new")
                    && words.iter().any(|word| word == "--json")),
            "{name} generates a service with --json"
        );
        for words in &lines {
            assert!(
                words.iter().all(|word| !word.contains(['"', '\'', '$'])),
                "{name}: keep scaffold lines to plain words: {words:?}"
            );
            if let Err(error) = scaffold::testing::cli::Cli::try_parse_from(words) {
                panic!("{name}: {words:?} is rejected:\n{error}");
            }
            if matches!(words[1].as_str(), "new" | "recommend") {
                assert!(
                    words
                        .iter()
                        .any(|word| matches!(word.as_str(), "--yes" | "-y" | "--answers")),
                    "{name}: {words:?} could prompt"
                );
            }
        }
    }
}
