//! What each tool must be, and the verdict on what it answered: the tools
//! and their minimum, newest tested and end-of-life versions come from the
//! framework table; [`examine`] asks a [`Probe`] for each (side by side) and
//! judges every tool and every starter; [`install_advice`] says what to
//! install for the tools that fail. Pure but for the probe it is given.

use super::probe::{Probe, ProbeError};
use super::report::{DoctorReport, StarterCheck, Status, ToolCheck};
use crate::core::framework::Framework;
use crate::core::host::HostOs;
use std::cmp::Ordering;

/// A version as printed by a tool: `3.11.7`, `v20.20.2`, `2.47.3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub parts: Vec<u32>,
}

impl Version {
    /// The first word of `text` that reads as a version (`v` prefix allowed).
    pub fn find(text: &str) -> Option<Version> {
        text.split_whitespace().find_map(|word| {
            let word = word.strip_prefix('v').unwrap_or(word);
            if !word.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let mut parts = Vec::new();
            for piece in word.split('.') {
                let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
                match digits.parse() {
                    Ok(number) => parts.push(number),
                    Err(_) => break,
                }
                if digits.len() != piece.len() {
                    break;
                }
            }
            (!parts.is_empty()).then_some(Version { parts })
        })
    }

    fn part(&self, index: usize) -> u32 {
        self.parts.get(index).copied().unwrap_or(0)
    }

    /// Compares the major and minor numbers with `(major, minor)`.
    pub fn cmp_minor(&self, other: (u32, u32)) -> Ordering {
        (self.part(0), self.part(1)).cmp(&other)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.parts.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// How one tool is probed and judged.
struct Spec {
    name: &'static str,
    program: &'static str,
    args: Vec<&'static str>,
    minimum: Option<(u32, u32)>,
    /// The newest (major, minor) the starters are tested on.
    newest_tested: Option<(u32, u32)>,
    /// Versions past (or nearing) their upstream end of life, with the date.
    end_of_life: Vec<((u32, u32), &'static str)>,
}

const GIT: &str = "git";

/// The tools a starter needs: its runtime, its package manager's, and git.
fn needs(framework: Framework) -> Vec<&'static str> {
    let facts = framework.facts();
    let mut needs = vec![facts.runtime.command];
    match facts.package_manager {
        // A venv brings its own pip, from ensurepip.
        "pip" => needs.extend(["venv", "pip"]),
        other => needs.push(other),
    }
    needs.push(GIT);
    needs
}

/// The oldest (major, minor) of `tool` that every starter needing it accepts.
fn minimum(tool: &str) -> Option<(u32, u32)> {
    Framework::ALL
        .iter()
        .map(|framework| framework.facts())
        .filter_map(|facts| {
            if facts.runtime.command == tool {
                Some(facts.runtime.min_version)
            } else if facts.package_manager == tool {
                facts.package_manager_min
            } else {
                None
            }
        })
        .max()
}

fn end_of_life(tool: &str) -> Vec<((u32, u32), &'static str)> {
    let mut dates: Vec<((u32, u32), &'static str)> = Framework::ALL
        .iter()
        .map(|framework| framework.facts().runtime)
        .filter(|runtime| runtime.command == tool)
        .flat_map(|runtime| runtime.end_of_life.iter().copied())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

fn newest_tested(tool: &str) -> Option<(u32, u32)> {
    Framework::ALL
        .iter()
        .map(|framework| framework.facts().runtime)
        .filter(|runtime| runtime.command == tool)
        .flat_map(|runtime| runtime.tested.iter())
        .filter_map(|text| Version::find(text))
        .map(|version| (version.part(0), version.part(1)))
        .max()
}

/// Every tool to check, in the order of the framework table, with the
/// program that answers for it on `host`.
fn specs(host: HostOs) -> Vec<Spec> {
    let python = host.program(
        Framework::ALL
            .iter()
            .map(|framework| framework.facts())
            .find(|facts| facts.package_manager == "pip")
            .map_or("python3", |facts| facts.runtime.command),
    );
    let mut names: Vec<&'static str> = Vec::new();
    for framework in Framework::ALL {
        for tool in needs(framework) {
            if !names.contains(&tool) {
                names.push(tool);
            }
        }
    }
    names.retain(|name| *name != GIT);
    names.push(GIT);
    names
        .into_iter()
        .map(|name| {
            let (program, args) = match name {
                "venv" => (
                    python,
                    vec!["-c", "import venv, ensurepip; print(ensurepip.version())"],
                ),
                "pip" => (python, vec!["-m", "pip", "--version"]),
                other => (host.program(other), vec!["--version"]),
            };
            Spec {
                name,
                program,
                args,
                minimum: minimum(name),
                newest_tested: newest_tested(name),
                end_of_life: end_of_life(name),
            }
        })
        .collect()
}

/// `3.10`, or `18` when the minor number is 0.
fn version_text((major, minor): (u32, u32)) -> String {
    if minor == 0 {
        major.to_string()
    } else {
        format!("{major}.{minor}")
    }
}

fn last_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .rfind(|line| !line.is_empty())
        .map(str::to_owned)
}

fn check(spec: &Spec, probe: &dyn Probe, today: &str) -> ToolCheck {
    let mut command = spec.program.to_owned();
    for arg in &spec.args {
        command.push(' ');
        command.push_str(&crate::core::shell::shell_quote(arg));
    }
    let minimum = spec.minimum.map(version_text);
    let mut found = ToolCheck {
        name: spec.name,
        command,
        status: Status::Ok,
        version: None,
        minimum,
        note: None,
    };
    match probe.run(spec.program, &spec.args) {
        Err(ProbeError::NotFound) => {
            found.status = Status::Missing;
            found.note = Some(format!("`{}` is not on PATH", spec.program));
        }
        Err(ProbeError::Failed(output)) => {
            found.status = Status::Broken;
            found.note = last_line(&output);
        }
        Err(ProbeError::TimedOut(seconds)) => {
            found.status = Status::Broken;
            found.note = Some(format!("did not answer in {seconds} s"));
        }
        Err(ProbeError::Interrupted) => {
            found.status = Status::Broken;
            found.note = Some("interrupted".to_owned());
        }
        Ok(output) => match Version::find(&output) {
            None => found.note = Some("could not read its version".to_owned()),
            Some(version) => {
                if spec
                    .minimum
                    .is_some_and(|min| version.cmp_minor(min) == Ordering::Less)
                {
                    found.status = Status::TooOld;
                } else if spec
                    .newest_tested
                    .is_some_and(|newest| version.cmp_minor(newest) == Ordering::Greater)
                {
                    found.note = Some(
                        "newer than the versions the starters are tested on; it should work"
                            .to_owned(),
                    );
                }
                // A release written with minor 0 (Node's `20`) means the whole major line.
                let ended = spec.end_of_life.iter().find(|((major, minor), date)| {
                    let same_release =
                        version.part(0) == *major && (*minor == 0 || version.part(1) == *minor);
                    same_release && *date <= today
                });
                if let Some((_, date)) = ended {
                    found.note = Some(format!(
                        "past its end of life ({date}): no more security fixes upstream; plan an upgrade"
                    ));
                }
                if spec.name == "venv" {
                    // What it printed is the pip that venvs get, not a venv version.
                    found.note = Some(format!("new virtualenvs get pip {version}"));
                } else {
                    found.version = Some(version.to_string());
                }
            }
        },
    }
    found
}

/// Probes every tool and judges every starter; `today` (YYYY-MM-DD) dates
/// the end-of-life warnings.
pub fn examine(probe: &dyn Probe, today: &str, host: HostOs) -> DoctorReport {
    // The probes run side by side, so a hanging tool costs one timeout, not one each.
    let specs = specs(host);
    let mut tools: Vec<ToolCheck> = std::thread::scope(|scope| {
        let running: Vec<_> = specs
            .iter()
            .map(|spec| scope.spawn(move || check(spec, probe, today)))
            .collect();
        running
            .into_iter()
            .zip(&specs)
            .map(|(handle, spec)| {
                handle.join().unwrap_or_else(|_| ToolCheck {
                    name: spec.name,
                    command: spec.program.to_owned(),
                    status: Status::Broken,
                    version: None,
                    minimum: None,
                    note: Some("the check itself failed".to_owned()),
                })
            })
            .collect()
    });
    // Without a pip of its own, python3 is still fine: each venv gets one.
    let venv_ok = tools
        .iter()
        .any(|tool| tool.name == "venv" && tool.status == Status::Ok);
    if let Some(pip) = tools.iter_mut().find(|tool| tool.name == "pip") {
        if pip.status != Status::Ok && venv_ok {
            pip.status = Status::Ok;
            pip.note = Some("not installed for python3 itself; each venv gets its own".to_owned());
        }
    }
    let usable = |name: &str| {
        tools
            .iter()
            .any(|tool| tool.name == name && tool.status == Status::Ok)
    };
    let starters: Vec<StarterCheck> = Framework::ALL
        .iter()
        .map(|&framework| {
            let needs = needs(framework);
            let missing: Vec<&'static str> =
                needs.iter().copied().filter(|name| !usable(name)).collect();
            StarterCheck {
                framework,
                runnable: missing.is_empty(),
                needs,
                missing,
            }
        })
        .collect();
    DoctorReport {
        ok: starters.iter().all(|starter| starter.runnable),
        tools,
        starters,
    }
}

/// What to install to get `tools` working, as one hint.
pub fn install_advice(tools: &[&str]) -> String {
    let version = |tool: &str| {
        minimum(tool).map_or_else(String::new, |min| {
            format!(" {} or newer", version_text(min))
        })
    };
    let mut advice: Vec<String> = Vec::new();
    for &tool in tools {
        let line = match tool {
            "python3" => format!(
                "Python{} (https://www.python.org/downloads/; Debian/Ubuntu: apt install python3 python3-venv)",
                version(tool)
            ),
            "venv" | "pip" => {
                "Python's venv module with ensurepip (Debian/Ubuntu: apt install python3-venv)"
                    .to_owned()
            }
            "node" => format!("Node.js{} (https://nodejs.org/)", version(tool)),
            "npm" => format!("npm{} (it comes with Node.js)", version(tool)),
            "git" => "git (https://git-scm.com/downloads)".to_owned(),
            other => other.to_owned(),
        };
        if !advice.contains(&line) {
            advice.push(line);
        }
    }
    format!(
        "install {}, then run `scaffold doctor` again",
        advice.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Before any end of life of a supported version in the table.
    const TODAY: &str = "2026-01-15";

    fn examine(probe: &dyn Probe) -> DoctorReport {
        super::examine(probe, TODAY, HostOs::Unix)
    }

    /// Canned answers, keyed by the program and its first argument.
    struct Canned(HashMap<String, Result<String, ProbeError>>);

    impl Canned {
        /// A supported machine: Python 3.11 with venv, Node 22, npm 11, git.
        fn healthy() -> Canned {
            let mut map = HashMap::new();
            map.insert("python3 --version".into(), Ok("Python 3.11.7\n".into()));
            map.insert("python3 -c".into(), Ok("23.2.1\n".into()));
            map.insert(
                "python3 -m".into(),
                Ok("pip 23.2.1 from /usr/lib/python3/dist-packages/pip (python 3.11)\n".into()),
            );
            map.insert("node --version".into(), Ok("v22.23.3\n".into()));
            map.insert("npm --version".into(), Ok("11.19.1\n".into()));
            map.insert("git --version".into(), Ok("git version 2.47.3\n".into()));
            Canned(map)
        }

        fn with(mut self, key: &str, answer: Result<&str, ProbeError>) -> Canned {
            self.0.insert(key.to_owned(), answer.map(str::to_owned));
            self
        }
    }

    impl Probe for Canned {
        fn run(&self, program: &str, args: &[&str]) -> Result<String, ProbeError> {
            let key = format!("{program} {}", args.first().copied().unwrap_or_default());
            self.0
                .get(&key)
                .cloned()
                .unwrap_or(Err(ProbeError::NotFound))
        }
    }

    fn tool<'a>(report: &'a DoctorReport, name: &str) -> &'a ToolCheck {
        report
            .tools
            .iter()
            .find(|tool| tool.name == name)
            .unwrap_or_else(|| panic!("no {name} row"))
    }

    fn runnable(report: &DoctorReport) -> Vec<&'static str> {
        report
            .starters
            .iter()
            .filter(|starter| starter.runnable)
            .map(|starter| starter.framework.id())
            .collect()
    }

    #[test]
    fn versions_are_read_from_what_each_tool_prints() {
        for (text, expected) in [
            ("Python 3.11.7", "3.11.7"),
            ("v20.20.2", "20.20.2"),
            ("11.19.1", "11.19.1"),
            ("git version 2.39.5 (Apple Git-154)", "2.39.5"),
            ("git version 2.45.1.windows.1", "2.45.1"),
            ("pip 23.2.1 from /x/pip (python 3.11)", "23.2.1"),
            ("Python 3.13.0rc1", "3.13.0"),
        ] {
            let version = Version::find(text).expect(text);
            assert_eq!(version.to_string(), expected, "{text}");
        }
        assert_eq!(Version::find("command not found"), None);
    }

    #[test]
    fn a_healthy_machine_can_run_every_starter() {
        let report = examine(&Canned::healthy());
        assert!(report.ok, "{}", report.text());
        assert_eq!(runnable(&report), vec!["django", "flask", "express"]);
        let names: Vec<&str> = report.tools.iter().map(|tool| tool.name).collect();
        assert_eq!(names, vec!["python3", "venv", "pip", "node", "npm", "git"]);
        assert_eq!(tool(&report, "python3").version.as_deref(), Some("3.11.7"));
        assert_eq!(tool(&report, "python3").minimum.as_deref(), Some("3.11"));
        assert_eq!(tool(&report, "node").minimum.as_deref(), Some("22"));
        assert_eq!(tool(&report, "npm").minimum.as_deref(), Some("7"));
        assert!(report.missing_tools().is_empty());
    }

    #[test]
    fn the_minimums_come_from_the_framework_table() {
        let report = examine(&Canned::healthy());
        assert_eq!(
            tool(&report, "node").minimum,
            Some(version_text(Framework::Express.facts().runtime.min_version))
        );
        assert_eq!(
            tool(&report, "python3").minimum,
            Some(version_text(Framework::Django.facts().runtime.min_version))
        );
        assert_eq!(
            tool(&report, "npm").minimum,
            Framework::Express
                .facts()
                .package_manager_min
                .map(version_text)
        );
    }

    #[test]
    fn without_node_only_the_python_starters_run() {
        let report = examine(&Canned::healthy().with("node --version", Err(ProbeError::NotFound)));
        assert!(!report.ok);
        assert_eq!(runnable(&report), vec!["django", "flask"]);
        assert_eq!(tool(&report, "node").status, Status::Missing);
        assert_eq!(report.missing_tools(), vec!["node"]);
        let advice = install_advice(&report.missing_tools());
        assert!(advice.contains("Node.js 22 or newer"), "{advice}");
    }

    #[test]
    fn an_old_python_is_too_old_for_the_python_starters() {
        let report = examine(&Canned::healthy().with("python3 --version", Ok("Python 3.9.18")));
        assert_eq!(tool(&report, "python3").status, Status::TooOld);
        assert_eq!(runnable(&report), vec!["express"]);
        assert!(install_advice(&report.missing_tools()).contains("Python 3.11 or newer"));
    }

    #[test]
    fn python_without_ensurepip_is_broken_and_the_hint_names_python3_venv() {
        let report = examine(&Canned::healthy().with(
            "python3 -c",
            Err(ProbeError::Failed(
                "Traceback (most recent call last):\nModuleNotFoundError: No module named 'ensurepip'\n"
                    .to_owned(),
            )),
        ));
        let venv = tool(&report, "venv");
        assert_eq!(venv.status, Status::Broken);
        assert_eq!(
            venv.note.as_deref(),
            Some("ModuleNotFoundError: No module named 'ensurepip'")
        );
        assert_eq!(runnable(&report), vec!["express"]);
        assert!(install_advice(&report.missing_tools()).contains("python3-venv"));
    }

    #[test]
    fn python_without_its_own_pip_is_fine_when_venvs_get_one() {
        let report = examine(&Canned::healthy().with(
            "python3 -m",
            Err(ProbeError::Failed("No module named pip".to_owned())),
        ));
        assert_eq!(tool(&report, "pip").status, Status::Ok);
        assert!(report.ok);
    }

    #[test]
    fn an_old_npm_keeps_express_from_running() {
        let report = examine(&Canned::healthy().with("npm --version", Ok("6.14.18")));
        assert_eq!(tool(&report, "npm").status, Status::TooOld);
        assert_eq!(runnable(&report), vec!["django", "flask"]);
    }

    #[test]
    fn without_git_no_starter_runs() {
        let report = examine(&Canned::healthy().with("git --version", Err(ProbeError::NotFound)));
        assert!(runnable(&report).is_empty());
        assert_eq!(report.missing_tools(), vec!["git"]);
    }

    #[test]
    fn an_untested_newer_runtime_is_noted_but_fine() {
        let report = examine(&Canned::healthy().with("python3 --version", Ok("Python 3.99.0")));
        let python = tool(&report, "python3");
        assert_eq!(python.status, Status::Ok);
        assert!(python
            .note
            .as_deref()
            .is_some_and(|note| note.contains("newer")));
    }

    #[test]
    fn the_text_report_lists_every_tool_and_starter() {
        let text =
            examine(&Canned::healthy().with("node --version", Err(ProbeError::NotFound))).text();
        assert!(
            text.contains("  ok       python3  3.11.7    needs 3.11+"),
            "{text}"
        );
        assert!(text.contains("  missing  node     -"), "{text}");
        assert!(text.contains("  no       express  needs node"), "{text}");
        assert!(text.contains("  ok       django"), "{text}");
    }

    #[test]
    fn node_20_is_too_old_for_the_express_starter() {
        let report = examine(&Canned::healthy().with("node --version", Ok("v20.20.2")));
        assert_eq!(tool(&report, "node").status, Status::TooOld);
        assert_eq!(runnable(&report), vec!["django", "flask"]);
    }

    #[test]
    fn a_runtime_past_its_end_of_life_is_noted_but_still_usable() {
        let probe = Canned::healthy().with("node --version", Ok("v22.23.3"));
        let before = super::examine(&probe, "2027-04-29", HostOs::Unix);
        assert_eq!(tool(&before, "node").note, None);
        let after = super::examine(&probe, "2027-05-01", HostOs::Unix);
        let node = tool(&after, "node");
        assert_eq!(node.status, Status::Ok);
        assert!(
            node.note
                .as_deref()
                .is_some_and(|note| note.contains("end of life (2027-04-30)")),
            "{node:?}"
        );
        assert!(after.ok);
    }

    #[test]
    fn on_windows_doctor_asks_python_and_npm_cmd() {
        let Canned(unix) = Canned::healthy();
        let windows = Canned(
            unix.into_iter()
                .map(|(key, answer)| {
                    let key = match key.split_once(' ') {
                        Some(("python3", rest)) => format!("python {rest}"),
                        Some(("npm", rest)) => format!("npm.cmd {rest}"),
                        _ => key,
                    };
                    (key, answer)
                })
                .collect(),
        );
        let report = super::examine(&windows, TODAY, HostOs::Windows);
        assert!(report.ok, "{}", report.text());
        assert_eq!(tool(&report, "python3").command, "python --version");
        assert_eq!(tool(&report, "npm").command, "npm.cmd --version");
        assert_eq!(tool(&report, "git").command, "git --version");
    }
}
