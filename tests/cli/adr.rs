//! Decision records: the two `scaffold new` writes (and the command in them
//! that reproduces the repo), and `scaffold adr list | show | new` on
//! generated repos, adr-tools repos and MADR folders from other tools.

use crate::support::{read, snapshot_files, words, Sandbox, SOURCE_DATE_EPOCH};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

const FRAMEWORK_RECORD: &str = "docs/adr/0002-use-flask-as-the-backend-framework.md";

/// Generates `my-app` in the sandbox with these extra arguments, without git.
fn generate(sandbox: &Sandbox, args: &[&str]) -> PathBuf {
    sandbox
        .scaffold()
        .args(["new", "my-app", "--no-git"])
        .args(args)
        .assert()
        .success();
    sandbox.path("my-app")
}

/// The one `docs/adr/0002-*.md` of a generated project.
fn framework_record(project: &Path) -> String {
    let dir = project.join("docs/adr");
    let mut records: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("docs/adr exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("0002-"))
        })
        .collect();
    assert_eq!(records.len(), 1, "one framework record in {records:?}");
    read(&records.remove(0))
}

/// Copies a fixture folder (see tests/fixtures/adr/README.md) into the sandbox.
fn copy_fixture(sandbox: &Sandbox, name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/adr")
        .join(name);
    let to = sandbox.path(name);
    copy_dir(&from, &to);
    to
}

/// Runs `scaffold ARGS` in `dir` and expects the refusal bad input gets:
/// exit code 2, nothing on stdout, `message` on stderr, and no file of `dir`
/// added, removed or changed.
fn assert_refused_untouched(sandbox: &Sandbox, dir: &Path, args: &[&str], message: &str) {
    let before = snapshot_files(dir);
    sandbox
        .scaffold()
        .current_dir(dir)
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(message));
    assert_eq!(snapshot_files(dir), before, "a refusal writes nothing");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read fixture") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy fixture file");
        }
    }
}

/// The command in the record's "More Information" fenced `sh` block.
fn reproduce_command(record: &str) -> String {
    let start = record
        .lines()
        .position(|line| line.trim_start_matches('`') == "sh" && line.starts_with("```"))
        .expect("a fenced sh block");
    let lines: Vec<&str> = record.lines().collect();
    let fence = lines[start].trim_end_matches("sh");
    let end = lines[start + 1..]
        .iter()
        .position(|line| *line == fence)
        .expect("the fence closes")
        + start
        + 1;
    lines[start + 1..end].join("\n")
}

/// Runs a command line through `sh`, with `scaffold` on the PATH and the
/// sandbox's isolated environment, in `dir`.
fn run_in_shell(sandbox: &Sandbox, dir: &Path, command_line: &str) {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_scaffold"));
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("a PATH");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command_line)
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", sandbox.home())
        .env("XDG_CONFIG_HOME", sandbox.home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{command_line}\nfailed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every file but `.git` and `.env`, with contents.
fn files_but_env(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot_files(dir)
        .into_iter()
        .filter(|(path, _)| path != ".env")
        .collect()
}

// The records `scaffold new` writes.

#[test]
fn new_writes_the_practice_record_and_the_framework_decision() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let practice = read(&project.join("docs/adr/0001-record-architecture-decisions.md"));
    assert!(practice.starts_with("---\nstatus: \"accepted\"\ndate: \"2026-01-15\"\nnumber: 1\n"));
    assert!(practice.contains("---\n# Record architecture decisions\n"));
    assert!(practice.contains("[ADR-0002](0002-use-flask-as-the-backend-framework.md)"));
    let record = read(&project.join(FRAMEWORK_RECORD));
    assert!(record.starts_with(
        "---\nstatus: \"accepted\"\ndate: \"2026-01-15\"\nnumber: 2\ndecision-makers:\n  - \"Test User <test@example.com>\"\n---\n# Use Flask as the backend framework\n"
    ));
    assert_eq!(read(&project.join(".adr-dir")), "docs/adr\n");
    let index = read(&project.join("docs/adr/README.md"));
    assert!(index.contains(
        "| [ADR-0001](0001-record-architecture-decisions.md) | Record architecture decisions | accepted | 2026-01-15 |\n\
         | [ADR-0002](0002-use-flask-as-the-backend-framework.md) | Use Flask as the backend framework | accepted | 2026-01-15 |\n"
    ), "{index}");
}

#[test]
fn the_framework_record_says_what_was_chosen_over_what_and_why_with_scores() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(
        &sandbox,
        &[
            "--realtime",
            "no",
            "--data",
            "yes",
            "--size",
            "small",
            "--team",
            "python",
            "--needs",
            "none",
            "--description",
            "Serves the churn model to the CRM",
        ],
    );
    let record = framework_record(&project);
    for part in [
        "## Context and Problem Statement\n",
        "> Serves the churn model to the CRM\n",
        "## Decision Drivers\n",
        "* Heavy data processing or machine learning (`--data yes`)\n",
        "## Considered Options\n\n* Django\n* Flask\n* Express\n",
        "## Decision Outcome\n\nChosen option: \"Flask\", because it comes out best against the decision drivers: 8 points, 4 points ahead of Django, the runner-up.\n",
        "### Consequences\n",
        "### Confirmation\n",
        "## Pros and Cons of the Options\n",
        "### Express\n",
        "* Bad, because JavaScript's data and machine-learning libraries are far thinner than Python's",
        "## More Information\n",
        "| Flask | 8 | recommended and chosen |\n| Django | 4 | |\n| Express | -2 | |\n",
        "not a close call",
        "Every decision driver was answered; none is a default.",
        "scaffold 0.1.0",
    ] {
        assert!(record.contains(part), "missing {part:?} in\n{record}");
    }
}

#[test]
fn defaulted_answers_are_marked_as_defaults() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--team", "python", "--yes"]);
    let record = framework_record(&project);
    assert!(record.contains("(`--size small`, a default)"), "{record}");
    assert!(record.contains("* The team knows Python best (`--team python`)\n"));
    assert!(record.contains(
        "Answers taken as defaults rather than given: `--realtime`, `--data`, `--size` and `--needs`."
    ));
}

#[test]
fn an_explicit_framework_is_recorded_with_the_recommendation_it_overrode() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(
        &sandbox,
        &words(
            "--realtime no --data yes --size small --team python --needs none --framework express",
        ),
    );
    let record = framework_record(&project);
    assert!(record.contains("# Use Express as the backend framework\n"));
    assert!(
        record.contains(
            "Chosen option: \"Express\", because the team chose it over the recommendation. scaffold recommended Flask, with 8 points, for the same decision drivers; Express scored -2 points, 10 points behind. The team chose otherwise"
        ),
        "{record}"
    );
    assert!(record
        .contains("| Flask | 8 | recommended |\n| Django | 4 | |\n| Express | -2 | chosen |\n"));
    assert!(record.contains("--framework express"));
}

#[test]
fn the_framework_record_matches_its_snapshot_for_three_answer_sets() {
    let cases: [(&str, &[&str]); 3] = [
        ("framework_record_defaults", &["--yes"]),
        (
            "framework_record_realtime_javascript_team",
            &[
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
                "--description",
                "Live chat for the support desk",
                "--author",
                "Ada Lovelace <ada@example.com>",
            ],
        ),
        (
            "framework_record_flask_chosen_over_django",
            &[
                "--size",
                "large",
                "--team",
                "python",
                "--needs",
                "admin,auth,orm",
                "--framework",
                "flask",
                "--description",
                "Back office for the shop:\nstock, orders and `refunds`",
            ],
        ),
    ];
    for (name, args) in cases {
        let sandbox = Sandbox::with_git_identity();
        let project = generate(&sandbox, args);
        insta::assert_snapshot!(name, framework_record(&project));
    }
}

#[test]
fn the_records_hold_no_secret_and_no_machine_path() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let env = read(&project.join(".env"));
    let secret = env
        .lines()
        .find_map(|line| {
            line.split_once('=')
                .map(|(_, value)| value.trim().trim_matches('"'))
        })
        .filter(|value| value.len() >= 20)
        .expect("a secret in .env");
    for entry in fs::read_dir(project.join("docs/adr")).expect("docs/adr") {
        let text = read(&entry.expect("entry").path());
        assert!(!text.contains(secret), "the secret leaked");
        assert!(
            !text.contains(&*sandbox.work().to_string_lossy()),
            "a machine path leaked"
        );
        assert!(
            !text.contains(&*sandbox.home().to_string_lossy()),
            "the home leaked"
        );
    }
}

#[test]
fn the_reproducing_command_regenerates_the_same_files() {
    let cases: [&[&str]; 2] = [
        &["--team", "javascript", "--realtime", "yes", "--yes"],
        &[
            "--data",
            "yes",
            "--size",
            "large",
            "--team",
            "both",
            "--needs",
            "orm,admin",
            "--framework",
            "django",
            "--package-name",
            "shop_core",
            "--description",
            "It's \"quoted\", $HOME, `ticks` and {{ braces }}\nover two lines",
            "--author",
            "Zoë O'Brien <zoe@example.com>",
        ],
    ];
    for args in cases {
        let first = Sandbox::with_git_identity();
        let project = generate(&first, args);
        let command = reproduce_command(&framework_record(&project));
        assert!(command.starts_with("scaffold new my-app ") && command.ends_with(" --yes"));

        let second = Sandbox::with_git_identity();
        run_in_shell(&second, &second.work(), &command);
        let again = second.path("my-app");
        assert!(again.join(".git").is_dir(), "the rerun made a repository");
        let (before, after) = (files_but_env(&project), files_but_env(&again));
        assert_eq!(
            before.iter().map(|(path, _)| path).collect::<Vec<_>>(),
            after.iter().map(|(path, _)| path).collect::<Vec<_>>()
        );
        for ((path, old), (_, new)) in before.iter().zip(&after) {
            assert!(old == new, "{path} differs after `{command}`");
        }
    }
}

// `scaffold adr` on a generated repo.

#[test]
fn list_reads_a_generated_repo_through_its_adr_dir_file() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout(
            "0001  Record architecture decisions       accepted  2026-01-15\n\
             0002  Use Flask as the backend framework  accepted  2026-01-15\n",
        );
}

#[test]
fn show_prints_the_record_exactly_when_piped() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "show", "2"])
        .assert()
        .success()
        .stdout(read(&project.join(FRAMEWORK_RECORD)));
}

/// `scaffold adr show` with stdout on a pseudo-terminal; the output with
/// line endings back to `\n`.
#[cfg(unix)]
fn show_on_a_terminal(sandbox: &Sandbox, project: &Path, color: bool) -> String {
    use expectrl::{Eof, Expect};
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_scaffold"));
    command
        .args(["adr", "show", "2"])
        .current_dir(project)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.home())
        .env("XDG_CONFIG_HOME", sandbox.home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TERM", "xterm-256color");
    if !color {
        command.env("NO_COLOR", "1");
    }
    let mut session = expectrl::session::OsSession::spawn(command).expect("spawn on a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let captured = session.expect(Eof).expect("show runs to the end");
    String::from_utf8_lossy(captured.as_bytes()).replace("\r\n", "\n")
}

#[cfg(unix)]
#[test]
fn show_at_a_terminal_turns_the_front_matter_into_a_header_and_bolds_headings() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let plain = show_on_a_terminal(&sandbox, &project, false);
    assert!(
        plain.starts_with(
            "Status: accepted\nDate: 2026-01-15\nNumber: 2\nDecision-makers: Test User <test@example.com>\n\n# Use Flask as the backend framework\n"
        ),
        "{plain}"
    );
    assert!(!plain.contains('\u{1b}'), "NO_COLOR is honoured");
    let styled = show_on_a_terminal(&sandbox, &project, true);
    assert!(
        styled.contains("\u{1b}[1m## Decision Outcome"),
        "{styled:?}"
    );
}

#[cfg(unix)]
#[test]
fn show_at_a_terminal_defuses_escape_sequences_in_the_record() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let path = project.join(FRAMEWORK_RECORD);
    let text = read(&path).replacen(
        "# Use Flask as the backend framework\n",
        "# Use Flask\u{1b}]0;owned\u{7}\u{1b}[2J as the backend framework\n",
        1,
    );
    fs::write(&path, text).expect("write");
    let shown = show_on_a_terminal(&sandbox, &project, false);
    assert!(!shown.contains(['\u{1b}', '\u{7}']), "{shown:?}");
    assert!(
        shown.contains("# Use Flask\u{fffd}]0;owned\u{fffd}\u{fffd}[2J as the backend framework\n"),
        "{shown:?}"
    );
}

#[test]
fn show_of_a_missing_number_exits_2_naming_the_folder() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "show", "9"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: there is no record numbered 9 in docs/adr",
        ))
        .stderr(predicate::str::contains("hint: `scaffold adr list`"));
}

#[test]
fn new_adds_the_next_number_as_an_accepted_madr_skeleton_dated_today() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "new", "Store orders in PostgreSQL!"])
        .assert()
        .success()
        .stdout("docs/adr/0003-store-orders-in-postgresql.md\n");
    let record = read(&project.join("docs/adr/0003-store-orders-in-postgresql.md"));
    assert!(record.starts_with(
        "---\nstatus: \"accepted\"\ndate: \"2026-01-15\"\nnumber: 3\n---\n# Store orders in PostgreSQL!\n"
    ));
    assert!(
        !record
            .lines()
            .any(|line| line.starts_with("# ") && line != "# Store orders in PostgreSQL!"),
        "no other line reads as a title:\n{record}"
    );
    for section in [
        "## Context and Problem Statement",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
        "## Pros and Cons of the Options",
    ] {
        assert!(record.contains(section), "{section}");
    }
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "0003  Store orders in PostgreSQL!         accepted  2026-01-15\n",
        ));
    assert!(read(&project.join("docs/adr/README.md")).contains(
        "| [ADR-0003](0003-store-orders-in-postgresql.md) | Store orders in PostgreSQL! | accepted | 2026-01-15 |\n"
    ));
}

#[test]
fn new_supersedes_a_madr_record_changing_its_status_and_date_and_linking_the_new_one() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let before = read(&project.join(FRAMEWORK_RECORD));
    sandbox
        .scaffold()
        .env("SOURCE_DATE_EPOCH", "1768608000") // 2026-01-17
        .current_dir(&project)
        .args([
            "adr",
            "new",
            "Use Express for the live gateway",
            "--supersedes",
            "2",
        ])
        .assert()
        .success()
        .stdout("docs/adr/0003-use-express-for-the-live-gateway.md\n");
    assert_eq!(
        read(&project.join(FRAMEWORK_RECORD)),
        before
            .replacen(
                "status: \"accepted\"\ndate: \"2026-01-15\"",
                "status: \"superseded by ADR-0003\"\ndate: \"2026-01-17\"",
                1
            )
            .replacen(
                "# Use Flask as the backend framework\n",
                "# Use Flask as the backend framework\n\nSuperseded by [ADR-0003](0003-use-express-for-the-live-gateway.md).\n",
                1
            )
    );
    let new = read(&project.join("docs/adr/0003-use-express-for-the-live-gateway.md"));
    assert!(new.contains(
        "Supersedes [ADR-0002](0002-use-flask-as-the-backend-framework.md) (Use Flask as the backend framework)."
    ));
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0002  Use Flask as the backend framework  superseded by ADR-0003  2026-01-17\n",
        ));
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "check"])
        .assert()
        .success();
    assert!(read(&project.join("docs/adr/README.md")).contains(
        "| [ADR-0002](0002-use-flask-as-the-backend-framework.md) | Use Flask as the backend framework | superseded by ADR-0003 | 2026-01-17 |\n"
    ));
    let leftovers: Vec<String> = fs::read_dir(project.join("docs/adr"))
        .expect("docs/adr")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file is left: {leftovers:?}"
    );
}

// `scaffold adr` on records written by other tools.

#[test]
fn list_reads_adr_tools_records_in_nygard_form() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout(
            "0001  Record architecture decisions    Accepted                                          2024-02-12\n\
             0002  Use PostgreSQL                   Accepted                                          2024-03-01\n\
             0003  Keep sessions in Redis           Superceded by 4. Keep sessions in signed cookies  2024-03-20\n\
             0004  Keep sessions in signed cookies  Accepted                                          2024-05-02\n",
        );
}

#[test]
fn list_json_gives_number_title_status_date_and_path() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    let output = sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value: serde_json::Value = serde_json::from_slice(&output).expect("JSON on stdout");
    assert_eq!(value.as_array().map(Vec::len), Some(4));
    assert_eq!(
        value[1],
        serde_json::json!({
            "number": 2,
            "title": "Use PostgreSQL",
            "status": "Accepted",
            "date": "2024-03-01",
            "path": "doc/architecture/decisions/0002-use-postgresql.md",
        })
    );
    assert_eq!(
        value[2]["status"],
        "Superceded by [4. Keep sessions in signed cookies](0004-keep-sessions-in-signed-cookies.md)"
    );
}

#[test]
fn list_reads_madr_records_from_other_tools_and_skips_non_records() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "madr");
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "list", "--dir", "docs/decisions"])
        .assert()
        .success()
        .stdout(
            "0001  Use Markdown Architectural Decision Records    accepted  2024-09-17\n\
             0002  Use plain JUnit5 for advanced test assertions  proposed  2021-05-06\n\
             0003  Deploy with containers                         proposed  2025-01-10\n",
        );
}

#[test]
fn new_supersedes_an_adr_tools_record_the_adr_tools_way() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    let old_path = repo.join("doc/architecture/decisions/0002-use-postgresql.md");
    let before = read(&old_path);
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "new", "Use SQLite", "--supersedes", "2"])
        .assert()
        .success()
        .stdout("doc/architecture/decisions/0005-use-sqlite.md\n");
    assert_eq!(
        read(&old_path),
        before.replacen(
            "## Status\n\nAccepted\n",
            "## Status\n\nSuperseded by [5. Use SQLite](0005-use-sqlite.md)\n",
            1
        )
    );
    let new = read(&repo.join("doc/architecture/decisions/0005-use-sqlite.md"));
    assert!(new.contains("Supersedes [ADR-0002](0002-use-postgresql.md) (Use PostgreSQL)."));
}

#[test]
fn an_explicit_dir_wins_over_the_adr_dir_file() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    fs::create_dir_all(repo.join("elsewhere")).expect("mkdir");
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "new", "First elsewhere", "--dir", "elsewhere"])
        .assert()
        .success()
        .stdout("elsewhere/0001-first-elsewhere.md\n");
}

// Bad input: exit 2, a message naming the file and the problem, nothing written.

#[test]
fn a_missing_folder_exits_2_and_writes_nothing() {
    let sandbox = Sandbox::new();
    for args in [
        vec!["adr", "list"],
        vec!["adr", "show", "1"],
        vec!["adr", "new", "Use Redis"],
    ] {
        sandbox
            .scaffold()
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "error: no decision records folder at docs/adr",
            ))
            .stderr(predicate::str::contains("hint:").and(predicate::str::contains("--dir")));
    }
    assert!(sandbox.work_entries().is_empty(), "nothing was written");
}

#[test]
fn list_skips_a_malformed_record_with_a_warning_naming_the_file_and_line() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "madr");
    let bad = repo.join("docs/decisions/0004-broken.md");
    fs::write(
        &bad,
        "---\nstatus: accepted\nthis is not yaml\n---\n\n# Broken\n",
    )
    .expect("write");
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "list", "--dir", "docs/decisions"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0003  Deploy with containers"))
        .stderr(predicate::str::contains(
            "warning: skipped docs/decisions/0004-broken.md: line 3 of the front matter is not a 'key: value' line",
        ));
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "show", "4", "--dir", "docs/decisions"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: cannot read the decision record docs/decisions/0004-broken.md: line 3 of the front matter is not a 'key: value' line",
        ))
        .stderr(predicate::str::contains("hint: fix the front matter"));
}

#[test]
fn superseding_a_malformed_record_writes_nothing() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "madr");
    let dir = repo.join("docs/decisions");
    fs::write(
        dir.join("0004-unclosed.md"),
        "---\nstatus: accepted\n\n# Never closed\n",
    )
    .expect("write");
    assert_refused_untouched(
        &sandbox,
        &repo,
        &["adr", "new", "Replace it", "--supersedes", "4", "--dir", "docs/decisions"],
        "docs/decisions/0004-unclosed.md: the front matter opened by '---' on line 1 is never closed",
    );
}

#[test]
fn superseding_a_missing_number_writes_nothing() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    assert_refused_untouched(
        &sandbox,
        &repo,
        &["adr", "new", "Replace nothing", "--supersedes", "42"],
        "error: there is no record numbered 42 in doc/architecture/decisions",
    );
}

#[test]
fn a_title_without_letters_or_digits_exits_2_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    assert_refused_untouched(
        &sandbox,
        &repo,
        &["adr", "new", "?!"],
        "error: the title '?!' has no ASCII letter or digit",
    );
}

#[test]
fn an_empty_folder_lists_nothing_and_says_how_to_add_a_record() {
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.path("docs/adr")).expect("mkdir");
    sandbox
        .scaffold()
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("docs/adr holds no records yet"));
    sandbox
        .scaffold()
        .args(["adr", "list", "--json"])
        .assert()
        .success()
        .stdout("[]\n");
    sandbox
        .scaffold()
        .args(["adr", "new", "Start here"])
        .assert()
        .success()
        .stdout("docs/adr/0001-start-here.md\n");
}

#[test]
fn two_records_with_one_number_are_both_named_when_shown() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    let dir = repo.join("doc/architecture/decisions");
    fs::write(dir.join("0002-use-mysql.md"), "# 2. Use MySQL\n").expect("write");
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "show", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: 2 records are numbered 2: doc/architecture/decisions/0002-use-mysql.md, doc/architecture/decisions/0002-use-postgresql.md",
        ));
}

// Records other tools write, and folders in odd shapes.

/// An empty `docs/adr` in the sandbox holding these files.
fn folder_with(sandbox: &Sandbox, files: &[(&str, &str)]) -> PathBuf {
    let dir = sandbox.path("docs/adr");
    fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in files {
        fs::write(dir.join(name), text).expect("write");
    }
    dir
}

fn stdout_of(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

#[test]
fn template_comments_and_dated_statuses_are_read_as_the_status_alone() {
    let sandbox = Sandbox::new();
    folder_with(
        &sandbox,
        &[
            (
                "0001-use-redis.md",
                "# Use Redis\n\n- Status: accepted <!-- optional -->\n- Date: 2026-11-27 <!-- when the decision was last updated -->\n\n## Context\n",
            ),
            (
                "0002-use-kafka.md",
                "# 2. Use Kafka\n\nDate: 2026-11-27\n\n## Status\n\n2026-11-27 proposed\n\n## Context\n",
            ),
        ],
    );
    sandbox
        .scaffold()
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout(
            "0001  Use Redis  accepted  2026-11-27\n\
             0002  Use Kafka  proposed  2026-11-27\n",
        );
}

#[test]
fn date_numbered_records_are_listed_but_new_numbers_follow_the_sequential_ones() {
    let sandbox = Sandbox::new();
    folder_with(
        &sandbox,
        &[
            (
                "0001-a.md",
                "---\nstatus: accepted\ndate: 2026-01-01\n---\n# A\n",
            ),
            (
                "20261127-use-log4brains.md",
                "# Use log4brains\n\n- Status: accepted\n- Date: 2026-11-27\n",
            ),
        ],
    );
    sandbox
        .scaffold()
        .args(["adr", "new", "Next one"])
        .assert()
        .success()
        .stdout("docs/adr/0002-next-one.md\n");
    sandbox
        .scaffold()
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout(
            "0001      A               accepted  2026-01-01\n\
             0002      Next one        accepted  2026-01-15\n\
             20261127  Use log4brains  accepted  2026-11-27\n",
        );
}

#[test]
fn a_huge_number_is_listed_and_numbered_after() {
    let sandbox = Sandbox::new();
    folder_with(
        &sandbox,
        &[(
            "99999999999-big.md",
            "---\nstatus: accepted\ndate: 2026-01-01\n---\n# Big\n",
        )],
    );
    sandbox
        .scaffold()
        .args(["adr", "new", "After"])
        .assert()
        .success()
        .stdout("docs/adr/100000000000-after.md\n");
    let listing = stdout_of(sandbox.scaffold().args(["adr", "list"]).assert().success());
    assert!(listing.starts_with("99999999999   Big  "), "{listing}");
}

#[test]
fn duplicate_and_unparsable_records_are_listed_with_warnings() {
    let sandbox = Sandbox::new();
    folder_with(
        &sandbox,
        &[
            ("0001-a.md", "# A\n\n* Status: accepted\n"),
            ("0001-b.md", "# B\n\n* Status: accepted\n"),
            ("0002-broken.md", "---\nstatus: accepted\n"),
        ],
    );
    sandbox
        .scaffold()
        .args(["adr", "list"])
        .assert()
        .success()
        .stdout("0001  A  accepted  -\n0001  B  accepted  -\n")
        .stderr(predicate::str::contains(
            "warning: 2 records are numbered 1: docs/adr/0001-a.md, docs/adr/0001-b.md",
        ))
        .stderr(predicate::str::contains(
            "warning: skipped docs/adr/0002-broken.md: the front matter opened by '---' on line 1 is never closed",
        ));
    sandbox
        .scaffold()
        .args(["adr", "show", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "2 records are numbered 1: docs/adr/0001-a.md, docs/adr/0001-b.md",
        ));
}

#[test]
fn a_title_with_control_characters_is_refused_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let dir = folder_with(&sandbox, &[]);
    for title in [
        "Use \u{1b}]0;owned\u{7} Redis",
        "Use\tRedis",
        "Use\nRedis",
        "Use \u{9b}2J Redis",
    ] {
        let output = sandbox
            .scaffold()
            .args(["adr", "new", title])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{title:?}: {stderr}");
        assert!(
            stderr.contains("error: invalid title: it holds the control character U+"),
            "{stderr}"
        );
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{stderr:?}"
        );
        assert_eq!(fs::read_dir(&dir).expect("list").count(), 0, "{title:?}");
    }
}

#[test]
fn control_characters_in_titles_never_reach_the_terminal_from_list() {
    let sandbox = Sandbox::new();
    folder_with(
        &sandbox,
        &[(
            "0001-a.md",
            "# Use \u{1b}]0;owned\u{7}\u{1b}[2JRedis\n\n* Status: accepted\n",
        )],
    );
    let listing = stdout_of(sandbox.scaffold().args(["adr", "list"]).assert().success());
    assert!(
        !listing.contains('\u{1b}') && !listing.contains('\u{7}'),
        "{listing:?}"
    );
    assert!(
        listing.contains("Use \u{fffd}]0;owned\u{fffd}\u{fffd}[2JRedis"),
        "{listing:?}"
    );
}

/// Makes a bad `.adr-dir` at the given path.
type MakeAdrDir = fn(&Path);

#[test]
fn every_bad_adr_dir_file_exits_2_saying_what_is_wrong() {
    #[cfg(unix)]
    const CASES: usize = 5;
    #[cfg(not(unix))]
    const CASES: usize = 4;
    let cases: [(&str, MakeAdrDir); CASES] = [
        ("is a directory", |path| {
            fs::create_dir(path).expect("mkdir")
        }),
        ("is empty", |path| fs::write(path, "  \n").expect("write")),
        (
            "names '../elsewhere', which is outside this folder",
            |path| fs::write(path, "../elsewhere\n").expect("write"),
        ),
        ("names 'docs/nowhere', which is not a folder", |path| {
            fs::write(path, "docs/nowhere\n").expect("write")
        }),
        // Windows has no FIFOs in its file system.
        #[cfg(unix)]
        ("is a named pipe (FIFO), not a regular file", |path| {
            let status = std::process::Command::new("mkfifo")
                .arg(path)
                .status()
                .expect("mkfifo runs");
            assert!(status.success(), "mkfifo");
        }),
    ];
    for (problem, make) in cases {
        let sandbox = Sandbox::new();
        fs::create_dir_all(sandbox.path("docs/adr")).expect("mkdir");
        make(&sandbox.path(".adr-dir"));
        sandbox
            .scaffold()
            .args(["adr", "list"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "error: the .adr-dir file {problem}"
            )))
            .stderr(predicate::str::contains("hint:").and(predicate::str::contains("--dir")));
    }
}

#[cfg(unix)]
#[test]
fn a_records_folder_that_a_symlink_leads_out_of_the_repo_is_refused() {
    use std::os::unix::fs::symlink;
    /// Makes a records folder that a link leads out of, given the outside.
    type MakeOutside = fn(&Sandbox, &Path);
    let cases: [(&str, MakeOutside); 3] = [
        ("docs/adr", |sandbox, outside| {
            fs::create_dir_all(sandbox.path("docs")).expect("docs");
            symlink(outside, sandbox.path("docs/adr")).expect("symlink");
        }),
        // Not there yet: `adr new` would create it through the link.
        ("docs/adr", |sandbox, outside| {
            symlink(outside, sandbox.path("docs")).expect("symlink");
        }),
        ("records", |sandbox, outside| {
            symlink(outside, sandbox.path("records")).expect("symlink");
            fs::write(sandbox.path(".adr-dir"), "records\n").expect(".adr-dir");
        }),
    ];
    for (folder, make) in cases {
        let sandbox = Sandbox::new();
        let outside = sandbox.home().join("elsewhere");
        fs::create_dir_all(&outside).expect("outside");
        make(&sandbox, &outside);
        for args in [
            vec!["adr", "list"],
            vec!["adr", "new", "Use Redis"],
            vec!["adr", "index"],
        ] {
            sandbox
                .scaffold()
                .args(&args)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!(
                    "error: the records folder {folder} leads outside this folder through a symbolic link"
                )));
        }
        assert_eq!(fs::read_dir(&outside).expect("list").count(), 0, "{folder}");
    }
    // A link that stays inside is fine, and so is --dir, given on purpose.
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.path("decisions")).expect("decisions");
    fs::create_dir_all(sandbox.path("docs")).expect("docs");
    symlink("../decisions", sandbox.path("docs/adr")).expect("symlink");
    sandbox
        .scaffold()
        .args(["adr", "new", "Use Redis"])
        .assert()
        .success();
    let outside = sandbox.home().join("elsewhere");
    fs::create_dir_all(&outside).expect("outside");
    sandbox
        .scaffold()
        .arg("adr")
        .arg("--dir")
        .arg(&outside)
        .args(["new", "Use Redis"])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn superseding_a_symlinked_record_updates_the_file_it_points_to() {
    let sandbox = Sandbox::new();
    let dir = folder_with(&sandbox, &[]);
    let shared = sandbox.path("shared.md");
    fs::write(
        &shared,
        "---\nstatus: \"accepted\"\ndate: \"2026-01-01\"\nnumber: 1\n---\n# Shared\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(&shared, dir.join("0001-shared.md")).expect("symlink");
    sandbox
        .scaffold()
        .args(["adr", "new", "Replace it", "--supersedes", "1"])
        .assert()
        .success();
    assert!(fs::symlink_metadata(dir.join("0001-shared.md"))
        .expect("the link")
        .file_type()
        .is_symlink());
    assert!(read(&shared).starts_with("---\nstatus: \"superseded by ADR-0002\"\n"));
}

// Numbers under concurrency.

fn owned_words(line: &str) -> Vec<String> {
    words(line).into_iter().map(str::to_owned).collect()
}

/// Runs `scaffold` once per argument list, all at once, in `dir`; their outputs.
fn at_once(sandbox: &Sandbox, dir: &Path, runs: Vec<Vec<String>>) -> Vec<std::process::Output> {
    let children: Vec<std::process::Child> = runs
        .into_iter()
        .map(|args| {
            std::process::Command::new(env!("CARGO_BIN_EXE_scaffold"))
                .args(&args)
                .current_dir(dir)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", sandbox.home())
                .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("scaffold starts")
        })
        .collect();
    children
        .into_iter()
        .map(|child| child.wait_with_output().expect("scaffold ends"))
        .collect()
}

#[test]
fn twenty_parallel_new_records_get_twenty_distinct_numbers() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let runs = (1..=20)
        .map(|n| owned_words(&format!("adr new Decision-{n}")))
        .collect();
    let outputs = at_once(&sandbox, &project, runs);
    for output in &outputs {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut numbers: Vec<u64> = fs::read_dir(project.join("docs/adr"))
        .expect("docs/adr")
        .filter_map(|entry| {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            name.split('-').next().and_then(|n| n.parse().ok())
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=22).collect::<Vec<u64>>());
    let index = read(&project.join("docs/adr/README.md"));
    assert_eq!(index.matches("| [ADR-").count(), 22, "{index}");
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "check"])
        .assert()
        .success();
}

#[test]
fn two_parallel_supersedes_of_one_record_leave_one_successor() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let runs = vec![
        owned_words("adr new First-successor --supersedes 2"),
        owned_words("adr new Second-successor --supersedes 2"),
    ];
    let outputs = at_once(&sandbox, &project, runs);
    let codes: Vec<Option<i32>> = outputs.iter().map(|o| o.status.code()).collect();
    assert_eq!(
        codes.iter().filter(|code| **code == Some(0)).count(),
        1,
        "exactly one supersedes: {codes:?}"
    );
    assert!(codes.contains(&Some(2)), "the other is refused: {codes:?}");
    let files: Vec<String> = fs::read_dir(project.join("docs/adr"))
        .expect("docs/adr")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        files.len(),
        4,
        "two records, their successor, the index: {files:?}"
    );
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "check"])
        .assert()
        .success();
}

// The rest of a decision's life.

#[test]
fn a_proposed_record_is_accepted_or_rejected_and_an_accepted_one_deprecated() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let scaffold = |args: &str| {
        let mut command = sandbox.scaffold();
        command
            .current_dir(&project)
            .env("SOURCE_DATE_EPOCH", "1768608000") // 2026-01-17
            .args(words(args));
        command
    };
    scaffold("adr new Use-Redis --status proposed")
        .assert()
        .success();
    scaffold("adr new Use-Kafka --status proposed")
        .assert()
        .success();
    scaffold("adr accept 3")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Accepted docs/adr/0003-use-redis.md",
        ));
    scaffold("adr reject 4").assert().success();
    scaffold("adr deprecate 1").assert().success();
    scaffold("adr list").assert().success().stdout(
        "0001  Record architecture decisions       deprecated  2026-01-17\n\
         0002  Use Flask as the backend framework  accepted    2026-01-15\n\
         0003  Use-Redis                           accepted    2026-01-17\n\
         0004  Use-Kafka                           rejected    2026-01-17\n",
    );
    assert!(read(&project.join("docs/adr/README.md"))
        .contains("| [ADR-0004](0004-use-kafka.md) | Use-Kafka | rejected | 2026-01-17 |\n"));

    let before = snapshot_files(&project);
    for (args, message) in [
        ("adr accept 4", "cannot accept docs/adr/0004-use-kafka.md: its status is 'rejected'"),
        ("adr reject 2", "cannot reject docs/adr/0002-use-flask-as-the-backend-framework.md: its status is 'accepted'"),
        ("adr deprecate 4", "cannot deprecate docs/adr/0004-use-kafka.md: its status is 'rejected'"),
        ("adr accept 9", "there is no record numbered 9"),
    ] {
        scaffold(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("error: {message}")))
            .stderr(predicate::str::contains("hint:"));
    }
    assert_eq!(snapshot_files(&project), before, "a refusal writes nothing");
    scaffold("adr new Later --supersedes 2").assert().success();
    scaffold("adr accept 2")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "its status is 'superseded by ADR-0005'",
        ));
    scaffold("adr new Again --supersedes 2")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot supersede"));
}

#[test]
fn a_proposed_record_cannot_supersede() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    assert_refused_untouched(
        &sandbox,
        &project,
        &words("adr new Maybe --status proposed --supersedes 2"),
        "a proposed record cannot supersede",
    );
}

#[test]
fn check_passes_a_new_repo_and_lists_each_problem_with_exit_1() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "check"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "Checked 2 records in docs/adr, no problems",
        ));
    let dir = project.join("docs/adr");
    fs::write(
        dir.join("0003-odd.md"),
        "---\nstatus: done\ndate: soon\nnumber: 4\n---\n# Odd\n\nSee [nothing](0009-nothing.md).\n",
    )
    .expect("write");
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "check"])
        .assert()
        .code(1)
        .stdout(
            "docs/adr/0003-odd.md: its status 'done' is not one of MADR's: proposed, rejected, accepted, deprecated, superseded by ADR-NNNN\n\
             docs/adr/0003-odd.md: its date 'soon' is not a date in the form YYYY-MM-DD\n\
             docs/adr/0003-odd.md: its front matter says 'number: 4', but its file name says 3\n\
             docs/adr/0003-odd.md: it links to 0009-nothing.md, which is not in the folder\n",
        )
        .stderr(predicate::str::contains("error: 4 problems in the decision records of docs/adr"));
    let json = stdout_of(
        sandbox
            .scaffold()
            .current_dir(&project)
            .args(["adr", "check", "--json"])
            .assert()
            .code(1),
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["records"], 3);
    assert_eq!(value["problems"].as_array().map(Vec::len), Some(4));
    assert_eq!(value["problems"][0]["path"], "docs/adr/0003-odd.md");
}

#[test]
fn check_explains_a_supersede_cut_short_and_a_leftover_temporary_file() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let old = read(&project.join(FRAMEWORK_RECORD));
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(words("adr new Use-Express --supersedes 2"))
        .assert()
        .success();
    // As if the run had been killed between writing the new record and
    // replacing the old one.
    fs::write(project.join(FRAMEWORK_RECORD), old).expect("restore");
    fs::write(project.join("docs/adr/.scaffold-adr-x1y2z3"), "half").expect("write");
    sandbox
        .scaffold()
        .current_dir(&project)
        .args(["adr", "check"])
        .assert()
        .code(1)
        .stdout(
            "docs/adr/.scaffold-adr-x1y2z3: a temporary file left by an interrupted `scaffold adr` run; delete it (the next run that writes records removes it)\n\
             docs/adr/0003-use-express.md: it supersedes ADR-0002, whose status is still 'accepted': a supersede was interrupted; set that record's status to 'superseded by ADR-0003'\n",
        );
}

#[test]
fn index_writes_a_readme_then_rewrites_only_between_its_markers() {
    let sandbox = Sandbox::new();
    let dir = folder_with(
        &sandbox,
        &[(
            "0001-a.md",
            "---\nstatus: accepted\ndate: 2026-01-01\n---\n# A\n",
        )],
    );
    sandbox
        .scaffold()
        .args(["adr", "index"])
        .assert()
        .success()
        .stdout("docs/adr/README.md\n");
    let first = read(&dir.join("README.md"));
    assert!(first.contains("| [ADR-0001](0001-a.md) | A | accepted | 2026-01-01 |\n"));
    let edited = first.replace(
        "# Architecture decision records\n",
        "# Our decisions\n\nOur own words.\n",
    ) + "\nA footer of ours.\n";
    fs::write(dir.join("README.md"), &edited).expect("write");
    sandbox
        .scaffold()
        .args(["adr", "new", "B"])
        .assert()
        .success();
    let second = read(&dir.join("README.md"));
    assert!(second.starts_with("# Our decisions\n\nOur own words.\n"));
    assert!(
        second.ends_with("<!-- adrlogstop -->\n\nA footer of ours.\n"),
        "{second}"
    );
    assert!(second.contains("| [ADR-0002](0002-b.md) | B | accepted | 2026-01-15 |\n"));

    fs::write(dir.join("README.md"), "# Notes\n\nHand-written.\n").expect("write");
    sandbox
        .scaffold()
        .args(["adr", "new", "C"])
        .assert()
        .success();
    assert_eq!(
        read(&dir.join("README.md")),
        "# Notes\n\nHand-written.\n",
        "no markers, not ours"
    );
    sandbox.scaffold().args(["adr", "index"]).assert().success();
    let appended = read(&dir.join("README.md"));
    // The table joins the README under its own title: no second `# ` heading.
    assert!(
        appended.starts_with("# Notes\n\nHand-written.\n\n<!-- adrlog -->\n"),
        "{appended}"
    );
    assert_eq!(
        appended
            .lines()
            .filter(|line| line.starts_with("# "))
            .count(),
        1,
        "{appended}"
    );
    assert!(appended.contains("| [ADR-0003](0003-c.md) | C | accepted | 2026-01-15 |\n"));
}

#[test]
fn the_generated_ci_checks_the_records_in_a_job_that_says_how_it_gets_scaffold() {
    use clap::Parser;
    for framework in ["django", "flask", "express"] {
        let sandbox = Sandbox::with_git_identity();
        let project = generate(&sandbox, &["--framework", framework, "--yes"]);
        let text = read(&project.join(".github/workflows/ci.yml"));
        let yaml: serde_norway::Value = serde_norway::from_str(&text).expect("valid YAML");
        let job = &yaml["jobs"]["decisions"];
        assert_eq!(
            job["if"].as_str(),
            Some("${{ vars.SCAFFOLD_INSTALL != '' }}"),
            "{framework}: the job says when it runs"
        );
        let runs: Vec<&str> = job["steps"]
            .as_sequence()
            .expect("steps")
            .iter()
            .filter_map(|step| step["run"].as_str())
            .collect();
        assert_eq!(
            runs.last(),
            Some(&"scaffold adr check"),
            "{framework}: {runs:?}"
        );
        scaffold::testing::cli::Cli::try_parse_from(words("scaffold adr check"))
            .expect("a valid command");
        assert!(text.contains("SCAFFOLD_INSTALL holds the command that installs"));
        // What the job runs passes on the repo as generated.
        sandbox
            .scaffold()
            .current_dir(&project)
            .args(["adr", "check"])
            .assert()
            .success();
    }
}

#[cfg(unix)]
#[test]
fn a_supersede_killed_at_any_moment_leaves_both_records_or_a_state_check_explains() {
    const OLD: &str = "---\nstatus: \"accepted\"\ndate: \"2026-01-01\"\nnumber: 1\n---\n# Old\n";
    for attempt in 0..12u64 {
        let sandbox = Sandbox::new();
        let dir = folder_with(&sandbox, &[("0001-old.md", OLD)]);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_scaffold"))
            .args(["adr", "new", "New one", "--supersedes", "1"])
            .current_dir(sandbox.work())
            .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("scaffold starts");
        // From before the first write to after the last, on a fast or a busy machine.
        std::thread::sleep(std::time::Duration::from_millis(attempt * 10));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        let old = read(&dir.join("0001-old.md"));
        let new_path = dir.join("0002-new-one.md");
        if old != OLD {
            assert!(
                old.starts_with("---\nstatus: \"superseded by ADR-0002\"\n"),
                "{old}"
            );
            assert!(
                new_path.is_file(),
                "the old record names a new one that exists"
            );
        }
        if new_path.is_file() {
            assert!(
                read(&new_path).contains("\n# New one\n"),
                "the new record is whole"
            );
        }
        let check = sandbox.scaffold().args(["adr", "check"]).assert();
        let report = stdout_of(check);
        for line in report.lines() {
            assert!(
                line.ends_with("a supersede was interrupted; set that record's status to 'superseded by ADR-0002'")
                    || line.contains("a temporary file left by an interrupted `scaffold adr` run"),
                "attempt {attempt}: unexplained: {line}"
            );
        }
        // The next run that writes cleans up after the killed one.
        sandbox
            .scaffold()
            .args(["adr", "new", "Next"])
            .assert()
            .success();
        let hidden: Vec<String> = fs::read_dir(&dir)
            .expect("the folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(
            hidden.is_empty(),
            "attempt {attempt}: left behind: {hidden:?}"
        );
    }
}
