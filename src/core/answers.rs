//! The questionnaire's answers as data: the five questions, their defaults,
//! the partial answers that flags and answers files give, and how they merge.
//! Pure: reading the answers file from disk happens in `answers_file`.

use crate::core::framework::Framework;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// How big and complex the application will be.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// A prototype, a microservice or a small API.
    Small,
    /// A typical product backend with a handful of models.
    Medium,
    /// A large application with many models, roles and screens.
    Large,
}

/// The language the team knows best.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Team {
    /// The team knows Python best.
    Python,
    /// The team knows JavaScript best.
    Javascript,
    /// Comfortable in both.
    Both,
    /// New to backend work.
    New,
}

/// A built-in the team wants from the framework.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Need {
    Admin,
    Auth,
    Orm,
}

/// The five questions, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Question {
    Realtime,
    Data,
    Size,
    Team,
    Needs,
}

impl Question {
    pub const ALL: [Question; 5] = [
        Question::Realtime,
        Question::Data,
        Question::Size,
        Question::Team,
        Question::Needs,
    ];

    /// The key in an answers file, and the flag without its dashes.
    pub fn key(self) -> &'static str {
        match self {
            Question::Realtime => "realtime",
            Question::Data => "data",
            Question::Size => "size",
            Question::Team => "team",
            Question::Needs => "needs",
        }
    }

    /// The command-line flag that answers this question.
    pub fn flag(self) -> String {
        format!("--{}", self.key())
    }

    /// The question as a prompt shows it.
    pub fn prompt(self) -> &'static str {
        match self {
            Question::Realtime => {
                "Real-time features: chat, live updates, many concurrent connections?"
            }
            Question::Data => "Heavy data processing or machine learning?",
            Question::Size => "How big will the application get?",
            Question::Team => "Which language does the team know best?",
            Question::Needs => "Which built-ins do you want from the framework?",
        }
    }

    /// Why the question matters, in one line.
    pub fn help(self) -> &'static str {
        match self {
            Question::Realtime => {
                "Node's non-blocking I/O handles many open connections cheaply; Python needs extra pieces for it."
            }
            Question::Data => {
                "Python has the data and ML libraries (pandas, NumPy, scikit-learn, PyTorch)."
            }
            Question::Size => {
                "Large apps gain from Django's built-in structure; small ones from Flask's or Express's lightness."
            }
            Question::Team => "Working in a language the team knows is the biggest speed-up of all.",
            Question::Needs => {
                "Django ships an admin site, authentication and an ORM; Flask and Express need add-ons."
            }
        }
    }

    /// The accepted values, as the usage text lists them.
    pub fn values(self) -> &'static str {
        match self {
            Question::Realtime | Question::Data => "yes, no",
            Question::Size => "small, medium, large",
            Question::Team => "python, javascript, both, new",
            Question::Needs => "a comma list of admin, auth, orm, or none",
        }
    }
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl Size {
    pub const ALL: [Size; 3] = [Size::Small, Size::Medium, Size::Large];

    pub fn label(self) -> &'static str {
        match self {
            Size::Small => "small: a prototype, microservice or small API",
            Size::Medium => "medium: a typical product backend",
            Size::Large => "large: many models, roles and screens",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
        }
    }
}

impl Team {
    pub const ALL: [Team; 4] = [Team::Python, Team::Javascript, Team::Both, Team::New];

    pub fn label(self) -> &'static str {
        match self {
            Team::Python => "python: the team knows Python best",
            Team::Javascript => "javascript: the team knows JavaScript best",
            Team::Both => "both: comfortable in Python and JavaScript",
            Team::New => "new: the team is new to backend work",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Team::Python => "python",
            Team::Javascript => "javascript",
            Team::Both => "both",
            Team::New => "new",
        }
    }
}

impl Need {
    pub const ALL: [Need; 3] = [Need::Admin, Need::Auth, Need::Orm];

    pub fn id(self) -> &'static str {
        match self {
            Need::Admin => "admin",
            Need::Auth => "auth",
            Need::Orm => "orm",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Need::Admin => "admin: an admin panel to manage data",
            Need::Auth => "auth: user accounts and login",
            Need::Orm => "orm: models and migrations for a database",
        }
    }

    /// The built-in in words, for reasons and records.
    pub fn noun(self) -> &'static str {
        match self {
            Need::Admin => "an admin panel",
            Need::Auth => "built-in authentication",
            Need::Orm => "an ORM with migrations",
        }
    }
}

/// The built-ins wanted, as a set: `--needs none` is the empty set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Needs(pub BTreeSet<Need>);

impl Needs {
    pub fn contains(&self, need: Need) -> bool {
        self.0.contains(&need)
    }

    pub fn iter(&self) -> impl Iterator<Item = Need> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<Need> for Needs {
    fn from_iter<I: IntoIterator<Item = Need>>(iter: I) -> Self {
        Needs(iter.into_iter().collect())
    }
}

impl FromStr for Needs {
    type Err = String;

    /// Parses `admin,auth`, `orm` or `none` (case-insensitive, spaces
    /// ignored). An empty value, or an empty item (`,`, `orm,`), is refused
    /// alike: it is more often an unset shell variable than a choice, and
    /// `none` says "no built-ins" plainly.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(Needs::default());
        }
        if text.split(',').any(|part| part.trim().is_empty()) {
            return Err(format!(
                "'{text}' has an empty item: pass none for no built-ins, or a list of admin, auth, orm"
            ));
        }
        if text
            .split(',')
            .any(|part| part.trim().eq_ignore_ascii_case("none"))
        {
            return Err(format!(
                "'none' cannot be combined with other needs in '{text}': pass either none or a list of admin, auth, orm"
            ));
        }
        text.split(',')
            .map(|part| {
                let part = part.trim().to_ascii_lowercase();
                Need::ALL
                    .into_iter()
                    .find(|need| need.id() == part)
                    .ok_or_else(|| format!("'{part}' is not one of admin, auth, orm, none"))
            })
            .collect()
    }
}

impl fmt::Display for Needs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        let ids: Vec<&str> = self.iter().map(Need::id).collect();
        f.write_str(&ids.join(","))
    }
}

/// Every questionnaire answer, known.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Answers {
    pub realtime: bool,
    pub data: bool,
    pub size: Size,
    pub team: Team,
    pub needs: Needs,
}

impl Default for Answers {
    /// The defaults `--yes` fills in: a small service by a Python team, which
    /// the recommendation answers with Flask.
    fn default() -> Self {
        Answers {
            realtime: false,
            data: false,
            size: Size::Small,
            team: Team::Python,
            needs: Needs::default(),
        }
    }
}

impl Answers {
    /// The answer to one question, in words, as the ADR's decision drivers and
    /// the reproducing command's flag value show it.
    pub fn value_of(&self, question: Question) -> String {
        match question {
            Question::Realtime => yes_no(self.realtime).to_owned(),
            Question::Data => yes_no(self.data).to_owned(),
            Question::Size => self.size.id().to_owned(),
            Question::Team => self.team.id().to_owned(),
            Question::Needs => self.needs.to_string(),
        }
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

/// Parses `yes`/`no` (and `true`/`false`, `y`/`n`) for the boolean flags.
pub fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        other => Err(format!("'{other}' is not yes or no")),
    }
}

/// What flags or an answers file say: any field may be missing.
///
/// Besides the five questions it carries the project options an answers
/// file may also hold, so one file can replay a whole `scaffold new`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialAnswers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realtime: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Size>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<Needs>,
    /// An explicit framework choice, overriding the recommendation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<Framework>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(
        default,
        rename = "package-name",
        skip_serializing_if = "Option::is_none"
    )]
    pub package_name: Option<String>,
    /// `--minimal`: the base starter whatever the answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimal: Option<bool>,
}

impl PartialAnswers {
    /// Fills every field `self` leaves open from `fallback`: flags over the file.
    pub fn or(self, fallback: PartialAnswers) -> PartialAnswers {
        PartialAnswers {
            realtime: self.realtime.or(fallback.realtime),
            data: self.data.or(fallback.data),
            size: self.size.or(fallback.size),
            team: self.team.or(fallback.team),
            needs: self.needs.or(fallback.needs),
            framework: self.framework.or(fallback.framework),
            description: self.description.or(fallback.description),
            author: self.author.or(fallback.author),
            package_name: self.package_name.or(fallback.package_name),
            minimal: self.minimal.or(fallback.minimal),
        }
    }

    /// Whether this question has an answer.
    pub fn is_answered(&self, question: Question) -> bool {
        match question {
            Question::Realtime => self.realtime.is_some(),
            Question::Data => self.data.is_some(),
            Question::Size => self.size.is_some(),
            Question::Team => self.team.is_some(),
            Question::Needs => self.needs.is_some(),
        }
    }

    /// The questions still without an answer, in asking order.
    pub fn missing(&self) -> Vec<Question> {
        Question::ALL
            .into_iter()
            .filter(|question| !self.is_answered(*question))
            .collect()
    }

    /// Completes the answers with the defaults, and says which were defaulted.
    pub fn complete_with_defaults(&self) -> (Answers, Vec<Question>) {
        let defaults = Answers::default();
        let answers = Answers {
            realtime: self.realtime.unwrap_or(defaults.realtime),
            data: self.data.unwrap_or(defaults.data),
            size: self.size.unwrap_or(defaults.size),
            team: self.team.unwrap_or(defaults.team),
            needs: self.needs.clone().unwrap_or(defaults.needs),
        };
        (answers, self.missing())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_parse_a_comma_list_and_none() {
        let needs: Needs = "admin, ORM".parse().expect("valid list");
        assert_eq!(needs.to_string(), "admin,orm");
        assert!("none".parse::<Needs>().expect("none").is_empty());
        assert_eq!(
            "admin,cms".parse::<Needs>(),
            Err("'cms' is not one of admin, auth, orm, none".to_owned())
        );
    }

    #[test]
    fn an_empty_needs_value_and_an_empty_item_are_refused_alike() {
        for text in ["", " ", ",", "orm,", ",auth", "admin,,orm"] {
            let error = text.parse::<Needs>().expect_err(text);
            assert!(
                error.contains("has an empty item: pass none"),
                "{text:?}: {error}"
            );
        }
    }

    #[test]
    fn flags_win_over_the_answers_file() {
        let flags = PartialAnswers {
            team: Some(Team::Javascript),
            ..PartialAnswers::default()
        };
        let file = PartialAnswers {
            team: Some(Team::Python),
            size: Some(Size::Large),
            ..PartialAnswers::default()
        };
        let merged = flags.or(file);
        assert_eq!(merged.team, Some(Team::Javascript));
        assert_eq!(merged.size, Some(Size::Large));
    }

    #[test]
    fn defaults_name_the_questions_they_filled() {
        let partial = PartialAnswers {
            realtime: Some(true),
            needs: Some(Needs::default()),
            ..PartialAnswers::default()
        };
        let (answers, defaulted) = partial.complete_with_defaults();
        assert!(answers.realtime);
        assert_eq!(
            defaulted,
            vec![Question::Data, Question::Size, Question::Team]
        );
    }

    #[test]
    fn yes_no_accepts_common_spellings() {
        assert_eq!(parse_yes_no("Yes"), Ok(true));
        assert_eq!(parse_yes_no("false"), Ok(false));
        assert!(parse_yes_no("maybe").is_err());
    }
}
