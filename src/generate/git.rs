//! The first commit, with git2: init on the user's default branch (else
//! `main`), add exactly the planned files (so no global gitignore can drop
//! one) with their modes, write the index, commit, and check the commit
//! holds every file.
//!
//! Each file's blob is written from the bytes in memory, the ones just
//! written to disk, instead of git2's `add_path` reading every file back,
//! looking up its attributes and running git's filters on it. Those filters
//! change only text with CR characters (the starters' `.gitattributes` says
//! `eol=lf`), so a file holding one still goes through `add_path`: the tree
//! is the one `git add` gives either way.

use crate::core::free_text;
use crate::error::Error;
use crate::sys::env::GitSettings;
use crate::sys::platform;
use git2::{IndexEntry, IndexTime, Oid, Repository, RepositoryInitOptions, Signature, Time};
use std::path::{Path, PathBuf};

/// The identity used when neither git nor `--author` gives one.
pub const FALLBACK_IDENTITY: (&str, &str) = ("scaffold", "scaffold@localhost");

/// The first commit's message.
pub const COMMIT_MESSAGE: &str = "Initial commit from scaffold";

/// The result of the git step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub branch: String,
    pub id: String,
    /// Whether the fallback identity signed it (no identity was configured).
    pub used_fallback_identity: bool,
}

/// What to commit and as whom.
pub struct CommitRequest<'a> {
    /// Every file the commit must hold: its relative, `/`-separated path
    /// and the bytes written there.
    pub files: Vec<(&'a str, &'a [u8])>,
    /// Those among them that must be executable.
    pub executables: Vec<&'a str>,
    pub settings: &'a GitSettings,
    /// `--author`, used when git has no identity.
    pub author: Option<&'a str>,
    /// Seconds since the epoch.
    pub time: i64,
}

/// The work tree containing `dir`, if any: no nested repository goes there.
pub fn enclosing_work_tree(dir: &Path) -> Option<PathBuf> {
    let repo = Repository::discover(dir).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// Initialises a repository in `dir` and makes the first commit.
///
/// # Errors
/// [`Error::Git`] naming the step that failed.
pub fn init_and_commit(dir: &Path, request: &CommitRequest<'_>) -> Result<Commit, Error> {
    commit_in(dir, request).map_err(|error| name_a_full_disk(dir, error))
}

/// libgit2 does not always pass on why a write failed; when the file
/// system is out of space, say so, since that is then the cause. Out of
/// space means out of bytes or out of inodes (a small tmpfs, a volume of
/// many tiny files): with no inode left, a ref that cannot be created
/// shows only as a branch that is not there.
fn name_a_full_disk(dir: &Path, error: Error) -> Error {
    let Error::Git { step, message } = error else {
        return error;
    };
    let full = platform::free_bytes(dir).is_some_and(|free| free < 64 * 1024)
        || platform::free_inodes(dir).is_some_and(|free| free < 16);
    let named = platform::says_disk_full(&message);
    let message = if full && !named {
        format!("{message} ({})", platform::disk_full_error())
    } else {
        message
    };
    Error::Git { step, message }
}

fn commit_in(dir: &Path, request: &CommitRequest<'_>) -> Result<Commit, Error> {
    keep_freed_memory();
    let branch = request
        .settings
        .default_branch
        .clone()
        .unwrap_or_else(|| "main".to_owned());
    let mut options = RepositoryInitOptions::new();
    options.no_reinit(true).initial_head(&branch);
    let repo =
        Repository::init_opts(dir, &options).map_err(git_error("initialise a repository"))?;

    let mut index = repo.index().map_err(git_error("open the index"))?;
    for &(path, contents) in &request.files {
        let executable = request.executables.contains(&path);
        if contents.contains(&b'\r') {
            add_through_filters(&mut index, path, executable)?;
            continue;
        }
        let id = repo.blob(contents).map_err(git_error("write a blob"))?;
        let metadata = std::fs::symlink_metadata(dir.join(path)).map_err(|error| Error::Git {
            step: "add a file to the index",
            message: format!("{path}: {error}"),
        })?;
        index
            .add(&index_entry(path, id, &metadata, executable))
            .map_err(git_error("add a file to the index"))?;
    }
    index.write().map_err(git_error("write the index"))?;
    let tree_id = index.write_tree().map_err(git_error("write the tree"))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(git_error("read the tree"))?;

    let (signature, used_fallback_identity) = signature(request)?;
    let commit_id = repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            COMMIT_MESSAGE,
            &tree,
            &[],
        )
        .map_err(git_error("commit"))?;
    // The tree just committed is the base of `scaffold add` and `upgrade`.
    repo.reference(
        crate::core::replay::BASE_REF,
        commit_id,
        true,
        "scaffold: the generated tree",
    )
    .map_err(git_error("record the base tree"))?;

    let paths: Vec<&str> = request.files.iter().map(|&(path, _)| path).collect();
    verify_commit_holds(&tree, &paths)?;
    drop(tree);
    drop(index);
    drop(repo);
    verify_written(dir, &branch, commit_id, &paths)?;
    Ok(Commit {
        branch,
        id: commit_id.to_string(),
        used_fallback_identity,
    })
}

/// Has the C allocator keep up to 2 MiB of freed memory instead of handing
/// it back to the system at once. libgit2 allocates and frees a compressor
/// of some 256 KiB for every object it writes; glibc gives that memory back
/// (`brk`) after each free and the next object faults it in again, about
/// 20 page faults an object. glibc raises its trim threshold to twice the
/// largest `mmap`-served block freed so far (mallopt(3), the dynamic mmap
/// threshold): one 1 MiB block, allocated and freed, is enough. Other
/// allocators just see one short-lived allocation.
fn keep_freed_memory() {
    let block: Vec<u8> = Vec::with_capacity(1 << 20);
    drop(std::hint::black_box(block));
}

/// Adds a file as `git add` does, reading it from disk and running git's
/// filters (line endings) on it.
fn add_through_filters(index: &mut git2::Index, path: &str, executable: bool) -> Result<(), Error> {
    // add_path ignores every gitignore, which is what we want: the plan
    // already leaves out what must not be committed.
    index
        .add_path(Path::new(path))
        .map_err(git_error("add a file to the index"))?;
    if executable {
        let mut entry = index
            .get_path(Path::new(path), 0)
            .ok_or_else(|| Error::Git {
                step: "mark a file executable",
                message: format!("{path} is not in the index"),
            })?;
        entry.mode = 0o100_755;
        index
            .add(&entry)
            .map_err(git_error("mark a file executable"))?;
    }
    Ok(())
}

/// The index entry of the file written at `path`, whose blob is `id`. It
/// carries the file's stat data, as `git add` records it, so `git status`
/// finds the file unchanged without hashing it again.
fn index_entry(path: &str, id: Oid, metadata: &std::fs::Metadata, executable: bool) -> IndexEntry {
    #[cfg(unix)]
    let (ctime, mtime, dev, ino, uid, gid) = {
        use std::os::unix::fs::MetadataExt;
        // The index keeps 32 bits of each; git compares them truncated too.
        let time = |seconds: i64, nanos: i64| {
            IndexTime::new(seconds as i32, u32::try_from(nanos).unwrap_or(0))
        };
        (
            time(metadata.ctime(), metadata.ctime_nsec()),
            time(metadata.mtime(), metadata.mtime_nsec()),
            metadata.dev() as u32,
            metadata.ino() as u32,
            metadata.uid(),
            metadata.gid(),
        )
    };
    // Without them git hashes the file once to see it is unchanged.
    #[cfg(not(unix))]
    let (ctime, mtime, dev, ino, uid, gid) =
        (IndexTime::new(0, 0), IndexTime::new(0, 0), 0, 0, 0, 0);
    IndexEntry {
        ctime,
        mtime,
        dev,
        ino,
        mode: if executable { 0o100_755 } else { 0o100_644 },
        uid,
        gid,
        file_size: u32::try_from(metadata.len()).unwrap_or(u32::MAX),
        id,
        // The low 12 bits hold the path's length, capped.
        flags: u16::try_from(path.len().min(0xfff)).unwrap_or(0xfff),
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// Checks, before any work, what git's configuration contributes: the
/// default branch's name and the identity that signs the first commit.
///
/// # Errors
/// [`Error::BadGitSetting`] for an unusable `init.defaultBranch`,
/// [`Error::InvalidInput`] naming the variable or setting of a bad identity.
pub fn check_settings(settings: &GitSettings) -> Result<(), Error> {
    if let Some(message) = &settings.unreadable {
        return Err(Error::GitConfigUnreadable {
            message: message.clone(),
        });
    }
    if let Some(branch) = &settings.default_branch {
        let valid = !branch.starts_with('-')
            && git2::Reference::is_valid_name(&format!("refs/heads/{branch}"));
        if !valid {
            return Err(Error::BadGitSetting {
                key: "init.defaultBranch",
                value: branch.clone(),
                reason: "git cannot name a branch so",
            });
        }
    }
    if let Some(identity) = &settings.identity {
        let (name_origin, email_origin) = settings.identity_origin;
        free_text::check_name(&identity.name).map_err(|reason| Error::InvalidInput {
            origin: name_origin.to_owned(),
            reason,
        })?;
        free_text::check_email(&identity.email).map_err(|reason| Error::InvalidInput {
            origin: email_origin.to_owned(),
            reason,
        })?;
    }
    Ok(())
}

/// git config or GIT_AUTHOR_*, else `--author`, else the fallback identity.
fn signature(request: &CommitRequest<'_>) -> Result<(Signature<'static>, bool), Error> {
    let time = Time::new(request.time, 0);
    let configured = request.settings.identity.clone();
    // The author was checked before any work; an unreadable one cannot get here.
    let from_author = request
        .author
        .and_then(|author| free_text::parse_author(author).ok().flatten());
    for identity in [configured, from_author].into_iter().flatten() {
        if let Ok(signature) = Signature::new(&identity.name, &identity.email, &time) {
            return Ok((signature, false));
        }
    }
    let (name, email) = FALLBACK_IDENTITY;
    Signature::new(name, email, &time)
        .map(|signature| (signature, true))
        .map_err(git_error("create a signature"))
}

/// Reads the commit back through a freshly opened repository, from the
/// branch: whatever the write path did, a commit that is reported exists on
/// disk, on its branch, with every file.
fn verify_written(
    dir: &Path,
    branch: &str,
    commit_id: git2::Oid,
    files: &[&str],
) -> Result<(), Error> {
    let repo = Repository::open(dir).map_err(git_error("reopen the new repository"))?;
    let head = repo
        .head()
        .map_err(git_error("read back the branch of the first commit"))?;
    let missing = |message: String| Error::Git {
        step: "read back the first commit",
        message,
    };
    if head.name().ok() != Some(format!("refs/heads/{branch}").as_str()) {
        return Err(missing(format!("HEAD does not point at {branch}")));
    }
    if head.target() != Some(commit_id) {
        return Err(missing(format!(
            "{branch} does not hold commit {commit_id}"
        )));
    }
    let commit = repo
        .find_commit(commit_id)
        .map_err(git_error("read back the first commit"))?;
    let tree = commit
        .tree()
        .map_err(git_error("read back the first commit's tree"))?;
    for path in files {
        let entry = tree
            .get_path(Path::new(path))
            .map_err(|_| missing(format!("{path} is missing from the first commit")))?;
        repo.find_blob(entry.id())
            .map_err(git_error("read back a file of the first commit"))?;
    }
    Ok(())
}

fn verify_commit_holds(tree: &git2::Tree<'_>, files: &[&str]) -> Result<(), Error> {
    for path in files {
        tree.get_path(Path::new(path)).map_err(|_| Error::Git {
            step: "verify the commit",
            message: format!("{path} is missing from the first commit"),
        })?;
    }
    Ok(())
}

/// The error of a git step. libgit2 sometimes fails a write with no message
/// ("no error"); the operating system's last error then names the cause,
/// such as "No space left on device".
fn git_error(step: &'static str) -> impl Fn(git2::Error) -> Error {
    move |error| {
        let os_error = std::io::Error::last_os_error();
        let message = error.message().trim();
        let message = if message.is_empty() || message.eq_ignore_ascii_case("no error") {
            match os_error.raw_os_error() {
                Some(code) if code != 0 => os_error.to_string(),
                _ => format!("libgit2 gave no reason ({:?} error)", error.class()),
            }
        } else {
            message.to_owned()
        };
        Error::Git { step, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` under a new temporary directory, `run` executable.
    fn written(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temp dir");
        for (path, bytes) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&file, bytes).expect("write");
            #[cfg(unix)]
            if path.ends_with("run") {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::Permissions::from_mode(0o755);
                std::fs::set_permissions(&file, mode).expect("chmod");
            }
        }
        dir
    }

    #[test]
    fn the_repository_keeps_the_pack_folder_git_init_makes() {
        let files: [(&str, &[u8]); 1] = [("README.md", b"# demo\n")];
        let settings = GitSettings::default();
        let request = CommitRequest {
            files: files.to_vec(),
            executables: vec![],
            settings: &settings,
            author: None,
            time: 1_768_435_200,
        };
        let ours = written(&files);
        init_and_commit(ours.path(), &request).expect("the commit works");
        let reference = tempfile::tempdir().expect("a temp dir");
        Repository::init(reference.path()).expect("init");
        let pack = |dir: &Path| {
            std::fs::symlink_metadata(dir.join(".git/objects/pack")).expect("objects/pack")
        };
        let (ours, theirs) = (pack(ours.path()), pack(reference.path()));
        assert!(ours.is_dir());
        assert_eq!(ours.permissions(), theirs.permissions());
    }

    #[test]
    fn the_commit_holds_the_tree_add_path_makes_and_leaves_a_clean_status() {
        let files: [(&str, &[u8]); 5] = [
            (".gitattributes", b"* text=auto eol=lf\n"),
            ("README.md", b"# demo\n"),
            ("bin/run", b"#!/bin/sh\necho run\n"),
            ("src/app.py", b"print('hi')\n"),
            ("notes/windows.txt", b"line one\r\nline two\r\n"),
        ];
        let settings = GitSettings::default();
        let request = CommitRequest {
            files: files.to_vec(),
            executables: vec!["bin/run"],
            settings: &settings,
            author: Some("Ada <ada@example.com>"),
            time: 1_768_435_200,
        };
        let ours = written(&files);
        init_and_commit(ours.path(), &request).expect("the commit works");
        let repo = Repository::open(ours.path()).expect("open");
        let committed = repo
            .head()
            .and_then(|head| head.peel_to_tree())
            .expect("a tree")
            .id();
        assert!(
            repo.statuses(None).expect("status").is_empty(),
            "the work tree is clean"
        );

        let reference = written(&files);
        let repo = Repository::init(reference.path()).expect("init");
        let mut index = repo.index().expect("index");
        for (path, _) in files {
            index.add_path(Path::new(path)).expect("add_path");
        }
        let mut run = index.get_path(Path::new("bin/run"), 0).expect("bin/run");
        run.mode = 0o100_755;
        index.add(&run).expect("add");
        let added = index.write_tree().expect("write_tree");
        assert_eq!(committed, added, "same tree as add_path's");
        let tree = repo.find_tree(added).expect("tree");
        let crlf = tree
            .get_path(Path::new("notes/windows.txt"))
            .and_then(|entry| repo.find_blob(entry.id()))
            .expect("the CRLF file");
        assert_eq!(crlf.content(), b"line one\nline two\n", "eol=lf applied");
    }
}
