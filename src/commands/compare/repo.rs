//! A generated starter as `compare` finds it on disk: its `.scaffold.toml`,
//! its documented commands (from the framework table), whether it is
//! installed, and its cost of ownership (installed size, packages, lines).

use crate::core::features::{Feature, FeaturesSummary};
use crate::core::framework::{Framework, Language};
use crate::error::Error;
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

/// One side of the comparison.
#[derive(Debug, Clone)]
pub struct Starter {
    /// As the user typed it.
    pub path: PathBuf,
    /// Absolute, so that `.venv/bin/...` resolves inside it.
    pub absolute: PathBuf,
    pub framework: Framework,
    pub package: String,
    /// The real-time layer is generated: the server differs (see
    /// [`Starter::serve_words`]).
    pub realtime: bool,
    /// The ORM layer is generated: its migrations are a production step, and
    /// `/api/notes` is measured.
    pub orm: bool,
}

#[derive(Deserialize)]
struct Manifest {
    framework: Framework,
    package: String,
    #[serde(default)]
    features: Option<FeaturesSummary>,
}

impl Starter {
    /// Reads `path/.scaffold.toml`.
    ///
    /// # Errors
    /// [`Error::CompareNotStarter`] when it is missing or unreadable.
    pub fn open(path: &Path) -> Result<Starter, Error> {
        let not_starter = |reason: String| Error::CompareNotStarter {
            path: path.to_path_buf(),
            reason,
        };
        let text = fs::read_to_string(path.join(".scaffold.toml"))
            .map_err(|error| not_starter(format!("no readable .scaffold.toml ({error})")))?;
        let manifest: Manifest = toml::from_str(&text).map_err(|error| {
            not_starter(format!(".scaffold.toml is not valid: {}", error.message()))
        })?;
        let generated = manifest
            .features
            .map(|features| features.generated)
            .unwrap_or_default();
        Ok(Starter {
            path: path.to_path_buf(),
            absolute: std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
            framework: manifest.framework,
            package: manifest.package,
            realtime: generated.contains(&Feature::Realtime),
            orm: generated.contains(&Feature::Orm),
        })
    }

    /// The folder the install command fills.
    pub fn dependencies_dir(&self) -> PathBuf {
        self.absolute.join(match self.framework.language() {
            Language::Python => ".venv",
            Language::JavaScript => "node_modules",
        })
    }

    /// Whether the documented install has run (its test runner is there).
    pub fn is_installed(&self) -> bool {
        match self.framework.language() {
            Language::Python => self.absolute.join(".venv/bin/pytest").is_file(),
            Language::JavaScript => self
                .absolute
                .join("node_modules/.package-lock.json")
                .is_file(),
        }
    }

    /// The production server's words, with the package and `port` filled
    /// in: with the real-time layer, the server its README gives for it.
    pub fn serve_words(&self, port: u16) -> Vec<String> {
        let production = self.framework.facts().production;
        let serve = match production.serve_realtime {
            Some(realtime) if self.realtime => realtime,
            _ => production.serve,
        };
        words(serve, &self.package)
            .into_iter()
            .map(|word| word.replace("{port}", &port.to_string()))
            .collect()
    }

    /// The one-off production steps its README gives (static files,
    /// migrations, the ORM layer's included), as words.
    pub fn prepare_steps(&self) -> Vec<Vec<String>> {
        let production = self.framework.facts().production;
        let orm: &[&str] = if self.orm {
            production.prepare_orm
        } else {
            &[]
        };
        production
            .prepare
            .iter()
            .chain(orm)
            .map(|step| words(step, &self.package))
            .collect()
    }

    /// The installed versions of the framework and its production server,
    /// as `(name, version)`, read from the installed packages' metadata.
    pub fn versions(&self) -> Vec<(String, String)> {
        let names: &[&str] = match (self.framework, self.realtime) {
            (Framework::Django, true) => &["django", "daphne"],
            (Framework::Django, false) => &["django", "gunicorn"],
            (Framework::Flask, _) => &["flask", "gunicorn"],
            (Framework::Express, _) => &["express"],
        };
        names
            .iter()
            .filter_map(|name| Some(((*name).to_owned(), self.installed_version(name)?)))
            .collect()
    }

    fn installed_version(&self, name: &str) -> Option<String> {
        match self.framework.language() {
            Language::Python => {
                let lib = self.absolute.join(".venv/lib");
                let python = fs::read_dir(lib).ok()?.filter_map(Result::ok).next()?;
                fs::read_dir(python.path().join("site-packages"))
                    .ok()?
                    .filter_map(Result::ok)
                    .find_map(|entry| dist_info_version(&entry.file_name().to_string_lossy(), name))
            }
            Language::JavaScript => {
                let text = fs::read_to_string(
                    self.absolute
                        .join("node_modules")
                        .join(name)
                        .join("package.json"),
                )
                .ok()?;
                let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
                Some(manifest.get("version")?.as_str()?.to_owned())
            }
        }
    }

    /// The commit checked out (12 hex digits), with "+ changes" when the
    /// work tree differs from it; `None` outside git.
    pub fn commit(&self) -> Option<String> {
        let repo = git2::Repository::open(&self.absolute).ok()?;
        let head = repo.head().ok()?.peel_to_commit().ok()?;
        let id = head.id().to_string();
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true).include_ignored(false);
        let changed = repo
            .statuses(Some(&mut options))
            .map(|statuses| !statuses.is_empty())
            .unwrap_or(false);
        Some(format!(
            "{}{}",
            &id[..12.min(id.len())],
            if changed { " + changes" } else { "" }
        ))
    }

    /// The documented test command, as words.
    pub fn test_words(&self) -> Vec<String> {
        words(self.framework.facts().commands.test, &self.package)
    }

    /// The path's last component, as `--decide` matches it.
    pub fn name(&self) -> String {
        self.absolute
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    }
}

/// The version in a `.dist-info` folder's name when it is `name`'s
/// (`Flask-3.1.3.dist-info` for `flask`; `-` and `_` alike, any case).
pub fn dist_info_version(folder: &str, name: &str) -> Option<String> {
    let stem = folder.strip_suffix(".dist-info")?;
    let (package, version) = stem.rsplit_once('-')?;
    let normal = |text: &str| text.to_ascii_lowercase().replace('_', "-");
    (normal(package) == normal(name)).then(|| version.to_owned())
}

fn words(command: &str, package: &str) -> Vec<String> {
    command
        .split_whitespace()
        .map(|word| word.replace("{package}", package))
        .collect()
}

/// Bytes on disk under `dir` (file sizes; symlinks not followed).
pub fn size_on_disk(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => size_on_disk(&entry.path()),
            Ok(kind) if kind.is_file() => entry.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// The installed packages: `*.dist-info` folders in the venv, or the
/// packages npm's hidden lockfile lists.
pub fn package_count(starter: &Starter) -> Option<u64> {
    match starter.framework.language() {
        Language::Python => {
            let lib = starter.absolute.join(".venv/lib");
            let python = fs::read_dir(&lib).ok()?.filter_map(Result::ok).next()?;
            let site = python.path().join("site-packages");
            Some(
                fs::read_dir(site)
                    .ok()?
                    .filter_map(Result::ok)
                    .filter(|entry| entry.file_name().to_string_lossy().ends_with(".dist-info"))
                    .count() as u64,
            )
        }
        Language::JavaScript => {
            let text = fs::read_to_string(starter.absolute.join("node_modules/.package-lock.json"))
                .ok()?;
            let lock: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some(
                lock.get("packages")?
                    .as_object()?
                    .keys()
                    .filter(|key| key.starts_with("node_modules/"))
                    .count() as u64,
            )
        }
    }
}

/// The starter's own code: non-blank lines of its `.py`, `.js`, `.html` and
/// `.css` files, outside the installed dependencies, git and collected static files.
pub fn lines_of_code(dir: &Path) -> u64 {
    const SKIPPED: [&str; 5] = [
        ".git",
        ".venv",
        "node_modules",
        "staticfiles",
        "__pycache__",
    ];
    const COUNTED: [&str; 4] = ["py", "js", "html", "css"];
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() && !SKIPPED.contains(&name.as_str()) => {
                    lines_of_code(&path)
                }
                Ok(kind)
                    if kind.is_file()
                        && path
                            .extension()
                            .is_some_and(|ext| COUNTED.contains(&&*ext.to_string_lossy())) =>
                {
                    fs::read_to_string(&path).map_or(0, |text| {
                        text.lines().filter(|line| !line.trim().is_empty()).count() as u64
                    })
                }
                _ => 0,
            }
        })
        .sum()
}

/// The number of passed tests in a test runner's output: pytest's
/// `N passed`, or node's `pass N` (spec and TAP reporters).
pub fn passed_tests(output: &str) -> Option<u64> {
    let words: Vec<&str> = output
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    words.windows(2).rev().find_map(|pair| match pair {
        [count, "passed"] => count.parse().ok(),
        ["pass", count] => count.parse().ok(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_time_starter_is_served_by_the_server_its_websocket_needs() {
        let starter = |framework, realtime| Starter {
            path: PathBuf::from("chat"),
            absolute: PathBuf::from("/srv/chat"),
            framework,
            package: "chat".to_owned(),
            realtime,
            orm: false,
        };
        assert_eq!(
            starter(Framework::Django, true).serve_words(4321),
            [".venv/bin/gunicorn", "chat.asgi:application"]
        );
        assert_eq!(
            starter(Framework::Django, false).serve_words(4321),
            [".venv/bin/gunicorn", "chat.wsgi"]
        );
        assert_eq!(
            starter(Framework::Express, true).serve_words(4321),
            ["node", "server.js"]
        );
    }

    #[test]
    fn the_orm_layer_adds_its_migrations_to_the_production_steps() {
        let starter = |framework| Starter {
            path: PathBuf::from("notes"),
            absolute: PathBuf::from("/srv/notes"),
            framework,
            package: "notes".to_owned(),
            realtime: false,
            orm: true,
        };
        assert_eq!(
            starter(Framework::Flask).prepare_steps(),
            [[".venv/bin/flask", "--app", "notes", "db", "upgrade"]]
        );
        assert_eq!(
            starter(Framework::Express).prepare_steps(),
            [["npm", "run", "migrate"]]
        );
        assert_eq!(starter(Framework::Django).prepare_steps().len(), 2);
    }

    #[test]
    fn versions_are_read_from_dist_info_folder_names() {
        assert_eq!(
            dist_info_version("Flask-3.1.3.dist-info", "flask"),
            Some("3.1.3".to_owned())
        );
        assert_eq!(
            dist_info_version("flask_login-0.6.3.dist-info", "flask"),
            None
        );
        assert_eq!(
            dist_info_version("gunicorn-23.0.0.dist-info", "gunicorn").as_deref(),
            Some("23.0.0")
        );
    }

    #[test]
    fn pytest_and_node_pass_counts_are_read_from_their_summaries() {
        assert_eq!(
            passed_tests("tests/test_app.py ..  [100%]\n\n===== 2 passed in 0.05s =====\n"),
            Some(2)
        );
        assert_eq!(
            passed_tests("===== 1 failed, 3 passed in 0.05s ====="),
            Some(3)
        );
        assert_eq!(
            passed_tests("✔ GET /health (12ms)\nℹ tests 2\nℹ suites 0\nℹ pass 2\nℹ fail 0\n"),
            Some(2)
        );
        assert_eq!(passed_tests("no tests ran"), None);
    }
}
