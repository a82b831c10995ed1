//! One integration binary that drives the `scaffold` CLI, each test in its
//! own temporary directory with an isolated HOME and git configuration.

mod support;

mod adr; // `scaffold adr` and the records `scaffold new` writes
mod generate; // `scaffold new`: trees, refusals, atomicity, dry runs
mod git; // the first commit: branch, files, modes, identity, nesting
mod questionnaire; // answers from flags, files and defaults; `scaffold recommend`
