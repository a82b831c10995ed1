//! Prototype both, then decide on measured evidence.
//!
//! `scaffold new NAME --compare` writes two sibling starters from the same
//! answers (`commands::new`); their framework records stay `proposed` and
//! name each other until the comparison decides between them.
//!
//! `scaffold compare A B` ([`run`](mod@run)) installs and tests both, runs each
//! documented production server ([`server`]) in interleaved rounds: warmed
//! up until every worker answers, then under load ([`load`]), read from
//! `/proc` ([`system`]: CPU, PSS, processes), with the real-time layer its
//! WebSocket round trip, fan-out and capacity ([`websocket`]). It keeps
//! every round, calls a difference only when the rounds' ranges separate
//! ([`stats`]), reports ([`report`]) and can write the figures and the
//! decision into both records ([`record`]).

pub mod load;
pub mod record;
pub mod repo;
pub mod report;
pub mod run;
pub mod server;
pub mod stats;
pub mod system;
pub mod websocket;

pub use run::run;
