//! What `scaffold doctor` found, as data (serialized for `--json`) and as
//! text for a person.

use crate::core::framework::Framework;
use serde::Serialize;
use std::fmt::Write as _;

/// The verdict on one tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Missing,
    TooOld,
    /// Present but failing (e.g. Python without `ensurepip`).
    Broken,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Missing => "missing",
            Status::TooOld => "too old",
            Status::Broken => "broken",
        }
    }
}

/// One tool, as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolCheck {
    /// `python3`, `venv`, `pip`, `node`, `npm` or `git`.
    pub name: &'static str,
    /// The command doctor ran to find it.
    pub command: String,
    pub status: Status,
    pub version: Option<String>,
    /// The oldest version the starters accept, when there is one.
    pub minimum: Option<String>,
    /// Anything worth knowing: a failure's last line, an untested version.
    pub note: Option<String>,
}

/// Whether one starter can be installed, tested and run here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StarterCheck {
    pub framework: Framework,
    pub runnable: bool,
    /// The tools it needs.
    pub needs: Vec<&'static str>,
    /// Those among them that are not usable.
    pub missing: Vec<&'static str>,
}

/// What `scaffold doctor` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoctorReport {
    /// True when every starter can run here.
    pub ok: bool,
    pub tools: Vec<ToolCheck>,
    pub starters: Vec<StarterCheck>,
}

impl DoctorReport {
    /// The tools that keep some starter from running, in table order.
    pub fn missing_tools(&self) -> Vec<&'static str> {
        self.tools
            .iter()
            .map(|tool| tool.name)
            .filter(|name| {
                self.starters
                    .iter()
                    .any(|starter| starter.missing.contains(name))
            })
            .collect()
    }

    /// The report as text, for a person.
    pub fn text(&self) -> String {
        let mut text = String::from("Toolchains:\n");
        for tool in &self.tools {
            let mut line = format!(
                "  {:<8} {:<8} {:<9}",
                tool.status.word(),
                tool.name,
                tool.version.as_deref().unwrap_or("-")
            );
            let mut remarks = Vec::new();
            if let Some(minimum) = &tool.minimum {
                remarks.push(format!("needs {minimum}+"));
            }
            if let Some(note) = &tool.note {
                remarks.push(note.clone());
            }
            if !remarks.is_empty() {
                line.push(' ');
                line.push_str(&remarks.join("; "));
            }
            let _ = writeln!(text, "{}", line.trim_end());
        }
        text.push_str("Starters:\n");
        for starter in &self.starters {
            let verdict = if starter.runnable {
                "can be installed, tested and run here".to_owned()
            } else {
                format!("needs {}", starter.missing.join(", "))
            };
            let _ = writeln!(
                text,
                "  {:<8} {:<8} {verdict}",
                if starter.runnable { "ok" } else { "no" },
                starter.framework.id(),
            );
        }
        text
    }
}
