//! Lifting long stretches of plain text out of a template before handlebars
//! compiles it. handlebars' parser (pest) spends about a microsecond per byte
//! of plain text, which made compiling most of a run's work. [`lift`] swaps
//! the middle of each long stretch for `{{<helper> N}}`, a call of a
//! [`LiftedText`] helper that writes stretch `N` back unchanged, so the
//! parser sees little more than the tags.
//!
//! What handlebars looks at around a tag stays in place: next to a block,
//! `else`, partial or comment tag (whose standalone-line rule reads the
//! whitespace up to the line breaks around it) or a `~`, the run of
//! whitespace on that side is kept. A template whose tags hold braces, quotes, backslashes or
//! newlines, or that escapes a tag, is left whole: there, telling text from
//! tags would take handlebars' own grammar.
//!
//! The helper writes plain text, without the indentation handlebars adds
//! inside an indented partial, so partials are never lifted.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderErrorReason,
};

/// Stretches shorter than this stay in the template: a call costs more.
const MIN_LIFTED: usize = 24;

/// A template with its long stretches of text replaced by helper calls.
#[derive(Debug, PartialEq, Eq)]
pub struct Lifted {
    /// The template to compile.
    pub template: String,
    /// The helper that writes the stretches back.
    pub text: LiftedText,
    /// Offsets in `template` where it may be cut and each part compiled
    /// alone, giving the same elements as the whole: before a text call
    /// outside every block, with no standalone rule reaching across (the
    /// tag before it is a plain expression, or its line ended).
    pub breaks: Vec<usize>,
}

/// A helper writing back stretch `N` of its template's text: `{{name N}}`.
#[derive(Debug, PartialEq, Eq)]
pub struct LiftedText {
    stretches: Vec<&'static str>,
}

/// A tag's effect on the text beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A plain `{{name ...}}` expression, or the template's start or end:
    /// the text beside it renders the same whatever it holds.
    Free,
    /// A block, `else`, partial, comment or `~` tag: handlebars trims the
    /// text beside it by what that text's nearest line holds.
    Sensitive,
}

/// The template with its long stretches of plain text lifted out, calling
/// `helper` to write them back; `None` when there is nothing worth lifting
/// or the template holds tags this does not read (see the module's notes).
pub fn lift(source: &'static str, helper: &str) -> Option<Lifted> {
    let tags = tags(source)?;
    let mut template = String::with_capacity(source.len() / 4);
    let mut stretches = Vec::new();
    let mut breaks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut before = Side::Free;
    for (index, &(open, close, side)) in tags
        .iter()
        .chain(std::iter::once(&(source.len(), source.len(), Side::Free)))
        .enumerate()
    {
        let text = &source[start..open];
        let keep_head = if before == Side::Sensitive {
            head_len(text)
        } else {
            0
        };
        let keep_tail = if side == Side::Sensitive {
            tail_start(text)
        } else {
            text.len()
        };
        if keep_tail >= keep_head + MIN_LIFTED {
            template.push_str(&text[..keep_head]);
            let line_ended = before == Side::Free || text[..keep_head].contains('\n');
            if depth == 0 && line_ended && !template.is_empty() {
                breaks.push(template.len());
            }
            template.push_str(&format!("{{{{{helper} {}}}}}", stretches.len()));
            stretches.push(&text[keep_head..keep_tail]);
            template.push_str(&text[keep_tail..]);
        } else {
            template.push_str(text);
        }
        if index < tags.len() {
            let tag = &source[open..close];
            match tag
                .trim_start_matches("{{")
                .trim_start_matches('~')
                .chars()
                .next()
            {
                Some('#') => depth += 1,
                Some('/') => depth = depth.saturating_sub(1),
                _ => {}
            }
            template.push_str(tag);
        }
        start = close;
        before = side;
    }
    if stretches.is_empty() {
        return None;
    }
    Some(Lifted {
        template,
        text: LiftedText { stretches },
        breaks,
    })
}

/// Every tag as (start, end, side), or `None` if one is beyond this reader.
fn tags(source: &str) -> Option<Vec<(usize, usize, Side)>> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(found) = source[from..].find("{{") {
        let open = from + found;
        if source[..open].ends_with('\\') {
            return None; // an escaped tag is text
        }
        let inner_start = open + 2;
        let inner_len = source[inner_start..].find("}}")?;
        let inner = &source[inner_start..inner_start + inner_len];
        if inner.contains(['{', '}', '"', '\'', '\\', '\n', '\r']) {
            return None;
        }
        let close = inner_start + inner_len + 2;
        tags.push((open, close, side_of(inner)));
        from = close;
    }
    Some(tags)
}

/// Whether a tag's inside (between the braces) is a plain expression.
fn side_of(inner: &str) -> Side {
    let word = inner.split_whitespace().next().unwrap_or("");
    let plain = inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && !inner.contains('~')
        && word != "else";
    if plain {
        Side::Free
    } else {
        Side::Sensitive
    }
}

/// How much of the text after a sensitive tag stays: its leading
/// whitespace, all that handlebars' standalone and `~` rules read or trim.
fn head_len(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// Where the text before a sensitive tag starts to stay: at its trailing
/// whitespace, all that handlebars' standalone and `~` rules read or trim.
fn tail_start(text: &str) -> usize {
    text.trim_end().len()
}

impl HelperDef for LiftedText {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let stretch = helper
            .param(0)
            .and_then(|param| param.value().as_u64())
            .and_then(|index| usize::try_from(index).ok())
            .and_then(|index| self.stretches.get(index))
            .ok_or_else(|| RenderErrorReason::InvalidParamType("a lifted stretch's number"))?;
        out.write(stretch)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Renders `source` as handlebars does, and lifted; both must agree.
    fn render_both_ways(source: &'static str) -> (String, String, bool) {
        let data = json!({"name": "demo", "items": ["a", "b"], "yes": true, "no": false});
        let mut plain = Handlebars::new();
        plain.set_strict_mode(true);
        plain.register_escape_fn(handlebars::no_escape);
        plain.register_template_string("t", source).expect("parses");
        let expected = plain.render("t", &data).expect("renders");
        let Some(lifted) = lift(source, "lifted_0") else {
            return (expected.clone(), expected, false);
        };
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        registry.register_helper("lifted_0", Box::new(lifted.text));
        registry
            .register_template_string("t", &lifted.template)
            .expect("the lifted template parses");
        let actual = registry.render("t", &data).expect("renders");
        (expected, actual, true)
    }

    const LONG: &str = "a line of plain text that is long enough to lift";

    #[test]
    fn lifted_templates_render_exactly_as_the_originals() {
        let cases: &[&'static str] = &[
            "first line of plain text that is long enough to lift\n{{name}}\nanother line of plain text long enough\nand one more line of text here\n",
            "intro text that is certainly long enough to lift\nand more of it\n{{#if yes}}\n  inside text that goes on and on\n  over two lines of text\n{{else}}\n  never\n{{/if}}\nafter the block there is more text\nand yet more text\n",
            "{{#each items}}\n- {{this}} with some text that is long enough to lift\n  and a second line of text to go with it\n{{/each}}\ntail text that is long enough to be lifted\n",
            "text before the tilde that is long enough\n\n\n   {{~name~}}   \n\n\nand the text after the tilde, also long\n",
            "  {{#if no}}\nno\n{{/if}}   \n   long enough text to lift on this line\nand on this line, also long enough\n   {{#unless no}}   \nunless body text that goes on a while\nand on\n   {{/unless}}   \n",
            "no tags at all, just a long stretch of text\nover several lines\nof plain text\n",
            "{{!-- a comment --}}\nafter the comment, text that is long enough\nand a second line too\n{{! short }}\nend text that is long enough to be lifted\n",
            "windows\r\nline endings in text long enough to be lifted\r\n{{#if yes}}\r\nbody text that is long enough to be lifted\r\n{{/if}}\r\nthe end of it all, long enough\r\n",
        ];
        for case in cases {
            let (expected, actual, _) = render_both_ways(case);
            assert_eq!(actual, expected, "lifting changed the output of {case:?}");
        }
        assert!(render_both_ways(cases[1]).2, "the block case was lifted");
    }

    #[test]
    fn templates_with_tags_it_cannot_read_are_left_whole() {
        for source in [
            "\\{{name}} is an escaped tag, then text long enough to lift",
            "{{json \"}}\"}} and then text that is long enough to lift",
            "{{{name}}} and then text that is long enough to lift here",
        ] {
            assert_eq!(lift(source, "lifted_0"), None, "{source}");
        }
        assert_eq!(lift("short {{name}} text", "lifted_0"), None);
        let readme = include_str!("../../templates/flask/README.md.hbs");
        let lifted = lift(readme, "lifted_0").expect("the Flask README is lifted");
        assert!(
            lifted.template.len() < readme.len() / 2,
            "{}",
            lifted.template
        );
        assert!(lift(LONG, "lifted_0").is_some());
    }
}
