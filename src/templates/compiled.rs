//! The templates as handlebars compiled them at build time (see `build.rs`),
//! and their rebuilding into handlebars' own syntax tree at run time.
//!
//! Compiling a template is handlebars parsing its text, about a microsecond
//! per byte; rebuilding the tree from this data costs a few allocations per
//! tag. The tree rebuilt is the one handlebars compiles from the text, field
//! for field (a test below checks every template), so handlebars renders it
//! exactly as it would have rendered the text. The one thing left out is the
//! line of each tag, used only in the message of a failed render.

use handlebars::template::{
    ExpressionSpecBuilder, HelperTemplate, Parameter, Template, TemplateElement,
};
use handlebars::{Path, PathSeg};
use std::collections::HashMap;

/// An element of a template: plain text, an `{{expression}}` or a
/// `{{#block}}...{{/block}}`. These, and the kinds of [`Param`], are what
/// the templates use; `build.rs` refuses any other, naming the template.
pub(super) enum Element {
    Text(&'static str),
    Expression(&'static Helper),
    HelperBlock(&'static Helper),
}

/// A tag with a helper or a value: handlebars' `HelperTemplate`.
pub(super) struct Helper {
    name: Param,
    params: &'static [Param],
    template: Option<&'static [Element]>,
    inverse: Option<&'static [Element]>,
    block: bool,
    chain: bool,
    indent_before_write: bool,
}

/// A name, a value's path or a literal in a tag.
pub(super) enum Param {
    Name(&'static str),
    /// A path of plain names (`a.b`): the text, then the names.
    Path(&'static str, &'static [&'static str]),
    /// `@index`, `../@key`: how many levels up, the name, the text.
    Local(usize, &'static str, &'static str),
}

include!(concat!(env!("OUT_DIR"), "/compiled_templates.rs"));

/// The template compiled from `templates/<name>`, rebuilt; `None` when no
/// `.hbs` file has that name.
pub(super) fn template(name: &str) -> Option<Template> {
    let index = COMPILED
        .binary_search_by(|(compiled, _)| (*compiled).cmp(name))
        .ok()?;
    let mut template = nested(COMPILED[index].1);
    template.name = Some(name.to_owned());
    Some(template)
}

fn nested(elements: &[Element]) -> Template {
    let mut template = Template::new();
    template.elements = elements.iter().map(element).collect();
    template
}

fn element(element: &Element) -> TemplateElement {
    match element {
        Element::Text(text) => TemplateElement::RawString((*text).to_owned()),
        Element::Expression(helper) => TemplateElement::Expression(Box::new(build(helper))),
        Element::HelperBlock(helper) => TemplateElement::HelperBlock(Box::new(build(helper))),
    }
}

fn build(helper: &Helper) -> HelperTemplate {
    // handlebars builds a `HelperTemplate` only from an `ExpressionSpec`,
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
    let mut built = if helper.chain {
        HelperTemplate::new_chain(spec, helper.block, helper.indent_before_write)
    } else {
        HelperTemplate::new(spec, helper.block, helper.indent_before_write)
    };
    built.name = parameter(&helper.name);
    built.params = helper.params.iter().map(parameter).collect();
    built.template = helper.template.map(nested);
    built.inverse = helper.inverse.map(nested);
    built
}

fn parameter(param: &Param) -> Parameter {
    match param {
        Param::Name(name) => Parameter::Name((*name).to_owned()),
        Param::Path(raw, names) => Parameter::Path(Path::Relative((
            names
                .iter()
                .map(|name| PathSeg::Named((*name).to_owned()))
                .collect(),
            (*raw).to_owned(),
        ))),
        Param::Local(level, name, raw) => {
            Parameter::Path(Path::Local((*level, (*name).to_owned(), (*raw).to_owned())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
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
        assert_eq!(sources.len(), COMPILED.len(), "a template was not compiled");
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
