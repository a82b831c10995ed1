//! The recommendation as a library: read an answers file, rank the three
//! frameworks, and print each score with its reasons.
//!
//! ```sh
//! cargo run --example recommend -- examples/answers/chat-service.toml
//! ```

use scaffold::testing::answers_file;
use scaffold::testing::recommend::recommend;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: recommend <answers.toml>");
        return ExitCode::from(2);
    };
    let partial = match answers_file::read(&path) {
        Ok(partial) => partial,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let (answers, defaulted) = partial.complete_with_defaults();
    if !defaulted.is_empty() {
        let keys: Vec<&str> = defaulted.iter().map(|question| question.key()).collect();
        println!("(defaults used for: {})", keys.join(", "));
    }
    let recommendation = recommend(&answers);
    for scored in &recommendation.ranking {
        println!("{}: {} points", scored.framework, scored.score);
        for reason in &scored.reasons {
            println!("  {}, because {}", reason.verdict.label(), reason.text);
        }
    }
    println!("Recommended: {}", recommendation.framework());
    ExitCode::SUCCESS
}
