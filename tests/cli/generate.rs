//! `scaffold new`: what lands on disk, what is refused, and that a failure
//! never leaves anything behind.

#[cfg(unix)]
use crate::support::tree;
use crate::support::{read, snapshot_files, Sandbox};
use predicates::prelude::*;
use std::fs;

const FRAMEWORKS: [&str; 3] = ["django", "flask", "express"];

#[test]
fn each_framework_generates_its_starter_with_readme_manifest_and_records() {
    for framework in FRAMEWORKS {
        let sandbox = Sandbox::with_git_identity();
        sandbox
            .scaffold()
            .args(["new", "my-app", "--framework", framework, "--yes"])
            .assert()
            .success()
            .stdout("");
        let project = sandbox.path("my-app");
        for file in [
            "README.md",
            ".gitignore",
            ".env",
            ".env.example",
            ".scaffold.toml",
            ".adr-dir",
        ] {
            assert!(project.join(file).is_file(), "{framework}: {file} missing");
        }
        let manifest = read(&project.join(".scaffold.toml"));
        assert!(
            manifest.contains(&format!("framework = \"{framework}\"")),
            "{manifest}"
        );
        assert_eq!(
            sandbox.work_entries(),
            vec!["my-app"],
            "no staging directory left"
        );
    }
}

/// The modes are part of the snapshot: Unix only.
#[cfg(unix)]
#[test]
fn the_generated_trees_match_their_snapshots() {
    for framework in FRAMEWORKS {
        let sandbox = Sandbox::with_git_identity();
        sandbox
            .scaffold()
            .args(["new", "my-app", "--framework", framework, "--yes"])
            .assert()
            .success();
        insta::assert_snapshot!(format!("tree_{framework}"), tree(&sandbox.path("my-app")));
    }
}

#[test]
fn refuses_a_non_empty_target_and_leaves_it_byte_identical() {
    let sandbox = Sandbox::with_git_identity();
    let target = sandbox.path("my-app");
    fs::create_dir_all(target.join("src")).expect("mkdir");
    fs::write(target.join("notes.txt"), "keep me\n").expect("write");
    fs::write(target.join("src/main.py"), "print('mine')\n").expect("write");
    let before = snapshot_files(&target);

    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "flask", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "my-app already exists and is not empty",
        ))
        .stderr(predicate::str::contains(
            "hint: choose a new directory name",
        ));

    assert_eq!(snapshot_files(&target), before);
    assert_eq!(sandbox.work_entries(), vec!["my-app"]);
}

#[test]
fn running_the_same_command_twice_refuses_the_second_and_keeps_the_first() {
    let sandbox = Sandbox::with_git_identity();
    let args = ["new", "my-app", "--framework", "express", "--yes"];
    sandbox.scaffold().args(args).assert().success();
    let before = snapshot_files(&sandbox.path("my-app"));
    sandbox.scaffold().args(args).assert().code(2);
    assert_eq!(snapshot_files(&sandbox.path("my-app")), before);
}

#[test]
fn accepts_an_empty_existing_directory() {
    let sandbox = Sandbox::with_git_identity();
    fs::create_dir(sandbox.path("my-app")).expect("mkdir");
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "flask", "--yes"])
        .assert()
        .success();
    assert!(sandbox.path("my-app/README.md").is_file());
}

#[test]
fn refuses_a_file_or_a_symlink_at_the_target() {
    let sandbox = Sandbox::with_git_identity();
    fs::write(sandbox.path("taken"), "a file\n").expect("write");
    sandbox
        .scaffold()
        .args(["new", "taken", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a directory (a file)"));
    assert_eq!(read(&sandbox.path("taken")), "a file\n");

    #[cfg(unix)]
    {
        // A symlink to an empty directory is filled in place (see
        // reliability.rs); one that leads nowhere is refused.
        std::os::unix::fs::symlink(sandbox.path("nowhere"), sandbox.path("dangling"))
            .expect("symlink");
        sandbox
            .scaffold()
            .args(["new", "dangling", "--yes"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("(a dangling symbolic link)"));
        assert!(fs::symlink_metadata(sandbox.path("dangling")).is_ok());
    }
}

#[test]
fn refuses_a_missing_parent_directory() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "no/such/dir/app", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "parent directory no/such/dir does not exist",
        ))
        .stderr(predicate::str::contains("hint: create it first"));
    assert!(sandbox.work_entries().is_empty());
}

#[test]
fn refuses_invalid_project_names_before_writing_anything() {
    let sandbox = Sandbox::new();
    for name in ["1app", "my app", "café", "con", ".", ".."] {
        sandbox
            .scaffold()
            .args(["new", name, "--yes"])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("error: "))
            .stderr(predicate::str::contains("hint: "));
    }
    assert!(sandbox.work_entries().is_empty());
}

#[test]
fn a_name_that_cannot_be_a_package_asks_for_package_name() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "flask", "--framework", "flask", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would shadow the Python module"))
        .stderr(predicate::str::contains("--package-name"));
    assert!(sandbox.work_entries().is_empty());

    sandbox
        .scaffold()
        .args([
            "new",
            "flask",
            "--framework",
            "flask",
            "--package-name",
            "web",
            "--yes",
            "--no-git",
        ])
        .assert()
        .success();
    assert!(sandbox.path("flask/web/__init__.py").is_file());
}

#[test]
fn a_dashed_name_gives_an_underscored_module_and_a_dashed_npm_package() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args([
            "new",
            "order-service",
            "--framework",
            "flask",
            "--yes",
            "--no-git",
        ])
        .assert()
        .success();
    assert!(sandbox
        .path("order-service/order_service/__init__.py")
        .is_file());
    sandbox
        .scaffold()
        .args([
            "new",
            "web-api",
            "--framework",
            "express",
            "--yes",
            "--no-git",
        ])
        .assert()
        .success();
    let package: serde_json::Value =
        serde_json::from_str(&read(&sandbox.path("web-api/package.json"))).expect("valid JSON");
    assert_eq!(package["name"], "web-api");
}

#[test]
fn dry_run_prints_every_path_with_its_mode_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .scaffold()
        .args([
            "new",
            "my-app",
            "--framework",
            "django",
            "--yes",
            "--dry-run",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listing = String::from_utf8(output).expect("UTF-8");
    assert!(
        listing.lines().any(|line| line == "755 manage.py"),
        "{listing}"
    );
    assert!(listing.lines().any(|line| line == "600 .env"), "{listing}");
    assert!(
        listing.lines().any(|line| line == "644 README.md"),
        "{listing}"
    );
    assert!(sandbox.work_entries().is_empty());
}

#[test]
fn description_and_author_with_special_characters_stay_valid_in_every_file() {
    let description =
        "Orders \"API\" with \\ backslash, {{ braces }}, ${dollar}, `ticks`\nand a second line";
    let author = "O'Brien \"Bob\" <bob@example.com>";
    for framework in FRAMEWORKS {
        let sandbox = Sandbox::new();
        sandbox
            .scaffold()
            .args([
                "new",
                "my-app",
                "--framework",
                framework,
                "--yes",
                "--no-git",
            ])
            .args(["--description", description, "--author", author])
            .assert()
            .success();
        let project = sandbox.path("my-app");
        if framework == "express" {
            let package: serde_json::Value =
                serde_json::from_str(&read(&project.join("package.json")))
                    .expect("package.json parses");
            assert_eq!(package["description"], description);
        }
        let readme = read(&project.join("README.md"));
        assert!(
            // As plain Markdown text: the backslash and backticks escaped.
            readme
                .contains(r#"Orders "API" with \\ backslash, {{ braces }}, ${dollar}, \`ticks\`"#),
            "{framework}: {readme}"
        );
        let manifest: toml::Table =
            toml::from_str(&read(&project.join(".scaffold.toml"))).expect("TOML");
        assert_eq!(
            manifest["answers"]["description"].as_str(),
            Some(description)
        );
        if let Some(module) = description_module(framework) {
            assert_eq!(python_description(&project.join(module)), description);
        }
    }
}

/// The Python file of a starter that holds the description as a constant.
fn description_module(framework: &str) -> Option<&'static str> {
    match framework {
        "django" => Some("my_app/settings.py"),
        "flask" => Some("my_app/about.py"),
        _ => None,
    }
}

/// What Python reads as the description constant of `file`, after checking
/// that every `.py` file of the project compiles.
fn python_description(file: &std::path::Path) -> String {
    let project = file
        .parent()
        .and_then(|dir| dir.parent())
        .expect("project root");
    let compiled = std::process::Command::new(crate::support::PYTHON)
        .args(["-m", "compileall", "-q", "-f"])
        .arg(project)
        .output()
        .expect("python3 runs (the test suite needs it)");
    assert!(
        compiled.status.success(),
        "a generated .py file does not compile: {}",
        String::from_utf8_lossy(&compiled.stdout)
    );
    let script = "import ast, sys\n\
        tree = ast.parse(open(sys.argv[1]).read())\n\
        for node in tree.body:\n\
        \x20   if isinstance(node, ast.Assign) and node.targets[0].id.endswith('DESCRIPTION'):\n\
        \x20       sys.stdout.write(node.value.value)\n";
    let output = std::process::Command::new(crate::support::PYTHON)
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_secret_is_fresh_per_project_and_only_in_the_git_ignored_env() {
    let sandbox = Sandbox::with_git_identity();
    let mut secrets = Vec::new();
    for name in ["one", "two"] {
        let assert = sandbox
            .scaffold()
            .args(["new", name, "--framework", "django", "--yes"])
            .assert()
            .success();
        let output = assert.get_output();
        let env = read(&sandbox.path(&format!("{name}/.env")));
        let secret = env
            .lines()
            .find_map(|line| line.strip_prefix("SECRET_KEY="))
            .expect("SECRET_KEY in .env")
            .to_owned();
        assert!(
            secret.len() >= 50 && secret.chars().all(|c| c.is_ascii_alphanumeric()),
            "{secret}"
        );
        for (path, bytes) in snapshot_files(&sandbox.path(name)) {
            if path != ".env" {
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(&secret),
                    "{path} holds the secret"
                );
            }
        }
        assert!(!String::from_utf8_lossy(&output.stderr).contains(&secret));
        assert!(!String::from_utf8_lossy(&output.stdout).contains(&secret));
        let tracked = sandbox.git(&sandbox.path(name), &["ls-files"]);
        assert!(!tracked.lines().any(|line| line == ".env"), "{tracked}");
        #[cfg(unix)]
        assert_eq!(
            crate::support::mode(
                &fs::metadata(sandbox.path(&format!("{name}/.env"))).expect("meta")
            ),
            0o600
        );
        secrets.push(secret);
    }
    assert_ne!(secrets[0], secrets[1]);
}

#[test]
fn generated_files_hold_no_path_of_the_generating_machine() {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args(["new", "my-app", "--yes"])
        .assert()
        .success();
    let home = sandbox.home().to_string_lossy().into_owned();
    let work = sandbox.work().to_string_lossy().into_owned();
    for (path, bytes) in snapshot_files(&sandbox.path("my-app")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&home) && !text.contains(&work),
            "{path} names a machine path"
        );
    }
}

#[test]
fn a_staging_directory_left_by_a_killed_run_is_reported_and_kept() {
    let sandbox = Sandbox::new();
    fs::create_dir(sandbox.path(".scaffold-AbC123")).expect("mkdir");
    fs::write(sandbox.path(".scaffold-AbC123/README.md"), "half\n").expect("write");
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "flask", "--yes", "--no-git"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            ".scaffold-AbC123 looks left behind by an interrupted scaffold run",
        ));
    assert_eq!(sandbox.work_entries(), vec![".scaffold-AbC123", "my-app"]);
}

/// Windows refuses paths longer than 260 characters unless long paths are
/// turned on, and git for Windows inherits the limit. Counted from the
/// directory scaffold runs in, no path may exceed 200 characters, which
/// leaves 60 for the directories above it, with the longest names allowed
/// and every feature asked for.
#[test]
fn no_generated_path_exceeds_200_characters_even_with_the_longest_names() {
    use scaffold::testing::names::{MAX_NPM_NAME, MAX_PROJECT_NAME};
    let project = format!("p{}", "a".repeat(MAX_PROJECT_NAME - 1));
    // The deepest path git writes itself: a loose object.
    let git_object = format!(".git/objects/00/{}", "0".repeat(38));
    for framework in FRAMEWORKS {
        let package = if framework == "express" {
            "n".repeat(MAX_NPM_NAME)
        } else {
            format!("m{}", "_".repeat(MAX_PROJECT_NAME - 1))
        };
        let sandbox = Sandbox::new();
        let output = sandbox
            .scaffold()
            .args(["new", &project, "--framework", framework, "--package-name"])
            .arg(&package)
            .args([
                "--needs",
                "admin,auth,orm",
                "--realtime",
                "yes",
                "--data",
                "yes",
            ])
            .args([
                "--size",
                "large",
                "--team",
                "both",
                "--yes",
                "--dry-run",
                "--json",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let report: serde_json::Value = serde_json::from_slice(&output).expect("JSON");
        let files = report["files"].as_array().expect("files");
        assert!(files.len() > 10, "{framework}: {report}");
        for path in files
            .iter()
            .map(|file| file.as_str().expect("a path"))
            .chain([git_object.as_str()])
        {
            let full = format!("{project}/{path}");
            assert!(
                full.len() <= 200,
                "{framework}: {full} is {} characters",
                full.len()
            );
        }
    }
}

/// A Windows checkout with `core.autocrlf` would turn LF into CRLF, which
/// breaks shell scripts and churns lockfiles; each starter's
/// `.gitattributes` keeps every text file LF, whatever the machine's setting.
#[test]
fn every_committed_file_of_every_starter_is_checked_out_with_lf() {
    for framework in FRAMEWORKS {
        let sandbox = Sandbox::with_git_identity();
        sandbox
            .scaffold()
            .args(["new", "my-app", "--framework", framework, "--yes"])
            .assert()
            .success();
        let repo = git2::Repository::open(sandbox.path("my-app")).expect("a repository");
        let index = repo.index().expect("index");
        let paths: Vec<String> = index
            .iter()
            .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
            .collect();
        for expected in [".gitattributes", "README.md"] {
            assert!(
                paths.iter().any(|path| path == expected),
                "{framework}: {expected} not committed"
            );
        }
        for path in &paths {
            let eol = repo
                .get_attr(
                    std::path::Path::new(path),
                    "eol",
                    git2::AttrCheckFlags::INDEX_ONLY,
                )
                .expect("attributes");
            assert_eq!(eol, Some("lf"), "{framework}: {path} is not kept LF");
        }
    }
}
