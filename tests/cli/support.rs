//! Test helpers: a sandbox per test, the `scaffold` command inside it, and
//! readers for the generated trees.

#![allow(dead_code)] // each test module uses its own subset

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

/// 2026-01-15, so dates in generated files are fixed.
pub const SOURCE_DATE_EPOCH: &str = "1768435200";

/// A temporary working directory with its own HOME: no test reads the
/// developer's git configuration or writes outside its sandbox.
pub struct Sandbox {
    root: TempDir,
}

impl Sandbox {
    /// A sandbox whose git has no identity, like a fresh CI machine.
    pub fn new() -> Sandbox {
        let root = tempfile::Builder::new()
            .prefix("scaffold-test-")
            .tempdir()
            .expect("a temporary directory");
        fs::create_dir_all(root.path().join("home/.config")).expect("home");
        fs::create_dir_all(root.path().join("work")).expect("work");
        Sandbox { root }
    }

    /// A sandbox whose git knows who the user is.
    pub fn with_git_identity() -> Sandbox {
        let sandbox = Sandbox::new();
        sandbox.write_gitconfig("[user]\n\tname = Test User\n\temail = test@example.com\n");
        sandbox
    }

    pub fn write_gitconfig(&self, text: &str) {
        fs::write(self.home().join(".gitconfig"), text).expect("write .gitconfig");
    }

    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// The working directory commands run in.
    pub fn work(&self) -> PathBuf {
        self.root.path().join("work")
    }

    /// A path inside the working directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.work().join(relative)
    }

    /// `scaffold` with the sandbox's environment, run in `work/`.
    pub fn scaffold(&self) -> Command {
        let mut command = Command::cargo_bin("scaffold").expect("the scaffold binary");
        self.isolate(&mut command);
        command.timeout(Duration::from_secs(120));
        command
    }

    /// `git` with the sandbox's environment.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("git prints UTF-8")
    }

    /// `scaffold` as a plain `std::process::Command`, for tests that spawn
    /// it (to signal it, or to point its streams at special files).
    pub fn spawnable(&self) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("scaffold"));
        command
            .current_dir(self.work())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            .env("NO_COLOR", "1")
            .env("TERM", "dumb");
        command
    }

    fn isolate(&self, command: &mut Command) {
        command
            .current_dir(self.work())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            .env("NO_COLOR", "1")
            .env("TERM", "dumb");
    }

    /// Names in the working directory, sorted (to spot leftovers).
    pub fn work_entries(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.work())
            .expect("read work")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

/// The Python interpreter's name here: Windows' installers (and CI's
/// setup-python) add no `python3`.
pub const PYTHON: &str = if cfg!(windows) { "python" } else { "python3" };

/// Every file under `dir` (but `.git`), as `mode path` lines, sorted
/// (Unix: Windows files have no mode).
#[cfg(unix)]
pub fn tree(dir: &Path) -> String {
    let mut lines = Vec::new();
    walk(dir, dir, &mut lines);
    lines.sort();
    lines.join("\n") + "\n"
}

#[cfg(unix)]
fn walk(root: &Path, dir: &Path, lines: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        let path = entry.path();
        let relative = path
            .strip_prefix(root)
            .expect("inside root")
            .to_string_lossy()
            .into_owned();
        if relative == ".git" {
            continue;
        }
        let metadata = fs::symlink_metadata(&path).expect("metadata");
        if metadata.is_dir() {
            walk(root, &path, lines);
        } else {
            lines.push(format!("{:o} {relative}", mode(&metadata)));
        }
    }
}

#[cfg(unix)]
pub fn mode(metadata: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o777
}

/// Every file under `dir` but `.git`, with contents, for byte comparisons.
pub fn snapshot_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    files
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        let relative = path
            .strip_prefix(root)
            .expect("inside root")
            .to_string_lossy()
            .into_owned();
        if relative == ".git" {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            files.push((relative, fs::read(&path).expect("read file")));
        }
    }
}

/// The text of a generated file.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// A command line's words, for arguments with no spaces in them:
/// `words("new svc --yes")` is `["new", "svc", "--yes"]`.
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Whether this test may do what only root may (mount a tmpfs, chown to
/// another user). When not root, it says so on the terminal, past the test
/// harness's capture, and the caller returns: everything else in the suite
/// runs as an ordinary user.
#[cfg(unix)]
pub fn root_for(test: &str, because: &str) -> bool {
    use std::io::Write;
    if rustix::process::geteuid().is_root() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr(),
        "NEEDS ROOT, NOT RUN: {test} ({because}); run the tests as root to include it"
    );
    false
}

/// Waits, a minute at most, until a step a test is about to interrupt has
/// started and written its pid to `pid_file`; returns that pid.
#[cfg(unix)]
pub fn started_pid(pid_file: &Path, step: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !pid_file.exists() {
        assert!(std::time::Instant::now() < deadline, "{step} never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    fs::read_to_string(pid_file).expect("pid")
}

/// Sends `signal` (`-TERM`, `-HUP`, `-INT`) to a running scaffold and
/// returns what it printed, once it has exited: within 15 s, with status 130.
#[cfg(unix)]
pub fn interrupted(mut child: std::process::Child, signal: &str) -> std::process::Output {
    let sent = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let signalled = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(
            signalled.elapsed() < Duration::from_secs(15),
            "{signal} was ignored"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    assert_eq!(
        output.status.code(),
        Some(130),
        "{signal}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Whether a process is alive (a zombie is not: it only waits to be reaped).
#[cfg(unix)]
pub fn alive(pid: &str) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = &stat[stat.rfind(')')? + 1..];
            rest.split_whitespace().next().map(|state| state != "Z")
        })
        .unwrap_or(false)
}
