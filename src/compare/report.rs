//! What `scaffold compare` found, as data, and its two renderings: the
//! side-by-side table for people and the JSON for programs. Pure.
//!
//! The JSON schema (`schema: 1`) is documented in README.md and pinned by a
//! snapshot test; add fields rather than change them.

use super::stats::{round3, winner, Better, LoadFigures};
use crate::framework::Framework;
use serde::Serialize;
use std::collections::BTreeMap;

/// The machine the figures come from.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpus: usize,
    pub os: &'static str,
    pub arch: &'static str,
    /// `python3` and/or `node`, with the version each starter ran on.
    pub runtimes: BTreeMap<String, String>,
}

/// How hard and how often each server was measured.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Settings {
    pub requests: u64,
    pub concurrency: u64,
    pub rounds: u64,
}

/// The real-time round trip, or why it was not measured.
#[derive(Debug, Clone, Serialize)]
pub struct WebSocket {
    pub round_trip_ms: Option<f64>,
    /// Set when `round_trip_ms` is null.
    pub skipped: Option<String>,
}

/// One starter's figures: medians over the rounds, and the cost of owning it.
#[derive(Debug, Clone, Serialize)]
pub struct StarterFigures {
    pub path: String,
    pub framework: Framework,
    pub startup_seconds: f64,
    pub health: LoadFigures,
    pub home: LoadFigures,
    pub peak_rss_mib: f64,
    /// Null when the repo was installed before `compare` ran.
    pub install_seconds: Option<f64>,
    pub installed_bytes: u64,
    pub packages: Option<u64>,
    pub lines_of_code: u64,
    pub tests_passed: u64,
    pub tests_ok: bool,
    pub websocket: WebSocket,
}

/// Everything `compare` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub schema: u32,
    pub date: String,
    pub machine: Machine,
    pub settings: Settings,
    pub starters: [StarterFigures; 2],
}

/// One row of the table.
struct Row {
    label: &'static str,
    values: [Option<f64>; 2],
    better: Better,
    shown: fn(f64) -> String,
}

impl Comparison {
    /// The figures rounded for display and JSON.
    pub fn rounded(mut self) -> Comparison {
        for starter in &mut self.starters {
            starter.startup_seconds = round3(starter.startup_seconds);
            starter.peak_rss_mib = round3(starter.peak_rss_mib);
            starter.install_seconds = starter.install_seconds.map(round3);
            for load in [&mut starter.health, &mut starter.home] {
                load.requests_per_second = round3(load.requests_per_second);
                load.p50_ms = round3(load.p50_ms);
                load.p99_ms = round3(load.p99_ms);
            }
            starter.websocket.round_trip_ms = starter.websocket.round_trip_ms.map(round3);
        }
        self
    }

    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("the comparison always serializes");
        text.push('\n');
        text
    }

    fn rows(&self) -> Vec<Row> {
        let both = |pick: fn(&StarterFigures) -> Option<f64>| {
            [pick(&self.starters[0]), pick(&self.starters[1])]
        };
        let ms = |v: f64| format!("{v:.2} ms");
        let rate = |v: f64| format!("{v:.0}/s");
        vec![
            Row {
                label: "startup to /health",
                values: both(|s| Some(s.startup_seconds)),
                better: Better::Lower,
                shown: |v| format!("{v:.2} s"),
            },
            Row {
                label: "/health requests/s",
                values: both(|s| Some(s.health.requests_per_second)),
                better: Better::Higher,
                shown: rate,
            },
            Row {
                label: "/health p50",
                values: both(|s| Some(s.health.p50_ms)),
                better: Better::Lower,
                shown: ms,
            },
            Row {
                label: "/health p99",
                values: both(|s| Some(s.health.p99_ms)),
                better: Better::Lower,
                shown: ms,
            },
            Row {
                label: "/ requests/s",
                values: both(|s| Some(s.home.requests_per_second)),
                better: Better::Higher,
                shown: rate,
            },
            Row {
                label: "/ p50",
                values: both(|s| Some(s.home.p50_ms)),
                better: Better::Lower,
                shown: ms,
            },
            Row {
                label: "/ p99",
                values: both(|s| Some(s.home.p99_ms)),
                better: Better::Lower,
                shown: ms,
            },
            Row {
                label: "WebSocket round trip",
                values: both(|s| s.websocket.round_trip_ms),
                better: Better::Lower,
                shown: ms,
            },
            Row {
                label: "peak memory (RSS)",
                // 0 means not measured: the memory is read from /proc (Linux).
                values: both(|s| (s.peak_rss_mib > 0.0).then_some(s.peak_rss_mib)),
                better: Better::Lower,
                shown: |v| format!("{v:.1} MiB"),
            },
            Row {
                label: "install time",
                values: both(|s| s.install_seconds),
                better: Better::Lower,
                shown: |v| format!("{v:.1} s"),
            },
            Row {
                label: "installed size",
                values: both(|s| Some(s.installed_bytes as f64)),
                better: Better::Lower,
                shown: |v| format!("{:.1} MiB", v / 1_048_576.0),
            },
            Row {
                label: "installed packages",
                values: both(|s| s.packages.map(|p| p as f64)),
                better: Better::Lower,
                shown: |v| format!("{v:.0}"),
            },
            Row {
                label: "lines of code",
                values: both(|s| Some(s.lines_of_code as f64)),
                better: Better::Lower,
                shown: |v| format!("{v:.0}"),
            },
            Row {
                label: "tests passed",
                values: both(|s| Some(s.tests_passed as f64)),
                better: Better::Higher,
                shown: |v| format!("{v:.0}"),
            },
        ]
    }

    /// The side-by-side table: a bar per value (scaled to the larger of the
    /// two), `*` on the better one, and the machine named.
    pub fn table(&self) -> String {
        const BAR: usize = 12;
        let names =
            [0, 1].map(|i| format!("{} ({})", self.starters[i].path, self.starters[i].framework));
        let width = 30;
        let mut text = format!("{:<22} {:<width$} {}\n", "metric", names[0], names[1]);
        for row in self.rows() {
            let best = winner(row.values, row.better);
            let largest = row.values.iter().flatten().copied().fold(0.0_f64, f64::max);
            let cells = [0, 1].map(|i| match row.values[i] {
                None => "n/a".to_owned(),
                Some(value) => {
                    let filled = if largest > 0.0 {
                        ((value / largest) * BAR as f64).round() as usize
                    } else {
                        0
                    };
                    format!(
                        "{}{} {}{}",
                        "#".repeat(filled),
                        ".".repeat(BAR - filled.min(BAR)),
                        (row.shown)(value),
                        if best == Some(i) { " *" } else { "" }
                    )
                }
            });
            let line = format!("{:<22} {:<width$} {}", row.label, cells[0], cells[1]);
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text.push_str("\n* the better value. ");
        text.push_str(&self.footer());
        text
    }

    /// Where the figures come from, and what was not measured.
    fn footer(&self) -> String {
        let runtimes: Vec<String> = self
            .machine
            .runtimes
            .iter()
            .map(|(name, version)| format!("{name} {version}"))
            .collect();
        let mut text = format!(
            "Measured on this machine ({} CPUs, {}/{}, {}) on {}: medians of {} rounds, {} requests at concurrency {} per endpoint and round. Figures from another machine will differ.\n",
            self.machine.cpus,
            self.machine.os,
            self.machine.arch,
            runtimes.join(", "),
            self.date,
            self.settings.rounds,
            self.settings.requests,
            self.settings.concurrency,
        );
        for starter in &self.starters {
            if let Some(reason) = &starter.websocket.skipped {
                text.push_str(&format!(
                    "WebSocket round trip not measured for {}: {reason}.\n",
                    starter.path
                ));
            }
            if starter.install_seconds.is_none() {
                text.push_str(&format!(
                    "Install time not measured for {}: it was installed before.\n",
                    starter.path
                ));
            }
        }
        text
    }

    /// The Markdown table `--record` writes under "More Information".
    pub fn markdown(&self) -> String {
        let mut text = format!(
            "### Measurements\n\n| Metric | {} ({}) | {} ({}) |\n| --- | ---: | ---: |\n",
            self.starters[0].path,
            self.starters[0].framework,
            self.starters[1].path,
            self.starters[1].framework
        );
        for row in self.rows() {
            let best = winner(row.values, row.better);
            let cells = [0, 1].map(|i| match row.values[i] {
                None => "n/a".to_owned(),
                Some(value) if best == Some(i) => format!("**{}**", (row.shown)(value)),
                Some(value) => (row.shown)(value),
            });
            text.push_str(&format!(
                "| {} | {} | {} |\n",
                row.label, cells[0], cells[1]
            ));
        }
        text.push_str("\nBold marks the better value. ");
        text.push_str(self.footer().replace('\n', " ").trim_end());
        text.push_str(" Measured with `scaffold compare`.\n");
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> Comparison {
        let load = |rps| LoadFigures {
            requests_per_second: rps,
            p50_ms: 1.5,
            p99_ms: 4.25,
            errors: 0,
        };
        let starter = |path: &str, framework, rps, installed| StarterFigures {
            path: path.to_owned(),
            framework,
            startup_seconds: 0.5,
            health: load(rps),
            home: load(rps / 2.0),
            peak_rss_mib: 60.0,
            install_seconds: installed,
            installed_bytes: 20 * 1_048_576,
            packages: Some(12),
            lines_of_code: 120,
            tests_passed: 2,
            tests_ok: true,
            websocket: WebSocket {
                round_trip_ms: None,
                skipped: Some("the starter has no /ws endpoint".to_owned()),
            },
        };
        Comparison {
            schema: 1,
            date: "2026-01-15".to_owned(),
            machine: Machine {
                cpus: 2,
                os: "linux",
                arch: "x86_64",
                runtimes: BTreeMap::from([("node".to_owned(), "v22.0.0".to_owned())]),
            },
            settings: Settings {
                requests: 200,
                concurrency: 4,
                rounds: 3,
            },
            starters: [
                starter("chat-flask", Framework::Flask, 900.0, Some(4.0)),
                starter("chat-express", Framework::Express, 1800.0, None),
            ],
        }
    }

    #[test]
    fn the_table_marks_the_better_value_and_names_the_machine() {
        let table = sample().table();
        let health = table
            .lines()
            .find(|line| line.starts_with("/health requests/s"))
            .expect("a row");
        assert!(health.ends_with("1800/s *"), "{health}");
        assert!(!health.contains("900/s *"), "{health}");
        assert!(table.contains("2 CPUs"), "{table}");
        assert!(table.contains("node v22.0.0"), "{table}");
        assert!(table.contains("WebSocket round trip not measured for chat-flask"));
        assert!(table.contains("Install time not measured for chat-express"));
    }

    #[test]
    fn the_json_schema_matches_its_snapshot() {
        insta::assert_snapshot!(sample().to_json());
    }

    #[test]
    fn the_record_table_bolds_the_better_value() {
        let markdown = sample().markdown();
        assert!(
            markdown.contains("| /health requests/s | 900/s | **1800/s** |"),
            "{markdown}"
        );
    }
}
