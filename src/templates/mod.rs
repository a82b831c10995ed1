//! The template catalogue embedded in the binary: which files make up each
//! starter, where each lands in the generated repo, and which are executable.
//! Rendering lives in [`render`], from the trees compiled at build time
//! ([`compiled`]); the rules are in `templates/README.md`.

mod compiled;
pub mod render;

use crate::core::features::Feature;
use crate::core::framework::Framework;
use include_dir::{include_dir, Dir, File};
use serde::Deserialize;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The suffix of files that are rendered; every other file is copied as is.
pub const RENDERED_SUFFIX: &str = ".hbs";

/// The folder of files shared by every starter.
pub const SHARED_DIR: &str = "_shared";

/// The file in each starter's folder that describes the starter.
const MANIFEST: &str = "template.toml";

/// Dotfiles are stored under other names, so they neither act on this
/// repository (a real `.gitignore` here would hide template files from git)
/// nor get dropped by packaging tools. One table, applied per path segment.
const RENAMES: &[(&str, &str)] = &[
    ("_gitignore", ".gitignore"),
    ("_gitattributes", ".gitattributes"),
    ("_editorconfig", ".editorconfig"),
    ("_env", ".env"),
    ("_env.example", ".env.example"),
    ("_github", ".github"),
    ("_npmrc", ".npmrc"),
    ("_dockerignore", ".dockerignore"),
];

/// Folders of a starter that are not part of its base tree start with this:
/// `+orm/` is the overlay of the `orm` layer, `+lockfiles/` holds lockfiles.
pub const OVERLAY_PREFIX: char = '+';

/// The folder of a starter holding one lockfile per set of layers that add
/// npm dependencies: `+lockfiles/orm.json.hbs`, `+lockfiles/orm+realtime.json.hbs`.
pub const LOCKFILES_DIR: &str = "+lockfiles";

/// The lockfile template of a starter's base tree (Express).
pub const LOCKFILE: &str = "package-lock.json.hbs";

/// The path segment replaced by the project's package name.
const MODULE_SEGMENT: &str = "__module__";

/// A template file of a starter, with its path relative to the starter's folder.
#[derive(Debug, Clone, Copy)]
pub struct TemplateFile {
    /// The path inside `templates/<framework>/`, `/`-separated.
    pub source: &'static str,
    pub contents: &'static [u8],
}

impl TemplateFile {
    /// Whether the file is a handlebars template.
    pub fn is_rendered(&self) -> bool {
        self.source.ends_with(RENDERED_SUFFIX)
    }

    /// The name the renderer knows it by: `<framework>/<source>`.
    pub fn template_name(&self, framework: Framework) -> String {
        format!("{}/{}", framework.id(), self.source)
    }

    /// The path in the starter's tree: an overlay file's path without its
    /// `+<feature>/` folder, a lockfile's the base lockfile's, a base file's
    /// path as it is.
    pub fn tree_path(&self) -> &'static str {
        match self.source.split_once('/') {
            Some((LOCKFILES_DIR, _)) => LOCKFILE,
            Some((first, rest)) if first.starts_with(OVERLAY_PREFIX) => rest,
            _ => self.source,
        }
    }

    /// Whether the file is in the starter's base tree: not its manifest,
    /// an overlay or a lockfile.
    pub fn in_base_tree(&self) -> bool {
        self.source != MANIFEST && !self.source.starts_with(OVERLAY_PREFIX)
    }

    /// Whether the file is in a feature layer's overlay, `+<feature>/`.
    pub fn in_layer(&self, feature: Feature) -> bool {
        self.source
            .strip_prefix(OVERLAY_PREFIX)
            .and_then(|rest| rest.strip_prefix(feature.id()))
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Whether the file is the lockfile template of a set of layers, keyed
    /// `orm`, `orm+realtime`, ... (see `scripts/express-lockfiles.sh`).
    pub fn is_lockfile_for(&self, key: &str) -> bool {
        self.source
            .strip_prefix(LOCKFILES_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| rest.strip_prefix(key))
            .and_then(|rest| rest.strip_prefix(".json"))
            .is_some_and(|rest| rest == RENDERED_SUFFIX)
    }
}

/// A starter's `template.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Files that must be executable, as paths in the generated repo.
    #[serde(default)]
    pub executables: Vec<String>,
}

/// The files of a starter's base tree, in path order, without its manifest,
/// overlays and lockfiles.
pub fn starter_files(framework: Framework) -> Vec<TemplateFile> {
    let mut files = template_files(framework);
    files.retain(TemplateFile::in_base_tree);
    files
}

/// Every file under `templates/<framework>/`: the base tree, the manifest,
/// the overlays and the lockfiles, in path order.
pub fn template_files(framework: Framework) -> Vec<TemplateFile> {
    let dir =
        top_dir(framework.id()).expect("every framework has a template folder (checked by a test)");
    let mut files = Vec::new();
    collect_files(dir, framework.id(), &mut files);
    files.sort_by_key(|file| file.source);
    files
}

/// The files a feature layer adds to a starter's tree: its overlay folder
/// `templates/<framework>/+<feature>/`, in path order (empty when none).
pub fn layer_files(framework: Framework, feature: Feature) -> Vec<TemplateFile> {
    let mut files = template_files(framework);
    files.retain(|file| file.in_layer(feature));
    files
}

/// A starter's manifest.
pub fn manifest(framework: Framework) -> Manifest {
    let path = format!("{}/{MANIFEST}", framework.id());
    top_dir(framework.id())
        .and_then(|dir| dir.get_file(&path))
        .and_then(File::contents_utf8)
        .map(|text| toml::from_str(text).expect("template.toml files parse (checked by a test)"))
        .unwrap_or_default()
}

/// A file under `templates/_shared/`, by its path there.
pub fn shared_file(path: &str) -> Option<TemplateFile> {
    top_dir(SHARED_DIR)?
        .get_file(format!("{SHARED_DIR}/{path}"))
        .map(|file| TemplateFile {
            source: file
                .path()
                .to_str()
                .expect("template paths are UTF-8")
                .trim_start_matches(SHARED_DIR)
                .trim_start_matches('/'),
            contents: file.contents(),
        })
}

/// Every `.hbs` file under `templates/_shared/`, paths relative to it.
pub fn shared_templates() -> Vec<TemplateFile> {
    let mut files = Vec::new();
    if let Some(dir) = top_dir(SHARED_DIR) {
        collect_files(dir, SHARED_DIR, &mut files);
    }
    files.retain(TemplateFile::is_rendered);
    files.sort_by_key(|file| file.source);
    files
}

/// The text of an embedded `.hbs` file, by its name under `templates/`
/// (`<framework>/<path>` or `_shared/<path>`).
pub fn template_text(name: &str) -> Option<&'static str> {
    let (top, _) = name.split_once('/')?;
    top_dir(top)?.get_file(name)?.contents_utf8()
}

/// A folder at the top of `templates/`. include_dir's own lookup walks
/// every folder of the tree, comparing paths, before it finds one there.
fn top_dir(name: &str) -> Option<&'static Dir<'static>> {
    TEMPLATES
        .dirs()
        .find(|dir| dir.path() == std::path::Path::new(name))
}

fn collect_files(dir: &'static Dir<'static>, root: &str, out: &mut Vec<TemplateFile>) {
    for file in dir.files() {
        let path = file.path().to_str().expect("template paths are UTF-8");
        let source = path
            .strip_prefix(root)
            .map(|rest| rest.trim_start_matches('/'))
            .expect("files sit under their starter's folder");
        out.push(TemplateFile {
            source,
            contents: file.contents(),
        });
    }
    for sub in dir.dirs() {
        collect_files(sub, root, out);
    }
}

/// Where a template file lands in the generated repo: renames applied per
/// segment, `__module__` replaced by the package, `.hbs` dropped.
pub fn output_path(source: &str, package: &str) -> String {
    let segments: Vec<&str> = source.split('/').collect();
    let last = segments.len() - 1;
    segments
        .iter()
        .enumerate()
        .map(|(index, segment)| {
            let segment = if index == last {
                segment.strip_suffix(RENDERED_SUFFIX).unwrap_or(segment)
            } else {
                segment
            };
            if segment == MODULE_SEGMENT {
                return package.to_owned();
            }
            RENAMES
                .iter()
                .find(|(stored, _)| *stored == segment)
                .map_or(segment, |(_, real)| real)
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_apply_renames_module_and_suffix() {
        assert_eq!(output_path("_gitignore", "app"), ".gitignore");
        assert_eq!(output_path("_env.hbs", "app"), ".env");
        assert_eq!(output_path("_env.example", "app"), ".env.example");
        assert_eq!(
            output_path("_github/workflows/ci.yml", "app"),
            ".github/workflows/ci.yml"
        );
        assert_eq!(
            output_path("__module__/__init__.py.hbs", "my_app"),
            "my_app/__init__.py"
        );
        assert_eq!(
            output_path("tests/__init__.py", "my_app"),
            "tests/__init__.py"
        );
        assert_eq!(output_path("README.md.hbs", "x"), "README.md");
    }

    #[test]
    fn every_starter_has_files_and_a_manifest_that_parses() {
        for framework in Framework::ALL {
            assert!(
                !starter_files(framework).is_empty(),
                "{framework} has no files"
            );
            let path = format!("{}/{MANIFEST}", framework.id());
            let text = TEMPLATES
                .get_file(&path)
                .and_then(File::contents_utf8)
                .unwrap_or_else(|| panic!("{path} is missing"));
            let manifest: Manifest = toml::from_str(text).expect("template.toml parses");
            for executable in &manifest.executables {
                let found = starter_files(framework)
                    .iter()
                    .any(|file| output_path(file.source, "pkg") == *executable);
                assert!(
                    found,
                    "{framework}: executable {executable} is not a file of the starter"
                );
            }
        }
    }

    #[test]
    fn overlay_files_land_in_the_tree_without_their_folder() {
        let file = TemplateFile {
            source: "+orm/notes/models.py",
            contents: b"",
        };
        assert_eq!(file.tree_path(), "notes/models.py");
        let base = TemplateFile {
            source: "core/views.py",
            contents: b"",
        };
        assert_eq!(base.tree_path(), "core/views.py");
        let lock = TemplateFile {
            source: "+lockfiles/orm+realtime.json.hbs",
            contents: b"",
        };
        assert_eq!(output_path(lock.tree_path(), "pkg"), "package-lock.json");
    }

    #[test]
    fn files_know_their_layer_and_lockfile_key_exactly() {
        let file = |source| TemplateFile {
            source,
            contents: b"",
        };
        assert!(file("+orm/notes/models.py").in_layer(Feature::Orm));
        assert!(!file("+orm/notes/models.py").in_layer(Feature::Auth));
        assert!(!file("+ormx/a.py").in_layer(Feature::Orm));
        assert!(!file("+orm/notes/models.py").in_base_tree());
        assert!(!file(MANIFEST).in_base_tree());
        assert!(file("app.py.hbs").in_base_tree());
        let lock = file("+lockfiles/orm+realtime.json.hbs");
        assert!(lock.is_lockfile_for("orm+realtime"));
        assert!(!lock.is_lockfile_for("orm"));
        assert!(!lock.is_lockfile_for("realtime"));
    }

    #[test]
    fn a_layers_lockfile_lands_where_the_base_lockfile_would() {
        let file = TemplateFile {
            source: "+lockfiles/realtime.json.hbs",
            contents: b"",
        };
        assert_eq!(output_path(file.tree_path(), "app"), "package-lock.json");
    }

    #[test]
    fn every_overlay_folder_names_a_feature() {
        for framework in Framework::ALL {
            for file in template_files(framework) {
                let Some(first) = file.source.split('/').next() else {
                    continue;
                };
                if let Some(name) = first.strip_prefix(OVERLAY_PREFIX) {
                    assert!(
                        first == LOCKFILES_DIR || Feature::ALL.iter().any(|f| f.id() == name),
                        "{framework}: {first}/ is neither a layer's overlay nor {LOCKFILES_DIR}/"
                    );
                }
            }
        }
    }

    #[test]
    fn no_overlay_file_replaces_a_base_file() {
        for framework in Framework::ALL {
            let base: Vec<String> = starter_files(framework)
                .iter()
                .map(|file| output_path(file.source, "pkg"))
                .collect();
            for feature in Feature::ALL {
                for file in layer_files(framework, feature) {
                    let path = output_path(file.tree_path(), "pkg");
                    assert!(
                        !base.contains(&path),
                        "{framework}: the {feature} overlay replaces {path}; put a conditional in the base file instead"
                    );
                }
            }
        }
    }

    #[test]
    fn no_real_dotfile_hides_in_the_templates() {
        for framework in Framework::ALL {
            for file in template_files(framework) {
                let name = file.source.rsplit('/').next().unwrap_or(file.source);
                assert!(
                    !matches!(
                        name,
                        ".gitignore" | ".env" | ".env.example" | ".editorconfig"
                    ),
                    "{framework}: store {} under its _ name",
                    file.source
                );
            }
        }
    }
}
