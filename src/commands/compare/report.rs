//! What `scaffold compare` found, as data, and its renderings: the
//! side-by-side table for people, the Markdown for the records and the JSON
//! for programs. Pure: it is given the rounds and prints nothing.
//!
//! Each row shows the median of the rounds with their range, and a verdict:
//! `*` on a side only when the ranges separate (see [`stats::verdict`]),
//! `≈` when they overlap, `n/c` (not compared) when a side failed. Facts
//! (versions, sizes, counts) are shown and never marked.
//!
//! The JSON schema (`schema: 2`) is documented in README.md and pinned by a
//! snapshot test; schema 1's fields are kept, new ones are added.

use super::stats::{
    self, aggregate_load, round3, Better, Disqualified, LoadFigures, LoadRound, Spread, Verdict,
    MIN_ROUNDS_FOR_A_VERDICT,
};
use super::websocket::{Capacity, CAPACITY_PROBE, FAN_OUT_CLIENTS};
use crate::core::framework::Framework;
use serde::Serialize;
use std::collections::BTreeMap;

/// The share of the CPU the load generator may take before the output warns
/// that it competes with the server it measures.
pub const CLIENT_SHARE_WARNING: f64 = 1.0 / 3.0;

/// The 1-minute load average before the first round and after the last.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LoadAverage {
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// The machine the figures come from.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpus: usize,
    pub os: &'static str,
    pub arch: &'static str,
    /// `python3` and/or `node`, with the version each starter ran on.
    pub runtimes: BTreeMap<String, String>,
    pub cpu_model: Option<String>,
    pub load_average: LoadAverage,
}

/// How hard and how often each server was measured.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Settings {
    /// Requests per endpoint and round (`--requests`), or null when the load
    /// ran for `seconds`.
    pub requests: Option<u64>,
    pub seconds: Option<f64>,
    pub warmup_seconds: f64,
    pub concurrency: u64,
    pub rounds: u64,
}

/// What one round measured for one starter.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    pub startup_seconds: f64,
    pub warmup_seconds: f64,
    /// Workers seen answering during the warm-up (null: not observable).
    pub workers_answered: Option<usize>,
    pub health: LoadRound,
    pub home: LoadRound,
    /// `GET /api/notes` over seeded rows, with the ORM layer.
    pub notes: Option<LoadRound>,
    pub notes_skipped: Option<String>,
    pub peak_rss_mib: Option<f64>,
    pub pss_mib: Option<f64>,
    pub server_cpu_ms_per_request: Option<f64>,
    pub client_cpu_share: Option<f64>,
    pub processes: usize,
    pub workers: usize,
    pub threads: Option<u64>,
    pub websocket_round_trip_ms: Option<f64>,
    pub websocket_skipped: Option<String>,
    /// One message to [`super::websocket::FAN_OUT_CLIENTS`] clients.
    pub websocket_fan_out_ms: Option<f64>,
    pub websocket_fan_out_skipped: Option<String>,
    pub websocket_capacity: Option<Capacity>,
}

/// One side as measured: the rounds, and what was learnt before them.
#[derive(Debug, Clone)]
pub struct Side {
    pub path: String,
    pub name: String,
    pub framework: Framework,
    pub commit: Option<String>,
    pub versions: BTreeMap<String, String>,
    pub install_seconds: Option<f64>,
    pub installed_bytes: u64,
    pub packages: Option<u64>,
    pub lines_of_code: u64,
    pub tests_passed: u64,
    pub tests_ok: bool,
    pub rounds: Vec<Round>,
}

/// The real-time layer's figures, or why they were not measured.
#[derive(Debug, Clone, Serialize)]
pub struct WebSocket {
    pub round_trip_ms: Option<f64>,
    /// Set when `round_trip_ms` is null.
    pub skipped: Option<String>,
    /// Median time for one message to reach `fan_out_clients` clients.
    pub fan_out_ms: Option<f64>,
    pub fan_out_clients: usize,
    pub fan_out_skipped: Option<String>,
    /// The round that accepted the fewest clients (null: not probed).
    pub capacity: Option<Capacity>,
}

/// The range over the rounds of each single-valued figure.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Spreads {
    pub startup_seconds: Option<Spread>,
    pub peak_rss_mib: Option<Spread>,
    pub pss_mib: Option<Spread>,
    pub server_cpu_ms_per_request: Option<Spread>,
    pub client_cpu_share: Option<Spread>,
    pub websocket_round_trip_ms: Option<Spread>,
    pub websocket_fan_out_ms: Option<Spread>,
}

/// One starter's figures: medians over the rounds with their ranges, every
/// round, and the cost of owning it.
#[derive(Debug, Clone, Serialize)]
pub struct StarterFigures {
    pub path: String,
    pub name: String,
    pub framework: Framework,
    pub commit: Option<String>,
    /// The framework's and its server's installed versions.
    pub versions: BTreeMap<String, String>,
    pub startup_seconds: f64,
    pub health: LoadFigures,
    pub home: LoadFigures,
    pub notes: Option<LoadFigures>,
    pub notes_skipped: Option<String>,
    /// Median peak RSS summed over the server's processes (0: not measured).
    pub peak_rss_mib: f64,
    pub pss_mib: Option<f64>,
    pub server_cpu_ms_per_request: Option<f64>,
    pub client_cpu_share: Option<f64>,
    pub processes: usize,
    pub workers: usize,
    pub threads: Option<u64>,
    /// Null when the repo was installed before `compare` ran.
    pub install_seconds: Option<f64>,
    pub installed_bytes: u64,
    pub packages: Option<u64>,
    pub lines_of_code: u64,
    pub tests_passed: u64,
    pub tests_ok: bool,
    pub websocket: WebSocket,
    pub spread: Spreads,
    /// Why no row may call this side better (failed requests, failed tests).
    pub problems: Vec<String>,
    pub rounds: Vec<Round>,
}

/// A row's verdict, as the JSON gives it: `better` (with the better
/// side's `path`), `same` (≈) or `not_compared` (with the `reason`).
#[derive(Debug, Clone, Serialize)]
pub struct RowVerdict {
    pub metric: String,
    #[serde(skip)]
    pub verdict: Verdict,
    #[serde(rename = "verdict")]
    pub word: &'static str,
    pub better: Option<String>,
    pub reason: Option<String>,
}

/// How noisy the measurements were.
#[derive(Debug, Clone, Serialize)]
pub struct Noise {
    /// The widest range of a compared figure's rounds, relative to its median.
    pub widest_range: Option<f64>,
    pub widest_range_metric: Option<String>,
    /// With `--calibrate`: the widest gap between the two runs' medians of
    /// the same repo; smaller differences are noise on this machine.
    pub floor: Option<f64>,
}

/// Everything `compare` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub schema: u32,
    pub date: String,
    pub scaffold_version: String,
    /// The command, with each repo as its directory name.
    pub command: String,
    /// `--calibrate`: both sides are the same repo.
    pub calibration: bool,
    pub machine: Machine,
    pub settings: Settings,
    pub starters: [StarterFigures; 2],
    pub verdicts: Vec<RowVerdict>,
    pub noise: Noise,
    pub warnings: Vec<String>,
}

/// What [`compare`] is given.
pub struct CompareInput {
    pub date: String,
    pub scaffold_version: String,
    pub command: String,
    pub calibration: bool,
    pub machine: Machine,
    pub settings: Settings,
    pub sides: [Side; 2],
}

/// How a row's numbers are written.
#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    Millis,
    Rate,
    Mib,
    Share,
}

impl Unit {
    fn number(self, value: f64) -> String {
        match self {
            Unit::Seconds | Unit::Millis => format!("{value:.2}"),
            Unit::Rate => format!("{value:.0}"),
            Unit::Mib => format!("{value:.1}"),
            Unit::Share => format!("{:.0}", value * 100.0),
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Unit::Seconds => " s",
            Unit::Millis => " ms",
            Unit::Rate => "/s",
            Unit::Mib => " MiB",
            Unit::Share => " %",
        }
    }

    /// The median, and the range when the rounds differ.
    fn cell(self, spread: &Spread) -> String {
        let median = format!("{}{}", self.number(spread.median), self.suffix());
        let (min, max) = (self.number(spread.min), self.number(spread.max));
        if spread.rounds > 1 && min != max {
            format!("{median} ({min}-{max})")
        } else {
            median
        }
    }
}

/// One row of the table.
struct Row {
    label: String,
    cells: [String; 2],
    /// A measured figure that can be better or worse; facts have none.
    compared: Option<Compared>,
}

struct Compared {
    values: [Option<Spread>; 2],
    better: Better,
}

/// An endpoint's label in the table.
const ENDPOINTS: [(&str, &str); 3] = [
    ("health", "/health"),
    ("home", "/"),
    ("notes", "/api/notes"),
];

fn load_of<'a>(starter: &'a StarterFigures, endpoint: &str) -> Option<&'a LoadFigures> {
    match endpoint {
        "health" => Some(&starter.health),
        "home" => Some(&starter.home),
        _ => starter.notes.as_ref(),
    }
}

fn spread_of(values: impl Iterator<Item = Option<f64>>) -> Option<Spread> {
    Spread::of(&values.flatten().collect::<Vec<_>>()).map(Spread::rounded)
}

fn rounded_load(load: LoadRound) -> LoadRound {
    LoadRound {
        requests_per_second: round3(load.requests_per_second),
        p50_ms: load.p50_ms.map(round3),
        p99_ms: load.p99_ms.map(round3),
        ..load
    }
}

fn rounded_figures(load: LoadFigures) -> LoadFigures {
    let spread = |s: Option<Spread>| s.map(Spread::rounded);
    LoadFigures {
        requests_per_second: round3(load.requests_per_second),
        p50_ms: load.p50_ms.map(round3),
        p99_ms: load.p99_ms.map(round3),
        error_rate: round3(load.error_rate),
        spread: stats::LoadSpread {
            requests_per_second: spread(load.spread.requests_per_second),
            p50_ms: spread(load.spread.p50_ms),
            p99_ms: spread(load.spread.p99_ms),
        },
        ..load
    }
}

fn rounded_round(round: &Round) -> Round {
    let r = |v: Option<f64>| v.map(round3);
    Round {
        startup_seconds: round3(round.startup_seconds),
        warmup_seconds: round3(round.warmup_seconds),
        health: rounded_load(round.health),
        home: rounded_load(round.home),
        notes: round.notes.map(rounded_load),
        peak_rss_mib: r(round.peak_rss_mib),
        pss_mib: r(round.pss_mib),
        server_cpu_ms_per_request: r(round.server_cpu_ms_per_request),
        client_cpu_share: r(round.client_cpu_share),
        websocket_round_trip_ms: r(round.websocket_round_trip_ms),
        websocket_fan_out_ms: r(round.websocket_fan_out_ms),
        ..round.clone()
    }
}

/// One side's figures from its rounds.
fn figures(side: &Side) -> StarterFigures {
    let rounds = &side.rounds;
    let spread = |pick: fn(&Round) -> Option<f64>| spread_of(rounds.iter().map(pick));
    let load = |pick: fn(&Round) -> LoadRound| {
        aggregate_load(&rounds.iter().map(pick).collect::<Vec<_>>()).map(rounded_figures)
    };
    let empty = LoadFigures {
        requests_per_second: 0.0,
        p50_ms: None,
        p99_ms: None,
        errors: 0,
        requests: 0,
        error_rate: 0.0,
        spread: stats::LoadSpread {
            requests_per_second: None,
            p50_ms: None,
            p99_ms: None,
        },
    };
    let health = load(|r| r.health).unwrap_or(empty);
    let home = load(|r| r.home).unwrap_or(empty);
    let notes_rounds: Vec<LoadRound> = rounds.iter().filter_map(|r| r.notes).collect();
    let notes = aggregate_load(&notes_rounds).map(rounded_figures);
    let spreads = Spreads {
        startup_seconds: spread(|r| Some(r.startup_seconds)),
        peak_rss_mib: spread(|r| r.peak_rss_mib),
        pss_mib: spread(|r| r.pss_mib),
        server_cpu_ms_per_request: spread(|r| r.server_cpu_ms_per_request),
        client_cpu_share: spread(|r| r.client_cpu_share),
        websocket_round_trip_ms: spread(|r| r.websocket_round_trip_ms),
        websocket_fan_out_ms: spread(|r| r.websocket_fan_out_ms),
    };
    let last = rounds.last();
    let mut problems = Vec::new();
    let failed: Vec<String> = [("/health", Some(&health)), ("/", Some(&home))]
        .into_iter()
        .chain([("/api/notes", notes.as_ref())])
        .filter_map(|(path, load)| {
            let load = load?;
            (load.errors > 0).then(|| format!("{} of {} on {path}", load.errors, load.requests))
        })
        .collect();
    if !failed.is_empty() {
        problems.push(format!(
            "{} had failed requests ({})",
            side.name,
            failed.join(", ")
        ));
    }
    if !side.tests_ok {
        problems.push(format!("{}'s test suite failed", side.name));
    }
    StarterFigures {
        path: side.path.clone(),
        name: side.name.clone(),
        framework: side.framework,
        commit: side.commit.clone(),
        versions: side.versions.clone(),
        startup_seconds: spreads.startup_seconds.map_or(0.0, |s| s.median),
        health,
        home,
        notes,
        notes_skipped: if notes_rounds.is_empty() {
            rounds
                .iter()
                .find_map(|r| r.notes_skipped.clone())
                .or_else(|| Some("no round ran".to_owned()))
        } else {
            None
        },
        peak_rss_mib: spreads.peak_rss_mib.map_or(0.0, |s| s.median),
        pss_mib: spreads.pss_mib.map(|s| s.median),
        server_cpu_ms_per_request: spreads.server_cpu_ms_per_request.map(|s| s.median),
        client_cpu_share: spreads.client_cpu_share.map(|s| s.median),
        processes: last.map_or(0, |r| r.processes),
        workers: last.map_or(0, |r| r.workers),
        threads: last.and_then(|r| r.threads),
        install_seconds: side.install_seconds.map(round3),
        installed_bytes: side.installed_bytes,
        packages: side.packages,
        lines_of_code: side.lines_of_code,
        tests_passed: side.tests_passed,
        tests_ok: side.tests_ok,
        websocket: WebSocket {
            round_trip_ms: spreads.websocket_round_trip_ms.map(|s| s.median),
            skipped: if spreads.websocket_round_trip_ms.is_some() {
                None
            } else {
                Some(
                    rounds
                        .iter()
                        .find_map(|r| r.websocket_skipped.clone())
                        .unwrap_or_else(|| "no round ran".to_owned()),
                )
            },
            fan_out_ms: spreads.websocket_fan_out_ms.map(|s| s.median),
            fan_out_clients: FAN_OUT_CLIENTS,
            fan_out_skipped: if spreads.websocket_fan_out_ms.is_some() {
                None
            } else {
                rounds
                    .iter()
                    .find_map(|r| r.websocket_fan_out_skipped.clone())
            },
            capacity: rounds
                .iter()
                .filter_map(|r| r.websocket_capacity.clone())
                .min_by_key(|c| (c.accepted, c.health_while_held)),
        },
        spread: spreads,
        problems,
        rounds: rounds.iter().map(rounded_round).collect(),
    }
}

/// The comparison of two measured sides: figures, verdicts, noise, warnings.
pub fn compare(input: CompareInput) -> Comparison {
    let starters = [figures(&input.sides[0]), figures(&input.sides[1])];
    let mut comparison = Comparison {
        schema: 2,
        date: input.date,
        scaffold_version: input.scaffold_version,
        command: input.command,
        calibration: input.calibration,
        machine: input.machine,
        settings: input.settings,
        starters,
        verdicts: Vec::new(),
        noise: Noise {
            widest_range: None,
            widest_range_metric: None,
            floor: None,
        },
        warnings: Vec::new(),
    };
    let rows = comparison.rows();
    let disqualified = comparison.disqualified();
    let mut widest: Option<(f64, String)> = None;
    let mut pairs = Vec::new();
    for row in &rows {
        let Some(compared) = &row.compared else {
            continue;
        };
        let verdict = stats::verdict(
            compared.values,
            compared.better,
            [&disqualified[0], &disqualified[1]],
        );
        comparison.verdicts.push(RowVerdict {
            metric: row.label.clone(),
            word: match verdict {
                Verdict::Better(_) => "better",
                Verdict::Same => "same",
                Verdict::NotCompared(_) => "not_compared",
            },
            better: match verdict {
                Verdict::Better(side) => Some(comparison.starters[side].path.clone()),
                _ => None,
            },
            reason: match &verdict {
                Verdict::NotCompared(reason) => Some(reason.clone()),
                _ => None,
            },
            verdict,
        });
        pairs.push(compared.values);
        for (index, value) in compared.values.iter().enumerate() {
            if let Some(range) = value.and_then(|v| v.relative_range()) {
                if widest.as_ref().is_none_or(|(w, _)| range > *w) {
                    widest = Some((
                        range,
                        format!("{}, {}", row.label, comparison.starters[index].name),
                    ));
                }
            }
        }
    }
    comparison.noise.widest_range = widest.as_ref().map(|(w, _)| round3(*w));
    comparison.noise.widest_range_metric = widest.map(|(_, metric)| metric);
    if comparison.calibration {
        comparison.noise.floor = stats::noise_floor(&pairs).map(round3);
    }
    comparison.warnings = comparison.warnings();
    comparison
}

impl Comparison {
    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("the comparison always serializes");
        text.push('\n');
        text
    }

    /// Each side's reason to call nothing better (in a calibration, both
    /// sides are one repo: a problem disqualifies both).
    fn disqualified(&self) -> [Disqualified; 2] {
        [0, 1].map(|i| Disqualified(self.starters[i].problems.first().cloned()))
    }

    /// Every reason, on either side, a decision cannot rest on these figures.
    pub fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = Vec::new();
        for problem in self.starters.iter().flat_map(|s| &s.problems) {
            if !problems.contains(problem) {
                problems.push(problem.clone());
            }
        }
        problems
    }

    fn rows(&self) -> Vec<Row> {
        let [a, b] = &self.starters;
        let measured =
            |label: &str, values: [Option<Spread>; 2], better: Option<Better>, unit: Unit| Row {
                label: label.to_owned(),
                cells: values.map(|v| v.map_or_else(|| "n/a".to_owned(), |v| unit.cell(&v))),
                compared: better.map(|better| Compared { values, better }),
            };
        let fact = |label: &str, cells: [String; 2]| Row {
            label: label.to_owned(),
            cells,
            compared: None,
        };
        let mut rows = vec![measured(
            "startup to /health",
            [a.spread.startup_seconds, b.spread.startup_seconds],
            Some(Better::Lower),
            Unit::Seconds,
        )];
        for (key, path) in ENDPOINTS {
            let loads = [load_of(a, key), load_of(b, key)];
            if loads.iter().all(Option::is_none) {
                continue;
            }
            let pick = |pick: fn(&stats::LoadSpread) -> Option<Spread>| {
                loads.map(|load| load.and_then(|l| pick(&l.spread)))
            };
            rows.push(measured(
                &format!("{path} requests/s"),
                pick(|s| s.requests_per_second),
                Some(Better::Higher),
                Unit::Rate,
            ));
            rows.push(measured(
                &format!("{path} p50"),
                pick(|s| s.p50_ms),
                Some(Better::Lower),
                Unit::Millis,
            ));
            rows.push(measured(
                &format!("{path} p99"),
                pick(|s| s.p99_ms),
                Some(Better::Lower),
                Unit::Millis,
            ));
            rows.push(fact(
                &format!("{path} errors"),
                loads.map(|load| {
                    load.map_or_else(
                        || "n/a".to_owned(),
                        |l| {
                            format!(
                                "{} of {} ({:.1} %)",
                                l.errors,
                                l.requests,
                                l.error_rate * 100.0
                            )
                        },
                    )
                }),
            ));
        }
        rows.push(measured(
            "server CPU per request",
            [
                a.spread.server_cpu_ms_per_request,
                b.spread.server_cpu_ms_per_request,
            ],
            Some(Better::Lower),
            Unit::Millis,
        ));
        rows.push(measured(
            "memory after load (PSS)",
            [a.spread.pss_mib, b.spread.pss_mib],
            Some(Better::Lower),
            Unit::Mib,
        ));
        rows.push(measured(
            "peak RSS (summed)",
            [a.spread.peak_rss_mib, b.spread.peak_rss_mib],
            None,
            Unit::Mib,
        ));
        if a.websocket.round_trip_ms.is_some() || b.websocket.round_trip_ms.is_some() {
            rows.push(measured(
                "WebSocket round trip",
                [
                    a.spread.websocket_round_trip_ms,
                    b.spread.websocket_round_trip_ms,
                ],
                Some(Better::Lower),
                Unit::Millis,
            ));
        }
        if a.websocket.capacity.is_some() || b.websocket.capacity.is_some() {
            rows.push(measured(
                &format!("WebSocket fan-out to {FAN_OUT_CLIENTS}"),
                [a.spread.websocket_fan_out_ms, b.spread.websocket_fan_out_ms],
                Some(Better::Lower),
                Unit::Millis,
            ));
            rows.push(Row {
                label: "WebSocket clients accepted".to_owned(),
                cells: [a, b].map(|s| match &s.websocket.capacity {
                    None => "n/a".to_owned(),
                    Some(c) => format!(
                        "{}{} of {CAPACITY_PROBE}, /health {}",
                        c.accepted,
                        if c.refused.is_some() {
                            " (then refused)"
                        } else {
                            ""
                        },
                        if c.health_while_held { "ok" } else { "FAILED" }
                    ),
                }),
                compared: None,
            });
        }
        let both = |f: &dyn Fn(&StarterFigures) -> String| [f(a), f(b)];
        rows.push(fact(
            "server processes",
            both(&|s| {
                let threads = s
                    .threads
                    .map_or_else(String::new, |t| format!(", {t} threads"));
                if s.processes > s.workers {
                    format!("{} ({} workers{threads})", s.processes, s.workers)
                } else {
                    format!("{}{threads}", s.processes)
                }
            }),
        ));
        rows.push(fact(
            "versions",
            both(&|s| {
                let versions: Vec<String> = s
                    .versions
                    .iter()
                    .map(|(name, version)| format!("{name} {version}"))
                    .collect();
                if versions.is_empty() {
                    "n/a".to_owned()
                } else {
                    versions.join(", ")
                }
            }),
        ));
        rows.push(fact(
            "commit",
            both(&|s| s.commit.clone().unwrap_or_else(|| "n/a".to_owned())),
        ));
        rows.push(measured(
            "load generator CPU share",
            [a.spread.client_cpu_share, b.spread.client_cpu_share],
            None,
            Unit::Share,
        ));
        rows.push(fact(
            "install time",
            both(&|s| {
                s.install_seconds
                    .map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1} s"))
            }),
        ));
        rows.push(fact(
            "installed size",
            both(&|s| format!("{:.1} MiB", s.installed_bytes as f64 / 1_048_576.0)),
        ));
        rows.push(fact(
            "installed packages",
            both(&|s| {
                s.packages
                    .map_or_else(|| "n/a".to_owned(), |p| p.to_string())
            }),
        ));
        rows.push(fact(
            "lines of code",
            both(&|s| s.lines_of_code.to_string()),
        ));
        rows.push(fact(
            "tests",
            both(&|s| {
                format!(
                    "{} passed{}",
                    s.tests_passed,
                    if s.tests_ok { "" } else { ", suite FAILED" }
                )
            }),
        ));
        rows
    }

    /// The verdict of the row labelled `label`.
    fn verdict_of(&self, label: &str) -> Option<&Verdict> {
        self.verdicts
            .iter()
            .find(|v| v.metric == label)
            .map(|v| &v.verdict)
    }

    fn names(&self) -> [String; 2] {
        if self.calibration {
            [0, 1].map(|i| format!("{} (run {})", self.starters[i].name, i + 1))
        } else {
            [0, 1].map(|i| format!("{} ({})", self.starters[i].name, self.starters[i].framework))
        }
    }

    /// The side-by-side table: median (min-max) per side, `*` on the better
    /// one when the ranges separate, and a verdict column.
    pub fn table(&self) -> String {
        let names = self.names();
        let rows = self.rows();
        let widths = [0, 1].map(|i| {
            rows.iter()
                .map(|row| row.cells[i].chars().count() + 2)
                .chain([names[i].chars().count()])
                .max()
                .unwrap_or(20)
                + 2
        });
        let mut text = format!(
            "{:<26}{:<w0$}{:<w1$}{}\n",
            "metric",
            names[0],
            names[1],
            "verdict",
            w0 = widths[0],
            w1 = widths[1]
        );
        for row in &rows {
            let verdict = row
                .compared
                .as_ref()
                .and_then(|_| self.verdict_of(&row.label));
            let cells = [0, 1].map(|i| {
                let star = if verdict == Some(&Verdict::Better(i)) {
                    " *"
                } else {
                    ""
                };
                format!("{}{star}", row.cells[i])
            });
            let word = match verdict {
                Some(Verdict::Better(_)) => "*",
                Some(Verdict::Same) => "≈",
                Some(Verdict::NotCompared(_)) => "n/c",
                None => "",
            };
            let line = format!(
                "{:<26}{:<w0$}{:<w1$}{word}",
                row.label,
                cells[0],
                cells[1],
                w0 = widths[0],
                w1 = widths[1]
            );
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&self.footer().join("\n"));
        text.push('\n');
        text
    }

    /// The verdict in one sentence.
    pub fn summary(&self) -> String {
        let names = self.names();
        let mut better = [Vec::new(), Vec::new()];
        for verdict in &self.verdicts {
            if let Verdict::Better(side) = verdict.verdict {
                better[side].push(verdict.metric.clone());
            }
        }
        let problems = self.problems();
        if !problems.is_empty() {
            return format!(
                "Not compared: {}. No side is called better while a side fails.",
                problems.join("; ")
            );
        }
        if self.settings.rounds < MIN_ROUNDS_FOR_A_VERDICT as u64 {
            return format!(
                "Not compared: fewer than {MIN_ROUNDS_FOR_A_VERDICT} rounds a side (--rounds) call no difference."
            );
        }
        if better.iter().all(Vec::is_empty) {
            return "No measurable difference: on every measured row the rounds' ranges overlap."
                .to_owned();
        }
        let list = |i: usize| {
            if better[i].is_empty() {
                format!("{} on nothing", names[i])
            } else {
                format!("{} on {}", names[i], better[i].join(", "))
            }
        };
        format!(
            "Better beyond the noise (ranges apart): {}; {}. Every other measured row is ≈.",
            list(0),
            list(1)
        )
    }

    /// Where the figures come from, what they mean, and what was not measured.
    fn footer(&self) -> Vec<String> {
        let mut lines = vec![
            self.summary(),
            "Each cell: the median of the rounds (their min-max). * better: the ranges of the rounds do not overlap. ≈ they overlap: no measurable difference. n/c not compared. Rows without a verdict are facts.".to_owned(),
        ];
        let runtimes: Vec<String> = self
            .machine
            .runtimes
            .iter()
            .map(|(name, version)| format!("{name} {version}"))
            .collect();
        let load = match self.settings.requests {
            Some(requests) => format!("{requests} requests"),
            None => format!("{} s", self.settings.seconds.unwrap_or_default()),
        };
        lines.push(format!(
            "Measured on this machine ({} CPUs{}, {}/{}, {}) on {} with scaffold {}: {} interleaved rounds a side, each a fresh server warmed up for at least {} s and until every worker answered, then {load} at concurrency {} per endpoint, endpoint order alternating. Figures from another machine will differ.",
            self.machine.cpus,
            self.machine
                .cpu_model
                .as_ref()
                .map_or_else(String::new, |model| format!(", {model}")),
            self.machine.os,
            self.machine.arch,
            runtimes.join(", "),
            self.date,
            self.scaffold_version,
            self.settings.rounds,
            self.settings.warmup_seconds,
            self.settings.concurrency,
        ));
        lines.push(format!("Command: {}", self.command));
        let load_text = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.2}"));
        lines.push(format!(
            "Load average: {} before, {} after.",
            load_text(self.machine.load_average.before),
            load_text(self.machine.load_average.after)
        ));
        if let (Some(range), Some(metric)) =
            (self.noise.widest_range, &self.noise.widest_range_metric)
        {
            lines.push(format!(
                "Noise: the rounds of one figure spread over up to {:.0} % of its median ({metric}).",
                range * 100.0
            ));
        }
        if let Some(floor) = self.noise.floor {
            lines.push(format!(
                "Noise floor (one repo measured twice): the medians differed by up to {:.0} %; smaller differences between two repos on this machine are noise.",
                floor * 100.0
            ));
        }
        for warning in &self.warnings {
            lines.push(format!("Warning: {warning}"));
        }
        for starter in &self.starters {
            if let Some(reason) = &starter.notes_skipped {
                lines.push(format!(
                    "/api/notes not measured for {}: {reason}.",
                    starter.name
                ));
            }
            if let Some(reason) = &starter.websocket.fan_out_skipped {
                lines.push(format!(
                    "WebSocket fan-out to {FAN_OUT_CLIENTS} clients not measured for {}: {reason}.",
                    starter.name
                ));
            }
            if let Some(capacity) = &starter.websocket.capacity {
                if let Some(why) = &capacity.refused {
                    lines.push(format!(
                        "WebSocket capacity of {}: client {} was not accepted ({why}).",
                        starter.name,
                        capacity.accepted + 1
                    ));
                }
            }
            if let Some(reason) = &starter.websocket.skipped {
                lines.push(format!(
                    "WebSocket round trip not measured for {}: {reason}.",
                    starter.name
                ));
            }
            if starter.install_seconds.is_none() {
                lines.push(format!(
                    "Install time not measured for {}: it was installed before.",
                    starter.name
                ));
            }
        }
        lines
    }

    /// What the reader should know before trusting the figures.
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let cpus = self.machine.cpus as f64;
        let busiest = [
            self.machine.load_average.before,
            self.machine.load_average.after,
        ]
        .into_iter()
        .flatten()
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        if let Some(before) = self.machine.load_average.before {
            if before >= cpus * 0.5 {
                warnings.push(format!(
                    "the machine was busy before measuring (load average {before:.2} on {} CPUs, up to {:.2}): figures may be unreliable; the ranges show how much",
                    self.machine.cpus,
                    busiest.unwrap_or(before)
                ));
            }
        }
        for starter in &self.starters {
            if let Some(share) = starter.client_cpu_share {
                if share > CLIENT_SHARE_WARNING {
                    warnings.push(format!(
                        "the load generator used {:.0} % of the CPU it and {}'s server used together (more than a third): it competes with the server and lowers its figures",
                        share * 100.0,
                        starter.name
                    ));
                }
            }
            for (number, round) in starter.rounds.iter().enumerate() {
                if let Some(answered) = round.workers_answered {
                    if answered < round.workers {
                        warnings.push(format!(
                            "round {} of {}: only {answered} of {} workers answered during the {:.1} s warm-up",
                            number + 1,
                            starter.name,
                            round.workers,
                            round.warmup_seconds
                        ));
                    }
                }
            }
        }
        for starter in &self.starters {
            if let Some(capacity) = &starter.websocket.capacity {
                if !capacity.health_while_held {
                    warnings.push(format!(
                        "{}'s /health did not answer while {} WebSocket clients were open",
                        starter.name, capacity.accepted
                    ));
                }
            }
        }
        if self.settings.rounds < MIN_ROUNDS_FOR_A_VERDICT as u64 {
            warnings.push(format!(
                "{} rounds a side: from fewer than {MIN_ROUNDS_FOR_A_VERDICT}, no difference is called",
                self.settings.rounds
            ));
        }
        warnings.extend(self.problems());
        warnings
    }

    /// The Markdown `--record` writes under "More Information": the
    /// command and provenance, the table, the notes, and every round.
    pub fn markdown(&self) -> String {
        let names = self.names();
        let mut text = format!(
            "### Measurements of {}\n\n| Metric | {} | {} | Verdict |\n| --- | ---: | ---: | :---: |\n",
            self.date, names[0], names[1]
        );
        for row in self.rows() {
            let verdict = row
                .compared
                .as_ref()
                .and_then(|_| self.verdict_of(&row.label));
            let cells = [0, 1].map(|i| {
                if verdict == Some(&Verdict::Better(i)) {
                    format!("**{}**", row.cells[i])
                } else {
                    row.cells[i].clone()
                }
            });
            let word = match verdict {
                Some(Verdict::Better(_)) => "better",
                Some(Verdict::Same) => "≈",
                Some(Verdict::NotCompared(_)) => "n/c",
                None => "",
            };
            text.push_str(&format!(
                "| {} | {} | {} | {word} |\n",
                row.label.replace('|', "\\|"),
                cells[0].replace('|', "\\|"),
                cells[1].replace('|', "\\|")
            ));
        }
        text.push('\n');
        for line in self.footer() {
            text.push_str(
                &line
                    .replace("Command: ", "Command (run in the folder holding both): `")
                    .replace('\n', " "),
            );
            if line.starts_with("Command: ") {
                text.push('`');
            }
            text.push_str("\n\n");
        }
        text.push_str(&self.rounds_markdown());
        text
    }

    /// Every round of both sides, as a collapsed table.
    fn rounds_markdown(&self) -> String {
        let cell = |v: Option<f64>, digits: usize| {
            v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.digits$}"))
        };
        let mut text = "<details><summary>Every round</summary>\n\n| Repo | Round | Startup (s) | /health req/s | / req/s | /api/notes req/s | Errors | Server CPU/request (ms) | PSS (MiB) | Warm-up (s) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n".to_owned();
        for starter in &self.starters {
            for (number, round) in starter.rounds.iter().enumerate() {
                let errors =
                    round.health.errors + round.home.errors + round.notes.map_or(0, |n| n.errors);
                text.push_str(&format!(
                    "| {} | {} | {:.3} | {:.0} | {:.0} | {} | {errors} | {} | {} | {:.1} |\n",
                    starter.name,
                    number + 1,
                    round.startup_seconds,
                    round.health.requests_per_second,
                    round.home.requests_per_second,
                    cell(round.notes.map(|n| n.requests_per_second), 0),
                    cell(round.server_cpu_ms_per_request, 3),
                    cell(round.pss_mib, 1),
                    round.warmup_seconds,
                ));
            }
        }
        text.push_str("\n</details>\n");
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(rps: f64, errors: u64) -> LoadRound {
        LoadRound {
            requests_per_second: rps,
            p50_ms: (errors < 100).then_some(1000.0 / rps),
            p99_ms: (errors < 100).then_some(4000.0 / rps),
            requests: 100,
            errors,
        }
    }

    fn round(rps: f64, errors: u64) -> Round {
        Round {
            startup_seconds: 1000.0 / rps,
            warmup_seconds: 1.0,
            workers_answered: Some(2),
            health: load(rps, 0),
            home: load(rps / 2.0, errors),
            notes: None,
            notes_skipped: Some("the starter has no ORM layer (no /api/notes)".to_owned()),
            peak_rss_mib: Some(80.0),
            pss_mib: Some(50.0 + rps / 1000.0),
            server_cpu_ms_per_request: Some(1.0 / rps * 1000.0),
            client_cpu_share: Some(0.2),
            processes: 3,
            workers: 2,
            threads: Some(3),
            websocket_round_trip_ms: None,
            websocket_skipped: Some("the starter has no /ws endpoint".to_owned()),
            websocket_fan_out_ms: None,
            websocket_fan_out_skipped: None,
            websocket_capacity: None,
        }
    }

    fn side(name: &str, framework: Framework, rates: &[f64], errors: u64) -> Side {
        Side {
            path: name.to_owned(),
            name: name.to_owned(),
            framework,
            commit: Some("0123456789ab".to_owned()),
            versions: BTreeMap::from([("gunicorn".to_owned(), "23.0.0".to_owned())]),
            install_seconds: Some(4.0),
            installed_bytes: 20 * 1_048_576,
            packages: Some(12),
            lines_of_code: 120,
            tests_passed: 2,
            tests_ok: true,
            rounds: rates.iter().map(|rps| round(*rps, errors)).collect(),
        }
    }

    fn comparison(sides: [Side; 2], rounds: u64) -> Comparison {
        compare(CompareInput {
            date: "2026-01-15".to_owned(),
            scaffold_version: "0.1.0".to_owned(),
            command: "scaffold compare chat-flask chat-express --rounds 5".to_owned(),
            calibration: false,
            machine: Machine {
                cpus: 2,
                os: "linux",
                arch: "x86_64",
                runtimes: BTreeMap::from([("node".to_owned(), "v22.0.0".to_owned())]),
                cpu_model: Some("Example CPU".to_owned()),
                load_average: LoadAverage {
                    before: Some(0.2),
                    after: Some(0.9),
                },
            },
            settings: Settings {
                requests: None,
                seconds: Some(3.0),
                warmup_seconds: 1.0,
                concurrency: 4,
                rounds,
            },
            sides,
        })
    }

    const SLOW: [f64; 5] = [900.0, 950.0, 1000.0, 920.0, 980.0];
    const FAST: [f64; 5] = [1800.0, 1900.0, 2000.0, 1850.0, 1950.0];

    pub fn sample() -> Comparison {
        comparison(
            [
                side("chat-flask", Framework::Flask, &SLOW, 0),
                side("chat-express", Framework::Express, &FAST, 0),
            ],
            5,
        )
    }

    /// The table's rows, without the notes under it.
    fn rows_of(table: &str) -> &str {
        table.split("\n\n").next().unwrap_or_default()
    }

    fn line<'a>(table: &'a str, label: &str) -> &'a str {
        table
            .lines()
            .find(|line| line.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label} in\n{table}"))
    }

    #[test]
    fn separated_ranges_mark_the_better_side_with_median_and_range() {
        let table = sample().table();
        let health = line(&table, "/health requests/s");
        assert!(health.contains("950/s (900-1000)"), "{health}");
        assert!(health.contains("1900/s (1800-2000) *"), "{health}");
        assert!(!health.contains("1000) *"), "{health}");
        assert!(table.contains("2 CPUs, Example CPU"), "{table}");
        assert!(table.contains("node v22.0.0"), "{table}");
        assert!(
            table.contains("Command: scaffold compare chat-flask"),
            "{table}"
        );
        assert!(
            table.contains("Load average: 0.20 before, 0.90 after."),
            "{table}"
        );
    }

    #[test]
    fn a_repo_compared_with_itself_has_no_winner_on_any_row() {
        let compared = comparison(
            [
                side("proto-flask", Framework::Flask, &SLOW, 0),
                side("proto-flask", Framework::Flask, &SLOW, 0),
            ],
            5,
        );
        assert!(
            compared.verdicts.iter().all(|v| v.verdict == Verdict::Same),
            "{:?}",
            compared.verdicts
        );
        assert!(!rows_of(&compared.table()).contains('*'));
        assert!(compared.summary().starts_with("No measurable difference"));
    }

    #[test]
    fn overlapping_ranges_read_as_the_same() {
        let close = [940.0, 1010.0, 1005.0, 990.0, 1020.0];
        let compared = comparison(
            [
                side("a", Framework::Flask, &SLOW, 0),
                side("b", Framework::Flask, &close, 0),
            ],
            5,
        );
        let table = compared.table();
        assert!(line(&table, "/health requests/s").ends_with('≈'), "{table}");
    }

    #[test]
    fn a_side_with_errors_gets_no_mark_and_shows_its_error_rate() {
        let compared = comparison(
            [
                side("chat-flask", Framework::Flask, &SLOW, 100),
                side("chat-express", Framework::Express, &FAST, 0),
            ],
            5,
        );
        let table = compared.table();
        assert!(!rows_of(&table).contains('*'), "{table}");
        let errors = line(&table, "/ errors");
        assert!(errors.contains("500 of 500 (100.0 %)"), "{errors}");
        assert!(line(&table, "/ p50").contains("n/a"), "never 0 ms: {table}");
        assert!(line(&table, "/ requests/s").ends_with("n/c"), "{table}");
        assert_eq!(
            compared.problems(),
            ["chat-flask had failed requests (500 of 500 on /)"]
        );
        assert!(table.contains("Not compared: chat-flask had failed requests"));
    }

    #[test]
    fn a_failed_test_suite_blocks_every_mark() {
        let mut failing = side("chat-flask", Framework::Flask, &FAST, 0);
        failing.tests_ok = false;
        let compared = comparison(
            [failing, side("chat-express", Framework::Express, &SLOW, 0)],
            5,
        );
        assert!(compared
            .verdicts
            .iter()
            .all(|v| matches!(v.verdict, Verdict::NotCompared(_))));
        assert!(line(&compared.table(), "tests").contains("suite FAILED"));
        assert_eq!(compared.problems(), ["chat-flask's test suite failed"]);
    }

    #[test]
    fn facts_are_never_marked() {
        let table = sample().table();
        for label in ["lines of code", "installed packages", "tests", "peak RSS"] {
            let row = line(&table, label);
            assert!(!row.contains('*') && !row.contains('≈'), "{row}");
        }
    }

    #[test]
    fn too_few_rounds_call_nothing_and_say_why() {
        let compared = comparison(
            [
                side("a", Framework::Flask, &SLOW[..3], 0),
                side("b", Framework::Express, &FAST[..3], 0),
            ],
            3,
        );
        assert!(!rows_of(&compared.table()).contains('*'));
        assert!(compared.warnings.iter().any(|w| w.contains("fewer than 5")));
    }

    #[test]
    fn a_busy_machine_and_a_costly_load_generator_are_warned_about() {
        let mut sides = [
            side("a", Framework::Flask, &SLOW, 0),
            side("b", Framework::Express, &FAST, 0),
        ];
        for round in &mut sides[1].rounds {
            round.client_cpu_share = Some(0.5);
        }
        let mut compared = comparison(sides, 5);
        compared.machine.load_average.before = Some(3.5);
        let warnings = compared.warnings();
        assert!(
            warnings.iter().any(|w| w.contains("the machine was busy")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("load generator used 50 %")),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_json_schema_matches_its_snapshot() {
        insta::assert_snapshot!(sample().to_json());
    }

    #[test]
    fn the_record_bolds_the_better_value_and_keeps_every_round() {
        let markdown = sample().markdown();
        assert!(
            markdown.contains(
                "| /health requests/s | 950/s (900-1000) | **1900/s (1800-2000)** | better |"
            ),
            "{markdown}"
        );
        assert!(markdown.contains("Command (run in the folder holding both): `scaffold compare chat-flask chat-express --rounds 5`"), "{markdown}");
        assert!(markdown.contains("| chat-express | 5 | "), "{markdown}");
        assert!(!markdown.contains("/tmp") && !markdown.contains("/home"));
    }
}
