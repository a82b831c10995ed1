//! The three frameworks scaffold can generate, and the facts about each one:
//! language, the pins of its starter, the runtimes it supports and the
//! commands that install, test and run it. Pure data: `doctor`, the README
//! templates, the summary and the ADR all read this one table.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A backend framework scaffold can generate a starter for.
///
/// The declaration order is the tie-break order of the recommendation.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    Django,
    Flask,
    Express,
}

/// The language a starter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    JavaScript,
}

/// A runtime a starter needs, with the oldest version its pins accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Runtime {
    /// The command that reports the version: `python3` or `node`.
    pub command: &'static str,
    /// The oldest supported version, as (major, minor).
    pub min_version: (u32, u32),
    /// The versions the starter's own CI matrix tests, oldest first.
    pub tested: &'static [&'static str],
    /// Supported versions whose upstream support ends or ended, with the
    /// date (YYYY-MM-DD): doctor warns past it, but still accepts them.
    pub end_of_life: &'static [((u32, u32), &'static str)],
}

/// A pinned dependency of a starter (a layer's are read from its
/// `template.toml`, where `dev` defaults to false).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub name: &'static str,
    pub version: &'static str,
    /// Only needed to run the tests, not in production.
    #[serde(default)]
    pub dev: bool,
}

/// The shell commands a developer types in a generated repo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Commands {
    /// The README's install command: the language's own tools (venv and pip).
    pub install: &'static str,
    /// The same install with uv, which `--install` and `compare` use when
    /// `uv` is on PATH (Python only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install_with_uv: Option<&'static str>,
    pub test: &'static str,
    pub run: &'static str,
}

/// How the starter runs in production, as its README documents it: the
/// one-off steps first (static files, migrations), then the server, which
/// listens on `HOST:PORT` from the environment. `{package}` is the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Production {
    pub prepare: &'static [&'static str],
    /// The one-off steps the ORM layer adds (its migrations), after `prepare`.
    pub prepare_orm: &'static [&'static str],
    /// Plain words (no shell); `NODE_ENV=production`-style settings are in `env`.
    pub serve: &'static str,
    /// The server when the real-time layer is on, if it differs (WebSockets
    /// need an ASGI server, or one process); `{port}` is the port.
    pub serve_realtime: Option<&'static str>,
    pub env: &'static [(&'static str, &'static str)],
}

/// Everything scaffold knows about one framework's starter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub display_name: &'static str,
    pub language: Language,
    pub runtime: Runtime,
    /// The package manager the install step needs (`pip` inside a venv, or `npm`).
    pub package_manager: &'static str,
    /// The oldest package manager version the starter works with, as
    /// (major, minor), when it matters (npm 7 reads lockfileVersion 3).
    pub package_manager_min: Option<(u32, u32)>,
    pub pins: &'static [Pin],
    pub commands: Commands,
    pub production: Production,
    /// One line saying what the framework is, for summaries and the ADR.
    pub summary: &'static str,
    pub docs_url: &'static str,
}

// The upstream-supported releases as of 2026-11-27. The declared minimum
// (`min_version` below) is the oldest of them that a current stable Linux
// distribution also ships: Python 3.11 (RHEL 9, Debian 12), Node.js 22
// (RHEL 10, Fedora).
const PYTHON_TESTED: &[&str] = &["3.11", "3.12", "3.13", "3.14"];
const NODE_TESTED: &[&str] = &["22", "24", "26"];
// Upstream end-of-life dates: python.org's release cycle (five years, in
// October) and Node.js's release schedule (30 months after the first release).
const PYTHON_END_OF_LIFE: &[((u32, u32), &str)] = &[
    ((3, 11), "2027-10-31"),
    ((3, 12), "2028-10-31"),
    ((3, 13), "2029-10-31"),
    ((3, 14), "2030-10-31"),
];
const NODE_END_OF_LIFE: &[((u32, u32), &str)] = &[
    ((22, 0), "2027-04-30"),
    ((24, 0), "2028-04-30"),
    ((26, 0), "2029-04-30"),
];

const PYTHON_INSTALL: &str =
    "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt";
/// uv's venv and pip, on the same `python3` (it never downloads a Python).
const PYTHON_INSTALL_WITH_UV: &str = "uv venv --python python3 --no-python-downloads .venv && uv pip install --python .venv/bin/python -r requirements-dev.txt";
const PYTHON_TEST: &str = ".venv/bin/pytest";

static DJANGO: Facts = Facts {
    display_name: "Django",
    language: Language::Python,
    runtime: Runtime {
        command: "python3",
        min_version: (3, 11),
        tested: PYTHON_TESTED,
        end_of_life: PYTHON_END_OF_LIFE,
    },
    package_manager: "pip",
    package_manager_min: None,
    pins: &[
        Pin { name: "Django", version: "5.2.19", dev: false },
        Pin { name: "gunicorn", version: "27.0.1", dev: false },
        Pin { name: "whitenoise", version: "6.12.0", dev: false },
        Pin { name: "python-dotenv", version: "1.2.4", dev: false },
        Pin { name: "django-csp", version: "4.0", dev: false },
        Pin { name: "pytest", version: "9.2.0", dev: true },
        Pin { name: "pytest-django", version: "4.14.0", dev: true },
        Pin { name: "ruff", version: "0.17.6", dev: true },
    ],
    commands: Commands {
        install: PYTHON_INSTALL,
        install_with_uv: Some(PYTHON_INSTALL_WITH_UV),
        test: PYTHON_TEST,
        run: ".venv/bin/python manage.py runserver 127.0.0.1:8000",
    },
    production: Production {
        prepare: &[
            ".venv/bin/python manage.py collectstatic --noinput",
            ".venv/bin/python manage.py migrate",
        ],
        prepare_orm: &[],
        serve: ".venv/bin/gunicorn {package}.wsgi",
        // gunicorn.conf.py picks uvicorn's workers and reads PORT.
        serve_realtime: Some(".venv/bin/gunicorn {package}.asgi:application"),
        env: &[],
    },
    summary: "a batteries-included Python web framework with an ORM, migrations, an admin site and authentication",
    docs_url: "https://docs.djangoproject.com/en/5.2/",
};

static FLASK: Facts = Facts {
    display_name: "Flask",
    language: Language::Python,
    runtime: Runtime {
        command: "python3",
        min_version: (3, 11),
        tested: PYTHON_TESTED,
        end_of_life: PYTHON_END_OF_LIFE,
    },
    package_manager: "pip",
    package_manager_min: None,
    pins: &[
        Pin {
            name: "Flask",
            version: "3.1.3",
            dev: false,
        },
        Pin {
            name: "gunicorn",
            version: "27.0.1",
            dev: false,
        },
        Pin {
            name: "python-dotenv",
            version: "1.2.4",
            dev: false,
        },
        Pin {
            name: "pytest",
            version: "9.2.0",
            dev: true,
        },
        Pin {
            name: "ruff",
            version: "0.17.6",
            dev: true,
        },
    ],
    commands: Commands {
        install: PYTHON_INSTALL,
        install_with_uv: Some(PYTHON_INSTALL_WITH_UV),
        test: PYTHON_TEST,
        run: ".venv/bin/flask --app {package} run --port 5000",
    },
    production: Production {
        prepare: &[],
        prepare_orm: &[".venv/bin/flask --app {package} db upgrade"],
        serve: ".venv/bin/gunicorn {package}:create_app()",
        serve_realtime: Some(".venv/bin/gunicorn --workers 1 --threads 100 {package}:create_app()"),
        env: &[],
    },
    summary:
        "a small Python micro-framework: routing and templates, with everything else chosen by you",
    docs_url: "https://flask.palletsprojects.com/en/stable/",
};

static EXPRESS: Facts = Facts {
    display_name: "Express",
    language: Language::JavaScript,
    runtime: Runtime {
        command: "node",
        min_version: (22, 0),
        tested: NODE_TESTED,
        end_of_life: NODE_END_OF_LIFE,
    },
    package_manager: "npm",
    package_manager_min: Some((7, 0)),
    pins: &[
        Pin {
            name: "express",
            version: "5.3.0",
            dev: false,
        },
        Pin {
            name: "helmet",
            version: "8.3.0",
            dev: false,
        },
        Pin {
            name: "morgan",
            version: "1.12.1",
            dev: false,
        },
        // Alphabetical, as npm writes package.json, so that the first
        // `npm install` leaves it unchanged.
        Pin {
            name: "@eslint/js",
            version: "10.0.1",
            dev: true,
        },
        Pin {
            name: "eslint",
            version: "10.16.0",
            dev: true,
        },
        Pin {
            name: "globals",
            version: "17.15.0",
            dev: true,
        },
        Pin {
            name: "supertest",
            version: "7.3.2",
            dev: true,
        },
    ],
    commands: Commands {
        install: "npm ci",
        install_with_uv: None,
        test: "npm test",
        run: "npm start",
    },
    production: Production {
        prepare: &[],
        prepare_orm: &["npm run migrate"],
        serve: "node server.js",
        serve_realtime: None,
        env: &[("NODE_ENV", "production")],
    },
    summary: "a minimal Node.js web framework on a non-blocking, event-driven runtime",
    docs_url: "https://expressjs.com/",
};

impl Framework {
    /// Every framework, in declaration (tie-break) order.
    pub const ALL: [Framework; 3] = [Framework::Django, Framework::Flask, Framework::Express];

    /// The facts table entry for this framework.
    pub fn facts(self) -> &'static Facts {
        match self {
            Framework::Django => &DJANGO,
            Framework::Flask => &FLASK,
            Framework::Express => &EXPRESS,
        }
    }

    /// The lowercase identifier used by `--framework`, JSON output and answers files.
    pub fn id(self) -> &'static str {
        match self {
            Framework::Django => "django",
            Framework::Flask => "flask",
            Framework::Express => "express",
        }
    }

    pub fn display_name(self) -> &'static str {
        self.facts().display_name
    }

    pub fn language(self) -> Language {
        self.facts().language
    }

    /// The run command with the package name filled in.
    pub fn run_command(self, package: &str) -> String {
        self.facts().commands.run.replace("{package}", package)
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Language::Python => "Python",
            Language::JavaScript => "JavaScript",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framework_has_runtime_and_test_pins() {
        for framework in Framework::ALL {
            let facts = framework.facts();
            assert!(
                facts.pins.iter().any(|pin| pin.dev),
                "{framework} has no test pin"
            );
            assert!(
                facts.pins.iter().any(|pin| !pin.dev),
                "{framework} has no runtime pin"
            );
            assert!(!facts.runtime.tested.is_empty());
        }
    }

    /// The README of each starter documents the same production commands
    /// `scaffold compare` runs.
    #[test]
    fn every_readme_documents_the_production_commands_of_the_table() {
        for framework in Framework::ALL {
            let readme = match framework {
                Framework::Django => include_str!("../../templates/django/README.md.hbs"),
                Framework::Flask => include_str!("../../templates/flask/README.md.hbs"),
                Framework::Express => include_str!("../../templates/express/README.md.hbs"),
            };
            let production = framework.facts().production;
            // The README quotes the Flask app factory for the shell.
            let serve = production
                .serve
                .replace("{package}", "{{package}}")
                .replace("{{package}}:create_app()", "'{{package}}:create_app()'");
            let env: String = production
                .env
                .iter()
                .map(|(key, value)| format!("{key}={value} "))
                .collect();
            let serve = format!("{env}{serve}");
            for command in production.prepare.iter().copied().chain([serve.as_str()]) {
                assert!(readme.contains(command), "{framework}: {command}");
            }
            // The ORM layer's migrations, under the README's `features.orm`.
            for command in production.prepare_orm {
                let command = command.replace("{package}", "{{package}}");
                assert!(
                    readme.contains(&format!("{{{{#if features.orm}}}}\n{command}\n")),
                    "{framework}: {command}"
                );
            }
            // With the real-time layer, the README's server on its port 8000.
            if let Some(realtime) = production.serve_realtime {
                let realtime = realtime
                    .replace("{port}", "8000")
                    .replace("{package}", "{{package}}")
                    .replace("{{package}}:create_app()", "'{{package}}:create_app()'");
                assert!(readme.contains(&realtime), "{framework}: {realtime}");
            }
        }
    }

    #[test]
    fn flask_run_command_names_the_package() {
        assert_eq!(
            Framework::Flask.run_command("my_app"),
            ".venv/bin/flask --app my_app run --port 5000"
        );
    }
}
