//! `scaffold new --compare` then `scaffold compare`: both prototypes
//! installed, tested and measured for real, failures shown and blocking
//! `--decide`, the records updated, Ctrl-C honoured, and no process left
//! behind. Flask and Express: the cheapest installs. One install per
//! starter for each test. Express runs on Node.js 22 (doctor's minimum),
//! from the npm registry when the machine's is older. Short durations and
//! few rounds keep them quick; the statistics are unit-tested.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// PATH with a Node.js that doctor accepts first.
fn path_with_node_22() -> std::ffi::OsString {
    crate::node_release::path_with_first(&crate::node_release::node_bin_dir(22))
}

fn scaffold(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .args(args)
        .env("PATH", path_with_node_22())
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

/// Short measurements: a verdict needs 5 rounds, so 5 short ones.
const QUICK: [&str; 8] = [
    "--duration",
    "0.3",
    "--warmup",
    "0.2",
    "--rounds",
    "5",
    "--concurrency",
    "2",
];

fn with(base: &[&str], more: &[&str]) -> Vec<String> {
    base.iter()
        .chain(more)
        .map(|word| (*word).to_owned())
        .collect()
}

fn scaffold_words(dir: &Path, words: &[String]) -> Output {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    scaffold(dir, &words)
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
        &scaffold_words(
            dir,
            &with(&["compare", "chat-flask", "chat-express", "--json"], &QUICK),
        ),
        "compare --json",
    );
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(report["schema"], 2);
    assert!(figure(&report, "/machine/cpus") >= 1.0);
    assert!(figure(&report, "/machine/load_average/before") >= 0.0);
    assert!(report["machine"]["cpu_model"].is_string(), "{report}");
    assert!(report["machine"]["runtimes"]["python3"].is_string());
    assert!(report["machine"]["runtimes"]["node"]
        .as_str()
        .is_some_and(|v| v.starts_with("v22.")));
    let command = report["command"].as_str().expect("the command");
    assert!(
        command.starts_with("scaffold compare chat-flask chat-express --duration 0.3"),
        "{command}"
    );
    assert!(
        !json.contains(&dir.display().to_string()),
        "no machine path"
    );
    assert_eq!(report["settings"]["seconds"], 0.3);
    assert!(report["settings"]["requests"].is_null());
    for (index, framework, package) in [(0, "flask", "flask"), (1, "express", "express")] {
        let at = |field: &str| format!("/starters/{index}/{field}");
        let starter = &report["starters"][index];
        assert_eq!(starter["framework"], framework);
        assert!(starter["versions"][package].is_string(), "{starter}");
        assert!(starter["commit"].as_str().is_some_and(|c| c.len() >= 12));
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
            assert!(figure(&report, &at(&format!("{endpoint}/requests"))) > 0.0);
            let spread = &starter[endpoint]["spread"]["requests_per_second"];
            assert!(spread["min"].as_f64() <= spread["max"].as_f64(), "{spread}");
        }
        assert!(figure(&report, &at("peak_rss_mib")) > 5.0);
        assert!(figure(&report, &at("pss_mib")) > 5.0);
        assert!(figure(&report, &at("server_cpu_ms_per_request")) > 0.0);
        let share = figure(&report, &at("client_cpu_share"));
        assert!(share > 0.0 && share < 1.0, "{share}");
        assert!(figure(&report, &at("processes")) >= 1.0);
        assert!(figure(&report, &at("install_seconds")) > 0.0);
        assert!(figure(&report, &at("installed_bytes")) > 1_000_000.0);
        assert!(figure(&report, &at("packages")) >= 3.0);
        assert!(figure(&report, &at("lines_of_code")) > 20.0);
        assert!(figure(&report, &at("tests_passed")) >= 2.0);
        assert_eq!(starter["tests_ok"], true);
        assert_eq!(starter["problems"], serde_json::json!([]));
        // Every round is kept, each after a warm-up every worker answered in.
        let rounds = starter["rounds"].as_array().expect("rounds");
        assert_eq!(rounds.len(), 5);
        for round in rounds {
            assert_eq!(round["workers_answered"], round["workers"], "{round}");
        }
        // No real-time layer in these starters: skipped, and said so.
        assert!(starter["websocket"]["round_trip_ms"].is_null());
        assert!(starter["websocket"]["skipped"]
            .as_str()
            .is_some_and(|why| why.contains("/ws")));
    }
    for verdict in report["verdicts"].as_array().expect("verdicts") {
        assert!(
            ["better", "same"].contains(&verdict["verdict"].as_str().unwrap_or_default()),
            "{verdict}"
        );
    }
    assert_eq!(processes_under(dir), Vec::<String>::new());

    // Ctrl-C in the middle of the rounds: exit 130, every server stopped.
    let child = Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .args([
            "compare",
            "chat-flask",
            "chat-express",
            "--no-install",
            "--duration",
            "60",
            "--rounds",
            "10",
        ])
        .env("PATH", path_with_node_22())
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

    // A home page that fails: its errors are shown, its latency is n/a
    // (never 0 ms), nothing is marked, and --decide is refused; the
    // measurements are still recorded, the statuses left proposed.
    let main = dir.join("chat-flask/chat_flask/main.py");
    let original = std::fs::read_to_string(&main).expect("main.py");
    std::fs::write(
        &main,
        original.replacen(
            "def index():\n",
            "def index():\n    raise RuntimeError(\"broken on purpose\")\n",
            1,
        ),
    )
    .expect("break main.py");
    let failing = scaffold_words(
        dir,
        &with(
            &[
                "compare",
                "chat-flask",
                "chat-express",
                "--no-install",
                "--decide",
                "chat-flask",
            ],
            &QUICK,
        ),
    );
    assert_eq!(failing.status.code(), Some(1));
    let table = String::from_utf8_lossy(&failing.stdout);
    let stderr = String::from_utf8_lossy(&failing.stderr);
    let row = |label: &str| {
        table
            .lines()
            .find(|line| line.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} row in {table}"))
            .to_owned()
    };
    assert!(row("/ errors").contains("(100.0 %)"), "{table}");
    assert!(row("/ p50").contains("n/a"), "{table}");
    assert!(row("/ requests/s").ends_with("n/c"), "{table}");
    assert!(row("tests").contains("suite FAILED"), "{table}");
    assert!(
        !table.split("\n\n").next().unwrap_or_default().contains('*'),
        "{table}"
    );
    assert!(
        stderr.contains("--decide refused") && stderr.contains("--force"),
        "{stderr}"
    );
    for project in ["chat-flask", "chat-express"] {
        let text = record(&dir.join(project));
        assert!(text.starts_with("---\nstatus: \"proposed\""), "{text}");
        assert!(text.contains("chat-flask had failed requests"), "{text}");
    }
    std::fs::write(&main, original).expect("restore main.py");

    // --record --decide: the numbers in both records, one accepted, one
    // rejected, the proposal rewritten as the decision, no machine's path.
    let table = succeeded(
        &scaffold_words(
            dir,
            &with(
                &[
                    "compare",
                    "chat-flask",
                    "chat-express",
                    "--no-install",
                    "--record",
                    "--decide",
                    "chat-express",
                ],
                &QUICK,
            ),
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
        assert!(text.contains("### Measurements of "), "{text}");
        assert!(text.contains("| /health requests/s |"), "{text}");
        assert!(text.contains("Decided on "), "{text}");
        assert!(
            text.contains("Command (run in the folder holding both): `scaffold compare chat-flask chat-express"),
            "{text}"
        );
        assert!(text.contains("<summary>Every round</summary>"), "{text}");
        assert!(!text.contains("not yet taken"), "{text}");
        assert!(!text.contains("Proposed option"), "{text}");
        assert!(!text.contains(&dir.display().to_string()), "{text}");
        succeeded(
            &scaffold(&dir.join(project), &["adr", "check"]),
            "adr check",
        );
    }
    assert!(record(&dir.join("chat-express")).contains("This decision was taken on"));
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
/// Express) and times WebSocket round trips, the fan-out to 40 clients and
/// the clients accepted on `/ws` against the real starters, not a stand-in.
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
                "--duration",
                "0.3",
                "--warmup",
                "0.1",
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
        // One message to 40 clients, and how many clients it holds while
        // /health still answers (Flask's starter stops at 50, by design).
        assert_eq!(starter["websocket"]["fan_out_clients"], 40);
        let fan_out = figure(&report, &format!("/starters/{index}/websocket/fan_out_ms"));
        assert!(
            fan_out > 0.0 && fan_out < 5000.0,
            "{framework}: {fan_out} ms"
        );
        let capacity = &starter["websocket"]["capacity"];
        let accepted = capacity["accepted"].as_u64().expect("accepted");
        assert!(accepted >= 40, "{framework}: {capacity}");
        assert_eq!(
            capacity["health_while_held"], true,
            "{framework}: {capacity}"
        );
        assert_eq!(
            figure(&report, &format!("/starters/{index}/health/errors")),
            0.0
        );
    }
    // One round calls no difference, and says so.
    assert!(report["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .any(|w| w
            .as_str()
            .is_some_and(|w| w.contains("no difference is called"))));
    assert_eq!(processes_under(dir), Vec::<String>::new());
}

/// With the ORM layer, each starter's migrations run as its README says
/// (Flask's `db upgrade` included) and `GET /api/notes` is measured over
/// seeded rows without an error. Then one of them against itself
/// (`--calibrate`) states this machine's noise floor.
#[test]
fn a_compared_orm_pair_measures_the_notes_api_and_a_calibration_states_the_noise() {
    crate::require("python3");
    let work = tempfile::tempdir().expect("temp dir");
    let dir = work.path();
    succeeded(
        &scaffold(
            dir,
            &[
                "new",
                "notes",
                "--compare",
                "flask,django",
                "--needs",
                "orm",
                "--yes",
                "--quiet",
            ],
        ),
        "new --compare --needs orm",
    );
    let json = succeeded(
        &scaffold(
            dir,
            &[
                "compare",
                "notes-flask",
                "notes-django",
                "--duration",
                "0.3",
                "--warmup",
                "0.1",
                "--rounds",
                "1",
                "--json",
            ],
        ),
        "compare --json",
    );
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    for index in [0, 1] {
        let starter = &report["starters"][index];
        assert!(starter["notes_skipped"].is_null(), "{starter}");
        assert!(
            figure(
                &report,
                &format!("/starters/{index}/notes/requests_per_second")
            ) > 0.0
        );
        assert_eq!(
            figure(&report, &format!("/starters/{index}/notes/errors")),
            0.0
        );
        assert!(figure(&report, &format!("/starters/{index}/notes/p50_ms")) > 0.0);
    }

    let calibration = succeeded(
        &scaffold(
            dir,
            &[
                "compare",
                "notes-flask",
                "--calibrate",
                "--no-install",
                "--duration",
                "0.2",
                "--warmup",
                "0.1",
                "--rounds",
                "2",
            ],
        ),
        "compare --calibrate",
    );
    assert!(
        calibration.contains("notes-flask (run 1)") && calibration.contains("notes-flask (run 2)"),
        "{calibration}"
    );
    assert!(
        calibration
            .contains("Noise floor (one repo measured twice): the medians differed by up to"),
        "{calibration}"
    );
    assert_eq!(processes_under(dir), Vec::<String>::new());
}
