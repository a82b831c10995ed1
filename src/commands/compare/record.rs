//! `compare --record` and `--decide`: the measurements into both framework
//! records, under "More Information", and with `--decide` the statuses
//! (`accepted` for the chosen one, `rejected` for the other) through the
//! same editor `scaffold adr accept|reject` uses.

use super::repo::Starter;
use super::report::Comparison;
use crate::adr::compose::PROPOSED_OPENING;
use crate::adr::parse;
use crate::adr::record::{self, Status};
use crate::adr::store::{self, Entry};
use crate::adr::AdrError;
use crate::commands;
use crate::error::Error;
use crate::sys::env::Env;
use crate::ui::output::Output;
use std::path::{Path, PathBuf};

/// The framework record of a starter: `docs/adr/0002-use-*.md` (or wherever
/// `.adr-dir` points).
fn framework_record(starter: &Starter) -> Result<(PathBuf, Entry), Error> {
    let dir = adr_dir(&starter.absolute);
    store::entries(&dir)?
        .into_iter()
        .find(|entry| entry.number == 2 && entry.file_name.starts_with("0002-use-"))
        .map(|entry| (dir.clone(), entry))
        .ok_or_else(|| Error::CompareNotStarter {
            path: starter.path.clone(),
            reason: format!(
                "no framework decision record (0002-use-...) in {}",
                dir.display()
            ),
        })
}

fn adr_dir(repo: &Path) -> PathBuf {
    let configured = std::fs::read_to_string(repo.join(".adr-dir")).ok();
    repo.join(
        configured
            .as_deref()
            .map(str::trim)
            .filter(|dir| !dir.is_empty())
            .unwrap_or(crate::adr::DEFAULT_DIR),
    )
}

/// The record with the measurements (and, when decided, the decision's
/// evidence) appended under "More Information".
pub fn with_measurements(text: &str, measurements: &str, verdict: Option<&str>) -> String {
    let mut text = text.trim_end().to_owned();
    if !text.contains("\n## More Information") {
        text.push_str("\n\n## More Information");
    }
    text.push_str("\n\n");
    text.push_str(measurements.trim_end());
    if let Some(verdict) = verdict {
        text.push_str("\n\n");
        text.push_str(verdict);
    }
    text.push('\n');
    text
}

/// What a decided record says in place of "proposed, not yet taken".
pub struct Decided<'a> {
    pub accepted: bool,
    /// This record's option, and the other one.
    pub this: &'a str,
    pub other: &'a str,
    /// The other repo, relative to this one (`../chat-express`).
    pub other_path: &'a str,
    pub date: &'a str,
    /// The failures the decision was forced past (`--force`), if any.
    pub forced_past: &'a [String],
}

/// The record with its proposal rewritten as the decision: the "Proposed
/// option" sentence (or, in records written before it existed, the
/// "Chosen option" one) and the "proposed, not yet taken" paragraph.
pub fn decided_text(text: &str, decided: &Decided<'_>) -> String {
    let Decided {
        this,
        other,
        other_path,
        date,
        ..
    } = decided;
    let forced = if decided.forced_past.is_empty() {
        String::new()
    } else {
        format!(
            " It was decided with --force although the measurements could not carry it: {}.",
            decided.forced_past.join("; ")
        )
    };
    let outcome = if decided.accepted {
        format!("Chosen option: \"{this}\", because it was prototyped side by side with {other} and chosen on {date} on the measurements under More Information.{forced}")
    } else {
        format!("Rejected option: \"{this}\": it was prototyped side by side with {other}, and {other} was chosen instead on {date}, on the measurements under More Information.{forced}")
    };
    let paragraph = if decided.accepted {
        format!("This decision was taken on {date}: {this} was prototyped against {other} (`{other_path}`, generated from the same answers), both were measured on the same machine with `scaffold compare`, and {this} was accepted. {other}'s record was rejected.")
    } else {
        format!("This option was rejected on {date}: it was prototyped against {other} (`{other_path}`, generated from the same answers), both were measured on the same machine with `scaffold compare`, and {other} was accepted. See that repository's record.")
    };
    let proposal = text.contains(PROPOSED_OPENING);
    let mut lines: Vec<String> = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if skipping {
            if line.trim().is_empty() {
                skipping = false;
                lines.push(String::new());
            }
            continue;
        }
        if line.starts_with(PROPOSED_OPENING) {
            lines.push(paragraph.clone());
            skipping = true;
        } else if line.starts_with("Proposed option: \"")
            || (proposal && line.starts_with("Chosen option: \""))
        {
            lines.push(outcome.clone());
        } else {
            lines.push(line.to_owned());
        }
    }
    let mut rewritten = lines.join("\n");
    if text.ends_with('\n') {
        rewritten.push('\n');
    }
    rewritten
}

/// Refuses a `--decide` unless both framework records are still `proposed`
/// (checked before measuring, and again before writing).
///
/// # Errors
/// [`AdrError::Transition`] naming the record already decided.
pub fn check_open(starters: &[&Starter; 2]) -> Result<(), Error> {
    for starter in starters {
        let (_, entry) = framework_record(starter)?;
        let parsed =
            parse::record(&store::read(&entry.path)?).map_err(|problem| AdrError::Malformed {
                path: entry.path.clone(),
                problem,
            })?;
        if parsed.status.as_deref().and_then(Status::of) != Some(Status::Proposed) {
            return Err(Error::Adr(AdrError::Transition {
                action: "decide",
                path: entry.path.clone(),
                status: parsed
                    .status
                    .as_deref()
                    .map_or_else(|| "none".to_owned(), record::status_in_words),
            }));
        }
    }
    Ok(())
}

/// Writes both records; with `decided`, accepts it and rejects the other.
///
/// # Errors
/// An unreadable or unparsable record, or a failed write.
pub fn write(
    starters: &[&Starter; 2],
    comparison: &Comparison,
    decided: Option<usize>,
    env: &Env,
    out: &Output,
) -> Result<(), Error> {
    let today = &env.today;
    let measurements = comparison.markdown();
    let records = [
        framework_record(starters[0])?,
        framework_record(starters[1])?,
    ];
    if decided.is_some() {
        check_open(starters)?;
    }
    for (index, starter) in starters.iter().enumerate() {
        let (dir, entry) = &records[index];
        let path = &entry.path;
        let text = store::read(path)?;
        let other = starters[1 - index];
        // The other repo as seen from this one: a sibling, never a machine's path.
        let other_path = format!("../{}", other.name());
        let forced_past = if decided.is_some() {
            comparison.problems()
        } else {
            Vec::new()
        };
        let verdict = decided.map(|chosen| {
            let forced = if forced_past.is_empty() {
                String::new()
            } else {
                format!(" Decided with --force despite: {}.", forced_past.join("; "))
            };
            if chosen == index {
                format!(
                    "Decided on {today} after prototyping against {} (`{other_path}`): {} was accepted on the measurements above.{forced}",
                    other.framework,
                    starter.framework
                )
            } else {
                format!(
                    "Decided on {today} after prototyping: {} (`{other_path}`) was chosen instead, on the measurements above, and this option was rejected. See that repository's record.{forced}",
                    other.framework,
                )
            }
        });
        let mut text = with_measurements(&text, &measurements, verdict.as_deref());
        if let Some(chosen) = decided {
            text = decided_text(
                &text,
                &Decided {
                    accepted: chosen == index,
                    this: starter.framework.display_name(),
                    other: other.framework.display_name(),
                    other_path: &other_path,
                    date: today,
                    forced_past: &forced_past,
                },
            );
        }
        store::replace(path, &text)?;
        out.step(
            "Recorded",
            &format!("the measurements in {}", path.display()),
        );
        if let Some(chosen) = decided {
            let status = if chosen == index {
                Status::Accepted
            } else {
                Status::Rejected
            };
            // The lifecycle of `scaffold adr accept|reject`: status, date, index.
            commands::adr::change_status(dir, entry.number, status, env)?;
        }
    }
    if let Some(chosen) = decided {
        let (kept, other) = (starters[chosen], starters[1 - chosen]);
        out.line(&format!(
            "\n{} is decided on: keep {} and commit its record (git add -A && git commit). {} ({}) has served its purpose: keep it for reference with its rejected record committed, or delete it (rm -r {}).",
            kept.framework,
            kept.path.display(),
            other.framework,
            other.path.display(),
            crate::core::shell::shell_quote(&other.path.display().to_string()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROPOSED: &str = "## Decision Outcome\n\nProposed option: \"Flask\", one of two options prototyped side by side; it is what scaffold recommends. Nothing is chosen until the prototypes are measured.\n\nThis decision is proposed, not yet taken: Flask is being prototyped against Express,\nwhose starter is `../chat-express`.\n\nThe reasons:\n";

    fn decided(accepted: bool, forced_past: &[String]) -> String {
        decided_text(
            PROPOSED,
            &Decided {
                accepted,
                this: "Flask",
                other: "Express",
                other_path: "../chat-express",
                date: "2026-01-15",
                forced_past,
            },
        )
    }

    #[test]
    fn deciding_rewrites_the_proposal_as_the_decision() {
        let accepted = decided(true, &[]);
        assert!(!accepted.contains("not yet taken"), "{accepted}");
        assert!(!accepted.contains("Proposed option"), "{accepted}");
        assert!(accepted.contains("Chosen option: \"Flask\", because it was prototyped side by side with Express and chosen on 2026-01-15"), "{accepted}");
        assert!(
            accepted.contains("This decision was taken on 2026-01-15"),
            "{accepted}"
        );
        assert!(accepted.ends_with("\n\nThe reasons:\n"), "{accepted}");
        let rejected = decided(false, &[]);
        assert!(
            rejected.contains("Rejected option: \"Flask\""),
            "{rejected}"
        );
        assert!(!rejected.contains("team chose"), "{rejected}");
    }

    #[test]
    fn a_forced_decision_says_what_it_was_forced_past() {
        let forced = decided(true, &["chat-flask's test suite failed".to_owned()]);
        assert!(forced.contains("decided with --force although the measurements could not carry it: chat-flask's test suite failed."), "{forced}");
    }

    #[test]
    fn measurements_go_under_more_information_with_the_verdict() {
        let text = "# Use Flask\n\n## More Information\n\nScores.\n";
        let updated = with_measurements(text, "### Measurements\n\n| a |", Some("Decided."));
        assert_eq!(
            updated,
            "# Use Flask\n\n## More Information\n\nScores.\n\n### Measurements\n\n| a |\n\nDecided.\n"
        );
    }
}
