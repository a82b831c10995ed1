//! The templates as handlebars compiled them at build time (see `build.rs`),
//! and their rebuilding into handlebars' own syntax tree at run time.
//!
//! Compiling a template is handlebars parsing its text, about a microsecond
//! per byte; rebuilding the tree from this data costs a few allocations per
//! tag. The tree rebuilt is the one handlebars compiles from the text, field
//! for field (a test below checks every template), so handlebars renders it
//! exactly as it would have rendered the text. The one thing left out is the
//! line of each tag, used only in the message of a failed render.
//!
//! The data is bytes, not Rust values: values holding references would each
//! need a relocation when the program is loaded, for every command, and
//! would dirty the pages they sit on. The form, numbers as little-endian
//! `u32` and texts as a number of bytes then UTF-8:
//!
//! ```text
//! file      = count, (name: text, start: count, size: count)*, elements*
//!             the index, then every template's elements; start and size
//!             in bytes, from the end of the index
//! elements  = count, element*
//! element   = 0 text | 1 helper | 2 helper          text, {{expression}}, {{#block}}
//! helper    = param (the name), count, param*, flags: u8, [elements], [elements]
//!             flags: 1 block, 2 chain, 4 indent before write,
//!                    8 has a template, 16 has an inverse (the elements, in that order)
//! param     = 0 text                                a helper's name
//!           | 1 text, count, text*                  a path (`a.b`): its text, its names
//!           | 2 count, text, text                   `@last`: levels up, name, text
//! ```

use handlebars::template::{
    ExpressionSpecBuilder, HelperTemplate, Parameter, Template, TemplateElement,
};
use handlebars::{Path, PathSeg};
use std::collections::HashMap;

static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/compiled_templates.bin"));

/// The template compiled from `templates/<name>`, rebuilt; `None` when no
/// `.hbs` file has that name.
pub(super) fn template(name: &str) -> Option<Template> {
    // Only the index is read to find the template: each page of the data
    // read costs a page fault when the program has just started.
    let mut index = Reader { bytes: COMPILED };
    let mut found = None;
    for _ in 0..index.count() {
        let this_one = index.bytes_of_text() == name.as_bytes();
        let (start, size) = (index.count(), index.count());
        if this_one {
            found = Some(start..start + size);
        }
    }
    let elements = &index.bytes[found?];
    let mut template = Reader { bytes: elements }.tree();
    template.name = Some(name.to_owned());
    Some(template)
}

/// Where the reading of the data is. The data is written by `build.rs`
/// from the same source: anything unexpected in it is a bug there.
struct Reader {
    bytes: &'static [u8],
}

impl Reader {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.bytes.split_first().expect("complete data");
        self.bytes = rest;
        *first
    }

    fn count(&mut self) -> usize {
        let (number, rest) = self.bytes.split_first_chunk::<4>().expect("complete data");
        self.bytes = rest;
        usize::try_from(u32::from_le_bytes(*number)).expect("a u32 fits in a usize")
    }

    fn text(&mut self) -> &'static str {
        std::str::from_utf8(self.bytes_of_text()).expect("build.rs writes UTF-8")
    }

    fn bytes_of_text(&mut self) -> &'static [u8] {
        let length = self.count();
        let (text, rest) = self.bytes.split_at(length);
        self.bytes = rest;
        text
    }

    fn helper(&mut self) -> HelperTemplate {
        let name = self.parameter();
        let params = (0..self.count()).map(|_| self.parameter()).collect();
        let flags = self.byte();
        // handlebars makes a `HelperTemplate` only from an `ExpressionSpec`,
        // whose builder clones every field; so the spec is left empty and the
        // (public) fields are set afterwards.
        let spec = ExpressionSpecBuilder::default()
            .name(Parameter::Name(String::new()))
            .params(Vec::new())
            .hash(HashMap::new())
            .omit_pre_ws(false)
            .omit_pro_ws(false)
            .build()
            .expect("every field of the spec is set");
        let (block, chain, indent) = (flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
        let mut helper = if chain {
            HelperTemplate::new_chain(spec, block, indent)
        } else {
            HelperTemplate::new(spec, block, indent)
        };
        helper.name = name;
        helper.params = params;
        if flags & 8 != 0 {
            helper.template = Some(self.tree());
        }
        if flags & 16 != 0 {
            helper.inverse = Some(self.tree());
        }
        helper
    }

    fn tree(&mut self) -> Template {
        let mut template = Template::new();
        template.elements = (0..self.count())
            .map(|_| match self.byte() {
                0 => TemplateElement::RawString(self.text().to_owned()),
                1 => TemplateElement::Expression(Box::new(self.helper())),
                _ => TemplateElement::HelperBlock(Box::new(self.helper())),
            })
            .collect();
        template
    }

    fn parameter(&mut self) -> Parameter {
        match self.byte() {
            0 => Parameter::Name(self.text().to_owned()),
            1 => {
                let raw = self.text().to_owned();
                let names = (0..self.count())
                    .map(|_| PathSeg::Named(self.text().to_owned()))
                    .collect();
                Parameter::Path(Path::Relative((names, raw)))
            }
            _ => {
                let level = self.count();
                let name = self.text().to_owned();
                let raw = self.text().to_owned();
                Parameter::Path(Path::Local((level, name, raw)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::framework::Framework;
    use crate::templates::{shared_templates, template_files, SHARED_DIR};

    /// Every embedded `.hbs` file, by the name it is compiled under.
    fn sources() -> Vec<(String, &'static str)> {
        let mut sources = Vec::new();
        for framework in Framework::ALL {
            for file in template_files(framework) {
                if file.is_rendered() {
                    let text = std::str::from_utf8(file.contents).expect("UTF-8");
                    sources.push((file.template_name(framework), text));
                }
            }
        }
        for file in shared_templates() {
            let text = std::str::from_utf8(file.contents).expect("UTF-8");
            sources.push((format!("{SHARED_DIR}/{}", file.source), text));
        }
        sources
    }

    #[test]
    fn every_template_rebuilt_is_the_tree_handlebars_compiles_from_its_text() {
        let sources = sources();
        let compiled = Reader { bytes: COMPILED }.count();
        assert_eq!(sources.len(), compiled, "a template was not compiled");
        for (name, text) in sources {
            let mut compiled =
                Template::compile_with_name(text, name.clone()).expect("the template compiles");
            without_lines(&mut compiled);
            let rebuilt = template(&name).unwrap_or_else(|| panic!("{name} was not compiled"));
            assert_eq!(rebuilt, compiled, "{name}");
        }
    }

    #[test]
    fn a_name_that_is_no_template_has_no_tree() {
        assert!(template("flask/no-such-file.hbs").is_none());
    }

    /// Clears where each tag was, which the rebuilt tree does not keep.
    fn without_lines(template: &mut Template) {
        template.mapping.clear();
        for element in &mut template.elements {
            if let TemplateElement::HelperBlock(helper) | TemplateElement::Expression(helper) =
                element
            {
                helper.template.as_mut().map(without_lines);
                helper.inverse.as_mut().map(without_lines);
            }
        }
    }
}
