//! The framework decision as data: what was asked, what was recommended, what
//! was chosen and how. The ADR, `.scaffold.toml` and the JSON output are all
//! written from this one value.

use crate::answers::{Answers, Question};
use crate::framework::Framework;
use crate::recommend::Recommendation;
use serde::Serialize;

/// How the framework came to be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChoiceSource {
    /// The recommendation's top choice was taken.
    Recommended,
    /// `--framework` (or `framework` in the answers file) named it up front.
    Explicit,
    /// The user picked another option at the prompt.
    Overridden,
}

/// Everything the decision record needs.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub project_name: String,
    pub package: String,
    pub description: String,
    /// Who decided: the author, possibly empty.
    pub author: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub answers: Answers,
    /// The questions that took their default value instead of an answer.
    pub defaulted: Vec<Question>,
    pub recommendation: Recommendation,
    pub chosen: Framework,
    pub source: ChoiceSource,
    /// The `scaffold new ... --yes` command line that reproduces the repo.
    pub reproduce_command: String,
    pub scaffold_version: String,
}

impl Decision {
    /// Whether the chosen framework differs from the recommendation's top choice.
    pub fn went_against_recommendation(&self) -> bool {
        self.chosen != self.recommendation.framework()
    }
}
