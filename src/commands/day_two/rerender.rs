//! What day two renders: the decision a generated repo's `.scaffold.toml`
//! describes, with the answers a command changes, and the part of the plan
//! that takes part in the three-way merge. Pure: the plan itself comes from
//! the same `generate::plan` that `scaffold new` uses.

use crate::core::answers::{Answers, Need, PartialAnswers, Question};
use crate::core::decision::{ChoiceSource, Decision, DecisionInput};
use crate::core::features::{self, Feature};
use crate::core::merge::{Blob, Tree};
use crate::core::recommend;
use crate::generate::Plan;
use crate::sys::answers_file::Manifest;

/// The folder of the decision records: records are history, so day two
/// adds a record and never merges the ones `new` wrote (their dates and
/// drivers differ by nature).
const RECORDS_DIR: &str = "docs/adr/";

/// Whether a planned path takes part in the merge: every committed file but
/// the decision records. (`.env` is never committed, so never merged.)
pub fn is_merged(path: &str) -> bool {
    !path.starts_with(RECORDS_DIR)
}

/// The files of a plan that are merged, as a tree.
pub fn merged_tree(plan: &Plan) -> Tree {
    plan.files
        .iter()
        .filter(|file| file.committed && is_merged(&file.path))
        .map(|file| {
            (
                file.path.clone(),
                Blob {
                    contents: file.contents.clone(),
                    executable: file.executable,
                },
            )
        })
        .collect()
}

/// A tree without the paths that are not merged.
pub fn without_records(tree: Tree) -> Tree {
    tree.into_iter()
        .filter(|(path, _)| is_merged(path))
        .collect()
}

/// The answer that asks for a layer, set: `needs` gains it, or `realtime`
/// or `data` turn to yes. `--minimal` is dropped, since a layer is wanted.
pub fn with_layers(answers: &PartialAnswers, layers: &[Feature]) -> PartialAnswers {
    let mut changed = answers.clone();
    for layer in layers {
        let need = match layer {
            Feature::Orm => Need::Orm,
            Feature::Auth => Need::Auth,
            Feature::Admin => Need::Admin,
            Feature::Realtime => {
                changed.realtime = Some(true);
                continue;
            }
            Feature::Data => {
                changed.data = Some(true);
                continue;
            }
        };
        let mut needs = changed.needs.take().unwrap_or_default();
        needs.0.insert(need);
        changed.needs = Some(needs);
    }
    if !layers.is_empty() {
        changed.minimal = None;
    }
    changed
}

/// One answer a command changed, as the record and the summary show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnswerChange {
    pub question: Question,
    pub before: String,
    pub after: String,
}

/// The answers that differ between two sets, in asking order.
pub fn answer_changes(before: &Answers, after: &Answers) -> Vec<AnswerChange> {
    Question::ALL
        .into_iter()
        .filter(|question| before.value_of(*question) != after.value_of(*question))
        .map(|question| AnswerChange {
            question,
            before: before.value_of(question),
            after: after.value_of(question),
        })
        .collect()
}

/// What a re-render needs besides the manifest.
#[derive(Debug, Clone)]
pub struct RerenderInput<'a> {
    pub manifest: &'a Manifest,
    /// The answers to render with (the manifest's, or changed ones).
    pub answers: &'a PartialAnswers,
    /// `name` from the manifest, else the repo's folder name.
    pub project_name: &'a str,
    /// Today, `YYYY-MM-DD`.
    pub date: &'a str,
    /// Who decides when the manifest names no author.
    pub fallback_author: String,
    pub scaffold_version: &'a str,
}

/// The decision a generated repo stands for, with `answers`: the recorded
/// framework stays chosen. When the answers alone would no longer pick it,
/// it is recorded as explicit, so the manifest keeps replaying the repo.
pub fn decision(input: &RerenderInput<'_>) -> Decision {
    let (answers, defaulted) = input.answers.complete_with_defaults();
    let recommendation = recommend::recommend(&answers);
    let chosen = input.manifest.framework;
    let source = if input.answers.framework.is_none() && recommendation.framework() == chosen {
        ChoiceSource::Recommended
    } else {
        ChoiceSource::Explicit
    };
    let features = features::resolve(&answers, chosen, input.answers.minimal.unwrap_or(false));
    Decision::new(DecisionInput {
        project_name: input.project_name.to_owned(),
        package: input.manifest.package.clone(),
        description: input.answers.description.clone(),
        author: input.answers.author.clone(),
        fallback_author: input.fallback_author.clone(),
        date: input.date.to_owned(),
        answers,
        defaulted,
        recommendation,
        chosen,
        source,
        features,
        scaffold_version: input.scaffold_version.to_owned(),
    })
}

/// The layers asked for that the framework does not generate, with the
/// reason, from the decision's resolved features.
pub fn refused_layers(decision: &Decision, asked: &[Feature]) -> Vec<(Feature, String)> {
    decision
        .features
        .not_generated
        .iter()
        .filter(|not| asked.contains(&not.feature))
        .map(|not| (not.feature, not.reason.clone()))
        .collect()
}

/// The `.env` lines scaffold would write now whose variable the user's
/// `.env` does not set: appended, never replacing a value (the file is the
/// user's). None when nothing is missing.
pub fn env_additions(ours: Option<&str>, theirs: &str) -> Option<String> {
    let variable = |line: &str| {
        let line = line.trim_start();
        (!line.starts_with('#'))
            .then(|| line.split_once('=').map(|(name, _)| name.trim().to_owned()))
            .flatten()
    };
    let set: Vec<String> = ours.unwrap_or("").lines().filter_map(variable).collect();
    let mut missing = String::new();
    let mut comment = String::new();
    for line in theirs.lines() {
        if line.trim_start().starts_with('#') {
            comment.push_str(line);
            comment.push('\n');
            continue;
        }
        if let Some(name) = variable(line) {
            if !set.contains(&name) {
                missing.push_str(&comment);
                missing.push_str(line);
                missing.push('\n');
            }
        }
        comment.clear();
    }
    if missing.is_empty() {
        return None;
    }
    let mut text = ours.unwrap_or("").to_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if ours.is_none() {
        // No .env at all: scaffold's whole file, as `new` writes it.
        return Some(theirs.to_owned());
    }
    text.push_str(&missing);
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::framework::Framework;

    fn manifest(framework: Framework, answers: PartialAnswers) -> Manifest {
        Manifest {
            version: Some("0.1.0".to_owned()),
            framework,
            package: "app".to_owned(),
            name: Some("app".to_owned()),
            base: None,
            defaulted: answers.missing(),
            features: features::FeaturesSummary::default(),
            answers,
        }
    }

    fn input<'a>(manifest: &'a Manifest, answers: &'a PartialAnswers) -> RerenderInput<'a> {
        RerenderInput {
            manifest,
            answers,
            project_name: "app",
            date: "2026-01-01",
            fallback_author: String::new(),
            scaffold_version: "0.1.0",
        }
    }

    #[test]
    fn adding_a_layer_sets_the_answer_that_asks_for_it_and_only_that() {
        let start = PartialAnswers {
            framework: Some(Framework::Django),
            minimal: Some(true),
            ..PartialAnswers::default()
        };
        let changed = with_layers(&start, &[Feature::Auth, Feature::Realtime]);
        assert_eq!(changed.needs, Some([Need::Auth].into_iter().collect()));
        assert_eq!(changed.realtime, Some(true));
        assert_eq!(changed.data, None, "data stays defaulted");
        assert_eq!(changed.minimal, None, "a layer is wanted now");
        assert_eq!(
            changed.missing(),
            vec![Question::Data, Question::Size, Question::Team]
        );
    }

    #[test]
    fn the_framework_stays_chosen_and_turns_explicit_when_the_answers_pick_another() {
        let answers = PartialAnswers {
            team: Some(crate::core::answers::Team::Javascript),
            ..PartialAnswers::default()
        };
        let manifest = manifest(Framework::Django, answers.clone());
        let decided = decision(&input(&manifest, &answers));
        assert_eq!(decided.chosen, Framework::Django);
        assert_eq!(decided.source, ChoiceSource::Explicit);
    }

    #[test]
    fn a_layer_the_framework_lacks_is_refused_with_its_reason() {
        let answers = with_layers(
            &PartialAnswers {
                framework: Some(Framework::Express),
                ..PartialAnswers::default()
            },
            &[Feature::Admin],
        );
        let manifest = manifest(Framework::Express, answers.clone());
        let refused = refused_layers(&decision(&input(&manifest, &answers)), &[Feature::Admin]);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].0, Feature::Admin);
        assert!(!refused[0].1.is_empty());
    }

    #[test]
    fn the_records_take_no_part_in_the_merge() {
        assert!(!is_merged(
            "docs/adr/0002-use-django-as-the-backend-framework.md"
        ));
        assert!(!is_merged("docs/adr/README.md"));
        assert!(is_merged("docs/other.md"));
        assert!(is_merged(".scaffold.toml"));
    }

    #[test]
    fn answer_changes_name_the_question_and_both_values() {
        let before = Answers::default();
        let after = Answers {
            needs: [Need::Auth, Need::Admin].into_iter().collect(),
            ..Answers::default()
        };
        let changes = answer_changes(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].question, Question::Needs);
        assert_eq!(changes[0].before, before.value_of(Question::Needs));
        assert_eq!(changes[0].after, after.value_of(Question::Needs));
    }

    #[test]
    fn the_env_gains_only_the_variables_it_lacks_and_keeps_every_value() {
        let ours = "SECRET_KEY=mine\nEXTRA=1";
        let theirs =
            "# header\nSECRET_KEY=new\n# Signs the session cookie.\nSESSION_SECRET=fresh\n";
        assert_eq!(
            env_additions(Some(ours), theirs).as_deref(),
            Some("SECRET_KEY=mine\nEXTRA=1\n# Signs the session cookie.\nSESSION_SECRET=fresh\n")
        );
        assert_eq!(
            env_additions(Some("SECRET_KEY=a\nSESSION_SECRET=b\n"), theirs),
            None
        );
        assert_eq!(env_additions(None, theirs).as_deref(), Some(theirs));
    }
}
