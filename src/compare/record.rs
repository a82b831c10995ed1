//! `compare --record` and `--decide`: the measurements into both framework
//! records, under "More Information", and with `--decide` the statuses
//! (`accepted` for the chosen one, `rejected` for the other) through the
//! same editor `scaffold adr accept|reject` uses.

use super::repo::Starter;
use super::report::Comparison;
use crate::adr::parse;
use crate::adr::record::{self, Status};
use crate::adr_command;
use crate::adr_store::{self, Entry};
use crate::env::Env;
use crate::error::Error;
use crate::output::Output;
use std::path::{Path, PathBuf};

/// The framework record of a starter: `docs/adr/0002-use-*.md` (or wherever
/// `.adr-dir` points).
fn framework_record(starter: &Starter) -> Result<(PathBuf, Entry), Error> {
    let dir = adr_dir(&starter.absolute);
    adr_store::entries(&dir)?
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

/// Refuses a `--decide` unless both framework records are still `proposed`
/// (checked before measuring, and again before writing).
///
/// # Errors
/// [`Error::AdrTransition`] naming the record already decided.
pub fn check_open(starters: &[&Starter; 2]) -> Result<(), Error> {
    for starter in starters {
        let (_, entry) = framework_record(starter)?;
        let parsed = parse::record(&adr_store::read(&entry.path)?).map_err(|problem| {
            Error::AdrMalformed {
                path: entry.path.clone(),
                problem,
            }
        })?;
        if parsed.status.as_deref().and_then(Status::of) != Some(Status::Proposed) {
            return Err(Error::AdrTransition {
                action: "decide",
                path: entry.path.clone(),
                status: parsed
                    .status
                    .as_deref()
                    .map_or_else(|| "none".to_owned(), record::status_in_words),
            });
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
        let text = adr_store::read(path)?;
        let other = starters[1 - index];
        let verdict = decided.map(|chosen| {
            if chosen == index {
                format!(
                    "Decided on {today} after prototyping against {} (`{}`): {} was accepted on the measurements above.",
                    other.framework,
                    other.path.display(),
                    starter.framework
                )
            } else {
                format!(
                    "Decided on {today} after prototyping: {} (`{}`) was chosen instead, on the measurements above, and this option was rejected. See that repository's record.",
                    other.framework,
                    other.path.display()
                )
            }
        });
        adr_store::replace(
            path,
            &with_measurements(&text, &measurements, verdict.as_deref()),
        )?;
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
            adr_command::change_status(dir, entry.number, status, env)?;
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
            crate::shell::shell_quote(&other.path.display().to_string()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
