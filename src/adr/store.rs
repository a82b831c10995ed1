//! The records folder on disk: finding it, listing its `NNNN-*.md` files,
//! reading one, adding one under a number no other run takes, and replacing
//! one atomically (through a symbolic link, the file it points to). The
//! records' only contact with the file system: the rest of `adr` is pure.
//! Its failures are [`AdrError`]s, which `error::Error` wraps; the two
//! functions that run the caller's work ([`with_lock`], [`add_numbered`])
//! return the caller's error type.

use crate::adr::record::{self, RecordProblem};
use crate::adr::{AdrDirProblem, AdrError, DEFAULT_DIR};
use crate::sys::input_file;
use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// The file adr-tools (and scaffold's generated repos) keep at the root of a
/// repository, naming the records folder.
const ADR_DIR_FILE: &str = ".adr-dir";

/// The prefix of the temporary file a replacement is written to; one left
/// behind means a run was killed mid-write (`scaffold adr check` says so).
pub const TEMP_PREFIX: &str = ".scaffold-adr-";

/// More than any folder name needs; `.adr-dir` holds one short path.
const MAX_ADR_DIR_FILE: u64 = 4096;

/// A numbered record file in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub number: u64,
    pub file_name: String,
    pub path: PathBuf,
}

/// The records folder: `--dir` when given, else the folder named by a
/// `.adr-dir` file in the current directory, else `docs/adr`.
///
/// # Errors
/// [`AdrError::DirFile`] when `.adr-dir` exists but does not name a folder
/// inside the current one; [`AdrError::Io`] when it cannot be read.
pub fn resolve_dir(explicit: Option<&Path>) -> Result<PathBuf, AdrError> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    let dir = found_dir()?;
    if leads_outside(&dir) {
        return Err(AdrError::DirOutside { path: dir });
    }
    Ok(dir)
}

/// Whether `dir` (relative to the current folder), or the part of it that
/// exists, resolves through symbolic links to a place outside the current
/// folder. `--dir` may point anywhere on purpose; `.adr-dir` and `docs/adr`
/// are found, not asked for, and must not send writes out of the repo.
fn leads_outside(dir: &Path) -> bool {
    let Ok(here) = fs::canonicalize(".") else {
        return false;
    };
    let existing = dir
        .ancestors()
        .find(|part| !part.as_os_str().is_empty() && fs::symlink_metadata(part).is_ok());
    match existing.map(fs::canonicalize) {
        Some(Ok(resolved)) => !resolved.starts_with(&here),
        // A dangling link, or a loop: it leads nowhere inside.
        Some(Err(_)) => existing.is_some_and(|part| {
            fs::symlink_metadata(part).is_ok_and(|meta| meta.file_type().is_symlink())
        }),
        None => false,
    }
}

/// The folder `.adr-dir` names, else the default.
fn found_dir() -> Result<PathBuf, AdrError> {
    let bad = |problem| AdrError::DirFile { problem };
    let io_error = |source| AdrError::Io {
        action: "read",
        path: PathBuf::from(ADR_DIR_FILE),
        source,
    };
    let meta = match fs::metadata(ADR_DIR_FILE) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            // A dangling symbolic link is a bad `.adr-dir`, not a missing one.
            return match fs::symlink_metadata(ADR_DIR_FILE) {
                Ok(_) => Err(bad(AdrDirProblem::NotAFile("a dangling symbolic link"))),
                Err(_) => Ok(PathBuf::from(DEFAULT_DIR)),
            };
        }
        Err(source) => return Err(io_error(source)),
    };
    if meta.is_dir() {
        return Err(bad(AdrDirProblem::Directory));
    }
    if !meta.is_file() {
        // A FIFO or a device: opening it could block forever.
        return Err(bad(AdrDirProblem::NotAFile(input_file::kind_of(
            meta.file_type(),
        ))));
    }
    if meta.len() > MAX_ADR_DIR_FILE {
        return Err(bad(AdrDirProblem::TooLarge(meta.len())));
    }
    let bytes = fs::read(ADR_DIR_FILE).map_err(io_error)?;
    let text = String::from_utf8(bytes).map_err(|_| bad(AdrDirProblem::NotUtf8))?;
    let name = text.trim();
    if name.is_empty() {
        return Err(bad(AdrDirProblem::Empty));
    }
    if name.lines().count() > 1 {
        return Err(bad(AdrDirProblem::SeveralLines));
    }
    let dir = PathBuf::from(name);
    if !stays_inside(&dir) {
        return Err(bad(AdrDirProblem::Outside(name.to_owned())));
    }
    if !dir.is_dir() {
        return Err(bad(AdrDirProblem::Nowhere(name.to_owned())));
    }
    Ok(dir)
}

/// Whether a relative path stays below the folder it is relative to.
fn stays_inside(path: &Path) -> bool {
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// Every `NNNN-*.md` file in `dir`, by number then name; other files
/// (README.md, templates) are not records and are skipped.
///
/// # Errors
/// [`AdrError::DirMissing`] when `dir` is not a folder, [`AdrError::Io`] when it
/// cannot be read.
pub fn entries(dir: &Path) -> Result<Vec<Entry>, AdrError> {
    if !dir.is_dir() {
        return Err(AdrError::DirMissing {
            path: dir.to_path_buf(),
        });
    }
    let io_error = |source| AdrError::Io {
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

/// Files in `dir` named like records (`NNNN-*.md`) that are no regular
/// file: a FIFO, a directory, a device, a dangling link. They are never
/// read (a FIFO would block), but named, so nothing is skipped silently:
/// each with what it is.
pub fn not_regular(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let Ok(items) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, &'static str)> = items
        .filter_map(Result::ok)
        .filter(|item| {
            item.file_name()
                .to_str()
                .is_some_and(|name| record::number_of(name).is_some())
        })
        .filter_map(|item| {
            let path = item.path();
            match fs::metadata(&path) {
                Ok(meta) if meta.is_file() => None,
                Ok(meta) => Some((path, input_file::kind_of(meta.file_type()))),
                Err(_) => Some((path, "a dangling symbolic link")),
            }
        })
        .collect();
    found.sort();
    found
}

/// The text of a record.
///
/// # Errors
/// [`AdrError::Malformed`] when it is not UTF-8, [`AdrError::InputFile`] when
/// it is not a regular file of at most [`input_file::RECORD_LIMIT`] bytes or
/// cannot be read.
pub fn read(path: &Path) -> Result<String, AdrError> {
    let bytes = input_file::read_bytes(path, input_file::RECORD_LIMIT).map_err(|problem| {
        input_file::InputFileError {
            path: path.to_path_buf(),
            what: "a decision record",
            problem,
        }
    })?;
    String::from_utf8(bytes).map_err(|_| AdrError::Malformed {
        path: path.to_path_buf(),
        problem: RecordProblem::NotUtf8,
    })
}

/// The number the next record takes: one more than the highest sequential
/// number (date numbers, `20261127`, are not counted), or 1.
///
/// # Errors
/// [`AdrError::Malformed`] when the highest number has no successor.
pub fn next_number(entries: &[Entry]) -> Result<u64, AdrError> {
    let highest = entries
        .iter()
        .filter(|entry| !record::is_date_number(entry.number))
        .max_by_key(|entry| entry.number);
    match highest {
        Some(last) => last
            .number
            .checked_add(1)
            .ok_or_else(|| AdrError::Malformed {
                path: last.path.clone(),
                problem: RecordProblem::NumberTooLarge,
            }),
        None => Ok(1),
    }
}

/// How many times a clash over a number is retried before giving up.
const MAX_ATTEMPTS: u32 = 200;

/// Adds a record under the next free number, `NNNN-slug.md`, with the text
/// `render(number)` gives. Two runs at once never keep the same number: each
/// creates its file exclusively, then lists the folder again; a run that
/// finds another file with its number removes its own and tries the next
/// number after a short random pause. At most one of the clashing runs
/// keeps it (the second to list sees the first's file).
///
/// # Errors
/// [`AdrError::Io`] when the folder cannot be listed or written; see
/// [`next_number`].
pub fn add_numbered<E: From<AdrError>>(
    dir: &Path,
    slug: &str,
    render: impl Fn(u64) -> Result<String, E>,
) -> Result<(u64, PathBuf), E> {
    let mut last_error = None;
    for attempt in 0..MAX_ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(pause(attempt));
        }
        let number = next_number(&entries(dir)?)?;
        let file_name = record::file_name(number, slug);
        let path = dir.join(&file_name);
        match create_whole(&path, &render(number)?) {
            Ok(()) => {}
            Err(source) if source.kind() == io::ErrorKind::AlreadyExists => {
                last_error = Some(source);
                continue;
            }
            Err(source) => {
                return Err(AdrError::Io {
                    action: "create",
                    path,
                    source,
                }
                .into())
            }
        }
        let clash = entries(dir)?
            .iter()
            .any(|entry| entry.number == number && entry.file_name != file_name);
        if !clash {
            return Ok((number, path));
        }
        remove_quietly(&path);
    }
    Err(AdrError::Io {
        action: "find a free number in",
        path: dir.to_path_buf(),
        source: last_error.unwrap_or_else(|| {
            io::Error::new(
                io::ErrorKind::WouldBlock,
                "other runs kept taking the same numbers",
            )
        }),
    }
    .into())
}

/// A random pause that grows with the attempts, so clashing runs drift apart.
fn pause(attempt: u32) -> Duration {
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let ceiling = 5 + 5 * u64::from(attempt.min(20));
    Duration::from_millis(1 + random % ceiling)
}

/// Writes a new file whole or not at all, failing with `AlreadyExists`
/// rather than replacing one: the text goes to a temporary file in the same
/// folder, which is then hard-linked to its name (a link, unlike a rename,
/// never replaces) and removed. A run killed midway leaves at most the
/// temporary file, which the next run holding the lock removes. Where the
/// file system has no hard links, the file is created and written in place.
fn create_whole(path: &Path, contents: &str) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    temp.write_all(contents.as_bytes())?;
    temp.as_file().sync_all()?;
    match fs::hard_link(temp.path(), path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) => create_exclusive(path, contents),
    }
}

/// Writes a new file, failing with `AlreadyExists` rather than replacing
/// one; a partly written file is removed.
fn create_exclusive(path: &Path, contents: &str) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    if let Err(error) = file
        .write_all(contents.as_bytes())
        .and_then(|()| file.sync_all())
    {
        drop(file);
        remove_quietly(path);
        return Err(error);
    }
    Ok(())
}

/// Writes a new file, failing rather than replacing one that appeared since
/// the folder was listed.
///
/// # Errors
/// [`AdrError::Io`] when the file exists or cannot be written; a partly
/// written file is removed.
pub fn create_new(path: &Path, contents: &str) -> Result<(), AdrError> {
    create_whole(path, contents).map_err(|source| AdrError::Io {
        action: "create",
        path: path.to_path_buf(),
        source,
    })
}

/// Replaces a file's contents all at once: a temporary file in the same
/// folder, with the old file's permissions, renamed over it. A reader sees
/// the old text or the new, never half of one. A symbolic link is followed:
/// the file it points to is replaced, and the link stays.
///
/// # Errors
/// [`AdrError::Io`] when the folder is not writable or the rename fails.
pub fn replace(path: &Path, contents: &str) -> Result<(), AdrError> {
    let io_error = |source| AdrError::Io {
        action: "update",
        path: path.to_path_buf(),
        source,
    };
    let target;
    let path = if fs::symlink_metadata(path)
        .map_err(io_error)?
        .file_type()
        .is_symlink()
    {
        target = fs::canonicalize(path).map_err(io_error)?;
        target.as_path()
    } else {
        path
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = fs::metadata(path).map_err(io_error)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(io_error)?;
    temp.write_all(contents.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .and_then(|()| fs::set_permissions(temp.path(), permissions))
        .map_err(io_error)?;
    temp.persist(path).map_err(|error| io_error(error.error))?;
    Ok(())
}

/// The names of every file in `dir` (links may point at non-records).
///
/// # Errors
/// [`AdrError::Io`] when the folder cannot be listed.
pub fn file_names(dir: &Path) -> Result<BTreeSet<String>, AdrError> {
    let io_error = |source| AdrError::Io {
        action: "list",
        path: dir.to_path_buf(),
        source,
    };
    let mut names = BTreeSet::new();
    for item in fs::read_dir(dir).map_err(io_error)? {
        names.insert(
            item.map_err(io_error)?
                .file_name()
                .to_string_lossy()
                .into_owned(),
        );
    }
    Ok(names)
}

/// The lock a run holds while it rewrites records or the index.
const LOCK_NAME: &str = crate::adr::LOCK_FILE;
/// A lock older than this was left by a killed run: rewrites take milliseconds.
const STALE_LOCK: Duration = Duration::from_secs(10);
/// How long a run waits for another to finish its rewrite (which takes
/// milliseconds): past it, a lock still held is an error, not a hang.
const LOCK_WAIT: Duration = Duration::from_secs(8);

/// Runs `work` while holding the folder's lock, a file created exclusively
/// and removed afterwards, so two runs never rewrite the same record (or
/// the index) from the same stale reading. A lock left by a killed run is
/// taken over once it is older than [`STALE_LOCK`]. The wait is bounded
/// and an interrupt ends it.
///
/// # Errors
/// [`AdrError::Io`] when the lock cannot be taken within [`LOCK_WAIT`], or a
/// stale one cannot be removed; [`AdrError::Cancelled`] on an interrupt;
/// whatever `work` returns.
pub fn with_lock<T, E: From<AdrError>>(
    dir: &Path,
    work: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let lock = dir.join(LOCK_NAME);
    let started = std::time::Instant::now();
    let mut attempt = 0;
    loop {
        match create_exclusive(&lock, &format!("{}\n", std::process::id())) {
            Ok(()) => break,
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                crate::sys::cancel::check().map_err(AdrError::from)?;
                if is_stale(&lock) {
                    // Not a file (a directory, say), or in a folder this run
                    // may not change: it will never go away by itself.
                    if let Err(source) = fs::remove_file(&lock) {
                        if source.kind() != io::ErrorKind::NotFound {
                            return Err(AdrError::Io {
                                action: "remove the stale lock",
                                path: lock,
                                source,
                            }
                            .into());
                        }
                    }
                } else if started.elapsed() > LOCK_WAIT {
                    return Err(AdrError::Io {
                        action: "lock",
                        path: lock,
                        source: io::Error::new(
                            io::ErrorKind::WouldBlock,
                            "another `scaffold adr` run holds it; if none is running, delete it",
                        ),
                    }
                    .into());
                }
                attempt += 1;
                std::thread::sleep(pause(attempt));
            }
            Err(source) => {
                return Err(AdrError::Io {
                    action: "create",
                    path: lock,
                    source,
                }
                .into())
            }
        }
    }
    // Every write goes through a temporary file under this lock, so any
    // temporary file found now was left by a killed run.
    for leftover in leftover_temp_files(dir) {
        remove_quietly(&leftover);
    }
    let result = work();
    remove_quietly(&lock);
    result
}

/// Whether a lock was left by a run that is gone: its process (the id it
/// holds) no longer exists where `/proc` tells, or it is older than
/// [`STALE_LOCK`].
fn is_stale(lock: &Path) -> bool {
    let proc_dir = Path::new("/proc");
    let holder_gone = proc_dir.join("self").exists()
        && fs::read_to_string(lock)
            .ok()
            .and_then(|text| text.trim().parse::<u32>().ok())
            .is_some_and(|pid| !proc_dir.join(pid.to_string()).exists());
    holder_gone
        || fs::metadata(lock)
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_LOCK)
}

/// The temporary files of writes killed midway, in `dir` (the lock only
/// once it is stale: a live run holds it for milliseconds).
pub fn leftover_temp_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(items) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = items
        .filter_map(Result::ok)
        .filter(|item| {
            let name = item.file_name().to_string_lossy().into_owned();
            name.starts_with(TEMP_PREFIX) && (name != LOCK_NAME || is_stale(&item.path()))
        })
        .map(|item| dir.join(item.file_name()))
        .collect();
    found.sort();
    found
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
        assert!(matches!(error, AdrError::DirMissing { path } if path == missing));
    }

    #[test]
    fn runs_adding_at_once_without_the_lock_still_take_distinct_numbers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let numbers: Vec<u64> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..12)
                .map(|n| {
                    let dir = dir.path();
                    scope.spawn(move || {
                        add_numbered::<AdrError>(dir, &format!("run-{n}"), |number| {
                            Ok(format!("# {number}\n"))
                        })
                        .expect("adds")
                        .0
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("joins"))
                .collect()
        });
        let mut distinct = numbers.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 12, "{numbers:?}");
        assert_eq!(entries(dir.path()).expect("lists").len(), 12);
    }

    #[test]
    fn date_numbers_do_not_count_for_the_next_number() {
        let entry = |number| Entry {
            number,
            file_name: format!("{number}-x.md"),
            path: PathBuf::from(format!("{number}-x.md")),
        };
        assert_eq!(next_number(&[]).expect("a number"), 1);
        assert_eq!(
            next_number(&[entry(3), entry(20_261_127)]).expect("a number"),
            4
        );
    }

    #[test]
    fn with_lock_takes_turns_and_removes_its_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let result = with_lock::<_, AdrError>(dir.path(), || {
            assert!(dir.path().join(LOCK_NAME).exists());
            Ok(7)
        });
        assert_eq!(result.expect("runs"), 7);
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
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

    #[cfg(unix)]
    #[test]
    fn replace_through_a_symlink_updates_its_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("target.md");
        let link = dir.path().join("0001-a.md");
        fs::write(&target, "old").expect("write");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        replace(&link, "new").expect("replaces");
        assert!(fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
    }
}
