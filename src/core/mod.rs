//! The pure core: the answers, the recommendation, the frameworks and their
//! feature layers, the names, the decision and how to replay it, the host's
//! spellings, shell quoting, free text and the three-way merge. No I/O: no
//! file, process, terminal, clock or randomness.

pub mod answers;
pub mod decision;
pub mod features;
pub mod framework;
pub mod free_text;
pub mod host;
pub mod merge;
pub mod names;
pub mod python_modules;
pub mod recommend;
pub mod replay;
pub mod shell;
