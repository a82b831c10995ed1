//! The template catalogue embedded in the binary: which files make up each
//! starter, where each lands in the generated repo, and each starter's
//! manifest (`template.toml`: executables, renames, the shared files it
//! uses, its layers' pins and taken names). Rendering lives in [`render`],
//! from the trees compiled at build time ([`compiled`]); the Express
//! lockfiles are JSON data, given the project's name by [`stamp_lockfile`].
//! The rules are in `templates/README.md`.

mod compiled;
pub mod render;

use crate::core::features::Feature;
use crate::core::framework::{Framework, Pin};
use include_dir::{include_dir, Dir};
use render::RenderError;
use serde::de::{Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The suffix of files that are rendered; every other file is copied as is.
pub const RENDERED_SUFFIX: &str = ".hbs";

/// The folder of files stored once for several starters: each starter's
/// manifest maps those it uses (`[shared]`).
pub const SHARED_DIR: &str = "_shared";

/// The file in each starter's folder that describes the starter.
const MANIFEST: &str = "template.toml";

/// A layer's overlay folder starts with this: `+orm/` is the overlay of the
/// `orm` layer, whose files join the starter's base tree.
pub const OVERLAY_PREFIX: char = '+';

/// The folder of a starter holding its lockfiles, one per set of layers
/// that add npm dependencies, as JSON: `lockfiles/base.json` (no such
/// layer), `lockfiles/orm.json`, `lockfiles/orm+realtime.json`.
pub const LOCKFILES_DIR: &str = "lockfiles";

/// The lockfile key of a starter with no layer that adds dependencies.
pub const BASE_LOCKFILE: &str = "base";

/// Where the lockfile lands in the generated repo.
pub const LOCKFILE: &str = "package-lock.json";

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
    /// `+<feature>/` folder, a base file's path as it is.
    pub fn tree_path(&self) -> &'static str {
        match self.source.split_once('/') {
            Some((first, rest)) if first.starts_with(OVERLAY_PREFIX) => rest,
            _ => self.source,
        }
    }

    /// Whether the file is in the starter's base tree: not its manifest,
    /// an overlay or a lockfile.
    pub fn in_base_tree(&self) -> bool {
        self.source != MANIFEST && !self.source.starts_with(OVERLAY_PREFIX) && !self.is_lockfile()
    }

    /// Whether the file is one of the starter's lockfiles.
    pub fn is_lockfile(&self) -> bool {
        self.source
            .strip_prefix(LOCKFILES_DIR)
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Whether the file is in a feature layer's overlay, `+<feature>/`.
    pub fn in_layer(&self, feature: Feature) -> bool {
        self.source
            .strip_prefix(OVERLAY_PREFIX)
            .and_then(|rest| rest.strip_prefix(feature.id()))
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Whether the file is the lockfile of a set of layers, keyed `base`,
    /// `orm`, `orm+realtime`, ... (see `scripts/express-lockfiles.sh`).
    pub fn is_lockfile_for(&self, key: &str) -> bool {
        self.source
            .strip_prefix(LOCKFILES_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| rest.strip_prefix(key))
            .is_some_and(|rest| rest == ".json")
    }
}

/// A starter's `template.toml`: what scaffold knows of the starter beyond
/// its files. The layers' pins and taken names borrow from the embedded
/// text, so they live as long as the program (an escape in one of those
/// strings makes the manifest fail to parse).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Manifest {
    /// Files that must be executable, as paths in the generated repo.
    #[serde(default)]
    pub executables: Vec<String>,
    /// Dotfiles are stored under other names (`_gitignore`), so they neither
    /// act on scaffold's own repository nor get dropped by packaging tools:
    /// stored name to real name, applied to every path segment.
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
    /// The files of `templates/_shared/` the starter uses, by their path there.
    #[serde(default)]
    pub shared: BTreeMap<String, SharedFile>,
    /// What each feature layer adds beyond its overlay's files.
    #[serde(default)]
    pub layers: BTreeMap<Feature, LayerManifest>,
}

/// A feature layer's entry in a starter's manifest, `[layers.<feature>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct LayerManifest {
    /// Dependencies the layer adds, in the same form as the framework's pins.
    #[serde(default)]
    pub pins: Vec<Pin>,
    /// Package names a project cannot take, because the layer adds a
    /// package or folder of that name (checked whether or not it is on).
    #[serde(default)]
    pub taken_names: Vec<&'static str>,
}

impl Manifest {
    /// Where a file of the starter's folder (a path as in [`TemplateFile::tree_path`]
    /// or a [`SharedFile::to`]) lands in the generated repo: renames applied
    /// per segment, `__module__` replaced by the package, `.hbs` dropped.
    pub fn output_path(&self, source: &str, package: &str) -> String {
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
                self.renames
                    .get(segment)
                    .map_or(segment, String::as_str)
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Where a file of `templates/_shared/` lands in one starter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedFile {
    /// Its path in the starter's folder, as if it were one of the starter's
    /// own files: renames, `__module__` and `.hbs` apply.
    pub to: String,
    /// The layer that brings it; `None`: the base tree has it.
    #[serde(default)]
    pub layer: Option<Feature>,
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

/// A starter's lockfile for a set of layers (see [`TemplateFile::is_lockfile_for`]);
/// `None` for a starter without lockfiles, or a set that has none yet.
pub fn lockfile(framework: Framework, key: &str) -> Option<TemplateFile> {
    template_files(framework)
        .into_iter()
        .find(|file| file.is_lockfile_for(key))
}

/// A starter's manifest, parsed once per run.
///
/// # Errors
/// A [`RenderError`] naming the file when it is missing or does not parse:
/// a bug in scaffold (a unit test parses every manifest).
pub fn manifest(framework: Framework) -> Result<&'static Manifest, RenderError> {
    // One cell per starter: a run parses only the manifest it uses.
    static MANIFESTS: [OnceLock<Result<Manifest, RenderError>>; Framework::ALL.len()] =
        [const { OnceLock::new() }; Framework::ALL.len()];
    let index = Framework::ALL
        .iter()
        .position(|known| *known == framework)
        .unwrap_or_default();
    match MANIFESTS[index].get_or_init(|| parse_manifest(framework)) {
        Ok(manifest) => Ok(manifest),
        Err(error) => Err(RenderError {
            template: error.template.clone(),
            message: error.message.clone(),
        }),
    }
}

// `fn manifest_json(framework: &str) -> Option<&'static str>`: each
// `template.toml` turned into JSON by build.rs, which is far quicker to read
// than TOML (a test checks the JSON says what the TOML says).
include!(concat!(env!("OUT_DIR"), "/manifests.rs"));

fn parse_manifest(framework: Framework) -> Result<Manifest, RenderError> {
    let path = format!("{}/{MANIFEST}", framework.id());
    manifest_from(&path, manifest_json(framework.id()))
}

/// The manifest at `path` (a name for errors), from its JSON form.
fn manifest_from(path: &str, json: Option<&'static str>) -> Result<Manifest, RenderError> {
    let failed = |message: String| RenderError {
        template: path.to_owned(),
        message,
    };
    let json = json.ok_or_else(|| failed("is not embedded".to_owned()))?;
    serde_json::from_str(json).map_err(|error| failed(error.to_string()))
}

/// What a feature layer adds to a starter, from its manifest: empty for a
/// layer the manifest has no table for, or when the manifest does not parse
/// (the plan then stops with the error).
pub fn layer_manifest(framework: Framework, feature: Feature) -> &'static LayerManifest {
    static EMPTY: LayerManifest = LayerManifest {
        pins: Vec::new(),
        taken_names: Vec::new(),
    };
    manifest(framework)
        .ok()
        .and_then(|manifest| manifest.layers.get(&feature))
        .unwrap_or(&EMPTY)
}

/// The package names no project of this framework may take, with the layer
/// that takes each.
pub fn taken_names(framework: Framework) -> impl Iterator<Item = (&'static str, Feature)> {
    Feature::ALL.into_iter().flat_map(move |feature| {
        layer_manifest(framework, feature)
            .taken_names
            .iter()
            .map(move |name| (*name, feature))
    })
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

/// A lockfile of `templates/express/lockfiles/` (stored as npm wrote it,
/// for a project named `app`; `source` names it in errors) with the three
/// fields that depend on the project set: `name`, `packages[""].name` and
/// `packages[""].engines.node` (`>=` and `runtime_min`). The rest comes out
/// byte for byte in npm's layout: keys in the order read, two-space
/// indentation, a final newline.
///
/// # Errors
/// A [`RenderError`] when the embedded file is not a lockfile: a bug in
/// scaffold.
pub fn stamp_lockfile(
    source: &str,
    contents: &[u8],
    package: &str,
    runtime_min: &str,
) -> Result<Vec<u8>, RenderError> {
    let failed = |message: String| RenderError {
        template: source.to_owned(),
        message,
    };
    let mut lock: Json = serde_json::from_slice(contents).map_err(|e| failed(e.to_string()))?;
    let missing = |field: &str| failed(format!("the lockfile has no {field}"));
    *lock.field("name").ok_or_else(|| missing("name"))? = Json::String(package.to_owned());
    let root = lock
        .field("packages")
        .and_then(|packages| packages.field(""))
        .ok_or_else(|| missing("packages[\"\"]"))?;
    *root
        .field("name")
        .ok_or_else(|| missing("packages[\"\"].name"))? = Json::String(package.to_owned());
    *root
        .field("engines")
        .and_then(|engines| engines.field("node"))
        .ok_or_else(|| missing("packages[\"\"].engines.node"))? =
        Json::String(format!(">={runtime_min}"));
    let mut out = serde_json::to_vec_pretty(&lock).map_err(|e| failed(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}

/// A JSON value whose objects keep their keys in the order they were read.
/// serde_json's `Value` sorts them, and its `preserve_order` feature would
/// also change the key order of scaffold's own `--json` outputs.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of an object's key.
    fn field(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Object(entries) => entries
                .iter_mut()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(value) => serializer.serialize_bool(*value),
            Json::Number(value) => value.serialize(serializer),
            Json::String(value) => serializer.serialize_str(value),
            Json::Array(items) => serializer.collect_seq(items),
            Json::Object(entries) => {
                serializer.collect_map(entries.iter().map(|(key, value)| (key, value)))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Json, E> {
        Ok(Json::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(value)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Json, E> {
        Ok(Json::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Json, E> {
        Ok(Json::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            if entries.iter().any(|(name, _)| *name == key) {
                return Err(A::Error::custom(format!("the key {key:?} appears twice")));
            }
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(framework: Framework) -> &'static Manifest {
        manifest(framework).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn output_paths_apply_renames_module_and_suffix() {
        let output_path = |source, package| parsed(Framework::Flask).output_path(source, package);
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
            let manifest = parsed(framework);
            for executable in &manifest.executables {
                let found = starter_files(framework)
                    .iter()
                    .any(|file| manifest.output_path(file.source, "pkg") == *executable);
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
        let lock = file("lockfiles/orm+realtime.json");
        assert!(!lock.in_base_tree());
        assert!(lock.is_lockfile_for("orm+realtime"));
        assert!(!lock.is_lockfile_for("orm"));
        assert!(!lock.is_lockfile_for("realtime"));
        assert!(file("lockfiles/base.json").is_lockfile_for(BASE_LOCKFILE));
        assert!(!file("lockfilesx/base.json").is_lockfile());
    }

    #[test]
    fn only_express_has_lockfiles_and_the_base_one_is_there() {
        for framework in Framework::ALL {
            assert_eq!(
                lockfile(framework, BASE_LOCKFILE).is_some(),
                framework == Framework::Express,
                "{framework}"
            );
        }
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
                        Feature::ALL.iter().any(|f| f.id() == name),
                        "{framework}: {first}/ is no layer's overlay"
                    );
                }
            }
        }
    }

    #[test]
    fn no_overlay_file_replaces_a_base_file() {
        for framework in Framework::ALL {
            let output_path = |source, package| parsed(framework).output_path(source, package);
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
    fn every_shared_file_a_manifest_names_is_embedded_and_replaces_no_file_of_the_starter() {
        let mut used = Vec::new();
        for framework in Framework::ALL {
            let output_path = |source, package| parsed(framework).output_path(source, package);
            let own: Vec<String> = template_files(framework)
                .iter()
                .filter(|file| file.source != MANIFEST && !file.is_lockfile())
                .map(|file| output_path(file.tree_path(), "pkg"))
                .collect();
            for (source, shared) in &parsed(framework).shared {
                assert!(
                    shared_file(source).is_some(),
                    "{framework}: template.toml names _shared/{source}, which does not exist"
                );
                let path = output_path(shared.to.as_str(), "pkg");
                assert!(
                    !own.contains(&path),
                    "{framework}: _shared/{source} lands on {path}, a file of the starter"
                );
                used.push(source);
            }
        }
        let mut all = Vec::new();
        collect_files(top_dir(SHARED_DIR).expect("_shared"), SHARED_DIR, &mut all);
        for file in all {
            // `scaffold adr new` renders the records' skeleton.
            if !file.source.starts_with("adr/") {
                assert!(
                    used.iter().any(|source| *source == file.source),
                    "_shared/{} is used by no starter's template.toml",
                    file.source
                );
            }
        }
    }

    #[test]
    fn every_manifest_parses_and_holds_the_pins_the_code_expects() {
        use crate::core::features::{layer, Support};
        // Pins scaffold's own code relies on: `compare` reads daphne's
        // version, the setup commands run Flask-Migrate and Knex, and the
        // orm layer's Node.js floor is better-sqlite3's.
        let expected = [
            (Framework::Django, Feature::Realtime, "daphne"),
            (Framework::Django, Feature::Orm, "psycopg[binary]"),
            (Framework::Flask, Feature::Orm, "Flask-Migrate"),
            (Framework::Express, Feature::Orm, "knex"),
            (Framework::Express, Feature::Orm, "better-sqlite3"),
        ];
        for (framework, feature, name) in expected {
            assert!(
                layer_manifest(framework, feature)
                    .pins
                    .iter()
                    .any(|pin| pin.name == name && !pin.version.is_empty() && !pin.dev),
                "{framework}/template.toml: [layers.{feature}] does not pin {name}"
            );
        }
        for framework in Framework::ALL {
            for (feature, entry) in &parsed(framework).layers {
                assert_eq!(
                    layer(*feature, framework).support,
                    Support::Generated,
                    "{framework}/template.toml: [layers.{feature}] is for a layer not generated"
                );
                assert!(
                    !entry.pins.is_empty() || !entry.taken_names.is_empty(),
                    "{framework}/template.toml: [layers.{feature}] is empty"
                );
            }
        }
    }

    #[test]
    fn a_broken_manifest_is_an_error_naming_it_not_a_panic() {
        for json in [
            None,
            Some(r#"{"executables": 3}"#),
            Some(r#"{"layers": {"orm": {"pins": [{"name": "x"}]}}}"#),
            Some(r#"{"layers": {"nosuch": {"taken_names": ["a"]}}}"#),
            Some(r#"{"layers": {"orm": {"taken_names": ["\u0061"]}}}"#),
            Some(r#"{"unknown": 1}"#),
        ] {
            let error = manifest_from("flask/template.toml", json).expect_err("broken");
            assert_eq!(error.template, "flask/template.toml", "{json:?}");
        }
        let fine = manifest_from(
            "x",
            Some(r#"{"layers": {"orm": {"pins": [{"name": "x", "version": "1"}]}}}"#),
        )
        .expect("parses");
        assert_eq!(fine.layers[&Feature::Orm].pins[0].name, "x");
    }

    #[test]
    fn the_json_of_every_manifest_says_what_its_toml_says() {
        for framework in Framework::ALL {
            let path = format!("{}/{MANIFEST}", framework.id());
            let toml_text = top_dir(framework.id())
                .and_then(|dir| dir.get_file(&path))
                .and_then(include_dir::File::contents_utf8)
                .expect("every starter has a template.toml");
            let from_toml: serde_json::Value = toml::from_str(toml_text).expect("TOML");
            let json = manifest_json(framework.id()).expect("build.rs wrote it");
            let from_json: serde_json::Value = serde_json::from_str(json).expect("JSON");
            assert_eq!(from_json, from_toml, "{path}");
        }
        assert_eq!(manifest_json(SHARED_DIR), None);
    }

    #[test]
    fn every_rename_is_used_and_makes_a_dotfile() {
        for framework in Framework::ALL {
            let manifest = parsed(framework);
            let shared_paths = manifest.shared.values().map(|shared| shared.to.as_str());
            let sources: Vec<&str> = template_files(framework)
                .iter()
                .map(TemplateFile::tree_path)
                .chain(shared_paths)
                .collect();
            for (stored, real) in &manifest.renames {
                assert!(
                    stored.starts_with('_') && real.starts_with('.'),
                    "{framework}: rename {stored} to {real}"
                );
                let used = sources.iter().any(|source| {
                    source.split('/').any(|segment| {
                        segment.strip_suffix(RENDERED_SUFFIX).unwrap_or(segment) == stored
                    })
                });
                assert!(used, "{framework}: no file is named {stored}");
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

    const LOCK: &str = r#"{
  "name": "app",
  "version": "0.1.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "version": "0.1.0",
      "dependencies": {
        "zeta": "1.0.0",
        "alpha": "2.0.0"
      },
      "devDependencies": {},
      "engines": {
        "node": ">=20"
      }
    },
    "node_modules/alpha": {
      "version": "2.0.0",
      "dev": false,
      "optional": null,
      "os": [],
      "cpu": [
        "x64"
      ]
    }
  }
}
"#;

    #[test]
    fn stamping_sets_the_three_fields_and_keeps_every_other_byte() {
        let stamped = stamp_lockfile("lock", LOCK.as_bytes(), "my-api", "22").expect("stamps");
        let expected = LOCK
            .replace("\"name\": \"app\"", "\"name\": \"my-api\"")
            .replace(">=20", ">=22");
        assert_eq!(String::from_utf8(stamped).expect("UTF-8"), expected);
    }

    #[test]
    fn every_stored_lockfile_is_in_npms_layout() {
        // Stamped with the values npm wrote, each comes out byte for byte:
        // so a plan changes the three fields and nothing else.
        let locks: Vec<_> = template_files(Framework::Express)
            .into_iter()
            .filter(|file| file.is_lockfile())
            .collect();
        assert!(locks.len() > 1, "the Express lockfiles are missing");
        for file in locks {
            let value: serde_json::Value =
                serde_json::from_slice(file.contents).expect("the lockfile is JSON");
            let floor = value["packages"][""]["engines"]["node"]
                .as_str()
                .and_then(|node| node.strip_prefix(">="))
                .expect("a Node.js floor");
            let name = value["name"].as_str().expect("a name");
            let stamped = stamp_lockfile(file.source, file.contents, name, floor).expect("stamps");
            assert!(
                stamped == file.contents,
                "{}: not as npm writes it",
                file.source
            );
        }
    }

    #[test]
    fn a_file_that_is_no_lockfile_is_an_error_naming_it() {
        let error = stamp_lockfile("express/lockfiles/x.json", b"{\"name\": \"a\"}", "p", "22")
            .expect_err("no packages");
        assert_eq!(
            error.to_string(),
            "template express/lockfiles/x.json: the lockfile has no packages[\"\"]"
        );
        assert!(stamp_lockfile("x", b"{\"a\": 1, \"a\": 2}", "p", "22").is_err());
        assert!(stamp_lockfile("x", b"not json", "p", "22").is_err());
    }
}
