//! The only code that asks the user anything, through the [`Prompter`] trait
//! so tests can script the answers. Callers decide whether prompting is
//! allowed at all (see [`crate::sys::env::Env::can_prompt`]).

use crate::core::answers::{Answers, Need, Needs, PartialAnswers, Question, Size, Team};
use crate::core::decision::ChoiceSource;
use crate::core::framework::Framework;
use crate::core::recommend::Recommendation;
use crate::error::Error;
use dialoguer::theme::ColorfulTheme;

/// Asks questions. Returns [`Error::Cancelled`] on Esc or Ctrl-C.
pub trait Prompter {
    /// Shows a line of explanation before the next question.
    fn explain(&mut self, text: &str);
    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool, Error>;
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize, Error>;
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>, Error>;
}

/// Asks every question `partial` leaves open, in order.
///
/// # Errors
/// [`Error::Cancelled`] or [`Error::Prompt`] from the prompter.
pub fn ask_missing(
    partial: &PartialAnswers,
    prompter: &mut dyn Prompter,
) -> Result<Answers, Error> {
    ask_missing_with(partial, &Answers::default(), prompter)
}

/// [`ask_missing`], each question offering `defaults`' value first
/// (`scaffold reconsider` offers the recorded answers).
///
/// # Errors
/// [`Error::Cancelled`] or [`Error::Prompt`] from the prompter.
pub fn ask_missing_with(
    partial: &PartialAnswers,
    defaults: &Answers,
    prompter: &mut dyn Prompter,
) -> Result<Answers, Error> {
    let realtime = match partial.realtime {
        Some(value) => value,
        None => {
            let prompt = introduce(prompter, Question::Realtime);
            prompter.confirm(prompt, defaults.realtime)?
        }
    };
    let data = match partial.data {
        Some(value) => value,
        None => {
            let prompt = introduce(prompter, Question::Data);
            prompter.confirm(prompt, defaults.data)?
        }
    };
    let size = match partial.size {
        Some(value) => value,
        None => {
            let prompt = introduce(prompter, Question::Size);
            let items: Vec<String> = Size::ALL.iter().map(|s| s.label().to_owned()).collect();
            let default = Size::ALL
                .iter()
                .position(|s| *s == defaults.size)
                .unwrap_or(0);
            Size::ALL[prompter.select(prompt, &items, default)?]
        }
    };
    let team = match partial.team {
        Some(value) => value,
        None => {
            let prompt = introduce(prompter, Question::Team);
            let items: Vec<String> = Team::ALL.iter().map(|t| t.label().to_owned()).collect();
            let default = Team::ALL
                .iter()
                .position(|t| *t == defaults.team)
                .unwrap_or(0);
            Team::ALL[prompter.select(prompt, &items, default)?]
        }
    };
    let needs = match &partial.needs {
        Some(value) => value.clone(),
        None => {
            let prompt = introduce(prompter, Question::Needs);
            let items: Vec<String> = Need::ALL.iter().map(|n| n.label().to_owned()).collect();
            let checked: Vec<bool> = Need::ALL
                .iter()
                .map(|n| defaults.needs.contains(*n))
                .collect();
            let picked = prompter.multi_select(prompt, &items, &checked)?;
            picked
                .into_iter()
                .map(|index| Need::ALL[index])
                .collect::<Needs>()
        }
    };
    Ok(Answers {
        realtime,
        data,
        size,
        team,
        needs,
    })
}

/// Explains why a question matters, and gives its prompt text.
fn introduce(prompter: &mut dyn Prompter, question: Question) -> &'static str {
    prompter.explain(question.help());
    question.prompt()
}

/// Offers the recommendation, best first, and returns the pick and how it was made.
///
/// # Errors
/// [`Error::Cancelled`] or [`Error::Prompt`] from the prompter.
pub fn choose_framework(
    recommendation: &Recommendation,
    prompter: &mut dyn Prompter,
) -> Result<(Framework, ChoiceSource), Error> {
    let top = recommendation.framework();
    let items: Vec<String> = recommendation
        .ranking
        .iter()
        .map(|scored| {
            let note = if scored.framework == top {
                ", recommended"
            } else {
                ""
            };
            format!("{} ({} points{note})", scored.framework, scored.score)
        })
        .collect();
    let prompt = format!("Use {top}? (or pick another)");
    let picked = recommendation.ranking[prompter.select(&prompt, &items, 0)?].framework;
    let source = if picked == top {
        ChoiceSource::Recommended
    } else {
        ChoiceSource::Overridden
    };
    Ok((picked, source))
}

/// Prompts at the terminal with dialoguer, on stderr.
pub struct TerminalPrompter {
    theme: ColorfulTheme,
}

impl TerminalPrompter {
    pub fn new() -> TerminalPrompter {
        TerminalPrompter {
            theme: ColorfulTheme::default(),
        }
    }
}

impl Default for TerminalPrompter {
    fn default() -> Self {
        TerminalPrompter::new()
    }
}

/// Esc (`None`) and Ctrl-C (an interrupted read) both cancel.
fn prompt_result<T>(result: Result<Option<T>, dialoguer::Error>) -> Result<T, Error> {
    match result {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(Error::Cancelled),
        Err(dialoguer::Error::IO(error)) if error.kind() == std::io::ErrorKind::Interrupted => {
            Err(Error::Cancelled)
        }
        Err(dialoguer::Error::IO(error)) => {
            if crate::sys::cancel::interrupted() {
                Err(Error::Cancelled)
            } else {
                Err(Error::Prompt(error))
            }
        }
    }
}

impl Prompter for TerminalPrompter {
    fn explain(&mut self, text: &str) {
        let term = console::Term::stderr();
        let _ = term.write_line(&format!("{}", console::style(text).dim()));
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool, Error> {
        prompt_result(
            dialoguer::Confirm::with_theme(&self.theme)
                .with_prompt(prompt)
                .default(default)
                .interact_opt(),
        )
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize, Error> {
        prompt_result(
            dialoguer::Select::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(items)
                .default(default)
                .interact_opt(),
        )
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Result<Vec<usize>, Error> {
        prompt_result(
            dialoguer::MultiSelect::with_theme(&self.theme)
                .with_prompt(format!("{prompt} (space to toggle, enter to accept)"))
                .items(items)
                .defaults(checked)
                .interact_opt(),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::recommend::recommend;
    use std::collections::VecDeque;

    /// A prompter that answers from a script, and fails the test if asked more.
    pub(crate) struct Scripted {
        pub answers: VecDeque<Scripted1>,
        pub asked: Vec<String>,
    }

    pub(crate) enum Scripted1 {
        Confirm(bool),
        Select(usize),
        Multi(Vec<usize>),
        Cancel,
    }

    impl Scripted {
        pub(crate) fn new(answers: Vec<Scripted1>) -> Scripted {
            Scripted {
                answers: answers.into(),
                asked: Vec::new(),
            }
        }

        fn next(&mut self, prompt: &str) -> Scripted1 {
            self.asked.push(prompt.to_owned());
            self.answers
                .pop_front()
                .unwrap_or_else(|| panic!("unexpected prompt: {prompt}"))
        }
    }

    impl Prompter for Scripted {
        fn explain(&mut self, _text: &str) {}
        fn confirm(&mut self, prompt: &str, _default: bool) -> Result<bool, Error> {
            match self.next(prompt) {
                Scripted1::Confirm(value) => Ok(value),
                Scripted1::Cancel => Err(Error::Cancelled),
                _ => panic!("expected a confirm at {prompt}"),
            }
        }
        fn select(
            &mut self,
            prompt: &str,
            _items: &[String],
            _default: usize,
        ) -> Result<usize, Error> {
            match self.next(prompt) {
                Scripted1::Select(index) => Ok(index),
                Scripted1::Cancel => Err(Error::Cancelled),
                _ => panic!("expected a select at {prompt}"),
            }
        }
        fn multi_select(
            &mut self,
            prompt: &str,
            _items: &[String],
            _checked: &[bool],
        ) -> Result<Vec<usize>, Error> {
            match self.next(prompt) {
                Scripted1::Multi(picked) => Ok(picked),
                Scripted1::Cancel => Err(Error::Cancelled),
                _ => panic!("expected a multi-select at {prompt}"),
            }
        }
    }

    /// A user who presses Enter at every question.
    struct TakesDefaults;

    impl Prompter for TakesDefaults {
        fn explain(&mut self, _text: &str) {}
        fn confirm(&mut self, _prompt: &str, default: bool) -> Result<bool, Error> {
            Ok(default)
        }
        fn select(&mut self, _: &str, _: &[String], default: usize) -> Result<usize, Error> {
            Ok(default)
        }
        fn multi_select(
            &mut self,
            _: &str,
            _: &[String],
            checked: &[bool],
        ) -> Result<Vec<usize>, Error> {
            Ok((0..checked.len()).filter(|index| checked[*index]).collect())
        }
    }

    #[test]
    fn asked_again_each_question_offers_the_given_defaults_first() {
        let recorded = Answers {
            realtime: true,
            data: true,
            size: Size::Large,
            team: Team::Javascript,
            needs: [Need::Auth, Need::Admin].into_iter().collect(),
        };
        let again = ask_missing_with(&PartialAnswers::default(), &recorded, &mut TakesDefaults)
            .expect("answers");
        assert_eq!(again, recorded);
    }

    #[test]
    fn asks_only_the_missing_questions_in_order() {
        let partial = PartialAnswers {
            data: Some(true),
            team: Some(Team::New),
            ..PartialAnswers::default()
        };
        let mut prompter = Scripted::new(vec![
            Scripted1::Confirm(true),
            Scripted1::Select(2),
            Scripted1::Multi(vec![0, 2]),
        ]);
        let answers = ask_missing(&partial, &mut prompter).expect("answered");
        assert_eq!(
            prompter.asked,
            vec![
                Question::Realtime.prompt(),
                Question::Size.prompt(),
                Question::Needs.prompt()
            ]
        );
        assert!(answers.realtime && answers.data);
        assert_eq!(answers.size, Size::Large);
        assert_eq!(answers.needs.to_string(), "admin,orm");
    }

    #[test]
    fn a_complete_set_of_answers_asks_nothing() {
        let partial = PartialAnswers {
            realtime: Some(false),
            data: Some(false),
            size: Some(Size::Small),
            team: Some(Team::Python),
            needs: Some(Needs::default()),
            ..PartialAnswers::default()
        };
        let mut prompter = Scripted::new(vec![]);
        assert_eq!(
            ask_missing(&partial, &mut prompter).expect("no prompt"),
            Answers::default()
        );
    }

    #[test]
    fn picking_another_framework_is_recorded_as_an_override() {
        let recommendation = recommend(&Answers::default());
        let mut prompter = Scripted::new(vec![Scripted1::Select(0)]);
        let (framework, source) = choose_framework(&recommendation, &mut prompter).expect("picked");
        assert_eq!(
            (framework, source),
            (Framework::Flask, ChoiceSource::Recommended)
        );
        let mut prompter = Scripted::new(vec![Scripted1::Select(2)]);
        let (framework, source) = choose_framework(&recommendation, &mut prompter).expect("picked");
        assert_eq!(framework, recommendation.ranking[2].framework);
        assert_eq!(source, ChoiceSource::Overridden);
    }

    #[test]
    fn cancelling_a_prompt_cancels_the_run() {
        let mut prompter = Scripted::new(vec![Scripted1::Cancel]);
        let result = ask_missing(&PartialAnswers::default(), &mut prompter);
        assert!(matches!(result, Err(Error::Cancelled)));
    }
}
