//! Architecture Decision Records. Placeholder until the ADR module lands.

use crate::cli::AdrArgs;
use crate::decision::Decision;
use crate::env::Env;
use crate::error::Error;
use crate::templates::render::{RenderError, Renderer};

/// Where records live in a generated repo.
pub const DEFAULT_DIR: &str = "docs/adr";

/// A record file to write.
pub struct RecordFile {
    pub path: String,
    pub contents: String,
}

/// The records `scaffold new` writes.
///
/// # Errors
/// A [`RenderError`] if a record template fails.
pub fn framework_records(
    _renderer: &Renderer,
    _decision: &Decision,
) -> Result<Vec<RecordFile>, RenderError> {
    Ok(Vec::new())
}

/// `scaffold adr ...`.
///
/// # Errors
/// Not implemented yet.
pub fn run_command(_args: &AdrArgs, _env: &Env) -> Result<(), Error> {
    Err(Error::NotImplemented("adr"))
}
