//! `scaffold adr list | show | new`: the glue between the folder on disk
//! ([`store`]), the records' text ([`record`]) and what the user sees
//! ([`view`]). Everything is read and checked before anything is written.

use super::compose::{SkeletonView, SKELETON_TEMPLATE};
use super::record::{self, RecordProblem, RecordRef};
use super::store::{self, Entry};
use super::view::{self, Listed};
use crate::cli::{AdrArgs, AdrCommand};
use crate::env::Env;
use crate::error::Error;
use crate::output::{self, Output};
use crate::templates::render::Renderer;
use std::path::Path;

/// Runs one `scaffold adr` subcommand.
///
/// # Errors
/// Exit-2 errors for a missing folder, a malformed record, an unknown number
/// or an empty title; [`Error::Io`] when the disk fails.
pub fn run(args: &AdrArgs, env: &Env) -> Result<(), Error> {
    let dir = store::resolve_dir(args.dir.as_deref())?;
    match &args.command {
        AdrCommand::List { json } => list(&dir, *json, env),
        AdrCommand::Show { number } => show(&dir, *number, env),
        AdrCommand::New { title, supersedes } => new(&dir, title, *supersedes, env),
    }
}

fn list(dir: &Path, json: bool, env: &Env) -> Result<(), Error> {
    let mut records = Vec::new();
    for entry in store::entries(dir)? {
        let parsed = parse_entry(&entry)?.1;
        records.push(Listed {
            number: entry.number,
            title: parsed.title,
            status: parsed.status,
            date: parsed.date,
            path: entry.path.display().to_string(),
        });
    }
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

fn show(dir: &Path, number: u32, env: &Env) -> Result<(), Error> {
    let entry = find(dir, number)?;
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

fn new(dir: &Path, title: &str, supersedes: Option<u32>, env: &Env) -> Result<(), Error> {
    let slug = record::slug(title);
    if slug.is_empty() {
        return Err(Error::AdrEmptyTitle {
            title: title.to_owned(),
        });
    }
    let entries = store::entries(dir)?;
    let number = match entries.last() {
        Some(last) => last
            .number
            .checked_add(1)
            .ok_or_else(|| Error::AdrMalformed {
                path: last.path.clone(),
                problem: RecordProblem::NumberTooLarge,
            })?,
        None => 1,
    };
    let new_ref = RecordRef {
        number,
        title: title.trim().to_owned(),
        file_name: record::file_name(number, &slug),
    };
    let path = dir.join(&new_ref.file_name);

    // The superseded record is read, parsed and rewritten in memory first:
    // a record that cannot be updated stops the command before any write.
    let superseded = match supersedes {
        Some(old_number) => {
            let old = find_in(&entries, dir, old_number)?;
            let (text, parsed) = parse_entry(&old)?;
            let updated = record::mark_superseded(&text, &new_ref).map_err(|problem| {
                Error::AdrMalformed {
                    path: old.path.clone(),
                    problem,
                }
            })?;
            let old_ref = RecordRef {
                number: old.number,
                title: parsed.title,
                file_name: old.file_name.clone(),
            };
            Some((old, old_ref, updated))
        }
        None => None,
    };

    let skeleton = SkeletonView::new(
        title,
        &env.today,
        superseded.as_ref().map(|(_, old_ref, _)| old_ref),
    );
    let contents = Renderer::new()?.render(SKELETON_TEMPLATE, &skeleton)?;

    store::create_new(&path, &contents)?;
    if let Some((old, _, updated)) = &superseded {
        if let Err(error) = store::replace(&old.path, updated) {
            store::remove_quietly(&path);
            return Err(error);
        }
        Output::new(env, false).step("Superseded", &old.path.display().to_string());
    }
    output::print_result(&format!("{}\n", path.display()));
    Ok(())
}

/// The record numbered `number`.
fn find(dir: &Path, number: u32) -> Result<Entry, Error> {
    find_in(&store::entries(dir)?, dir, number)
}

fn find_in(entries: &[Entry], dir: &Path, number: u32) -> Result<Entry, Error> {
    let matches: Vec<&Entry> = entries
        .iter()
        .filter(|entry| entry.number == number)
        .collect();
    match matches.as_slice() {
        [] => Err(Error::AdrNotFound {
            number,
            dir: dir.to_path_buf(),
        }),
        [one] => Ok((*one).clone()),
        several => Err(Error::AdrDuplicate {
            number,
            paths: several.iter().map(|entry| entry.path.clone()).collect(),
        }),
    }
}

/// A record's text and what it says, or an error naming the file.
fn parse_entry(entry: &Entry) -> Result<(String, record::Record), Error> {
    let text = store::read(&entry.path)?;
    let parsed = record::parse(&text).map_err(|problem| Error::AdrMalformed {
        path: entry.path.clone(),
        problem,
    })?;
    Ok((text, parsed))
}
