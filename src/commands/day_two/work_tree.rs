//! The work tree of day two: reading the user's version of a path, and
//! writing a merge result all or nothing. Every file replaced or removed is
//! kept in memory first; on any failure the ones already changed are put
//! back, so an error leaves the work tree as it was.

use crate::core::merge::{Blob, Ours, Write};
use crate::error::Error;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The work tree's version of `path` (relative, `/`-separated).
pub fn read_ours(root: &Path, path: &str) -> Ours {
    let full = root.join(path);
    match fs::symlink_metadata(&full) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ours::Missing,
        // A parent that is a file, a path we may not read: not ours to touch.
        Err(_) => Ours::NotAFile,
        Ok(metadata) if !metadata.is_file() => Ours::NotAFile,
        Ok(metadata) => match fs::read(&full) {
            Ok(contents) => Ours::File(Blob {
                contents,
                executable: is_executable(&metadata),
            }),
            Err(_) => Ours::NotAFile,
        },
    }
}

#[cfg(unix)]
fn is_executable(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_metadata: &fs::Metadata) -> bool {
    false
}

/// What was at a path before [`apply`] changed it.
struct Undo {
    path: PathBuf,
    before: Option<(Vec<u8>, fs::Permissions)>,
}

/// The changes [`apply`] made, to undo when a later step fails.
#[must_use = "undo the changes when a later step fails"]
pub struct Applied {
    undo: Vec<Undo>,
    created_dirs: Vec<PathBuf>,
}

impl Applied {
    /// Puts every changed path back as it was, newest first.
    pub fn roll_back(self) {
        for undo in self.undo.into_iter().rev() {
            restore(&undo);
        }
        for dir in self.created_dirs.into_iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Writes every change, or none: a failure puts back what was written and
/// returns the error.
///
/// # Errors
/// [`Error::Io`] naming the path that could not be written.
pub fn apply(root: &Path, writes: &[(String, Write)]) -> Result<Applied, Error> {
    let mut applied = Applied {
        undo: Vec::new(),
        created_dirs: Vec::new(),
    };
    for (path, write) in writes {
        let full = root.join(path);
        let before = match fs::symlink_metadata(&full) {
            Ok(metadata) if metadata.is_file() => fs::read(&full)
                .map(|contents| Some((contents, metadata.permissions())))
                .map_err(|source| io_error("read", &full, source)),
            Ok(_) => Err(io_error(
                "replace",
                &full,
                io::Error::other("it is not a regular file"),
            )),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(io_error("read", &full, source)),
        };
        let result = before.and_then(|before| {
            let outcome = match write {
                Write::File(blob) => write_file(&full, blob, &mut applied.created_dirs),
                Write::Remove => {
                    fs::remove_file(&full).map_err(|source| io_error("remove", &full, source))
                }
            };
            applied.undo.push(Undo {
                path: full.clone(),
                before,
            });
            outcome
        });
        if let Err(error) = result {
            applied.roll_back();
            return Err(error);
        }
    }
    Ok(applied)
}

/// Writes a file whole: a temporary file beside it, then one rename.
fn write_file(full: &Path, blob: &Blob, created: &mut Vec<PathBuf>) -> Result<(), Error> {
    let parent = full.parent().unwrap_or(Path::new("."));
    let mut missing = Vec::new();
    for dir in parent.ancestors() {
        if dir.as_os_str().is_empty() || dir.exists() {
            break;
        }
        missing.push(dir.to_path_buf());
    }
    for dir in missing.into_iter().rev() {
        fs::create_dir(&dir).map_err(|source| io_error("create", &dir, source))?;
        created.push(dir);
    }
    let temp = tempfile::NamedTempFile::new_in(parent)
        .map_err(|source| io_error("create a file in", parent, source))?;
    fs::write(temp.path(), &blob.contents).map_err(|source| io_error("write", full, source))?;
    set_mode(temp.path(), blob.executable).map_err(|source| io_error("write", full, source))?;
    temp.persist(full)
        .map_err(|error| io_error("write", full, error.error))?;
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, executable: bool) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(
        path,
        fs::Permissions::from_mode(if executable { 0o755 } else { 0o644 }),
    )
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _executable: bool) -> io::Result<()> {
    Ok(())
}

fn restore(undo: &Undo) {
    match &undo.before {
        Some((contents, permissions)) => {
            let _ = fs::write(&undo.path, contents);
            let _ = fs::set_permissions(&undo.path, permissions.clone());
        }
        None => {
            let _ = fs::remove_file(&undo.path);
        }
    }
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(text: &str) -> Blob {
        Blob {
            contents: text.as_bytes().to_vec(),
            executable: false,
        }
    }

    #[test]
    fn a_failed_write_puts_back_every_file_already_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("kept.txt"), "original").expect("write");
        fs::write(dir.path().join("gone.txt"), "was here").expect("write");
        fs::create_dir(dir.path().join("blocker")).expect("dir");
        let writes = vec![
            ("kept.txt".to_owned(), Write::File(blob("changed"))),
            ("gone.txt".to_owned(), Write::Remove),
            ("new/deep/file.txt".to_owned(), Write::File(blob("new"))),
            // A directory where a file should go: the write fails here.
            ("blocker".to_owned(), Write::File(blob("x"))),
        ];
        assert!(apply(dir.path(), &writes).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("kept.txt")).expect("read"),
            "original"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("gone.txt")).expect("read"),
            "was here"
        );
        assert!(!dir.path().join("new").exists(), "created folders go too");
        assert!(dir.path().join("blocker").is_dir());
    }

    #[test]
    fn the_users_version_reads_as_missing_a_file_or_not_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("f"), "x").expect("write");
        fs::create_dir(dir.path().join("d")).expect("dir");
        assert_eq!(read_ours(dir.path(), "f"), Ours::File(blob("x")));
        assert_eq!(read_ours(dir.path(), "nothing"), Ours::Missing);
        assert_eq!(read_ours(dir.path(), "d"), Ours::NotAFile);
    }
}
