//! Day two: `scaffold add`, `scaffold upgrade` and `scaffold reconsider` inside a generated repo,
//! as a user runs them: the tree they leave, what they report, what they
//! refuse. (The starters' own tests after `add` run in tests/e2e/day_two.rs.)

use crate::support::{read, snapshot_files, Sandbox};
use serde_json::Value;
use std::fs;
use std::path::Path;

const FRAMEWORKS: [&str; 3] = ["django", "flask", "express"];

/// The flags of `new` that ask for a layer.
fn answer_for(layer: &str) -> &'static str {
    match layer {
        "orm" => "--needs orm",
        "auth" => "--needs auth",
        "admin" => "--needs admin",
        "realtime" => "--realtime yes",
        "data" => "--data yes",
        other => panic!("no layer {other}"),
    }
}

/// `scaffold new <dir>/app --framework <framework> --yes <extra>`.
fn new_app(sandbox: &Sandbox, dir: &str, framework: &str, extra: &str) -> std::path::PathBuf {
    fs::create_dir_all(sandbox.path(dir)).expect("dir");
    let target = format!("{dir}/app");
    let mut args = vec!["new", &target, "--framework", framework, "--yes", "-q"];
    args.extend(extra.split_whitespace());
    sandbox.scaffold().args(&args).assert().success();
    sandbox.path(&target)
}

/// Every committed-or-not file but `.env`, `.git` and the decision records
/// (records are history: `add` writes its own, dated, instead of `new`'s).
fn comparable(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot_files(dir)
        .into_iter()
        .filter(|(path, _)| path != ".env" && !path.starts_with("docs/adr/"))
        .collect()
}

fn assert_same_trees(left: &Path, right: &Path, what: &str) {
    let (left, right) = (comparable(left), comparable(right));
    let paths = |files: &[(String, Vec<u8>)]| -> Vec<String> {
        files.iter().map(|(path, _)| path.clone()).collect()
    };
    assert_eq!(paths(&left), paths(&right), "{what}: the same paths");
    for ((path, a), (_, b)) in left.iter().zip(&right) {
        assert!(
            a == b,
            "{what}: {path} differs:\n--- after add\n{}\n--- fresh new\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
}

#[test]
fn scaffold_add_auth_admin_on_django_gives_the_tree_of_a_fresh_new_with_those_needs() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "day", "django", "");
    let fresh = new_app(&sandbox, "fresh", "django", "--needs auth,admin");
    // The team's own edits, committed before: a file of theirs and a change.
    let css = format!(
        "{}.ours {{ color: teal; }}\n",
        read(&app.join("static/css/site.css"))
    );
    fs::write(app.join("static/css/site.css"), &css).expect("edit");
    fs::write(
        app.join("core/tests/test_ours.py"),
        "def test_ours():\n    assert True\n",
    )
    .expect("write");
    sandbox.git(&app, &["add", "-A"]);
    sandbox.git(&app, &["commit", "-qm", "Our edits"]);
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "auth", "admin", "--commit"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("Committed"), "{stderr}");
    assert_eq!(
        read(&app.join("static/css/site.css")),
        css,
        "the team's change stays"
    );
    assert!(
        app.join("core/tests/test_ours.py").is_file(),
        "the team's file stays"
    );
    assert_eq!(
        sandbox.git(&app, &["status", "--porcelain"]),
        "",
        "clean after --commit"
    );
    // Apart from the team's own edits, the tree is the fresh one.
    fs::remove_file(app.join("core/tests/test_ours.py")).expect("remove");
    fs::copy(
        fresh.join("static/css/site.css"),
        app.join("static/css/site.css"),
    )
    .expect("copy");
    assert_same_trees(&app, &fresh, "django + auth, admin");
    sandbox.git(&app, &["checkout", "-q", "--", "."]);
    let log = sandbox.git(&app, &["log", "--format=%s"]);
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        [
            "Add authentication and the admin panel",
            "Our edits",
            "Initial commit from scaffold"
        ]
    );
    let record = read(&app.join("docs/adr/0003-add-authentication-and-the-admin-panel.md"));
    assert!(record.contains("status: \"accepted\""), "{record}");
    assert!(
        record.contains("the answer `needs` changed from `none` to `admin,auth`"),
        "{record}"
    );
    let index = read(&app.join("docs/adr/README.md"));
    assert!(index.contains("ADR-0003"), "{index}");
    sandbox
        .scaffold()
        .current_dir(&app)
        .args(["adr", "check"])
        .assert()
        .success();
    // The base moved on: the tree scaffold generated for the new answers.
    let base_manifest = sandbox.git(&app, &["show", "refs/scaffold/base:.scaffold.toml"]);
    assert_eq!(base_manifest, read(&app.join(".scaffold.toml")));
}

#[test]
fn every_layer_added_to_a_plain_starter_gives_the_tree_new_generates_with_it() {
    let sandbox = Sandbox::with_git_identity();
    for framework in FRAMEWORKS {
        for layer in ["orm", "auth", "admin", "realtime", "data"] {
            let dir = format!("{framework}-{layer}");
            let app = new_app(&sandbox, &format!("{dir}/day"), framework, "");
            let fresh = new_app(
                &sandbox,
                &format!("{dir}/fresh"),
                framework,
                answer_for(layer),
            );
            let fresh_manifest = read(&fresh.join(".scaffold.toml"));
            let generated = fresh_manifest
                .lines()
                .find(|line| line.starts_with("generated = "))
                .expect("a generated line")
                .to_owned();
            let before = snapshot_files(&app);
            let output = sandbox
                .scaffold()
                .current_dir(&app)
                .args(["add", layer, "--commit"])
                .output()
                .expect("runs");
            if generated.contains(&format!("\"{layer}\"")) {
                assert!(
                    output.status.success(),
                    "{framework} + {layer}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                assert_same_trees(&app, &fresh, &format!("{framework} + {layer}"));
            } else {
                // The framework has no such layer: refused, with the reason, and nothing touched.
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert_eq!(
                    output.status.code(),
                    Some(2),
                    "{framework} + {layer}: {stderr}"
                );
                assert!(
                    stderr.contains(&format!(
                        "cannot add the {layer} layer to this Express project"
                    )),
                    "{stderr}"
                );
                assert_eq!(snapshot_files(&app), before, "nothing written");
            }
        }
    }
}

#[test]
fn a_user_edit_to_a_file_the_layer_changes_is_a_reported_conflict_never_overwritten() {
    let sandbox = Sandbox::with_git_identity();
    for framework in FRAMEWORKS {
        let app = new_app(&sandbox, framework, framework, "");
        // The files `add auth` would update, from its dry run.
        let plan = sandbox
            .scaffold()
            .current_dir(&app)
            .args(["add", "auth", "--dry-run", "--json"])
            .assert()
            .success();
        let plan: Value = serde_json::from_slice(&plan.get_output().stdout).expect("JSON");
        let updated: Vec<String> = plan["files"]
            .as_array()
            .expect("files")
            .iter()
            .filter(|file| {
                file["change"] == "updated"
                    && file["path"] != ".scaffold.toml"
                    && file["path"] != "README.md"
            })
            .map(|file| file["path"].as_str().expect("path").to_owned())
            .collect();
        let edited = updated.first().expect("auth updates a shared file").clone();
        let mine = format!(
            "{}\n# the team's own line\n",
            read(&app.join(&edited)).replace('\n', "\n# changed by the team\n")
        );
        fs::write(app.join(&edited), &mine).expect("edit");
        sandbox.git(&app, &["commit", "-qam", "Our change"]);
        let head = sandbox.git(&app, &["rev-parse", "HEAD"]);

        let output = sandbox
            .scaffold()
            .current_dir(&app)
            .args(["add", "auth", "--commit"])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{framework}: {stderr}");
        assert!(
            stderr.contains(&format!("conflict  {edited}")),
            "{framework}: {stderr}"
        );
        assert!(stderr.contains("have conflicts"), "{stderr}");
        assert!(
            stderr.contains("hint: resolve the conflict markers"),
            "{stderr}"
        );
        let merged = read(&app.join(&edited));
        assert!(
            merged.contains("<<<<<<< yours") && merged.contains(">>>>>>> scaffold"),
            "{merged}"
        );
        assert!(
            merged.contains("# the team's own line"),
            "the user's lines stay: {merged}"
        );
        assert_eq!(
            sandbox.git(&app, &["rev-parse", "HEAD"]),
            head,
            "nothing committed"
        );
        let status = sandbox.git(&app, &["status", "--porcelain"]);
        assert!(status.contains(&edited), "{status}");
    }
}

#[test]
fn a_dirty_work_tree_is_refused_with_exit_2_and_allow_dirty_merges_into_it() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "d", "flask", "");
    fs::write(app.join("notes.txt"), "mine\n").expect("write");
    let before = snapshot_files(&app);
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "orm"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(
        stderr.contains("uncommitted changes: notes.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-dirty"), "{stderr}");
    assert_eq!(snapshot_files(&app), before, "nothing written");

    sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "orm", "--allow-dirty"])
        .assert()
        .success();
    assert_eq!(read(&app.join("notes.txt")), "mine\n");
    assert!(read(&app.join(".scaffold.toml")).contains("generated = [\"orm\"]"));
    let head = sandbox.git(&app, &["log", "--format=%s"]);
    assert_eq!(
        head.lines().count(),
        1,
        "nothing committed without --commit"
    );
}

#[test]
fn add_outside_a_generated_repo_exits_2_and_says_where_to_run_it() {
    let sandbox = Sandbox::new();
    let assert = sandbox.scaffold().args(["add", "auth"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("no .scaffold.toml in"), "{stderr}");
    assert!(
        stderr.contains("hint: run it inside a repo `scaffold new` generated"),
        "{stderr}"
    );
    let assert = sandbox.scaffold().args(["add", "cache"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("unknown layer `cache`"), "{stderr}");
}

#[test]
fn add_runs_from_a_subfolder_and_a_layer_already_there_is_only_noted() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "s", "django", "--needs orm");
    let assert = sandbox
        .scaffold()
        .current_dir(app.join("docs"))
        .args(["add", "orm"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("already has the orm layer"), "{stderr}");
    assert!(stderr.contains("Nothing to add"), "{stderr}");
    assert_eq!(sandbox.git(&app, &["status", "--porcelain"]), "");
}

#[test]
fn dry_run_lists_the_changes_on_stdout_and_writes_nothing() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "r", "express", "");
    let before = snapshot_files(&app);
    let base = sandbox.git(&app, &["rev-parse", "refs/scaffold/base"]);
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "auth", "--dry-run"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout);
    assert!(stdout.contains("updated   package.json"), "{stdout}");
    assert!(
        stdout.contains("env       .env"),
        "Express's auth needs SESSION_SECRET: {stdout}"
    );
    assert_eq!(snapshot_files(&app), before);
    assert_eq!(
        sandbox.git(&app, &["rev-parse", "refs/scaffold/base"]),
        base
    );
}

#[test]
fn add_with_json_prints_one_object_naming_the_layers_files_record_and_commit() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "j", "flask", "");
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "admin", "--commit", "--json"])
        .assert()
        .success();
    let output = assert.get_output();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "--json keeps stderr quiet"
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(report["command"], "add");
    assert_eq!(
        report["layers_added"],
        serde_json::json!(["orm", "auth", "admin"]),
        "Flask's admin brings the layers it needs"
    );
    assert_eq!(report["conflicts"], serde_json::json!([]));
    assert_eq!(report["record"], "docs/adr/0003-add-the-admin-panel.md");
    assert_eq!(
        report["commit"].as_str().expect("a commit"),
        sandbox.git(&app, &["rev-parse", "HEAD"]).trim()
    );
}

#[test]
fn upgrade_of_a_repo_from_an_older_scaffold_uses_its_first_commit_and_records_the_version() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "u", "flask", "");
    let fresh = new_app(&sandbox, "f", "flask", "");
    // As scaffold 0.0.9 left it: no base recorded, no name in the manifest,
    // its own version in the README.
    sandbox.git(&app, &["update-ref", "-d", "refs/scaffold/base"]);
    let manifest = read(&app.join(".scaffold.toml"))
        .replace("version = \"0.1.0\"", "version = \"0.0.9\"")
        .replace("name = \"app\"\nbase = \"refs/scaffold/base\"\n", "");
    fs::write(app.join(".scaffold.toml"), manifest).expect("write");
    let readme = read(&app.join("README.md")).replace(
        "Generated by scaffold 0.1.0.",
        "Generated by scaffold 0.0.9.",
    );
    fs::write(app.join("README.md"), readme).expect("write");
    sandbox.git(
        &app,
        &[
            "commit",
            "-qa",
            "--amend",
            "-m",
            "Initial commit from scaffold",
        ],
    );
    // A change of the team's own, in a later commit.
    let page = app.join("app/templates/index.html");
    let ours = format!("{}<!-- ours -->\n", read(&page));
    fs::write(&page, &ours).expect("write");
    sandbox.git(&app, &["commit", "-qam", "Our page"]);

    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["upgrade", "--commit"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("the first commit"), "{stderr}");
    assert!(stderr.contains("updated   README.md"), "{stderr}");
    assert!(stderr.contains("updated   .scaffold.toml"), "{stderr}");
    assert!(read(&app.join(".scaffold.toml")).contains("version = \"0.1.0\""));
    assert_eq!(read(&page), ours, "the team's change stays");
    fs::write(&page, read(&fresh.join("app/templates/index.html"))).expect("undo ours");
    assert_same_trees(&app, &fresh, "upgraded");
    assert!(
        sandbox
            .git(&app, &["rev-parse", "refs/scaffold/base"])
            .len()
            > 10,
        "a base now"
    );
}

#[test]
fn upgrade_with_nothing_new_changes_nothing() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "n", "django", "");
    let before = snapshot_files(&app);
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["upgrade", "--dry-run"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&assert.get_output().stdout),
        "nothing to change\n"
    );
    assert_eq!(snapshot_files(&app), before);
    let base = sandbox.git(&app, &["rev-parse", "refs/scaffold/base"]);
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["upgrade"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("Up to date"), "{stderr}");
    assert_eq!(snapshot_files(&app), before);
    assert_eq!(
        sandbox.git(&app, &["rev-parse", "refs/scaffold/base"]),
        base
    );
}

#[test]
fn the_commit_of_add_is_signed_by_the_repositorys_own_identity() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "app", "--framework", "express", "--yes", "-q"])
        .assert()
        .success();
    let app = sandbox.path("app");
    sandbox.git(&app, &["config", "user.name", "Repo Local"]);
    sandbox.git(&app, &["config", "user.email", "local@example.com"]);
    sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "orm", "--commit", "-q"])
        .assert()
        .success();
    assert_eq!(
        sandbox.git(&app, &["log", "-1", "--format=%an <%ae>"]),
        "Repo Local <local@example.com>\n"
    );
}

#[test]
fn reconsider_with_the_same_answers_notes_in_the_record_that_the_decision_still_holds() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "h", "django", "--needs admin");
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["reconsider", "--yes"])
        .assert()
        .success();
    let output = assert.get_output();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("recorded") && stdout.contains("now"),
        "{stdout}"
    );
    assert!(stdout.contains("1.   Django"), "{stdout}");
    assert!(stdout.contains("No answer changed."), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Django still ranks first"), "{stderr}");
    let record = read(&app.join("docs/adr/0002-use-django-as-the-backend-framework.md"));
    assert!(
        record.contains(
            "## Re-evaluations\n\n* 2026-01-15: Re-evaluated: still holds (no answer changed;"
        ),
        "{record}"
    );
    sandbox
        .scaffold()
        .current_dir(&app)
        .args(["adr", "check"])
        .assert()
        .success();
}

#[test]
fn reconsider_when_another_framework_wins_proposes_it_and_suggests_compare_and_add() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "w", "django", "");
    let before = snapshot_files(&app);
    let dry = sandbox
        .scaffold()
        .current_dir(&app)
        .args([
            "reconsider",
            "--team",
            "javascript",
            "--realtime",
            "yes",
            "--dry-run",
            "--json",
        ])
        .assert()
        .success();
    let report: Value = serde_json::from_slice(&dry.get_output().stdout).expect("JSON");
    assert_eq!(report["still_holds"], false);
    assert_eq!(report["winner_now"], "express");
    assert_eq!(report["record"], Value::Null);
    assert_eq!(report["add_command"], "scaffold add realtime");
    assert_eq!(snapshot_files(&app), before, "a dry run writes nothing");

    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args([
            "reconsider",
            "--team",
            "javascript",
            "--realtime",
            "yes",
            "--yes",
        ])
        .assert()
        .success();
    let output = assert.get_output();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("team: python -> javascript"), "{stdout}");
    assert!(stdout.contains("realtime: no -> yes"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Express now ranks first, ahead of Django"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scaffold new app --compare express,django"),
        "{stderr}"
    );
    assert!(stderr.contains("scaffold add realtime"), "{stderr}");
    let proposed = read(&app.join("docs/adr/0003-use-express-as-the-backend-framework.md"));
    assert!(proposed.contains("status: \"proposed\""), "{proposed}");
    assert!(
        proposed.contains("[ADR-0002](0002-use-django-as-the-backend-framework.md)"),
        "{proposed}"
    );
    assert!(
        proposed.contains("| Framework | Recorded score | Score now |"),
        "{proposed}"
    );
    let old = read(&app.join("docs/adr/0002-use-django-as-the-backend-framework.md"));
    assert!(
        old.contains("status: \"accepted\""),
        "the current decision stands until accepted"
    );
    assert!(read(&app.join("docs/adr/README.md")).contains("ADR-0003"));
    sandbox
        .scaffold()
        .current_dir(&app)
        .args(["adr", "check"])
        .assert()
        .success();
}

#[test]
fn a_failure_after_the_merge_is_written_puts_every_file_back_and_keeps_the_base() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "e", "django", "");
    // The records folder cannot be written: a file stands where it should be.
    fs::write(app.join(".adr-dir"), "decisions\n").expect("write");
    fs::write(app.join("decisions"), "not a folder\n").expect("write");
    let before = snapshot_files(&app);
    let base = sandbox.git(&app, &["rev-parse", "refs/scaffold/base"]);
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "auth", "--allow-dirty", "--commit"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("decisions"), "{stderr}");
    assert_eq!(snapshot_files(&app), before, "every file as it was");
    assert_eq!(
        sandbox.git(&app, &["rev-parse", "refs/scaffold/base"]),
        base
    );
    assert_eq!(
        sandbox.git(&app, &["log", "--format=%s"]).lines().count(),
        1
    );
}

#[test]
fn a_generated_folder_without_a_repository_of_its_own_is_refused_with_exit_2() {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args([
            "new",
            "plain",
            "--framework",
            "flask",
            "--yes",
            "--no-git",
            "-q",
        ])
        .assert()
        .success();
    let assert = sandbox
        .scaffold()
        .current_dir(sandbox.path("plain"))
        .args(["upgrade"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(
        stderr.contains("is not the root of a git repository"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: run `git init"), "{stderr}");

    // Inside another work tree (a monorepo), `new` makes no repository of its own.
    fs::create_dir_all(sandbox.path("mono")).expect("dir");
    sandbox.git(&sandbox.path("mono"), &["init", "-q"]);
    sandbox
        .scaffold()
        .args(["new", "mono/svc", "--framework", "flask", "--yes", "-q"])
        .assert()
        .success();
    let assert = sandbox
        .scaffold()
        .current_dir(sandbox.path("mono/svc"))
        .args(["add", "orm"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(stderr.contains("it lies inside the work tree"), "{stderr}");
}

#[test]
fn an_add_the_user_threw_away_is_not_taken_for_generated_next_time() {
    let sandbox = Sandbox::with_git_identity();
    let app = new_app(&sandbox, "t", "django", "");
    let fresh = new_app(&sandbox, "f", "django", "--needs auth");
    sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "auth", "-q"])
        .assert()
        .success();
    // The team changes its mind, and throws the uncommitted result away.
    sandbox.git(&app, &["checkout", "-q", "--", "."]);
    sandbox.git(&app, &["clean", "-qfd"]);
    let assert = sandbox
        .scaffold()
        .current_dir(&app)
        .args(["add", "auth", "--commit"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr);
    assert!(
        stderr.contains("the newest base does not match this .scaffold.toml"),
        "{stderr}"
    );
    assert_same_trees(&app, &fresh, "auth added again");
}
