//! Prototype both, then decide on measured evidence.
//!
//! `scaffold new NAME --compare` writes two sibling starters from the same
//! answers ([`pair`]); their framework records stay `proposed` and name each
//! other until the comparison decides between them.
//!
//! `scaffold compare A B` ([`run`]) installs and tests both, runs each
//! documented production server ([`server`]) under load ([`load`]) in
//! interleaved rounds (with the real-time layer, the WebSocket round trip:
//! [`websocket`]), aggregates the rounds ([`stats`]), reports
//! ([`report`]) and can write the figures and the decision into both
//! records ([`record`]).

pub mod load;
pub mod pair;
pub mod record;
pub mod repo;
pub mod report;
pub mod run;
pub mod server;
pub mod stats;
pub mod system;
pub mod websocket;
