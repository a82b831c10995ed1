//! What differs between operating systems, in one place. Each function has
//! its Unix body and its Windows body side by side, so the modules that call
//! them (staging, git, the compare server) read the same everywhere:
//!
//! - error codes: a symbolic link loop, a path through a file, a full disk;
//! - free space (named after git fails on a full disk);
//! - file modes and the umask (Unix only: Windows has neither);
//! - keeping freed memory in the heap (glibc's trim threshold; elsewhere
//!   one short-lived allocation);
//! - the staging directory's lock, which tells a live run's staging
//!   directory from one a killed run left behind;
//! - process groups, so a server and every worker it starts stop together.
//!
//! Unix uses rustix and `std::os::unix`; Windows uses std alone. Where a
//! Windows body is plain logic it is compiled (and unit-tested) on every
//! system too, as `portable_*`.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;
use std::process::Command;

// ---- error codes

/// Whether the error is a symbolic link loop (`ELOOP`; Windows:
/// `ERROR_CANT_RESOLVE_FILENAME`).
pub fn is_symlink_loop(error: &io::Error) -> bool {
    #[cfg(unix)]
    let code = rustix::io::Errno::LOOP.raw_os_error();
    #[cfg(not(unix))]
    let code = windows_codes::CANT_RESOLVE_FILENAME;
    error.raw_os_error() == Some(code)
}

/// Whether the error is a path that goes through a file (`ENOTDIR`;
/// Windows: `ERROR_DIRECTORY`, though Windows mostly says "not found").
pub fn is_path_through_a_file(error: &io::Error) -> bool {
    #[cfg(unix)]
    let code = rustix::io::Errno::NOTDIR.raw_os_error();
    #[cfg(not(unix))]
    let code = windows_codes::DIRECTORY;
    error.raw_os_error() == Some(code)
}

/// Whether a lock failed because the file system has no locks at all
/// (`ENOLCK`, `EOPNOTSUPP`: some network file systems), rather than
/// because somebody holds it.
pub fn is_locking_unsupported(error: &io::Error) -> bool {
    #[cfg(unix)]
    let codes = [
        rustix::io::Errno::NOLCK.raw_os_error(),
        rustix::io::Errno::OPNOTSUPP.raw_os_error(),
    ];
    #[cfg(not(unix))]
    let codes: [i32; 0] = [];
    error.kind() == io::ErrorKind::Unsupported
        || error
            .raw_os_error()
            .is_some_and(|code| codes.contains(&code))
}

/// The operating system's own "no space left" error (`ENOSPC`; Windows:
/// `ERROR_DISK_FULL`), with its own wording.
pub fn disk_full_error() -> io::Error {
    #[cfg(unix)]
    let code = rustix::io::Errno::NOSPC.raw_os_error();
    #[cfg(not(unix))]
    let code = windows_codes::DISK_FULL;
    io::Error::from_raw_os_error(code)
}

/// Whether a message says the disk is full, in Unix's words ("No space
/// left on device") or Windows' ("There is not enough space on the disk").
pub fn says_disk_full(message: &str) -> bool {
    let message = message.to_lowercase();
    ["no space left on device", "not enough space on the disk"]
        .iter()
        .any(|words| message.contains(words))
}

/// Windows' system error codes used here (from `winerror.h`).
#[cfg(any(not(unix), test))]
mod windows_codes {
    pub const SHARING_VIOLATION: i32 = 32;
    #[cfg(not(unix))]
    pub const DISK_FULL: i32 = 112;
    #[cfg(not(unix))]
    pub const DIRECTORY: i32 = 267;
    #[cfg(not(unix))]
    pub const CANT_RESOLVE_FILENAME: i32 = 1921;
}

// ---- free space

/// Bytes free on the file system holding `dir`, when the system says.
/// Windows: `None` (std has no portable call for it; git's own error
/// message then has to do).
pub fn free_bytes(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let stats = rustix::fs::statvfs(dir).ok()?;
        Some(stats.f_bfree.saturating_mul(stats.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Files (inodes) that can still be created on the file system holding
/// `dir`, when the system says. A file system out of inodes is as full as
/// one out of bytes: creating a file fails with the same `ENOSPC`.
/// Windows: `None`.
pub fn free_inodes(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let stats = rustix::fs::statvfs(dir).ok()?;
        // Some file systems (btrfs) report no inode count at all.
        (stats.f_files > 0).then_some(stats.f_ffree)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

// ---- file modes

/// The process's umask (read once, by setting it and putting it back).
/// Windows has none: `0o022`, which the modes below then ignore.
pub fn umask() -> u32 {
    #[cfg(unix)]
    {
        static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
        *UMASK.get_or_init(|| {
            use rustix::fs::Mode;
            let old = rustix::process::umask(Mode::from_raw_mode(0o022));
            rustix::process::umask(old);
            old.bits() & 0o777
        })
    }
    #[cfg(not(unix))]
    {
        0o022
    }
}

/// Makes `options` create its file with `mode` (Unix; Windows files have no
/// mode, and `mode` is ignored).
pub fn create_with_mode(options: &mut OpenOptions, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = (options, mode);
}

/// Sets the mode of an open file, whatever the umask took from it at
/// creation (Unix; nothing on Windows).
///
/// # Errors
/// The operating system's error.
pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode);
        Ok(())
    }
}

/// The permissions a new directory gets from `mode` (Unix), or `None` to
/// keep the default (Windows).
pub fn directory_permissions(mode: u32) -> Option<fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        None
    }
}

// ---- moving into place

/// Renames `from` to `to`, failing with `AlreadyExists` if anything is at
/// `to`, even an empty directory, which a plain rename silently replaces.
/// Linux and macOS check and rename in one step (`renameat2` with
/// `RENAME_NOREPLACE`, `renamex_np` with `RENAME_EXCL`); elsewhere, or on a
/// file system that cannot (the call says `EINVAL`), the check comes just
/// before the rename.
///
/// # Errors
/// The operating system's error; `AlreadyExists` when `to` is taken.
pub fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(errno)
                if errno == rustix::io::Errno::INVAL || errno == rustix::io::Errno::NOSYS => {}
            Err(errno) => return Err(io::Error::from_raw_os_error(errno.raw_os_error())),
        }
    }
    match fs::symlink_metadata(to) {
        Ok(_) => Err(io::Error::from(io::ErrorKind::AlreadyExists)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => fs::rename(from, to),
        Err(error) => Err(error),
    }
}

// ---- the staging directory's lock

/// An advisory lock on a directory, held until dropped (or, on Windows,
/// released before the directory moves).
///
/// - Unix: an exclusive `flock` on the directory itself.
/// - Windows: a directory cannot be locked, so the lock is a file
///   (`.scaffold-lock`) inside it, kept open without sharing: nobody else can
///   open it while the run lives, and Windows closes it when the run dies.
#[derive(Debug)]
pub struct DirLock {
    #[cfg_attr(unix, allow(dead_code))]
    file: File,
    #[cfg(not(unix))]
    path: std::path::PathBuf,
}

/// The Windows lock file's name inside the staging directory.
#[cfg(not(unix))]
pub const LOCK_FILE: &str = ".scaffold-lock";

/// Whether a directory entry is a lock this module made (Windows' lock
/// file; Unix locks leave no file).
pub fn is_lock_file(name: &std::ffi::OsStr) -> bool {
    #[cfg(unix)]
    {
        let _ = name;
        false
    }
    #[cfg(not(unix))]
    {
        name == LOCK_FILE
    }
}

/// Locks `dir`, failing if another run holds it.
///
/// # Errors
/// The operating system's error.
pub fn lock_dir(dir: &Path) -> io::Result<DirLock> {
    #[cfg(unix)]
    {
        let file = File::open(dir)?;
        rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive)
            .map_err(|errno| io::Error::from_raw_os_error(errno.raw_os_error()))?;
        Ok(DirLock { file })
    }
    #[cfg(not(unix))]
    {
        use std::os::windows::fs::OpenOptionsExt;
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            // No sharing: every other open fails with a sharing violation.
            .share_mode(0)
            .open(&path)?;
        Ok(DirLock { file, path })
    }
}

/// Whether a live run holds `dir`'s lock.
#[cfg(any(not(unix), test))]
pub fn is_dir_locked(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        let Ok(handle) = File::open(dir) else {
            return false;
        };
        // Taking the lock ourselves means nobody holds it; dropping the
        // handle releases it again.
        rustix::fs::flock(&handle, rustix::fs::FlockOperation::NonBlockingLockShared).is_err()
    }
    #[cfg(not(unix))]
    {
        portable_lock_file_is_held(File::open(dir.join(LOCK_FILE)).map(drop))
    }
}

/// Whether `dir` is there and no live run holds its lock: a directory that
/// vanished meanwhile (its run finished, and renamed it away before letting
/// go of the lock) is not one left behind.
pub fn is_dir_unlocked(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(handle) = File::open(dir) else {
            return false;
        };
        if rustix::fs::flock(&handle, rustix::fs::FlockOperation::NonBlockingLockShared).is_err() {
            return false;
        }
        // Free now, but is it still the directory at that name?
        match (handle.metadata(), fs::symlink_metadata(dir)) {
            (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        dir.is_dir() && !is_dir_locked(dir)
    }
}

/// Windows: opening the lock file fails with a sharing violation exactly
/// while a live run holds it open; a missing lock file, or one anybody may
/// open, belongs to no live run.
#[cfg(any(not(unix), test))]
fn portable_lock_file_is_held(opened: io::Result<()>) -> bool {
    matches!(opened, Err(error) if error.raw_os_error() == Some(windows_codes::SHARING_VIOLATION))
}

impl DirLock {
    /// Readies the locked directory to be renamed, or its entries moved out.
    /// Unix renames a directory under a lock: the lock is kept, and
    /// returned. Windows renames no directory with a file open inside it,
    /// and the lock file must not land in the project: it is closed and
    /// removed, and `None` returned.
    pub fn release_for_move(self) -> Option<DirLock> {
        #[cfg(unix)]
        {
            Some(self)
        }
        #[cfg(not(unix))]
        {
            let DirLock { file, path } = self;
            drop(file);
            let _ = fs::remove_file(path);
            None
        }
    }
}

// ---- process groups

/// Starts the command in a process group of its own: Ctrl-C at the
/// terminal does not reach it, and [`stop_group`] reaches every process it
/// starts. Unix: `setpgid(0)`; Windows: `CREATE_NEW_PROCESS_GROUP`.
pub fn in_own_process_group(command: &mut Command) -> &mut Command {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0)
    }
    #[cfg(not(unix))]
    {
        use std::os::windows::process::CommandExt;
        /// From `winbase.h`.
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        command.creation_flags(CREATE_NEW_PROCESS_GROUP)
    }
}

/// How a child waited for with [`wait_or_stop_group`] ended.
#[derive(Debug)]
pub enum Ended {
    /// It exited by itself.
    Exited(std::process::ExitStatus),
    /// `interrupted` said stop; its group was stopped.
    Interrupted,
    /// The deadline passed; its group was stopped.
    TimedOut,
}

/// How long a stopped group has between the polite stop and the forced one.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// Waits for `child`, started with [`in_own_process_group`], polling.
/// When `interrupted()` says so, or `deadline` passes, the whole group is
/// stopped: asked first, forced after a short grace; and forced once more
/// after the leader has gone, for any process it left behind.
///
/// # Errors
/// The operating system's error from waiting.
pub fn wait_or_stop_group(
    child: &mut std::process::Child,
    deadline: Option<std::time::Duration>,
    interrupted: &dyn Fn() -> bool,
) -> io::Result<Ended> {
    let started = std::time::Instant::now();
    let poll = std::time::Duration::from_millis(20);
    let stop = loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Ended::Exited(status));
        }
        if interrupted() {
            break Ended::Interrupted;
        }
        if deadline.is_some_and(|deadline| started.elapsed() >= deadline) {
            break Ended::TimedOut;
        }
        std::thread::sleep(poll);
    };
    let group = child.id();
    stop_group(group, false);
    let asked = std::time::Instant::now();
    while asked.elapsed() < STOP_GRACE && child.try_wait()?.is_none() {
        std::thread::sleep(poll);
    }
    stop_group(group, true);
    child.wait()?;
    Ok(stop)
}

/// Asks the group led by `leader` to stop, or (`force`) stops it. Through
/// the system's standard tool, as the crate forbids unsafe code.
pub fn stop_group(leader: u32, force: bool) {
    let (program, args) = stop_group_command(leader, force);
    let _ = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// The command [`stop_group`] runs: Unix, `kill -s TERM|KILL -- -GROUP`;
/// Windows, `taskkill /T [/F] /PID LEADER` (the process tree: a new process
/// group cannot be signalled as a whole, and `/F` is the only stop a
/// console server cannot ignore).
fn stop_group_command(leader: u32, force: bool) -> (&'static str, Vec<String>) {
    #[cfg(unix)]
    {
        unix_stop_group_command(leader, force)
    }
    #[cfg(not(unix))]
    {
        portable_taskkill_command(leader, force)
    }
}

#[cfg(unix)]
fn unix_stop_group_command(group: u32, force: bool) -> (&'static str, Vec<String>) {
    let signal = if force { "KILL" } else { "TERM" };
    let args = ["-s", signal, "--", &format!("-{group}")].map(str::to_owned);
    ("kill", args.to_vec())
}

#[cfg(any(not(unix), test))]
fn portable_taskkill_command(leader: u32, force: bool) -> (&'static str, Vec<String>) {
    let mut args = vec!["/T".to_owned()];
    if force {
        args.push("/F".to_owned());
    }
    args.extend(["/PID".to_owned(), leader.to_string()]);
    ("taskkill", args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_is_held_only_while_it_cannot_be_shared() {
        let sharing = io::Error::from_raw_os_error(windows_codes::SHARING_VIOLATION);
        assert!(portable_lock_file_is_held(Err(sharing)));
        let missing = io::Error::from(io::ErrorKind::NotFound);
        assert!(!portable_lock_file_is_held(Err(missing)));
        assert!(!portable_lock_file_is_held(Ok(())));
    }

    #[test]
    fn a_group_is_asked_to_stop_then_forced() {
        assert_eq!(
            portable_taskkill_command(42, false),
            ("taskkill", vec!["/T".into(), "/PID".into(), "42".into()])
        );
        assert_eq!(
            portable_taskkill_command(42, true),
            (
                "taskkill",
                vec!["/T".into(), "/F".into(), "/PID".into(), "42".into()]
            )
        );
        #[cfg(unix)]
        assert_eq!(
            stop_group_command(42, false),
            (
                "kill",
                vec!["-s".into(), "TERM".into(), "--".into(), "-42".into()]
            )
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_file_system_without_locks_is_told_from_a_held_lock() {
        let no_locks = io::Error::from_raw_os_error(rustix::io::Errno::NOLCK.raw_os_error());
        assert!(is_locking_unsupported(&no_locks));
        let held = io::Error::from_raw_os_error(rustix::io::Errno::WOULDBLOCK.raw_os_error());
        assert!(!is_locking_unsupported(&held));
    }

    #[test]
    fn the_full_disk_error_is_recognised_in_a_message() {
        let message = format!("could not write: {}", disk_full_error());
        assert!(says_disk_full(&message), "{message}");
        assert!(!says_disk_full("permission denied"));
    }

    #[test]
    fn a_rename_never_replaces_a_file_or_an_empty_directory() {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = dir.path().join("from");
        fs::create_dir(&from).expect("from");
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).expect("empty");
        let file = dir.path().join("file");
        fs::write(&file, "kept").expect("file");
        for taken in [&empty, &file] {
            let error = rename_no_replace(&from, taken).expect_err("taken");
            assert_eq!(
                error.kind(),
                io::ErrorKind::AlreadyExists,
                "{}",
                taken.display()
            );
        }
        assert_eq!(fs::read_to_string(&file).expect("kept"), "kept");
        let free = dir.path().join("free");
        rename_no_replace(&from, &free).expect("a free name");
        assert!(free.is_dir() && !from.exists());
    }

    #[test]
    fn a_lock_is_exclusive_while_held_and_the_directory_can_then_move() {
        let parent = tempfile::tempdir().expect("temp dir");
        let dir = parent.path().join("locked");
        fs::create_dir(&dir).expect("dir");
        assert!(!is_dir_locked(&dir));
        let lock = lock_dir(&dir).expect("lock");
        assert!(is_dir_locked(&dir));
        assert!(lock_dir(&dir).is_err(), "a second lock is refused");
        let kept = lock.release_for_move();
        let moved = parent.path().join("moved");
        fs::rename(&dir, &moved).expect("the locked directory moves");
        drop(kept);
        assert!(!is_dir_locked(&moved));
        assert_eq!(fs::read_dir(&moved).expect("list").count(), 0);
    }
}
