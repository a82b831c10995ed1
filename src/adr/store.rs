//! The records folder on disk: finding it, listing its `NNNN-*.md` files,
//! reading one, adding one without ever overwriting, and replacing one
//! atomically. The only file in `adr` that touches the file system.

use super::record::{self, RecordProblem};
use super::DEFAULT_DIR;
use crate::error::{Error, InputFileProblem};
use crate::input_file;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file adr-tools (and scaffold's generated repos) keep at the root of a
/// repository, naming the records folder.
const ADR_DIR_FILE: &str = ".adr-dir";

/// A numbered record file in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub number: u32,
    pub file_name: String,
    pub path: PathBuf,
}

/// The records folder: `--dir` when given, else the folder named by a
/// `.adr-dir` file in the current directory, else `docs/adr`.
///
/// # Errors
/// [`Error::Io`] when `.adr-dir` exists but cannot be read.
pub fn resolve_dir(explicit: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    // A FIFO or a device there is refused at once rather than waited on.
    let problem = match input_file::read_bytes(Path::new(ADR_DIR_FILE), input_file::RECORD_LIMIT)
        .and_then(input_file::text)
    {
        Ok(text) if !text.trim().is_empty() => return Ok(PathBuf::from(text.trim())),
        Ok(_) => return Ok(PathBuf::from(DEFAULT_DIR)),
        Err(InputFileProblem::Io(error)) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(PathBuf::from(DEFAULT_DIR))
        }
        Err(problem) => problem,
    };
    Err(Error::InputFile {
        path: PathBuf::from(ADR_DIR_FILE),
        what: "the file naming the records folder",
        problem,
    })
}

/// Every `NNNN-*.md` file in `dir`, by number then name; other files
/// (README.md, templates) are not records and are skipped.
///
/// # Errors
/// [`Error::AdrDirMissing`] when `dir` is not a folder, [`Error::Io`] when it
/// cannot be read.
pub fn entries(dir: &Path) -> Result<Vec<Entry>, Error> {
    if !dir.is_dir() {
        return Err(Error::AdrDirMissing {
            path: dir.to_path_buf(),
        });
    }
    let io_error = |source| Error::Io {
        action: "list",
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = Vec::new();
    for item in fs::read_dir(dir).map_err(io_error)? {
        let item = item.map_err(io_error)?;
        let Some(file_name) = item.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let Some(number) = record::number_of(&file_name) else {
            continue;
        };
        if item.path().is_file() {
            entries.push(Entry {
                number,
                path: dir.join(&file_name),
                file_name,
            });
        }
    }
    entries.sort_by(|a, b| (a.number, &a.file_name).cmp(&(b.number, &b.file_name)));
    Ok(entries)
}

/// The text of a record.
///
/// # Errors
/// [`Error::AdrMalformed`] when it is not UTF-8, [`Error::InputFile`] when
/// it is not a regular file of at most [`input_file::RECORD_LIMIT`] bytes or
/// cannot be read.
pub fn read(path: &Path) -> Result<String, Error> {
    let bytes = input_file::read_bytes(path, input_file::RECORD_LIMIT).map_err(|problem| {
        Error::InputFile {
            path: path.to_path_buf(),
            what: "a decision record",
            problem,
        }
    })?;
    String::from_utf8(bytes).map_err(|_| Error::AdrMalformed {
        path: path.to_path_buf(),
        problem: RecordProblem::NotUtf8,
    })
}

/// Writes a new file, failing rather than replacing one that appeared since
/// the folder was listed.
///
/// # Errors
/// [`Error::Io`] when the file exists or cannot be written; a partly
/// written file is removed.
pub fn create_new(path: &Path, contents: &str) -> Result<(), Error> {
    let io_error = |source| Error::Io {
        action: "create",
        path: path.to_path_buf(),
        source,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io_error)?;
    if let Err(source) = file
        .write_all(contents.as_bytes())
        .and_then(|()| file.sync_all())
    {
        drop(file);
        remove_quietly(path);
        return Err(io_error(source));
    }
    Ok(())
}

/// Replaces a file's contents all at once: a temporary file in the same
/// folder, with the old file's permissions, renamed over it. A reader sees
/// the old text or the new, never half of one.
///
/// # Errors
/// [`Error::Io`] when the folder is not writable or the rename fails.
pub fn replace(path: &Path, contents: &str) -> Result<(), Error> {
    let io_error = |source| Error::Io {
        action: "update",
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = fs::metadata(path).map_err(io_error)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".scaffold-adr-")
        .tempfile_in(dir)
        .map_err(io_error)?;
    temp.write_all(contents.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .and_then(|()| fs::set_permissions(temp.path(), permissions))
        .map_err(io_error)?;
    temp.persist(path).map_err(|error| io_error(error.error))?;
    Ok(())
}

/// Removes a file this run created, when a later step failed. A failure
/// here leaves the file, and the error that matters is the first one.
pub fn remove_quietly(path: &Path) {
    let _ = fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_the_numbered_markdown_files_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "0010-later.md",
            "0002-b.md",
            "README.md",
            "template.md",
            "0001-a.md",
        ] {
            fs::write(dir.path().join(name), "# x\n").expect("write");
        }
        fs::create_dir(dir.path().join("0003-a-folder.md")).expect("mkdir");
        let names: Vec<String> = entries(dir.path())
            .expect("lists")
            .into_iter()
            .map(|entry| entry.file_name)
            .collect();
        assert_eq!(names, ["0001-a.md", "0002-b.md", "0010-later.md"]);
    }

    #[test]
    fn a_missing_folder_is_named_in_the_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("nope");
        let error = entries(&missing).expect_err("no folder");
        assert!(matches!(error, Error::AdrDirMissing { path } if path == missing));
    }

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("0001-a.md");
        create_new(&path, "first").expect("creates");
        assert!(create_new(&path, "second").is_err());
        assert_eq!(fs::read_to_string(&path).expect("read"), "first");
    }

    #[cfg(unix)]
    #[test]
    fn replace_keeps_the_permissions_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("0001-a.md");
        fs::write(&path, "old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        replace(&path, "new").expect("replaces");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let mode = fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
