//! Compiles every handlebars template under `templates/` at build time.
//!
//! handlebars parses a template at about a microsecond per byte, which was
//! most of a run's work. So the parsing happens here, once, with the same
//! handlebars crate the binary renders with: each `.hbs` file is compiled by
//! `handlebars::Template::compile_with_name`, and its syntax tree is written
//! out in a compact binary form (`$OUT_DIR/compiled_templates.bin`, read by
//! `src/templates/compiled.rs`). At run time that data is turned back into
//! the very same `handlebars::template::Template`, with no parsing, and
//! handlebars renders it. A unit test checks, for every template, that the
//! tree rebuilt at run time equals the one handlebars compiles from the text.
//!
//! A template that does not compile fails the build, naming the file and
//! the line; so does a construct the data cannot carry yet (see [`Writer`]).
//!
//! It also turns each starter's `template.toml` into JSON
//! (`$OUT_DIR/manifests.rs`, read by `src/templates/mod.rs`): the manifest
//! stays TOML for the people who edit it, and a run reads it with
//! serde_json, about a tenth of the work of parsing TOML. A manifest that is
//! not TOML fails the build, naming the file.
//!
//! include_dir does not notice added or removed template files on stable
//! Rust either, so cargo reruns this whenever anything under templates/ changes.

use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{Path, PathSeg};
use std::path::{Path as FsPath, PathBuf};

const TEMPLATES: &str = "templates";
const RENDERED_SUFFIX: &str = ".hbs";
const MANIFEST: &str = "template.toml";

fn main() {
    println!("cargo:rerun-if-changed={TEMPLATES}");
    let mut files = Vec::new();
    collect_templates(FsPath::new(TEMPLATES), &mut files);
    files.sort();

    // The index (every name, with where its tree is), then the trees: a
    // lookup reads the index alone, not every tree before the one it wants.
    let mut index = Vec::new();
    let mut trees = Vec::new();
    push_count(&mut index, files.len());
    for file in &files {
        let name = file
            .strip_prefix(TEMPLATES)
            .expect("collected under templates/")
            .to_str()
            .unwrap_or_else(|| panic!("{}: template paths must be UTF-8", file.display()))
            .replace('\\', "/");
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        let template = Template::compile_with_name(&text, name.clone())
            .unwrap_or_else(|error| panic!("templates/{name} does not compile: {error}"));
        let mut writer = Writer {
            out: Vec::new(),
            template: &name,
        };
        writer.elements(&template.elements);
        push_text(&mut index, &name);
        push_count(&mut index, trees.len());
        push_count(&mut index, writer.out.len());
        trees.extend_from_slice(&writer.out);
    }
    let mut out = index;
    out.extend_from_slice(&trees);

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("compiled_templates.bin"), out).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("manifests.rs"), manifests_as_json()).expect("OUT_DIR is writable");
}

/// Rust source for `fn manifest_json(framework: &str) -> Option<&'static str>`:
/// each starter's `template.toml` (a folder of `templates/` that has one),
/// as JSON. A function, not a table: its strings need no relocation when
/// the program is loaded.
fn manifests_as_json() -> String {
    let mut starters: Vec<PathBuf> = std::fs::read_dir(TEMPLATES)
        .expect("a readable templates/ folder")
        .map(|entry| entry.expect("a readable templates/ folder").path())
        .filter(|path| path.join(MANIFEST).is_file())
        .collect();
    starters.sort();
    let mut source = String::from(
        "/// Each starter's `template.toml` as JSON, written by build.rs.\n\
         fn manifest_json(framework: &str) -> Option<&'static str> {\n    match framework {\n",
    );
    for starter in starters {
        let path = starter.join(MANIFEST);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let value: serde_json::Value = toml::from_str(&text)
            .unwrap_or_else(|error| panic!("{} is not TOML: {error}", path.display()));
        let name = starter
            .file_name()
            .and_then(|name| name.to_str())
            .expect("template folder names are UTF-8");
        source.push_str(&format!(
            "        {name:?} => Some({:?}),\n",
            value.to_string()
        ));
    }
    source.push_str("        _ => None,\n    }\n}\n");
    source
}

/// Every `.hbs` file under `dir`, recursively.
fn collect_templates(dir: &FsPath, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable templates/ folder").path();
        if path.is_dir() {
            collect_templates(&path, out);
        } else if path.to_string_lossy().ends_with(RENDERED_SUFFIX) {
            out.push(path);
        }
    }
}

/// Writes syntax trees in the binary form `src/templates/compiled.rs`
/// reads (its doc comment describes it). The form covers what the
/// templates use: text, `{{expression}}` and `{{#block}}`, with names and
/// paths as parameters. Anything else stops the build, naming the
/// template, until both files learn it.
struct Writer<'a> {
    out: Vec<u8>,
    /// The template being written, to name it when something cannot be.
    template: &'a str,
}

fn push_count(out: &mut Vec<u8>, count: usize) {
    let count = u32::try_from(count).expect("fewer than 4 billion");
    out.extend_from_slice(&count.to_le_bytes());
}

fn push_text(out: &mut Vec<u8>, text: &str) {
    push_count(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

impl Writer<'_> {
    fn count(&mut self, count: usize) {
        push_count(&mut self.out, count);
    }

    fn text(&mut self, text: &str) {
        push_text(&mut self.out, text);
    }

    fn elements(&mut self, elements: &[TemplateElement]) {
        self.count(elements.len());
        for element in elements {
            match element {
                TemplateElement::RawString(text) => {
                    self.out.push(0);
                    self.text(text);
                }
                TemplateElement::Expression(helper) => {
                    self.out.push(1);
                    self.helper(helper);
                }
                TemplateElement::HelperBlock(helper) => {
                    self.out.push(2);
                    self.helper(helper);
                }
                other => self.unsupported(&format!("{other:?}")),
            }
        }
    }

    fn helper(&mut self, helper: &HelperTemplate) {
        if !helper.hash.is_empty() || helper.block_param.is_some() {
            self.unsupported(&format!("{helper:?}"));
        }
        self.parameter(&helper.name);
        self.count(helper.params.len());
        for param in &helper.params {
            self.parameter(param);
        }
        let flags = u8::from(helper.block)
            | u8::from(helper.chain) << 1
            | u8::from(indent_before_write(helper)) << 2
            | u8::from(helper.template.is_some()) << 3
            | u8::from(helper.inverse.is_some()) << 4;
        self.out.push(flags);
        for nested in [&helper.template, &helper.inverse].into_iter().flatten() {
            self.elements(&nested.elements);
        }
    }

    fn parameter(&mut self, parameter: &Parameter) {
        match parameter {
            Parameter::Name(name) => {
                self.out.push(0);
                self.text(name);
            }
            Parameter::Path(Path::Relative((segments, raw))) => {
                let names: Option<Vec<&String>> = segments
                    .iter()
                    .map(|segment| match segment {
                        PathSeg::Named(name) => Some(name),
                        _ => None,
                    })
                    .collect();
                let Some(names) = names else {
                    self.unsupported(&format!("{parameter:?}"));
                };
                self.out.push(1);
                self.text(raw);
                self.count(names.len());
                for name in names {
                    self.text(name);
                }
            }
            Parameter::Path(Path::Local((level, name, raw))) => {
                self.out.push(2);
                self.count(*level);
                self.text(name);
                self.text(raw);
            }
            other => self.unsupported(&format!("{other:?}")),
        }
    }

    fn unsupported(&self, what: &str) -> ! {
        panic!(
            "templates/{}: scaffold compiles its templates at build time and does not \
             support this yet: {what}. Teach build.rs and src/templates/compiled.rs to \
             carry it.",
            self.template
        )
    }
}

/// Whether handlebars marked the helper standalone on its line, which
/// matters for indentation inside partials. The field is private to
/// handlebars, but its `Debug` output ends with it, after every nested
/// template; the run-time test catches any change of that layout.
fn indent_before_write(helper: &HelperTemplate) -> bool {
    format!("{helper:?}").ends_with("indent_before_write: true }")
}
