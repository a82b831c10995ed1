//! `scaffold new --install`: runs the starter's install command (from the
//! framework table) inside the new repo, one `&&` step at a time, with a
//! spinner at a terminal and plain step lines elsewhere.
//!
//! The tools' output goes to a log file in the system's temp directory, not
//! into the repo: a log inside it would dirty `git status` (and `npm ci`
//! deletes `node_modules/` before it starts). The log is kept either way;
//! a failure names it, and leaves the complete repo in place.
//!
//! Below `error`: it owns its failures ([`InstallFailed`], [`InstallCause`],
//! [`LogError`]), which `Error` wraps, and prints nothing itself: the caller
//! shows the steps through [`Progress`] (`output` implements it).

use crate::core::framework::Framework;
use crate::core::host::HostOs;
use crate::sys::cancel;
use crate::sys::platform;
use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// A step of the install failed: the project it ran in (complete, and
/// kept), the command, the log holding the tools' output, and why.
#[derive(Debug, thiserror::Error)]
#[error("`{command}` failed in {}", project.display())]
pub struct InstallFailed {
    /// The generated project, complete and in place.
    pub project: PathBuf,
    pub command: String,
    /// The file holding the tool's output.
    pub log: PathBuf,
    #[source]
    pub cause: InstallCause,
}

/// The log file could not be created or written: what was being done, and
/// where. It becomes `Error::Io`, like any other disk failure.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}", path.display())]
pub struct LogError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// How the steps are shown while they run (a spinner at a terminal, step
/// lines elsewhere): `output` decides, this module only reports.
pub trait Progress {
    /// A step starts; `text` is its command line.
    fn started(&mut self, text: &str);
    /// The step ended after `seconds`; a failed step is reported by the
    /// caller later, with the summary.
    fn ended(&mut self, text: &str, seconds: f64, succeeded: bool);
}

/// Why an install step failed.
#[derive(Debug, thiserror::Error)]
pub enum InstallCause {
    #[error("`{program}` was not found on PATH")]
    NotFound { program: String },
    #[error("could not start `{program}`")]
    Spawn {
        program: String,
        #[source]
        source: io::Error,
    },
    #[error("`{step}` exited with {}", exit_text(*.code))]
    Exited { step: String, code: Option<i32> },
    #[error("interrupted")]
    Interrupted,
}

fn exit_text(code: Option<i32>) -> String {
    code.map_or_else(
        || "no status (killed by a signal)".to_owned(),
        |code| format!("status {code}"),
    )
}

/// What `--install` did.
#[derive(Debug)]
pub struct InstallOutcome {
    pub command: String,
    pub log: PathBuf,
    pub seconds: f64,
    pub failure: Option<InstallCause>,
}

impl InstallOutcome {
    /// The failure, naming the project and the log.
    ///
    /// # Errors
    /// [`InstallFailed`] when a step failed.
    pub fn into_result(self, project: &Path) -> Result<(), InstallFailed> {
        match self.failure {
            None => Ok(()),
            Some(cause) => Err(InstallFailed {
                project: project.to_path_buf(),
                command: self.command,
                log: self.log,
                cause,
            }),
        }
    }
}

/// The install command for `framework` on this machine: with uv when the
/// framework has one and `path` (PATH) holds `uv` (a cold Flask install
/// takes about a second, against pip's ten), else the README's command.
pub fn install_command(framework: Framework, host: HostOs, path: Option<&OsStr>) -> String {
    let commands = framework.facts().commands;
    let chosen = match commands.install_with_uv {
        Some(with_uv) if on_path("uv", host, path) => with_uv,
        _ => commands.install,
    };
    host.spell(chosen)
}

/// Whether a folder of `path` holds the program.
fn on_path(program: &str, host: HostOs, path: Option<&OsStr>) -> bool {
    let file = match host {
        HostOs::Windows => format!("{program}.exe"),
        HostOs::Unix => program.to_owned(),
    };
    path.map(std::env::split_paths)
        .into_iter()
        .flatten()
        .any(|dir| dir.join(&file).is_file())
}

/// The install command split into steps, each a program and its arguments.
/// The table's commands are plain words joined by `&&`, so no shell is needed.
pub fn steps(command: &str) -> Vec<Vec<&str>> {
    command
        .split("&&")
        .map(|step| step.split_whitespace().collect::<Vec<_>>())
        .filter(|words| !words.is_empty())
        .collect()
}

/// Runs the framework's install command in `project`, telling `progress`
/// about each step.
///
/// # Errors
/// A [`LogError`] when the log file cannot be created or written. A failing
/// step is not an error here: it is in [`InstallOutcome::failure`], so the
/// caller can report the finished repo first.
pub fn install(
    project: &Path,
    framework: Framework,
    host: HostOs,
    progress: &mut dyn Progress,
) -> Result<InstallOutcome, LogError> {
    let command = install_command(framework, host, std::env::var_os("PATH").as_deref());
    // Absolute, so that `.venv/bin/pip` resolves inside the project.
    let project = &std::path::absolute(project).unwrap_or_else(|_| project.to_path_buf());
    let (mut log, log_path) = create_log(project)?;
    let started = Instant::now();
    let mut failure = None;
    for words in steps(&command) {
        let text = words.join(" ");
        progress.started(&text);
        let step_started = Instant::now();
        let result = run_step(project, &words, host, &mut log, &log_path);
        progress.ended(&text, step_started.elapsed().as_secs_f64(), result.is_ok());
        if let Err(cause) = result {
            let _ = writeln!(log, "# failed: {cause}");
            failure = Some(cause);
            break;
        }
    }
    Ok(InstallOutcome {
        command,
        log: log_path,
        seconds: started.elapsed().as_secs_f64(),
        failure,
    })
}

/// A fresh, kept log file in the temp directory, headed with the project.
fn create_log(project: &Path) -> Result<(File, PathBuf), LogError> {
    let name = project
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let io_error = |source| LogError {
        action: "create the install log in",
        path: std::env::temp_dir(),
        source,
    };
    let (mut file, path) = tempfile::Builder::new()
        .prefix(&format!("scaffold-install-{name}-"))
        .suffix(".log")
        .tempfile()
        .map_err(io_error)?
        .keep()
        .map_err(|error| io_error(error.error))?;
    writeln!(file, "# scaffold --install in {}", project.display()).map_err(|source| LogError {
        action: "write",
        path: path.clone(),
        source,
    })?;
    Ok((file, path))
}

/// The program to start for a step's first word: a relative path
/// (`.venv/bin/pip`) is relative to the project; on Windows npm is a batch
/// file, `npm.cmd`, which is only started when named in full.
fn executable(project: &Path, program: &str, host: HostOs) -> PathBuf {
    if program.contains('/') || program.contains('\\') {
        project.join(program)
    } else if host == HostOs::Windows && program == "npm" {
        PathBuf::from("npm.cmd")
    } else {
        PathBuf::from(program)
    }
}

fn run_step(
    project: &Path,
    words: &[&str],
    host: HostOs,
    log: &mut File,
    log_path: &Path,
) -> Result<(), InstallCause> {
    let Some((&program, args)) = words.split_first() else {
        return Ok(());
    };
    let _ = writeln!(log, "$ {}", words.join(" "));
    let executable = executable(project, program, host);
    let spawn_error = |source: io::Error| {
        if source.kind() == io::ErrorKind::NotFound {
            InstallCause::NotFound {
                program: program.to_owned(),
            }
        } else {
            InstallCause::Spawn {
                program: program.to_owned(),
                source,
            }
        }
    };
    let (stdout, stderr) = log
        .try_clone()
        .and_then(|first| Ok((first, log.try_clone()?)))
        .map_err(|source| InstallCause::Spawn {
            program: format!("{program} (cannot open {})", log_path.display()),
            source,
        })?;
    let mut command = Command::new(&executable);
    // Its own group: an interrupt (Ctrl-C, SIGTERM, SIGHUP) sent to scaffold
    // alone still stops pip or npm and everything they started.
    let mut child = platform::in_own_process_group(&mut command)
        .args(args)
        .current_dir(project)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(spawn_error)?;
    let status = match platform::wait_or_stop_group(&mut child, None, &cancel::interrupted) {
        Ok(platform::Ended::Exited(status)) => status,
        Ok(_) => return Err(InstallCause::Interrupted),
        Err(source) => {
            return Err(InstallCause::Spawn {
                program: program.to_owned(),
                source,
            })
        }
    };
    if cancel::interrupted() {
        return Err(InstallCause::Interrupted);
    }
    if status.success() {
        Ok(())
    } else {
        Err(InstallCause::Exited {
            step: words.join(" "),
            code: status.code(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_commands_split_into_plain_steps() {
        assert_eq!(
            steps(Framework::Django.facts().commands.install),
            vec![
                vec!["python3", "-m", "venv", ".venv"],
                vec![".venv/bin/pip", "install", "-r", "requirements-dev.txt"],
            ]
        );
        assert_eq!(
            steps(Framework::Express.facts().commands.install),
            vec![vec!["npm", "ci"]]
        );
    }

    #[test]
    fn python_installs_use_uv_when_it_is_on_path_and_pip_otherwise() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (with_uv, without) = (dir.path().join("with"), dir.path().join("without"));
        std::fs::create_dir(&with_uv).expect("mkdir");
        std::fs::create_dir(&without).expect("mkdir");
        std::fs::write(with_uv.join("uv"), "").expect("write");
        let path = std::env::join_paths([&without, &with_uv]).expect("a PATH");
        let pip = Framework::Flask.facts().commands.install;

        assert_eq!(
            steps(&install_command(
                Framework::Flask,
                HostOs::Unix,
                Some(&path)
            )),
            vec![
                vec![
                    "uv",
                    "venv",
                    "--python",
                    "python3",
                    "--no-python-downloads",
                    ".venv"
                ],
                vec![
                    "uv",
                    "pip",
                    "install",
                    "--python",
                    ".venv/bin/python",
                    "-r",
                    "requirements-dev.txt"
                ],
            ]
        );
        assert_eq!(
            install_command(Framework::Flask, HostOs::Unix, Some(without.as_os_str())),
            pip
        );
        assert_eq!(install_command(Framework::Django, HostOs::Unix, None), pip);
        assert_eq!(
            install_command(Framework::Express, HostOs::Unix, Some(&path)),
            "npm ci"
        );
    }

    #[test]
    fn windows_installs_run_the_scripts_folder_s_pip_and_npm_cmd() {
        let command = HostOs::Windows.spell(Framework::Flask.facts().commands.install);
        assert_eq!(
            steps(&command),
            vec![
                vec!["python", "-m", "venv", ".venv"],
                vec![
                    ".venv\\Scripts\\pip",
                    "install",
                    "-r",
                    "requirements-dev.txt"
                ],
            ]
        );
        let project = Path::new("project");
        assert_eq!(
            executable(project, ".venv\\Scripts\\pip", HostOs::Windows),
            project.join(".venv\\Scripts\\pip")
        );
        assert_eq!(
            executable(project, "npm", HostOs::Windows),
            PathBuf::from("npm.cmd")
        );
        assert_eq!(
            executable(project, "npm", HostOs::Unix),
            PathBuf::from("npm")
        );
    }

    #[test]
    fn failures_name_the_step_and_status() {
        let cause = InstallCause::Exited {
            step: "npm ci".to_owned(),
            code: Some(1),
        };
        assert_eq!(cause.to_string(), "`npm ci` exited with status 1");
    }
}
