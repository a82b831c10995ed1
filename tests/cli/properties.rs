//! Property tests over what users type: project and package names,
//! descriptions, authors and answers files. Nothing panics, every name that
//! is accepted is one the language accepts, and every generated front
//! matter, TOML, JSON and Python file parses back to the values given.
//! Case counts stay modest so `cargo test` stays fast; the Python files of
//! all cases are compiled in one batch.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use scaffold::testing::answers::Answers;
use scaffold::testing::decision::{ChoiceSource, Decision, DecisionInput};
use scaffold::testing::framework::Framework;
use scaffold::testing::generate::{self, PlanInput};
use scaffold::testing::replay::{self, ReplayOptions};
use scaffold::testing::templates::render::Renderer;
use scaffold::testing::{answers_file, free_text, intake, names};
use std::cell::RefCell;
use std::path::Path;
use std::process::Command;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Text with the characters that break generated files when not escaped.
fn tricky_text(max: usize) -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("\"".to_owned()),
            Just("'".to_owned()),
            Just("\\".to_owned()),
            Just("{{ x }}".to_owned()),
            Just("</script>".to_owned()),
            Just("\"\"\"".to_owned()),
            Just("'''".to_owned()),
            Just("${x}`y`".to_owned()),
            Just("# ".to_owned()),
            Just("```".to_owned()),
            Just(": ".to_owned()),
            Just("- ".to_owned()),
            Just("é😀中".to_owned()),
            Just("\n".to_owned()),
            "[ -~]{0,12}",
        ],
        0..8,
    );
    pieces.prop_map(move |parts| parts.concat().chars().take(max).collect())
}

#[test]
fn names_never_panic_and_accepted_python_packages_are_importable_names() {
    let accepted = RefCell::new(Vec::new());
    runner(256)
        .run(&"[a-zA-Z0-9_.\\-é ]{0,20}", |name| {
            let _ = intake::project_name(Path::new(&name));
            for framework in Framework::ALL {
                if let Ok(package) = names::check_package_name(&name, framework) {
                    if framework != Framework::Express {
                        accepted.borrow_mut().push(package);
                    }
                }
            }
            if let Ok(project) = names::ProjectName::parse(&name) {
                for framework in Framework::ALL {
                    let _ = project.package_for(framework);
                }
            }
            Ok(())
        })
        .expect("no panic");
    let mut accepted = accepted.into_inner();
    // The standard-library names of this Python are refused too.
    accepted.extend(["socketserver", "fnmatch", "bz2", "pwd"].map(str::to_owned));
    let script = "import keyword, sys\n\
        bad = [n for n in sys.argv[1:] if not n.isidentifier() or keyword.iskeyword(n) \
        or n in sys.stdlib_module_names]\n\
        print(' '.join(bad))\n";
    let output = Command::new(crate::support::PYTHON)
        .arg("-c")
        .arg(script)
        .args(
            accepted
                .iter()
                .filter(|name| names::check_package_name(name, Framework::Flask).is_ok()),
        )
        .output()
        .expect("python3 runs (the test suite needs it)");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "",
        "accepted package names Python cannot import as the starter's own"
    );
    for stdlib in ["socketserver", "fnmatch", "bz2", "pwd"] {
        assert!(names::check_package_name(stdlib, Framework::Django).is_err());
    }
}

#[test]
fn free_text_is_accepted_exactly_when_it_is_printable_text_within_the_limit() {
    runner(256)
        .run(&"(?s).{0,40}", |text| {
            let printable = !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}'));
            prop_assert_eq!(free_text::check_description(&text).is_ok(), printable);
            let _ = free_text::parse_author(&text);
            Ok(())
        })
        .expect("property holds");
}

fn plan_for(framework: Framework, description: &str, author: &str) -> generate::Plan {
    let answers = Answers::default();
    let recommendation = scaffold::testing::recommend::recommend(&answers);
    let package = if framework == Framework::Express {
        "my-app"
    } else {
        "my_app"
    };
    let decision = Decision::new(DecisionInput {
        project_name: "my-app".to_owned(),
        package: package.to_owned(),
        description: Some(description.to_owned()),
        author: Some(author.to_owned()),
        fallback_author: String::new(),
        date: "2026-01-15".to_owned(),
        answers: answers.clone(),
        defaulted: Vec::new(),
        recommendation,
        chosen: framework,
        source: ChoiceSource::Explicit,
        features: scaffold::testing::features::resolve(&answers, framework, false),
        scaffold_version: "0.1.0".to_owned(),
    });
    let replay_options = ReplayOptions::for_decision(&decision, None);
    let input = PlanInput {
        decision: Decision {
            reproduce_command: replay::reproduce_command(&answers, &[], &replay_options),
            ..decision
        },
        replay: replay_options,
        secret_key: "S3cretS3cretS3cretS3cretS3cretS3cretS3cretS3cret00".to_owned(),
        host: scaffold::testing::host::HostOs::Unix,
    };
    let renderer = Renderer::new();
    generate::plan(&renderer, &input).expect("the plan renders")
}

fn text_of<'a>(plan: &'a generate::Plan, path: &str) -> &'a str {
    let file = plan
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("{path} planned"));
    std::str::from_utf8(&file.contents).expect("UTF-8")
}

fn front_matter(record: &str) -> serde_norway::Value {
    let body = record.strip_prefix("---\n").expect("front matter opens");
    let end = body.find("\n---\n").expect("front matter closes");
    serde_norway::from_str(&body[..end]).expect("the front matter is YAML")
}

#[test]
fn generated_front_matter_toml_json_and_python_parse_back_to_the_given_text() {
    let python_root = tempfile::tempdir().expect("temp dir");
    let counter = RefCell::new(0usize);
    let strategy = (
        tricky_text(free_text::MAX_DESCRIPTION),
        tricky_text(60).prop_map(|name| name.replace(['<', '>'], "")),
        0..3usize,
    );
    runner(24)
        .run(&strategy, |(description, name, which)| {
            let framework = Framework::ALL[which];
            let author = if name.trim().is_empty() {
                String::new()
            } else {
                format!("{} <dev@example.com>", name.trim())
            };
            prop_assume!(free_text::check_description(&description).is_ok());
            prop_assume!(free_text::parse_author(&author).is_ok());
            let plan = plan_for(framework, &description, &author);

            let record = text_of(&plan, plan.decision_record());
            let yaml = front_matter(record);
            if !author.is_empty() {
                prop_assert_eq!(yaml["decision-makers"][0].as_str(), Some(author.trim()));
            }

            let manifest: toml::Table =
                toml::from_str(text_of(&plan, ".scaffold.toml")).expect("TOML");
            prop_assert_eq!(
                manifest["answers"]["description"].as_str(),
                Some(description.as_str())
            );
            prop_assert_eq!(
                manifest["answers"]["author"].as_str(),
                Some(author.as_str())
            );
            let replayed = answers_file::parse(text_of(&plan, ".scaffold.toml")).expect("replays");
            prop_assert_eq!(replayed.description.as_deref(), Some(description.as_str()));

            if framework == Framework::Express {
                let package: serde_json::Value =
                    serde_json::from_str(text_of(&plan, "package.json")).expect("JSON");
                prop_assert_eq!(package["description"].as_str(), Some(description.as_str()));
            } else {
                let mut count = counter.borrow_mut();
                *count += 1;
                for file in plan.files.iter().filter(|file| file.path.ends_with(".py")) {
                    let path = python_root.path().join(count.to_string()).join(&file.path);
                    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
                    std::fs::write(&path, &file.contents).expect("write");
                }
            }
            Ok(())
        })
        .expect("every generated file parses back");
    let compiled = Command::new(crate::support::PYTHON)
        .args(["-m", "compileall", "-q", "-f"])
        .arg(python_root.path())
        .output()
        .expect("python3 runs (the test suite needs it)");
    assert!(
        compiled.status.success(),
        "a generated .py file does not compile: {}",
        String::from_utf8_lossy(&compiled.stdout)
    );
}

#[test]
fn answers_files_never_panic_and_valid_ones_read_back() {
    runner(256)
        .run(&"(?s)[a-z\"'=\\[\\]{},.\\n #\\\\-]{0,60}", |text| {
            let _ = answers_file::parse_file(&text);
            Ok(())
        })
        .expect("no panic on arbitrary text");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("answers.toml");
    runner(64)
        .run(&prop::collection::vec(any::<u8>(), 0..200), |bytes| {
            std::fs::write(&path, &bytes).expect("write");
            if let Err(error) = answers_file::read_file(&path) {
                prop_assert_eq!(error.exit_code(), 2);
            }
            Ok(())
        })
        .expect("no panic on arbitrary bytes");
    let answers = (
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec!["small", "medium", "large"])),
        prop::option::of(prop::sample::subsequence(
            vec!["admin", "auth", "orm"],
            0..=3,
        )),
        prop::option::of(tricky_text(80)),
    );
    runner(64)
        .run(&answers, |(realtime, size, needs, description)| {
            let mut text = String::new();
            if let Some(realtime) = realtime {
                text.push_str(&format!("realtime = {realtime}\n"));
            }
            if let Some(size) = size {
                text.push_str(&format!("size = \"{size}\"\n"));
            }
            if let Some(needs) = &needs {
                text.push_str(&format!("needs = {:?}\n", needs));
            }
            if let Some(description) = &description {
                let mut table = toml::Table::new();
                table.insert("description".to_owned(), description.clone().into());
                text.push_str(&toml::to_string(&table).expect("TOML"));
            }
            let parsed = answers_file::parse(&text).expect("a valid answers file");
            prop_assert_eq!(parsed.realtime, realtime);
            prop_assert_eq!(parsed.size.map(|size| size.id()), size);
            prop_assert_eq!(
                parsed
                    .needs
                    .map(|needs| needs.iter().map(|need| need.id()).collect::<Vec<_>>()),
                needs
            );
            prop_assert_eq!(parsed.description, description);
            Ok(())
        })
        .expect("valid answers files read back");
}
