//! Day two for real: a plain starter, a change of the team's own, then
//! `scaffold add` of every layer the framework has, with `--commit`; the result installs as its
//! README says and passes the starter's own tests on SQLite and on a real
//! PostgreSQL, with the team's change still there.

use super::database::Postgres;
use super::{passed_count, require, Project};
use std::process::Command;

struct Steps {
    framework: &'static str,
    layers: &'static [&'static str],
    install: &'static str,
    migrate: &'static str,
    test: &'static str,
    /// Where the tests find their database on PostgreSQL.
    test_database_variable: &'static str,
    /// The starter's own tests, at least, once the layers are in.
    min_tests: usize,
    /// A file of the team's own, beside the starter's tests.
    own_test: (&'static str, &'static str),
}

fn output_text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn git(project: &Project, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(&project.root)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        output_text(&output)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn add_layers_then_test(steps: &Steps) {
    let project = super::generate_with(steps.framework, "later", &[]);
    let (path, text) = steps.own_test;
    std::fs::write(project.root.join(path), text).expect("write the team's test");
    git(&project, &["add", path]);
    git(
        &project,
        &[
            "-c",
            "user.name=E2E",
            "-c",
            "user.email=e2e@example.com",
            "commit",
            "-qm",
            "Our own test",
        ],
    );

    let added = Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .arg("add")
        .args(steps.layers)
        .args(["--commit", "--quiet"])
        .current_dir(&project.root)
        .env("GIT_AUTHOR_NAME", "E2E")
        .env("GIT_AUTHOR_EMAIL", "e2e@example.com")
        .output()
        .expect("scaffold runs");
    assert!(
        added.status.success(),
        "scaffold add: {}",
        output_text(&added)
    );
    assert_eq!(
        git(&project, &["status", "--porcelain"]),
        "",
        "committed and clean"
    );
    assert_eq!(
        std::fs::read_to_string(project.root.join(path)).expect("read"),
        text
    );
    let manifest = std::fs::read_to_string(project.root.join(".scaffold.toml")).expect("manifest");
    for layer in steps.layers {
        assert!(
            manifest.contains(&format!("\"{layer}\"")),
            "{layer}: {manifest}"
        );
    }

    // SQLite, as the README says.
    let readme = project.readme();
    for command in [steps.install, steps.migrate, steps.test] {
        assert!(
            readme.contains(command),
            "README.md does not give `{command}`"
        );
    }
    project.sh(steps.install);
    project.sh(steps.migrate);
    let tests = output_text(&project.sh(steps.test));
    assert!(
        passed_count(&tests) >= steps.min_tests,
        "{}: fewer than {} tests passed on SQLite after `scaffold add`:\n{tests}",
        steps.framework,
        steps.min_tests
    );

    // PostgreSQL: the same migrations and tests.
    let postgres = Postgres::start();
    let url = postgres.create_database("later");
    let test_url = if steps.test_database_variable == "DATABASE_URL" {
        url.clone()
    } else {
        postgres.create_database("later_test")
    };
    project.sh_with(steps.migrate, &[("DATABASE_URL", url.as_str())]);
    let tests = output_text(&project.sh_with(
        steps.test,
        &[
            ("DATABASE_URL", url.as_str()),
            (steps.test_database_variable, test_url.as_str()),
        ],
    ));
    assert!(
        passed_count(&tests) >= steps.min_tests,
        "{}: fewer than {} tests passed on PostgreSQL after `scaffold add`:\n{tests}",
        steps.framework,
        steps.min_tests
    );
}

#[test]
fn django_after_scaffold_add_of_every_layer_passes_its_tests_on_sqlite_and_postgresql() {
    require("python3");
    add_layers_then_test(&Steps {
        framework: "django",
        layers: &["orm", "auth", "admin", "realtime", "data"],
        install: "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt",
        migrate: ".venv/bin/python manage.py migrate",
        test: ".venv/bin/pytest",
        test_database_variable: "DATABASE_URL",
        min_tests: 30,
        own_test: (
            "core/tests/test_ours.py",
            "def test_ours():\n    assert True\n",
        ),
    });
}

#[test]
fn flask_after_scaffold_add_of_every_layer_passes_its_tests_on_sqlite_and_postgresql() {
    require("python3");
    add_layers_then_test(&Steps {
        framework: "flask",
        layers: &["orm", "auth", "admin", "realtime", "data"],
        install: "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt",
        migrate: ".venv/bin/flask --app later db upgrade",
        test: ".venv/bin/pytest",
        test_database_variable: "TEST_DATABASE_URL",
        min_tests: 30,
        own_test: ("tests/test_ours.py", "def test_ours():\n    assert True\n"),
    });
}

#[test]
fn express_after_scaffold_add_of_every_layer_it_has_passes_its_tests_on_sqlite_and_postgresql() {
    require("node");
    require("npm");
    add_layers_then_test(&Steps {
        framework: "express",
        layers: &["orm", "auth", "realtime"],
        install: "npm ci",
        migrate: "npm run migrate",
        test: "npm test",
        test_database_variable: "TEST_DATABASE_URL",
        min_tests: 25,
        own_test: (
            "test/ours.test.js",
            "const test = require('node:test');\ntest('ours', () => {});\n",
        ),
    });
}
