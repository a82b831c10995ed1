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
    assert!(practice.starts_with("---\nstatus: \"accepted\"\ndate: \"2026-01-15\"\n"));
    assert!(practice.contains("# Record architecture decisions\n"));
    assert!(practice.contains("[ADR-0002](0002-use-flask-as-the-backend-framework.md)"));
    let record = read(&project.join(FRAMEWORK_RECORD));
    assert!(record.starts_with(
        "---\nstatus: \"accepted\"\ndate: \"2026-01-15\"\ndecision-makers: \"Test User <test@example.com>\"\n---\n\n# Use Flask as the backend framework\n"
    ));
    assert_eq!(read(&project.join(".adr-dir")), "docs/adr\n");
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
        "| Flask | 8 | recommended and chosen |\n| Django | 4 |  |\n| Express | -2 |  |\n",
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
        .contains("| Flask | 8 | recommended |\n| Django | 4 |  |\n| Express | -2 | chosen |\n"));
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
            "Status: accepted\nDate: 2026-01-15\nDecision-makers: Test User <test@example.com>\n\n# Use Flask as the backend framework\n"
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
fn new_adds_the_next_number_as_a_proposed_madr_skeleton_dated_today() {
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
    assert!(record.starts_with("---\nstatus: \"proposed\"\ndate: \"2026-01-15\"\n"));
    assert!(record.contains("\n# Store orders in PostgreSQL!\n"));
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
            "0003  Store orders in PostgreSQL!         proposed  2026-01-15\n",
        ));
}

#[test]
fn new_supersedes_a_madr_record_changing_only_its_status() {
    let sandbox = Sandbox::with_git_identity();
    let project = generate(&sandbox, &["--yes"]);
    let before = read(&project.join(FRAMEWORK_RECORD));
    sandbox
        .scaffold()
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
        before.replacen(
            "status: \"accepted\"",
            "status: \"superseded by [ADR-0003](0003-use-express-for-the-live-gateway.md)\"",
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
            "0002  Use Flask as the backend framework  superseded by ADR-0003  2026-01-15\n",
        ));
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
fn malformed_front_matter_exits_2_naming_the_file_and_line() {
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
        .code(2)
        .stdout("")
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
    let before = snapshot_files(&repo);
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "new", "Replace it", "--supersedes", "4", "--dir", "docs/decisions"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "docs/decisions/0004-unclosed.md: the front matter opened by '---' on line 1 is never closed",
        ));
    assert_eq!(snapshot_files(&repo), before);
}

#[test]
fn superseding_a_missing_number_writes_nothing() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    let before = snapshot_files(&repo);
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "new", "Replace nothing", "--supersedes", "42"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: there is no record numbered 42 in doc/architecture/decisions",
        ));
    assert_eq!(snapshot_files(&repo), before);
}

#[test]
fn a_title_without_letters_or_digits_exits_2_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let repo = copy_fixture(&sandbox, "adr-tools");
    let before = snapshot_files(&repo);
    sandbox
        .scaffold()
        .current_dir(&repo)
        .args(["adr", "new", "?!"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: the title '?!' has no ASCII letter or digit",
        ));
    assert_eq!(snapshot_files(&repo), before);
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
