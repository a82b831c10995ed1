//! The first commit, with git2: init on the user's default branch (else
//! `main`), add exactly the planned files (so no global gitignore can drop
//! one), force the executable modes, write the index, commit, and check the
//! commit holds every file.

use crate::env::{GitSettings, Identity};
use crate::error::Error;
use git2::{Repository, RepositoryInitOptions, Signature, Time};
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
}
