//! The CI and release workflows parse, run what they promise, and agree with
//! the repository: the Rust version with Cargo.toml, the test targets with
//! `tests/`, the release targets with `dist-workspace.toml`.

use crate::{files_under, read};
use serde_norway::Value;

fn yaml(relative: &str) -> Value {
    serde_norway::from_str(&read(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn toml_file(relative: &str) -> toml::Table {
    read(relative)
        .parse()
        .unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// The `run:` lines and `uses:` actions of one job, in order.
fn steps(workflow: &Value, job: &str) -> (Vec<String>, Vec<String>) {
    let steps = workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job {job} has no steps"));
    let field = |key: &str| {
        steps
            .iter()
            .filter_map(|step| step[key].as_str())
            .map(str::to_owned)
            .collect()
    };
    (field("run"), field("uses"))
}

/// The test targets: every `tests/<name>/main.rs`.
fn test_targets() -> Vec<String> {
    files_under("tests", "/main.rs")
        .iter()
        .map(|path| {
            path.split('/')
                .nth(1)
                .expect("tests/<name>/main.rs")
                .to_owned()
        })
        .collect()
}

#[test]
fn ci_checks_format_lint_and_tests_on_linux_macos_and_windows() {
    let ci = yaml(".github/workflows/ci.yml");
    let (linux, linux_actions) = steps(&ci, "linux");
    assert_eq!(
        ci["jobs"]["linux"]["runs-on"].as_str(),
        Some("ubuntu-latest")
    );
    let (desktop, desktop_actions) = steps(&ci, "desktop");
    let systems: Vec<&str> = ci["jobs"]["desktop"]["strategy"]["matrix"]["os"]
        .as_sequence()
        .expect("an os matrix")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(systems, ["macos-latest", "windows-latest"]);
    for runs in [&linux, &desktop] {
        for command in [
            "cargo fmt --all -- --check",
            "cargo clippy --all-targets --locked -- -D warnings",
        ] {
            assert!(
                runs.iter().any(|run| run == command),
                "{command} missing: {runs:?}"
            );
        }
    }
    // As root (`sudo -E`, keeping the toolchain's PATH): the reliability
    // tests mount tmpfs file systems.
    assert!(
        linux
            .iter()
            .any(|run| run == "sudo -E env \"PATH=$PATH\" cargo test --locked"),
        "{linux:?}"
    );
    // The end-to-end tests need Python, Node.js, PostgreSQL and Redis.
    for action in ["actions/setup-python@", "actions/setup-node@"] {
        for actions in [&linux_actions, &desktop_actions] {
            assert!(
                actions.iter().any(|uses| uses.starts_with(action)),
                "{action}"
            );
        }
    }
    // PostgreSQL, Redis and Chromium are the runner's or fetched by the
    // tests themselves, never installed by hand.
    assert!(
        !linux.iter().any(|run| run.contains("apt-get")),
        "{linux:?}"
    );
}

#[test]
fn a_weekly_job_builds_adrs_and_runs_the_adr_clients_tests_with_it() {
    let ci = yaml(".github/workflows/ci.yml");
    let crons: Vec<&str> = ci["on"]["schedule"]
        .as_sequence()
        .expect("a schedule")
        .iter()
        .filter_map(|entry| entry["cron"].as_str())
        .collect();
    assert_eq!(crons.len(), 1, "{crons:?}");
    let job = &ci["jobs"]["adr-clients"];
    assert!(
        job["if"]
            .as_str()
            .is_some_and(|condition| condition.contains("'schedule'")),
        "the adrs build runs on the schedule"
    );
    let steps = job["steps"].as_sequence().expect("steps");
    let test = steps
        .iter()
        .find(|step| {
            step["run"]
                .as_str()
                .is_some_and(|run| run.starts_with("cargo test"))
        })
        .expect("a cargo test step");
    assert_eq!(
        test["run"].as_str(),
        Some("cargo test --locked --test adr_clients")
    );
    assert_eq!(test["env"]["SCAFFOLD_BUILD_ADRS"].as_str(), Some("1"));
}

/// The test targets CI runs on Linux only: the end-to-end tests, and the ADR
/// clients' tests (Unix only; they install two npm tools, and `adrs` with
/// cargo in the weekly job). The Linux job's plain `cargo test` runs them.
const LINUX_ONLY: [&str; 2] = ["adr_clients", "e2e"];

#[test]
fn macos_and_windows_run_every_test_target_but_the_linux_only_end_to_end_tests() {
    let ci = yaml(".github/workflows/ci.yml");
    let (desktop, _) = steps(&ci, "desktop");
    let test = desktop
        .iter()
        .find(|run| run.starts_with("cargo test"))
        .expect("a cargo test step");
    let words: Vec<&str> = test.split_whitespace().collect();
    let mut named: Vec<String> = words
        .windows(2)
        .filter(|pair| pair[0] == "--test")
        .map(|pair| pair[1].to_owned())
        .collect();
    for flag in ["--lib", "--bins", "--locked"] {
        assert!(words.contains(&flag), "{test}");
    }
    named.extend(LINUX_ONLY.map(str::to_owned));
    named.sort();
    assert_eq!(
        named,
        test_targets(),
        "a test target is neither run on macOS and Windows nor Linux-only"
    );
}

#[test]
fn ci_builds_with_the_rust_version_cargo_toml_declares() {
    let manifest = toml_file("Cargo.toml");
    let declared = manifest["package"]["rust-version"]
        .as_str()
        .expect("a rust-version");
    let ci = yaml(".github/workflows/ci.yml");
    let (runs, actions) = steps(&ci, "msrv");
    assert!(
        actions.contains(&format!("dtolnay/rust-toolchain@{declared}")),
        "the msrv job does not install Rust {declared}: {actions:?}"
    );
    assert!(
        runs.iter()
            .any(|run| run.starts_with("cargo build --locked")),
        "{runs:?}"
    );
}

/// What a release must build: static Linux for x86_64 and aarch64, macOS
/// for Intel and Apple silicon, and Windows.
const RELEASE_TARGETS: [&str; 5] = [
    "aarch64-apple-darwin",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "x86_64-unknown-linux-musl",
];

#[test]
fn cargo_dist_is_configured_for_every_release_target_with_checksums() {
    let dist = toml_file("dist-workspace.toml");
    let config = &dist["dist"];
    let mut targets: Vec<&str> = config["targets"]
        .as_array()
        .expect("dist targets")
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    targets.sort_unstable();
    assert_eq!(targets, RELEASE_TARGETS);
    assert_eq!(config["checksum"].as_str(), Some("sha256"));
    assert_eq!(config["ci"].as_str(), Some("github"));
    // dist builds with this profile.
    let manifest = toml_file("Cargo.toml");
    assert_eq!(
        manifest["profile"]["dist"]["inherits"].as_str(),
        Some("release")
    );
}

#[test]
fn the_release_workflow_is_dist_s_own_run_on_a_version_tag() {
    let dist = toml_file("dist-workspace.toml");
    let version = dist["dist"]["cargo-dist-version"]
        .as_str()
        .expect("cargo-dist-version");
    let text = read(".github/workflows/release.yml");
    assert!(
        text.starts_with("# This file was autogenerated by dist"),
        "release.yml is not dist's generated workflow; run `dist generate`"
    );
    assert!(
        text.contains(&format!("/v{version}/")),
        "release.yml installs another dist than {version}; run `dist generate`"
    );
    let release = yaml(".github/workflows/release.yml");
    let tags: Vec<&str> = release["on"]["push"]["tags"]
        .as_sequence()
        .expect("a tag trigger")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        tags.iter().any(|tag| tag.contains("[0-9]+.[0-9]+.[0-9]+")),
        "{tags:?}"
    );
    // Pull requests run `dist plan`: the plan is checked before any tag.
    assert!(
        release["on"]
            .as_mapping()
            .is_some_and(|on| on.contains_key("pull_request")),
        "release.yml does not plan on pull requests"
    );
    let (plan, _) = steps(&release, "plan");
    assert!(plan.iter().any(|run| run.contains("'plan'")), "{plan:?}");
    for job in [
        "plan",
        "build-local-artifacts",
        "build-global-artifacts",
        "host",
        "announce",
    ] {
        assert!(
            release["jobs"][job].is_mapping(),
            "release.yml has no {job} job"
        );
    }
}
