//! Replaying a project: the `scaffold new ... --yes` command line that
//! reproduces a generated repo, and the `.scaffold.toml` file that can be fed
//! back through `--answers`. Pure.

use crate::core::answers::{Answers, PartialAnswers, Question};
use crate::core::decision::{ChoiceSource, Decision};
use crate::core::features::{Features, FeaturesSummary};
use crate::core::framework::Framework;
use crate::core::shell::shell_quote;
use serde::Serialize;

/// What a replay needs besides the questionnaire answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayOptions {
    pub project_name: String,
    /// Set when the framework was chosen explicitly or at the prompt, not
    /// taken from the recommendation.
    pub framework: Option<Framework>,
    pub description: String,
    pub author: String,
    /// Set only when `--package-name` was given.
    pub package_name: Option<String>,
    /// `--minimal` was given.
    pub minimal: bool,
}

/// Everything a replay reproduces, taken from the decision.
impl ReplayOptions {
    /// `explicit_package` is the `--package-name` given, if any: a derived
    /// package name needs no flag, since the rerun derives it again.
    pub fn for_decision(decision: &Decision, explicit_package: Option<&str>) -> ReplayOptions {
        ReplayOptions {
            project_name: decision.project_name.clone(),
            framework: (decision.source != ChoiceSource::Recommended).then_some(decision.chosen),
            description: decision.description.clone(),
            author: decision.author.clone(),
            package_name: explicit_package.map(str::to_owned),
            minimal: decision.features.minimal,
        }
    }
}

/// The command line that reproduces the repo, leaving out the answers in
/// `defaulted`: rerun with `--yes`, it takes the same defaults and the
/// decision record marks them as defaults again, so the rerun gives the
/// same bytes. (A scaffold whose defaults changed is a new version, whose
/// files differ anyway.) The author is always given, even when empty, so a
/// rerun on a machine with another git identity writes the same records.
pub fn reproduce_command(
    answers: &Answers,
    defaulted: &[Question],
    options: &ReplayOptions,
) -> String {
    let mut words = vec![
        "scaffold".to_owned(),
        "new".to_owned(),
        shell_quote(&options.project_name),
    ];
    for question in Question::ALL
        .into_iter()
        .filter(|question| !defaulted.contains(question))
    {
        words.push(question.flag());
        words.push(shell_quote(&answers.value_of(question)));
    }
    if let Some(framework) = options.framework {
        words.push("--framework".to_owned());
        words.push(framework.id().to_owned());
    }
    if let Some(package) = &options.package_name {
        words.push("--package-name".to_owned());
        words.push(shell_quote(package));
    }
    if options.minimal {
        words.push("--minimal".to_owned());
    }
    words.push("--description".to_owned());
    words.push(shell_quote(&options.description));
    words.push("--author".to_owned());
    words.push(shell_quote(&options.author));
    words.push("--yes".to_owned());
    words.join(" ")
}

/// The git reference that keeps the tree scaffold generated last, the base
/// of `scaffold add` and `scaffold upgrade`'s three-way merge (a commit
/// whose tree is that tree; `new` points it at the first commit).
pub const BASE_REF: &str = "refs/scaffold/base";

/// The `.scaffold.toml` written into every generated repo.
#[derive(Debug, Serialize)]
struct ScaffoldFile<'a> {
    version: &'a str,
    framework: Framework,
    package: &'a str,
    /// The project's name, which day-two commands render with again (the
    /// folder a clone lands in may be named otherwise).
    name: &'a str,
    /// Where the base tree of day two is kept: [`BASE_REF`].
    base: &'a str,
    /// The questions left to their defaults: kept out of `[answers]`, so a
    /// replay defaults them again and its record says so, as the first did.
    #[serde(skip_serializing_if = "no_questions")]
    defaulted: &'a [Question],
    features: FeaturesSummary,
    answers: PartialAnswers,
}

fn no_questions(questions: &&[Question]) -> bool {
    questions.is_empty()
}

/// Renders `.scaffold.toml`: facts at the top, and an `[answers]` table that
/// `scaffold new <dir> --answers .scaffold.toml` replays.
pub fn scaffold_toml(
    version: &str,
    framework: Framework,
    package: &str,
    answers: &Answers,
    defaulted: &[Question],
    features: &Features,
    options: &ReplayOptions,
) -> String {
    let given = |question| (!defaulted.contains(&question)).then_some(());
    let file = ScaffoldFile {
        version,
        framework,
        package,
        name: &options.project_name,
        base: BASE_REF,
        defaulted,
        features: features.summary(),
        answers: PartialAnswers {
            realtime: given(Question::Realtime).map(|()| answers.realtime),
            data: given(Question::Data).map(|()| answers.data),
            size: given(Question::Size).map(|()| answers.size),
            team: given(Question::Team).map(|()| answers.team),
            needs: given(Question::Needs).map(|()| answers.needs.clone()),
            framework: options.framework,
            description: Some(options.description.clone()),
            author: Some(options.author.clone()),
            package_name: options.package_name.clone(),
            minimal: options.minimal.then_some(true),
        },
    };
    let body = toml::to_string(&file).expect("the manifest always serializes to TOML");
    format!(
        "# Written by scaffold {version}. The [answers] table replays this project:\n\
         #   scaffold new <dir> --answers .scaffold.toml\n{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ReplayOptions {
        ReplayOptions {
            project_name: "my-app".to_owned(),
            framework: Some(Framework::Express),
            description: "It's \"fine\"".to_owned(),
            author: String::new(),
            package_name: None,
            minimal: false,
        }
    }

    #[test]
    fn the_command_spells_out_every_answer_and_quotes_free_text() {
        let command = reproduce_command(&Answers::default(), &[], &options());
        assert_eq!(
            command,
            r#"scaffold new my-app --realtime no --data no --size small --team python --needs none --framework express --description 'It'\''s "fine"' --author '' --yes"#
        );
        let defaulted = reproduce_command(
            &Answers::default(),
            &[Question::Data, Question::Needs],
            &options(),
        );
        assert!(
            !defaulted.contains("--data") && !defaulted.contains("--needs"),
            "{defaulted}"
        );
    }

    #[test]
    fn the_scaffold_toml_answers_table_parses_back() {
        let text = scaffold_toml(
            "0.1.0",
            Framework::Express,
            "my-app",
            &Answers::default(),
            &[],
            &Features::default(),
            &options(),
        );
        let value: toml::Table = toml::from_str(&text).expect("valid TOML");
        let answers: PartialAnswers = value["answers"].clone().try_into().expect("answers table");
        assert_eq!(answers.framework, Some(Framework::Express));
        assert_eq!(answers.description.as_deref(), Some("It's \"fine\""));
        assert_eq!(answers.complete_with_defaults().1, vec![]);
    }

    #[test]
    fn defaulted_answers_stay_defaults_in_the_scaffold_toml() {
        let defaulted = [Question::Size, Question::Needs];
        let text = scaffold_toml(
            "0.1.0",
            Framework::Flask,
            "my_app",
            &Answers::default(),
            &defaulted,
            &Features::default(),
            &options(),
        );
        let file = crate::sys::answers_file::parse_file(&text).expect("replayable");
        assert_eq!(file.defaulted, defaulted);
        assert_eq!(file.answers.size, None);
        assert_eq!(file.answers.needs, None);
        assert_eq!(file.answers.team, Some(crate::core::answers::Team::Python));
        assert_eq!(file.answers.missing(), defaulted);
    }
}
