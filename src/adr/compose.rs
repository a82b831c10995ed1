//! What goes into the records scaffold writes: the two records of
//! `scaffold new` (how decisions are recorded, and the framework decision),
//! laid out here as Markdown, and the data of `scaffold adr new`'s skeleton,
//! rendered from `templates/_shared/adr/new-record.md.hbs`. The sentences
//! that depend on numbers (scores, margins, who chose) are composed here too.
//!
//! The two records of `scaffold new` are written with plain string building
//! rather than a template: every `scaffold new` writes them, and compiling
//! their templates was a fifth of the work of a whole run.
//! Pure: no disk, no clock; the date comes in with the data.

use super::record::{self, RecordRef};
use super::view::Listed;
use super::DEFAULT_DIR;
use crate::core::answers::{Answers, Need, Question, Size, Team};
use crate::core::decision::{ChoiceSource, Decision, Prototype};
use crate::core::features::layer;
use crate::core::framework::{Framework, Language};
use crate::core::recommend::{Reason, Verdict, CLOSE_MARGIN};
use crate::templates::render::{json_string, one_line};
use crate::templates::{self};
use serde::Serialize;
use std::fmt::Write as _;

/// The template of `scaffold adr new`.
pub const SKELETON_TEMPLATE: &str = "_shared/adr/new-record.md.hbs";

/// The title of the first record, as adr-tools names it too.
pub const PRACTICE_TITLE: &str = "Record architecture decisions";

/// The title of the framework decision.
pub fn framework_title(framework: Framework) -> String {
    format!("Use {framework} as the backend framework")
}

/// The data of the record that says decisions are recorded, and how.
#[derive(Debug)]
pub struct PracticeView {
    pub title: &'static str,
    pub date: String,
    /// Empty when nobody is known: the field is then left out.
    pub decision_makers: String,
    pub project_name: String,
    pub dir: &'static str,
    pub framework_file: String,
}

impl PracticeView {
    pub fn new(decision: &Decision) -> PracticeView {
        PracticeView {
            title: PRACTICE_TITLE,
            date: decision.date.clone(),
            decision_makers: decision.author.trim().to_owned(),
            project_name: decision.project_name.clone(),
            dir: DEFAULT_DIR,
            framework_file: framework_file(decision.chosen),
        }
    }

    /// The record's row in the index: what its front matter and heading say.
    pub fn listed(&self, path: String) -> Listed {
        Listed {
            number: 1,
            title: self.title.to_owned(),
            status: Some("accepted".to_owned()),
            date: Some(self.date.clone()),
            path,
        }
    }

    /// `docs/adr/0001-record-architecture-decisions.md`.
    pub fn markdown(&self) -> String {
        let mut out = String::with_capacity(2600);
        out.push_str("---\nstatus: \"accepted\"\n");
        writeln!(out, "date: {}\nnumber: 1", json_string(&self.date)).expect(WRITE);
        front_matter_makers(&mut out, &self.decision_makers);
        let PracticeView {
            title,
            project_name,
            dir,
            framework_file,
            ..
        } = self;
        write!(
            out,
            r#"---
# {title}

## Context and Problem Statement

Decisions about the architecture of `{project_name}` (its framework, its data store, how it is deployed) are made once and then lived with for years. How do we keep the reasons for them where the next person working on `{project_name}` will find them?

## Considered Options

* Architecture Decision Records in MADR form, kept in the repository
* A wiki page or shared document
* No written record

## Decision Outcome

Chosen option: "Architecture Decision Records in MADR form, kept in the repository", because they are versioned and reviewed with the code they explain, and the format is read by existing tools.

Each significant decision is a Markdown file in `{dir}/`, named `NNNN-title-with-dashes.md`, numbered in order and never renumbered, in the [MADR 4](https://adr.github.io/madr/) form: YAML front matter with the status and date, the context, the options considered, the outcome and its consequences. A record is never deleted: when a decision changes, a new record supersedes it, and the old one's status says so. The framework decision is the first of them: [ADR-0002]({framework_file}).

* `scaffold adr list` lists the records, `scaffold adr show N` prints one.
* `scaffold adr new "<title>"` adds the next record, accepted and dated today; with `--status proposed` it is proposed, and `scaffold adr accept N` or `reject N` decides it later; `--supersedes N` replaces record N.
* The `.adr-dir` file at the root of the repository points adr-tools and other ADR tools to this folder.

### Consequences

* Good, because the reasons behind the architecture are reviewed in pull requests and travel with the code
* Good, because someone new to the project can read the decisions in order, including the ones that were replaced
* Bad, because writing a record takes time, so records are kept for decisions that are costly to reverse

### Confirmation

A pull request that changes the architecture adds a record, or supersedes one; its reviewers check that it does.

## More Information

* MADR, the form of these records: <https://adr.github.io/madr/>
* Michael Nygard, "Documenting Architecture Decisions" (2011), where ADRs come from: <https://cognitect.com/blog/2011/11/15/documenting-architecture-decisions>
"#
        )
        .expect(WRITE);
        out
    }
}

/// The data of the framework decision record.
#[derive(Debug)]
pub struct FrameworkView {
    pub title: String,
    /// `accepted`, or `proposed` for one of a `new --compare` pair.
    pub status: &'static str,
    /// Set for one of a `new --compare` pair: what is prototyped against what.
    pub prototype_text: Option<String>,
    pub date: String,
    pub decision_makers: String,
    pub project_name: String,
    /// The description as a Markdown block quote, every line prefixed `> `.
    pub description_quote: String,
    pub drivers: Vec<DriverView>,
    pub any_defaulted: bool,
    /// `--framework` made the questions optional (else `--yes` did).
    pub explicit: bool,
    pub options: Vec<OptionView>,
    pub outcome: String,
    pub outcome_reasons_intro: String,
    pub outcome_reasons: Vec<String>,
    pub consequences: Vec<ReasonView>,
    pub confirmation: Vec<String>,
    pub scores: Vec<ScoreRow>,
    pub margin_text: String,
    pub defaults_text: String,
    pub scaffold_version: String,
    pub reproduce_command: String,
    /// A code fence longer than any run of backticks in the command.
    pub fence: String,
}

/// One decision driver: an answer in words.
#[derive(Debug)]
pub struct DriverView {
    pub text: String,
    /// The flag and value that give this answer: `--size small`.
    pub flag: String,
    pub defaulted: bool,
}

/// One considered option with its reasons from the scoring.
#[derive(Debug)]
pub struct OptionView {
    pub name: &'static str,
    pub summary: &'static str,
    pub docs_url: &'static str,
    pub score: String,
    /// `Recommended and chosen.`, `Recommended.`, `Chosen.` or empty.
    pub note: &'static str,
    /// Good, then Neutral, then Bad, as MADR lists them.
    pub reasons: Vec<ReasonView>,
}

/// A MADR bullet: `* Good, because ...`.
#[derive(Debug)]
pub struct ReasonView {
    pub verdict: &'static str,
    pub text: String,
}

/// One row of the scores table.
#[derive(Debug)]
pub struct ScoreRow {
    pub name: &'static str,
    pub score: i32,
    pub note: &'static str,
}

impl FrameworkView {
    pub fn new(decision: &Decision) -> FrameworkView {
        let recommendation = &decision.recommendation;
        let recommended = recommendation.framework();
        let chosen = decision.chosen;
        let options = Framework::ALL
            .into_iter()
            .map(|framework| {
                let scored = recommendation.scored(framework);
                let facts = framework.facts();
                let mut reasons: Vec<&Reason> = scored.reasons.iter().collect();
                reasons.sort_by_key(|reason| verdict_order(reason.verdict));
                OptionView {
                    name: facts.display_name,
                    summary: facts.summary,
                    docs_url: facts.docs_url,
                    score: points(scored.score),
                    note: match (framework == recommended, framework == chosen) {
                        (true, true) => "Recommended and chosen.",
                        (true, false) => "Recommended.",
                        (false, true) => "Chosen.",
                        (false, false) => "",
                    },
                    reasons: reasons.into_iter().map(ReasonView::from).collect(),
                }
            })
            .collect();
        let scores = recommendation
            .ranking
            .iter()
            .map(|scored| ScoreRow {
                name: scored.framework.display_name(),
                score: scored.score,
                note: match (scored.framework == recommended, scored.framework == chosen) {
                    (true, true) => "recommended and chosen",
                    (true, false) => "recommended",
                    (false, true) => "chosen",
                    (false, false) => "",
                },
            })
            .collect();
        let (outcome_reasons_intro, outcome_reasons) = outcome_reasons(decision);
        FrameworkView {
            title: framework_title(chosen),
            status: if decision.prototype.is_some() {
                record::Status::Proposed.word()
            } else {
                record::Status::Accepted.word()
            },
            prototype_text: decision
                .prototype
                .as_ref()
                .map(|p| prototype_text(chosen, p)),
            date: decision.date.clone(),
            decision_makers: decision.author.trim().to_owned(),
            project_name: decision.project_name.clone(),
            description_quote: block_quote(&decision.description),
            drivers: Question::ALL
                .into_iter()
                .map(|question| DriverView {
                    text: driver(question, &decision.answers),
                    flag: format!(
                        "{} {}",
                        question.flag(),
                        decision.answers.value_of(question)
                    ),
                    defaulted: decision.defaulted.contains(&question),
                })
                .collect(),
            any_defaulted: !decision.defaulted.is_empty(),
            explicit: decision.source == ChoiceSource::Explicit,
            options,
            outcome: outcome(decision),
            outcome_reasons_intro,
            outcome_reasons,
            consequences: consequences(decision),
            confirmation: confirmation(decision),
            scores,
            margin_text: margin_text(decision),
            defaults_text: defaults_text(decision),
            scaffold_version: decision.scaffold_version.clone(),
            reproduce_command: decision.reproduce_command.clone(),
            fence: fence_for(&decision.reproduce_command),
        }
    }
}

impl FrameworkView {
    /// The record's row in the index: what its front matter and heading say.
    pub fn listed(&self, path: String) -> Listed {
        Listed {
            number: 2,
            title: one_line(&self.title),
            status: Some(self.status.to_owned()),
            date: Some(self.date.clone()),
            path,
        }
    }

    /// `docs/adr/0002-use-<framework>-as-the-backend-framework.md`, in MADR
    /// 4's sections: a section per block below, each list item per line.
    pub fn markdown(&self) -> String {
        let mut out = String::with_capacity(8192);
        writeln!(
            out,
            "---\nstatus: {}\ndate: {}\nnumber: 2",
            json_string(self.status),
            json_string(&self.date)
        )
        .expect(WRITE);
        front_matter_makers(&mut out, &self.decision_makers);
        writeln!(out, "---\n# {}\n", one_line(&self.title)).expect(WRITE);

        out.push_str("## Context and Problem Statement\n\n");
        writeln!(out, "`{}` is a new backend service.", self.project_name).expect(WRITE);
        if !self.description_quote.is_empty() {
            writeln!(
                out,
                "What it is for, in the words it was described with:\n\n{}",
                self.description_quote
            )
            .expect(WRITE);
        }
        out.push_str("\nWhich web framework should it be built on? The choice fixes the language, the libraries within reach and how much structure comes built in, and it is costly to reverse once code is written on top of it. Three options were weighed against the decision drivers below, each answer adding or taking away points.\n\n");

        out.push_str("## Decision Drivers\n\n");
        for driver in &self.drivers {
            let defaulted = if driver.defaulted { ", a default" } else { "" };
            writeln!(out, "* {} (`{}`{defaulted})", driver.text, driver.flag).expect(WRITE);
        }
        if self.any_defaulted {
            let how = if self.explicit {
                ", as it does when the framework is named with `--framework`"
            } else {
                " (`--yes`)"
            };
            writeln!(out, "\nThe answers marked \"a default\" were not given: scaffold took its defaults for them{how}. If they do not describe this project, the ranking below may not either.").expect(WRITE);
        }

        out.push_str("\n## Considered Options\n\n");
        for option in &self.options {
            writeln!(out, "* {}", option.name).expect(WRITE);
        }

        writeln!(out, "\n## Decision Outcome\n\n{}", self.outcome).expect(WRITE);
        if let Some(text) = self.prototype_text.as_deref().filter(|t| !t.is_empty()) {
            writeln!(out, "\n{text}").expect(WRITE);
        }
        writeln!(out, "\n{}", self.outcome_reasons_intro).expect(WRITE);
        if !self.outcome_reasons.is_empty() {
            out.push('\n');
            for reason in &self.outcome_reasons {
                writeln!(out, "* {reason}").expect(WRITE);
            }
        }

        out.push_str("\n### Consequences\n\n");
        bullets(&mut out, &self.consequences);
        out.push_str("\n### Confirmation\n\n");
        for line in &self.confirmation {
            writeln!(out, "* {line}").expect(WRITE);
        }

        out.push_str("\n## Pros and Cons of the Options\n\n");
        for option in &self.options {
            let note = if option.note.is_empty() {
                String::new()
            } else {
                format!(" {}", option.note)
            };
            writeln!(
                out,
                "### {name}\n\n{name} is {summary} ([documentation]({docs_url})). Score: {score}.{note}\n",
                name = option.name,
                summary = option.summary,
                docs_url = option.docs_url,
                score = option.score,
            )
            .expect(WRITE);
            if option.reasons.is_empty() {
                out.push_str("* Neutral, because none of the answers bore on it\n");
            }
            bullets(&mut out, &option.reasons);
            out.push('\n');
        }

        out.push_str("## More Information\n\nThe scores come from scaffold's recommendation for the decision drivers above: each reason under \"Pros and Cons of the Options\" adds or takes away points.\n\n| Option | Score | Outcome |\n| --- | ---: | --- |\n");
        for row in &self.scores {
            out.push_str(&super::index::row(&[
                row.name.to_string(),
                row.score.to_string(),
                row.note.to_string(),
            ]));
        }
        writeln!(
            out,
            "\n{}\n\n{}\n\nThis record was written by scaffold {} on {}. This command, run in an empty directory, regenerates the repository: every file but `.git` and the secret in `.env`, byte for byte.\n\n{fence}sh\n{}\n{fence}",
            self.margin_text,
            self.defaults_text,
            self.scaffold_version,
            self.date,
            self.reproduce_command,
            fence = self.fence,
        )
        .expect(WRITE);
        out
    }
}

/// Writing to a `String` cannot fail.
const WRITE: &str = "writing to a String cannot fail";

/// The front matter's `decision-makers`, left out when nobody is known: a
/// list of one, as MADR's `decision-makers` is a list of people (adrs'
/// `doctor` cannot check a record whose value is a single string).
fn front_matter_makers(out: &mut String, decision_makers: &str) {
    if !decision_makers.is_empty() {
        writeln!(
            out,
            "decision-makers:\n  - {}",
            json_string(decision_makers)
        )
        .expect(WRITE);
    }
}

/// MADR bullets, one a line: `* Good, because ...`.
fn bullets(out: &mut String, reasons: &[ReasonView]) {
    for reason in reasons {
        writeln!(out, "* {}, because {}", reason.verdict, reason.text).expect(WRITE);
    }
}

impl From<&Reason> for ReasonView {
    fn from(reason: &Reason) -> ReasonView {
        ReasonView {
            verdict: reason.verdict.label(),
            text: reason.text.clone(),
        }
    }
}

/// The data of a new record's skeleton.
#[derive(Debug, Serialize)]
pub struct SkeletonView {
    pub number: u64,
    pub title: String,
    /// `proposed` or `accepted`.
    pub status: &'static str,
    pub date: String,
    /// The record this one replaces, if any.
    pub supersedes: Option<SupersededView>,
}

/// The record a new one supersedes, as the new one links to it.
#[derive(Debug, Serialize)]
pub struct SupersededView {
    pub label: String,
    pub file_name: String,
    pub title: String,
}

impl SkeletonView {
    /// Record `number`, titled `title`, dated `date`, superseding `old` if given.
    pub fn new(
        number: u64,
        title: &str,
        status: record::Status,
        date: &str,
        old: Option<&RecordRef>,
    ) -> SkeletonView {
        SkeletonView {
            number,
            title: one_line(title),
            status: status.word(),
            date: date.to_owned(),
            supersedes: old.map(|old| SupersededView {
                label: record::label(old.number),
                file_name: old.file_name.clone(),
                title: one_line(&old.title),
            }),
        }
    }
}

/// Good before Neutral before Bad.
fn verdict_order(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Good => 0,
        Verdict::Neutral => 1,
        Verdict::Bad => 2,
    }
}

/// `1 point`, `5 points`, `-1 point`.
fn points(value: i32) -> String {
    if value.abs() == 1 {
        format!("{value} point")
    } else {
        format!("{value} points")
    }
}

/// Text as a Markdown block quote; empty text gives an empty string.
fn block_quote(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    text.lines()
        .map(|line| {
            let line = line.trim_end();
            if line.is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A backtick fence that no run of backticks inside `text` can close.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

/// One answer as a decision driver, in words.
fn driver(question: Question, answers: &Answers) -> String {
    match question {
        Question::Realtime if answers.realtime => {
            "Real-time features: chat, live updates, many concurrent connections".to_owned()
        }
        Question::Realtime => {
            "No real-time features: no chat, live updates or many concurrent connections".to_owned()
        }
        Question::Data if answers.data => "Heavy data processing or machine learning".to_owned(),
        Question::Data => "No heavy data processing or machine learning".to_owned(),
        Question::Size => match answers.size {
            Size::Small => "A small application: a prototype, microservice or small API",
            Size::Medium => "A medium-sized application: a typical product backend",
            Size::Large => "A large application: many models, roles and screens",
        }
        .to_owned(),
        Question::Team => match answers.team {
            Team::Python => "The team knows Python best",
            Team::Javascript => "The team knows JavaScript best",
            Team::Both => "The team is comfortable in both Python and JavaScript",
            Team::New => "The team is new to backend work",
        }
        .to_owned(),
        Question::Needs if answers.needs.is_empty() => {
            "No built-ins wanted from the framework: no admin panel, authentication or ORM"
                .to_owned()
        }
        Question::Needs => {
            let nouns: Vec<&str> = answers.needs.iter().map(Need::noun).collect();
            format!("Built-ins wanted from the framework: {}", and_list(&nouns))
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Chosen option: ..., because ...": why this option, and, when the team
/// chose another one than recommended, what was recommended with its score.
///
/// A choice with `--framework` and one made at the prompt read the same: the
/// reproducing command passes `--framework` either way, and its rerun must
/// write the same record.
fn outcome(decision: &Decision) -> String {
    let recommendation = &decision.recommendation;
    let chosen = decision.chosen;
    let top = recommendation.ranking[0].framework;
    let runner_up = recommendation.ranking[1].framework;
    let lead = if recommendation.margin == 0 {
        format!(
            "{}, tied with {runner_up} and ahead in scaffold's fixed order for ties",
            points(recommendation.score(top))
        )
    } else {
        format!(
            "{}, {} ahead of {runner_up}, the runner-up",
            points(recommendation.score(top)),
            points(recommendation.margin)
        )
    };
    if decision.source == ChoiceSource::Prototype {
        let standing = if decision.went_against_recommendation() {
            let score = recommendation.score(chosen);
            format!(
                "scaffold recommended {top}, with {}; {chosen} scored {}, {} behind",
                points(recommendation.score(top)),
                points(score),
                points(recommendation.score(top) - score)
            )
        } else {
            format!("it is what scaffold recommends for the decision drivers: {lead}")
        };
        return format!(
            "Proposed option: \"{chosen}\", one of two options prototyped side by side; {standing}. Nothing is chosen until the prototypes are measured."
        );
    }
    if decision.source == ChoiceSource::Recommended {
        return format!(
            "Chosen option: \"{chosen}\", because it comes out best against the decision drivers: {lead}."
        );
    }
    if !decision.went_against_recommendation() {
        return format!(
            "Chosen option: \"{chosen}\", because the team chose it, and it is also what scaffold recommends for the decision drivers: {lead}."
        );
    }
    let chosen_score = recommendation.score(chosen);
    format!(
        "Chosen option: \"{chosen}\", because the team chose it over the recommendation. scaffold recommended {top}, with {}, for the same decision drivers; {chosen} scored {}, {} behind. The team chose otherwise, and accepts the consequences below.",
        points(recommendation.score(top)),
        points(chosen_score),
        points(recommendation.score(top) - chosen_score)
    )
}

/// The reasons that speak for the chosen option, strongest first, and the
/// sentence that introduces them.
fn outcome_reasons(decision: &Decision) -> (String, Vec<String>) {
    let chosen = decision.chosen;
    let mut good: Vec<&Reason> = decision
        .recommendation
        .scored(chosen)
        .reasons
        .iter()
        .filter(|reason| reason.verdict == Verdict::Good)
        .collect();
    good.sort_by_key(|reason| std::cmp::Reverse(reason.points));
    let reasons: Vec<String> = good.iter().map(|reason| reason.text.clone()).collect();
    let intro = if decision.went_against_recommendation() {
        if reasons.is_empty() {
            format!("None of the answers spoke for {chosen}: the team's reasons lie outside the questionnaire, and belong in this record.")
        } else {
            format!("What speaks for {chosen}:")
        }
    } else {
        "The deciding reasons:".to_owned()
    };
    (intro, reasons)
}

/// The chosen option's good, neutral and bad sides for this project. The
/// reasons that chose it are in the outcome already; here come what the
/// framework and the starter bring, and the costs the scoring found.
fn consequences(decision: &Decision) -> Vec<ReasonView> {
    let chosen = decision.chosen;
    let facts = chosen.facts();
    let reasons: Vec<&Reason> = decision
        .recommendation
        .scored(chosen)
        .reasons
        .iter()
        .filter(|reason| reason.question.is_some())
        .collect();
    let of = |verdict: Verdict| {
        reasons
            .iter()
            .filter(move |reason| reason.verdict == verdict)
            .map(|reason| ReasonView::from(*reason))
    };
    let commands = facts.commands;
    let mut out = vec![ReasonView {
        verdict: "Good",
        text: strength(chosen).to_owned(),
    }];
    out.push(ReasonView {
        verdict: "Good",
        text: format!(
            "the starter runs from the first commit: `{}` installs it, `{}` passes, and `{}` serves it",
            commands.install,
            commands.test,
            chosen.run_command(&decision.package)
        ),
    });
    out.extend(layers_added(decision));
    if decision.features.minimal && decision.features.not_generated.is_empty() {
        out.push(ReasonView {
            verdict: "Neutral",
            text: "`--minimal` asked for the base starter: no feature layer was generated"
                .to_owned(),
        });
    }
    out.extend(of(Verdict::Neutral));
    out.push(ReasonView {
        verdict: "Neutral",
        text: runtime_text(chosen, &decision.features),
    });
    out.extend(of(Verdict::Bad));
    out.extend(layers_left_out(decision));
    out.push(ReasonView {
        verdict: "Bad",
        text: trade_off(chosen).to_owned(),
    });
    out
}

/// One Good line per feature layer in the starter, naming the answer (or
/// the layer) that added it.
fn layers_added(decision: &Decision) -> impl Iterator<Item = ReasonView> + '_ {
    decision.features.generated.iter().map(move |generated| {
        let feature = generated.feature;
        let adds = layer(feature, decision.chosen).adds;
        let text = match generated.brought_by {
            None => format!("the `{feature}` answer added {adds}"),
            Some(by) => format!("the `{by}` layer needs the `{feature}` layer, which added {adds}"),
        };
        ReasonView {
            verdict: "Good",
            text,
        }
    })
}

/// One Bad line per feature layer the answers asked for but the starter
/// lacks, with the reason.
fn layers_left_out(decision: &Decision) -> impl Iterator<Item = ReasonView> + '_ {
    decision
        .features
        .not_generated
        .iter()
        .map(|not| ReasonView {
            verdict: "Bad",
            text: format!(
                "no {} was generated (`{}`): {}",
                not.feature.noun(),
                not.feature.answer_flag(),
                not.reason
            ),
        })
}

/// The runtime the service is tied to (a layer may raise the floor).
fn runtime_text(framework: Framework, features: &crate::core::features::Features) -> String {
    let (major, minor) = crate::core::features::runtime_floor(framework, features);
    let tested = crate::core::features::tested_runtimes(framework, features);
    match framework.language() {
        Language::Python => format!(
            "the service is written in Python and needs Python {major}.{minor} or later (the starter's CI tests {})",
            and_list(&tested)
        ),
        Language::JavaScript => format!(
            "the service is written in JavaScript and needs Node.js {major} or later (the starter's CI tests {})",
            and_list(&tested)
        ),
    }
}

/// What each framework brings, whatever the answers were.
fn strength(framework: Framework) -> &'static str {
    match framework {
        Framework::Django => "Django's admin site, authentication and ORM with migrations come built in, ready when the project needs them",
        Framework::Flask => "the code stays small and explicit: an extension is added only when a need for it appears",
        Framework::Express => "JavaScript can serve both the front end and the back end, with npm's ecosystem at hand",
    }
}

/// The cost of each framework that holds whatever the answers were.
fn trade_off(framework: Framework) -> &'static str {
    match framework {
        Framework::Django => "Django's conventions (project and app layout, settings, its ORM) have to be learnt and followed, even where a lighter approach would do",
        Framework::Flask => "everything beyond routing and templates (database access, forms, authentication) is chosen, added and kept up to date by the team",
        Framework::Express => "Express prescribes no structure: the project layout, input validation and database access are the team's to choose and keep consistent",
    }
}

/// How the team can check the decision holds.
fn confirmation(decision: &Decision) -> Vec<String> {
    let chosen = decision.chosen;
    let facts = chosen.facts();
    let runtime = facts.runtime;
    let has_ci = templates::starter_files(chosen)
        .iter()
        .any(|file| file.source == "_github/workflows/ci.yml");
    let language = match chosen.language() {
        Language::Python => "Python",
        Language::JavaScript => "Node.js",
    };
    let mut out = vec![if has_ci {
        format!(
            "The starter's tests check that `/health` answers `{{\"status\": \"ok\"}}` and that the home page renders. `{}` runs them, and `.github/workflows/ci.yml` runs them on every push and pull request, on {language} {}.",
            facts.commands.test,
            and_list(runtime.tested)
        )
    } else {
        format!(
            "The starter's tests check that `/health` answers `{{\"status\": \"ok\"}}` and that the home page renders; `{}` runs them. Run them in CI on every push.",
            facts.commands.test
        )
    }];
    let framework_pin = facts
        .pins
        .iter()
        .find(|pin| !pin.dev)
        .map(|pin| format!("{} {}", pin.name, pin.version));
    let pins_file = match chosen.language() {
        Language::Python => "requirements.txt",
        Language::JavaScript => "package.json",
    };
    if let Some(pin) = framework_pin {
        out.push(format!(
            "`{pins_file}` pins {pin}: upgrading or replacing the framework is a change to that file, reviewed like any other."
        ));
    }
    out.push(
        "When a decision driver changes (real-time features, data work, size, the team, the built-ins wanted), `scaffold recommend` with the new answers shows whether the ranking still holds; if not, a new record supersedes this one: `scaffold adr new \"<title>\" --supersedes 2`.".to_owned(),
    );
    out
}

/// How the "proposed" paragraph of a `new --compare` record begins:
/// `compare --decide` finds the paragraph by it and rewrites it.
pub const PROPOSED_OPENING: &str = "This decision is proposed, not yet taken:";

/// The paragraph of a `new --compare` record: proposed, prototyped against
/// the other option, and the command that finishes the decision.
fn prototype_text(chosen: Framework, prototype: &Prototype) -> String {
    format!(
        "{PROPOSED_OPENING} {chosen} is being prototyped against {other}, whose starter is `{path}`, generated from the same answers. Measure both on the same machine and record the figures in both records with `{command}` (run in the folder holding both); once they have been read, the same command with `--decide <repo>` accepts the chosen record and rejects the other.",
        other = prototype.other,
        path = prototype.other_path,
        command = prototype.finish_command,
    )
}

/// The margin in words, and whether it was a close call.
fn margin_text(decision: &Decision) -> String {
    let recommendation = &decision.recommendation;
    let (top, runner_up) = (
        recommendation.ranking[0].framework,
        recommendation.ranking[1].framework,
    );
    if recommendation.margin == 0 {
        format!(
            "{top} and {runner_up} tied at {}: a close call. Ties break in scaffold's fixed order (Django, Flask, Express); either is a sound choice.",
            points(recommendation.score(top))
        )
    } else if recommendation.is_close() {
        format!(
            "{top} led {runner_up} by {}: a close call (a margin of {} or less), so {runner_up} would be a sound choice too.",
            points(recommendation.margin),
            points(CLOSE_MARGIN)
        )
    } else {
        format!(
            "{top} led {runner_up}, the runner-up, by {}: not a close call (a close call is a margin of {} or less).",
            points(recommendation.margin),
            points(CLOSE_MARGIN)
        )
    }
}

/// Which answers were defaults.
fn defaults_text(decision: &Decision) -> String {
    if decision.defaulted.is_empty() {
        return "Every decision driver was answered; none is a default.".to_owned();
    }
    let flags: Vec<String> = decision
        .defaulted
        .iter()
        .map(|question| format!("`{}`", question.flag()))
        .collect();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    format!(
        "Answers taken as defaults rather than given: {}.",
        and_list(&flags)
    )
}

/// The file name of the framework decision: `0002-use-flask-as-the-backend-framework.md`.
pub fn framework_file(chosen: Framework) -> String {
    record::file_name(2, &record::slug(&framework_title(chosen)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_agree_in_number() {
        assert_eq!(points(1), "1 point");
        assert_eq!(points(-1), "-1 point");
        assert_eq!(points(0), "0 points");
        assert_eq!(points(5), "5 points");
    }

    #[test]
    fn descriptions_become_block_quotes_line_by_line() {
        assert_eq!(block_quote("One\n\nTwo  \n"), "> One\n>\n> Two");
        assert_eq!(block_quote("  "), "");
    }

    #[test]
    fn fences_outgrow_backticks_in_the_command() {
        assert_eq!(fence_for("scaffold new x"), "```");
        assert_eq!(fence_for("a ```` b"), "`````");
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }
}
