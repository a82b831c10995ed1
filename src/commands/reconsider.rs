//! `scaffold reconsider`: the recorded answers with the changes given (as
//! flags, or asked again at a terminal), the ranking re-run, and the two
//! rankings side by side. A decision that still holds gets a dated note in
//! its record; one that no longer does gets a `proposed` record for the new
//! winner, and the commands to prototype both and to add the layers the new
//! answers ask for.

use super::day_two::{add_record, records_dir, rerender, Project};
use crate::adr::compose;
use crate::adr::day_two::{add_command, with_still_holds_note, ScoreChange, SwitchProposed};
use crate::adr::record;
use crate::adr::store;
use crate::core::answers::{Answers, Question};
use crate::core::features::{self, Feature};
use crate::core::framework::Framework;
use crate::core::recommend::{self, Recommendation};
use crate::core::shell::shell_quote;
use crate::error::Error;
use crate::sys::env::Env;
use crate::ui::cli::ReconsiderArgs;
use crate::ui::output::{self, Output};
use crate::ui::questionnaire::{self, TerminalPrompter};
use serde_json::json;
use std::path::PathBuf;

/// Runs `scaffold reconsider`.
///
/// # Errors
/// See [`Error`]: exit 2 outside a generated repo.
pub fn run(args: &ReconsiderArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, args.json);
    let project = Project::here()?;
    let recorded = &project.manifest.answers;
    let (before, _) = recorded.complete_with_defaults();
    let given = args.partial_answers();
    let after = if env.can_prompt() && !args.yes && !args.json {
        questionnaire::ask_missing_with(&given, &before, &mut TerminalPrompter::new())?
    } else {
        given
            .clone()
            .or(recorded.clone())
            .complete_with_defaults()
            .0
    };
    let current = project.manifest.framework;
    let old = recommend::recommend(&before);
    let new = recommend::recommend(&after);
    let changes = rerender::answer_changes(&before, &after);
    let changed: Vec<(String, String, String)> = changes
        .iter()
        .map(|change| {
            (
                change.question.key().to_owned(),
                change.before.clone(),
                change.after.clone(),
            )
        })
        .collect();
    let scores = score_changes(&old, &new);
    let winner = new.framework();
    let still_holds = winner == current;
    let add = layers_to_add(&project, &after, current);
    // A build without the `compare` feature has no `new --compare` to suggest.
    let compare = (!still_holds && cfg!(feature = "compare"))
        .then(|| compare_command(&project.project_name, winner, current, &after));

    let record = if args.dry_run {
        None
    } else if still_holds {
        note_still_holds(&project, current, &changed, &scores, env)?
    } else {
        Some(propose_switch(
            &project,
            current,
            winner,
            &changed,
            &scores,
            compare.as_deref(),
            env,
        )?)
    };
    let relative = record.as_ref().map(|path| {
        path.strip_prefix(&project.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    });

    if args.json {
        let ranking = |recommendation: &Recommendation| {
            recommendation
                .ranking
                .iter()
                .map(|scored| json!({"framework": scored.framework, "score": scored.score}))
                .collect::<Vec<_>>()
        };
        let report = json!({
            "framework": current,
            "still_holds": still_holds,
            "winner_now": winner,
            "changed_answers": changes,
            "recorded_ranking": ranking(&old),
            "ranking_now": ranking(&new),
            "record": relative,
            "dry_run": args.dry_run,
            "compare_command": compare,
            "add_command": add,
        });
        output::print_result(&format!("{report}\n"));
    } else {
        output::print_result(&side_by_side(&old, &new, &changes));
    }
    if still_holds {
        out.step("Holds", &format!("{current} still ranks first"));
    } else {
        out.step(
            "Changed",
            &format!("{winner} now ranks first, ahead of {current}"),
        );
    }
    if let Some(path) = &relative {
        out.step("Recorded", path);
    }
    if let Some(command) = &compare {
        out.line(&format!(
            "Prototype both, from the folder above this repo: {command}"
        ));
    }
    if let Some(command) = &add {
        out.line(&format!(
            "The new answers ask for layers {current} can add here: {command}"
        ));
    }
    Ok(())
}

/// Each framework's score recorded and now, best now first.
fn score_changes(old: &Recommendation, new: &Recommendation) -> Vec<ScoreChange> {
    new.ranking
        .iter()
        .map(|scored| ScoreChange {
            framework: scored.framework,
            before: old
                .ranking
                .iter()
                .find(|recorded| recorded.framework == scored.framework)
                .map_or(0, |recorded| recorded.score),
            after: scored.score,
        })
        .collect()
}

/// The two rankings, side by side, and the answers that changed.
fn side_by_side(
    old: &Recommendation,
    new: &Recommendation,
    changes: &[rerender::AnswerChange],
) -> String {
    let mut text = format!("{:<4} {:<18} {:<18}\n", "", "recorded", "now");
    for (index, (before, after)) in old.ranking.iter().zip(&new.ranking).enumerate() {
        text.push_str(&format!(
            "{:<4} {:<18} {:<18}\n",
            format!("{}.", index + 1),
            format!("{} ({})", before.framework, before.score),
            format!("{} ({})", after.framework, after.score),
        ));
    }
    if changes.is_empty() {
        text.push_str("\nNo answer changed.\n");
    } else {
        text.push_str("\nChanged answers:\n");
        for change in changes {
            text.push_str(&format!(
                "  {}: {} -> {}\n",
                change.question.key(),
                change.before,
                change.after
            ));
        }
    }
    text
}

/// `scaffold add ...` for the layers the new answers ask for that the
/// project lacks and its framework has.
fn layers_to_add(project: &Project, after: &Answers, framework: Framework) -> Option<String> {
    let features = features::resolve(after, framework, false);
    let missing: Vec<Feature> = features
        .generated
        .iter()
        .filter(|generated| generated.brought_by.is_none())
        .map(|generated| generated.feature)
        .filter(|feature| !project.manifest.features.generated.contains(feature))
        .collect();
    (!missing.is_empty()).then(|| add_command(&missing))
}

/// `scaffold new <name> --compare <winner>,<current> <the answers now> --yes`.
fn compare_command(name: &str, winner: Framework, current: Framework, after: &Answers) -> String {
    let mut words = vec![
        "scaffold".to_owned(),
        "new".to_owned(),
        shell_quote(name),
        "--compare".to_owned(),
        format!("{},{}", winner.id(), current.id()),
    ];
    // Every answer, so both prototypes are generated for the answers now.
    for question in Question::ALL {
        words.push(question.flag());
        words.push(shell_quote(&after.value_of(question)));
    }
    words.push("--yes".to_owned());
    words.join(" ")
}

/// The current framework's record, if the folder has it: the newest one
/// titled `Use <framework> as the backend framework`.
fn framework_record(project: &Project, framework: Framework) -> Option<store::Entry> {
    let slug = record::slug(&compose::framework_title(framework));
    store::entries(&records_dir(&project.root))
        .ok()?
        .into_iter()
        .filter(|entry| entry.file_name == record::file_name(entry.number, &slug))
        .max_by_key(|entry| entry.number)
}

/// Adds the dated "still holds" note to the framework's record.
fn note_still_holds(
    project: &Project,
    framework: Framework,
    changed: &[(String, String, String)],
    scores: &[ScoreChange],
    env: &Env,
) -> Result<Option<PathBuf>, Error> {
    let Some(entry) = framework_record(project, framework) else {
        return Ok(None);
    };
    let dir = records_dir(&project.root);
    store::with_lock(&dir, || {
        let text = store::read(&entry.path)?;
        store::replace(
            &entry.path,
            &with_still_holds_note(&text, &env.today, changed, scores),
        )
    })?;
    Ok(Some(entry.path))
}

/// Writes the `proposed` record for the framework that now ranks first.
fn propose_switch(
    project: &Project,
    current: Framework,
    proposed: Framework,
    changed: &[(String, String, String)],
    scores: &[ScoreChange],
    compare_command: Option<&str>,
    env: &Env,
) -> Result<PathBuf, Error> {
    let author = project
        .manifest
        .answers
        .author
        .clone()
        .unwrap_or_else(|| env.git.author_line());
    let view = SwitchProposed {
        project_name: &project.project_name,
        current,
        proposed,
        current_record: framework_record(project, current)
            .map(|entry| (record::label(entry.number), entry.file_name)),
        changed_answers: changed,
        scores,
        compare_command,
        date: &env.today,
        decision_makers: &author,
    };
    add_record(
        &records_dir(&project.root),
        &record::slug(&view.title()),
        |number| view.markdown(number),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::Team;

    #[test]
    fn the_compare_command_names_both_frameworks_and_every_answer_now() {
        let after = Answers {
            team: Team::Javascript,
            realtime: true,
            ..Answers::default()
        };
        assert_eq!(
            compare_command("chat", Framework::Express, Framework::Django, &after),
            "scaffold new chat --compare express,django --realtime yes --data no --size small --team javascript --needs none --yes"
        );
    }

    #[test]
    fn the_rankings_are_shown_side_by_side_with_the_changed_answers() {
        let before = Answers::default();
        let after = Answers {
            team: Team::Javascript,
            ..Answers::default()
        };
        let text = side_by_side(
            &recommend::recommend(&before),
            &recommend::recommend(&after),
            &rerender::answer_changes(&before, &after),
        );
        assert!(text.starts_with("     recorded"), "{text}");
        assert!(text.contains("team: python -> javascript"), "{text}");
        assert_eq!(
            text.lines().filter(|line| line.contains(". ")).count(),
            3,
            "{text}"
        );
    }
}
