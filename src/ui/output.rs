//! All human-facing text: notices, progress, the ranking, the summary and
//! errors, on stderr; and the one place that writes results to stdout.
//! Colour only at a terminal and never with `NO_COLOR`; `--quiet` silences
//! everything but errors.

use crate::core::decision::ChoiceSource;
use crate::core::recommend::{Recommendation, Verdict};
use crate::error::Error;
use crate::generate::install::Progress;
use crate::sys::env::Env;
use crate::ui::report::NewReport;
use console::Style;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

/// Where and how human-facing text is written.
#[derive(Debug, Clone)]
pub struct Output {
    quiet: bool,
    color: bool,
    /// Draw progress bars and spinners (a terminal that is not dumb, and not
    /// a CI log); else plain step lines.
    animate: bool,
}

impl Output {
    pub fn new(env: &Env, quiet: bool) -> Output {
        Output {
            quiet,
            color: env.fancy_stderr() && !env.no_color,
            animate: env.fancy_stderr() && !env.ci,
        }
    }

    /// Styles text bound for stdout (the ranking of `recommend`): colour
    /// only when stdout itself is a terminal, so `> file` gets plain text.
    pub fn for_stdout(env: &Env) -> Output {
        Output {
            quiet: false,
            color: env.stdout_is_terminal && !env.dumb_terminal && !env.no_color,
            animate: false,
        }
    }

    /// Text that is always plain, for tests and `--json` runs.
    pub fn plain(quiet: bool) -> Output {
        Output {
            quiet,
            color: false,
            animate: false,
        }
    }

    fn style(&self, style: Style) -> Style {
        style.force_styling(self.color)
    }

    /// A plain line on stderr, unless quiet.
    pub fn line(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{text}");
        }
    }

    /// A notice the user should read: a default taken, a step skipped.
    pub fn notice(&self, text: &str) {
        let label = self.style(Style::new().yellow().bold()).apply_to("note:");
        self.line(&format!("{label} {}", escaped_controls(text)));
    }

    /// Something wrong the run went past: a record skipped, a number shared.
    pub fn warning(&self, text: &str) {
        let label = self
            .style(Style::new().yellow().bold())
            .apply_to("warning:");
        self.line(&format!("{label} {}", escaped_controls(text)));
    }

    /// One step of the run, as a status line.
    pub fn step(&self, verb: &str, text: &str) {
        let verb = self
            .style(Style::new().green().bold())
            .apply_to(format!("{verb:>12}"));
        self.line(&format!("{verb} {text}"));
    }

    /// A progress bar over `total` items, or nothing outside a terminal.
    pub fn progress(&self, total: usize, message: &str) -> ItemProgress {
        if self.quiet || !self.animate {
            return ItemProgress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(
            Some(u64::try_from(total).unwrap_or(u64::MAX)),
            ProgressDrawTarget::hidden(),
        );
        let template = if self.color {
            "{prefix:>12.cyan.bold} [{bar:30}] {pos}/{len} {wide_msg}"
        } else {
            "{prefix:>12} [{bar:30}] {pos}/{len} {wide_msg}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("the progress template is valid")
                .progress_chars("=> "),
        );
        bar.set_prefix(message.to_owned());
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.tick();
        ItemProgress { bar: Some(bar) }
    }

    /// A slow step under way: at a terminal a spinner with the step and its
    /// elapsed time; elsewhere, when `announce`, one plain step line (so a CI
    /// log shows what it is waiting for), else nothing.
    pub fn activity(&self, verb: &str, text: &str, announce: bool) -> Activity {
        if self.quiet {
            return Activity {
                bar: ProgressBar::hidden(),
            };
        }
        if !self.animate {
            if announce {
                self.step(verb, text);
            }
            return Activity {
                bar: ProgressBar::hidden(),
            };
        }
        // Hidden until styled, so the first frame already shows the step.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let template = if self.color {
            "{prefix:>12.cyan.bold} {spinner} {wide_msg} {elapsed:.dim}"
        } else {
            "{prefix:>12} {spinner} {wide_msg} {elapsed}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("the spinner template is valid")
                .tick_chars("-\\|/ "),
        );
        bar.set_prefix(verb.to_owned());
        bar.set_message(text.to_owned());
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.tick();
        bar.enable_steady_tick(Duration::from_millis(100));
        Activity { bar }
    }

    /// The closing summary: what was created, where the decision is
    /// recorded, and the exact commands to type next.
    pub fn summary(&self, report: &NewReport<'_>, target: &Path) {
        self.line(&self.summary_text(report, target));
    }

    /// The summary's text, starting with an empty line; `target` is the
    /// path as the user typed it.
    pub fn summary_text(&self, report: &NewReport<'_>, target: &Path) -> String {
        let bold = self.style(Style::new().bold());
        let label = |text: &str| {
            self.style(Style::new().dim())
                .apply_to(format!("{text:<10}"))
        };
        let shown = target.display().to_string();
        let mut text = String::from("\n");
        text.push_str(&format!(
            "{} {} ({}, {})\n",
            self.style(Style::new().green().bold()).apply_to("Created"),
            bold.apply_to(&shown),
            report.framework,
            choice_phrase(report.choice),
        ));
        text.push_str(&format!("  {} {}\n", label("package"), report.package));
        text.push_str(&format!("  {} {}\n", label("files"), report.files.len()));
        let layers: Vec<&str> = report
            .features
            .generated
            .iter()
            .map(|generated| generated.feature.id())
            .collect();
        if !layers.is_empty() || !report.features.not_generated.is_empty() {
            let layers = if layers.is_empty() {
                "none".to_owned()
            } else {
                layers.join(", ")
            };
            text.push_str(&format!("  {} {layers}\n", label("layers")));
        }
        for not in &report.features.not_generated {
            text.push_str(&format!(
                "  {} {}: {}\n",
                label("left out"),
                not.feature,
                not.reason
            ));
        }
        match (&report.git, report.short_commit()) {
            (Some(git), Some(short)) => {
                text.push_str(&format!(
                    "  {} {short} on {}\n",
                    label("commit"),
                    git.branch
                ));
            }
            _ => text.push_str(&format!(
                "  {} none (no repository made)\n",
                label("commit")
            )),
        }
        if let Some(adr) = report.adr {
            let path = target.join(adr);
            text.push_str(&format!("  {} {}\n", label("decision"), path.display()));
        }
        if let Some(install) = &report.install {
            let outcome = if install.ok { "done" } else { "FAILED" };
            text.push_str(&format!(
                "  {} {outcome} in {:.1}s, log {}\n",
                label("install"),
                install.seconds,
                install.log
            ));
        }
        text.push_str(&format!("\n{}\n", bold.apply_to("Next steps:")));
        for command in &report.next_steps {
            let command = self.style(Style::new().cyan()).apply_to(command);
            text.push_str(&format!("  {command}\n"));
        }
        text.trim_end().to_owned()
    }

    /// The ranking with every option's reasons, as lines of text.
    pub fn ranking_text(&self, recommendation: &Recommendation) -> String {
        let mut text = String::new();
        let top = recommendation.framework();
        for (place, scored) in recommendation.ranking.iter().enumerate() {
            let name = format!(
                "{}. {} ({} points)",
                place + 1,
                scored.framework,
                scored.score
            );
            let name = if scored.framework == top {
                format!(
                    "{}  recommended",
                    self.style(Style::new().bold()).apply_to(name)
                )
            } else {
                name
            };
            text.push_str(&name);
            text.push('\n');
            for reason in &scored.reasons {
                let (mark, style) = match reason.verdict {
                    Verdict::Good => ("+", Style::new().green()),
                    Verdict::Neutral => ("~", Style::new().dim()),
                    Verdict::Bad => ("-", Style::new().red()),
                };
                let mark = self.style(style).apply_to(mark);
                text.push_str(&format!("   {mark} {}\n", reason.text));
            }
        }
        text
    }

    /// Shows the ranking on stderr (during `new`, where stdout is for results).
    pub fn ranking(&self, recommendation: &Recommendation) {
        let text = self.ranking_text(recommendation);
        self.line(text.trim_end());
    }

    /// Prints an error with its causes and its hint. Shown even when quiet.
    pub fn error(&self, error: &Error) {
        if matches!(error, Error::Cancelled) && std::io::stderr().is_terminal() {
            // A prompt interrupted by Ctrl-C leaves the cursor hidden.
            let _ = console::Term::stderr().show_cursor();
        }
        let mut stderr = std::io::stderr().lock();
        let label = self.style(Style::new().red().bold()).apply_to("error:");
        // Errors quote what the user gave (an answers file's value, a key, a
        // path): its control characters are shown, never sent raw.
        let _ = writeln!(stderr, "{label} {}", escaped_controls(&error.to_string()));
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            let _ = writeln!(
                stderr,
                "  caused by: {}",
                escaped_controls(&cause.to_string())
            );
            source = cause.source();
        }
        if let Some(hint) = error.hint() {
            let label = self.style(Style::new().cyan().bold()).apply_to("hint:");
            let _ = writeln!(stderr, "{label} {}", escaped_controls(&hint));
        }
    }
}

/// `--install`'s steps as they run: a spinner (or, outside a terminal, a
/// step line) while one runs, then `Installed` with its time. A failed step
/// leaves no line: the summary and the error report it.
pub struct InstallSteps<'a> {
    out: &'a Output,
    running: Option<Activity>,
}

impl Output {
    /// Shows the steps of `install::install`.
    pub fn install_steps(&self) -> InstallSteps<'_> {
        InstallSteps {
            out: self,
            running: None,
        }
    }
}

impl Progress for InstallSteps<'_> {
    fn started(&mut self, text: &str) {
        self.running = Some(self.out.activity("Installing", text, true));
    }

    fn ended(&mut self, text: &str, seconds: f64, succeeded: bool) {
        if let Some(activity) = self.running.take() {
            activity.finish();
        }
        if succeeded {
            self.out
                .step("Installed", &format!("{text} ({seconds:.1}s)"));
        }
    }
}

/// A progress bar, or nothing at all: without a bar, advancing costs
/// nothing (a hidden indicatif bar would still keep its count, rate and
/// estimate, under a lock, for every file).
#[derive(Debug)]
pub struct ItemProgress {
    bar: Option<ProgressBar>,
}

impl ItemProgress {
    /// One more item done, `item` being the one just done.
    pub fn advance(&self, item: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(item.to_owned());
            bar.inc(1);
        }
    }

    /// Clears the bar, if there is one.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A slow step's spinner; [`Activity::finish`] clears it.
#[derive(Debug)]
pub struct Activity {
    bar: ProgressBar,
}

impl Activity {
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// `text` with every control character but a line break written out as
/// its escape (`\u{1b}`): an escape sequence in a value quoted by a message
/// can neither drive the terminal nor hide what is wrong with the value.
pub fn escaped_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

fn choice_phrase(choice: ChoiceSource) -> &'static str {
    match choice {
        ChoiceSource::Recommended => "recommended",
        ChoiceSource::Explicit => "chosen with --framework",
        ChoiceSource::Overridden => "chosen over the recommendation",
        ChoiceSource::Prototype => "a prototype, not chosen yet",
    }
}

/// Writes a result to stdout. A closed pipe (`scaffold ... | head -1`) is
/// not an error: the reader has what it wanted. Any other failure (a full
/// disk, `> /dev/full`) is kept, and [`stdout_result`] turns it into the
/// run's error, so a result that was not written never exits 0.
pub fn print_result(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            let mut failure = STDOUT_FAILURE
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            failure.get_or_insert(error);
        }
    }
}

static STDOUT_FAILURE: std::sync::Mutex<Option<std::io::Error>> = std::sync::Mutex::new(None);

/// The first failure to write a result to stdout, if any.
///
/// # Errors
/// [`Error::StdoutWrite`] with the cause.
pub fn stdout_result() -> Result<(), Error> {
    let failure = STDOUT_FAILURE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    failure.map_or(Ok(()), |error| Err(Error::StdoutWrite(error)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::Answers;
    use crate::core::decision::ChoiceSource;
    use crate::core::framework::Framework;
    use crate::core::recommend::{recommend, RecommendationReport};
    use crate::ui::report::{self, GitReport, InstallReport, NewReport};

    fn env(stderr_is_terminal: bool, no_color: bool, ci: bool) -> Env {
        Env {
            stderr_is_terminal,
            no_color,
            ci,
            dumb_terminal: false,
            ..Env::fixed()
        }
    }

    #[test]
    fn results_on_stdout_are_coloured_only_when_stdout_is_a_terminal() {
        let piped = Env {
            stdout_is_terminal: false,
            ..env(true, false, false)
        };
        assert!(
            !Output::for_stdout(&piped).color,
            "stderr at a terminal, stdout piped"
        );
        let shown = Env {
            stdout_is_terminal: true,
            ..env(false, false, false)
        };
        assert!(Output::for_stdout(&shown).color);
        let no_color = Env {
            stdout_is_terminal: true,
            ..env(false, true, false)
        };
        assert!(!Output::for_stdout(&no_color).color);
    }

    #[test]
    fn colour_and_animation_only_at_a_terminal_and_colour_never_with_no_color() {
        let at = |terminal, no_color, ci| {
            let out = Output::new(&env(terminal, no_color, ci), false);
            (out.color, out.animate)
        };
        assert_eq!(at(true, false, false), (true, true));
        assert_eq!(at(true, true, false), (false, true), "NO_COLOR");
        assert_eq!(at(true, false, true), (true, false), "a CI log");
        assert_eq!(at(false, false, false), (false, false), "a pipe");
        let dumb = Env {
            dumb_terminal: true,
            ..env(true, false, false)
        };
        let out = Output::new(&dumb, false);
        assert!(!out.color && !out.animate, "TERM=dumb");
    }

    #[test]
    fn the_summary_names_the_project_commit_record_and_next_steps() {
        let answers = Answers::default();
        let recommendation = recommend(&answers);
        let commands = report::commands(Framework::Express, "svc", crate::core::host::HostOs::Unix);
        let features = crate::core::features::resolve(
            &Answers {
                needs: [crate::core::answers::Need::Admin].into_iter().collect(),
                ..Answers::default()
            },
            Framework::Express,
            false,
        );
        let report = NewReport {
            dry_run: false,
            path: "/home/ada/svc".to_owned(),
            framework: Framework::Express,
            package: "svc",
            choice: ChoiceSource::Explicit,
            features: &features,
            files: vec!["README.md", "app.js"],
            plan: None,
            git: Some(GitReport {
                branch: "main".to_owned(),
                commit: "0123456789abcdef0123456789abcdef01234567".to_owned(),
            }),
            adr: Some("docs/adr/0002-use-express.md"),
            install: Some(InstallReport {
                command: "npm ci".to_owned(),
                ok: true,
                log: "/tmp/scaffold-install-svc-x.log".to_owned(),
                seconds: 2.5,
            }),
            next_steps: report::next_steps(Path::new("svc"), &commands, true),
            commands,
            recommendation: RecommendationReport::new(&answers, &[], &recommendation),
        };
        let text = Output::plain(false).summary_text(&report, Path::new("svc"));
        assert_eq!(
            text,
            "\nCreated svc (Express, chosen with --framework)
  package    svc
  files      2
  layers     none
  left out   admin: Express has no admin site of its own, and the add-ons for one tie the project to their own data layer; a team that needs one adds it (AdminJS, for instance) or manages data through its own API
  commit     0123456789ab on main
  decision   svc/docs/adr/0002-use-express.md
  install    done in 2.5s, log /tmp/scaffold-install-svc-x.log

Next steps:
  cd svc
  npm test
  npm start"
        );
        assert!(!text.contains('\x1b'));
    }
}
