//! The result of `scaffold new`, as one value: printed as JSON on stdout
//! with `--json` (the schema README.md documents), and read by the summary
//! on stderr. Pure: the paths, the commit and the install outcome come in.

use crate::core::decision::{ChoiceSource, Decision};
use crate::core::features::Features;
use crate::core::framework::Framework;
use crate::core::host::HostOs;
use crate::core::recommend::RecommendationReport;
use crate::core::shell::shell_quote;
use crate::generate::git::Commit;
use crate::generate::install::InstallOutcome;
use crate::generate::Plan;
use serde::Serialize;
use std::path::Path;

/// The object `scaffold new --json` prints (and, with `--dry-run`, the plan).
///
/// Field order is the JSON key order. Adding a key is a compatible change;
/// renaming or retyping one is not (the schema test snapshots the shape).
#[derive(Debug, Clone, Serialize)]
pub struct NewReport<'a> {
    /// True for `--dry-run`: nothing was written, `git` and `install` are null.
    pub dry_run: bool,
    /// The project directory, absolute.
    pub path: String,
    /// The framework generated, as the `--framework` values spell it.
    pub framework: Framework,
    /// The Python module or npm package name.
    pub package: &'a str,
    /// How the framework was chosen: recommended, explicit or overridden.
    pub choice: ChoiceSource,
    /// The feature layers: `{"generated": ["orm"], "not_generated":
    /// [{"feature": "admin", "reason": "..."}]}`.
    pub features: &'a Features,
    /// Every file written, relative to `path`, `/`-separated, sorted
    /// (including the git-ignored `.env`).
    pub files: Vec<&'a str>,
    /// `--dry-run` only: every file with its mode and whether git holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<Vec<PlanEntry<'a>>>,
    /// The first commit, or null (`--no-git`, inside another work tree, dry run).
    pub git: Option<GitReport>,
    /// The framework decision record, relative to `path`, when there is one.
    pub adr: Option<&'a str>,
    /// `--install` only: what ran and where its output is.
    pub install: Option<InstallReport>,
    /// The commands of the starter, run inside `path`.
    pub commands: CommandsReport,
    /// What to type next, in order, from the directory scaffold ran in.
    pub next_steps: Vec<String>,
    /// The ranking, exactly as `scaffold recommend --json` prints it.
    pub recommendation: RecommendationReport<'a>,
}

/// One planned file, for `--dry-run --json`.
#[derive(Debug, Clone, Serialize)]
pub struct PlanEntry<'a> {
    pub path: &'a str,
    /// The Unix mode in octal, as `ls -l` would show it: `644`, `755`, `600`.
    pub mode: String,
    /// False for files git must never hold (the `.env` with the secret).
    pub committed: bool,
}

/// The first commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GitReport {
    pub branch: String,
    /// The full commit id (40 hex digits).
    pub commit: String,
}

/// The starter's install, test and run commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandsReport {
    pub install: String,
    pub test: String,
    pub run: String,
}

/// The outcome of `--install`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstallReport {
    /// The install command that ran: the README's, or its uv form (which
    /// the README gives too) when `uv` is on PATH.
    pub command: String,
    pub ok: bool,
    /// The file holding the tools' output (in the system's temp directory).
    pub log: String,
    /// How long it took, in seconds (one decimal).
    pub seconds: f64,
}

impl InstallReport {
    /// The JSON view of what `--install` did.
    pub fn new(outcome: &InstallOutcome) -> InstallReport {
        InstallReport {
            command: outcome.command.clone(),
            ok: outcome.failure.is_none(),
            log: outcome.log.display().to_string(),
            seconds: (outcome.seconds * 10.0).round() / 10.0,
        }
    }
}

/// What [`NewReport::new`] needs.
pub struct ReportInput<'a> {
    /// The target as the user typed it (for `cd`).
    pub target: &'a Path,
    /// The target made absolute.
    pub absolute: &'a Path,
    pub plan: &'a Plan,
    pub decision: &'a Decision,
    pub dry_run: bool,
    /// The OS the commands are spelled for.
    pub host: HostOs,
    pub commit: Option<&'a Commit>,
    pub install: Option<InstallReport>,
}

impl<'a> NewReport<'a> {
    pub fn new(input: ReportInput<'a>) -> NewReport<'a> {
        let plan = input.plan;
        let decision = input.decision;
        let commands = commands(plan.framework, &plan.package, input.host);
        let installed = input.install.as_ref().is_some_and(|install| install.ok);
        NewReport {
            dry_run: input.dry_run,
            path: input.absolute.display().to_string(),
            framework: plan.framework,
            package: &plan.package,
            choice: decision.source,
            features: &decision.features,
            files: plan.files.iter().map(|file| file.path.as_str()).collect(),
            plan: input.dry_run.then(|| {
                plan.files
                    .iter()
                    .map(|file| PlanEntry {
                        path: &file.path,
                        mode: format!("{:o}", file.mode()),
                        committed: file.committed,
                    })
                    .collect()
            }),
            git: input.commit.map(|commit| GitReport {
                branch: commit.branch.clone(),
                commit: commit.id.clone(),
            }),
            adr: Some(plan.decision_record()),
            next_steps: with_setup(next_steps(input.target, &commands, installed), decision),
            install: input.install,
            commands,
            recommendation: RecommendationReport::new(
                &decision.answers,
                &decision.defaulted,
                &decision.recommendation,
            ),
        }
    }

    /// Pretty-printed JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("the report always serializes");
        json.push('\n');
        json
    }

    /// The commit id shortened as git shows it.
    pub fn short_commit(&self) -> Option<&str> {
        self.git
            .as_ref()
            .map(|git| &git.commit[..12.min(git.commit.len())])
    }
}

/// The starter's commands, with the package filled in, from the framework
/// table, spelled for the host (`.venv\Scripts\` on Windows).
pub fn commands(framework: Framework, package: &str, host: HostOs) -> CommandsReport {
    let facts = framework.facts().commands;
    CommandsReport {
        install: host.spell(facts.install),
        test: host.spell(facts.test),
        run: host.spell(&framework.run_command(package)),
    }
}

/// `cd` into the project, install (unless `--install` did), test, run.
pub fn next_steps(target: &Path, commands: &CommandsReport, installed: bool) -> Vec<String> {
    let mut steps = vec![format!("cd {}", shell_quote(&target.display().to_string()))];
    if !installed {
        steps.push(commands.install.clone());
    }
    steps.push(commands.test.clone());
    steps.push(commands.run.clone());
    steps
}

/// The generated layers' setup commands (the migrations), before the run
/// command, which is the last step.
fn with_setup(mut steps: Vec<String>, decision: &Decision) -> Vec<String> {
    let run = steps.pop();
    for feature in decision.features.generated_ids() {
        if let Some(command) = crate::core::features::layer(feature, decision.chosen).setup_command
        {
            steps.push(command.replace("{package}", &decision.package));
        }
    }
    steps.extend(run);
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_steps_cd_install_test_and_run_the_starter() {
        let commands = commands(Framework::Flask, "my_app", HostOs::Unix);
        assert_eq!(
            next_steps(Path::new("my app"), &commands, false),
            vec![
                "cd 'my app'".to_owned(),
                "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt".to_owned(),
                ".venv/bin/pytest".to_owned(),
                ".venv/bin/flask --app my_app run --port 5000".to_owned(),
            ]
        );
    }

    #[test]
    fn a_successful_install_drops_the_install_step() {
        let commands = commands(Framework::Express, "svc", HostOs::Unix);
        assert_eq!(
            next_steps(Path::new("svc"), &commands, true),
            vec!["cd svc", "npm test", "npm start"]
        );
    }

    #[test]
    fn on_windows_next_steps_use_python_and_the_scripts_folder() {
        let django = commands(Framework::Django, "my_app", HostOs::Windows);
        assert_eq!(
            next_steps(Path::new("my-app"), &django, false),
            vec![
                "cd my-app",
                "python -m venv .venv && .venv\\Scripts\\pip install -r requirements-dev.txt",
                ".venv\\Scripts\\pytest",
                ".venv\\Scripts\\python manage.py runserver 127.0.0.1:8000",
            ]
        );
        let express = commands(Framework::Express, "svc", HostOs::Windows);
        assert_eq!(
            next_steps(Path::new("svc"), &express, false),
            vec!["cd svc", "npm ci", "npm test", "npm start"]
        );
    }
}
