//! The framework decision as data: what was asked, what was recommended, what
//! was chosen and how. The ADR, `.scaffold.toml` and the JSON output are all
//! written from this one value.

use crate::core::answers::{Answers, Question};
use crate::core::features::Features;
use crate::core::framework::Framework;
use crate::core::recommend::Recommendation;
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
    /// One of a `new --compare` pair: proposed, to be decided by
    /// `scaffold compare ... --decide` on measurements, not chosen yet.
    Prototype,
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
    /// The feature layers generated, and those not generated with reasons.
    pub features: Features,
    /// The `scaffold new ... --yes` command line that reproduces the repo.
    pub reproduce_command: String,
    pub scaffold_version: String,
    /// Set when this repo is one of a `new --compare` pair: the decision is
    /// proposed, not yet taken, and is being prototyped against the other.
    pub prototype: Option<Prototype>,
}

/// The other half of a `new --compare` pair, as this repo's record names it.
#[derive(Debug, Clone, Serialize)]
pub struct Prototype {
    pub other: Framework,
    /// The other repo's path, as the user will type it (a sibling: `../chat-express`).
    pub other_path: String,
    /// The command that measures both and records the decision.
    pub finish_command: String,
}

impl Decision {
    /// Whether the chosen framework differs from the recommendation's top choice.
    pub fn went_against_recommendation(&self) -> bool {
        self.chosen != self.recommendation.framework()
    }
}

/// What [`Decision::new`] is built from.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub project_name: String,
    pub package: String,
    /// `--description`, if given.
    pub description: Option<String>,
    /// `--author`, if given.
    pub author: Option<String>,
    /// Who decided when no author was given (git's identity), possibly empty.
    pub fallback_author: String,
    pub date: String,
    pub answers: Answers,
    pub defaulted: Vec<Question>,
    pub recommendation: Recommendation,
    pub chosen: Framework,
    pub source: ChoiceSource,
    pub features: Features,
    pub scaffold_version: String,
}

impl Decision {
    /// The decision, with defaults for the free-text fields. The reproducing
    /// command is filled in by the caller, which knows the replay options.
    pub fn new(input: DecisionInput) -> Decision {
        let description = input
            .description
            .unwrap_or_else(|| default_description(input.chosen));
        Decision {
            project_name: input.project_name,
            package: input.package,
            description,
            author: input.author.unwrap_or(input.fallback_author),
            date: input.date,
            answers: input.answers,
            defaulted: input.defaulted,
            recommendation: input.recommendation,
            chosen: input.chosen,
            source: input.source,
            features: input.features,
            reproduce_command: String::new(),
            scaffold_version: input.scaffold_version,
            prototype: None,
        }
    }
}

/// "A Flask backend service.", "An Express backend service."
fn default_description(framework: Framework) -> String {
    let name = framework.display_name();
    let article = if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "An"
    } else {
        "A"
    };
    format!("{article} {name} backend service.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_description_takes_the_right_article() {
        assert_eq!(
            default_description(Framework::Flask),
            "A Flask backend service."
        );
        assert_eq!(
            default_description(Framework::Express),
            "An Express backend service."
        );
    }
}
