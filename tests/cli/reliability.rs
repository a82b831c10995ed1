//! A hostile machine and hostile input: a disk that fills up, inputs that
//! never end, tools that hang, Ctrl-C, odd targets, bad identities, a stdout
//! that cannot be written. Each test is a class of defect that once let
//! scaffold report success that did not happen, hang, or fail late.

#[cfg(unix)]
use crate::support::{alive, interrupted, mode, root_for, started_pid};
use crate::support::{read, words, Sandbox};
use predicates::prelude::*;
use std::fs;
#[cfg(unix)]
use std::os::unix::fs::{MetadataExt, PermissionsExt};
#[cfg(unix)]
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::process::{Command, Output, Stdio};
#[cfg(unix)]
use std::time::{Duration, Instant};

#[cfg(unix)]
/// Runs a command to its end, failing the test if it takes longer than `limit`.
fn run_within(mut command: Command, limit: Duration) -> Output {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the command did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
/// A tmpfs of a given size mounted on a fresh directory; unmounted on drop.
/// Mounting needs root: the tests that mount ask [`root_for`] first.
struct Tmpfs {
    dir: PathBuf,
}

#[cfg(unix)]
impl Tmpfs {
    fn mount(dir: PathBuf, size: &str) -> Tmpfs {
        fs::create_dir_all(&dir).expect("mount point");
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .expect("mount runs");
        assert!(
            output.status.success(),
            "THIS TEST NEEDS TO MOUNT A TMPFS (run it as root, where mount is permitted): \
             mount -t tmpfs -o size={size} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Tmpfs { dir }
    }
}

#[cfg(unix)]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

#[cfg(unix)]
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "lost+found")
        .collect();
    names.sort();
    names
}

// ---- the critical one: a full disk never gives a reported commit that is not there

#[cfg(unix)]
#[test]
fn a_full_disk_fails_the_run_naming_it_and_a_reported_commit_is_on_its_branch() {
    if !root_for(
        "reliability::a_full_disk_fails_the_run_naming_it_and_a_reported_commit_is_on_its_branch",
        "it mounts small tmpfs file systems",
    ) {
        return;
    }
    let sandbox = Sandbox::with_git_identity();
    for framework in ["flask", "express", "django"] {
        // How much a whole project takes, measured on a roomy tmpfs.
        let roomy = Tmpfs::mount(sandbox.path(&format!("roomy-{framework}")), "64m");
        sandbox
            .scaffold()
            .current_dir(&roomy.dir)
            .args(["new", "app", "--framework", framework, "--yes"])
            .assert()
            .success();
        let needed = used_bytes(&roomy.dir);
        drop(roomy);

        let (mut failed, mut succeeded) = (0, 0);
        let step = 4096;
        let mut size = needed / 4 / step * step;
        while size <= needed + 8 * step {
            let disk = Tmpfs::mount(
                sandbox.path(&format!("disk-{framework}")),
                &size.to_string(),
            );
            let output = sandbox
                .scaffold()
                .current_dir(&disk.dir)
                .args(["new", "app", "--framework", framework, "--yes", "--json"])
                .output()
                .expect("scaffold runs");
            let stderr = stderr_of(&output);
            if output.status.success() {
                succeeded += 1;
                let json: serde_json::Value =
                    serde_json::from_slice(&output.stdout).expect("JSON on success");
                let id = json["git"]["commit"]
                    .as_str()
                    .expect("a commit id")
                    .to_owned();
                let project = disk.dir.join("app");
                let on_branch = sandbox.git(&project, &["rev-parse", "refs/heads/main"]);
                assert_eq!(on_branch.trim(), id, "{framework} at {size}: {stderr}");
                sandbox.git(&project, &["fsck", "--no-dangling"]);
                // (A plain `git status` would try to refresh the index on the full disk.)
                let status =
                    sandbox.git(&project, &["--no-optional-locks", "status", "--porcelain"]);
                assert_eq!(status, "", "{framework} at {size}");
            } else {
                failed += 1;
                assert_eq!(
                    output.status.code(),
                    Some(1),
                    "{framework} at {size}: {stderr}"
                );
                assert!(
                    stderr.to_lowercase().contains("no space left on device"),
                    "{framework} at {size} bytes: the cause is not named: {stderr}"
                );
                assert!(output.stdout.is_empty(), "no result for a failed run");
                assert_eq!(
                    names_in(&disk.dir),
                    Vec::<String>::new(),
                    "{framework} at {size} bytes left something: {stderr}"
                );
            }
            size += step;
        }
        assert!(
            failed > 0 && succeeded > 0,
            "{framework}: the sweep must cover both outcomes ({failed} failed, {succeeded} succeeded)"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_file_system_out_of_inodes_fails_the_run_naming_it_and_leaves_nothing() {
    if !root_for(
        "reliability::a_file_system_out_of_inodes_fails_the_run_naming_it_and_leaves_nothing",
        "it mounts small tmpfs file systems",
    ) {
        return;
    }
    let sandbox = Sandbox::with_git_identity();
    for framework in ["express", "flask", "django"] {
        // How many inodes a whole project takes, on a roomy tmpfs.
        let roomy = Tmpfs::mount(sandbox.path(&format!("roomy-{framework}")), "64m");
        sandbox
            .scaffold()
            .current_dir(&roomy.dir)
            .args(["new", "app", "--framework", framework, "--yes"])
            .assert()
            .success();
        let stat = rustix::fs::statvfs(&roomy.dir).expect("statvfs");
        let needed = stat.f_files - stat.f_ffree;
        drop(roomy);

        let (mut failed, mut succeeded) = (0, 0);
        for inodes in (needed / 2)..=(needed + 4) {
            let disk = Tmpfs::mount(
                sandbox.path(&format!("inodes-{framework}")),
                &format!("64m,nr_inodes={inodes}"),
            );
            let output = sandbox
                .scaffold()
                .current_dir(&disk.dir)
                .args(["new", "app", "--framework", framework, "--yes"])
                .output()
                .expect("scaffold runs");
            let stderr = stderr_of(&output);
            if output.status.success() {
                succeeded += 1;
                let project = disk.dir.join("app");
                let status =
                    sandbox.git(&project, &["--no-optional-locks", "status", "--porcelain"]);
                assert_eq!(status, "", "{framework} at {inodes} inodes");
            } else {
                failed += 1;
                assert_eq!(
                    output.status.code(),
                    Some(1),
                    "{framework} at {inodes}: {stderr}"
                );
                assert!(
                    stderr.to_lowercase().contains("no space left on device"),
                    "{framework} at {inodes} inodes: the cause is not named: {stderr}"
                );
                assert_eq!(
                    names_in(&disk.dir),
                    Vec::<String>::new(),
                    "{framework} at {inodes} inodes left something: {stderr}"
                );
            }
        }
        assert!(
            failed > 0 && succeeded > 0,
            "{framework}: the sweep must cover both outcomes ({failed} failed, {succeeded} succeeded)"
        );
    }
}

#[cfg(unix)]
fn used_bytes(dir: &Path) -> u64 {
    let stat = rustix::fs::statvfs(dir).expect("statvfs");
    (stat.f_blocks - stat.f_bfree) * stat.f_frsize
}

// ---- reads that never end

#[cfg(unix)]
#[test]
fn an_answers_file_that_is_a_fifo_a_device_or_a_directory_is_refused_at_once() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.path("answers.fifo");
    mkfifo(&fifo);
    fs::create_dir(sandbox.path("answers.d")).expect("dir");
    for (path, kind) in [
        (fifo.clone(), "named pipe"),
        (PathBuf::from("/dev/zero"), "character device"),
        (sandbox.path("answers.d"), "directory"),
    ] {
        let mut command = sandbox.spawnable();
        command.args(["recommend", "--yes", "--answers"]).arg(&path);
        let output = run_within(command, Duration::from_secs(10));
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(kind), "{stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
}

#[test]
fn an_answers_file_over_the_size_limit_is_refused() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("big.toml");
    let mut text = "size = \"small\"\n".to_owned();
    text.push_str(&"# padding\n".repeat(40_000));
    fs::write(&path, text).expect("write");
    sandbox
        .scaffold()
        .args(["recommend", "--yes", "--answers", "big.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than the 262144 allowed"));
}

#[cfg(unix)]
#[test]
fn an_adr_dir_or_a_record_that_is_a_fifo_or_a_directory_is_refused_at_once() {
    let sandbox = Sandbox::new();
    mkfifo(&sandbox.path(".adr-dir"));
    let mut command = sandbox.spawnable();
    command.args(["adr", "list"]);
    let output = run_within(command, Duration::from_secs(10));
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("named pipe"));

    // A folder or a FIFO named like a record is not a record: never read.
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.path("docs/adr/0001-a-folder.md")).expect("a folder");
    mkfifo(&sandbox.path("docs/adr/0002-a-pipe.md"));
    for number in ["1", "2"] {
        let mut command = sandbox.spawnable();
        command.args(["adr", "show", number]);
        let output = run_within(command, Duration::from_secs(10));
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("there is no record numbered"), "{stderr}");
    }
    // ... but named, not skipped silently.
    let mut command = sandbox.spawnable();
    command.args(["adr", "list"]);
    let output = run_within(command, Duration::from_secs(10));
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: skipped docs/adr/0002-a-pipe.md: it is a named pipe (FIFO), not a regular file"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: skipped docs/adr/0001-a-folder.md: it is a directory"),
        "{stderr}"
    );
    let mut command = sandbox.spawnable();
    command.args(["adr", "check"]);
    let output = run_within(command, Duration::from_secs(10));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("0002-a-pipe.md: it is named like a record but is a named pipe (FIFO)"),
        "{stdout}"
    );
}

// ---- tools that hang, and Ctrl-C

#[cfg(unix)]
/// A PATH whose `python3` never answers.
fn hanging_python(sandbox: &Sandbox) -> String {
    let bin = sandbox.path("bin");
    fs::create_dir_all(&bin).expect("bin");
    let script = bin.join("python3");
    fs::write(&script, "#!/bin/sh\nexec sleep 600\n").expect("script");
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod");
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[cfg(unix)]
#[test]
fn doctor_reports_a_tool_that_does_not_answer_instead_of_hanging() {
    let sandbox = Sandbox::new();
    let mut command = sandbox.spawnable();
    command.arg("doctor").env("PATH", hanging_python(&sandbox));
    let started = Instant::now();
    let output = run_within(command, Duration::from_secs(30));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("did not answer in 5 s"), "{stdout}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "probes run side by side"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn ctrl_c_sigterm_or_sighup_during_a_hanging_probe_exits_130_with_no_escape_codes_in_redirected_stderr(
) {
    let sandbox = Sandbox::new();
    for signal in ["-INT", "-TERM", "-HUP"] {
        let mut child = sandbox
            .spawnable()
            .arg("doctor")
            .env("PATH", hanging_python(&sandbox))
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // Time to start and install its handler, even on a loaded machine.
        std::thread::sleep(Duration::from_millis(2000));
        let interrupted = Instant::now();
        let status = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while child.try_wait().expect("wait").is_none() {
            assert!(Instant::now() < deadline, "{signal} was ignored");
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = child.wait_with_output().expect("output");
        assert!(interrupted.elapsed() < Duration::from_secs(3), "{signal}");
        assert_eq!(
            output.status.code(),
            Some(130),
            "{signal}: {}",
            stderr_of(&output)
        );
        assert!(
            !output.stderr.contains(&0x1b),
            "escape codes in redirected stderr: {:?}",
            stderr_of(&output)
        );
    }
}

#[cfg(unix)]
#[test]
fn sigterm_or_sighup_during_install_stops_the_installer_and_what_it_started() {
    let sandbox = Sandbox::with_git_identity();
    let bin = sandbox.path("bin");
    fs::create_dir_all(&bin).expect("bin");
    // A python3 that knows its version, and otherwise (`-m venv`) starts a
    // child that never ends, writing its pid beside the script.
    let script = bin.join("python3");
    fs::write(
        &script,
        "#!/bin/sh\ncase \"$1\" in --version|-V) echo 'Python 3.12.3'; exit 0;; esac\n\
         sleep 600 &\necho $! > \"$0.pid\"\nwait\n",
    )
    .expect("script");
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod");
    let pid_file = bin.join("python3.pid");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (round, signal) in ["-TERM", "-HUP"].into_iter().enumerate() {
        let _ = fs::remove_file(&pid_file);
        let name = format!("svc{round}");
        let child = sandbox
            .spawnable()
            .args(["new", &name, "--framework", "flask", "--yes", "--install"])
            .env("PATH", &path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let pid = started_pid(&pid_file, "the install");
        interrupted(child, signal);
        assert!(
            !alive(pid.trim()),
            "{signal}: the installer's child still runs"
        );
        // The repo was complete before the install, and stays.
        assert!(sandbox.path(&name).join(".git").is_dir(), "{signal}");
    }
}

// ---- targets decided up front

#[cfg(unix)]
#[test]
fn an_empty_directory_is_filled_in_place_keeping_owner_group_mode_and_setgid() {
    if !root_for(
        "reliability::an_empty_directory_is_filled_in_place_keeping_owner_group_mode_and_setgid",
        "it gives a folder to another user",
    ) {
        return;
    }
    let sandbox = Sandbox::with_git_identity();
    let target = sandbox.path("svc");
    fs::create_dir(&target).expect("empty target");
    std::os::unix::fs::chown(&target, Some(4321), Some(4321)).expect("chown (as root)");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o2770)).expect("chmod");
    let before = fs::metadata(&target).expect("meta");
    sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes"))
        .assert()
        .success();
    let after = fs::metadata(&target).expect("meta");
    assert_eq!(
        after.ino(),
        before.ino(),
        "the same directory, not a replacement"
    );
    assert_eq!((after.uid(), after.gid()), (4321, 4321));
    assert_eq!(after.mode() & 0o7777, 0o2770);
    assert!(target.join("README.md").is_file());
    // (git refuses to read a repository another user owns unless told to.)
    let status = sandbox.git(
        &target,
        &["-c", "safe.directory=*", "status", "--porcelain"],
    );
    assert_eq!(status, "");
    assert_eq!(sandbox.work_entries(), vec!["svc"]);
    // The setgid directory's group is inherited by what was created in it.
    assert_eq!(
        fs::metadata(target.join("README.md")).expect("meta").gid(),
        4321
    );
}

#[cfg(unix)]
#[test]
fn two_runs_filling_one_empty_directory_leave_one_whole_project_and_delete_nothing() {
    let sandbox = Sandbox::with_git_identity();
    for round in 0..4 {
        let name = format!("svc{round}");
        let target = sandbox.path(&name);
        fs::create_dir(&target).expect("empty target");
        let spawn = |framework: &str| {
            sandbox
                .spawnable()
                .args(["new", &name, "--framework", framework, "--yes"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let runs = [spawn("flask"), spawn("express")];
        let outputs: Vec<Output> = runs
            .into_iter()
            .map(|run| run.wait_with_output().expect("wait"))
            .collect();
        let winners: Vec<usize> = (0..2).filter(|&i| outputs[i].status.success()).collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round}: exactly one run wins: {:?} / {:?}",
            stderr_of(&outputs[0]),
            stderr_of(&outputs[1])
        );
        let loser = &outputs[1 - winners[0]];
        assert_ne!(loser.status.code(), Some(0));
        let framework = ["flask", "express"][winners[0]];
        assert!(
            read(&target.join(".scaffold.toml")).contains(&format!("framework = \"{framework}\"")),
            "round {round}: the tree is the winner's"
        );
        // The winner's commit matches its tree: nothing replaced, nothing missing.
        let status = sandbox.git(&target, &["status", "--porcelain", "--untracked-files=all"]);
        assert_eq!(status, "", "round {round}: {}", stderr_of(loser));
        assert!(
            !names_in(&target)
                .iter()
                .any(|name| name.starts_with(".scaffold-")),
            "round {round}: {:?}",
            names_in(&target)
        );
    }
}

#[cfg(unix)]
#[test]
fn an_empty_mount_point_is_filled_in_place_and_stays_mounted() {
    if !root_for(
        "reliability::an_empty_mount_point_is_filled_in_place_and_stays_mounted",
        "it mounts a tmpfs",
    ) {
        return;
    }
    let sandbox = Sandbox::with_git_identity();
    let volume = Tmpfs::mount(sandbox.path("volume"), "32m");
    fs::set_permissions(&volume.dir, fs::Permissions::from_mode(0o775)).expect("chmod");
    sandbox
        .scaffold()
        .args(words("new volume --framework express --yes"))
        .assert()
        .success();
    let mounts = read(Path::new("/proc/self/mountinfo"));
    assert!(
        mounts.contains(&format!(" {} ", volume.dir.display())),
        "still mounted"
    );
    assert!(volume.dir.join("package.json").is_file());
    assert_eq!(mode(&fs::metadata(&volume.dir).expect("meta")), 0o775);
    assert_eq!(sandbox.git(&volume.dir, &["status", "--porcelain"]), "");
    assert!(!names_in(&volume.dir)
        .iter()
        .any(|name| name.starts_with(".scaffold-")));
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_empty_directory_and_a_trailing_dot_fill_the_directory() {
    let sandbox = Sandbox::with_git_identity();
    fs::create_dir(sandbox.path("real")).expect("real dir");
    std::os::unix::fs::symlink("real", sandbox.path("link")).expect("symlink");
    sandbox
        .scaffold()
        .args(words("new link --framework flask --yes"))
        .assert()
        .success();
    assert!(fs::symlink_metadata(sandbox.path("link"))
        .expect("meta")
        .file_type()
        .is_symlink());
    assert!(sandbox.path("real/README.md").is_file());

    fs::create_dir(sandbox.path("dotted")).expect("empty dir");
    sandbox
        .scaffold()
        .args(words("new dotted/. --framework flask --yes"))
        .assert()
        .success();
    assert!(sandbox.path("dotted/README.md").is_file());
    sandbox
        .scaffold()
        .args(words("new fresh/. --framework flask --yes"))
        .assert()
        .success();
    assert!(sandbox.path("fresh/README.md").is_file());
}

#[cfg(unix)]
#[test]
fn a_shell_sitting_in_the_empty_target_is_not_left_in_a_deleted_directory() {
    let sandbox = Sandbox::with_git_identity();
    let target = sandbox.path("svc");
    fs::create_dir(&target).expect("empty target");
    let mut shell = Command::new("sleep")
        .arg("60")
        .current_dir(&target)
        .spawn()
        .expect("a process in the target");
    sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes"))
        .assert()
        .success();
    let cwd = fs::read_link(format!("/proc/{}/cwd", shell.id())).expect("its cwd");
    let _ = shell.kill();
    let _ = shell.wait();
    assert!(
        !cwd.to_string_lossy().ends_with("(deleted)"),
        "{}",
        cwd.display()
    );
    assert!(cwd.join("README.md").is_file());
}

#[cfg(unix)]
#[test]
fn targets_that_can_never_work_are_refused_before_any_work_naming_what_they_are() {
    let sandbox = Sandbox::new();
    std::os::unix::fs::symlink("nowhere", sandbox.path("dangling")).expect("symlink");
    fs::write(sandbox.path("file"), "x").expect("file");
    std::os::unix::fs::symlink("loop-b", sandbox.path("loop-a")).expect("symlink");
    std::os::unix::fs::symlink("loop-a", sandbox.path("loop-b")).expect("symlink");
    for (target, says) in [
        ("dangling", "a dangling symbolic link"),
        ("file/app", "is not a directory: it is a file"),
        (
            "loop-a/app",
            "is not a directory: it is a symbolic link loop",
        ),
        (
            "file/sub/app",
            "is not a directory: it is a path through a file",
        ),
    ] {
        let before = sandbox.work_entries();
        sandbox
            .scaffold()
            .args(["new", target, "--framework", "flask", "--yes"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains("mkdir -p").not());
        assert_eq!(sandbox.work_entries(), before, "{target}");
    }
}

// ---- identities and free text, checked before any work

#[test]
fn a_bad_author_or_git_identity_is_refused_up_front_naming_its_source() {
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.path("answers.toml"),
        "author = \"Ada\\u0085 <ada@example.com>\"\n",
    )
    .expect("answers");
    /// Extra arguments, extra environment, and what the error says.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 5] = [
        (
            &["--author", "Ada\nEvil <e@example.com>"],
            &[],
            "invalid --author",
        ),
        (&["--author", "Ada <ada"], &[], "invalid --author"),
        (
            &["--author", "Ada <not an address>"],
            &[],
            "invalid --author",
        ),
        (
            &["--answers", "answers.toml"],
            &[],
            "invalid `author` in answers.toml",
        ),
        (
            &[],
            &[
                ("GIT_AUTHOR_NAME", "Ada\nEvil"),
                ("GIT_AUTHOR_EMAIL", "a@example.com"),
            ],
            "invalid GIT_AUTHOR_NAME",
        ),
    ];
    for (args, env, says) in cases {
        let mut command = sandbox.scaffold();
        command
            .args(words("new svc --framework flask --yes"))
            .args(args);
        for (key, value) in env {
            command.env(key, value);
        }
        command
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
        assert_eq!(sandbox.work_entries(), vec!["answers.toml"], "{says}");
    }
}

#[test]
fn the_answers_files_author_signs_the_commit_like_author_does() {
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.path("answers.toml"),
        "author = \"Ada Lovelace <ada@example.com>\"\n",
    )
    .expect("answers");
    sandbox
        .scaffold()
        .args(words(
            "new svc --framework flask --yes --answers answers.toml",
        ))
        .assert()
        .success();
    let author = sandbox.git(&sandbox.path("svc"), &["log", "-1", "--format=%an <%ae>"]);
    assert_eq!(author.trim(), "Ada Lovelace <ada@example.com>");
}

#[test]
fn descriptions_with_control_characters_or_too_long_are_refused() {
    let sandbox = Sandbox::new();
    for description in [
        "carriage\rreturn".to_owned(),
        "tab\tseparated".to_owned(),
        "del\u{7f}".to_owned(),
        "x".repeat(501),
    ] {
        sandbox
            .scaffold()
            .args(words("new svc --framework flask --yes --no-git"))
            .args(["--description", &description])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid --description"));
        assert!(sandbox.work_entries().is_empty());
    }
}

#[test]
fn the_description_is_plain_text_in_the_readme() {
    let sandbox = Sandbox::new();
    let description = "Orders\n# Not a heading\n```unclosed fence <b>bold</b> *stars*";
    sandbox
        .scaffold()
        .args(words("new svc --framework express --yes --no-git"))
        .args(["--description", description])
        .assert()
        .success();
    let readme = read(&sandbox.path("svc/README.md"));
    assert!(
        readme.contains(r"Orders \# Not a heading \`\`\`unclosed fence \<b\>bold\</b\> \*stars\*"),
        "{readme}"
    );
    // The rest of the README is still outside any code block.
    assert!(readme.matches("```").count().is_multiple_of(2), "{readme}");
}

// ---- results that could not be written, and failures after the rename

#[cfg(unix)]
#[test]
fn a_result_that_cannot_be_written_to_stdout_exits_1() {
    let sandbox = Sandbox::with_git_identity();
    for args in [
        "recommend --yes --json",
        "recommend --yes",
        "completions bash",
        "manpage",
        "new svc --framework flask --yes --json",
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut command = sandbox.spawnable();
        command.args(words(args));
        let output = command
            .stdin(Stdio::null())
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{args}: {stderr}");
        assert!(
            stderr.contains("cannot write the result to standard output"),
            "{stderr}"
        );
        assert!(stderr.contains("No space left on device"), "{stderr}");
    }
    // The project itself was made, and its summary says so.
    assert!(sandbox.path("svc/README.md").is_file());
}

#[test]
fn a_failure_after_the_rename_still_reports_the_complete_repo() {
    let sandbox = Sandbox::with_git_identity();
    let output = sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes --json --install"))
        // The temp directory: TMPDIR on Unix, TMP (then TEMP) on Windows.
        .env("TMPDIR", sandbox.path("no-such-temp-dir"))
        .env("TMP", sandbox.path("no-such-temp-dir"))
        .env("TEMP", sandbox.path("no-such-temp-dir"))
        .output()
        .expect("runs");
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the JSON result");
    assert!(json["path"]
        .as_str()
        .is_some_and(|path| path.ends_with("svc")));
    assert!(json["git"]["commit"].is_string());
    assert!(
        stderr.contains("svc was created and is complete"),
        "{stderr}"
    );
    assert!(stderr.contains("Created svc"), "the summary: {stderr}");
}

// ---- cleanup under resource limits, umask, parallel runs

#[cfg(unix)]
#[test]
fn a_failure_under_tight_limits_leaves_no_staging_directory_and_no_secret() {
    let sandbox = Sandbox::with_git_identity();
    let scaffold = assert_cmd::cargo::cargo_bin("scaffold");
    let mut failures = 0;
    for limit in [
        "ulimit -f 1",
        "ulimit -n 5",
        "ulimit -n 6",
        "ulimit -n 7",
        "ulimit -n 8",
    ] {
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "{limit}; exec \"$SCAFFOLD\" new svc --framework django --yes"
            ))
            .current_dir(sandbox.work())
            .env("SCAFFOLD", &scaffold)
            .env("HOME", sandbox.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .expect("sh runs");
        let stderr = stderr_of(&output);
        if output.status.success() {
            fs::remove_dir_all(sandbox.path("svc")).expect("clean");
            continue;
        }
        failures += 1;
        assert_eq!(output.status.code(), Some(1), "{limit}: {stderr}");
        assert!(
            sandbox.work_entries().is_empty(),
            "{limit} left {:?}: {stderr}",
            sandbox.work_entries()
        );
    }
    assert!(failures >= 2, "the limits must make some runs fail");
}

#[cfg(unix)]
#[test]
fn files_and_directories_follow_the_umask_and_executables_stay_executable() {
    let sandbox = Sandbox::with_git_identity();
    let scaffold = assert_cmd::cargo::cargo_bin("scaffold");
    for (umask, file, executable, dir) in
        [("027", 0o640, 0o750, 0o750), ("077", 0o600, 0o700, 0o700)]
    {
        let name = format!("svc{umask}");
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"$SCAFFOLD\" new {name} --framework django --yes"
            ))
            .current_dir(sandbox.work())
            .env("SCAFFOLD", &scaffold)
            .env("HOME", sandbox.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .expect("sh runs");
        assert!(output.status.success(), "{}", stderr_of(&output));
        let project = sandbox.path(&name);
        let mode_of = |path: &str| mode(&fs::metadata(project.join(path)).expect("meta"));
        assert_eq!(mode_of("README.md"), file, "umask {umask}");
        assert_eq!(mode_of("manage.py"), executable, "umask {umask}");
        assert_eq!(mode_of(".env"), 0o600, "umask {umask}");
        assert_eq!(mode_of("docs"), dir, "umask {umask}");
        assert_eq!(mode_of("."), dir, "umask {umask}");
    }
}

// ---- paths, replays and errors that say where

#[cfg(unix)]
#[test]
fn a_parent_whose_name_is_not_utf8_is_refused_for_json_and_works_without() {
    use std::os::unix::ffi::OsStrExt;
    let sandbox = Sandbox::with_git_identity();
    let odd = sandbox.work().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    fs::create_dir(&odd).expect("a non-UTF-8 folder");
    sandbox
        .scaffold()
        .args(["new", "--framework", "flask", "--yes", "--json"])
        .arg(odd.join("svc"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid UTF-8"));
    assert_eq!(fs::read_dir(&odd).expect("list").count(), 0);
    sandbox
        .scaffold()
        .args(["new", "--framework", "flask", "--yes"])
        .arg(odd.join("svc"))
        .assert()
        .success();
}

#[test]
fn replaying_a_scaffold_toml_keeps_defaults_as_defaults() {
    let sandbox = Sandbox::with_git_identity();
    fs::create_dir_all(sandbox.path("a")).expect("a");
    fs::create_dir_all(sandbox.path("b")).expect("b");
    sandbox
        .scaffold()
        .args(words("new a/svc --team python --realtime no --yes"))
        .assert()
        .success();
    // No --yes: the file itself says which answers were defaults.
    sandbox
        .scaffold()
        .args(words("new b/svc --answers a/svc/.scaffold.toml"))
        .assert()
        .success();
    let record = "svc/docs/adr/0002-use-flask-as-the-backend-framework.md";
    assert_eq!(
        read(&sandbox.path(&format!("a/{record}"))),
        read(&sandbox.path(&format!("b/{record}")))
    );
    assert_eq!(
        read(&sandbox.path("a/svc/.scaffold.toml")),
        read(&sandbox.path("b/svc/.scaffold.toml"))
    );
}

#[test]
fn errors_in_answers_files_and_flags_say_where() {
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.path("latin1.toml"),
        b"size = \"small\"\nteam = \"caf\xe9\"\n",
    )
    .expect("write");
    fs::write(
        sandbox.path("array.toml"),
        "size = \"small\"\nneeds = [\n  \"auth\",\n  \"cache\",\n]\n",
    )
    .expect("write");
    fs::write(sandbox.path("quoted.toml"), "\"a=b\" = 1\n").expect("write");
    for (file, says) in [
        ("latin1.toml", "not valid UTF-8 (line 2)"),
        ("array.toml", "line 4, key `needs`"),
        ("quoted.toml", "key `a=b`"),
    ] {
        sandbox
            .scaffold()
            .args(["recommend", "--yes", "--answers", file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    sandbox
        .scaffold()
        .args(words("recommend --yes --needs none,admin"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'none' cannot be combined"));
}

#[cfg(unix)]
#[test]
fn a_staging_directory_in_use_by_another_run_is_not_reported_as_left_behind() {
    let sandbox = Sandbox::with_git_identity();
    let live = sandbox.path(".scaffold-live");
    let dead = sandbox.path(".scaffold-dead");
    fs::create_dir(&live).expect("live");
    fs::create_dir(&dead).expect("dead");
    // Another run holds the lock on its staging directory while it works.
    let held = fs::File::open(&live).expect("open");
    rustix::fs::flock(&held, rustix::fs::FlockOperation::NonBlockingLockExclusive).expect("lock");
    let output = sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes"))
        .output()
        .expect("runs");
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(".scaffold-dead looks left behind"),
        "{stderr}"
    );
    assert!(!stderr.contains(".scaffold-live"), "{stderr}");
    drop(held);
}

// ---- the records folder's lock

#[cfg(unix)]
#[test]
fn an_adr_lock_that_cannot_be_removed_or_taken_ends_in_a_clear_error_within_seconds() {
    let sandbox = Sandbox::with_git_identity();
    sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes --quiet"))
        .assert()
        .success();
    let dir = sandbox.path("svc/docs/adr");
    let lock = dir.join(".scaffold-adr-lock");
    // A stale lock that cannot be removed: a directory, from long ago.
    fs::create_dir(&lock).expect("lock dir");
    let touched = Command::new("touch")
        .args(["-d", "2020-01-01"])
        .arg(&lock)
        .status()
        .expect("touch");
    assert!(touched.success());
    let mut command = sandbox.spawnable();
    command
        .current_dir(sandbox.path("svc"))
        .args(["adr", "new", "Use Redis"]);
    let started = Instant::now();
    let output = run_within(command, Duration::from_secs(30));
    assert!(started.elapsed() < Duration::from_secs(15));
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains(".scaffold-adr-lock"), "{stderr}");
    assert!(
        stderr.contains("hint: if no other `scaffold adr` run is going on, delete it"),
        "{stderr}"
    );
    fs::remove_dir(&lock).expect("rmdir");

    // A live lock, held by a process that is there: an error within seconds.
    fs::write(&lock, format!("{}\n", std::process::id())).expect("live lock");
    let mut command = sandbox.spawnable();
    command
        .current_dir(sandbox.path("svc"))
        .args(["adr", "new", "Use Redis"]);
    let started = Instant::now();
    let output = run_within(command, Duration::from_secs(30));
    assert!(started.elapsed() < Duration::from_secs(15));
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("another `scaffold adr` run holds it"),
        "{}",
        stderr_of(&output)
    );

    // Ctrl-C while waiting for it: exit 130 at once.
    let mut child = sandbox
        .spawnable()
        .current_dir(sandbox.path("svc"))
        .args(["adr", "new", "Use Redis"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let signalled = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(
            signalled.elapsed() < Duration::from_secs(3),
            "Ctrl-C was ignored"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    assert_eq!(output.status.code(), Some(130), "{}", stderr_of(&output));
    assert!(
        read(&lock).trim() == std::process::id().to_string(),
        "the lock is not ours to remove"
    );
    assert!(!names_in(&dir).iter().any(|name| name.contains("use-redis")));
}

// ---- control characters never reach the terminal raw

#[test]
fn control_characters_in_an_answers_file_are_shown_escaped_never_sent_raw() {
    let sandbox = Sandbox::new();
    let cases = [
        "size = \"big\\u001b[2J\"\n",
        "\"key\\u001b]0;owned\\u0007\" = 1\n",
        "needs = [\"orm\\u009b2J\"]\n",
        "framework = \"fl\\u001b[2Jask\"\n",
        "package-name = \"x\\u001b[2J\"\nframework = \"flask\"\n",
    ];
    for text in cases {
        fs::write(sandbox.path("answers.toml"), text).expect("answers");
        let output = sandbox
            .scaffold()
            .args(words("new svc --answers answers.toml --yes --dry-run"))
            .output()
            .expect("runs");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{text}: {stderr}");
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{text}: {stderr:?}"
        );
        assert!(
            stderr.contains("\\u{"),
            "{text}: the character is named: {stderr}"
        );
    }
}

#[test]
fn needs_given_empty_or_as_a_bare_comma_are_refused_alike() {
    let sandbox = Sandbox::new();
    for value in ["", ",", "orm,"] {
        sandbox
            .scaffold()
            .args(["recommend", "--yes", "--needs", value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("has an empty item: pass none"));
    }
    sandbox
        .scaffold()
        .args(["recommend", "--yes", "--needs", "none"])
        .assert()
        .success();
}

// ---- git's configuration, as git reads it

#[test]
fn a_broken_git_config_is_found_before_anything_is_written() {
    let sandbox = Sandbox::new();
    sandbox.write_gitconfig("[user\n\tname = Ada\n");
    sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: git's configuration cannot be read",
        ))
        .stderr(predicate::str::contains(".gitconfig"))
        .stderr(predicate::str::contains("--no-git"));
    assert!(
        sandbox.work_entries().is_empty(),
        "{:?}",
        sandbox.work_entries()
    );
    // Without git, git's configuration does not matter.
    sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes --no-git"))
        .assert()
        .success();
}

#[test]
fn git_config_global_is_the_global_file_git_reads() {
    let sandbox = Sandbox::new();
    sandbox.write_gitconfig("[user]\n\tname = Home File\n\temail = home@example.com\n");
    let global = sandbox.home().join("elsewhere.gitconfig");
    fs::write(
        &global,
        "[user]\n\tname = Global File\n\temail = global@example.com\n[init]\n\tdefaultBranch = trunk\n",
    )
    .expect("global");
    sandbox
        .scaffold()
        .args(words("new svc --framework flask --yes"))
        .env("GIT_CONFIG_GLOBAL", &global)
        .assert()
        .success();
    let project = sandbox.path("svc");
    assert_eq!(
        sandbox.git(&project, &["log", "--format=%an <%ae>"]),
        "Global File <global@example.com>\n"
    );
    assert_eq!(
        sandbox.git(&project, &["branch", "--show-current"]),
        "trunk\n"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_or_sighup_at_any_moment_of_new_leaves_the_whole_project_or_nothing() {
    let sandbox = Sandbox::with_git_identity();
    let mut interrupted = 0;
    for (round, delay) in (0..24u64).map(|n| 5 + n * 12).enumerate() {
        let name = format!("app{round}");
        let signal = if round % 2 == 0 { "-TERM" } else { "-HUP" };
        let child = sandbox
            .spawnable()
            .args(["new", &name, "--framework", "django", "--yes", "--quiet"])
            .args(words("--needs orm,auth,admin --realtime yes --data yes"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay));
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let output = child.wait_with_output().expect("wait");
        let leftovers: Vec<String> = sandbox
            .work_entries()
            .into_iter()
            .filter(|entry| entry.starts_with(".scaffold"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "{signal} after {delay} ms left {leftovers:?}"
        );
        match output.status.code() {
            Some(0) => {
                let status = sandbox.git(&sandbox.path(&name), &["status", "--porcelain"]);
                assert_eq!(status, "", "{signal} after {delay} ms");
            }
            Some(130) => {
                interrupted += 1;
                assert!(!sandbox.path(&name).exists(), "{signal} after {delay} ms");
            }
            // Signalled before the handler was installed: nothing had been written.
            None => assert!(!sandbox.path(&name).exists(), "{signal} after {delay} ms"),
            Some(code) => panic!(
                "{signal} after {delay} ms: exit {code}: {}",
                stderr_of(&output)
            ),
        }
    }
    assert!(
        interrupted > 0,
        "no run was caught mid-way; the sweep needs other delays"
    );
}
