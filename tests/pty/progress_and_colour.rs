//! `scaffold new` at a terminal, through a pseudo-terminal: the progress
//! bar and spinners appear, the summary names what to type next, colour is
//! used, and `NO_COLOR` turns it off without turning off the progress.

use crate::pty_run::{finish, Run};

/// The SGR (colour and style) sequences in `text`: ESC [ digits/; m.
fn sgr_sequences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("\x1b[") {
        let after = &rest[start + 2..];
        let length = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[length..].starts_with('m') {
            found.push(format!("ESC[{}m", &after[..length]));
        }
        rest = &after[length..];
    }
    found
}

/// The text with escape sequences and carriage-return redraws removed:
/// what the user is left looking at, line by line.
fn settled_lines(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
        .split('\n')
        .map(|line| {
            let line = line.trim_end_matches('\r');
            line.rsplit('\r')
                .next()
                .unwrap_or(line)
                .trim_end()
                .to_owned()
        })
        .collect()
}

fn assert_next_steps(output: &str) {
    let lines = settled_lines(output);
    let start = lines
        .iter()
        .position(|line| line == "Next steps:")
        .unwrap_or_else(|| panic!("no next steps in {lines:#?}"));
    assert_eq!(
        &lines[start + 1..start + 5],
        ["  cd svc", "  npm ci", "  npm test", "  npm start"],
        "{lines:#?}"
    );
}

#[test]
fn at_a_terminal_progress_and_the_next_steps_appear_in_colour() {
    let run = Run::new();
    let mut session = run.spawn(&["new", "svc", "--framework", "express", "--yes"], &[]);
    let (output, code) = finish(&mut session);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("Writing"), "no progress bar: {output:?}");
    assert!(output.contains("] "), "no bar drawn: {output:?}");
    assert!(
        output.contains("Committing"),
        "no spinner around git: {output:?}"
    );
    assert!(
        !sgr_sequences(&output).is_empty(),
        "no colour at a terminal: {output:?}"
    );
    let lines = settled_lines(&output);
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("Created svc (Express")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.trim_start().starts_with("commit") && line.ends_with("on main")),
        "{lines:#?}"
    );
    assert_next_steps(&output);
    assert!(run.work().join("svc/package.json").is_file());
}

#[test]
fn no_color_at_a_terminal_keeps_the_progress_and_drops_the_colour() {
    let run = Run::new();
    let mut session = run.spawn(
        &["new", "svc", "--framework", "express", "--yes"],
        &[("NO_COLOR", "1")],
    );
    let (output, code) = finish(&mut session);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("Writing"), "no progress bar: {output:?}");
    assert_eq!(
        sgr_sequences(&output),
        Vec::<String>::new(),
        "colour under NO_COLOR: {output:?}"
    );
    assert_next_steps(&output);
}

#[test]
fn in_ci_at_a_terminal_steps_are_plain_lines() {
    let run = Run::new();
    let mut session = run.spawn(
        &["new", "svc", "--framework", "express", "--yes"],
        &[("CI", "true"), ("NO_COLOR", "1")],
    );
    let (output, code) = finish(&mut session);
    assert_eq!(code, 0, "{output}");
    assert!(!output.contains('\x1b'), "escape bytes in CI: {output:?}");
    assert!(!output.contains("Writing"), "a bar in CI: {output:?}");
    assert!(output.contains("       Wrote "), "{output:?}");
    assert_next_steps(&output);
}

#[test]
fn quiet_at_a_terminal_prints_nothing() {
    let run = Run::new();
    let mut session = run.spawn(
        &["new", "svc", "--framework", "express", "--yes", "--quiet"],
        &[],
    );
    let (output, code) = finish(&mut session);
    assert_eq!(code, 0, "{output}");
    assert_eq!(output, "", "--quiet printed something");
}

#[test]
fn install_at_a_terminal_shows_a_spinner_with_the_step_and_its_time() {
    let run = Run::new();
    let mut session = run.spawn(
        &["new", "svc", "--framework", "express", "--yes", "--install"],
        &[],
    );
    let (output, code) = finish(&mut session);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("Installing"), "no spinner: {output:?}");
    assert!(output.contains("npm ci"), "{output:?}");
    assert!(output.contains("0s"), "no elapsed time: {output:?}");
    let lines = settled_lines(&output);
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("   Installed npm ci (")),
        "{lines:#?}"
    );
    let start = lines
        .iter()
        .position(|line| line == "Next steps:")
        .expect("next steps");
    assert_eq!(
        &lines[start + 1..start + 4],
        ["  cd svc", "  npm test", "  npm start"],
        "installed: no install step"
    );
    assert!(run.work().join("svc/node_modules").is_dir());
}
