//! `scaffold compare A B`: the steps in order. Install (when needed), test,
//! prepare, then interleaved rounds A, B, A, B of start, load and stop; the
//! report; and with `--record`/`--decide`, the records.
//!
//! Every server runs inside a [`Server`] guard, so an error or Ctrl-C
//! anywhere stops it before `compare` returns.

use super::repo::{self, Starter};
use super::report::{Comparison, Machine, Settings, StarterFigures, WebSocket};
use super::server::{self, Server};
use super::stats::{self, LoadRound};
use super::{load, record};
use crate::cancel;
use crate::cli::CompareArgs;
use crate::env::Env;
use crate::error::Error;
use crate::framework::Language;
use crate::install;
use crate::output::{self, Output};
use crate::platform;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one round measured for one starter.
struct Round {
    startup_seconds: f64,
    health: LoadRound,
    home: LoadRound,
    peak_rss_mib: f64,
}

/// What was learnt about one starter before the rounds.
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
/// server start (exit 1), Ctrl-C (exit 130).
pub fn run(args: &CompareArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, args.quiet);
    let starters = [Starter::open(&args.a)?, Starter::open(&args.b)?];
    if starters[0].absolute == starters[1].absolute || same_directory(&args.a, &args.b) {
        return Err(Error::CompareNotStarter {
            path: args.b.clone(),
            reason: "it is the same repo as the first; compare two different ones".to_owned(),
        });
    }
    let decided = match &args.decide {
        Some(given) => Some(decided_index(given, &starters)?),
        None => None,
    };
    if decided.is_some() {
        record::check_open(&[&starters[0], &starters[1]])?;
    }
    for starter in &starters {
        if args.no_install && !starter.is_installed() {
            return Err(Error::CompareNotInstalled {
                path: starter.path.clone(),
                command: starter.framework.facts().commands.install.to_owned(),
            });
        }
    }

    let mut prepared = Vec::with_capacity(2);
    for starter in starters {
        prepared.push(prepare(starter, env.host, &out, args.tests_timeout)?);
    }

    let mut rounds: [Vec<Round>; 2] = [Vec::new(), Vec::new()];
    let mut websockets: [Vec<WebSocket>; 2] = [Vec::new(), Vec::new()];
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
            let measured = measure(side, args);
            activity.finish();
            let (measured, websocket) = measured?;
            websockets[index].push(websocket);
            rounds[index].push(measured);
        }
    }
    cancel::check()?;

    let [first, second] = [0, 1].map(|index| {
        figures(
            &prepared[index],
            &rounds[index],
            websocket_median(&websockets[index]),
        )
    });
    let comparison = Comparison {
        schema: 1,
        date: env.today.clone(),
        machine: Machine {
            cpus: std::thread::available_parallelism().map_or(1, usize::from),
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            runtimes: prepared
                .iter()
                .map(|side| side.runtime.clone())
                .collect::<BTreeMap<_, _>>(),
        },
        settings: Settings {
            requests: args.requests,
            concurrency: args.concurrency,
            rounds: args.rounds,
        },
        starters: [first, second],
    }
    .rounded();

    output::print_result(&if args.json {
        comparison.to_json()
    } else {
        comparison.table()
    });
    if args.record || decided.is_some() {
        let starters = [&prepared[0].starter, &prepared[1].starter];
        record::write(&starters, &comparison, decided, env, &out)?;
    }
    Ok(())
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
fn decided_index(given: &Path, starters: &[Starter; 2]) -> Result<usize, Error> {
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

/// Install if needed, run the tests and the one-off production steps.
fn prepare(
    starter: Starter,
    host: crate::host::HostOs,
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
    let runtime = runtime_version(&starter);
    Ok(Prepared {
        starter,
        log,
        install_seconds,
        tests_passed,
        tests_ok,
        runtime,
    })
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

/// The runtime the starter runs on: its venv's Python, or node.
fn runtime_version(starter: &Starter) -> (String, String) {
    use crate::doctor::{Probe, SystemProbe};
    let (name, program) = match starter.framework.language() {
        Language::Python => ("python3", starter.absolute.join(".venv/bin/python")),
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

/// One round: start, first good `/health`, load on `/health` and `/`, stop.
fn measure(side: &Prepared, args: &CompareArgs) -> Result<(Round, WebSocket), Error> {
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
    let health = load::run(&running.url("/health"), args.requests, args.concurrency);
    cancel::check()?;
    let home = load::run(&running.url("/"), args.requests, args.concurrency);
    cancel::check()?;
    let websocket = websocket(&running);
    let peak_rss_mib = running.peak_rss_mib();
    running.stop();
    Ok((
        Round {
            startup_seconds,
            health,
            home,
            peak_rss_mib,
        },
        websocket,
    ))
}

/// The real-time layer's round trip, or why it was skipped.
fn websocket(running: &Server) -> WebSocket {
    match super::websocket::round_trip(running.port) {
        Ok(millis) => WebSocket {
            round_trip_ms: Some(millis),
            skipped: None,
        },
        Err(why) => WebSocket {
            round_trip_ms: None,
            skipped: Some(why),
        },
    }
}

/// The median round trip over the rounds that measured one, else the
/// first round's reason for skipping it.
fn websocket_median(rounds: &[WebSocket]) -> WebSocket {
    let measured: Vec<f64> = rounds.iter().filter_map(|r| r.round_trip_ms).collect();
    match stats::median(&measured) {
        Some(millis) => WebSocket {
            round_trip_ms: Some(millis),
            skipped: None,
        },
        None => WebSocket {
            round_trip_ms: None,
            skipped: Some(
                rounds
                    .iter()
                    .find_map(|r| r.skipped.clone())
                    .unwrap_or_else(|| "no round ran".to_owned()),
            ),
        },
    }
}

/// Medians over the rounds, and the cost of ownership.
fn figures(side: &Prepared, rounds: &[Round], websocket: WebSocket) -> StarterFigures {
    let median = |pick: fn(&Round) -> f64| {
        stats::median(&rounds.iter().map(pick).collect::<Vec<_>>()).unwrap_or(0.0)
    };
    let loads = |pick: fn(&Round) -> LoadRound| {
        stats::aggregate_load(&rounds.iter().map(pick).collect::<Vec<_>>()).unwrap_or(
            stats::LoadFigures {
                requests_per_second: 0.0,
                p50_ms: 0.0,
                p99_ms: 0.0,
                errors: 0,
            },
        )
    };
    let starter = &side.starter;
    StarterFigures {
        path: starter.path.display().to_string(),
        framework: starter.framework,
        startup_seconds: median(|r| r.startup_seconds),
        health: loads(|r| r.health),
        home: loads(|r| r.home),
        peak_rss_mib: median(|r| r.peak_rss_mib),
        install_seconds: side.install_seconds,
        installed_bytes: repo::size_on_disk(&starter.dependencies_dir()),
        packages: repo::package_count(starter),
        lines_of_code: repo::lines_of_code(&starter.absolute),
        tests_passed: side.tests_passed,
        tests_ok: side.tests_ok,
        websocket,
    }
}
