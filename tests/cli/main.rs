//! One integration binary that drives the `scaffold` CLI, each test in its
//! own temporary directory with an isolated HOME and git configuration.

#[path = "../common/node_release.rs"]
mod node_release;
mod support;

mod adr; // `scaffold adr` and the records `scaffold new` writes
#[cfg(feature = "compare")]
mod compare; // `scaffold new --compare`: a pair of prototypes, whole or nothing
mod day_two; // `scaffold add` and `scaffold upgrade`: three-way merges inside a generated repo
mod doctor; // `scaffold doctor`: the real toolchains, and a PATH without node
mod generate; // `scaffold new`: trees, refusals, atomicity, dry runs
mod git; // the first commit: branch, files, modes, identity, nesting
mod layers; // feature layers: all 96 combinations plan consistent trees; names they take
mod output; // --json, --dry-run --json, --quiet, plain logs, --install, completions, man page, CI examples
mod properties;
mod questionnaire; // answers from flags, files and defaults; `scaffold recommend`
mod reliability; // hostile machines and inputs: full disks, FIFOs, hangs, odd targets, bad identities // generated text parses back whatever names, descriptions, authors and answers files say
