//! Rendering with handlebars, in strict mode (a missing variable is an
//! error, never an empty string) and with HTML escaping off, because the
//! outputs are code. Values are escaped for where they land by helpers:
//! `json`, `py`, `html` and `md_line`.
//!
//! The templates were compiled when scaffold was built (see `build.rs` and
//! `compiled`); each render rebuilds the template's tree from its
//! compiled form, so a run does no parsing at all.

use super::compiled;
use handlebars::template::Template;
use handlebars::{handlebars_helper, Context, Handlebars, RenderContext, Renderable, StringOutput};
use serde::Serialize;

/// A template that failed to render: always a bug in scaffold, since the
/// templates are embedded.
#[derive(Debug, thiserror::Error)]
#[error("template {template}: {message}")]
pub struct RenderError {
    pub template: String,
    pub message: String,
}

/// The handlebars registry of the embedded templates, ready to render.
pub struct Renderer {
    /// The settings and the helpers. Templates are not registered: each
    /// is rendered from its tree, once.
    registry: Handlebars<'static>,
    /// Where a template's tree comes from.
    source: Source,
}

#[derive(Clone, Copy)]
enum Source {
    /// Rebuilt from the tree compiled at build time: what scaffold runs.
    BuildTime,
    /// Compiled by handlebars from the embedded text now: the reference
    /// the build-time trees are checked against.
    Text,
}

/// The data of a render, converted to the JSON handlebars reads. Rendering
/// with a `Serialize` value converts it again for every template; a plan
/// renders dozens with the same values, so it converts them once.
pub struct TemplateData(Context);

impl TemplateData {
    /// # Errors
    /// A [`RenderError`] (naming no template) if `data` does not serialize.
    pub fn new<T: Serialize>(data: &T) -> Result<TemplateData, RenderError> {
        Context::wraps(data)
            .map(TemplateData)
            .map_err(|error| RenderError {
                template: "(data)".to_owned(),
                message: error.to_string(),
            })
    }
}

handlebars_helper!(json_literal: |value: str| json_string(value));
handlebars_helper!(python_literal: |value: str| python_string(value));
handlebars_helper!(html_text: |value: str| html_escape(value));
handlebars_helper!(markdown_line: |value: str| one_line(value));
handlebars_helper!(markdown_text: |value: str| markdown_plain_text(value));

impl Default for Renderer {
    fn default() -> Renderer {
        Renderer::new()
    }
}

impl Renderer {
    /// A renderer of the templates compiled at build time.
    pub fn new() -> Renderer {
        Renderer::with_source(Source::BuildTime)
    }

    /// A renderer that has handlebars compile each template from its text
    /// when it is rendered: slow, and the reference for tests that the
    /// build-time compilation changes no byte of any output.
    pub fn compiling_text() -> Renderer {
        Renderer::with_source(Source::Text)
    }

    fn with_source(source: Source) -> Renderer {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        registry.register_helper("json", Box::new(json_literal));
        registry.register_helper("py", Box::new(python_literal));
        registry.register_helper("html", Box::new(html_text));
        registry.register_helper("md_line", Box::new(markdown_line));
        registry.register_helper("md_text", Box::new(markdown_text));
        Renderer { registry, source }
    }

    /// Renders an embedded template (`<framework>/<path>` or `_shared/<path>`).
    ///
    /// # Errors
    /// A [`RenderError`] when there is no such template or the data lacks a
    /// variable the template uses.
    pub fn render<T: Serialize>(&self, template: &str, data: &T) -> Result<String, RenderError> {
        let data = TemplateData::new(data).map_err(|error| RenderError {
            template: template.to_owned(),
            message: error.message,
        })?;
        self.render_data(template, &data)
    }

    /// Renders an embedded template with data converted once beforehand,
    /// for the many templates of one starter.
    ///
    /// # Errors
    /// As [`Renderer::render`].
    pub fn render_data(&self, template: &str, data: &TemplateData) -> Result<String, RenderError> {
        let failed = |message: String| RenderError {
            template: template.to_owned(),
            message,
        };
        let tree = self
            .tree(template)?
            .ok_or_else(|| failed("no such template is embedded".to_owned()))?;
        // What `Handlebars::render` does with a registered template. Each
        // template is rendered once per run, so its tree is not kept: its
        // memory is reused for the next one, and the heap stays small (a
        // page the heap grows into costs a page fault).
        let mut context = RenderContext::new(tree.name.as_ref());
        let mut output = StringOutput::new();
        tree.render(&self.registry, &data.0, &mut context, &mut output)
            .map_err(|error| failed(error.to_string()))?;
        let mut text = output
            .into_string()
            .map_err(|error| failed(error.to_string()))?;
        // handlebars starts every output at 8 KiB; most files are smaller,
        // and a plan holds them all.
        text.shrink_to_fit();
        Ok(text)
    }

    /// The tree of an embedded template, or `None` if there is none by that name.
    fn tree(&self, name: &str) -> Result<Option<Template>, RenderError> {
        match self.source {
            Source::BuildTime => Ok(compiled::template(name)),
            Source::Text => super::template_text(name)
                .map(|text| Template::compile_with_name(text, name.to_owned()))
                .transpose()
                .map_err(|error| RenderError {
                    template: name.to_owned(),
                    message: error.to_string(),
                }),
        }
    }
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
