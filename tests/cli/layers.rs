//! Feature layers: all 32 combinations of the answers that name layers, for
//! each framework (96 trees), plan and are consistent, without installing
//! anything: every `.py` compiles and imports only what the requirements
//! provide, every `.js` passes `node --check` and requires only what
//! package.json declares, package.json and the lockfile agree, and every
//! model has its migration. The installed proof is in tests/e2e.

use scaffold::testing::answers::Answers;
use scaffold::testing::decision::{ChoiceSource, Decision, DecisionInput};
use scaffold::testing::features::{self, every_combination, Feature};
use scaffold::testing::framework::Framework;
use scaffold::testing::generate::{self, Plan, PlanInput};
use scaffold::testing::recommend::recommend;
use scaffold::testing::replay::{self, ReplayOptions};
use scaffold::testing::templates::render::Renderer;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn plan_for(renderer: &Renderer, framework: Framework, answers: &Answers) -> Plan {
    let project = "layer-check";
    let package = if framework == Framework::Express {
        "layer-check"
    } else {
        "layer_check"
    };
    let decision = Decision::new(DecisionInput {
        project_name: project.to_owned(),
        package: package.to_owned(),
        description: None,
        author: None,
        fallback_author: String::new(),
        date: "2026-01-15".to_owned(),
        answers: answers.clone(),
        defaulted: Vec::new(),
        recommendation: recommend(answers),
        chosen: framework,
        source: ChoiceSource::Explicit,
        features: features::resolve(answers, framework, false),
        scaffold_version: "0.0.0".to_owned(),
    });
    let replay = ReplayOptions::for_decision(&decision, None);
    let reproduce_command = replay::reproduce_command(answers, &[], &replay);
    let input = PlanInput {
        decision: Decision {
            reproduce_command,
            ..decision
        },
        replay,
        secret_key: "x".repeat(50),
        host: scaffold::testing::host::HostOs::Unix,
    };
    generate::plan(renderer, &input).expect("every combination plans")
}

/// A short name for a combination: `orm+auth+realtime`, or `base`.
fn label(answers: &Answers) -> String {
    let mut parts: Vec<String> = answers.needs.iter().map(|n| n.id().to_owned()).collect();
    if answers.realtime {
        parts.push("realtime".to_owned());
    }
    if answers.data {
        parts.push("data".to_owned());
    }
    if parts.is_empty() {
        "base".to_owned()
    } else {
        parts.join("+")
    }
}

fn write_tree(root: &Path, plan: &Plan) {
    for file in &plan.files {
        let path = root.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&path, &file.contents).expect("write");
    }
}

fn text<'a>(plan: &'a Plan, path: &str) -> Option<&'a str> {
    plan.files
        .iter()
        .find(|file| file.path == path)
        .map(|file| std::str::from_utf8(&file.contents).expect("UTF-8"))
}

/// The import names each requirement provides (directly or as a dependency
/// a layer's code uses), by the requirement's normalised name.
const PROVIDES: &[(&str, &[&str])] = &[
    ("django", &["django", "asgiref"]),
    ("channels", &["channels"]),
    ("channels-redis", &["channels_redis"]),
    ("daphne", &["daphne"]),
    ("uvicorn", &["uvicorn"]),
    ("uvicorn-worker", &["uvicorn_worker"]),
    ("websockets", &["websockets"]),
    ("flask-sock", &["flask_sock", "simple_websocket"]),
    ("wsproto", &["wsproto"]),
    ("pandas", &["pandas", "numpy"]),
    ("gunicorn", &["gunicorn"]),
    ("whitenoise", &["whitenoise"]),
    ("python-dotenv", &["dotenv"]),
    ("pytest", &["pytest", "_pytest"]),
    ("pytest-django", &["pytest_django"]),
    ("dj-database-url", &["dj_database_url"]),
    ("psycopg", &["psycopg"]),
    ("django-csp", &["csp"]),
    ("ruff", &[]),
    ("zxcvbn", &["zxcvbn"]),
    (
        "flask",
        &[
            "flask",
            "werkzeug",
            "jinja2",
            "click",
            "itsdangerous",
            "markupsafe",
        ],
    ),
    ("flask-sqlalchemy", &["flask_sqlalchemy", "sqlalchemy"]),
    ("flask-migrate", &["flask_migrate", "alembic"]),
    ("flask-login", &["flask_login"]),
    ("flask-wtf", &["flask_wtf", "wtforms"]),
    ("flask-admin", &["flask_admin"]),
];

const PYTHON_CHECKER: &str = r##"
import ast, json, sys
trees = json.loads(sys.argv[1])
provides = json.loads(sys.argv[2])
stdlib = set(sys.stdlib_module_names)
problems = []
for root in trees:
    import os
    reqs = set()
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in open(os.path.join(root, name)):
            line = line.split("#")[0].strip()
            if not line or line.startswith("-"):
                continue
            req = line.split("==")[0].split("[")[0].strip().lower().replace("_", "-")
            reqs.add(req)
    allowed = set()
    for req in reqs:
        if req not in provides:
            problems.append(f"{root}: requirement {req} is not in the test's PROVIDES table")
        allowed.update(provides.get(req, []))
    local = {e[:-3] if e.endswith(".py") else e for e in os.listdir(root)}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", ".venv")]
        for filename in filenames:
            if not filename.endswith(".py"):
                continue
            path = os.path.join(dirpath, filename)
            source = open(path, encoding="utf-8").read()
            try:
                tree = compile(source, path, "exec", ast.PyCF_ONLY_AST)
                compile(source, path, "exec")
            except SyntaxError as error:
                problems.append(f"{path}: does not compile: {error}")
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in stdlib or top in local or top in allowed:
                        continue
                    problems.append(f"{path}: imports {top}, which no requirement provides")
print("\n".join(problems))
sys.exit(1 if problems else 0)
"##;

fn check_python(roots: &[String]) {
    let provides: BTreeMap<&str, &[&str]> = PROVIDES.iter().copied().collect();
    let output = Command::new(crate::support::PYTHON)
        .args([
            "-c",
            PYTHON_CHECKER,
            &serde_json::to_string(roots).expect("json"),
            &serde_json::to_string(&provides).expect("json"),
        ])
        .output()
        .expect("the consistency test needs python3 on the PATH");
    assert!(
        output.status.success(),
        "Python trees are inconsistent:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `require('x')` and `require("x")` calls with a bare package name.
fn required_packages(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for piece in source.split("require(").skip(1) {
        let Some(quote) = piece.chars().next().filter(|c| *c == '\'' || *c == '"') else {
            continue;
        };
        let Some(end) = piece[1..].find(quote) else {
            continue;
        };
        let name = &piece[1..=end];
        if name.starts_with('.') || name.starts_with("node:") {
            continue;
        }
        let package = if name.starts_with('@') {
            name.splitn(3, '/').take(2).collect::<Vec<_>>().join("/")
        } else {
            name.split('/').next().unwrap_or(name).to_owned()
        };
        found.insert(package);
    }
    found
}

fn check_express(plan: &Plan, label: &str, js_seen: &mut BTreeMap<Vec<u8>, String>) {
    let package: Value =
        serde_json::from_str(text(plan, "package.json").expect("package.json")).expect("JSON");
    let lock_text = text(plan, "package-lock.json").unwrap_or_else(|| {
        panic!(
            "express {label}: no lockfile for this set of layers; run scripts/express-lockfiles.sh"
        )
    });
    let lock: Value = serde_json::from_str(lock_text).expect("the lockfile is JSON");
    let root = &lock["packages"][""];
    assert_eq!(lock["name"], package["name"], "express {label}");
    assert_eq!(root["name"], package["name"], "express {label}");
    assert_eq!(
        root["engines"], package["engines"],
        "express {label}: engines"
    );
    let mut declared = BTreeSet::new();
    for key in ["dependencies", "devDependencies"] {
        assert_eq!(
            root[key], package[key],
            "express {label}: {key} of package.json and the lockfile differ (npm ci would refuse); run scripts/express-lockfiles.sh"
        );
        if let Some(map) = package[key].as_object() {
            for (name, version) in map {
                let locked = &lock["packages"][format!("node_modules/{name}")]["version"];
                assert_eq!(
                    locked, version,
                    "express {label}: {name} is locked at another version"
                );
                declared.insert(name.clone());
            }
        }
    }
    for file in plan.files.iter().filter(|f| f.path.ends_with(".js")) {
        let source = std::str::from_utf8(&file.contents).expect("UTF-8");
        for required in required_packages(source) {
            let builtin = NODE_BUILTINS.contains(&required.as_str());
            assert!(
                builtin || declared.contains(&required),
                "express {label}: {} requires {required}, which package.json does not declare",
                file.path
            );
        }
        js_seen
            .entry(file.contents.clone())
            .or_insert_with(|| format!("{label}/{}", file.path));
    }
}

const NODE_BUILTINS: &[&str] = &[
    "assert",
    "buffer",
    "child_process",
    "crypto",
    "events",
    "fs",
    "http",
    "https",
    "net",
    "os",
    "path",
    "process",
    "stream",
    "timers",
    "url",
    "util",
    "zlib",
];

/// Every model class has a migration that creates it (the installed check,
/// `makemigrations --check` and Alembic's, runs in tests/e2e).
fn check_migrations(framework: Framework, plan: &Plan, label: &str) {
    let migrations: String = plan
        .files
        .iter()
        .filter(|file| file.path.contains("migrations/") && file.path.ends_with(".py"))
        .map(|file| String::from_utf8_lossy(&file.contents).into_owned())
        .collect();
    for file in plan.files.iter().filter(|f| f.path.ends_with("models.py")) {
        let source = String::from_utf8_lossy(&file.contents);
        for line in source.lines() {
            let Some(rest) = line.strip_prefix("class ") else {
                continue;
            };
            if !(rest.contains("models.Model") || rest.contains("db.Model")) {
                continue;
            }
            let class = rest.split(['(', ':']).next().unwrap_or_default().trim();
            let created = match framework {
                Framework::Django => migrations.contains(&format!("name=\"{class}\"")),
                _ => migrations.contains("op.create_table("),
            };
            assert!(
                created,
                "{framework} {label}: {} declares {class}, and no committed migration creates it",
                file.path
            );
        }
    }
}

#[test]
fn all_96_combinations_of_layers_generate_consistent_trees() {
    let renderer = Renderer::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut python_roots = Vec::new();
    let mut js_seen: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    let mut python_seen: BTreeSet<Vec<(String, Vec<u8>)>> = BTreeSet::new();
    for framework in Framework::ALL {
        for answers in every_combination() {
            let label = label(&answers);
            let plan = plan_for(&renderer, framework, &answers);
            let features = features::resolve(&answers, framework, false);
            for feature in Feature::ALL {
                let asked = features.has(feature)
                    || features.not_generated.iter().any(|n| n.feature == feature);
                let record = text(&plan, plan.decision_record()).expect("the record");
                if features.has(feature) {
                    assert!(
                        record.contains(&format!("`{feature}`")),
                        "{framework} {label}: the record does not name the {feature} layer"
                    );
                } else if asked {
                    assert!(
                        record.contains(&format!("Bad, because no {}", feature.noun())),
                        "{framework} {label}: the record does not say {feature} was left out"
                    );
                }
            }
            check_migrations(framework, &plan, &label);
            match framework {
                Framework::Express => check_express(&plan, &label, &mut js_seen),
                _ => {
                    // Identical trees need checking once.
                    let key: Vec<(String, Vec<u8>)> = plan
                        .files
                        .iter()
                        .filter(|f| f.path.ends_with(".py") || f.path.starts_with("requirements"))
                        .map(|f| (f.path.clone(), f.contents.clone()))
                        .collect();
                    if python_seen.insert(key) {
                        let root = dir.path().join(format!("{}-{label}", framework.id()));
                        write_tree(&root, &plan);
                        python_roots.push(root.display().to_string());
                    }
                }
            }
        }
    }
    check_python(&python_roots);

    let js_dir = dir.path().join("js");
    std::fs::create_dir_all(&js_dir).expect("mkdir");
    for (index, (contents, origin)) in js_seen.iter().enumerate() {
        let path = js_dir.join(format!("{index}.js"));
        std::fs::write(&path, contents).expect("write");
        let output = Command::new("node")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("the consistency test needs node on the PATH");
        assert!(
            output.status.success(),
            "{origin} fails node --check:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn answers_with_no_layer_plan_the_same_tree_as_before_layers() {
    // The base starter is what the answers without capabilities give: the
    // layers only add, so the tree of "no layers" has no layer's files.
    let renderer = Renderer::new();
    for framework in Framework::ALL {
        let plan = plan_for(&renderer, framework, &Answers::default());
        for feature in Feature::ALL {
            let manifest =
                scaffold::testing::templates::manifest(framework).expect("the manifest parses");
            let shared = manifest
                .shared
                .values()
                .filter(|shared| shared.layer == Some(feature))
                .map(|shared| shared.to.as_str());
            let overlay = scaffold::testing::templates::layer_files(framework, feature);
            for source in overlay.iter().map(|file| file.tree_path()).chain(shared) {
                let path = manifest.output_path(source, &plan.package);
                assert!(
                    plan.files.iter().all(|f| f.path != path),
                    "{framework}: {path} of the {feature} layer is in the base tree"
                );
            }
        }
    }
}

mod cli {
    use crate::support::{read, words, Sandbox};
    use predicates::prelude::*;
    use serde_json::Value;

    fn json_of(output: &std::process::Output) -> Value {
        serde_json::from_slice(&output.stdout).expect("one JSON object on stdout")
    }

    #[test]
    fn json_and_dry_run_json_list_the_layers_not_generated_with_reasons() {
        let sandbox = Sandbox::new();
        for (name, extra) in [("svc", &[][..]), ("dry", &["--dry-run"][..])] {
            let output = sandbox
                .scaffold()
                .args(["new", name])
                .args(words(
                    "--framework express --needs admin --data yes --yes --json",
                ))
                .args(extra)
                .output()
                .expect("runs");
            assert!(output.status.success());
            let features = &json_of(&output)["features"];
            assert_eq!(features["generated"], serde_json::json!([]));
            let left_out: Vec<&str> = features["not_generated"]
                .as_array()
                .expect("an array")
                .iter()
                .map(|n| n["feature"].as_str().expect("a name"))
                .collect();
            assert_eq!(left_out, ["admin", "data"]);
            assert!(features["not_generated"][1]["reason"]
                .as_str()
                .expect("a reason")
                .contains("separate Python service"));
        }
    }

    #[test]
    fn the_summary_the_record_the_readme_and_the_manifest_say_what_was_left_out() {
        let sandbox = Sandbox::new();
        sandbox
            .scaffold()
            .args(words("new svc --framework express --needs admin --yes"))
            .assert()
            .success()
            .stderr(predicate::str::contains("left out").and(predicate::str::contains("admin")));
        let root = sandbox.path("svc");
        let readme = read(&root.join("README.md"));
        assert!(
            readme.contains("No admin panel (`--needs admin`)"),
            "{readme}"
        );
        let record = read(&root.join("docs/adr/0002-use-express-as-the-backend-framework.md"));
        assert!(
            record.contains("* Bad, because no admin panel was generated (`--needs admin`): Express has no admin site"),
            "{record}"
        );
        let manifest: toml::Table = read(&root.join(".scaffold.toml")).parse().expect("TOML");
        assert_eq!(
            manifest["features"]["not_generated"][0]["feature"].as_str(),
            Some("admin")
        );
    }

    #[test]
    fn the_orm_layer_is_generated_and_its_migration_is_a_next_step() {
        let sandbox = Sandbox::new();
        for (framework, migrate, run) in [
            ("django", ".venv/bin/python manage.py migrate", "runserver"),
            (
                "flask",
                ".venv/bin/flask --app journal db upgrade",
                "run --port",
            ),
            ("express", "npm run migrate", "npm start"),
        ] {
            let output = sandbox
                .scaffold()
                .args(["new", "journal", "--framework", framework])
                .args(words("--needs orm --yes --json --dry-run"))
                .output()
                .expect("runs");
            assert!(output.status.success());
            let report = json_of(&output);
            assert_eq!(report["features"]["generated"], serde_json::json!(["orm"]));
            let steps: Vec<&str> = report["next_steps"]
                .as_array()
                .expect("steps")
                .iter()
                .map(|step| step.as_str().expect("text"))
                .collect();
            let at = |needle: &str| steps.iter().position(|s| s.contains(needle));
            assert!(
                at(migrate).is_some() && at(migrate) < at(run),
                "{framework}: {steps:?}"
            );
        }
    }

    #[test]
    fn minimal_is_recorded_and_replayed() {
        let sandbox = Sandbox::new();
        sandbox
            .scaffold()
            .args(words(
                "new one --framework flask --needs orm --minimal --yes --no-git",
            ))
            .assert()
            .success();
        let root = sandbox.path("one");
        let manifest = read(&root.join(".scaffold.toml"));
        assert!(manifest.contains("minimal = true"), "{manifest}");
        let record = read(&root.join("docs/adr/0002-use-flask-as-the-backend-framework.md"));
        assert!(
            record.contains("`--minimal` asked for the base starter"),
            "{record}"
        );
        assert!(record.contains(" --minimal --description"), "{record}");
        // The manifest replays to the same tree, minimal included.
        sandbox
            .scaffold()
            .args(words("new two --yes --no-git --answers one/.scaffold.toml"))
            .assert()
            .success();
        let again = read(&sandbox.path("two/.scaffold.toml"));
        assert_eq!(
            again,
            manifest
                .replace("package = \"one\"", "package = \"two\"")
                .replace("name = \"one\"", "name = \"two\"")
        );
    }

    #[test]
    fn an_unknown_feature_in_an_answers_file_names_the_key_and_line() {
        let sandbox = Sandbox::new();
        std::fs::write(
            sandbox.path("answers.toml"),
            "size = \"small\"\nneeds = [\"orm\", \"cms\"]\n",
        )
        .expect("write");
        sandbox
            .scaffold()
            .args(words("new svc --yes --answers answers.toml"))
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("line 2, key `needs`")
                    .and(predicate::str::contains("cms"))
                    .and(predicate::str::contains("hint:")),
            );
        std::fs::write(
            sandbox.path("manifest.toml"),
            "framework = \"flask\"\n\n[features]\ngenerated = [\"orm\", \"search\"]\n\n[answers]\nsize = \"small\"\n",
        )
        .expect("write");
        sandbox
            .scaffold()
            .args(words("new svc --yes --answers manifest.toml"))
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("line 4, key `generated`")
                    .and(predicate::str::contains("search")),
            );
        assert!(!sandbox.path("svc").exists());
    }

    #[test]
    fn a_project_named_after_a_package_a_layer_adds_is_refused_up_front() {
        let sandbox = Sandbox::new();
        for (name, framework) in [
            ("notes", "django"),
            ("accounts", "django"),
            ("knex", "express"),
        ] {
            sandbox
                .scaffold()
                .args(["new", name, "--framework", framework, "--yes"])
                .assert()
                .code(2)
                .stderr(
                    predicate::str::contains("layer adds")
                        .and(predicate::str::contains("hint:"))
                        .and(predicate::str::contains("--package-name")),
                );
            assert!(!sandbox.path(name).exists());
        }
    }
}
