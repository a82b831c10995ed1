//! `scaffold recommend`: the answers, then the ranking with its reasons.

use crate::core::recommend::{self, RecommendationReport};
use crate::error::Error;
use crate::sys::env::Env;
use crate::ui::cli::RecommendArgs;
use crate::ui::intake;
use crate::ui::output::{self, Output};
use crate::ui::questionnaire::TerminalPrompter;

/// `scaffold recommend`: the ranking with reasons, on stdout.
pub fn run(args: &RecommendArgs, env: &Env) -> Result<(), Error> {
    let out = Output::new(env, false);
    let gathered = intake::gather(&args.questions, args.questions.partial_answers())?;
    let mode = intake::Mode {
        interactive: env.can_prompt() && !args.questions.yes,
        lenient: args.questions.yes || gathered.replays_defaults(),
    };
    let partial = gathered.answers;
    let mut prompter = TerminalPrompter::new();
    let (answers, defaulted) = intake::complete(&partial, mode, &mut prompter, &out)?;
    let recommendation = recommend::recommend(&answers);
    if args.questions.json {
        let report = RecommendationReport::new(&answers, &defaulted, &recommendation);
        output::print_result(&format!("{}\n", report.to_json()));
    } else {
        output::print_result(&Output::for_stdout(env).ranking_text(&recommendation));
    }
    Ok(())
}
