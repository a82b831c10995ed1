//! The first commit, with git2: init on the user's default branch (else
//! `main`), add exactly the planned files (so no global gitignore can drop
//! one), force the executable modes, write the index, commit, and check the
//! commit holds every file.

use crate::env::GitSettings;
use crate::error::Error;
use crate::free_text;
use crate::platform;
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
    commit_in(dir, request).map_err(|error| name_a_full_disk(dir, error))
}

/// libgit2 does not always pass on why a write failed; when the file
/// system is out of space, say so, since that is then the cause.
fn name_a_full_disk(dir: &Path, error: Error) -> Error {
    let Error::Git { step, message } = error else {
        return error;
    };
    let full = platform::free_bytes(dir).is_some_and(|free| free < 64 * 1024);
    let named = platform::says_disk_full(&message);
    let message = if full && !named {
        format!("{message} ({})", platform::disk_full_error())
    } else {
        message
    };
    Error::Git { step, message }
}

fn commit_in(dir: &Path, request: &CommitRequest<'_>) -> Result<Commit, Error> {
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
    drop(tree);
    drop(index);
    drop(repo);
    verify_written(dir, &branch, commit_id, &request.files)?;
    Ok(Commit {
        branch,
        id: commit_id.to_string(),
        used_fallback_identity,
    })
}

/// Checks, before any work, what git's configuration contributes: the
/// default branch's name and the identity that signs the first commit.
///
/// # Errors
/// [`Error::BadGitSetting`] for an unusable `init.defaultBranch`,
/// [`Error::InvalidInput`] naming the variable or setting of a bad identity.
pub fn check_settings(settings: &GitSettings) -> Result<(), Error> {
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
