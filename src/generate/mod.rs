//! Generating a project in three moves: [`plan`](mod@plan) decides every byte in
//! memory (pure), [`stage`] writes the plan into a hidden directory beside
//! the target and [`stage::Staged::persist`] renames it into place, so the
//! target appears whole or not at all. Then [`git`] makes the first commit
//! and [`install`] the dependencies; [`base_tree`] reads back, for the
//! day-two commands, the tree scaffold generated last.

pub mod base_tree;
pub mod git;
pub mod install;
pub mod plan;
pub mod stage;

#[cfg(test)]
mod production_files_tests;

pub use plan::{plan, Plan, PlanInput, PlannedFile};
