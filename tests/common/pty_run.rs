//! Running `scaffold` on a pseudo-terminal, shared by the `pty` and
//! `terminal` test binaries: a sandbox with its own HOME, and the session's
//! output and exit code once it ends.

#![allow(dead_code)] // each binary uses its own subset

use expectrl::process::unix::WaitStatus;
pub use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// A temporary working directory with its own HOME.
pub struct Run {
    dir: tempfile::TempDir,
}

impl Run {
    pub fn new() -> Run {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("home")).expect("home");
        std::fs::create_dir_all(dir.path().join("work")).expect("work");
        Run { dir }
    }

    pub fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// `scaffold <args>` on a pseudo-terminal with a colour-capable TERM and
    /// CI unset, so it may prompt and draw; `extra` adds variables.
    pub fn spawn(&self, args: &[&str], extra: &[(&str, &str)]) -> Session {
        let mut command = Command::new(env!("CARGO_BIN_EXE_scaffold"));
        command
            .args(args)
            .current_dir(self.work())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("home/.config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Pty Tester")
            .env("GIT_AUTHOR_EMAIL", "pty@example.com")
            .env("SOURCE_DATE_EPOCH", "1768435200")
            .env("TERM", "xterm-256color");
        for (name, value) in extra {
            command.env(name, value);
        }
        let mut session = Session::spawn(command).expect("spawn on a pty");
        session.set_expect_timeout(Some(Duration::from_secs(120)));
        session
    }

    /// The text of a file under the working directory.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.work().join(relative))
            .unwrap_or_else(|error| panic!("{relative}: {error}"))
    }

    /// Whether nothing at all was written in the working directory.
    pub fn is_empty(&self) -> bool {
        std::fs::read_dir(self.work())
            .expect("work")
            .next()
            .is_none()
    }
}

/// Everything the program printed until it ended, and its exit code.
pub fn finish(session: &mut Session) -> (String, i32) {
    let output = session
        .expect(Eof)
        .map(|captures| captures.as_bytes().to_vec())
        .unwrap_or_default();
    let code = match session.get_process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected status {other:?}"),
    };
    (String::from_utf8_lossy(&output).into_owned(), code)
}
