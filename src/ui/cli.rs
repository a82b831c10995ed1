//! The command line, as clap types. No policy here: flags become
//! [`PartialAnswers`] and the rest is read by `lib.rs`.

use crate::core::answers::{parse_yes_no, Answers, Needs, PartialAnswers, Question, Size, Team};
use crate::core::features::Feature;
use crate::core::framework::Framework;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Pick Django, Flask or Express for a new backend, generate a ready-to-run
/// starter repo, and record why in an Architecture Decision Record.
#[derive(Debug, Parser)]
#[command(name = "scaffold", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a starter repo at PATH (its last component is the project name).
    New(NewArgs),
    /// Only the recommendation, with the reasons behind every score.
    Recommend(RecommendArgs),
    /// Architecture Decision Records: list, show, new, accept, reject, deprecate, check, index.
    Adr(AdrArgs),
    /// Measure two generated starters side by side on this machine (after `new --compare`).
    #[cfg(feature = "compare")]
    Compare(CompareArgs),
    /// Add feature layers to this scaffold-made repo, by a three-way merge with your changes.
    Add(AddArgs),
    /// Re-render this repo with this scaffold version and merge it with your changes.
    Upgrade(UpgradeArgs),
    /// Re-run the recommendation with new answers and compare it with the recorded decision.
    Reconsider(ReconsiderArgs),
    /// Check which toolchains are present and which starters they can run.
    Doctor(DoctorArgs),
    /// Print a shell completion script on stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout, or write every page to a directory.
    Manpage(ManpageArgs),
}

/// The five questions, as flags. Each is also a key of the answers file.
#[derive(Debug, Clone, Default, Args)]
pub struct QuestionFlags {
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no, help_heading = "Questionnaire", help = question_help(Question::Realtime))]
    pub realtime: Option<bool>,
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no, help_heading = "Questionnaire", help = question_help(Question::Data))]
    pub data: Option<bool>,
    #[arg(long, value_enum, help_heading = "Questionnaire", help = question_help(Question::Size))]
    pub size: Option<Size>,
    #[arg(long, value_enum, help_heading = "Questionnaire", help = question_help(Question::Team))]
    pub team: Option<Team>,
    #[arg(long, value_name = "LIST", value_parser = parse_needs, help_heading = "Questionnaire", help = question_help(Question::Needs))]
    pub needs: Option<Needs>,
    /// Read answers from a TOML file (a generated repo's .scaffold.toml works too).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Never prompt: unanswered questions take their defaults.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Print the result as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// A question's flag help: the question, why it matters, and its default.
fn question_help(question: Question) -> String {
    let default = Answers::default().value_of(question);
    format!(
        "{} {} [--yes default: {default}]",
        question.prompt(),
        question.help()
    )
}

fn parse_needs(text: &str) -> Result<Needs, String> {
    text.parse()
}

impl QuestionFlags {
    /// The answers the flags give.
    pub fn partial_answers(&self) -> PartialAnswers {
        PartialAnswers {
            realtime: self.realtime,
            data: self.data,
            size: self.size,
            team: self.team,
            needs: self.needs.clone(),
            ..PartialAnswers::default()
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// Where to create the project; its last component is the project name.
    pub path: PathBuf,
    #[command(flatten)]
    pub questions: QuestionFlags,
    /// Skip the choice: generate this framework (the ADR still shows the ranking).
    #[arg(long, value_enum)]
    pub framework: Option<Framework>,
    /// One line saying what the project is.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// The author, as `Name <email>`; also signs the first commit when git has no identity.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The Python module or npm package name, when the directory name won't do.
    #[arg(long, value_name = "NAME")]
    pub package_name: Option<String>,
    /// Do not create a git repository.
    #[arg(long)]
    pub no_git: bool,
    /// Print the plan (every path, with its mode) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// After generating, install the dependencies (a venv and pip, or npm ci).
    #[arg(long)]
    pub install: bool,
    /// Generate the base starter whatever the answers: no feature layers.
    #[arg(long)]
    pub minimal: bool,
    /// Print nothing but errors (and the result asked for with --json or --dry-run).
    #[arg(short, long)]
    pub quiet: bool,
    /// Generate two starters to prototype side by side, as sibling repos
    /// `PATH-<framework>`: the top two of the ranking, or the two named
    /// (`--compare django,express`). Their records stay `proposed` until
    /// `scaffold compare ... --decide`.
    #[cfg(feature = "compare")]
    #[arg(long, value_name = "FW,FW", num_args = 0..=1, value_parser = parse_pair, conflicts_with = "framework")]
    pub compare: Option<Option<[Framework; 2]>>,
}

/// `django,express`: two different frameworks.
#[cfg(feature = "compare")]
fn parse_pair(text: &str) -> Result<[Framework; 2], String> {
    use clap::ValueEnum;
    let parse = |word: &str| Framework::from_str(word.trim(), true);
    match text.split(',').collect::<Vec<_>>().as_slice() {
        [first, second] => {
            let pair = [parse(first)?, parse(second)?];
            if pair[0] == pair[1] {
                Err(format!(
                    "{} twice: name two different frameworks",
                    pair[0].id()
                ))
            } else {
                Ok(pair)
            }
        }
        _ => Err("name two frameworks separated by a comma, like django,express".to_owned()),
    }
}

impl NewArgs {
    /// The answers and options the flags give.
    pub fn partial_answers(&self) -> PartialAnswers {
        PartialAnswers {
            framework: self.framework,
            description: self.description.clone(),
            author: self.author.clone(),
            package_name: self.package_name.clone(),
            minimal: self.minimal.then_some(true),
            ..self.questions.partial_answers()
        }
    }
}

/// `scaffold compare A B`.
#[cfg(feature = "compare")]
#[derive(Debug, Clone, Args)]
pub struct CompareArgs {
    /// The first starter (a directory `scaffold new` made).
    pub a: PathBuf,
    /// The second starter (not with --calibrate, which compares A with itself).
    #[arg(required_unless_present = "calibrate")]
    pub b: Option<PathBuf>,
    /// Seconds of measured load per endpoint and round.
    #[arg(long, value_name = "SECS", default_value_t = 3.0, value_parser = seconds_in(0.1, 60.0))]
    pub duration: f64,
    /// Requests per endpoint and round instead of --duration.
    #[arg(long, conflicts_with = "duration", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub requests: Option<u64>,
    /// Seconds of unmeasured load before each round's measurements, at the
    /// least: it goes on until every worker of the server has answered.
    #[arg(long, value_name = "SECS", default_value_t = 1.0, value_parser = seconds_in(0.0, 30.0))]
    pub warmup: f64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub concurrency: u64,
    /// Rounds per starter, interleaved A, B, A, B; a difference is called
    /// only from 5 rounds on, and only when the rounds' ranges do not overlap.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=20))]
    pub rounds: u64,
    /// Measure A against itself: every row should read "≈", and the output
    /// states this machine's noise floor (no B, no --record or --decide).
    #[arg(long, conflicts_with_all = ["b", "record", "decide"])]
    pub calibrate: bool,
    /// Refuse to install a starter that is not installed yet.
    #[arg(long)]
    pub no_install: bool,
    /// Seconds each starter's test suite (and each preparation step) may
    /// take before it is stopped and the comparison fails.
    #[arg(long, value_name = "SECS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub tests_timeout: u64,
    /// Write the measurements into both framework decision records.
    #[arg(long)]
    pub record: bool,
    /// Accept this starter's record and reject the other's (implies --record).
    #[arg(long, value_name = "A|B")]
    pub decide: Option<PathBuf>,
    /// Decide even though a side had failed requests or a failing test
    /// suite (the record says so).
    #[arg(long, requires = "decide")]
    pub force: bool,
    /// Print the measurements as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors (and the result).
    #[arg(short, long)]
    pub quiet: bool,
}

/// A number of seconds within `[low, high]`.
#[cfg(feature = "compare")]
fn seconds_in(low: f64, high: f64) -> impl Fn(&str) -> Result<f64, String> + Clone {
    move |text: &str| {
        let value: f64 = text
            .parse()
            .map_err(|_| format!("`{text}` is not a number of seconds"))?;
        if value.is_finite() && (low..=high).contains(&value) {
            Ok(value)
        } else {
            Err(format!("{value} is not in {low}..={high}"))
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub questions: QuestionFlags,
}

#[derive(Debug, Clone, Args)]
pub struct AdrArgs {
    /// The folder holding the records [default: the folder named in ./.adr-dir, else docs/adr].
    #[arg(long, global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: AdrCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AdrCommand {
    /// Number, title, status and date of every record, in order.
    List {
        /// Print a JSON array on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Print one record.
    Show {
        /// The record's number.
        number: u64,
    },
    /// Add a record with the next number, dated today (accepted unless --status proposed).
    New {
        /// The decision's title.
        title: String,
        /// The number of the record this one replaces (marked superseded, dated today).
        #[arg(long, value_name = "N")]
        supersedes: Option<u64>,
        /// The new record's status: proposed, to accept or reject later.
        #[arg(long, value_enum, default_value_t = NewStatus::Accepted)]
        status: NewStatus,
    },
    /// Mark a proposed record accepted, dated today.
    Accept {
        /// The record's number.
        number: u64,
    },
    /// Mark a proposed record rejected, dated today.
    Reject {
        /// The record's number.
        number: u64,
    },
    /// Mark an accepted record deprecated, dated today.
    Deprecate {
        /// The record's number.
        number: u64,
    },
    /// Check every record (front matter, status, date, number, links); exit 1 listing the problems.
    Check {
        /// Print the result as one JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Write the table of records into README.md in the records folder (between its markers).
    Index,
}

/// The status `scaffold adr new` gives a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewStatus {
    Proposed,
    Accepted,
}

/// The options every merging day-two command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct MergeFlags {
    /// Commit the result (when no file conflicts); otherwise the changes are left in the work tree.
    #[arg(long)]
    pub commit: bool,
    /// Merge even though the work tree has uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Print what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the result as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// The layers to add: orm, auth, admin, realtime, data.
    #[arg(value_name = "LAYER", required = true, value_parser = parse_layer)]
    pub layers: Vec<Feature>,
    #[command(flatten)]
    pub merge: MergeFlags,
}

#[derive(Debug, Clone, Args)]
pub struct UpgradeArgs {
    #[command(flatten)]
    pub merge: MergeFlags,
}

#[derive(Debug, Clone, Args)]
pub struct ReconsiderArgs {
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no, help_heading = "Questionnaire", help = question_help(Question::Realtime))]
    pub realtime: Option<bool>,
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no, help_heading = "Questionnaire", help = question_help(Question::Data))]
    pub data: Option<bool>,
    #[arg(long, value_enum, help_heading = "Questionnaire", help = question_help(Question::Size))]
    pub size: Option<Size>,
    #[arg(long, value_enum, help_heading = "Questionnaire", help = question_help(Question::Team))]
    pub team: Option<Team>,
    #[arg(long, value_name = "LIST", value_parser = parse_needs, help_heading = "Questionnaire", help = question_help(Question::Needs))]
    pub needs: Option<Needs>,
    /// Never prompt: questions not given keep their recorded answers.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Print the comparison, and write no record.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the result as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

impl ReconsiderArgs {
    /// The answers the flags change.
    pub fn partial_answers(&self) -> PartialAnswers {
        PartialAnswers {
            realtime: self.realtime,
            data: self.data,
            size: self.size,
            team: self.team,
            needs: self.needs.clone(),
            ..PartialAnswers::default()
        }
    }
}

fn parse_layer(text: &str) -> Result<Feature, String> {
    Feature::ALL
        .into_iter()
        .find(|feature| feature.id() == text)
        .ok_or_else(|| {
            format!("unknown layer `{text}`; the layers are orm, auth, admin, realtime and data")
        })
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Print the findings as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ManpageArgs {
    /// Write scaffold.1 and a page per subcommand (scaffold-new.1, ...) into DIR.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// What `scaffold --version` prints when `--version` (or `-V`) is the only
/// argument, or `None`. clap builds the whole command tree, every subcommand
/// and its help, before it parses anything: a third of the run for the most
/// frequent call of all (scripts, package managers, `doctor`-style checks).
/// The line is the same as clap's own (a test compares them), so nothing a
/// user sees changes.
pub fn version_alone(mut args: impl Iterator<Item = std::ffi::OsString>) -> Option<String> {
    let flag = args.next()?;
    let alone = args.next().is_none() && (flag == "--version" || flag == "-V");
    alone.then(|| format!("scaffold {}\n", env!("CARGO_PKG_VERSION")))
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn version_alone_prints_what_clap_prints_and_only_for_the_flag_alone() {
        let args = |words: &[&str]| {
            words
                .iter()
                .map(std::ffi::OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        let clap_says = Cli::command().render_version();
        assert_eq!(version_alone(args(&["--version"])), Some(clap_says.clone()));
        assert_eq!(version_alone(args(&["-V"])), Some(clap_says));
        for words in [
            &[][..],
            &["new"],
            &["--version", "new"],
            &["new", "--version"],
        ] {
            assert_eq!(version_alone(args(words)), None, "{words:?}");
        }
    }

    #[test]
    fn flags_become_partial_answers() {
        let cli = Cli::try_parse_from([
            "scaffold",
            "new",
            "app",
            "--realtime",
            "yes",
            "--needs",
            "admin,orm",
            "--framework",
            "express",
        ])
        .expect("valid flags");
        let Command::New(args) = cli.command else {
            panic!("not new")
        };
        let partial = args.partial_answers();
        assert_eq!(partial.realtime, Some(true));
        assert_eq!(
            partial.needs.map(|n| n.to_string()).as_deref(),
            Some("admin,orm")
        );
        assert_eq!(partial.framework, Some(Framework::Express));
    }
}
