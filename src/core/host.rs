//! The operating system the user types commands on, and how the starters'
//! commands are spelled there. Pure: the host comes in through
//! [`crate::sys::env::Env`], so the Windows spellings are tested on any machine.
//!
//! The framework table (`framework.rs`) writes every command once, the Unix
//! way; [`HostOs::spell`] is the one place that turns it into what a Windows
//! user types: `python` for `python3`, `.venv\Scripts\` for `.venv/bin/`.

use serde::Serialize;

/// Where scaffold runs, as far as the commands it prints are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HostOs {
    /// Linux, macOS and the BSDs: `python3`, `.venv/bin/`.
    Unix,
    /// Windows: `python` (python.org's installer adds no `python3`) and
    /// `.venv\Scripts\`.
    Windows,
}

/// Where a virtualenv keeps its programs on Unix, as the table spells it.
const UNIX_VENV_BIN: &str = ".venv/bin/";
/// The same on Windows.
const WINDOWS_VENV_BIN: &str = ".venv\\Scripts\\";

impl HostOs {
    /// The operating system this binary was built for.
    pub fn current() -> HostOs {
        if cfg!(windows) {
            HostOs::Windows
        } else {
            HostOs::Unix
        }
    }

    /// The virtualenv's program folder with its trailing separator:
    /// `.venv/bin/` or `.venv\Scripts\`.
    pub fn venv_bin(self) -> &'static str {
        match self {
            HostOs::Unix => UNIX_VENV_BIN,
            HostOs::Windows => WINDOWS_VENV_BIN,
        }
    }

    /// The program to start for a tool the framework table names: on
    /// Windows, `python` for `python3`, and `npm.cmd` for `npm` (a batch
    /// file, which a process is started from only by its full name).
    pub fn program(self, tool: &'static str) -> &'static str {
        match (self, tool) {
            (HostOs::Windows, "python3") => "python",
            (HostOs::Windows, "npm") => "npm.cmd",
            _ => tool,
        }
    }

    /// A command line from the framework table, spelled for this host, word
    /// by word (the table's commands are plain words, so no quoting is lost).
    pub fn spell(self, command: &str) -> String {
        match self {
            HostOs::Unix => command.to_owned(),
            HostOs::Windows => command
                .split(' ')
                .map(|word| {
                    if word == "python3" {
                        "python".to_owned()
                    } else if let Some(program) = word.strip_prefix(UNIX_VENV_BIN) {
                        format!("{WINDOWS_VENV_BIN}{program}")
                    } else {
                        word.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_commands_are_the_table_s_own() {
        let command = "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt";
        assert_eq!(HostOs::Unix.spell(command), command);
    }

    #[test]
    fn windows_commands_use_python_and_the_scripts_folder() {
        assert_eq!(
            HostOs::Windows
                .spell("python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt"),
            "python -m venv .venv && .venv\\Scripts\\pip install -r requirements-dev.txt"
        );
        assert_eq!(
            HostOs::Windows.spell(".venv/bin/flask --app my_app run --port 5000"),
            ".venv\\Scripts\\flask --app my_app run --port 5000"
        );
        assert_eq!(HostOs::Windows.spell("npm ci"), "npm ci");
    }

    #[test]
    fn windows_starts_python_and_npm_cmd_for_the_table_s_tools() {
        assert_eq!(HostOs::Windows.program("python3"), "python");
        assert_eq!(HostOs::Windows.program("npm"), "npm.cmd");
        assert_eq!(HostOs::Windows.program("git"), "git");
        assert_eq!(HostOs::Unix.program("python3"), "python3");
        assert_eq!(HostOs::Unix.program("npm"), "npm");
    }

    #[test]
    fn only_whole_words_are_respelled() {
        assert_eq!(
            HostOs::Windows.spell("echo python3.11 src/.venv/bin/x"),
            "echo python3.11 src/.venv/bin/x"
        );
    }
}
