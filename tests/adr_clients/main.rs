//! Decision records as the ADR tools people already use read them. The tools
//! are the real ones, installed by this test from their registries once per
//! run, into temporary directories:
//!
//! - `adrs` (crates.io, Josh Rotenberg), through `cargo install` (without its
//!   MCP server feature): reads number, title, status and date. Its build is
//!   long, so it happens only when asked for (see [`adrs`]);
//! - `madr-tools` (npm, nioe), whose `madr index` reads titles;
//! - `adr-log` (npm, Oliver Kopp of MADR), which reads titles.
//!
//! Each reads every record of a new repo, one from `scaffold adr new`, a
//! proposed one, and a superseded one. Needs `cargo`, `node` and `npm` on the
//! PATH and access to crates.io and the npm registry; a missing tool fails
//! with a clear message.
//!
//! The tools go into cargo's scratch folder for integration tests
//! (`target/tmp/adr-clients`), where later runs find them installed.

#![cfg(unix)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Instant;

/// The versions installed: the ones these tests were written against.
const ADRS_VERSION: &str = "0.13.0";
const MADR_TOOLS_VERSION: &str = "1.2.7";
const ADR_LOG_VERSION: &str = "2.2.0";

/// 2026-01-15, the day the repo is generated.
const FIRST_DAY: &str = "1768435200";
/// 2026-01-17, the day of the later records and the supersede.
const LATER_DAY: &str = "1768608000";

fn run(command: &mut Command, what: &str) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{what} could not start: {error}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Where the clients are installed: kept between runs in cargo's scratch
/// folder, so only the first run pays for the installs.
fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("adr-clients")
}

/// Set to build `adrs` when no copy is at hand (the scheduled job in
/// .github/workflows/ci.yml does).
const BUILD_ADRS: &str = "SCAFFOLD_BUILD_ADRS";

/// The `adrs` binary: the one `ADRS` names, or the copy an earlier run built
/// into [`clients_dir`]. Building it takes about three minutes of CPU, too
/// long for every `cargo test`, so it is built only when [`BUILD_ADRS`] is
/// `1`; otherwise the test says it did not run and why.
fn adrs() -> Option<&'static Path> {
    static INSTALLED: OnceLock<Option<PathBuf>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            if let Some(path) = std::env::var_os("ADRS") {
                return Some(PathBuf::from(path));
            }
            let root = clients_dir().join(format!("adrs-{ADRS_VERSION}"));
            let binary = root.join("bin/adrs");
            if binary.is_file() {
                return Some(binary);
            }
            if std::env::var_os(BUILD_ADRS).is_none_or(|value| value != "1") {
                return None;
            }
            let started = Instant::now();
            run(
                Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
                    .args([
                        "install",
                        "adrs",
                        "--locked",
                        "--debug",
                        "--no-default-features",
                    ])
                    .args(["--version", ADRS_VERSION, "--root"])
                    .arg(&root)
                    .env("CARGO_TARGET_DIR", root.join("target")),
                "cargo install adrs (needs crates.io)",
            );
            eprintln!("adrs {ADRS_VERSION} ready in {:.0?}", started.elapsed());
            Some(binary)
        })
        .as_deref()
}

/// `node_modules/.bin` with madr-tools and adr-log, installed once per run.
fn npm_bin() -> &'static Path {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let root = clients_dir().join("npm");
        std::fs::create_dir_all(&root).expect("a folder for the npm clients");
        let started = Instant::now();
        run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&root)
                .arg(format!("madr-tools@{MADR_TOOLS_VERSION}"))
                .arg(format!("adr-log@{ADR_LOG_VERSION}"))
                .env("npm_config_update_notifier", "false"),
            "npm install madr-tools adr-log (needs node, npm and the npm registry)",
        );
        eprintln!("madr-tools and adr-log ready in {:.0?}", started.elapsed());
        root.join("node_modules/.bin")
    })
}

/// A record as a client should read it.
struct Expected {
    number: u64,
    file: &'static str,
    title: &'static str,
    status: &'static str,
    date: &'static str,
}

const RECORDS: [Expected; 5] = [
    Expected {
        number: 1,
        file: "0001-record-architecture-decisions.md",
        title: "Record architecture decisions",
        status: "accepted",
        date: "2026-01-15",
    },
    Expected {
        number: 2,
        file: "0002-use-flask-as-the-backend-framework.md",
        title: "Use Flask as the backend framework",
        status: "superseded by ADR-0005",
        date: "2026-01-17",
    },
    Expected {
        number: 3,
        file: "0003-keep-sessions-in-redis.md",
        title: "Keep sessions in Redis",
        status: "accepted",
        date: "2026-01-17",
    },
    Expected {
        number: 4,
        file: "0004-try-kafka-for-events.md",
        title: "Try Kafka for events",
        status: "proposed",
        date: "2026-01-17",
    },
    Expected {
        number: 5,
        file: "0005-use-express-for-the-gateway.md",
        title: "Use Express for the gateway",
        status: "accepted",
        date: "2026-01-17",
    },
];

/// A generated repo with records of every kind: the two of `scaffold new`,
/// one added, one proposed, and the framework record superseded.
fn repo_with_records() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let scaffold = |cwd: &Path, day: &str, args: &[&str]| {
        run(
            Command::new(env!("CARGO_BIN_EXE_scaffold"))
                .args(args)
                .current_dir(cwd)
                .env("SOURCE_DATE_EPOCH", day)
                .env("NO_COLOR", "1"),
            &format!("scaffold {}", args.join(" ")),
        )
    };
    scaffold(
        dir.path(),
        FIRST_DAY,
        &[
            "new",
            "shop",
            "--yes",
            "--no-git",
            "--quiet",
            "--author",
            "Ada <ada@example.com>",
        ],
    );
    let repo = dir.path().join("shop");
    scaffold(&repo, LATER_DAY, &["adr", "new", "Keep sessions in Redis"]);
    scaffold(
        &repo,
        LATER_DAY,
        &["adr", "new", "Try Kafka for events", "--status", "proposed"],
    );
    scaffold(
        &repo,
        LATER_DAY,
        &[
            "adr",
            "new",
            "Use Express for the gateway",
            "--supersedes",
            "2",
        ],
    );
    scaffold(&repo, LATER_DAY, &["adr", "check"]);
    (dir, repo)
}

#[test]
fn adrs_reads_number_title_status_and_date_of_every_record() {
    let Some(adrs) = adrs() else {
        // Past the harness's capture, so that the terminal shows it.
        let _ = writeln!(
            std::io::stderr(),
            "NOT RUN: adrs_reads_number_title_status_and_date_of_every_record needs adrs \
             {ADRS_VERSION}: set ADRS to its path, or {BUILD_ADRS}=1 to build it (about three \
             CPU-minutes; the scheduled CI job does)"
        );
        return;
    };
    let (_dir, repo) = repo_with_records();
    // Found through the repo's .adr-dir, as adr-tools users would.
    let output = run(
        Command::new(adrs)
            .args(["export", "json"])
            .current_dir(&repo)
            .env("NO_COLOR", "1"),
        "adrs export json",
    );
    let exported: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("adrs prints JSON");
    let records = exported
        .as_array()
        .or_else(|| exported["adrs"].as_array())
        .unwrap_or_else(|| panic!("a list of records in {exported:#}"));
    assert_eq!(
        records.len(),
        RECORDS.len(),
        "every record, and nothing else: {exported:#}"
    );
    for expected in &RECORDS {
        let found = records
            .iter()
            .find(|record| record["number"] == expected.number)
            .unwrap_or_else(|| {
                panic!("adrs does not see record {}: {exported:#}", expected.number)
            });
        assert_eq!(found["title"], expected.title, "{found:#}");
        // adrs capitalizes the statuses it knows, and keeps others as written.
        assert!(
            found["status"]
                .as_str()
                .is_some_and(|status| status.eq_ignore_ascii_case(expected.status)),
            "status {:?} of record {}: {found:#}",
            expected.status,
            expected.number
        );
        assert_eq!(found["date"], expected.date, "{found:#}");
    }

    // adrs numbers its own record after ours (it reads `number:`), and
    // scaffold lists and checks the record adrs wrote.
    run(
        Command::new(adrs)
            .args(["new", "--no-edit", "Written by adrs"])
            .current_dir(&repo)
            .env("EDITOR", "true")
            .env("VISUAL", "true"),
        "adrs new",
    );
    assert!(
        repo.join("docs/adr/0006-written-by-adrs.md").is_file(),
        "adrs took number 6"
    );
    let listing = run(
        Command::new(env!("CARGO_BIN_EXE_scaffold"))
            .args(["adr", "list"])
            .current_dir(&repo),
        "scaffold adr list",
    );
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(
        listing
            .lines()
            .any(|line| line.starts_with("0006  Written by adrs ") && line.contains("Proposed")),
        "{listing}"
    );
    run(
        Command::new(env!("CARGO_BIN_EXE_scaffold"))
            .args(["adr", "check"])
            .current_dir(&repo),
        "scaffold adr check after adrs new",
    );
}

#[test]
fn madr_tools_index_titles_every_record() {
    let (_dir, repo) = repo_with_records();
    std::fs::write(
        repo.join(".madrrc.json"),
        r#"{"madrDirectory": "docs/adr", "indexFileName": "madr-index.md"}"#,
    )
    .expect("write .madrrc.json");
    run(
        Command::new(npm_bin().join("madr"))
            .arg("index")
            .current_dir(&repo)
            .env("FORCE_COLOR", "0"),
        "madr index",
    );
    let index = std::fs::read_to_string(repo.join("docs/adr/madr-index.md")).expect("the index");
    for expected in &RECORDS {
        let line = format!(
            "* [ADR-{:04}](./{}) - {}\n",
            expected.number, expected.file, expected.title
        );
        assert!(
            index.contains(&line),
            "madr-tools lacks {line:?} in\n{index}"
        );
    }
}

#[test]
fn adr_log_titles_every_record() {
    let (_dir, repo) = repo_with_records();
    let output = run(
        Command::new(npm_bin().join("adr-log"))
            .args(["-d", "docs/adr"])
            .current_dir(&repo),
        "adr-log",
    );
    let log = String::from_utf8_lossy(&output.stdout);
    for expected in &RECORDS {
        let line = format!(
            "* [ADR-{:04}]({}) - {}\n",
            expected.number, expected.file, expected.title
        );
        assert!(log.contains(&line), "adr-log lacks {line:?} in\n{log}");
    }
}
