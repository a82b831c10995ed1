//! The production files of each planned starter, read the way their tools
//! read them: the Dockerfile (no Docker engine needed), the CI workflow's
//! runtime matrix and ruff's target version, against the framework table.

use super::plan::tests::{file, plan_for};
use super::Plan;
use crate::core::framework::Framework;

/// One Dockerfile instruction: its keyword (upper case) and the rest of it,
/// with `\` line continuations joined.
#[derive(Debug)]
struct Instruction {
    keyword: String,
    arguments: String,
}

fn parse_dockerfile(text: &str) -> Vec<Instruction> {
    let mut instructions = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if pending.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if let Some(continued) = trimmed.strip_suffix('\\') {
            pending.push_str(continued);
            pending.push(' ');
            continue;
        }
        pending.push_str(trimmed);
        let (keyword, arguments) = pending
            .split_once(char::is_whitespace)
            .unwrap_or((&pending, ""));
        instructions.push(Instruction {
            keyword: keyword.to_ascii_uppercase(),
            arguments: arguments.trim().to_owned(),
        });
        pending.clear();
    }
    assert!(
        pending.is_empty(),
        "the Dockerfile ends inside a continued line"
    );
    instructions
}

fn text(plan: &Plan, path: &str) -> String {
    String::from_utf8(file(plan, path).contents.clone()).expect("UTF-8")
}

fn position(instructions: &[Instruction], matches: impl Fn(&Instruction) -> bool) -> usize {
    instructions
        .iter()
        .position(matches)
        .expect("the instruction is in the Dockerfile")
}

/// An exec-form (JSON array) CMD or HEALTHCHECK command.
fn exec_form(arguments: &str) -> Vec<String> {
    serde_json::from_str(arguments)
        .unwrap_or_else(|_| panic!("not an exec-form JSON array: {arguments}"))
}

#[test]
fn every_dockerfile_builds_from_a_slim_official_image_of_a_tested_runtime() {
    for framework in Framework::ALL {
        let plan = plan_for(framework, "d", "a");
        let instructions = parse_dockerfile(&text(&plan, "Dockerfile"));
        let from: Vec<&Instruction> = instructions
            .iter()
            .filter(|i| i.keyword == "FROM")
            .collect();
        assert!(!from.is_empty(), "{framework}: no FROM");
        for stage in from {
            let image = stage.arguments.split_whitespace().next().expect("an image");
            let (name, tag) = image.split_once(':').expect("a tagged image");
            let expected = framework.facts().runtime.command.trim_end_matches('3');
            assert_eq!(name, expected, "{framework}: an official image");
            let version = tag.strip_suffix("-slim").expect("a slim image");
            assert!(
                framework.facts().runtime.tested.contains(&version),
                "{framework}: {version} is not in the tested versions"
            );
        }
    }
}

/// The instructions of the image's last stage: what the image holds.
fn final_stage(instructions: &[Instruction]) -> &[Instruction] {
    let start = instructions
        .iter()
        .rposition(|i| i.keyword == "FROM")
        .expect("a FROM");
    &instructions[start..]
}

#[test]
fn the_express_image_installs_in_a_stage_of_its_own_and_holds_no_compiler() {
    let renderer = crate::templates::render::Renderer::new();
    for answers in crate::core::features::every_combination() {
        let plan = plan_with_layers(&renderer, Framework::Express, answers);
        let dockerfile = text(&plan, "Dockerfile");
        let instructions = parse_dockerfile(&dockerfile);
        let last = final_stage(&instructions);
        assert!(
            last.iter().any(|i| i.keyword == "COPY"
                && i.arguments.starts_with("--from=")
                && i.arguments.contains("node_modules")),
            "the image copies node_modules from the install stage:\n{dockerfile}"
        );
        assert!(
            !last
                .iter()
                .any(|i| i.keyword == "RUN" && i.arguments.contains("npm ")),
            "npm runs in the install stage only:\n{dockerfile}"
        );
        for tool in ["apt-get", "g++", "make ", "build-essential"] {
            assert!(!dockerfile.contains(tool), "{tool} in:\n{dockerfile}");
        }
        assert!(
            !plan.files.iter().any(|f| f.path == ".prebuild-installrc"),
            "better-sqlite3 uses the prebuilt binary its npm package carries"
        );
    }
}

#[test]
fn with_a_database_the_image_keeps_sqlite_where_its_user_can_write_and_says_how_to_migrate() {
    let renderer = crate::templates::render::Renderer::new();
    for framework in Framework::ALL {
        for answers in crate::core::features::every_combination() {
            let orm = crate::core::features::resolve(&answers, framework, false)
                .has(crate::core::features::Feature::Orm);
            let plan = plan_with_layers(&renderer, framework, answers.clone());
            let dockerfile = text(&plan, "Dockerfile");
            let asked = format!("{framework} with {:?}", answers.needs);
            let uses_sqlite = orm || framework == Framework::Django;
            if !uses_sqlite {
                continue;
            }
            let instructions = parse_dockerfile(&dockerfile);
            let last = final_stage(&instructions);
            let user = position(last, |i| i.keyword == "USER");
            let made = position(last, |i| {
                i.keyword == "RUN"
                    && i.arguments.contains("mkdir -p /app/data")
                    && i.arguments.contains("chown")
            });
            assert!(made < user, "{asked}: /app/data is made before USER");
            let (variable, value) = match (framework, orm) {
                (Framework::Express, _) => ("DATABASE_URL", "sqlite:/app/data/db.sqlite3"),
                (Framework::Django, false) => ("SQLITE_PATH", "/app/data/db.sqlite3"),
                _ => ("DATABASE_URL", "sqlite:////app/data/db.sqlite3"),
            };
            assert!(
                last.iter()
                    .any(|i| i.keyword == "ENV" && i.arguments == format!("{variable}={value}")),
                "{asked}: ENV {variable}={value}:\n{dockerfile}"
            );
            let migrate = match framework {
                Framework::Django => "python manage.py migrate",
                Framework::Flask => "db upgrade",
                Framework::Express => "npm run migrate",
            };
            assert!(
                dockerfile.contains("-data:/app/data"),
                "{asked}: the run lines mount a volume on /app/data:\n{dockerfile}"
            );
            assert!(
                dockerfile.contains(migrate),
                "{asked}: says `{migrate}`:\n{dockerfile}"
            );
        }
    }
}

#[test]
fn every_dockerfile_installs_dependencies_in_a_layer_before_the_code() {
    for framework in Framework::ALL {
        let plan = plan_for(framework, "d", "a");
        let instructions = parse_dockerfile(&text(&plan, "Dockerfile"));
        let (manifest, install) = match framework.facts().runtime.command {
            "node" => ("package-lock.json", "npm ci --omit=dev"),
            _ => (
                "requirements.txt",
                "uv pip install --system --compile-bytecode -r requirements.txt",
            ),
        };
        let copy_manifest = position(&instructions, |i| {
            i.keyword == "COPY" && i.arguments.contains(manifest) && !i.arguments.starts_with(". ")
        });
        let install_step = position(&instructions, |i| {
            i.keyword == "RUN" && i.arguments.contains(install)
        });
        let copy_all = position(&instructions, |i| {
            i.keyword == "COPY" && i.arguments.starts_with(". ")
        });
        assert!(
            copy_manifest < install_step && install_step < copy_all,
            "{framework}: {instructions:?}"
        );
    }
}

#[test]
fn every_dockerfile_runs_as_a_non_root_user_with_a_health_check_on_port() {
    for framework in Framework::ALL {
        let plan = plan_for(framework, "d", "a");
        let instructions = parse_dockerfile(&text(&plan, "Dockerfile"));
        let user = instructions
            .iter()
            .rfind(|i| i.keyword == "USER")
            .unwrap_or_else(|| panic!("{framework}: no USER"));
        assert!(
            !["root", "0"].contains(&user.arguments.split(':').next().unwrap_or("")),
            "{framework}: runs as {}",
            user.arguments
        );
        let last_user = position(&instructions, |i| i.keyword == "USER");
        assert!(
            !instructions[last_user..].iter().any(|i| i.keyword == "RUN"),
            "{framework}: RUN after USER would need root"
        );

        let env: String = instructions
            .iter()
            .filter(|i| i.keyword == "ENV")
            .map(|i| i.arguments.clone())
            .collect::<Vec<_>>()
            .join(" ");
        let port = env
            .split_whitespace()
            .find_map(|pair| pair.strip_prefix("PORT="))
            .unwrap_or_else(|| panic!("{framework}: no ENV PORT"));
        assert!(env.contains("HOST=0.0.0.0"), "{framework}: {env}");
        let expose = instructions.iter().find(|i| i.keyword == "EXPOSE");
        assert_eq!(expose.map(|i| i.arguments.as_str()), Some(port));

        let health = instructions
            .iter()
            .find(|i| i.keyword == "HEALTHCHECK")
            .unwrap_or_else(|| panic!("{framework}: no HEALTHCHECK"));
        let (options, command) = health
            .arguments
            .split_once("CMD ")
            .expect("HEALTHCHECK CMD");
        assert!(options.contains("--interval="), "{framework}: {options}");
        let command = exec_form(command).join(" ");
        assert!(
            command.contains("127.0.0.1:")
                && command.contains("PORT")
                && command.contains("/health"),
            "{framework}: {command}"
        );
    }
}

#[test]
fn every_dockerfile_runs_the_production_command_the_readme_gives() {
    for framework in Framework::ALL {
        let plan = plan_for(framework, "d", "a");
        let instructions = parse_dockerfile(&text(&plan, "Dockerfile"));
        let cmd = instructions
            .iter()
            .rfind(|i| i.keyword == "CMD")
            .unwrap_or_else(|| panic!("{framework}: no CMD"));
        let command = exec_form(&cmd.arguments);
        let expected: &[&str] = match framework {
            Framework::Django => &["gunicorn", "my_app.wsgi"],
            Framework::Flask => &["gunicorn", "my_app:create_app()"],
            Framework::Express => &["node", "server.js"],
        };
        assert_eq!(command, expected, "{framework}");
        let readme = text(&plan, "README.md").replace('\'', "");
        assert!(
            readme.contains(&command.join(" ")),
            "{framework}: README.md does not give `{}`",
            command.join(" ")
        );
        let ignored = text(&plan, ".dockerignore");
        // The developer's SQLite database holds accounts and sessions: an
        // image must not carry it, nor serve it as its own.
        for secret_or_local in [".env", ".git/", "db.sqlite3"] {
            assert!(
                ignored.lines().any(|line| line == secret_or_local),
                "{framework}: .dockerignore lacks {secret_or_local}"
            );
        }
    }
}

#[test]
fn every_ci_matrix_lists_the_tested_runtimes_and_lints_before_testing() {
    for framework in Framework::ALL {
        let plan = plan_for(framework, "d", "a");
        let workflow: serde_norway::Value =
            serde_norway::from_str(&text(&plan, ".github/workflows/ci.yml")).expect("YAML");
        let job = &workflow["jobs"]["test"];
        let key = match framework.facts().runtime.command {
            "node" => "node-version",
            _ => "python-version",
        };
        let matrix: Vec<String> = job["strategy"]["matrix"][key]
            .as_sequence()
            .expect("a matrix")
            .iter()
            .map(|version| match version {
                serde_norway::Value::String(text) => text.clone(),
                other => serde_norway::to_string(other)
                    .expect("a scalar")
                    .trim()
                    .to_owned(),
            })
            .collect();
        assert_eq!(matrix, framework.facts().runtime.tested, "{framework}");

        let steps: Vec<String> = job["steps"]
            .as_sequence()
            .expect("steps")
            .iter()
            .map(|step| step["name"].as_str().unwrap_or("").to_owned())
            .collect();
        let lint = steps.iter().position(|name| name == "Lint");
        let test = steps.iter().position(|name| name == "Test");
        assert!(
            lint.is_some() && lint < test,
            "{framework}: lint before the tests: {steps:?}"
        );
    }
}

#[test]
fn ruff_targets_the_oldest_supported_python() {
    for framework in [Framework::Django, Framework::Flask] {
        let plan = plan_for(framework, "d", "a");
        let config: toml::Table = text(&plan, "pyproject.toml").parse().expect("TOML");
        let (major, minor) = framework.facts().runtime.min_version;
        assert_eq!(
            config["tool"]["ruff"]["target-version"].as_str(),
            Some(format!("py{major}{minor}").as_str()),
            "{framework}"
        );
        let first_party = config["tool"]["ruff"]["lint"]["isort"]["known-first-party"]
            .as_array()
            .expect("known-first-party");
        assert!(
            first_party
                .iter()
                .any(|name| name.as_str() == Some("my_app")),
            "{framework}: {first_party:?}"
        );
    }
}

/// The README's Layout section names every top-level folder the starter has,
/// with every combination of layers: a folder a layer adds is explained where
/// a newcomer looks first.
#[test]
fn the_readme_layout_names_every_top_level_folder_with_every_layer_combination() {
    let renderer = crate::templates::render::Renderer::new();
    for framework in Framework::ALL {
        for answers in crate::core::features::every_combination() {
            let asked = format!(
                "{:?} realtime={} data={}",
                answers.needs, answers.realtime, answers.data
            );
            let plan = plan_with_layers(&renderer, framework, answers);
            let readme = text(&plan, "README.md");
            let layout = readme
                .split("\n## Layout\n")
                .nth(1)
                .and_then(|rest| rest.split("\n## ").next())
                .unwrap_or_else(|| panic!("{framework}: no Layout section"));
            let folders: std::collections::BTreeSet<&str> = plan
                .files
                .iter()
                .filter_map(|file| file.path.split_once('/').map(|(folder, _)| folder))
                // Hidden folders (.github) and the decision records (docs/adr,
                // explained in their own section) aside.
                .filter(|folder| !folder.starts_with('.') && *folder != "docs")
                .collect();
            for folder in folders {
                assert!(
                    layout.contains(&format!("`{folder}/")),
                    "{framework} with {asked}: Layout does not name {folder}/:\n{layout}"
                );
            }
        }
    }
}

/// The plan of a starter with the layers `answers` ask for.
fn plan_with_layers(
    renderer: &crate::templates::render::Renderer,
    framework: Framework,
    answers: crate::core::answers::Answers,
) -> Plan {
    let mut input = super::plan::tests::input_for(framework, "d", "a");
    input.decision.features = crate::core::features::resolve(&answers, framework, false);
    input.decision.answers = answers;
    super::plan::plan(renderer, &input).expect("plan renders")
}

fn yaml(plan: &Plan, path: &str) -> serde_norway::Value {
    serde_norway::from_str(&text(plan, path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The `run:` lines of one job of a workflow.
fn runs(workflow: &serde_norway::Value, job: &str) -> Vec<String> {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("no job {job}"))
        .iter()
        .filter_map(|step| step["run"].as_str().map(str::to_owned))
        .collect()
}

/// After day one: Dependabot watches the dependencies and the actions, CI
/// audits the dependencies, and with the database layer the migrations and
/// the tests run on a real PostgreSQL, with the migrations checked against
/// the models where the framework can.
#[test]
fn every_starter_is_audited_and_watched_and_the_orm_layer_runs_on_postgresql() {
    let renderer = crate::templates::render::Renderer::new();
    for framework in Framework::ALL {
        let plan = plan_for(framework, "d", "a");
        let (ecosystem, audit, migrations_checked) = match framework {
            Framework::Django => (
                "pip",
                "pip-audit --requirement requirements.txt",
                Some(".venv/bin/python manage.py makemigrations --check --dry-run"),
            ),
            Framework::Flask => (
                "pip",
                "pip-audit --requirement requirements.txt",
                Some(".venv/bin/flask --app my_app db check"),
            ),
            Framework::Express => ("npm", "npm audit --omit=dev --audit-level=moderate", None),
        };
        let dependabot = yaml(&plan, ".github/dependabot.yml");
        let watched: Vec<&str> = dependabot["updates"]
            .as_sequence()
            .expect("updates")
            .iter()
            .filter_map(|update| update["package-ecosystem"].as_str())
            .collect();
        assert_eq!(watched, [ecosystem, "github-actions"], "{framework}");
        let ci = yaml(&plan, ".github/workflows/ci.yml");
        assert!(
            runs(&ci, "audit").iter().any(|run| run == audit),
            "{framework}: no `{audit}` in the audit job"
        );
        assert!(
            !plan
                .files
                .iter()
                .any(|file| file.path == ".github/workflows/postgresql.yml"),
            "{framework}: a PostgreSQL workflow without the database layer"
        );

        let answers = crate::core::answers::Answers {
            needs: [crate::core::answers::Need::Orm].into_iter().collect(),
            ..crate::core::answers::Answers::default()
        };
        let with_orm = plan_with_layers(&renderer, framework, answers);
        let workflow = yaml(&with_orm, ".github/workflows/postgresql.yml");
        let job = &workflow["jobs"]["postgresql"];
        assert!(
            job["services"]["postgres"]["image"]
                .as_str()
                .is_some_and(|image| image.starts_with("postgres:")),
            "{framework}: no PostgreSQL service"
        );
        assert!(
            job["env"]["DATABASE_URL"]
                .as_str()
                .is_some_and(|url| url.starts_with("postgresql://")),
            "{framework}"
        );
        let steps = runs(&workflow, "postgresql");
        let test = if framework == Framework::Express {
            "npm test"
        } else {
            "make test"
        };
        assert_eq!(steps.last().map(String::as_str), Some(test), "{framework}");
        if let Some(check) = migrations_checked {
            assert!(
                steps.iter().any(|run| run == check),
                "{framework}: no `{check}`: {steps:?}"
            );
        }
    }
}

#[test]
fn the_django_realtime_layer_runs_its_tests_with_a_redis_service() {
    let renderer = crate::templates::render::Renderer::new();
    let answers = crate::core::answers::Answers {
        realtime: true,
        ..crate::core::answers::Answers::default()
    };
    let plan = plan_with_layers(&renderer, Framework::Django, answers);
    let workflow = yaml(&plan, ".github/workflows/redis.yml");
    let job = &workflow["jobs"]["redis"];
    assert!(
        job["services"]["redis"]["image"]
            .as_str()
            .is_some_and(|image| image.starts_with("redis:")),
        "a Redis service"
    );
    assert_eq!(
        job["env"]["REDIS_URL"].as_str(),
        Some("redis://localhost:6379/0")
    );
    assert!(runs(&workflow, "redis")
        .iter()
        .any(|run| run == "make test"));
}
