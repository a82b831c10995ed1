//! Writing a plan to disk, all or nothing. The files go into a hidden
//! `.scaffold-*` staging directory on the target's file system, git runs
//! there, and renames put the finished project in place:
//!
//! - a new target: the staging directory sits beside it, and one `rename`
//!   makes the whole project appear;
//! - an existing empty directory (a plain one, a mount point such as a Docker
//!   volume, or one reached through a symlink): it is filled in place, so it
//!   keeps its owner, group, mode and setgid bit, and a shell sitting in it is
//!   not left in a deleted directory. The staging directory sits inside it,
//!   and each of its entries is renamed up one level.
//!
//! Until then any error or early return removes the staging directory (the
//! secret first, with no new file descriptors), and leaves the target as it
//! was. A live staging directory holds a lock, so other runs can tell it
//! from one left behind by a killed run.
//!
//! Nothing at the target is ever replaced. An empty directory is claimed (a
//! lock on it) before the first byte is written, and found empty again under
//! the claim, so of two runs filling it one wins and the other stops. Every
//! rename refuses to land on an existing name (even an empty directory,
//! which a plain rename replaces), so a file that another program creates
//! meanwhile stops the run instead of being overwritten.

use super::{Plan, PlannedFile};
use crate::error::Error;
use crate::sys::cancel;
use crate::sys::input_file;
use crate::sys::platform;
use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What is at the target path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Absent,
    /// An empty directory, possibly behind a symlink: filled in place.
    EmptyDirectory,
}

/// The target path without a trailing `/` or `/.`, which name the same
/// directory but cannot be renamed onto.
pub fn normalized(target: &Path) -> PathBuf {
    target.components().collect()
}

/// Checks, before any work, that the project can be created at `target`:
/// the parent is a directory, and at the target is nothing or an empty
/// directory (a symlink to one is fine; a dangling one is not).
///
/// # Errors
/// [`Error::TargetNotEmpty`], [`Error::TargetNotDirectory`],
/// [`Error::ParentMissing`], [`Error::ParentNotDirectory`] or [`Error::Io`].
pub fn check_target(target: &Path) -> Result<TargetState, Error> {
    let target = &normalized(target);
    check_parent(parent_of(target))?;
    let not_directory = |kind| Error::TargetNotDirectory {
        path: target.clone(),
        kind,
    };
    let metadata = match fs::symlink_metadata(target) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(TargetState::Absent)
        }
        Err(source) => return Err(io_error("inspect", target, source)),
        Ok(metadata) if metadata.file_type().is_symlink() => match fs::metadata(target) {
            Ok(resolved) if resolved.is_dir() => resolved,
            Ok(_) => return Err(not_directory("a symbolic link to a file")),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(not_directory("a dangling symbolic link"))
            }
            Err(error) if platform::is_symlink_loop(&error) => {
                return Err(not_directory("a symbolic link loop"))
            }
            Err(source) => return Err(io_error("inspect", target, source)),
        },
        Ok(metadata) => metadata,
    };
    if !metadata.is_dir() {
        return Err(not_directory(input_file::kind_of(metadata.file_type())));
    }
    let mut entries = fs::read_dir(target).map_err(|source| io_error("read", target, source))?;
    if entries.next().is_some() {
        Err(Error::TargetNotEmpty {
            path: target.clone(),
        })
    } else {
        Ok(TargetState::EmptyDirectory)
    }
}

/// The parent must be a directory; a file or a symlink loop is named as such.
fn check_parent(parent: &Path) -> Result<(), Error> {
    let not_directory = |kind| Error::ParentNotDirectory {
        path: parent.to_path_buf(),
        kind,
    };
    match fs::metadata(parent) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(metadata) => Err(not_directory(input_file::kind_of(metadata.file_type()))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(Error::ParentMissing {
            path: parent.to_path_buf(),
        }),
        Err(error) if platform::is_symlink_loop(&error) => {
            Err(not_directory("a symbolic link loop"))
        }
        Err(error) if platform::is_path_through_a_file(&error) => {
            Err(not_directory("a path through a file"))
        }
        Err(source) => Err(io_error("inspect", parent, source)),
    }
}

/// Staging directories (`.scaffold-*`) in `parent` that an earlier run left
/// behind when it was killed before it could clean up. They are reported,
/// never deleted. One that another scaffold run is using right now holds a
/// lock and is not reported.
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
        .filter(|path| platform::is_dir_unlocked(path))
        .collect();
    found.sort();
    found
}

/// The name prefix of staging directories.
const STAGING_PREFIX: &str = ".scaffold-";

/// The name prefix of a staging directory while it is made or removed, when
/// it holds no lock: another run's [`leftover_staging_dirs`] must not take it
/// for one left behind (Unix, where a locked directory can be renamed).
const UNLOCKED_PREFIX: &str = ".scaffold~";

/// `dir` under the same random suffix with another prefix.
fn renamed_prefix(dir: &Path, from: &str, to: &str) -> Option<PathBuf> {
    let name = dir.file_name()?.to_str()?;
    Some(dir.with_file_name(format!("{to}{}", name.strip_prefix(from)?)))
}

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
    dir: StagingDir,
    /// The claim on an empty directory being filled, released after the
    /// staging directory's removal (fields drop in order).
    claim: Option<Claim>,
    target: PathBuf,
    state: TargetState,
}

/// This run's claim on the empty directory it fills.
#[derive(Debug)]
struct Claim(Option<platform::DirLock>);

impl Claim {
    /// Claims `target`, then checks under the claim that it is still empty:
    /// another run that claimed it first either still holds it or has filled
    /// it by now.
    fn take(target: &Path) -> Result<Claim, Error> {
        let lock = match platform::lock_dir(target) {
            Ok(lock) => Some(lock),
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::AlreadyExists
                ) =>
            {
                return Err(Error::TargetInUse {
                    path: target.to_path_buf(),
                })
            }
            // A file system without locks (some network ones): go on
            // unclaimed; the renames into place still never replace anything.
            Err(error) if platform::is_locking_unsupported(&error) => None,
            Err(source) => return Err(io_error("lock", target, source)),
        };
        let claim = Claim(lock);
        let entries = fs::read_dir(target).map_err(|source| io_error("read", target, source))?;
        for entry in entries {
            let name = entry
                .map_err(|source| io_error("read", target, source))?
                .file_name();
            if !platform::is_lock_file(&name) {
                return Err(Error::TargetNotEmpty {
                    path: target.to_path_buf(),
                });
            }
        }
        Ok(claim)
    }

    /// Before the staging directory's entries move in (see
    /// [`platform::DirLock::release_for_move`]).
    fn release_for_move(&mut self) {
        self.0 = self.0.take().and_then(platform::DirLock::release_for_move);
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        // Windows: the lock is a file inside the target; never leave it there.
        self.release_for_move();
    }
}

/// Writes every planned file into a fresh staging directory for `target`
/// (beside it, or inside it when it is an empty directory to fill), as
/// [`check_target`] found it. `on_file` is called after each file, for
/// progress.
///
/// # Errors
/// [`Error::Io`] on any write failure, [`Error::Cancelled`] after Ctrl-C; the
/// staging directory is removed either way.
pub fn stage(
    plan: &Plan,
    target: &Path,
    state: TargetState,
    on_file: impl FnMut(&str),
) -> Result<Staged, Error> {
    stage_with(&mut DiskWriter, &plan.files, target, state, on_file)
}

/// [`stage`] for the plan's `files`, written through `writer`.
///
/// # Errors
/// As [`stage`].
pub fn stage_with(
    writer: &mut dyn FileWriter,
    files: &[PlannedFile],
    target: &Path,
    state: TargetState,
    mut on_file: impl FnMut(&str),
) -> Result<Staged, Error> {
    let target = normalized(target);
    let (home, claim) = match state {
        TargetState::Absent => (parent_of(&target).to_path_buf(), None),
        TargetState::EmptyDirectory => (target.clone(), Some(Claim::take(&target)?)),
    };
    let dir = StagingDir::create(&home)?;
    // The folders made so far (and their parents): each is made once, not
    // asked for again (a failed mkdir and a stat) before every file in it.
    // Keyed by the planned, relative `/`-separated folder.
    let mut made: HashSet<&str> = HashSet::new();
    for file in files {
        cancel::check()?;
        let path = contained_path(dir.path(), &file.path)?;
        let relative_folder = file.path.rsplit_once('/').map(|(folder, _)| folder);
        if let Some(folder) = relative_folder.filter(|folder| !made.contains(folder)) {
            if let Some(absolute) = path.parent() {
                fs::create_dir_all(absolute)
                    .map_err(|source| io_error("create", absolute, source))?;
            }
            let mut known = Some(folder);
            while let Some(made_folder) = known {
                made.insert(made_folder);
                known = made_folder.rsplit_once('/').map(|(up, _)| up);
            }
        }
        let mode = file_mode(file.executable, file.committed);
        write_file(writer, &path, &file.contents, mode)?;
        on_file(&file.path);
    }
    Ok(Staged {
        dir,
        claim,
        target,
        state,
    })
}

impl Staged {
    /// The staging directory, where git runs before the rename.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Puts the project in place: one rename of the staging directory onto
    /// a new target, or, for an empty directory, a rename of each entry into
    /// it (undone on failure, so the directory is left empty as found).
    ///
    /// # Errors
    /// [`Error::TargetTaken`] when something was created at the target (or
    /// in the directory being filled) meanwhile, [`Error::Io`] if a rename
    /// fails otherwise; the staging directory is removed either way.
    pub fn persist(mut self) -> Result<PathBuf, Error> {
        cancel::check()?;
        match self.state {
            TargetState::Absent => {
                self.dir.release_lock_for_move();
                platform::rename_no_replace(self.dir.path(), &self.target).map_err(|source| {
                    taken_or_io("move the project into place at", &self.target, source)
                })?;
                // The directory now lives at the target; don't let the drop remove it.
                self.dir.disarm();
            }
            TargetState::EmptyDirectory => self.fill_in_place()?,
        }
        Ok(self.target.clone())
    }

    fn fill_in_place(&mut self) -> Result<(), Error> {
        self.dir.release_lock_for_move();
        if let Some(claim) = &mut self.claim {
            claim.release_for_move();
        }
        let staging = self.dir.path().to_path_buf();
        let mut names = Vec::new();
        for entry in fs::read_dir(&staging).map_err(|source| io_error("read", &staging, source))? {
            names.push(
                entry
                    .map_err(|source| io_error("read", &staging, source))?
                    .file_name(),
            );
        }
        let mut moved = Vec::new();
        for name in names {
            let destination = self.target.join(&name);
            if let Err(source) = platform::rename_no_replace(&staging.join(&name), &destination) {
                // Put back what was moved, so that the cleanup removes it all.
                for name in moved.iter().rev() {
                    let _ =
                        platform::rename_no_replace(&self.target.join(name), &staging.join(name));
                }
                return Err(taken_or_io(
                    "move a file into place at",
                    &destination,
                    source,
                ));
            }
            moved.push(name);
        }
        self.dir.disarm();
        fs::remove_dir(&staging).map_err(|source| io_error("remove", &staging, source))
    }
}

/// A `.scaffold-*` directory that removes itself unless disarmed, and holds
/// a lock while this run uses it.
#[derive(Debug)]
struct StagingDir {
    path: PathBuf,
    /// Held while the run uses it; released only after the removal.
    lock: Option<platform::DirLock>,
    armed: bool,
}

impl StagingDir {
    /// Makes the directory under an unlocked name, locks it, then gives it
    /// its `.scaffold-` name: no other run ever sees it there unlocked.
    fn create(home: &Path) -> Result<StagingDir, Error> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(if cfg!(unix) {
            UNLOCKED_PREFIX
        } else {
            STAGING_PREFIX
        });
        // It becomes the project's directory: give it what the umask
        // leaves, like any directory, not a temp dir's private 0700.
        if let Some(permissions) = platform::directory_permissions(0o777 & !platform::umask()) {
            builder.permissions(permissions);
        }
        let path = builder
            .tempdir_in(home)
            .map_err(|source| io_error("create a staging directory in", home, source))?
            .keep();
        let mut dir = StagingDir {
            path,
            lock: None,
            armed: true,
        };
        let lock =
            platform::lock_dir(&dir.path).map_err(|source| io_error("lock", &dir.path, source))?;
        dir.lock = Some(lock);
        if let Some(named) = renamed_prefix(&dir.path, UNLOCKED_PREFIX, STAGING_PREFIX) {
            platform::rename_no_replace(&dir.path, &named)
                .map_err(|source| io_error("name the staging directory", &named, source))?;
            dir.path = named;
        }
        Ok(dir)
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn disarm(&mut self) {
        self.armed = false;
    }

    /// Before the directory or its entries move into place (see
    /// [`platform::DirLock::release_for_move`]).
    fn release_lock_for_move(&mut self) {
        self.lock = self
            .lock
            .take()
            .and_then(platform::DirLock::release_for_move);
    }
}

impl Drop for StagingDir {
    /// Removes the directory unless disarmed: the secret first, then it is
    /// renamed out of the `.scaffold-` names while still locked, then the
    /// lock's descriptor is closed (the removal may need the last one free),
    /// then the rest, one path at a time, with at most one directory open at
    /// once. A failure that ran out of descriptors or hit the file-size limit
    /// still cleans up.
    fn drop(&mut self) {
        if self.armed {
            for secret in super::plan::UNCOMMITTED {
                let _ = fs::remove_file(self.path.join(secret));
            }
            if cfg!(unix) {
                if let Some(unlocked) = renamed_prefix(&self.path, STAGING_PREFIX, UNLOCKED_PREFIX)
                {
                    if platform::rename_no_replace(&self.path, &unlocked).is_ok() {
                        self.path = unlocked;
                    }
                }
            }
            self.lock = None;
            remove_tree(&self.path);
        }
        self.lock = None;
    }
}

fn remove_tree(dir: &Path) {
    // Read the names and close the directory before going deeper.
    let children: Vec<(PathBuf, bool)> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| {
                let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
                (entry.path(), is_dir)
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    for (path, is_dir) in children {
        if is_dir {
            remove_tree(&path);
        } else {
            let _ = fs::remove_file(&path);
        }
    }
    let _ = fs::remove_dir(dir);
}

/// The mode a planned file is created with. The umask is respected: a file
/// gets what it leaves of `rw-rw-rw-`, an executable is executable for whoever
/// may read it, and the secret stays readable by its owner alone.
fn file_mode(executable: bool, committed: bool) -> u32 {
    let mask = platform::umask();
    if !committed {
        return 0o600 & !mask;
    }
    let mode = 0o666 & !mask;
    if executable {
        mode | ((mode & 0o444) >> 2)
    } else {
        mode
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

/// Where staged bytes go: the disk, or in tests a writer that fails on
/// purpose, to prove that every failure stops the run.
pub trait FileWriter {
    /// Creates `path` (which must not exist) with `mode` and writes `contents`.
    ///
    /// # Errors
    /// The I/O error, and the action that failed.
    fn write_new(
        &mut self,
        path: &Path,
        contents: &[u8],
        mode: u32,
    ) -> Result<(), (&'static str, std::io::Error)>;
}

/// The real writer.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskWriter;

impl FileWriter for DiskWriter {
    fn write_new(
        &mut self,
        path: &Path,
        contents: &[u8],
        mode: u32,
    ) -> Result<(), (&'static str, std::io::Error)> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        platform::create_with_mode(&mut options, mode);
        let mut file = options.open(path).map_err(|error| ("create", error))?;
        file.write_all(contents)
            .and_then(|()| file.flush())
            .map_err(|error| ("write", error))?;
        // The umask may have taken away an executable bit the mode gives
        // back to whoever may read the file; then set it on the open file.
        // Most files lose nothing to the umask, and skip the system call.
        if mode & platform::umask() != 0 {
            platform::set_mode(&file, mode).map_err(|error| ("set the mode of", error))?;
        }
        Ok(())
    }
}

/// Writes one new file through `writer`, naming the file in any error.
///
/// # Errors
/// [`Error::Io`] with the action, the path and the operating system's cause.
pub fn write_file(
    writer: &mut dyn FileWriter,
    path: &Path,
    contents: &[u8],
    mode: u32,
) -> Result<(), Error> {
    writer
        .write_new(path, contents, mode)
        .map_err(|(action, source)| io_error(action, path, source))
}

/// A rename that found its destination taken is [`Error::TargetTaken`].
fn taken_or_io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    if source.kind() == std::io::ErrorKind::AlreadyExists {
        Error::TargetTaken {
            path: path.to_path_buf(),
        }
    } else {
        io_error(action, path, source)
    }
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
    fn small_plan() -> Vec<PlannedFile> {
        let file = |path: &str, committed| PlannedFile {
            path: path.to_owned(),
            contents: format!("contents of {path}\n").into_bytes(),
            executable: path.ends_with(".py"),
            committed,
        };
        vec![
            file("README.md", true),
            file(".env", false),
            file("app/__init__.py", true),
            file("app/views/index.py", true),
            file("docs/adr/0001-x.md", true),
        ]
    }

    /// Writes `healthy` files, then fails like a full disk.
    struct FullDiskAfter {
        healthy: usize,
    }

    impl FileWriter for FullDiskAfter {
        fn write_new(
            &mut self,
            path: &Path,
            contents: &[u8],
            mode: u32,
        ) -> Result<(), (&'static str, std::io::Error)> {
            if self.healthy == 0 {
                // Half a file, as a real full disk leaves it.
                let _ = fs::write(path, &contents[..contents.len() / 2]);
                return Err(("write", platform::disk_full_error()));
            }
            self.healthy -= 1;
            DiskWriter.write_new(path, contents, mode)
        }
    }

    #[test]
    fn a_write_failure_at_any_file_fails_staging_and_leaves_nothing() {
        let plan = small_plan();
        for state in [TargetState::Absent, TargetState::EmptyDirectory] {
            for healthy in 0..plan.len() {
                let parent = tempfile::tempdir().expect("temp dir");
                let target = parent.path().join("app");
                if state == TargetState::EmptyDirectory {
                    fs::create_dir(&target).expect("empty target");
                }
                let result = stage_with(
                    &mut FullDiskAfter { healthy },
                    &plan,
                    &target,
                    state,
                    |_| {},
                );
                let error = result.expect_err("a full disk must fail the run");
                let chain = format!(
                    "{error}: {}",
                    std::error::Error::source(&error)
                        .map(ToString::to_string)
                        .unwrap_or_default()
                );
                assert!(platform::says_disk_full(&chain), "{chain}");
                assert_eq!(error.exit_code(), 1);
                let left: Vec<_> = fs::read_dir(parent.path())
                    .expect("list")
                    .map(|entry| entry.expect("entry").file_name())
                    .collect();
                match state {
                    TargetState::Absent => assert!(left.is_empty(), "{healthy}: left {left:?}"),
                    TargetState::EmptyDirectory => {
                        assert_eq!(left, vec![std::ffi::OsString::from("app")]);
                        assert_eq!(fs::read_dir(&target).expect("list").count(), 0, "{healthy}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_empty_directory_is_filled_in_place_keeping_its_mode() {
        let parent = tempfile::tempdir().expect("temp dir");
        let target = parent.path().join("app");
        fs::create_dir(&target).expect("empty target");
        #[cfg(unix)]
        let mode_of = |path: &Path| {
            use std::os::unix::fs::PermissionsExt;
            fs::metadata(path).expect("meta").permissions().mode() & 0o7777
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&target, fs::Permissions::from_mode(0o2751)).expect("chmod");
        }
        let state = check_target(&target).expect("an empty directory is fine");
        let staged =
            stage_with(&mut DiskWriter, &small_plan(), &target, state, |_| {}).expect("staged");
        assert!(staged.path().starts_with(&target));
        staged.persist().expect("in place");
        #[cfg(unix)]
        assert_eq!(mode_of(&target), 0o2751);
        assert!(target.join("app/views/index.py").is_file());
        let names: Vec<_> = fs::read_dir(&target)
            .expect("list")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert!(
            !names.iter().any(|name| name.starts_with(STAGING_PREFIX)),
            "{names:?}"
        );
    }

    #[test]
    fn a_live_staging_directory_is_not_reported_as_left_behind() {
        let parent = tempfile::tempdir().expect("temp dir");
        let target = parent.path().join("app");
        let staged = stage_with(
            &mut DiskWriter,
            &small_plan(),
            &target,
            TargetState::Absent,
            |_| {},
        )
        .expect("staged");
        assert_eq!(leftover_staging_dirs(parent.path()), Vec::<PathBuf>::new());
        let dead = parent.path().join(".scaffold-dead");
        fs::create_dir(&dead).expect("a dead one");
        assert_eq!(leftover_staging_dirs(parent.path()), vec![dead]);
        drop(staged);
    }

    /// `small_plan` with every file's contents marked by `run`.
    fn plan_of(run: &str) -> Vec<PlannedFile> {
        small_plan()
            .into_iter()
            .map(|mut file| {
                file.contents = format!("{run}: {}\n", file.path).into_bytes();
                file
            })
            .collect()
    }

    #[test]
    fn two_runs_into_one_empty_directory_never_touch_each_others_files() {
        let parent = tempfile::tempdir().expect("temp dir");
        let target = parent.path().join("app");
        fs::create_dir(&target).expect("empty target");
        // Both runs found the directory empty before either wrote a byte.
        let first_state = check_target(&target).expect("empty");
        let second_state = check_target(&target).expect("empty");
        let first = stage_with(
            &mut DiskWriter,
            &plan_of("first"),
            &target,
            first_state,
            |_| {},
        )
        .expect("the first run stages");
        match stage_with(
            &mut DiskWriter,
            &plan_of("second"),
            &target,
            second_state,
            |_| {},
        ) {
            // The loser may be refused as it starts: then the winner finishes.
            Err(error) => {
                assert_ne!(error.exit_code(), 0);
                first.persist().expect("the winner persists");
            }
            Ok(second) => {
                first.persist().expect("the winner persists");
                let error = second.persist().expect_err("the loser must fail");
                assert_ne!(error.exit_code(), 0);
            }
        }
        // Whatever happened, the tree is the winner's, whole.
        for file in plan_of("first") {
            let found = fs::read(target.join(&file.path)).unwrap_or_default();
            assert_eq!(
                String::from_utf8_lossy(&found),
                String::from_utf8_lossy(&file.contents),
                "{}",
                file.path
            );
        }
    }

    #[test]
    fn a_file_appearing_in_the_target_while_it_is_filled_is_never_replaced() {
        let parent = tempfile::tempdir().expect("temp dir");
        let target = parent.path().join("app");
        fs::create_dir(&target).expect("empty target");
        let state = check_target(&target).expect("empty");
        let staged =
            stage_with(&mut DiskWriter, &small_plan(), &target, state, |_| {}).expect("staged");
        // Somebody else writes into the directory meanwhile.
        fs::write(target.join("README.md"), "mine\n").expect("their file");
        let error = staged.persist().expect_err("the run must stop");
        assert_ne!(error.exit_code(), 0);
        assert_eq!(
            fs::read_to_string(target.join("README.md")).expect("kept"),
            "mine\n"
        );
        let names: Vec<_> = fs::read_dir(&target)
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("README.md")]);
    }

    #[test]
    fn a_directory_created_at_a_new_target_while_staging_is_never_replaced() {
        let parent = tempfile::tempdir().expect("temp dir");
        let target = parent.path().join("app");
        let state = check_target(&target).expect("absent");
        let staged =
            stage_with(&mut DiskWriter, &small_plan(), &target, state, |_| {}).expect("staged");
        // Somebody else creates the target, empty, meanwhile.
        fs::create_dir(&target).expect("their directory");
        let error = staged.persist().expect_err("the run must stop");
        assert_ne!(error.exit_code(), 0);
        assert_eq!(fs::read_dir(&target).expect("list").count(), 0);
        let left: Vec<_> = fs::read_dir(parent.path())
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("app")]);
    }

    #[test]
    fn a_staging_directory_being_created_is_never_reported_as_left_behind() {
        let parent = tempfile::tempdir().expect("temp dir");
        let home = parent.path().to_path_buf();
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let scanner = {
            let done = std::sync::Arc::clone(&done);
            let home = home.clone();
            std::thread::spawn(move || {
                let mut reported = Vec::new();
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    reported.extend(leftover_staging_dirs(&home));
                }
                reported
            })
        };
        for _ in 0..400 {
            drop(StagingDir::create(&home).expect("staging"));
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        let reported = scanner.join().expect("scanner");
        assert!(reported.is_empty(), "live ones reported: {reported:?}");
    }

    #[test]
    fn planned_paths_cannot_escape_the_staging_root() {
        let root = Path::new("/stage");
        assert!(contained_path(root, "a/b.txt").is_ok());
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a"] {
            assert!(contained_path(root, bad).is_err(), "{bad} was accepted");
        }
    }
}
