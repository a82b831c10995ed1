//! What can go wrong with decision records: a folder that is missing or
//! badly named, a record that cannot be read or changed, the disk. The
//! variants hold data and word their own messages; the hints and the exit
//! codes are in `error`, whose `Error` wraps this type.

use super::{AdrDirProblem, RecordProblem};
use crate::sys::cancel::Cancelled;
use crate::sys::input_file::InputFileError;
use std::io;
use std::path::PathBuf;

/// A failure of the records folder, of a record, or of a change to one.
#[derive(Debug, thiserror::Error)]
pub enum AdrError {
    #[error("no decision records folder at {}", path.display())]
    DirMissing { path: PathBuf },

    #[error("cannot read the decision record {}: {problem}", path.display())]
    Malformed {
        path: PathBuf,
        problem: RecordProblem,
    },

    #[error("there is no record numbered {number} in {}", dir.display())]
    NotFound { number: u64, dir: PathBuf },

    #[error("{} records are numbered {number}: {}", paths.len(), paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Duplicate { number: u64, paths: Vec<PathBuf> },

    #[error("the .adr-dir file {problem}")]
    DirFile { problem: AdrDirProblem },

    #[error("the records folder {} leads outside this folder through a symbolic link", path.display())]
    DirOutside { path: PathBuf },

    #[error("cannot {action} {}: its status is '{status}'", path.display())]
    Transition {
        /// `accept`, `reject`, `deprecate`, `supersede`, `decide`.
        action: &'static str,
        path: PathBuf,
        status: String,
    },

    #[error("a proposed record cannot supersede another: superseding marks the old record superseded now")]
    ProposedSupersedes,

    #[error("{} changed while its supersede was being written; nothing was changed", path.display())]
    ChangedMeanwhile { path: PathBuf },

    #[error("{count} problem{} in the decision records of {}", if *count == 1 { "" } else { "s" }, dir.display())]
    CheckFailed { count: usize, dir: PathBuf },

    #[error("the title '{title}' has no ASCII letter or digit to name the record's file after")]
    EmptyTitle { title: String },

    /// The folder or a record could not be read or written.
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// A record that is no small regular file, or cannot be read.
    #[error(transparent)]
    InputFile(#[from] InputFileError),

    /// Interrupted while waiting for the folder's lock.
    #[error("cancelled; nothing was written")]
    Cancelled,
}

impl From<Cancelled> for AdrError {
    fn from(Cancelled: Cancelled) -> AdrError {
        AdrError::Cancelled
    }
}
