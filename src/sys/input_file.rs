//! Reading the small files a user points scaffold at (an answers file,
//! `.adr-dir`, a decision record): regular files only, and only up to a size
//! limit. A FIFO, a directory or `/dev/zero` is refused at once instead of
//! blocking forever or filling memory. Below `error`: it owns its failures,
//! [`InputFileError`] and [`InputFileProblem`], and imports nothing of the
//! crate.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A file the user pointed at that cannot be used, and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot use {} as {what}: {problem}", path.display())]
pub struct InputFileError {
    pub path: PathBuf,
    /// What the file was to be: "an answers file", "a decision record".
    pub what: &'static str,
    pub problem: InputFileProblem,
}

/// Why a file the user pointed at cannot be read as input.
#[derive(Debug, thiserror::Error)]
pub enum InputFileProblem {
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("it holds {size} bytes, more than the {limit} allowed")]
    TooLarge { size: u64, limit: u64 },
    #[error("it is not valid UTF-8 (line {line})")]
    NotUtf8 { line: usize },
    #[error(transparent)]
    Io(io::Error),
}

/// Far more than any answers file needs, far less than a mistake can hold.
pub const ANSWERS_LIMIT: u64 = 256 * 1024;

/// A decision record, or `.adr-dir`: text a person wrote.
pub const RECORD_LIMIT: u64 = 1024 * 1024;

/// Reads the whole of a regular file of at most `limit` bytes.
///
/// # Errors
/// An [`InputFileProblem`]: not a regular file, too large, or an I/O error
/// (`NotFound` included, for callers to whom a missing file is fine).
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, InputFileProblem> {
    // Looking before opening: opening a FIFO would wait for a writer.
    let metadata = fs::metadata(path).map_err(InputFileProblem::Io)?;
    check_regular(&metadata)?;
    let file = open_without_blocking(path).map_err(InputFileProblem::Io)?;
    // It may have been swapped for something else since the look above.
    let metadata = file.metadata().map_err(InputFileProblem::Io)?;
    check_regular(&metadata)?;
    if metadata.len() > limit {
        return Err(InputFileProblem::TooLarge {
            size: metadata.len(),
            limit,
        });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(InputFileProblem::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputFileProblem::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes; `what` names
/// its role in the error ("an answers file").
///
/// # Errors
/// An [`InputFileError`] naming the file, its role and the problem; invalid
/// UTF-8 is reported with its line.
pub fn read_text(path: &Path, what: &'static str, limit: u64) -> Result<String, InputFileError> {
    let error = |problem| InputFileError {
        path: path.to_path_buf(),
        what,
        problem,
    };
    let bytes = read_bytes(path, limit).map_err(error)?;
    text(bytes).map_err(error)
}

/// The bytes as text, or the line of the first byte that is not UTF-8.
///
/// # Errors
/// [`InputFileProblem::NotUtf8`].
pub fn text(bytes: Vec<u8>) -> Result<String, InputFileProblem> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
        InputFileProblem::NotUtf8 { line }
    })
}

fn check_regular(metadata: &fs::Metadata) -> Result<(), InputFileProblem> {
    if metadata.is_file() {
        Ok(())
    } else {
        Err(InputFileProblem::NotRegular(kind_of(metadata.file_type())))
    }
}

/// What a non-regular file is, in words.
pub fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

fn open_without_blocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Harmless on a regular file; keeps a FIFO from blocking the open.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_refused_by_kind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let problem = read_bytes(dir.path(), 10).expect_err("a directory");
        assert!(matches!(
            problem,
            InputFileProblem::NotRegular("a directory")
        ));
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big");
        fs::write(&path, [b'x'; 11]).expect("write");
        assert!(matches!(
            read_bytes(&path, 10),
            Err(InputFileProblem::TooLarge {
                size: 11,
                limit: 10
            })
        ));
        assert_eq!(read_bytes(&path, 11).expect("fits").len(), 11);
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let problem = text(b"a = 1\nb = \"\xff\"\n".to_vec()).expect_err("not UTF-8");
        assert!(matches!(problem, InputFileProblem::NotUtf8 { line: 2 }));
    }
}
