//! Rules for the free text a user gives: the description, the author, a
//! decision record's title, and the git identity that signs the first commit. Pure. Every value is checked
//! before any work, so a bad one is an error naming where it came from, never
//! a failure after generation or raw control characters in a generated file.

/// A git author identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// A one-line description: a sentence or two, not a document.
pub const MAX_DESCRIPTION: usize = 500;

/// An author line, `Name <email>`.
pub const MAX_AUTHOR: usize = 200;

/// The placeholder address of an author given as a bare name.
pub const PLACEHOLDER_EMAIL: &str = "scaffold@localhost";

/// Checks a description: a line or a short paragraph (line breaks are
/// kept in the decision record's quote; the README shows it as one line).
///
/// # Errors
/// Why it is refused: too long, or holding a control character other than
/// a line break.
pub fn check_description(text: &str) -> Result<(), String> {
    text.split('\n')
        .try_for_each(|line| check_line(line, MAX_DESCRIPTION))?;
    check_length(text, MAX_DESCRIPTION)
}

/// The longest title of a decision record (a file name is made from it).
pub const MAX_TITLE: usize = 200;

/// Checks the title of a new decision record: one line of printable text.
///
/// # Errors
/// Why it is refused: too long, or holding a control character.
pub fn check_title(text: &str) -> Result<(), String> {
    check_line(text, MAX_TITLE)
}

/// Reads an author line, `Name <email>` or a bare `Name` (which gets a
/// placeholder address); an empty one is no author.
///
/// # Errors
/// Why it is refused: too long, a control character, no name, or an address
/// that is not `<local@domain>`.
pub fn parse_author(text: &str) -> Result<Option<Identity>, String> {
    check_line(text, MAX_AUTHOR)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (name, email) = match text.split_once('<') {
        Some((name, rest)) => {
            let email = rest.strip_suffix('>').ok_or(
                "the address must be closed by '>' at the end, as in 'Ada <ada@example.com>'",
            )?;
            (name.trim(), email.trim())
        }
        None => (text, PLACEHOLDER_EMAIL),
    };
    check_name(name)?;
    check_email(email)?;
    Ok(Some(Identity {
        name: name.to_owned(),
        email: email.to_owned(),
    }))
}

/// Checks a name for a git signature (`user.name`, `GIT_AUTHOR_NAME`).
///
/// # Errors
/// Why git would refuse it or write it badly.
pub fn check_name(name: &str) -> Result<(), String> {
    check_line(name, MAX_AUTHOR)?;
    if name.trim().is_empty() {
        return Err("the name is empty".to_owned());
    }
    if name.contains(['<', '>']) {
        return Err("a name cannot hold '<' or '>'".to_owned());
    }
    Ok(())
}

/// Checks an address for a git signature (`user.email`, `GIT_AUTHOR_EMAIL`).
///
/// # Errors
/// Why it is not an address of the form `local@domain`.
pub fn check_email(email: &str) -> Result<(), String> {
    check_line(email, MAX_AUTHOR)?;
    let well_formed = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        && !email
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>'));
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "'{email}' is not an address of the form local@domain"
        ))
    }
}

fn check_length(text: &str, limit: usize) -> Result<(), String> {
    let length = text.chars().count();
    if length > limit {
        return Err(format!(
            "it is {length} characters long; the limit is {limit}"
        ));
    }
    Ok(())
}

/// One line of printable text of at most `limit` characters.
fn check_line(text: &str, limit: usize) -> Result<(), String> {
    check_length(text, limit)?;
    // Line breaks, tabs, DEL and the C1 controls; and the Unicode line and
    // paragraph separators, which some parsers read as line breaks.
    if let Some(bad) = text
        .chars()
        .find(|&c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Err(format!(
            "it holds the control character U+{:04X}; it must be one line of printable text",
            u32::from(bad)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_parse_with_and_without_an_address() {
        assert_eq!(
            parse_author("Ada Lovelace <ada@example.com>"),
            Ok(Some(Identity {
                name: "Ada Lovelace".to_owned(),
                email: "ada@example.com".to_owned()
            }))
        );
        assert_eq!(
            parse_author("Ada").map(|i| i.map(|i| i.email)),
            Ok(Some(PLACEHOLDER_EMAIL.to_owned()))
        );
        assert_eq!(parse_author("  "), Ok(None));
    }

    #[test]
    fn malformed_authors_are_refused_with_a_reason() {
        for bad in [
            "<broken",
            "Ada <ada",
            "Ada <not an address>",
            "Ada <@example.com>",
            "<ada@example.com>",
            "Ada\nEvil <e@x.y>",
            "Ada\u{7f} <a@b.c>",
            "Ada\u{85} <a@b.c>",
            "A > B <a@b.c>",
        ] {
            assert!(parse_author(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(parse_author(&"a".repeat(MAX_AUTHOR + 1)).is_err());
    }

    #[test]
    fn descriptions_are_one_printable_line_of_limited_length() {
        assert!(check_description("A \"fine\" {{ app }} </script> `x` $HOME").is_ok());
        assert!(check_description(&"é".repeat(MAX_DESCRIPTION)).is_ok());
        assert!(check_description(&"é".repeat(MAX_DESCRIPTION + 1)).is_err());
        assert!(check_description("two\nlines").is_ok());
        for bad in ["a\r\nb", "a\tb", "a\u{7f}", "a\u{9b}", "a\u{2028}b"] {
            assert!(check_description(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
