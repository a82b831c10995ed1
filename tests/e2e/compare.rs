//! `scaffold new --compare` then `scaffold compare`: both prototypes
//! installed, tested and measured for real, the records updated, Ctrl-C
//! honoured, and no process left behind. Flask and Express: the cheapest
//! installs. One install per starter for the whole test.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn scaffold(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .args(args)
        .current_dir(dir)
        .env("PATH", super::starter_path())
        .env_remove("CI")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("npm_config_update_notifier", "false")
        .stdin(Stdio::null())
        .output()
        .expect("scaffold runs")
}

fn succeeded(output: &Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

/// Processes whose working directory lies under `dir`: the servers and
/// workers `compare` started there, if any were left running.
fn processes_under(dir: &Path) -> Vec<String> {
    let dir = dir.canonicalize().expect("canonical");
    std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.parse::<u32>().ok()?;
            let cwd = std::fs::read_link(format!("/proc/{name}/cwd")).ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{name}/stat")).ok()?;
            let zombie = stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'));
            (cwd.starts_with(&dir) && !zombie).then(|| {
                std::fs::read_to_string(format!("/proc/{name}/cmdline"))
                    .unwrap_or_default()
                    .replace('\0', " ")
            })
        })
        .collect()
}

fn record(project: &Path) -> String {
    let dir = project.join("docs/adr");
    let path = std::fs::read_dir(&dir)
        .expect("docs/adr")
        .map(|entry| entry.expect("entry").path())
        .find(|path| path.to_string_lossy().contains("/0002-"))
        .expect("the framework record");
    std::fs::read_to_string(path).expect("read")
}

fn figure(value: &serde_json::Value, path: &str) -> f64 {
    value
        .pointer(path)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or_else(|| panic!("{path} missing or not a number in {value}"))
}

#[test]
fn a_compared_pair_is_measured_recorded_and_decided_leaving_no_process() {
    crate::require("python3");
    crate::require("node");
    crate::require("npm");
    let work = tempfile::tempdir().expect("temp dir");
    let dir = work.path();
    succeeded(
        &scaffold(
            dir,
            &[
                "new",
                "chat",
                "--compare",
                "flask,express",
                "--yes",
                "--quiet",
            ],
        ),
        "new --compare",
    );
    for project in ["chat-flask", "chat-express"] {
        assert!(record(&dir.join(project)).starts_with("---\nstatus: \"proposed\""));
    }

    // --no-install refuses before anything is installed.
    let refused = scaffold(
        dir,
        &["compare", "chat-flask", "chat-express", "--no-install"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(!dir.join("chat-flask/.venv").exists());

    // The first run installs both, then measures.
    let json = succeeded(
        &scaffold(
            dir,
            &[
                "compare",
                "chat-flask",
                "chat-express",
                "--requests",
                "60",
                "--concurrency",
                "2",
                "--rounds",
                "2",
                "--json",
            ],
        ),
        "compare --json",
    );
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(report["schema"], 1);
    assert!(figure(&report, "/machine/cpus") >= 1.0);
    assert!(
        report["machine"]["runtimes"]["python3"].is_string(),
        "{report}"
    );
    assert!(
        report["machine"]["runtimes"]["node"].is_string(),
        "{report}"
    );
    for (index, framework) in [(0, "flask"), (1, "express")] {
        let at = |field: &str| format!("/starters/{index}/{field}");
        assert_eq!(report["starters"][index]["framework"], framework);
        assert!(figure(&report, &at("startup_seconds")) > 0.0);
        for endpoint in ["health", "home"] {
            let rate = figure(&report, &at(&format!("{endpoint}/requests_per_second")));
            let p50 = figure(&report, &at(&format!("{endpoint}/p50_ms")));
            let p99 = figure(&report, &at(&format!("{endpoint}/p99_ms")));
            assert!(rate > 0.0, "{framework} {endpoint}: {rate}");
            assert!(
                p50 > 0.0 && p99 >= p50,
                "{framework} {endpoint}: {p50} {p99}"
            );
            assert_eq!(figure(&report, &at(&format!("{endpoint}/errors"))), 0.0);
        }
        assert!(figure(&report, &at("peak_rss_mib")) > 5.0);
        assert!(figure(&report, &at("install_seconds")) > 0.0);
        assert!(figure(&report, &at("installed_bytes")) > 1_000_000.0);
        assert!(figure(&report, &at("packages")) >= 3.0);
        assert!(figure(&report, &at("lines_of_code")) > 20.0);
        assert!(figure(&report, &at("tests_passed")) >= 2.0);
        assert_eq!(report["starters"][index]["tests_ok"], true);
        // No real-time layer in these starters: skipped, and said so.
        assert!(report["starters"][index]["websocket"]["round_trip_ms"].is_null());
        assert!(report["starters"][index]["websocket"]["skipped"]
            .as_str()
            .is_some_and(|why| why.contains("/ws")));
    }
    assert_eq!(processes_under(dir), Vec::<String>::new());

    // Ctrl-C in the middle of the rounds: exit 130, every server stopped.
    let child = Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .args([
            "compare",
            "chat-flask",
            "chat-express",
            "--no-install",
            "--requests",
            "100000",
            "--rounds",
            "10",
        ])
        .current_dir(dir)
        .env("PATH", super::starter_path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while processes_under(dir)
        .iter()
        .all(|p| !p.contains("gunicorn") && !p.contains("node server.js"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no server started"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    let interrupted = child.wait_with_output().expect("wait");
    assert_eq!(interrupted.status.code(), Some(130));
    assert_eq!(processes_under(dir), Vec::<String>::new());

    // --record --decide: the numbers in both records, one accepted, one rejected.
    let table = succeeded(
        &scaffold(
            dir,
            &[
                "compare",
                "chat-flask",
                "chat-express",
                "--no-install",
                "--requests",
                "30",
                "--rounds",
                "1",
                "--record",
                "--decide",
                "chat-express",
            ],
        ),
        "compare --decide",
    );
    assert!(table.contains("/health requests/s"), "{table}");
    assert!(table.contains("CPUs"), "{table}");
    for (project, status) in [("chat-flask", "rejected"), ("chat-express", "accepted")] {
        let text = record(&dir.join(project));
        assert!(
            text.starts_with(&format!("---\nstatus: \"{status}\"")),
            "{text}"
        );
        assert!(text.contains("### Measurements"), "{text}");
        assert!(text.contains("| /health requests/s |"), "{text}");
        assert!(text.contains("Decided on "), "{text}");
        succeeded(
            &scaffold(&dir.join(project), &["adr", "check"]),
            "adr check",
        );
    }
    // Decided once: a second --decide is refused before measuring.
    let again = scaffold(
        dir,
        &[
            "compare",
            "chat-flask",
            "chat-express",
            "--decide",
            "chat-flask",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(processes_under(dir), Vec::<String>::new());
}

/// With the real-time layer, `compare` serves each starter with the server
/// its README gives (one threaded gunicorn for Flask, `node server.js` for
/// Express) and times WebSocket round trips on `/ws` against the real
/// starters, not a stand-in.
#[test]
fn a_compared_realtime_pair_measures_websocket_round_trips() {
    crate::require("python3");
    crate::require("node");
    crate::require("npm");
    let work = tempfile::tempdir().expect("temp dir");
    let dir = work.path();
    succeeded(
        &scaffold(
            dir,
            &[
                "new",
                "live",
                "--compare",
                "flask,express",
                "--realtime",
                "yes",
                "--yes",
                "--quiet",
            ],
        ),
        "new --compare --realtime yes",
    );
    let json = succeeded(
        &scaffold(
            dir,
            &[
                "compare",
                "live-flask",
                "live-express",
                "--requests",
                "30",
                "--rounds",
                "1",
                "--json",
            ],
        ),
        "compare --json",
    );
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    for (index, framework) in [(0, "flask"), (1, "express")] {
        let starter = &report["starters"][index];
        assert_eq!(starter["framework"], framework);
        assert_eq!(starter["tests_ok"], true, "{starter}");
        assert!(
            starter["websocket"]["skipped"].is_null(),
            "{framework}: {starter}"
        );
        let round_trip = figure(
            &report,
            &format!("/starters/{index}/websocket/round_trip_ms"),
        );
        assert!(
            round_trip > 0.0 && round_trip < 1000.0,
            "{framework}: a round trip of {round_trip} ms"
        );
        assert_eq!(
            figure(&report, &format!("/starters/{index}/health/errors")),
            0.0
        );
    }
    assert_eq!(processes_under(dir), Vec::<String>::new());
}
