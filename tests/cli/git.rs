//! The first commit: on main (or the user's default branch), holding every
//! file, with a clean status, executable modes, and an identity even when
//! git has none; and no nested repository inside an existing one.

use crate::support::{read, Sandbox};
use predicates::prelude::*;
use std::fs;

fn committed_files(sandbox: &Sandbox, project: &str) -> Vec<String> {
    let listing = sandbox.git(
        &sandbox.path(project),
        &["ls-tree", "-r", "--name-only", "HEAD"],
    );
    listing.lines().map(str::to_owned).collect()
}

fn files_on_disk(sandbox: &Sandbox, project: &str) -> Vec<String> {
    crate::support::snapshot_files(&sandbox.path(project))
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path != ".env")
        .collect()
}

#[test]
fn one_commit_on_main_holds_every_file_and_leaves_a_clean_tree() {
    for framework in ["django", "flask", "express"] {
        let sandbox = Sandbox::with_git_identity();
        sandbox
            .scaffold()
            .args(["new", "my-app", "--framework", framework, "--yes"])
            .assert()
            .success();
        let project = sandbox.path("my-app");
        assert_eq!(
            sandbox
                .git(&project, &["rev-parse", "--abbrev-ref", "HEAD"])
                .trim(),
            "main"
        );
        assert_eq!(
            sandbox
                .git(&project, &["rev-list", "--count", "HEAD"])
                .trim(),
            "1"
        );
        assert_eq!(
            sandbox.git(&project, &["status", "--porcelain", "--ignored=no"]),
            ""
        );
        assert_eq!(
            sandbox
                .git(&project, &["log", "-1", "--format=%s|%an <%ae>"])
                .trim(),
            "Initial commit from scaffold|Test User <test@example.com>"
        );
        assert_eq!(
            committed_files(&sandbox, "my-app"),
            files_on_disk(&sandbox, "my-app")
        );
    }
}

/// scaffold writes the commit's blobs from the bytes it wrote, not by
/// reading the files back: the tree must still be exactly the one git's own
/// `git add` makes of the files on disk (same modes, same line endings).
#[test]
fn the_first_commit_holds_the_tree_git_add_makes_of_the_files_on_disk() {
    for framework in ["django", "flask", "express"] {
        let sandbox = Sandbox::with_git_identity();
        sandbox
            .scaffold()
            .args(["new", "my-app", "--framework", framework, "--yes"])
            .args([
                "--needs",
                "orm,auth,admin",
                "--realtime",
                "yes",
                "--data",
                "yes",
            ])
            .assert()
            .success();
        let project = sandbox.path("my-app");
        assert_eq!(sandbox.git(&project, &["status", "--porcelain"]), "");
        let committed = sandbox.git(&project, &["rev-parse", "HEAD^{tree}"]);
        sandbox.git(&project, &["rm", "-r", "-q", "--cached", "."]);
        sandbox.git(&project, &["add", "-A"]);
        let added = sandbox.git(&project, &["write-tree"]);
        assert_eq!(committed, added, "{framework}");
    }
}

#[test]
fn executables_are_executable_on_disk_and_in_the_commit() {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args(["new", "webapp", "--framework", "django", "--yes"])
        .assert()
        .success();
    let project = sandbox.path("webapp");
    let staged = sandbox.git(&project, &["ls-files", "-s", "manage.py"]);
    assert!(staged.starts_with("100755 "), "{staged}");
    let readme = sandbox.git(&project, &["ls-files", "-s", "README.md"]);
    assert!(readme.starts_with("100644 "), "{readme}");
    #[cfg(unix)]
    assert_eq!(
        crate::support::mode(&fs::metadata(project.join("manage.py")).expect("meta")),
        0o755
    );
}

#[test]
fn without_a_git_identity_the_commit_uses_the_fallback_and_says_so() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "flask", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("git has no user.name/user.email"));
    let project = sandbox.path("my-app");
    assert_eq!(
        sandbox
            .git(&project, &["log", "-1", "--format=%an <%ae>"])
            .trim(),
        "scaffold <scaffold@localhost>"
    );
    assert_eq!(sandbox.git(&project, &["status", "--porcelain"]), "");
}

#[test]
fn the_author_flag_signs_the_commit_when_git_has_no_identity() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args([
            "new",
            "my-app",
            "--framework",
            "express",
            "--yes",
            "--author",
            "Ada Lovelace <ada@example.com>",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("user.name").not());
    assert_eq!(
        sandbox
            .git(
                &sandbox.path("my-app"),
                &["log", "-1", "--format=%an <%ae>"]
            )
            .trim(),
        "Ada Lovelace <ada@example.com>"
    );
}

#[test]
fn the_users_default_branch_is_respected() {
    let sandbox = Sandbox::with_git_identity();
    sandbox.write_gitconfig(
        "[user]\n\tname = T\n\temail = t@example.com\n[init]\n\tdefaultBranch = trunk\n",
    );
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "flask", "--yes"])
        .assert()
        .success();
    assert_eq!(
        sandbox
            .git(
                &sandbox.path("my-app"),
                &["rev-parse", "--abbrev-ref", "HEAD"]
            )
            .trim(),
        "trunk"
    );
}

#[test]
fn a_global_gitignore_cannot_drop_a_planned_file() {
    let sandbox = Sandbox::with_git_identity();
    fs::write(
        sandbox.home().join("global-ignore"),
        ".env*\n*.md\nstatic/\n",
    )
    .expect("write");
    sandbox.write_gitconfig(&format!(
        "[user]\n\tname = T\n\temail = t@example.com\n[core]\n\texcludesFile = {}\n",
        sandbox.home().join("global-ignore").display()
    ));
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "django", "--yes"])
        .assert()
        .success();
    let committed = committed_files(&sandbox, "my-app");
    for path in [".env.example", "README.md", "static/css/site.css"] {
        assert!(
            committed.iter().any(|c| c == path),
            "{path} missing from {committed:?}"
        );
    }
    assert!(!committed.iter().any(|c| c == ".env"));
}

#[test]
fn inside_an_existing_work_tree_no_nested_repository_is_created() {
    let sandbox = Sandbox::with_git_identity();
    sandbox.git(&sandbox.work(), &["init", "-q"]);
    sandbox
        .scaffold()
        .args(["new", "services/api", "--framework", "express", "--yes"])
        .assert()
        .code(2);
    fs::create_dir(sandbox.path("services")).expect("mkdir");
    sandbox
        .scaffold()
        .args(["new", "services/api", "--framework", "express", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("inside the git work tree"));
    assert!(sandbox.path("services/api/package.json").is_file());
    assert!(!sandbox.path("services/api/.git").exists());
    assert_eq!(
        sandbox
            .git(&sandbox.work(), &["rev-list", "--all", "--count"])
            .trim(),
        "0"
    );
}

#[test]
fn no_git_skips_the_repository() {
    let sandbox = Sandbox::new();
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "flask", "--yes", "--no-git"])
        .assert()
        .success();
    assert!(!sandbox.path("my-app/.git").exists());
    assert!(read(&sandbox.path("my-app/.gitignore")).contains(".env"));
}

#[test]
fn an_unusable_default_branch_is_refused_before_any_work() {
    let sandbox = Sandbox::with_git_identity();
    // An impossible branch name once made git's init fail after the files
    // were staged; it is now checked first. (A git failure after staging is
    // covered by the full-disk sweep in reliability.rs.)
    sandbox.write_gitconfig(
        "[user]\n\tname = T\n\temail = t@example.com\n[init]\n\tdefaultBranch = bad..name\n",
    );
    sandbox
        .scaffold()
        .args(["new", "my-app", "--framework", "flask", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the git setting init.defaultBranch = 'bad..name' is not usable",
        ))
        .stderr(predicate::str::contains("or pass --no-git"));
    assert!(
        sandbox.work_entries().is_empty(),
        "{:?}",
        sandbox.work_entries()
    );
}
