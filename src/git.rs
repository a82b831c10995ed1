//! The first commit, with git2: init on the user's default branch (else
//! `main`), add exactly the planned files (so no global gitignore can drop
//! one), force the executable modes, write the index, commit, and check the
//! commit holds every file.

use crate::env::{GitSettings, Identity};
use crate::error::Error;
use git2::{IndexEntry, IndexTime, Repository, RepositoryInitOptions, Signature, Time};
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
    /// Relative, `/`-separated paths of every file the commit must hold.
    pub files: Vec<&'a str>,
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
    let (repo, branch) = init(dir, request)?;
    let mut index = repo.index().map_err(git_error("open the index"))?;
    for path in &request.files {
        // add_path ignores every gitignore, which is what we want: the plan
        // already leaves out what must not be committed.
        index
            .add_path(Path::new(path))
            .map_err(git_error("add a file to the index"))?;
    }
    for path in &request.executables {
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
    commit_index(&repo, &mut index, branch, request)
}

/// As [`init_and_commit`], but each file's blob is written from the bytes
/// in memory (`contents[i]` is `request.files[i]`'s), the way they were
/// written to `dir`, instead of reading every file back and running it
/// through git's attribute and filter lookups. Each index entry takes the
/// file's stat data from disk, so `git status` finds the tree clean without
/// hashing it again.
///
/// # Errors
/// [`Error::Git`] naming the step that failed.
pub fn init_and_commit_from_memory(
    dir: &Path,
    request: &CommitRequest<'_>,
    contents: &[&[u8]],
) -> Result<Commit, Error> {
    if contents.len() != request.files.len() {
        return Err(Error::Git {
            step: "add a file to the index",
            message: "every committed file needs its contents".to_owned(),
        });
    }
    let (repo, branch) = init(dir, request)?;
    let mut index = repo.index().map_err(git_error("open the index"))?;
    for (path, bytes) in request.files.iter().zip(contents) {
        let id = repo.blob(bytes).map_err(git_error("write a blob"))?;
        let metadata = std::fs::symlink_metadata(dir.join(path)).map_err(|error| Error::Git {
            step: "add a file to the index",
            message: format!("{path}: {error}"),
        })?;
        let executable = request.executables.contains(path);
        index
            .add(&index_entry(path, id, &metadata, executable))
            .map_err(git_error("add a file to the index"))?;
    }
    commit_index(&repo, &mut index, branch, request)
}

/// A new repository in `dir` on the user's default branch (else `main`).
fn init(dir: &Path, request: &CommitRequest<'_>) -> Result<(Repository, String), Error> {
    let branch = request
        .settings
        .default_branch
        .clone()
        .unwrap_or_else(|| "main".to_owned());
    let mut options = RepositoryInitOptions::new();
    options.no_reinit(true).initial_head(&branch);
    let repo =
        Repository::init_opts(dir, &options).map_err(git_error("initialise a repository"))?;
    Ok((repo, branch))
}

/// The index entry of a file written at `path` with blob `id`.
fn index_entry(
    path: &str,
    id: git2::Oid,
    metadata: &std::fs::Metadata,
    executable: bool,
) -> IndexEntry {
    #[cfg(unix)]
    let (ctime, mtime, dev, ino, uid, gid) = {
        use std::os::unix::fs::MetadataExt;
        // The index stores 32 bits of each; git compares them truncated too.
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

/// Writes the index and its tree, commits it on `branch` and checks the
/// commit holds every planned file.
fn commit_index(
    repo: &Repository,
    index: &mut git2::Index,
    branch: String,
    request: &CommitRequest<'_>,
) -> Result<Commit, Error> {
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

    verify_commit_holds(&tree, &request.files)?;
    Ok(Commit {
        branch,
        id: commit_id.to_string(),
        used_fallback_identity,
    })
}

/// git config or GIT_AUTHOR_*, else `--author`, else the fallback identity.
fn signature(request: &CommitRequest<'_>) -> Result<(Signature<'static>, bool), Error> {
    let time = Time::new(request.time, 0);
    let configured = request.settings.identity.clone();
    let from_author = request.author.and_then(parse_author);
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

/// Reads `Name <email>`; a bare name gets a placeholder address.
fn parse_author(author: &str) -> Option<Identity> {
    let author = author.trim();
    if author.is_empty() {
        return None;
    }
    if let Some((name, rest)) = author.split_once('<') {
        let email = rest.trim_end().strip_suffix('>')?.trim();
        let name = name.trim();
        if name.is_empty() || email.is_empty() {
            return None;
        }
        return Some(Identity {
            name: name.to_owned(),
            email: email.to_owned(),
        });
    }
    Some(Identity {
        name: author.to_owned(),
        email: FALLBACK_IDENTITY.1.to_owned(),
    })
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

fn git_error(step: &'static str) -> impl Fn(git2::Error) -> Error {
    move |error| Error::Git {
        step,
        message: error.message().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_parse_with_and_without_an_address() {
        assert_eq!(
            parse_author("Ada Lovelace <ada@example.com>"),
            Some(Identity {
                name: "Ada Lovelace".to_owned(),
                email: "ada@example.com".to_owned()
            })
        );
        assert_eq!(
            parse_author("Ada").map(|i| i.email),
            Some("scaffold@localhost".to_owned())
        );
        assert_eq!(parse_author("<broken"), None);
        assert_eq!(parse_author("  "), None);
    }

    #[test]
    fn a_commit_from_memory_holds_the_same_tree_as_one_read_from_disk() {
        let files: [(&str, &[u8]); 3] = [
            ("README.md", b"# demo\n"),
            ("bin/run", b"#!/bin/sh\necho run\n"),
            ("src/app.py", b"print('hi')\n"),
        ];
        let settings = GitSettings::default();
        let request = CommitRequest {
            files: files.iter().map(|(path, _)| *path).collect(),
            executables: vec!["bin/run"],
            settings: &settings,
            author: Some("Ada <ada@example.com>"),
            time: 1_768_435_200,
        };
        let write = || {
            let dir = tempfile::tempdir().expect("temp dir");
            for (path, bytes) in files {
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
                std::fs::write(&file, bytes).expect("write");
                #[cfg(unix)]
                if path == "bin/run" {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = std::fs::Permissions::from_mode(0o755);
                    std::fs::set_permissions(&file, mode).expect("chmod");
                }
            }
            dir
        };
        let (from_disk, from_memory) = (write(), write());
        let contents: Vec<&[u8]> = files.iter().map(|(_, bytes)| *bytes).collect();
        let disk = init_and_commit(from_disk.path(), &request).expect("commit from disk");
        let memory = init_and_commit_from_memory(from_memory.path(), &request, &contents)
            .expect("commit from memory");
        assert_eq!(
            memory.id, disk.id,
            "same tree, time and author give the same commit"
        );
        let repo = Repository::open(from_memory.path()).expect("open");
        let statuses = repo.statuses(None).expect("status");
        assert!(statuses.is_empty(), "the work tree is clean");
    }
}
