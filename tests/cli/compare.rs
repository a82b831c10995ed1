//! `scaffold new NAME --compare`: two sibling prototypes whose records are
//! proposed and name each other, whole or nothing across the pair.

#[cfg(unix)]
use crate::support::{alive, interrupted, started_pid};
use crate::support::{read, words, Sandbox};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn framework_record(project: &Path) -> String {
    let dir = project.join("docs/adr");
    let entry = fs::read_dir(&dir)
        .expect("docs/adr")
        .map(|entry| entry.expect("entry").path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("0002-"))
        })
        .expect("a framework record");
    read(&entry)
}

#[test]
fn compare_writes_two_committed_siblings_whose_records_are_proposed_and_name_each_other() {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args(["new", "chat", "--compare", "flask,express", "--yes"])
        .assert()
        .success()
        .stdout("")
        .stderr(
            predicate::str::contains("scaffold compare chat-flask chat-express --record\n")
                .and(predicate::str::contains("--decide chat-flask").not())
                .and(predicate::str::contains("chosen with --framework").not())
                .and(predicate::str::contains(
                    "(Flask, a prototype, not chosen yet)",
                )),
        );
    assert_eq!(sandbox.work_entries(), vec!["chat-express", "chat-flask"]);
    for (this, other, other_name) in [
        ("chat-flask", "chat-express", "Express"),
        ("chat-express", "chat-flask", "Flask"),
    ] {
        let project = sandbox.path(this);
        assert!(!sandbox
            .git(&project, &["log", "--oneline"])
            .trim()
            .is_empty());
        let record = framework_record(&project);
        assert!(
            record.starts_with("---\nstatus: \"proposed\"\n"),
            "{record}"
        );
        assert!(
            record.contains(&format!(
                "prototyped against {other_name}, whose starter is `../{other}`"
            )),
            "{record}"
        );
        // The suggested command measures and records; it decides nothing.
        assert!(
            record.contains(&format!("`scaffold compare {this} {other} --record`")),
            "{record}"
        );
        assert!(
            record.contains(&format!(
                "Proposed option: \"{}\"",
                if this == "chat-flask" {
                    "Flask"
                } else {
                    "Express"
                }
            )),
            "{record}"
        );
        assert!(!record.contains("team chose"), "{record}");
        assert!(
            record.contains("| Option | Score | Outcome |"),
            "the full ranking"
        );
        sandbox
            .scaffold()
            .args(["adr", "check"])
            .current_dir(&project)
            .assert()
            .success();
    }
}

#[test]
fn compare_without_a_pair_takes_the_top_two_of_the_ranking() {
    let sandbox = Sandbox::with_git_identity();
    // Python team, real-time, no data: Flask leads Express by one point.
    sandbox
        .scaffold()
        .args([
            "new",
            "chat",
            "--compare",
            "--team",
            "python",
            "--realtime",
            "yes",
            "--data",
            "no",
            "--yes",
        ])
        .assert()
        .success();
    assert_eq!(sandbox.work_entries(), vec!["chat-express", "chat-flask"]);
}

#[test]
fn compare_json_is_an_array_of_the_two_new_results() {
    let sandbox = Sandbox::with_git_identity();
    let output = sandbox
        .scaffold()
        .args([
            "new",
            "chat",
            "--compare",
            "django,express",
            "--yes",
            "--json",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let results = results.as_array().expect("an array");
    assert_eq!(results.len(), 2);
    for (result, framework) in results.iter().zip(["django", "express"]) {
        assert_eq!(result["framework"], framework);
        assert!(result["path"]
            .as_str()
            .is_some_and(|path| path.ends_with(&format!("chat-{framework}"))));
        assert!(result["git"]["commit"].is_string());
        assert_eq!(result["dry_run"], false);
    }
}

#[test]
fn compare_dry_run_lists_both_plans_and_writes_nothing() {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args([
            "new",
            "chat",
            "--compare",
            "flask,express",
            "--yes",
            "--dry-run",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("chat-flask:\n")
                .and(predicate::str::contains("chat-express:\n")),
        );
    let output = sandbox
        .scaffold()
        .args([
            "new",
            "chat",
            "--compare",
            "flask,express",
            "--yes",
            "--dry-run",
            "--json",
        ])
        .output()
        .expect("runs");
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(results.as_array().map(Vec::len), Some(2));
    assert_eq!(results[0]["dry_run"], true);
    assert!(sandbox.work_entries().is_empty());
}

#[test]
fn a_taken_second_target_fails_before_the_first_is_written() {
    let sandbox = Sandbox::with_git_identity();
    fs::create_dir(sandbox.path("chat-express")).expect("mkdir");
    fs::write(sandbox.path("chat-express/mine.txt"), "keep").expect("write");
    sandbox
        .scaffold()
        .args(["new", "chat", "--compare", "flask,express", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chat-express"));
    assert_eq!(sandbox.work_entries(), vec!["chat-express"]);
    assert_eq!(read(&sandbox.path("chat-express/mine.txt")), "keep");
}

#[test]
fn a_package_name_only_one_framework_accepts_writes_neither() {
    let sandbox = Sandbox::with_git_identity();
    // Fine for npm, not a Python module name.
    sandbox
        .scaffold()
        .args([
            "new",
            "chat",
            "--compare",
            "express,flask",
            "--package-name",
            "chat-app",
            "--yes",
        ])
        .assert()
        .code(2);
    assert!(sandbox.work_entries().is_empty());
}

#[test]
fn compare_refuses_one_framework_twice_or_alone() {
    let sandbox = Sandbox::with_git_identity();
    for pair in ["flask,flask", "flask", "flask,rails"] {
        sandbox
            .scaffold()
            .args(["new", "chat", "--compare", pair, "--yes"])
            .assert()
            .code(2);
    }
    sandbox
        .scaffold()
        .args(["new", "chat", "--compare", "--framework", "flask", "--yes"])
        .assert()
        .code(2);
    assert!(sandbox.work_entries().is_empty());
}

#[test]
fn a_close_call_summary_suggests_compare_and_a_clear_one_does_not() {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args([
            "new",
            "close",
            "--team",
            "python",
            "--realtime",
            "yes",
            "--data",
            "no",
            "--yes",
        ])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("Flask and Express were a close call (1 point(s) apart)").and(
                predicate::str::contains(
                    "scaffold new <name> --compare flask,express --answers close/.scaffold.toml",
                ),
            ),
        );
    sandbox
        .scaffold()
        .args([
            "new",
            "clear",
            "--team",
            "javascript",
            "--realtime",
            "yes",
            "--data",
            "no",
            "--yes",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("close call").not());
}

#[test]
fn compare_refuses_a_directory_scaffold_did_not_make() {
    let sandbox = sandbox_with_a_flask_express_pair();
    fs::create_dir(sandbox.path("plain")).expect("mkdir");
    sandbox
        .scaffold()
        .args(["compare", "plain", "chat-flask"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("error: plain is not a starter scaffold generated").and(
                predicate::str::contains("hint: pass two directories made by `scaffold new`"),
            ),
        );
}

#[test]
fn compare_refuses_the_same_repo_twice_an_unknown_decision_and_a_refused_install() {
    let sandbox = sandbox_with_a_flask_express_pair();
    sandbox
        .scaffold()
        .args(["compare", "chat-flask", "./chat-flask"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the same repo"));
    #[cfg(unix)]
    {
        // A symlink to the first is the first.
        std::os::unix::fs::symlink("chat-flask", sandbox.path("again")).expect("symlink");
        sandbox
            .scaffold()
            .args(["compare", "chat-flask", "again"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("the same repo"));
    }
    sandbox
        .scaffold()
        .args([
            "compare",
            "chat-flask",
            "chat-express",
            "--decide",
            "chat-django",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--decide chat-django names neither",
        ));
    sandbox
        .scaffold()
        .args(["compare", "chat-flask", "chat-express", "--no-install"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "chat-flask has no installed dependencies, and --no-install forbids installing them",
        ));
    for bad in [
        "--requests 0",
        "--duration 0",
        "--duration 1 --requests 10",
        "--force",
        "--calibrate --record",
    ] {
        sandbox
            .scaffold()
            .args(words(&format!("compare chat-flask chat-express {bad}")))
            .assert()
            .code(2);
    }
    sandbox
        .scaffold()
        .args(words("compare chat-flask --calibrate --decide chat-flask"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--decide"));
    assert!(!sandbox.path("chat-flask/.venv").exists());
}

/// A sandbox holding `chat-flask` and `chat-express`, made by `new --compare`.
fn sandbox_with_a_flask_express_pair() -> Sandbox {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args(words("new chat --compare flask,express --yes --quiet"))
        .assert()
        .success();
    sandbox
}

/// The pair, both looking installed; the Flask suite hangs, and its child
/// (a `sleep`) writes its pid beside it.
#[cfg(unix)]
fn sandbox_with_a_hanging_test_suite() -> (Sandbox, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = sandbox_with_a_flask_express_pair();
    let bin = sandbox.path("chat-flask/.venv/bin");
    fs::create_dir_all(&bin).expect("bin");
    let pytest = bin.join("pytest");
    fs::write(
        &pytest,
        "#!/bin/sh\nsleep 600 &\necho $! > \"$0.pid\"\nwait\n",
    )
    .expect("pytest");
    fs::set_permissions(&pytest, fs::Permissions::from_mode(0o755)).expect("chmod");
    fs::create_dir_all(sandbox.path("chat-express/node_modules")).expect("node_modules");
    fs::write(
        sandbox.path("chat-express/node_modules/.package-lock.json"),
        "{}",
    )
    .expect("lock");
    fake_runtime(&sandbox, "node", "v22.1.0");
    (sandbox, bin.join("pytest.pid"))
}

/// A `program` first on the sandbox's PATH that prints `version`: the
/// runtime `compare` checks against doctor's minimum before anything else.
#[cfg(unix)]
fn fake_runtime(sandbox: &Sandbox, program: &str, version: &str) {
    use std::os::unix::fs::PermissionsExt;
    let dir = sandbox.path("fake-bin");
    fs::create_dir_all(&dir).expect("fake-bin");
    let path = dir.join(program);
    fs::write(&path, format!("#!/bin/sh\necho {version}\n")).expect("runtime");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// PATH with the sandbox's fake runtimes first.
#[cfg(unix)]
fn with_fake_runtimes(sandbox: &Sandbox) -> std::ffi::OsString {
    let mut paths = vec![sandbox.path("fake-bin")];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("a valid PATH")
}

#[cfg(unix)]
#[test]
fn a_runtime_older_than_doctor_requires_is_refused_before_any_install() {
    let sandbox = sandbox_with_a_flask_express_pair();
    fake_runtime(&sandbox, "node", "v20.20.2");
    sandbox
        .scaffold()
        .env("PATH", with_fake_runtimes(&sandbox))
        .args(words("compare chat-flask chat-express"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(
                "chat-express needs node 22.0 or newer, and this machine runs it on 20.20.2",
            )
            .and(predicate::str::contains(
                "hint: put node 22.0+ first on PATH",
            )),
        );
    assert!(
        !sandbox.path("chat-flask/.venv").exists(),
        "nothing installed"
    );
}

#[cfg(unix)]
#[test]
fn a_hanging_test_suite_is_stopped_with_its_children_at_the_deadline() {
    let (sandbox, pid_file) = sandbox_with_a_hanging_test_suite();
    let started = std::time::Instant::now();
    sandbox
        .scaffold()
        .args(words(
            "compare chat-flask chat-express --no-install --tests-timeout 2",
        ))
        .env("PATH", with_fake_runtimes(&sandbox))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did not finish within 2s"));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let pid = fs::read_to_string(&pid_file).expect("the suite started");
    assert!(!alive(pid.trim()), "the suite's child {pid} still runs");
}

#[cfg(unix)]
#[test]
fn sigterm_and_sighup_stop_a_running_test_suite_and_its_children() {
    let (sandbox, pid_file) = sandbox_with_a_hanging_test_suite();
    for signal in ["-TERM", "-HUP", "-INT"] {
        let _ = fs::remove_file(&pid_file);
        let child = sandbox
            .spawnable()
            .args(words("compare chat-flask chat-express --no-install"))
            .env("PATH", with_fake_runtimes(&sandbox))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let pid = started_pid(&pid_file, "the suite");
        interrupted(child, signal);
        assert!(!alive(pid.trim()), "{signal}: the suite's child still runs");
    }
}

#[cfg(unix)]
#[test]
fn a_runtime_that_does_not_answer_its_version_cannot_hang_compare() {
    use std::os::unix::fs::PermissionsExt;
    let (sandbox, _) = sandbox_with_a_hanging_test_suite();
    let bin = sandbox.path("chat-flask/.venv/bin");
    // The suite passes at once; the venv's python never says its version.
    fs::write(bin.join("pytest"), "#!/bin/sh\necho '1 passed'\n").expect("pytest");
    let python = bin.join("python");
    fs::write(
        &python,
        "#!/bin/sh\nsleep 600 &\necho $! > \"$0.pid\"\nwait\n",
    )
    .expect("python");
    fs::set_permissions(&python, fs::Permissions::from_mode(0o755)).expect("chmod");
    let mut command = sandbox.scaffold();
    command
        .args(words("compare chat-flask chat-express --no-install"))
        .env("PATH", with_fake_runtimes(&sandbox))
        .timeout(std::time::Duration::from_secs(60));
    let output = command.output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // It goes on (and fails later, as nothing here can serve), not hangs.
    assert_ne!(
        output.status.code(),
        None,
        "killed at the timeout: {stderr}"
    );
    let pid = fs::read_to_string(bin.join("python.pid")).expect("python was asked");
    assert!(!alive(pid.trim()), "its child still runs");
}
