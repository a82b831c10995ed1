//! Day two, inside a repo `scaffold new` made (found by `.scaffold.toml`):
//! `scaffold add` and `scaffold upgrade` re-render the repo through the
//! same plan as `new` and merge it three ways (base: the tree scaffold
//! generated last, theirs: the tree rendered now, ours: the work tree);
//! `scaffold reconsider` re-runs the ranking against the recorded decision.
//! `add`, `upgrade` and `reconsider` are in `commands`; this module is their
//! shared glue: the merge rules are in `merge`, what
//! is rendered in [`rerender`], the git side in `base_tree`, the writes in
//! [`work_tree`].

pub mod rerender;
pub mod work_tree;

use crate::adr::day_two::{layers_title, LayersAdded};
use crate::adr::record;
use crate::adr::store;
use crate::adr::AdrError;
use crate::commands;
use crate::core::answers::PartialAnswers;
use crate::core::features::Feature;
use crate::core::merge::{self, Change, FileMerge, Write};
use crate::error::Error;
use crate::generate::base_tree::{self, BaseSource};
use crate::generate::Plan;
use crate::sys::answers_file::{self, Manifest};
use crate::sys::env::Env;
use crate::ui::cli::MergeFlags;
use crate::ui::output::{self, Output};
use rerender::RerenderInput;
use serde_json::json;
use std::path::{Path, PathBuf};

/// The manifest's file name, at the root of a generated repo.
pub const MANIFEST: &str = ".scaffold.toml";

/// The folder holding `.scaffold.toml`: `start` or the nearest folder above.
///
/// # Errors
/// [`Error::NotAScaffoldRepo`] when there is none.
pub fn find_root(start: &Path) -> Result<PathBuf, Error> {
    let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    absolute
        .ancestors()
        .find(|dir| dir.join(MANIFEST).is_file())
        .map(Path::to_path_buf)
        .ok_or(Error::NotAScaffoldRepo { path: absolute })
}

/// The generated repo a day-two command works on.
pub(crate) struct Project {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub project_name: String,
}

impl Project {
    /// Finds and reads the repo around the current folder.
    pub(crate) fn here() -> Result<Project, Error> {
        let root = find_root(Path::new("."))?;
        let manifest = answers_file::read_manifest(&root.join(MANIFEST))?;
        let project_name = manifest.name.clone().unwrap_or_else(|| {
            root.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        Ok(Project {
            root,
            manifest,
            project_name,
        })
    }

    /// The plan `new` would make today for these answers.
    fn render(&self, answers: &PartialAnswers, env: &Env) -> Result<Plan, Error> {
        let decision = rerender::decision(&RerenderInput {
            manifest: &self.manifest,
            answers,
            project_name: &self.project_name,
            date: &env.today,
            fallback_author: env.git.author_line(),
            scaffold_version: crate::VERSION,
        });
        let (_, plan) = crate::commands::new::steps::plan_project(
            decision,
            answers.package_name.as_deref(),
            env,
        )?;
        Ok(plan)
    }
}

/// What one merging command asks of [`run_merge`].
pub(crate) struct Request<'a> {
    pub command: &'static str,
    pub commit_message: String,
    /// `add` writes a decision record; `upgrade` does not.
    pub record: Option<RecordRequest<'a>>,
    pub layers_added: Vec<Feature>,
}

pub(crate) struct RecordRequest<'a> {
    pub asked: &'a [Feature],
    pub added: &'a [(Feature, Option<Feature>)],
    pub changed_answers: Vec<(String, String, String)>,
    pub decision_makers: String,
}

/// Renders, merges, writes (all or nothing), records and optionally
/// commits; then reports.
pub(crate) fn run_merge(
    project: &Project,
    answers: &PartialAnswers,
    flags: &MergeFlags,
    env: &Env,
    out: &Output,
    request: &Request<'_>,
) -> Result<(), Error> {
    let repo = base_tree::open(&project.root)?;
    if !flags.allow_dirty && !flags.dry_run {
        let dirty = base_tree::dirty_paths(&repo)?;
        if !dirty.is_empty() {
            return Err(Error::DirtyWorkTree { paths: dirty });
        }
    }
    let merged = compute_merge(project, answers, &repo, env, out)?;
    let report = |record, commit| Report {
        command: request.command,
        dry_run: flags.dry_run,
        merges: &merged.merges,
        env_updated: merged.env_updated,
        layers_added: &request.layers_added,
        record,
        commit,
    };
    if flags.dry_run {
        let report = report(None, None);
        output::print_result(&if flags.json {
            format!("{}\n", report.json())
        } else {
            report.listing()
        });
        return Ok(());
    }
    if merged.writes.is_empty() && merged.conflicts.is_empty() && request.record.is_none() {
        if flags.json {
            output::print_result(&format!("{}\n", report(None, None).json()));
        }
        out.step("Up to date", "scaffold would generate nothing new here");
        return Ok(());
    }

    let (record, commit) = write_merge(project, &repo, &merged, flags.commit, request, env)?;
    let relative_record = record.as_ref().map(|path| relative(&project.root, path));
    let report = report(relative_record.as_deref(), commit.as_deref());
    if flags.json {
        output::print_result(&format!("{}\n", report.json()));
    }
    report.summary(out, flags.commit);
    if merged.conflicts.is_empty() {
        Ok(())
    } else {
        Err(Error::MergeConflicts {
            paths: merged.conflicts,
            committed: false,
        })
    }
}

/// A merge worked out in memory: nothing written yet.
struct Merged {
    /// What `new` would generate now; its committed files become the base.
    plan: Plan,
    /// Every path where something happens, with what.
    merges: Vec<FileMerge>,
    /// What the work tree gets: the merges' writes, and `.env`'s.
    writes: Vec<(String, Write)>,
    env_updated: bool,
    conflicts: Vec<String>,
}

/// Renders the repo for `answers`, reads the base and the work tree, and
/// merges them.
fn compute_merge(
    project: &Project,
    answers: &PartialAnswers,
    repo: &git2::Repository,
    env: &Env,
    out: &Output,
) -> Result<Merged, Error> {
    let plan = project.render(answers, env)?;
    let theirs = rerender::merged_tree(&plan);
    let manifest = std::fs::read(project.root.join(MANIFEST)).ok();
    let (base, source) = base_tree::base(repo, manifest.as_deref())?;
    match &source {
        BaseSource::FirstCommit(id) => out.notice(&format!(
            "no base tree recorded ({}); the first commit, {}, is the base",
            crate::core::replay::BASE_REF,
            &id[..12.min(id.len())]
        )),
        BaseSource::Earlier(id) => out.notice(&format!(
            "the newest base does not match this .scaffold.toml (a change of scaffold's was undone?); the base it matches, {}, is used",
            &id[..12.min(id.len())]
        )),
        BaseSource::Recorded(_) => {}
    }
    let base = rerender::without_records(base);
    let merges = merge::merge_trees(
        &base,
        &theirs,
        |path| work_tree::read_ours(&project.root, path),
        &base_tree::GitTextMerge,
    );
    let mut writes: Vec<(String, Write)> = merges
        .iter()
        .filter_map(|merge| merge.write.clone().map(|write| (merge.path.clone(), write)))
        .collect();
    let env_added = env_update(project, &plan);
    let env_updated = env_added.is_some();
    if let Some(contents) = env_added {
        writes.push((
            ".env".to_owned(),
            Write::File(merge::Blob {
                contents: contents.into_bytes(),
                executable: false,
            }),
        ));
    }
    let conflicts = merge::conflicts(&merges)
        .iter()
        .map(|merge| merge.path.clone())
        .collect();
    Ok(Merged {
        plan,
        merges,
        writes,
        env_updated,
        conflicts,
    })
}

/// Writes a merge, every part or none: the files, the decision record and
/// its index, the new base, and (asked for, without conflicts) the commit.
/// A failure undoes the parts already done. Returns the record's path and
/// the commit's id.
fn write_merge(
    project: &Project,
    repo: &git2::Repository,
    merged: &Merged,
    commit: bool,
    request: &Request<'_>,
    env: &Env,
) -> Result<(Option<PathBuf>, Option<String>), Error> {
    let applied = work_tree::apply(&project.root, &merged.writes)?;
    let record = match &request.record {
        Some(record) => match write_record(project, record, &merged.conflicts, env) {
            Ok(path) => Some(path),
            Err(error) => {
                applied.roll_back();
                return Err(error);
            }
        },
        None => None,
    };
    let undo = |applied: work_tree::Applied| {
        if let Some(path) = &record {
            store::remove_quietly(path);
            let _ = commands::adr::refresh_index_quietly(&records_dir(&project.root));
        }
        applied.roll_back();
    };
    let previous_base = base_tree::recorded_base(repo);
    let signature = base_tree::signature(repo, &env.git, env.now);
    let generated: merge::Tree = merged
        .plan
        .files
        .iter()
        .filter(|file| file.committed)
        .map(|file| {
            (
                file.path.clone(),
                merge::Blob {
                    contents: file.contents.clone(),
                    executable: file.executable,
                },
            )
        })
        .collect();
    let first_line = request.commit_message.lines().next().unwrap_or_default();
    let base_message = format!("scaffold base: {first_line}");
    if let Err(error) = base_tree::record_base(repo, &generated, &base_message, &signature) {
        undo(applied);
        return Err(error);
    }
    if !commit || !merged.conflicts.is_empty() {
        return Ok((record, None));
    }
    let mut paths: Vec<String> = merged
        .writes
        .iter()
        .map(|(path, _)| path.clone())
        .filter(|path| path != ".env")
        .collect();
    if let Some(path) = &record {
        let index = records_dir(&project.root).join(crate::adr::index::FILE_NAME);
        paths.push(relative(&project.root, path));
        if index.is_file() {
            paths.push(relative(&project.root, &index));
        }
    }
    match base_tree::commit_paths(repo, &paths, &request.commit_message, &signature) {
        Ok(id) => Ok((record, Some(id))),
        Err(error) => {
            base_tree::restore_base(repo, previous_base.as_deref());
            undo(applied);
            Err(error)
        }
    }
}

/// `path` relative to the repo's root, `/`-separated.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The user's `.env` with the variables scaffold now writes and it lacks.
fn env_update(project: &Project, plan: &Plan) -> Option<String> {
    let theirs = plan.files.iter().find(|file| file.path == ".env")?;
    let theirs = String::from_utf8_lossy(&theirs.contents);
    let ours = std::fs::read_to_string(project.root.join(".env")).ok();
    rerender::env_additions(ours.as_deref(), &theirs)
}

/// The repo's records folder: the one `.adr-dir` names, else `docs/adr`.
pub(crate) fn records_dir(root: &Path) -> PathBuf {
    let named = std::fs::read_to_string(root.join(".adr-dir"))
        .ok()
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty() && !text.contains(".."));
    root.join(named.unwrap_or_else(|| crate::adr::DEFAULT_DIR.to_owned()))
}

/// Adds the record of the added layers under the next number, and keeps
/// the index current.
fn write_record(
    project: &Project,
    request: &RecordRequest<'_>,
    conflicts: &[String],
    env: &Env,
) -> Result<PathBuf, Error> {
    let view = LayersAdded {
        project_name: &project.project_name,
        framework: project.manifest.framework,
        asked: request.asked,
        added: request.added,
        changed_answers: &request.changed_answers,
        conflicts,
        date: &env.today,
        decision_makers: &request.decision_makers,
        scaffold_version: crate::VERSION,
    };
    add_record(
        &records_dir(&project.root),
        &record::slug(&layers_title(request.asked)),
        |number| view.markdown(number),
    )
}

/// Adds a record to `dir` (made if missing) under the next free number,
/// its text made by `markdown` from that number, and refreshes the index;
/// when the index cannot be written, the record is taken back out.
pub(crate) fn add_record(
    dir: &Path,
    slug: &str,
    markdown: impl Fn(u64) -> String,
) -> Result<PathBuf, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        action: "create",
        path: dir.to_path_buf(),
        source,
    })?;
    let (_, path) = store::with_lock(dir, || {
        store::add_numbered::<AdrError>(dir, slug, |number| Ok(markdown(number)))
    })?;
    if let Err(error) = commands::adr::refresh_index_quietly(dir) {
        store::remove_quietly(&path);
        return Err(error);
    }
    Ok(path)
}

/// What a merging command did (or would do), for people and for `--json`.
struct Report<'a> {
    command: &'static str,
    dry_run: bool,
    merges: &'a [FileMerge],
    env_updated: bool,
    layers_added: &'a [Feature],
    record: Option<&'a str>,
    commit: Option<&'a str>,
}

/// `added`, `updated`, `deleted`, `merged`, `conflict`.
fn change_word(change: &Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Updated => "updated",
        Change::Deleted => "deleted",
        Change::Merged => "merged",
        Change::Conflict(_) => "conflict",
    }
}

impl Report<'_> {
    fn json(&self) -> serde_json::Value {
        let files: Vec<serde_json::Value> = self
            .merges
            .iter()
            .map(|merge| {
                let mut value = json!({"path": merge.path, "change": change_word(&merge.change)});
                if let Change::Conflict(kind) = merge.change {
                    value["conflict"] = json!(kind);
                    value["reason"] = json!(kind.explain());
                }
                value
            })
            .collect();
        let conflicts: Vec<&str> = merge::conflicts(self.merges)
            .iter()
            .map(|merge| merge.path.as_str())
            .collect();
        json!({
            "command": self.command,
            "dry_run": self.dry_run,
            "scaffold_version": crate::VERSION,
            "layers_added": self.layers_added,
            "files": files,
            "env_updated": self.env_updated,
            "conflicts": conflicts,
            "record": self.record,
            "commit": self.commit,
        })
    }

    /// One line a file: `updated  path`, and conflicts with their reason.
    fn listing(&self) -> String {
        let mut text = String::new();
        for merge in self.merges {
            text.push_str(&format!("{:<9} {}", change_word(&merge.change), merge.path));
            if let Change::Conflict(kind) = merge.change {
                text.push_str(&format!(" ({})", kind.explain()));
            }
            text.push('\n');
        }
        if self.env_updated {
            text.push_str("env       .env (variables added; your values kept)\n");
        }
        if text.is_empty() {
            text.push_str("nothing to change\n");
        }
        text
    }

    fn summary(&self, out: &Output, commit_asked: bool) {
        if !self.layers_added.is_empty() {
            let names: Vec<&str> = self.layers_added.iter().map(|f| f.id()).collect();
            out.step("Added", &format!("the {} layer(s)", names.join(", ")));
        }
        let count = |word: &str| {
            self.merges
                .iter()
                .filter(|merge| change_word(&merge.change) == word)
                .count()
        };
        out.step(
            "Merged",
            &format!(
                "{} added, {} updated, {} deleted, {} merged, {} conflicting",
                count("added"),
                count("updated"),
                count("deleted"),
                count("merged"),
                count("conflict")
            ),
        );
        for line in self.listing().lines() {
            out.line(&format!("  {line}"));
        }
        if let Some(record) = self.record {
            out.step("Recorded", record);
        }
        match self.commit {
            Some(id) => out.step("Committed", &id[..12.min(id.len())]),
            None if commit_asked => {
                out.notice("nothing was committed: resolve the conflicts, then commit")
            }
            None => out.notice(
                "nothing was committed: review with `git status` and `git diff`, then commit (or pass --commit)",
            ),
        }
    }
}
