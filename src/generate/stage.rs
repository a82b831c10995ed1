//! Writing a plan to disk, all or nothing. The files go into a hidden
//! `.scaffold-*` directory beside the target (same file system), git runs
//! there, and one `rename` puts the finished project in place. Until then
//! the staging directory is a `TempDir`, so any error or early return
//! removes it and leaves the target as it was.

use super::Plan;
use crate::cancel;
use crate::error::Error;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What is at the target path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Absent,
    EmptyDirectory,
}

/// Checks that the project can be created at `target`: nothing is there, or
/// an empty directory; and the parent exists. Never follows a symlink.
///
/// # Errors
/// [`Error::TargetNotEmpty`], [`Error::TargetNotDirectory`],
/// [`Error::ParentMissing`] or [`Error::Io`].
pub fn check_target(target: &Path) -> Result<TargetState, Error> {
    let parent = parent_of(target);
    if !parent.is_dir() {
        return Err(Error::ParentMissing {
            path: parent.to_path_buf(),
        });
    }
    match fs::symlink_metadata(target) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(TargetState::Absent),
        Err(source) => Err(Error::Io {
            action: "inspect",
            path: target.to_path_buf(),
            source,
        }),
        Ok(metadata) if metadata.file_type().is_symlink() => Err(Error::TargetNotDirectory {
            path: target.to_path_buf(),
            kind: "a symbolic link",
        }),
        Ok(metadata) if !metadata.is_dir() => Err(Error::TargetNotDirectory {
            path: target.to_path_buf(),
            kind: "a file",
        }),
        Ok(_) => {
            let mut entries = fs::read_dir(target).map_err(|source| Error::Io {
                action: "read",
                path: target.to_path_buf(),
                source,
            })?;
            if entries.next().is_some() {
                Err(Error::TargetNotEmpty {
                    path: target.to_path_buf(),
                })
            } else {
                Ok(TargetState::EmptyDirectory)
            }
        }
    }
}

/// Staging directories (`.scaffold-*`) in `parent` that an earlier run left
/// behind when it was killed before it could clean up. They are reported,
/// never deleted: another scaffold may be using one right now.
pub fn leftover_staging_dirs(parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with(STAGING_PREFIX)
        })
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

/// The name prefix of staging directories.
const STAGING_PREFIX: &str = ".scaffold-";

/// The directory the project is created in (`.` for a bare name).
pub fn parent_of(target: &Path) -> &Path {
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A plan written into its staging directory, not yet in place.
#[derive(Debug)]
pub struct Staged {
    dir: tempfile::TempDir,
    target: PathBuf,
}

/// Writes every planned file into a fresh staging directory beside `target`.
/// `on_file` is called after each file, for progress.
///
/// # Errors
/// [`Error::Io`] on any write failure, [`Error::Cancelled`] after Ctrl-C; the
/// staging directory is removed either way.
pub fn stage(plan: &Plan, target: &Path, mut on_file: impl FnMut(&str)) -> Result<Staged, Error> {
    let parent = parent_of(target);
    let dir = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(parent)
        .map_err(|source| Error::Io {
            action: "create a staging directory in",
            path: parent.to_path_buf(),
            source,
        })?;
    for file in &plan.files {
        cancel::check()?;
        let path = contained_path(dir.path(), &file.path)?;
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|source| io_error("create", folder, source))?;
        }
        write_file(&path, &file.contents, file.mode())?;
        on_file(&file.path);
    }
    Ok(Staged {
        dir,
        target: target.to_path_buf(),
    })
}

impl Staged {
    /// The staging directory, where git runs before the rename.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Renames the staging directory onto the target: the one step that makes
    /// the project appear. An empty directory at the target is replaced.
    ///
    /// # Errors
    /// [`Error::Io`] if the rename fails (for instance when something was
    /// created at the target meanwhile); the staging directory is removed.
    pub fn persist(self) -> Result<PathBuf, Error> {
        cancel::check()?;
        // On Windows a directory cannot be renamed onto an existing one.
        if cfg!(windows) && check_target(&self.target)? == TargetState::EmptyDirectory {
            fs::remove_dir(&self.target)
                .map_err(|source| io_error("replace", &self.target, source))?;
        }
        let staging = self.dir.path().to_path_buf();
        match fs::rename(&staging, &self.target) {
            Ok(()) => {
                // The directory now lives at the target; don't let the drop remove it.
                let _ = self.dir.keep();
                Ok(self.target)
            }
            Err(source) => Err(io_error(
                "move the project into place at",
                &self.target,
                source,
            )),
        }
    }
}

/// Joins a planned relative path onto the staging root, refusing anything that
/// could escape it (absolute paths, `..`, empty segments).
fn contained_path(root: &Path, relative: &str) -> Result<PathBuf, Error> {
    let candidate = Path::new(relative);
    let safe = !relative.is_empty()
        && !relative.split('/').any(str::is_empty)
        && candidate
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
    if safe {
        Ok(root.join(candidate))
    } else {
        Err(Error::BadTarget {
            path: PathBuf::from(relative),
            reason: "a planned file would land outside the project",
        })
    }
}

fn write_file(path: &Path, contents: &[u8], mode: u32) -> Result<(), Error> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    let mut file = options
        .open(path)
        .map_err(|source| io_error("create", path, source))?;
    file.write_all(contents)
        .map_err(|source| io_error("write", path, source))?;
    #[cfg(unix)]
    {
        // The umask may have narrowed the mode given at creation.
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .map_err(|source| io_error("set the mode of", path, source))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(())
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_paths_cannot_escape_the_staging_root() {
        let root = Path::new("/stage");
        assert!(contained_path(root, "a/b.txt").is_ok());
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a"] {
            assert!(contained_path(root, bad).is_err(), "{bad} was accepted");
        }
    }
}
