//! `scaffold add <layer>...`: the repo re-rendered with more layers, merged
//! into the work tree, with a decision record for them.

use super::day_two::rerender::{self, RerenderInput};
use super::day_two::{run_merge, Project, RecordRequest, Request};
use crate::adr::day_two::{add_command, layers_title};
use crate::core::features::Feature;
use crate::error::Error;
use crate::sys::env::Env;
use crate::ui::cli::AddArgs;
use crate::ui::output::{self, Output};
use serde_json::json;

/// `scaffold add <layer>...`.
///
/// # Errors
/// See [`Error`]: exit 2 for a bad request (no repo, a dirty work tree, a
/// layer the framework lacks), 1 for conflicts left to resolve.
pub fn run(args: &AddArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, args.merge.quiet || args.merge.json);
    let project = Project::here()?;
    let framework = project.manifest.framework;
    let mut asked: Vec<Feature> = Vec::new();
    for layer in &args.layers {
        if !asked.contains(layer) {
            asked.push(*layer);
        }
    }
    let (present, missing): (Vec<Feature>, Vec<Feature>) = asked
        .iter()
        .partition(|layer| project.manifest.features.generated.contains(layer));
    for layer in &present {
        out.notice(&format!("the project already has the {layer} layer"));
    }
    let answers = rerender::with_layers(&project.manifest.answers, &missing);
    let decision = rerender::decision(&RerenderInput {
        manifest: &project.manifest,
        answers: &answers,
        project_name: &project.project_name,
        date: &env.today,
        fallback_author: env.git.author_line(),
        scaffold_version: crate::VERSION,
    });
    if let Some((feature, reason)) = rerender::refused_layers(&decision, &missing)
        .into_iter()
        .next()
    {
        return Err(Error::LayerUnavailable {
            feature,
            framework,
            reason,
        });
    }
    if missing.is_empty() {
        if args.merge.json {
            output::print_result(&format!(
                "{}\n",
                json!({"command": "add", "layers_added": [], "files": [], "conflicts": []})
            ));
        }
        out.line("Nothing to add.");
        return Ok(());
    }
    let added: Vec<(Feature, Option<Feature>)> = decision
        .features
        .generated
        .iter()
        .filter(|generated| {
            !project
                .manifest
                .features
                .generated
                .contains(&generated.feature)
        })
        .map(|generated| (generated.feature, generated.brought_by))
        .collect();
    let (old_answers, _) = project.manifest.answers.complete_with_defaults();
    let changes = rerender::answer_changes(&old_answers, &decision.answers);
    let title = layers_title(&missing);
    let command = add_command(&missing);
    run_merge(
        &project,
        &answers,
        &args.merge,
        env,
        &out,
        &Request {
            command: "add",
            commit_message: format!("{title}\n\nBy `{command}` (scaffold {}).", crate::VERSION),
            record: Some(RecordRequest {
                asked: &missing,
                added: &added,
                changed_answers: changes
                    .iter()
                    .map(|change| {
                        (
                            change.question.key().to_owned(),
                            change.before.clone(),
                            change.after.clone(),
                        )
                    })
                    .collect(),
                decision_makers: decision.author.clone(),
            }),
            layers_added: added.iter().map(|(feature, _)| *feature).collect(),
        },
    )
}
