//! The interactive questionnaire, driven through a pseudo-terminal as a
//! person would: arrow keys, Enter, `y`, Esc and Ctrl-C.

use crate::pty_run::{finish, Run, Session};
use expectrl::Expect;
use std::path::Path;
use std::time::Duration;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const SHOW_CURSOR: &str = "\x1b[?25h";

fn answer(session: &mut Session, prompt: &str, keys: &[&str]) {
    session
        .expect(prompt)
        .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    // Give the prompt a moment to switch the terminal to raw mode.
    std::thread::sleep(Duration::from_millis(150));
    for key in keys {
        session.send(key).expect("send");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn exit_code(session: &mut Session) -> i32 {
    finish(session).1
}

#[test]
fn accepting_every_default_generates_the_recommended_flask_starter() {
    let run = Run::new();
    let mut session = run.spawn(&["new", "my-app", "--no-git"], &[]);
    answer(&mut session, "Real-time features", &[ENTER]);
    answer(&mut session, "Heavy data processing", &[ENTER]);
    answer(&mut session, "How big will the application get?", &[ENTER]);
    answer(
        &mut session,
        "Which language does the team know best?",
        &[ENTER],
    );
    answer(&mut session, "Which built-ins do you want", &[ENTER]);
    answer(&mut session, "Use Flask? (or pick another)", &[ENTER]);
    assert_eq!(exit_code(&mut session), 0);
    let manifest = run.read("my-app/.scaffold.toml");
    assert!(manifest.contains("framework = \"flask\""), "{manifest}");
    assert!(
        !manifest.contains("[answers]\nframework"),
        "a recommended choice is not an explicit one"
    );
}

#[test]
fn other_answers_change_the_recommendation() {
    let run = Run::new();
    let mut session = run.spawn(&["new", "chat", "--no-git"], &[]);
    answer(&mut session, "Real-time features", &["y"]);
    answer(&mut session, "Heavy data processing", &["n"]);
    answer(
        &mut session,
        "How big will the application get?",
        &[DOWN, ENTER],
    );
    answer(
        &mut session,
        "Which language does the team know best?",
        &[DOWN, ENTER],
    );
    answer(&mut session, "Which built-ins do you want", &[ENTER]);
    answer(&mut session, "Use Express? (or pick another)", &[ENTER]);
    assert_eq!(exit_code(&mut session), 0);
    let manifest = run.read("chat/.scaffold.toml");
    assert!(manifest.contains("framework = \"express\""), "{manifest}");
    assert!(
        manifest.contains("realtime = true") && manifest.contains("size = \"medium\""),
        "{manifest}"
    );
    assert!(manifest.contains("team = \"javascript\""), "{manifest}");
}

#[test]
fn overriding_the_recommendation_is_recorded() {
    let run = Run::new();
    let mut session = run.spawn(
        &[
            "new",
            "my-app",
            "--realtime",
            "no",
            "--data",
            "no",
            "--size",
            "small",
            "--team",
            "python",
            "--needs",
            "none",
            "--no-git",
        ],
        &[],
    );
    // Flask is first, then the runner-up, then the last: pick the last one.
    answer(
        &mut session,
        "Use Flask? (or pick another)",
        &[DOWN, DOWN, ENTER],
    );
    assert_eq!(exit_code(&mut session), 0);
    let manifest = run.read("my-app/.scaffold.toml");
    let table: toml::Table = toml::from_str(&manifest).expect("TOML");
    let chosen = table["framework"].as_str().expect("framework").to_owned();
    assert_ne!(chosen, "flask");
    assert_eq!(
        table["answers"]["framework"].as_str(),
        Some(chosen.as_str()),
        "the override replays"
    );
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_shows_the_cursor_and_writes_nothing() {
    let run = Run::new();
    let mut session = run.spawn(&["new", "my-app"], &[]);
    answer(&mut session, "Real-time features", &[ENTER]);
    answer(&mut session, "Heavy data processing", &[ENTER]);
    answer(&mut session, "How big will the application get?", &["\x03"]);
    let (output, code) = finish(&mut session);
    assert_eq!(code, 130, "{output}");
    assert!(
        output.contains(SHOW_CURSOR),
        "the cursor was left hidden: {output:?}"
    );
    assert!(run.is_empty(), "something was written");
}

#[test]
fn sigterm_or_sighup_at_a_prompt_exits_130_shows_the_cursor_and_writes_nothing() {
    for signal in ["-TERM", "-HUP"] {
        let run = Run::new();
        let mut session = run.spawn(&["new", "my-app"], &[]);
        answer(&mut session, "Real-time features", &[ENTER]);
        session
            .expect("Heavy data processing")
            .expect("the second prompt");
        std::thread::sleep(Duration::from_millis(300));
        let pid = session.get_process().pid().to_string();
        let sent = std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let (output, code) = finish(&mut session);
        assert_eq!(code, 130, "{signal}: {output}");
        assert!(
            output.contains(SHOW_CURSOR),
            "{signal}: the cursor was left hidden: {output:?}"
        );
        assert!(run.is_empty(), "{signal}: something was written");
    }
}

#[test]
fn esc_at_the_framework_choice_cancels_with_130() {
    let run = Run::new();
    let mut session = run.spawn(&["new", "my-app", "--yes", "--realtime", "no"], &[]);
    // --yes never prompts: the run completes on its own.
    assert_eq!(exit_code(&mut session), 0);

    let run = Run::new();
    let mut session = run.spawn(
        &[
            "new",
            "my-app",
            "--realtime",
            "no",
            "--data",
            "no",
            "--size",
            "small",
            "--team",
            "python",
            "--needs",
            "none",
        ],
        &[],
    );
    answer(&mut session, "Use Flask?", &[ESC]);
    let (output, code) = finish(&mut session);
    assert_eq!(code, 130, "{output}");
    assert!(run.is_empty());
    assert!(!Path::new(&run.work().join("my-app")).exists());
}
