//! Day two's git side: the base tree (the tree scaffold generated last,
//! kept as a commit under [`BASE_REF`]), whether the work tree is clean,
//! git's line merge of two edited files, and the commit `--commit` makes.
//! The merge rules are `merge`'s; this module only reads and writes git.

use crate::core::merge::{Blob, TextMerge, TextMerged, Tree};
use crate::core::replay::BASE_REF;
use crate::error::Error;
use crate::sys::env::GitSettings;
use git2::{IndexEntry, IndexTime, Oid, Repository, Signature, Status, StatusOptions, Time};
use std::path::Path;

/// Where the base tree came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseSource {
    /// The commit under [`BASE_REF`].
    Recorded(String),
    /// An earlier base, the last one the work tree's `.scaffold.toml` matches.
    Earlier(String),
    /// A repo made before the base was recorded: its first commit.
    FirstCommit(String),
}

/// Opens the repository whose work tree is `root`.
///
/// # Errors
/// [`Error::NotARepository`] when `root` is not the top of a work tree.
pub fn open(root: &Path) -> Result<Repository, Error> {
    match Repository::open(root) {
        Ok(repo) if repo.workdir().is_some() => Ok(repo),
        _ => Err(Error::NotARepository {
            path: root.to_path_buf(),
            enclosing: Repository::discover(root)
                .ok()
                .and_then(|repo| repo.workdir().map(Path::to_path_buf)),
        }),
    }
}

/// The base tree and where it came from: the newest base under
/// [`BASE_REF`] whose `.scaffold.toml` is the work tree's (`manifest`), so
/// a day-two change the user undid (`git checkout .`) does not count as
/// generated; else the newest base; else the first commit of `HEAD`.
///
/// # Errors
/// [`Error::Git`] when none can be read.
pub fn base(repo: &Repository, manifest: Option<&[u8]>) -> Result<(Tree, BaseSource), Error> {
    let (commit, source) = match repo.find_reference(BASE_REF) {
        Ok(reference) => {
            let newest = reference
                .peel_to_commit()
                .map_err(git_error("read the base tree"))?;
            let mut candidate = Some(newest.clone());
            let mut matching = None;
            while let Some(commit) = candidate {
                if manifest.is_some() && manifest_of(repo, &commit).as_deref() == manifest {
                    matching = Some(commit);
                    break;
                }
                candidate = commit.parent(0).ok();
            }
            match matching {
                Some(commit) if commit.id() != newest.id() => {
                    let id = commit.id().to_string();
                    (commit, BaseSource::Earlier(id))
                }
                _ => {
                    let id = newest.id().to_string();
                    (newest, BaseSource::Recorded(id))
                }
            }
        }
        Err(_) => {
            let first = first_commit(repo)?;
            let commit = repo
                .find_commit(first)
                .map_err(git_error("read the first commit"))?;
            (commit, BaseSource::FirstCommit(first.to_string()))
        }
    };
    let tree = commit.tree().map_err(git_error("read the base tree"))?;
    Ok((read_tree(repo, &tree)?, source))
}

/// The `.scaffold.toml` a base commit holds.
fn manifest_of(repo: &Repository, commit: &git2::Commit<'_>) -> Option<Vec<u8>> {
    let entry = commit
        .tree()
        .ok()?
        .get_path(Path::new(".scaffold.toml"))
        .ok()?;
    Some(repo.find_blob(entry.id()).ok()?.content().to_vec())
}

/// The root commit reached from `HEAD` by first parents.
fn first_commit(repo: &Repository) -> Result<Oid, Error> {
    let mut commit = repo
        .head()
        .and_then(|head| head.peel_to_commit())
        .map_err(git_error("read HEAD"))?;
    while let Ok(parent) = commit.parent(0) {
        commit = parent;
    }
    Ok(commit.id())
}

/// Every file of a git tree, by path.
fn read_tree(repo: &Repository, tree: &git2::Tree<'_>) -> Result<Tree, Error> {
    let mut files = Tree::new();
    let mut failure = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let path = format!("{dir}{}", entry.name().unwrap_or_default());
        match repo.find_blob(entry.id()) {
            Ok(blob) => {
                files.insert(
                    path,
                    Blob {
                        contents: blob.content().to_vec(),
                        executable: entry.filemode() == 0o100_755,
                    },
                );
                git2::TreeWalkResult::Ok
            }
            Err(error) => {
                failure = Some(error);
                git2::TreeWalkResult::Abort
            }
        }
    })
    .map_err(git_error("read the base tree"))?;
    match failure {
        Some(error) => Err(git_error("read the base tree")(error)),
        None => Ok(files),
    }
}

/// The paths `git status` would show: changed, staged or untracked (not
/// ignored).
///
/// # Errors
/// [`Error::Git`] when the status cannot be read.
pub fn dirty_paths(repo: &Repository) -> Result<Vec<String>, Error> {
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    let statuses = repo
        .statuses(Some(&mut options))
        .map_err(git_error("read the status of the work tree"))?;
    Ok(statuses
        .iter()
        .filter(|entry| entry.status() != Status::CURRENT && !entry.status().is_ignored())
        .filter_map(|entry| entry.path().ok().map(str::to_owned))
        .collect())
}

/// Records `tree` as the new base: a commit holding it, whose parent is
/// the previous base, under [`BASE_REF`]. Returns the commit's id.
///
/// # Errors
/// [`Error::Git`] naming the step that failed.
pub fn record_base(
    repo: &Repository,
    tree: &Tree,
    message: &str,
    signature: &Signature<'_>,
) -> Result<String, Error> {
    let tree_id = write_tree(repo, tree)?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(git_error("write the base tree"))?;
    let parent = repo
        .find_reference(BASE_REF)
        .and_then(|reference| reference.peel_to_commit())
        .ok();
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let id = repo
        .commit(None, signature, signature, message, &tree, &parents)
        .map_err(git_error("record the base tree"))?;
    repo.reference(BASE_REF, id, true, message)
        .map_err(git_error("record the base tree"))?;
    Ok(id.to_string())
}

/// Points [`BASE_REF`] back at `id` (or removes it, when there was none):
/// undoing [`record_base`] when a later step fails.
pub fn restore_base(repo: &Repository, previous: Option<&str>) {
    match previous.and_then(|id| Oid::from_str(id).ok()) {
        Some(id) => {
            let _ = repo.reference(BASE_REF, id, true, "scaffold: restore the base");
        }
        None => {
            if let Ok(mut reference) = repo.find_reference(BASE_REF) {
                let _ = reference.delete();
            }
        }
    }
}

/// The commit under [`BASE_REF`], if any.
pub fn recorded_base(repo: &Repository) -> Option<String> {
    repo.find_reference(BASE_REF)
        .and_then(|reference| reference.peel_to_commit())
        .ok()
        .map(|commit| commit.id().to_string())
}

/// Writes a tree of blobs through an in-memory index.
fn write_tree(repo: &Repository, tree: &Tree) -> Result<Oid, Error> {
    let mut index = git2::Index::new().map_err(git_error("write the base tree"))?;
    for (path, blob) in tree {
        let id = repo
            .blob(&blob.contents)
            .map_err(git_error("write a blob"))?;
        index
            .add(&IndexEntry {
                ctime: IndexTime::new(0, 0),
                mtime: IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: if blob.executable {
                    0o100_755
                } else {
                    0o100_644
                },
                uid: 0,
                gid: 0,
                file_size: u32::try_from(blob.contents.len()).unwrap_or(u32::MAX),
                id,
                flags: u16::try_from(path.len().min(0xfff)).unwrap_or(0xfff),
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            })
            .map_err(git_error("write the base tree"))?;
    }
    index
        .write_tree_to(repo)
        .map_err(git_error("write the base tree"))
}

/// The signature of day two's commits, as git would sign them: the
/// `GIT_AUTHOR_*` variables, else the repository's configuration (its own
/// and the user's), else the identity scaffold read, else the fallback.
pub fn signature(repo: &Repository, settings: &GitSettings, time: i64) -> Signature<'static> {
    let time = Time::new(time, 0);
    let from_settings = || {
        settings
            .identity
            .as_ref()
            .and_then(|identity| Signature::new(&identity.name, &identity.email, &time).ok())
    };
    let from_repo = || {
        repo.signature().ok().and_then(|signature| {
            Signature::new(signature.name().ok()?, signature.email().ok()?, &time).ok()
        })
    };
    let from_variables = settings.identity_origin.0.starts_with("GIT_");
    let found = if from_variables {
        from_settings().or_else(from_repo)
    } else {
        from_repo().or_else(from_settings)
    };
    found.unwrap_or_else(|| {
        let (name, email) = crate::generate::git::FALLBACK_IDENTITY;
        Signature::new(name, email, &time).expect("the fallback identity is valid")
    })
}

/// Commits the work tree's state of `paths` (added, changed or removed) on
/// `HEAD`. Returns the commit's id.
///
/// # Errors
/// [`Error::Git`] naming the step that failed.
pub fn commit_paths(
    repo: &Repository,
    paths: &[String],
    message: &str,
    signature: &Signature<'_>,
) -> Result<String, Error> {
    let root = repo.workdir().ok_or_else(|| Error::Git {
        step: "commit",
        message: "the repository has no work tree".to_owned(),
    })?;
    let mut index = repo.index().map_err(git_error("open the index"))?;
    for path in paths {
        if root.join(path).is_file() {
            index
                .add_path(Path::new(path))
                .map_err(git_error("add a file to the index"))?;
        } else {
            index
                .remove_path(Path::new(path))
                .map_err(git_error("remove a file from the index"))?;
        }
    }
    let tree_id = index.write_tree().map_err(git_error("write the tree"))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(git_error("read the tree"))?;
    let head = repo
        .head()
        .and_then(|head| head.peel_to_commit())
        .map_err(git_error("read HEAD"))?;
    let id = repo
        .commit(Some("HEAD"), signature, signature, message, &tree, &[&head])
        .map_err(git_error("commit"))?;
    // The index file changes only once the commit is made, so a failure
    // before leaves it as it was.
    index.write().map_err(git_error("write the index"))?;
    Ok(id.to_string())
}

/// git's own line merge (libgit2's `git_merge_file`), with the sides
/// labelled as the user reads them in the markers.
pub struct GitTextMerge;

impl TextMerge for GitTextMerge {
    fn merge(&self, path: &str, base: &[u8], ours: &[u8], theirs: &[u8]) -> TextMerged {
        let input = |contents| {
            let mut input = git2::MergeFileInput::new();
            input.content(contents).path(path);
            input
        };
        let mut options = git2::MergeFileOptions::new();
        options
            .ancestor_label("base (scaffold's last generated version)")
            .our_label("yours")
            .their_label("scaffold");
        match git2::merge_file(
            &input(base),
            &input(ours),
            &input(theirs),
            Some(&mut options),
        ) {
            Ok(result) => TextMerged {
                contents: result.content().to_vec(),
                clean: result.is_automergeable(),
            },
            // libgit2 refuses only what it cannot read as text: keep
            // the user's version and call it a conflict.
            Err(_) => TextMerged {
                contents: ours.to_vec(),
                clean: false,
            },
        }
    }
}

fn git_error(step: &'static str) -> impl Fn(git2::Error) -> Error {
    move |error| Error::Git {
        step,
        message: error.message().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_merges_edits_to_different_lines_cleanly() {
        let base = b"one\ntwo\nthree\nfour\nfive\n";
        let ours = b"ONE\ntwo\nthree\nfour\nfive\n";
        let theirs = b"one\ntwo\nthree\nfour\nFIVE\n";
        let merged = GitTextMerge.merge("f.txt", base, ours, theirs);
        assert!(merged.clean);
        assert_eq!(merged.contents, b"ONE\ntwo\nthree\nfour\nFIVE\n");
    }

    #[test]
    fn git_marks_edits_to_the_same_line_with_standard_markers() {
        let merged = GitTextMerge.merge("f.txt", b"a\n", b"mine\n", b"new\n");
        assert!(!merged.clean);
        let text = String::from_utf8(merged.contents).expect("text");
        assert!(
            text.starts_with("<<<<<<< yours\nmine\n=======\nnew\n>>>>>>> scaffold\n"),
            "{text}"
        );
    }

    #[test]
    fn an_add_add_merges_against_an_empty_base() {
        let merged = GitTextMerge.merge("f.txt", b"", b"mine\n", b"new\n");
        assert!(!merged.clean);
        assert!(merged.contents.starts_with(b"<<<<<<< yours"));
    }

    #[test]
    fn a_base_tree_round_trips_through_git_with_its_modes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("init");
        let tree: Tree = [
            ("a/b.txt", b"text\n".to_vec(), false),
            ("run.sh", b"#!/bin/sh\n".to_vec(), true),
        ]
        .into_iter()
        .map(|(path, contents, executable)| {
            (
                path.to_owned(),
                Blob {
                    contents,
                    executable,
                },
            )
        })
        .collect();
        let signature = Signature::now("t", "t@example.com").expect("signature");
        let first = record_base(&repo, &tree, "base", &signature).expect("recorded");
        assert_eq!(recorded_base(&repo).as_deref(), Some(first.as_str()));
        let (read, source) = base(&repo, None).expect("read back");
        assert_eq!(read, tree);
        assert_eq!(source, BaseSource::Recorded(first.clone()));
        let second = record_base(&repo, &Tree::new(), "again", &signature).expect("recorded");
        let parent = repo
            .find_commit(Oid::from_str(&second).expect("oid"))
            .expect("commit")
            .parent_id(0)
            .expect("a parent");
        assert_eq!(parent.to_string(), first, "the bases form a history");
        restore_base(&repo, Some(&first));
        assert_eq!(recorded_base(&repo).as_deref(), Some(first.as_str()));
    }
}
