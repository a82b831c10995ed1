//! Generating a project in three moves: [`plan`] decides every byte in
//! memory (pure), [`stage`] writes the plan into a hidden directory beside
//! the target and [`stage::Staged::persist`] renames it into place, so the
//! target appears whole or not at all.

pub mod plan;
pub mod stage;

#[cfg(test)]
mod production_files_tests;

pub use plan::{plan, Plan, PlanInput, PlannedFile};
