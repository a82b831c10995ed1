//! Rendering with handlebars: every embedded `.hbs` file is registered once,
//! in strict mode (a missing variable is an error, never an empty string) and
//! with HTML escaping off, because the outputs are code. Values are escaped
//! for where they land by helpers: `json`, `py`, `html` and `md_line`.
//!
//! Registering only remembers a template's text; it is compiled the first
//! time it is rendered. Compiling is most of a run's work (handlebars'
//! parser costs about a microsecond per byte), and one run renders one
//! starter, so the other starters' templates are never compiled. Before
//! compiling, long stretches of plain text are lifted out of the template
//! ([`super::lift`]), which leaves the parser a fraction of the bytes.

use super::lift::lift;
use super::{shared_templates, template_files, SHARED_DIR};
use crate::framework::Framework;
use handlebars::template::Template;
use handlebars::{handlebars_helper, Handlebars, TemplateError};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// A template that failed to register or render: always a bug in scaffold,
/// since the templates are embedded.
#[derive(Debug, thiserror::Error)]
#[error("template {template}: {message}")]
pub struct RenderError {
    pub template: String,
    pub message: String,
}

/// The registry of every embedded template, ready to render.
pub struct Renderer {
    /// The compiled templates (those rendered so far), partials and helpers.
    registry: RefCell<Handlebars<'static>>,
    /// Every registered template's text, by name, compiled on first use.
    sources: HashMap<String, &'static str>,
    /// How many templates were lifted, to name each one's text helper.
    lifted: Cell<usize>,
    /// Whether to lift text out of templates (off only to check it changes nothing).
    lifting: bool,
}

handlebars_helper!(json_literal: |value: str| json_string(value));
handlebars_helper!(python_literal: |value: str| python_string(value));
handlebars_helper!(html_text: |value: str| html_escape(value));
handlebars_helper!(markdown_line: |value: str| one_line(value));
handlebars_helper!(markdown_text: |value: str| markdown_plain_text(value));

impl Renderer {
    /// Registers every `.hbs` file of every starter (overlays and lockfiles
    /// included) and of `_shared/`.
    ///
    /// # Errors
    /// A [`RenderError`] if a partial does not parse or a template is not UTF-8.
    pub fn new() -> Result<Renderer, RenderError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        registry.register_helper("json", Box::new(json_literal));
        registry.register_helper("py", Box::new(python_literal));
        registry.register_helper("html", Box::new(html_text));
        registry.register_helper("md_line", Box::new(markdown_line));
        registry.register_helper("md_text", Box::new(markdown_text));

        let mut sources = HashMap::new();
        for framework in Framework::ALL {
            for file in template_files(framework)
                .into_iter()
                .filter(|f| f.is_rendered())
            {
                register(&mut sources, &file.template_name(framework), file.contents)?;
            }
        }
        for file in shared_templates() {
            let name = format!("{SHARED_DIR}/{}", file.source);
            register(&mut sources, &name, file.contents)?;
            if let Some(partial) = file.source.strip_prefix("partials/") {
                let partial = partial.trim_end_matches(super::RENDERED_SUFFIX);
                let text = utf8(&name, file.contents)?;
                registry
                    .register_partial(partial, text)
                    .map_err(|error| RenderError {
                        template: name.clone(),
                        message: error.to_string(),
                    })?;
            }
        }
        Ok(Renderer {
            registry: RefCell::new(registry),
            sources,
            lifted: Cell::new(0),
            lifting: true,
        })
    }

    /// A renderer that compiles templates as they are written, without
    /// lifting text out of them: for tests that lifting changes no byte.
    ///
    /// # Errors
    /// As [`Renderer::new`].
    pub fn without_lifting() -> Result<Renderer, RenderError> {
        Ok(Renderer {
            lifting: false,
            ..Renderer::new()?
        })
    }

    /// Renders a registered template (`<framework>/<path>` or `_shared/<path>`).
    ///
    /// # Errors
    /// A [`RenderError`] when the template does not parse or the data lacks a
    /// variable the template uses.
    pub fn render<T: Serialize>(&self, template: &str, data: &T) -> Result<String, RenderError> {
        self.compile(template)?;
        self.registry
            .borrow()
            .render(template, data)
            .map_err(|error| RenderError {
                template: template.to_owned(),
                message: error.to_string(),
            })
    }

    /// Compiles every registered template now, to find one that does not parse.
    ///
    /// # Errors
    /// A [`RenderError`] naming the first template that does not parse.
    pub fn compile_all(&self) -> Result<(), RenderError> {
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort();
        names.into_iter().try_for_each(|name| self.compile(name))
    }

    /// Compiles a registered template unless that is done already. An unknown
    /// name is left for handlebars to report when it renders.
    fn compile(&self, name: &str) -> Result<(), RenderError> {
        if self.registry.borrow().has_template(name) {
            return Ok(());
        }
        let Some(&text) = self.sources.get(name) else {
            return Ok(());
        };
        let mut registry = self.registry.borrow_mut();
        let helper = format!("lifted_text_{}", self.lifted.get());
        let lifted = if self.lifting {
            lift(text, &helper)
        } else {
            None
        };
        let template = match lifted {
            Some(lifted) => {
                registry.register_helper(&helper, Box::new(lifted.text));
                self.lifted.set(self.lifted.get() + 1);
                compile_in_parts(name, &lifted.template, &lifted.breaks, PART_LEN)
            }
            None => Template::compile_with_name(text, name.to_owned()),
        }
        .map_err(|error| RenderError {
            template: name.to_owned(),
            message: error.to_string(),
        })?;
        registry.register_template(name, template);
        Ok(())
    }
}

/// Parts of a template compiled alone are at least this long.
const PART_LEN: usize = 128;

/// Compiles `template` in parts of `part_len` bytes or more, cut at some of `breaks` (see
/// [`super::lift::Lifted::breaks`]), joined into one. handlebars finds each
/// element's line by counting from the start of the text it compiles, so a
/// whole template costs time growing with the square of its length; in
/// parts, with the part's length. (A render error's line then counts from
/// the start of its part; with the text lifted out, lines were the lifted
/// template's anyway.)
fn compile_in_parts(
    name: &str,
    template: &str,
    breaks: &[usize],
    part_len: usize,
) -> Result<Template, TemplateError> {
    let mut whole = Template::new();
    whole.name = Some(name.to_owned());
    let mut start = 0;
    for end in breaks.iter().copied().chain([template.len()]) {
        if end < start + part_len && end < template.len() {
            continue;
        }
        let text = &template[start..end];
        let part = Template::compile(text)?;
        whole.elements.extend(part.elements);
        whole.mapping.extend(part.mapping);
        start = end;
    }
    Ok(whole)
}

fn register(
    sources: &mut HashMap<String, &'static str>,
    name: &str,
    contents: &'static [u8],
) -> Result<(), RenderError> {
    sources.insert(name.to_owned(), utf8(name, contents)?);
    Ok(())
}

fn utf8<'a>(name: &str, contents: &'a [u8]) -> Result<&'a str, RenderError> {
    std::str::from_utf8(contents).map_err(|_| RenderError {
        template: name.to_owned(),
        message: "a .hbs file must be UTF-8 text".to_owned(),
    })
}

/// A JSON string literal, quotes included: valid in JSON, JavaScript and YAML.
/// DEL and the C1 controls, which JSON allows raw but YAML does not, are
/// escaped too.
pub fn json_string(value: &str) -> String {
    let json = serde_json::to_string(value).expect("a string always serializes");
    if !json.chars().any(|c| matches!(c, '\u{7f}'..='\u{9f}')) {
        return json;
    }
    json.chars()
        .map(|c| match c {
            '\u{7f}'..='\u{9f}' => format!("\\u{:04x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// A Python string literal that evaluates to `value`, quoted the way ruff's
/// and black's formatters want it: double quotes, unless the text holds more
/// double than single quotes (then single quotes, which need fewer escapes).
pub fn python_string(value: &str) -> String {
    let doubles = value.matches('"').count();
    let singles = value.matches('\'').count();
    let quote = if doubles > singles { '\'' } else { '"' };
    let mut out = String::with_capacity(value.len() + 2);
    out.push(quote);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Text safe inside HTML elements and quoted attributes.
pub fn html_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text on one line: runs of whitespace, newlines included, become one space.
pub fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text on one line, as a Markdown paragraph that shows it literally:
/// no heading, list, quote, code, link, emphasis or HTML can start in it.
pub fn markdown_plain_text(value: &str) -> String {
    let line = one_line(value);
    let mut out = String::with_capacity(line.len() + 8);
    // What starts a block only at the start of a line: `- `, `+ `, `1. `, `1) `.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let block_marker = match line.chars().nth(digits) {
        Some('.' | ')') if digits > 0 => Some(digits),
        Some('-' | '+' | '=') if digits == 0 => Some(0),
        _ => None,
    };
    for (index, c) in line.chars().enumerate() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        ) || block_marker == Some(index)
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiled_in_parts_has_the_elements_of_the_whole() {
        let renderer = Renderer::new().expect("templates register");
        let mut cut = 0;
        for (name, text) in &renderer.sources {
            let Some(lifted) = lift(text, "lifted_text_0") else {
                continue;
            };
            let whole = Template::compile(&lifted.template).expect("compiles");
            let parts = compile_in_parts(name, &lifted.template, &lifted.breaks, 1)
                .expect("compiles in parts");
            assert_eq!(
                without_lines(parts.elements),
                without_lines(whole.elements),
                "{name}"
            );
            cut += lifted.breaks.len();
        }
        assert!(cut > 100, "only {cut} cuts were tried");
    }

    /// The elements without the line numbers of the blocks inside them,
    /// which count from the start of the text compiled.
    fn without_lines(
        mut elements: Vec<handlebars::template::TemplateElement>,
    ) -> Vec<handlebars::template::TemplateElement> {
        use handlebars::template::TemplateElement as E;
        let clear = |template: &mut Option<Template>| {
            if let Some(template) = template {
                template.mapping.clear();
                template.elements = without_lines(std::mem::take(&mut template.elements));
            }
        };
        for element in &mut elements {
            match element {
                E::HelperBlock(helper) | E::Expression(helper) | E::HtmlExpression(helper) => {
                    clear(&mut helper.template);
                    clear(&mut helper.inverse);
                }
                E::DecoratorBlock(decorator)
                | E::DecoratorExpression(decorator)
                | E::PartialBlock(decorator)
                | E::PartialExpression(decorator) => clear(&mut decorator.template),
                _ => {}
            }
        }
        elements
    }

    #[test]
    fn every_embedded_template_registers_and_parses() {
        let renderer = Renderer::new().expect("every .hbs file registers");
        renderer.compile_all().expect("every .hbs file parses");
    }

    #[test]
    fn python_literals_escape_quotes_backslashes_and_newlines() {
        assert_eq!(python_string(r#"a "b" \c"#), r#"'a "b" \\c'"#);
        assert_eq!(python_string(r#"it's "b""#), r#"'it\'s "b"'"#);
        assert_eq!(python_string(r#"it's "b" 'c'"#), r#""it's \"b\" 'c'""#);
        assert_eq!(python_string("x\ny"), r#""x\ny""#);
        assert_eq!(python_string("{{ ${x} `y`"), r#""{{ ${x} `y`""#);
    }

    #[test]
    fn json_and_html_escape_for_their_context() {
        assert_eq!(json_string("a\"b\n"), r#""a\"b\n""#);
        assert_eq!(
            html_escape("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(one_line(" a\n  b\tc "), "a b c");
    }

    #[test]
    fn json_strings_read_back_exactly_as_json_and_as_yaml_even_with_del_and_c1() {
        for value in [
            "\u{7f}",
            "a\u{85}b",
            "\u{9b}31m",
            "\"q\" \\ \n\t: # x",
            "é😀",
        ] {
            let literal = json_string(value);
            let from_json: String = serde_json::from_str(&literal).expect("JSON");
            assert_eq!(from_json, value);
            let yaml: std::collections::BTreeMap<String, String> =
                serde_norway::from_str(&format!("key: {literal}\n")).expect("YAML");
            assert_eq!(yaml["key"], value, "{literal}");
        }
    }

    #[test]
    fn markdown_plain_text_starts_no_block_and_no_inline_markup() {
        assert_eq!(markdown_plain_text("# Heading"), "\\# Heading");
        assert_eq!(markdown_plain_text("```rust"), "\\`\\`\\`rust");
        assert_eq!(markdown_plain_text("- item"), "\\- item");
        assert_eq!(markdown_plain_text("12. twelve"), "12\\. twelve");
        assert_eq!(
            markdown_plain_text("<b>x</b> & *y*"),
            "\\<b\\>x\\</b\\> \\& \\*y\\*"
        );
        assert_eq!(
            markdown_plain_text("A real-time API, v1.2."),
            "A real-time API, v1.2."
        );
    }
}
