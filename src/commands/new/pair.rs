//! `scaffold new NAME --compare [A,B]`: two starters from the same answers,
//! as sibling repos `NAME-<a>` and `NAME-<b>`, whole or nothing across the
//! pair. What is particular to a pair: its targets (checked before anything
//! is written), its two choices, and the next steps; the pipeline in
//! [`super::run`] writes both (staged and committed before either is moved
//! into place; if the second cannot be moved, the first is removed again).

use super::Chosen;
use crate::core::answers::{Answers, PartialAnswers};
use crate::core::decision::{ChoiceSource, Decision, Prototype};
use crate::core::features;
use crate::core::framework::Framework;
use crate::core::names::ProjectName;
use crate::error::Error;
use crate::generate::stage;
use crate::ui::intake;
use std::path::{Path, PathBuf};

/// `chat` and Express give `chat-express`, beside where `chat` would be.
pub fn sibling(path: &Path, name: &ProjectName, framework: Framework) -> PathBuf {
    path.with_file_name(format!("{name}-{}", framework.id()))
}

/// Checks both targets (and that their names are valid) before any work.
///
/// # Errors
/// What [`stage::check_target`] or [`intake::project_name`] finds first.
pub fn check_targets(
    path: &Path,
    name: &ProjectName,
    pair: [Framework; 2],
) -> Result<[PathBuf; 2], Error> {
    let targets = pair.map(|framework| sibling(path, name, framework));
    for target in &targets {
        intake::project_name(target)?;
        stage::check_target(target)?;
    }
    Ok(targets)
}

/// The command, typed in the pair's parent directory, that measures both
/// and records the figures in both records, `this` first. It decides
/// nothing: the ranking's pick is not pre-filled, the decision is taken
/// with `--decide` once the figures have been read.
pub fn finish_command(targets: &[PathBuf; 2], this: usize) -> String {
    let shown = |target: &PathBuf| {
        target
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    };
    format!(
        "scaffold compare {} {} --record",
        shown(&targets[this]),
        shown(&targets[1 - this])
    )
}

/// The two repos of the pair, chosen from the same answers: each named after
/// its framework, each a prototype pointing at the other.
///
/// # Errors
/// What [`check_targets`] or [`intake::package_name`] finds first.
pub(super) fn choose(
    path: &Path,
    name: &ProjectName,
    pair: [Framework; 2],
    partial: &PartialAnswers,
    answers: &Answers,
) -> Result<Vec<Chosen>, Error> {
    let targets = check_targets(path, name, pair)?;
    let mut chosen = Vec::with_capacity(2);
    for (index, framework) in pair.into_iter().enumerate() {
        let other = 1 - index;
        let name = intake::project_name(&targets[index])?;
        let package = intake::package_name(&name, framework, partial.package_name.as_deref())?;
        chosen.push(Chosen {
            target: targets[index].clone(),
            state: None,
            name: name.to_string(),
            package,
            framework,
            source: ChoiceSource::Prototype,
            features: features::resolve(answers, framework, partial.minimal.unwrap_or(false)),
            prototype: Some(Prototype {
                other: pair[other],
                other_path: format!(
                    "../{}",
                    targets[other]
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                ),
                finish_command: finish_command(&targets, index),
            }),
        });
    }
    Ok(chosen)
}

/// After the pair is written: what to do next, and where.
pub(super) fn next_steps(pair: [Framework; 2], path: &Path, first: &Path, second: &Path) -> String {
    format!(
        "\nPrototyping {} against {}. Try both, then measure them on this machine and record the figures, in {}:\n  {}\nRead the figures, then record the decision with the same command and --decide <repo>.",
        pair[0],
        pair[1],
        stage::parent_of(path).display(),
        finish_command(&[first.to_path_buf(), second.to_path_buf()], 0)
    )
}

/// For a close call (the margin the ADR calls close), the summary's
/// suggestion to prototype the top two instead.
pub fn close_call_suggestion(decision: &Decision, path: &Path) -> Option<String> {
    let recommendation = &decision.recommendation;
    if !recommendation.is_close() {
        return None;
    }
    let [top, runner_up] = [0, 1].map(|i| recommendation.ranking[i].framework);
    let answers =
        crate::core::shell::shell_quote(&path.join(".scaffold.toml").display().to_string());
    Some(format!(
        "\n{top} and {runner_up} were a close call ({margin} point(s) apart). To prototype both from the same answers and decide on measurements:\n  scaffold new <name> --compare {},{} --answers {answers}",
        top.id(),
        runner_up.id(),
        margin = recommendation.margin,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_are_siblings_named_after_their_frameworks() {
        let name = ProjectName::parse("chat").expect("valid");
        assert_eq!(
            sibling(Path::new("work/chat"), &name, Framework::Express),
            Path::new("work/chat-express")
        );
    }

    #[test]
    fn the_finish_command_measures_and_records_without_deciding() {
        let targets = [
            PathBuf::from("a/chat-flask"),
            PathBuf::from("a/chat-express"),
        ];
        assert_eq!(
            finish_command(&targets, 1),
            "scaffold compare chat-express chat-flask --record"
        );
    }
}
