//! `scaffold adr list | show | new | accept | reject | deprecate | check |
//! index`: the glue between the folder on disk (`adr::store`), the records'
//! text ([`record`], [`edit`]) and what the user sees ([`view`], [`index`],
//! [`check`](mod@check)). Everything is read and checked before anything is written.
//! Unlike `adr`, this module prints (through `output`) and fails with
//! [`Error`].

use crate::adr::check;
use crate::adr::compose::{SkeletonView, SKELETON_TEMPLATE};
use crate::adr::edit::{self, NewStatus};
use crate::adr::index;
use crate::adr::parse;
use crate::adr::record::{self, RecordRef, Status};
use crate::adr::store::{self, Entry};
use crate::adr::view::{self, printable, Listed};
use crate::adr::AdrError;
use crate::error::Error;
use crate::sys::env::Env;
use crate::templates::render::Renderer;
use crate::ui::cli::{self, AdrArgs, AdrCommand};
use crate::ui::output::{self, Output};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs one `scaffold adr` subcommand.
///
/// # Errors
/// Exit-2 errors for a missing folder or a bad `.adr-dir`, a malformed
/// record, an unknown number, an empty title or a status change that makes
/// no sense; [`AdrError::CheckFailed`] (exit 1) for `check` with problems;
/// [`Error::Io`] when the disk fails.
pub fn run(args: &AdrArgs, env: &Env) -> Result<(), Error> {
    let dir = store::resolve_dir(args.dir.as_deref())?;
    match &args.command {
        AdrCommand::List { json } => list(&dir, *json, env),
        AdrCommand::Show { number } => show(&dir, *number, env),
        AdrCommand::New {
            title,
            supersedes,
            status,
        } => new(&dir, title, *supersedes, *status, env),
        AdrCommand::Accept { number } => change_status(&dir, *number, Status::Accepted, env),
        AdrCommand::Reject { number } => change_status(&dir, *number, Status::Rejected, env),
        AdrCommand::Deprecate { number } => change_status(&dir, *number, Status::Deprecated, env),
        AdrCommand::Check { json } => check(&dir, *json, env),
        AdrCommand::Index => write_index(&dir, env),
    }
}

/// A record that was read and parsed.
struct Loaded {
    entry: Entry,
    record: record::Record,
}

/// The records of a folder: those that parse, and those that do not.
struct Folder {
    records: Vec<Loaded>,
    unreadable: Vec<(Entry, Error)>,
    /// Named like records, but no regular files: never read, only named.
    not_regular: Vec<(PathBuf, &'static str)>,
}

impl Folder {
    fn load(dir: &Path) -> Result<Folder, Error> {
        let mut folder = Folder {
            records: Vec::new(),
            unreadable: Vec::new(),
            not_regular: store::not_regular(dir),
        };
        for entry in store::entries(dir)? {
            match parse_entry(&entry) {
                Ok((_, record)) => folder.records.push(Loaded { entry, record }),
                Err(error) => folder.unreadable.push((entry, error)),
            }
        }
        Ok(folder)
    }

    fn listed(&self) -> Vec<Listed> {
        self.records
            .iter()
            .map(|loaded| Listed {
                number: loaded.entry.number,
                title: loaded.record.title.clone(),
                status: loaded.record.status.clone(),
                date: loaded.record.date.clone(),
                path: loaded.entry.path.display().to_string(),
            })
            .collect()
    }

    /// Warnings on stderr: records skipped, numbers shared.
    fn warn(&self, env: &Env) {
        let out = Output::new(env, false);
        for (path, kind) in &self.not_regular {
            out.warning(&printable(&format!(
                "skipped {}: it is {kind}, not a regular file",
                path.display()
            )));
        }
        for (entry, error) in &self.unreadable {
            let text = match error {
                Error::Adr(AdrError::Malformed { problem, .. }) => problem.to_string(),
                other => other.to_string(),
            };
            out.warning(&printable(&format!(
                "skipped {}: {text}",
                entry.path.display()
            )));
        }
        let mut by_number: BTreeMap<u64, Vec<&Entry>> = BTreeMap::new();
        for entry in self
            .records
            .iter()
            .map(|loaded| &loaded.entry)
            .chain(self.unreadable.iter().map(|(entry, _)| entry))
        {
            by_number.entry(entry.number).or_default().push(entry);
        }
        for (number, entries) in by_number.iter().filter(|(_, e)| e.len() > 1) {
            let paths: Vec<String> = entries
                .iter()
                .map(|entry| entry.path.display().to_string())
                .collect();
            out.warning(&printable(&format!(
                "{} records are numbered {number}: {}",
                paths.len(),
                paths.join(", ")
            )));
        }
    }
}

fn list(dir: &Path, json: bool, env: &Env) -> Result<(), Error> {
    let folder = Folder::load(dir)?;
    folder.warn(env);
    let records = folder.listed();
    if json {
        output::print_result(&view::list_json(&records));
    } else if records.is_empty() {
        Output::new(env, false).notice(&format!(
            "{} holds no records yet; add one with `scaffold adr new \"<title>\"`",
            dir.display()
        ));
    } else {
        output::print_result(&view::list_text(&records));
    }
    Ok(())
}

fn show(dir: &Path, number: u64, env: &Env) -> Result<(), Error> {
    let entry = find(&store::entries(dir)?, dir, number)?;
    let (text, parsed) = parse_entry(&entry)?;
    if env.stdout_is_terminal {
        let color = !env.no_color && !env.dumb_terminal;
        output::print_result(&view::terminal_text(&text, &parsed, color));
    } else {
        // Piped or redirected: the file exactly as it is.
        output::print_result(&text);
    }
    Ok(())
}

fn new(
    dir: &Path,
    title: &str,
    supersedes: Option<u64>,
    status: cli::NewStatus,
    env: &Env,
) -> Result<(), Error> {
    crate::core::free_text::check_title(title).map_err(|reason| Error::InvalidInput {
        origin: "title".to_owned(),
        reason,
    })?;
    let slug = record::slug(title);
    if slug.is_empty() {
        return Err(AdrError::EmptyTitle {
            title: title.to_owned(),
        }
        .into());
    }
    let status = match status {
        cli::NewStatus::Proposed if supersedes.is_some() => {
            return Err(AdrError::ProposedSupersedes.into())
        }
        cli::NewStatus::Proposed => Status::Proposed,
        cli::NewStatus::Accepted => Status::Accepted,
    };
    let entries = store::entries(dir)?;

    // The superseded record is read, parsed and checked first: a record
    // that cannot be superseded stops the command before any write.
    let old = match supersedes {
        Some(old_number) => {
            let entry = find(&entries, dir, old_number)?;
            let (text, parsed) = parse_entry(&entry)?;
            refuse_unless(
                "supersede",
                &entry,
                &parsed,
                !matches!(
                    parsed.status.as_deref().and_then(Status::of),
                    Some(Status::Superseded | Status::Rejected)
                ),
            )?;
            let probe = RecordRef {
                number: 0,
                title: String::new(),
                file_name: String::new(),
            };
            edit::with_status(&text, NewStatus::SupersededBy(&probe), &env.today)
                .map_err(|problem| malformed(&entry, problem))?;
            let old_ref = RecordRef {
                number: entry.number,
                title: parsed.title,
                file_name: entry.file_name.clone(),
            };
            Some((entry, text, old_ref))
        }
        None => None,
    };

    // Under the folder's lock, so runs of scaffold take turns: the old
    // record is checked to be as it was read (another run may have
    // superseded it), the new record is created (exclusively, retried on a
    // clash with another tool's file), then the old record is replaced in
    // one rename. A run killed in between leaves the new record saying it
    // supersedes an old one still accepted, which `scaffold adr check`
    // explains.
    let renderer = Renderer::new();
    let (_, path) = store::with_lock(dir, || -> Result<_, Error> {
        if let Some((entry, text, _)) = &old {
            if store::read(&entry.path)? != *text {
                return Err(AdrError::ChangedMeanwhile {
                    path: entry.path.clone(),
                }
                .into());
            }
        }
        let (number, path) = store::add_numbered::<Error>(dir, &slug, |number| {
            let skeleton = SkeletonView::new(
                number,
                title,
                status,
                &env.today,
                old.as_ref().map(|(_, _, old_ref)| old_ref),
            );
            Ok(renderer.render(SKELETON_TEMPLATE, &skeleton)?)
        })?;
        if let Some((entry, text, _)) = &old {
            let new_ref = RecordRef {
                number,
                title: title.trim().to_owned(),
                file_name: record::file_name(number, &slug),
            };
            let replaced = edit::with_status(text, NewStatus::SupersededBy(&new_ref), &env.today)
                .map_err(|problem| malformed(entry, problem))
                .and_then(|updated| store::replace(&entry.path, &updated));
            if let Err(error) = replaced {
                store::remove_quietly(&path);
                return Err(error.into());
            }
        }
        Ok((number, path))
    })?;
    if let Some((entry, _, _)) = &old {
        Output::new(env, false).step("Superseded", &printable(&entry.path.display().to_string()));
    }
    refresh_index(dir, env)?;
    output::print_result(&format!("{}\n", path.display()));
    Ok(())
}

/// `accept`, `reject`, `deprecate`: a new status, dated today, when the
/// change makes sense (a proposed record is accepted or rejected, an
/// accepted one deprecated).
pub(crate) fn change_status(
    dir: &Path,
    number: u64,
    target: Status,
    env: &Env,
) -> Result<(), Error> {
    let entry = find(&store::entries(dir)?, dir, number)?;
    let (action, verb) = match target {
        Status::Accepted => ("accept", "Accepted"),
        Status::Rejected => ("reject", "Rejected"),
        _ => ("deprecate", "Deprecated"),
    };
    store::with_lock(dir, || -> Result<(), Error> {
        let (text, parsed) = parse_entry(&entry)?;
        let current = parsed.status.as_deref().and_then(Status::of);
        let allowed = match target {
            Status::Deprecated => current == Some(Status::Accepted),
            // A record without a MADR status (`draft`, none) counts as proposed.
            _ => matches!(current, Some(Status::Proposed) | None),
        };
        refuse_unless(action, &entry, &parsed, allowed)?;
        let updated = edit::with_status(&text, NewStatus::Set(target), &env.today)
            .map_err(|problem| malformed(&entry, problem))?;
        Ok(store::replace(&entry.path, &updated)?)
    })?;
    Output::new(env, false).step(verb, &printable(&entry.path.display().to_string()));
    refresh_index(dir, env)
}

fn refuse_unless(
    action: &'static str,
    entry: &Entry,
    parsed: &record::Record,
    allowed: bool,
) -> Result<(), AdrError> {
    if allowed {
        return Ok(());
    }
    Err(AdrError::Transition {
        action,
        path: entry.path.clone(),
        status: parsed
            .status
            .as_deref()
            .map_or_else(|| "none".to_owned(), record::status_in_words),
    })
}

/// The JSON `scaffold adr check --json` prints.
#[derive(serde::Serialize)]
struct CheckReport<'a> {
    dir: String,
    records: usize,
    problems: &'a [check::Problem],
}

fn check(dir: &Path, json: bool, env: &Env) -> Result<(), Error> {
    let entries = store::entries(dir)?;
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for entry in &entries {
        let path = entry.path.display().to_string();
        match store::read(&entry.path) {
            Ok(text) => inputs.push(check::Input {
                path,
                number: entry.number,
                text,
            }),
            Err(AdrError::Malformed { problem, .. }) => {
                problems.push(check::unreadable(&path, &problem));
            }
            Err(other) => problems.push(check::Problem {
                path,
                problem: other.to_string(),
            }),
        }
    }
    problems.extend(check::problems(&inputs, &store::file_names(dir)?));
    for (path, kind) in store::not_regular(dir) {
        problems.push(check::Problem {
            path: path.display().to_string(),
            problem: format!("it is named like a record but is {kind}, not a regular file"),
        });
    }
    for leftover in store::leftover_temp_files(dir) {
        problems.push(check::Problem {
            path: leftover.display().to_string(),
            problem: "a temporary file left by an interrupted `scaffold adr` run; delete it \
                      (the next run that writes records removes it)"
                .to_owned(),
        });
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    if json {
        let report = CheckReport {
            dir: dir.display().to_string(),
            records: entries.len(),
            problems: &problems,
        };
        let text = serde_json::to_string_pretty(&report).expect("a check report serializes");
        output::print_result(&format!("{text}\n"));
    } else {
        let mut text = String::new();
        for problem in &problems {
            text.push_str(&format!("{}: {}\n", problem.path, problem.problem));
        }
        let text = if env.stdout_is_terminal {
            printable(&text)
        } else {
            text
        };
        output::print_result(&text);
    }
    if !problems.is_empty() {
        return Err(AdrError::CheckFailed {
            count: problems.len(),
            dir: dir.to_path_buf(),
        }
        .into());
    }
    Output::new(env, false).step(
        "Checked",
        &format!(
            "{} record{} in {}, no problems",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" },
            dir.display()
        ),
    );
    Ok(())
}

/// `scaffold adr index`: the table in `README.md`, between its markers; a
/// new README.md when there is none, the markers and table appended to one
/// without them.
fn write_index(dir: &Path, env: &Env) -> Result<(), Error> {
    store::entries(dir)?;
    let path = dir.join(index::FILE_NAME);
    store::with_lock(dir, || -> Result<(), Error> {
        let folder = Folder::load(dir)?;
        folder.warn(env);
        let rows = folder.listed();
        if !path.exists() {
            return Ok(store::create_new(&path, &index::new_index(&rows))?);
        }
        let existing = store::read(&path)?;
        let updated = index::updated(&existing, &rows);
        if updated != existing {
            store::replace(&path, &updated)?;
        }
        Ok(())
    })?;
    output::print_result(&format!("{}\n", path.display()));
    Ok(())
}

/// Keeps `README.md` current after a change, when it exists and has the
/// markers (a README without them is the team's own, and left alone).
fn refresh_index(dir: &Path, env: &Env) -> Result<(), Error> {
    if let Some(path) = refresh_index_quietly(dir)? {
        Output::new(env, false).step("Indexed", &printable(&path.display().to_string()));
    }
    Ok(())
}

/// [`refresh_index`] without a word: the index's path when it changed.
pub(crate) fn refresh_index_quietly(dir: &Path) -> Result<Option<PathBuf>, Error> {
    let path = dir.join(index::FILE_NAME);
    if !path.is_file() {
        return Ok(None);
    }
    store::with_lock(dir, || -> Result<_, Error> {
        let existing = store::read(&path)?;
        let folder = Folder::load(dir)?;
        if let Some(updated) = index::with_table(&existing, &folder.listed()) {
            if updated != existing {
                store::replace(&path, &updated)?;
                return Ok(Some(path.clone()));
            }
        }
        Ok(None)
    })
}

/// The record numbered `number`.
fn find(entries: &[Entry], dir: &Path, number: u64) -> Result<Entry, AdrError> {
    let matches: Vec<&Entry> = entries
        .iter()
        .filter(|entry| entry.number == number)
        .collect();
    match matches.as_slice() {
        [] => Err(AdrError::NotFound {
            number,
            dir: dir.to_path_buf(),
        }),
        [one] => Ok((*one).clone()),
        several => Err(AdrError::Duplicate {
            number,
            paths: several.iter().map(|entry| entry.path.clone()).collect(),
        }),
    }
}

fn malformed(entry: &Entry, problem: record::RecordProblem) -> AdrError {
    AdrError::Malformed {
        path: entry.path.clone(),
        problem,
    }
}

/// A record's text and what it says, or an error naming the file.
fn parse_entry(entry: &Entry) -> Result<(String, record::Record), Error> {
    let text = store::read(&entry.path)?;
    let parsed = parse::record(&text).map_err(|problem| malformed(entry, problem))?;
    Ok((text, parsed))
}
