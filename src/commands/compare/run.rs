//! `scaffold compare A B`: the steps in order. Install (when needed), test,
//! prepare, then interleaved rounds A, B, A, B of start, warm-up, load and
//! stop; the report; and with `--record`/`--decide`, the records.
//!
//! Every server runs inside a [`Server`] guard, so an error or Ctrl-C
//! anywhere stops it before `compare` returns.

use super::load::{self, Budget};
use super::repo::{self, Starter};
use super::report::{self, Machine, Settings, Side};
use super::server::{self, Server};
use super::stats::LoadRound;
use super::{record, system};
use crate::commands::doctor::examine::Version;
use crate::core::framework::Language;
use crate::error::Error;
use crate::generate::install;
use crate::sys::cancel;
use crate::sys::env::Env;
use crate::sys::platform;
use crate::ui::cli::CompareArgs;
use crate::ui::output::{self, Output};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub use super::report::Round;

/// Notes the DB-backed endpoint is measured over: `compare` tops the
/// starter's table up to this many through its own API.
pub const SEED_NOTES: usize = 20;

/// What was learnt about one starter before the rounds.
#[derive(Clone)]
struct Prepared {
    starter: Starter,
    log: PathBuf,
    install_seconds: Option<f64>,
    tests_passed: u64,
    tests_ok: bool,
    runtime: (String, String),
}

/// Runs the comparison.
///
/// # Errors
/// Bad repos or `--decide` (exit 2), a failed install, preparation or
/// server start, a runtime older than the starter supports, a `--decide`
/// the measurements cannot carry without `--force` (exit 1), Ctrl-C (exit 130).
pub fn run(args: &CompareArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, args.quiet);
    let first = Starter::open(&args.a)?;
    let second = match &args.b {
        Some(b) if !args.calibrate => {
            let second = Starter::open(b)?;
            if first.absolute == second.absolute || same_directory(&args.a, b) {
                return Err(Error::CompareSameRepo {
                    a: args.a.clone(),
                    b: b.clone(),
                });
            }
            Some(second)
        }
        _ => None,
    };
    let decided = match (&args.decide, &second) {
        (Some(given), Some(second)) => Some(decided_index(given, [&first, second])?),
        _ => None,
    };
    if decided.is_some() {
        if let Some(second) = &second {
            record::check_open(&[&first, second])?;
        }
    }
    for starter in std::iter::once(&first).chain(second.as_ref()) {
        if args.no_install && !starter.is_installed() {
            return Err(Error::CompareNotInstalled {
                path: starter.path.clone(),
                command: starter.framework.facts().commands.install.to_owned(),
            });
        }
    }

    // doctor's minimum runtimes, before anything is installed or run on them.
    for starter in std::iter::once(&first).chain(second.as_ref()) {
        check_runtime(starter, &runtime_version(starter).1)?;
    }

    let load_before = system::load_average();
    let first = prepare(first, env.host, &out, args.tests_timeout)?;
    let prepared = match second {
        Some(second) => {
            let second = prepare(second, env.host, &out, args.tests_timeout)?;
            [first, second]
        }
        None => [first.clone(), first],
    };

    let mut rounds: [Vec<Round>; 2] = [Vec::new(), Vec::new()];
    for round in 1..=args.rounds {
        for (index, side) in prepared.iter().enumerate() {
            cancel::check()?;
            let activity = out.activity(
                "Measuring",
                &format!(
                    "{} (round {round} of {})",
                    side.starter.path.display(),
                    args.rounds
                ),
                false,
            );
            // The endpoints' order alternates from round to round and side
            // to side, so neither endpoint always meets a fresher server.
            let reversed = (round + index as u64).is_multiple_of(2);
            let measured = measure(side, args, reversed);
            activity.finish();
            rounds[index].push(measured?);
        }
    }
    cancel::check()?;
    let load_after = system::load_average();

    let [first, second] = [0, 1].map(|index| side(&prepared[index], &rounds[index]));
    let comparison = report::compare(report::CompareInput {
        date: env.today.clone(),
        scaffold_version: crate::VERSION.to_owned(),
        command: command_line(args),
        calibration: args.calibrate,
        machine: Machine {
            cpus: std::thread::available_parallelism().map_or(1, usize::from),
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            cpu_model: system::cpu_model(),
            runtimes: prepared
                .iter()
                .map(|side| side.runtime.clone())
                .collect::<BTreeMap<_, _>>(),
            load_average: report::LoadAverage {
                before: load_before,
                after: load_after,
            },
        },
        settings: Settings {
            requests: args.requests,
            seconds: args.requests.is_none().then_some(args.duration),
            warmup_seconds: args.warmup,
            concurrency: args.concurrency,
            rounds: args.rounds,
        },
        sides: [first, second],
    });

    output::print_result(&if args.json {
        comparison.to_json()
    } else {
        comparison.table()
    });
    // The table's notes carry the warnings; with --json, stderr does too.
    if args.json {
        for warning in &comparison.warnings {
            out.notice(warning);
        }
    }
    if args.record || decided.is_some() {
        let refused = decided.is_some() && !args.force && !comparison.problems().is_empty();
        let starters = [&prepared[0].starter, &prepared[1].starter];
        record::write(
            &starters,
            &comparison,
            if refused { None } else { decided },
            env,
            &out,
        )?;
        if refused {
            return Err(Error::CompareDecideRefused {
                problems: comparison.problems(),
            });
        }
    }
    Ok(())
}

/// The command as typed, with each repo as its directory name (what the
/// record shows, run from the folder that holds both): no machine's paths.
fn command_line(args: &CompareArgs) -> String {
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    };
    let quoted = |path: &Path| crate::core::shell::shell_quote(&name(path));
    let mut words = vec!["scaffold".to_owned(), "compare".to_owned(), quoted(&args.a)];
    if let Some(b) = &args.b {
        words.push(quoted(b));
    }
    if args.calibrate {
        words.push("--calibrate".to_owned());
    }
    match args.requests {
        Some(requests) => words.push(format!("--requests {requests}")),
        None => words.push(format!("--duration {}", args.duration)),
    }
    words.push(format!("--warmup {}", args.warmup));
    words.push(format!("--concurrency {}", args.concurrency));
    words.push(format!("--rounds {}", args.rounds));
    if args.record {
        words.push("--record".to_owned());
    }
    if let Some(decide) = &args.decide {
        words.push(format!("--decide {}", quoted(decide)));
    }
    if args.force {
        words.push("--force".to_owned());
    }
    words.join(" ")
}

/// Whether two paths reach one directory, through symlinks or `..`: each
/// would be measured, installed and recorded as the other.
fn same_directory(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Which of the two `--decide` names: the same path, or the same last component.
fn decided_index(given: &Path, starters: [&Starter; 2]) -> Result<usize, Error> {
    let absolute = std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf());
    starters
        .iter()
        .position(|starter| {
            starter.absolute == absolute
                || starter.path == given
                || starter.name() == given.to_string_lossy()
        })
        .ok_or_else(|| Error::CompareDecideUnknown {
            given: given.display().to_string(),
        })
}

/// Install if needed, check the runtime, run the tests and the one-off
/// production steps.
fn prepare(
    starter: Starter,
    host: crate::core::host::HostOs,
    out: &Output,
    tests_timeout: u64,
) -> Result<Prepared, Error> {
    let deadline = Duration::from_secs(tests_timeout);
    let log = std::env::temp_dir().join(format!(
        "scaffold-compare-{}-{}.log",
        starter.name(),
        std::process::id()
    ));
    let mut install_seconds = None;
    if !starter.is_installed() {
        let outcome = install::install(
            &starter.absolute,
            starter.framework,
            host,
            &mut out.install_steps(),
        )?;
        install_seconds = Some(outcome.seconds);
        outcome.into_result(&starter.path)?;
    }
    cancel::check()?;
    // A Python starter runs on its virtualenv's Python, which may differ.
    let runtime = runtime_version(&starter);
    check_runtime(&starter, &runtime.1)?;

    let tests = starter.test_words();
    let activity = out.activity(
        "Testing",
        &format!("{} ({})", starter.path.display(), tests.join(" ")),
        false,
    );
    let ran = run_logged(&starter.absolute, &tests, &log, deadline);
    activity.finish();
    let (tests_ok, output) = ran?;
    let tests_passed = repo::passed_tests(&output).unwrap_or(0);
    out.step(
        "Tested",
        &format!(
            "{}: {tests_passed} passed{}",
            starter.path.display(),
            if tests_ok {
                ""
            } else {
                ", and the suite FAILED"
            }
        ),
    );
    for step in starter.prepare_steps() {
        cancel::check()?;
        let (ok, _) = run_logged(&starter.absolute, &step, &log, deadline)?;
        if !ok {
            return Err(Error::CompareStepFailed {
                path: starter.path.clone(),
                step: format!("`{}`", step.join(" ")),
                log,
            });
        }
    }
    Ok(Prepared {
        starter,
        log,
        install_seconds,
        tests_passed,
        tests_ok,
        runtime,
    })
}

/// Refuses a runtime older than the one `scaffold doctor` requires for the
/// starter: its figures would describe a setup it does not support.
fn check_runtime(starter: &Starter, version: &str) -> Result<(), Error> {
    let runtime = starter.framework.facts().runtime;
    let Some(found) = Version::find(version) else {
        return Ok(()); // unknown: the start or the tests will say more
    };
    if found.cmp_minor(runtime.min_version) == std::cmp::Ordering::Less {
        return Err(Error::CompareRuntimeTooOld {
            path: starter.path.clone(),
            runtime: runtime.command,
            found: found.to_string(),
            needs: format!("{}.{}", runtime.min_version.0, runtime.min_version.1),
        });
    }
    Ok(())
}

/// Runs `words` in `dir` in a process group of its own, appending its
/// output to `log`; whether it succeeded, and what it printed. At an
/// interrupt or past `deadline` the whole group is stopped.
///
/// # Errors
/// [`Error::Cancelled`] on an interrupt, [`Error::CompareStepFailed`] past
/// the deadline, [`Error::Io`] if it cannot start or the log cannot be
/// written.
fn run_logged(
    dir: &Path,
    words: &[String],
    log: &Path,
    deadline: Duration,
) -> Result<(bool, String), Error> {
    let io_error = |action, source| Error::Io {
        action,
        path: log.to_path_buf(),
        source,
    };
    let (program, rest) = words.split_first().expect("a command has a program");
    let program = if program.contains('/') {
        dir.join(program)
    } else {
        PathBuf::from(program)
    };
    let mut file = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|source| io_error("write", source))?;
    writeln!(file, "$ {}", words.join(" ")).map_err(|source| io_error("write", source))?;
    let start = file
        .metadata()
        .map_err(|source| io_error("read", source))?
        .len();
    let (stdout, stderr) = file
        .try_clone()
        .and_then(|first| Ok((first, file.try_clone()?)))
        .map_err(|source| io_error("write", source))?;
    let mut command = Command::new(&program);
    let mut child = platform::in_own_process_group(&mut command)
        .args(rest)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|source| Error::Io {
            action: "run",
            path: program.clone(),
            source,
        })?;
    let ended = platform::wait_or_stop_group(&mut child, Some(deadline), &cancel::interrupted)
        .map_err(|source| Error::Io {
            action: "wait for",
            path: program.clone(),
            source,
        })?;
    let status = match ended {
        platform::Ended::Exited(status) => status,
        platform::Ended::Interrupted => return Err(Error::Cancelled),
        platform::Ended::TimedOut => {
            let _ = writeln!(file, "(stopped after {}s)", deadline.as_secs());
            return Err(Error::CompareStepFailed {
                path: dir.to_path_buf(),
                step: format!(
                    "`{}` did not finish within {}s and was stopped (--tests-timeout)",
                    words.join(" "),
                    deadline.as_secs()
                ),
                log: log.to_path_buf(),
            });
        }
    };
    cancel::check()?;
    let mut text = String::new();
    let mut reader = File::open(log).map_err(|source| io_error("read", source))?;
    reader
        .seek(SeekFrom::Start(start))
        .and_then(|_| {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes)?;
            text = String::from_utf8_lossy(&bytes).into_owned();
            Ok(())
        })
        .map_err(|source| io_error("read", source))?;
    Ok((status.success(), text))
}

/// The runtime the starter runs on: its venv's Python (the system's before
/// the venv exists), or node.
fn runtime_version(starter: &Starter) -> (String, String) {
    use crate::commands::doctor::probe::{Probe, SystemProbe};
    let venv = starter.absolute.join(".venv/bin/python");
    let (name, program) = match starter.framework.language() {
        Language::Python if venv.is_file() => ("python3", venv),
        Language::Python => ("python3", PathBuf::from("python3")),
        Language::JavaScript => ("node", PathBuf::from("node")),
    };
    // As doctor asks: in a process group of its own, stopped as a whole
    // after a few seconds or on an interrupt, so a runtime that does not
    // answer cannot hang the comparison.
    let version = SystemProbe
        .run(&program.to_string_lossy(), &["--version"])
        .map(|text| text.trim().trim_start_matches("Python ").to_owned())
        .unwrap_or_else(|_| "unknown".to_owned());
    (name.to_owned(), version)
}

/// One round: start, first good `/health`, warm-up, load on each endpoint
/// (in the order given), memory and CPU under that load, the real-time
/// layer's round trip, stop.
fn measure(side: &Prepared, args: &CompareArgs, reversed: bool) -> Result<Round, Error> {
    let starter = &side.starter;
    let port = server::free_port()?;
    let launched = Instant::now();
    let mut running: Server = server::start(
        &starter.absolute,
        &starter.serve_words(port),
        starter.framework.facts().production.env,
        port,
        &side.log,
    )?;
    let Some(startup_seconds) = running.wait_healthy(launched) else {
        running.stop();
        cancel::check()?;
        return Err(Error::CompareStepFailed {
            path: starter.path.clone(),
            step: format!(
                "the production server (`{}`) never answered /health with 200 within {}s",
                starter.serve_words(port).join(" "),
                server::STARTUP_DEADLINE.as_secs()
            ),
            log: side.log.clone(),
        });
    };
    let (notes, notes_skipped) = if starter.orm {
        match seed_notes(&running) {
            Ok(()) => (true, None),
            Err(why) => (false, Some(why)),
        }
    } else {
        (
            false,
            Some("the starter has no ORM layer (no /api/notes)".to_owned()),
        )
    };
    let mut endpoints: Vec<(&'static str, &'static str)> =
        vec![("health", "/health"), ("home", "/")];
    if notes {
        endpoints.push(("notes", "/api/notes"));
    }
    if reversed {
        endpoints.reverse();
    }
    let paths: Vec<&str> = endpoints.iter().map(|(_, path)| *path).collect();
    let warm_up = running.warm_up(
        &paths,
        args.concurrency,
        Duration::from_secs_f64(args.warmup),
    );
    cancel::check()?;

    let budget = match args.requests {
        Some(requests) => Budget::Requests(requests),
        None => Budget::Seconds(args.duration),
    };
    let pids = running.pids();
    let server_cpu_before = system::cpu_seconds(&pids);
    let client_cpu_before = system::own_cpu_seconds();
    let mut loads = BTreeMap::new();
    for (name, path) in &endpoints {
        loads.insert(
            *name,
            load::run(&running.url(path), budget, args.concurrency),
        );
        cancel::check()?;
    }
    let server_cpu = system::cpu_seconds(&pids)
        .zip(server_cpu_before)
        .map(|(after, before)| after - before);
    let client_cpu = system::own_cpu_seconds()
        .zip(client_cpu_before)
        .map(|(after, before)| after - before);
    // Memory right after the sustained load, while the server still holds it.
    let pss_mib = running.pss_mib();
    let workers = warm_up.workers;
    let processes = running.pids().len();
    let threads = system::threads(&running.pids());
    let websocket = super::websocket::round_trip(running.port);
    // With a real-time layer: the fan-out, and how many clients it holds
    // while /health still answers.
    let (fan_out, capacity) = if websocket.is_ok() {
        cancel::check()?;
        let fan_out = super::websocket::fan_out(running.port, super::websocket::FAN_OUT_CLIENTS);
        cancel::check()?;
        let health = running.url("/health");
        let capacity = super::websocket::capacity(running.port, || {
            let agent = ureq::Agent::new_with_config(
                ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(5)))
                    .build(),
            );
            load::get_status(&agent, &health) == Some(200)
        });
        (Some(fan_out), Some(capacity))
    } else {
        (None, None)
    };
    let peak_rss_mib = running.peak_rss_mib();
    running.stop();
    let answered: u64 = loads
        .values()
        .map(|load: &LoadRound| load.requests - load.errors)
        .sum();
    Ok(Round {
        startup_seconds,
        warmup_seconds: warm_up.seconds,
        workers_answered: warm_up.answered,
        health: loads["health"],
        home: loads["home"],
        notes: loads.get("notes").copied(),
        notes_skipped,
        peak_rss_mib: (peak_rss_mib > 0.0).then_some(peak_rss_mib),
        pss_mib,
        server_cpu_ms_per_request: server_cpu
            .filter(|_| answered > 0)
            .map(|seconds| seconds * 1000.0 / answered as f64),
        client_cpu_share: server_cpu.zip(client_cpu).and_then(|(server, client)| {
            (server + client > 0.0).then(|| client / (server + client))
        }),
        processes,
        workers,
        threads,
        websocket_round_trip_ms: websocket.as_ref().ok().copied(),
        websocket_skipped: websocket.err(),
        websocket_fan_out_ms: fan_out.as_ref().and_then(|f| f.as_ref().ok().copied()),
        websocket_fan_out_skipped: fan_out.and_then(Result::err),
        websocket_capacity: capacity,
    })
}

/// Tops `/api/notes` up to [`SEED_NOTES`] notes through the starter's own
/// API (`POST`), so the list reads real rows; why not, when it cannot.
fn seed_notes(running: &Server) -> Result<(), String> {
    let agent = load::agent();
    let url = running.url("/api/notes");
    let listed = |agent: &ureq::Agent| -> Result<usize, String> {
        let mut response = agent
            .get(&url)
            .call()
            .map_err(|e| format!("GET /api/notes failed: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| format!("GET /api/notes: {e}"))?;
        if status != 200 {
            return Err(format!("GET /api/notes answered {status}"));
        }
        let value: serde_json::Value =
            serde_json::from_str(&body).map_err(|_| "GET /api/notes is not JSON".to_owned())?;
        value
            .as_array()
            .or_else(|| value.get("notes").and_then(serde_json::Value::as_array))
            .or_else(|| value.get("results").and_then(serde_json::Value::as_array))
            .map(Vec::len)
            .ok_or_else(|| "GET /api/notes did not answer a list".to_owned())
    };
    let present = listed(&agent)?;
    for index in present..SEED_NOTES {
        let body = serde_json::json!({
            "title": format!("scaffold compare note {}", index + 1),
            "body": "Seeded by scaffold compare to measure GET /api/notes over real rows.",
        })
        .to_string();
        let response = agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body.as_str())
            .map_err(|e| format!("POST /api/notes failed: {e}"))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(format!(
                "seeding through POST /api/notes answered {status} (the auth layer may require a login)"
            ));
        }
    }
    Ok(())
}

/// One side's rounds and what was learnt before them.
fn side(prepared: &Prepared, rounds: &[Round]) -> Side {
    let starter = &prepared.starter;
    Side {
        path: starter.path.display().to_string(),
        name: starter.name(),
        framework: starter.framework,
        commit: starter.commit(),
        versions: starter.versions().into_iter().collect(),
        install_seconds: prepared.install_seconds,
        installed_bytes: repo::size_on_disk(&starter.dependencies_dir()),
        packages: repo::package_count(starter),
        lines_of_code: repo::lines_of_code(&starter.absolute),
        tests_passed: prepared.tests_passed,
        tests_ok: prepared.tests_ok,
        rounds: rounds.to_vec(),
    }
}
