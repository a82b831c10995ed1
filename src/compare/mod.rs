//! Prototype both, then decide on measured evidence.
//!
//! `scaffold new NAME --compare` writes two sibling starters from the same
//! answers ([`pair`]); their framework records stay `proposed` and name each
//! other until the comparison decides between them.

pub mod pair;
