//! The recommendation: a table of factors, each adding weighted points and a
//! human reason to the frameworks it touches. Pure and deterministic: the same
//! answers always give the same ranking, and ties break in [`Framework::ALL`]
//! order with a reason that says the call was close.

use crate::core::answers::{Answers, Need, Question, Size, Team};
use crate::core::framework::Framework;
use serde::Serialize;

/// Whether a reason speaks for or against an option (MADR's Good / Neutral / Bad).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Good,
    Neutral,
    Bad,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Good => "Good",
            Verdict::Neutral => "Neutral",
            Verdict::Bad => "Bad",
        }
    }
}

/// One factor's effect on one option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub verdict: Verdict,
    /// The points this reason added (negative: taken away).
    pub points: i32,
    /// The question whose answer brought this reason in (none for the note
    /// on a close call, which comes from the ranking itself).
    pub question: Option<Question>,
    /// "because ..." in words, completing "Good, because ...".
    pub text: String,
}

/// One option's total and the reasons behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scored {
    pub framework: Framework,
    pub score: i32,
    pub reasons: Vec<Reason>,
}

/// The full ranking, best first, with the margin between the first two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub ranking: Vec<Scored>,
    /// The top score minus the runner-up's.
    pub margin: i32,
}

/// A margin at or below this is reported as a close call.
pub const CLOSE_MARGIN: i32 = 1;

impl Recommendation {
    /// The top choice.
    pub fn framework(&self) -> Framework {
        self.ranking[0].framework
    }

    /// The scored entry of one option.
    pub fn scored(&self, framework: Framework) -> &Scored {
        self.ranking
            .iter()
            .find(|scored| scored.framework == framework)
            .expect("the ranking holds every framework")
    }

    /// The score of one option.
    pub fn score(&self, framework: Framework) -> i32 {
        self.scored(framework).score
    }

    /// Whether the top two were within [`CLOSE_MARGIN`] points.
    pub fn is_close(&self) -> bool {
        self.margin <= CLOSE_MARGIN
    }

    /// The reasons that decided the top choice: those that favour it, strongest first.
    pub fn deciding_reasons(&self) -> Vec<&Reason> {
        let mut good: Vec<&Reason> = self.ranking[0]
            .reasons
            .iter()
            .filter(|reason| reason.verdict == Verdict::Good)
            .collect();
        good.sort_by_key(|reason| std::cmp::Reverse(reason.points));
        good
    }
}

/// The machine-readable recommendation of `recommend --json` (and of
/// `new --json`): the top choice, the full ranking, the answers it was
/// computed from and which of them were defaults.
#[derive(Debug, Clone, Serialize)]
pub struct RecommendationReport<'a> {
    pub framework: Framework,
    pub ranking: &'a [Scored],
    pub margin: i32,
    pub answers: &'a Answers,
    pub defaulted: &'a [Question],
}

impl<'a> RecommendationReport<'a> {
    pub fn new(
        answers: &'a Answers,
        defaulted: &'a [Question],
        recommendation: &'a Recommendation,
    ) -> RecommendationReport<'a> {
        RecommendationReport {
            framework: recommendation.framework(),
            ranking: &recommendation.ranking,
            margin: recommendation.margin,
            answers,
            defaulted,
        }
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report always serializes")
    }
}

/// One row of the factor table: when it applies, and what it gives each option.
struct Factor {
    question: Question,
    applies: fn(&Answers) -> bool,
    effects: &'static [(Framework, i32, &'static str)],
}

use Framework::{Django, Express, Flask};

/// The trade-offs teams weigh when choosing between Python and Node.js, as
/// points. Positive points are "Good", negative "Bad", zero "Neutral".
static FACTORS: &[Factor] = &[
    Factor {
        question: Question::Realtime,
        applies: |a| a.realtime,
        effects: &[
            (Express, 3, "Node's non-blocking, event-driven I/O suits real-time features and many concurrent connections"),
            (Django, 0, "real-time features need Django Channels and an ASGI server, an extra component to run"),
            (Flask, -1, "Flask is synchronous (WSGI): real-time features need an add-on such as Flask-SocketIO and a different server"),
        ],
    },
    Factor {
        question: Question::Data,
        applies: |a| a.data,
        effects: &[
            (Django, 2, "Python has the data and machine-learning libraries (pandas, NumPy, scikit-learn, TensorFlow, PyTorch) in-process"),
            (Flask, 3, "Python has the data and machine-learning libraries (pandas, NumPy, scikit-learn, TensorFlow, PyTorch), and Flask stays out of their way for model-serving APIs"),
            (Express, -2, "JavaScript's data and machine-learning libraries are far thinner than Python's; heavy work would need a separate Python service"),
        ],
    },
    Factor {
        question: Question::Team,
        applies: |a| a.team == Team::Python,
        effects: &[
            (Django, 3, "the team already knows Python"),
            (Flask, 3, "the team already knows Python"),
            (Express, -2, "the team would have to learn JavaScript and Node.js"),
        ],
    },
    Factor {
        question: Question::Team,
        applies: |a| a.team == Team::Javascript,
        effects: &[
            (Express, 4, "the team already knows JavaScript, and one language serves front end and back end"),
            (Django, -2, "the team would have to learn Python"),
            (Flask, -2, "the team would have to learn Python"),
        ],
    },
    Factor {
        question: Question::Team,
        applies: |a| a.team == Team::Both,
        effects: &[
            (Express, 1, "one language, JavaScript, can serve front end and back end"),
            (Django, 0, "the team knows Python as well"),
            (Flask, 0, "the team knows Python as well"),
        ],
    },
    Factor {
        question: Question::Team,
        applies: |a| a.team == Team::New,
        effects: &[
            (Flask, 3, "Python's readable syntax and Flask's small surface are the gentlest start for a team new to backend work"),
            (Django, 1, "Python is easy for beginners, though Django has more to learn up front"),
            (Express, 0, "Express is small, but asynchronous JavaScript has more pitfalls for newcomers"),
        ],
    },
    Factor {
        question: Question::Size,
        applies: |a| a.size == Size::Small,
        effects: &[
            (Flask, 2, "a small app, prototype or microservice needs little structure, and Flask carries little"),
            (Express, 2, "a small app, prototype or microservice needs little structure, and Express carries little"),
            (Django, -1, "Django's project layout and settings are more than a small service needs"),
        ],
    },
    Factor {
        question: Question::Size,
        applies: |a| a.size == Size::Medium,
        effects: &[
            (Django, 1, "its conventions keep a growing codebase consistent"),
            (Flask, 0, "a medium app is well within Flask's reach, with extensions picked as needed"),
            (Express, 0, "a medium app is well within Express's reach, with middleware picked as needed"),
        ],
    },
    Factor {
        question: Question::Size,
        applies: |a| a.size == Size::Large,
        effects: &[
            (Django, 3, "a large application with many models gains from Django's conventions, apps and migrations"),
            (Flask, -1, "in a large application the team must design and maintain the structure Flask leaves open"),
            (Express, -1, "in a large application the team must design and maintain the structure Express leaves open"),
        ],
    },
    Factor {
        question: Question::Needs,
        applies: |a| a.needs.contains(Need::Admin),
        effects: &[
            (Django, 2, "Django ships an admin panel generated from the models"),
            (Flask, -1, "an admin panel needs an extension such as Flask-Admin"),
            (Express, -1, "an admin panel needs a third-party package such as AdminJS"),
        ],
    },
    Factor {
        question: Question::Needs,
        applies: |a| a.needs.contains(Need::Auth),
        effects: &[
            (Django, 2, "Django ships authentication: users, groups, permissions, sessions and password hashing"),
            (Flask, -1, "authentication needs extensions such as Flask-Login"),
            (Express, -1, "authentication needs middleware such as Passport and a session store"),
        ],
    },
    Factor {
        question: Question::Needs,
        applies: |a| a.needs.contains(Need::Orm),
        effects: &[
            (Django, 2, "Django ships an ORM with migrations"),
            (Flask, -1, "an ORM needs SQLAlchemy and Alembic (or Flask-SQLAlchemy) added and wired up"),
            (Express, -1, "an ORM needs a library such as Prisma or Sequelize added and wired up"),
        ],
    },
];

/// Scores every framework against the answers and ranks them, best first.
///
/// ```
/// use scaffold::testing::answers::{Answers, Size, Team};
/// use scaffold::testing::framework::Framework;
/// use scaffold::testing::recommend::recommend;
///
/// let chat = Answers { realtime: true, team: Team::Javascript, size: Size::Medium, ..Answers::default() };
/// let recommendation = recommend(&chat);
/// assert_eq!(recommendation.framework(), Framework::Express);
/// assert_eq!(recommendation.ranking.len(), 3);
/// ```
pub fn recommend(answers: &Answers) -> Recommendation {
    let mut ranking: Vec<Scored> = Framework::ALL
        .into_iter()
        .map(|framework| Scored {
            framework,
            score: 0,
            reasons: Vec::new(),
        })
        .collect();

    for factor in FACTORS.iter().filter(|factor| (factor.applies)(answers)) {
        for &(framework, points, text) in factor.effects {
            let scored = &mut ranking[framework as usize];
            scored.score += points;
            scored.reasons.push(Reason {
                verdict: verdict_of(points),
                points,
                question: Some(factor.question),
                text: text.to_owned(),
            });
        }
    }

    // A stable sort keeps Framework::ALL order among equal scores: the tie-break.
    ranking.sort_by_key(|scored| std::cmp::Reverse(scored.score));
    let margin = ranking[0].score - ranking[1].score;
    if margin <= CLOSE_MARGIN {
        note_close_call(&mut ranking, margin);
    }
    Recommendation { ranking, margin }
}

fn verdict_of(points: i32) -> Verdict {
    match points {
        p if p > 0 => Verdict::Good,
        0 => Verdict::Neutral,
        _ => Verdict::Bad,
    }
}

/// Adds a neutral reason to the top two saying how close they were.
fn note_close_call(ranking: &mut [Scored], margin: i32) {
    let (first, second) = (ranking[0].framework, ranking[1].framework);
    let text = if margin == 0 {
        format!("{first} and {second} tied on points; {first} is listed first, so it was chosen. Either is a sound choice")
    } else {
        format!("it was close: {first} led {second} by only {margin} point")
    };
    for scored in ranking.iter_mut().take(2) {
        scored.reasons.push(Reason {
            verdict: Verdict::Neutral,
            points: 0,
            question: None,
            text: text.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::Needs;

    fn answers(realtime: bool, data: bool, size: Size, team: Team, needs: &[Need]) -> Answers {
        Answers {
            realtime,
            data,
            size,
            team,
            needs: needs.iter().copied().collect(),
        }
    }

    /// Cases the trade-offs decide without doubt.
    #[test]
    fn clear_cases_pick_the_expected_framework() {
        use Need::*;
        let cases = [
            (
                "real-time chat by a JavaScript team",
                answers(true, false, Size::Medium, Team::Javascript, &[]),
                Express,
            ),
            (
                "ML dashboard by a Python team",
                answers(false, true, Size::Small, Team::Python, &[]),
                Flask,
            ),
            (
                "large content site wanting admin, auth, ORM",
                answers(false, false, Size::Large, Team::Python, &[Admin, Auth, Orm]),
                Django,
            ),
            (
                "small prototype by beginners",
                answers(false, false, Size::Small, Team::New, &[]),
                Flask,
            ),
            (
                "JavaScript team, small API",
                answers(false, false, Size::Small, Team::Javascript, &[]),
                Express,
            ),
            (
                "large app, Python team, admin",
                answers(false, false, Size::Large, Team::Python, &[Admin]),
                Django,
            ),
            ("the --yes defaults", Answers::default(), Flask),
        ];
        for (name, answers, expected) in cases {
            let recommendation = recommend(&answers);
            assert_eq!(
                recommendation.framework(),
                expected,
                "{name}: {recommendation:#?}"
            );
        }
    }

    /// Cases where the trade-offs pull apart: the reasons name both sides.
    #[test]
    fn conflicting_answers_show_both_sides_in_the_reasons() {
        // Real-time pulls to Express, a Python team with data work pulls to Python.
        let recommendation = recommend(&answers(true, true, Size::Medium, Team::Python, &[]));
        let express = recommendation.scored(Framework::Express);
        assert!(express
            .reasons
            .iter()
            .any(|r| r.verdict == Verdict::Good && r.text.contains("non-blocking")));
        assert!(express
            .reasons
            .iter()
            .any(|r| r.verdict == Verdict::Bad && r.text.contains("learn JavaScript")));
        let flask = recommendation.scored(Framework::Flask);
        assert!(flask
            .reasons
            .iter()
            .any(|r| r.verdict == Verdict::Good && r.text.contains("machine-learning")));
        assert!(flask
            .reasons
            .iter()
            .any(|r| r.verdict == Verdict::Bad && r.text.contains("synchronous")));

        // A JavaScript team that wants Django's built-ins.
        let recommendation = recommend(&answers(
            false,
            false,
            Size::Large,
            Team::Javascript,
            &[Need::Admin, Need::Auth, Need::Orm],
        ));
        let django = recommendation.scored(Framework::Django);
        assert!(django
            .reasons
            .iter()
            .any(|r| r.verdict == Verdict::Good && r.text.contains("admin panel")));
        assert!(django
            .reasons
            .iter()
            .any(|r| r.verdict == Verdict::Bad && r.text.contains("learn Python")));
    }

    #[test]
    fn ties_break_in_declaration_order_and_say_so() {
        // Team "both", medium size: Django (+1 size) and Express (+1 one language) tie.
        let close = recommend(&answers(false, false, Size::Medium, Team::Both, &[]));
        assert_eq!(close.margin, 0);
        assert_eq!(close.framework(), Framework::Django);
        assert!(close.ranking[0]
            .reasons
            .iter()
            .any(|r| r.text.contains("tied")));
        assert!(close.is_close());
    }

    fn every_answer_set() -> Vec<Answers> {
        let mut all = Vec::new();
        let need_sets: Vec<Needs> = (0..8u8)
            .map(|bits| {
                Need::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, n)| n)
                    .collect()
            })
            .collect();
        for realtime in [false, true] {
            for data in [false, true] {
                for size in Size::ALL {
                    for team in Team::ALL {
                        for needs in &need_sets {
                            all.push(Answers {
                                realtime,
                                data,
                                size,
                                team,
                                needs: needs.clone(),
                            });
                        }
                    }
                }
            }
        }
        all
    }

    #[test]
    fn every_combination_ranks_all_three_with_reasons() {
        for answers in every_answer_set() {
            let recommendation = recommend(&answers);
            assert_eq!(recommendation.ranking.len(), 3);
            assert!(recommendation
                .ranking
                .windows(2)
                .all(|w| w[0].score >= w[1].score));
            for scored in &recommendation.ranking {
                assert!(!scored.reasons.is_empty(), "{answers:?}: {scored:?}");
                let sum: i32 = scored.reasons.iter().map(|r| r.points).sum();
                assert_eq!(sum, scored.score, "reasons must account for the score");
            }
            assert_eq!(recommend(&answers), recommendation, "deterministic");
        }
    }

    #[test]
    fn realtime_never_lowers_express() {
        for answers in every_answer_set().into_iter().filter(|a| !a.realtime) {
            let with = Answers {
                realtime: true,
                ..answers.clone()
            };
            assert!(recommend(&with).score(Express) >= recommend(&answers).score(Express));
        }
    }

    #[test]
    fn a_javascript_team_never_lowers_express_against_a_python_team() {
        for answers in every_answer_set()
            .into_iter()
            .filter(|a| a.team == Team::Python)
        {
            let js = Answers {
                team: Team::Javascript,
                ..answers.clone()
            };
            assert!(recommend(&js).score(Express) >= recommend(&answers).score(Express));
        }
    }

    #[test]
    fn wanting_admin_auth_and_orm_never_lowers_django() {
        for answers in every_answer_set() {
            let all = Answers {
                needs: Need::ALL.into_iter().collect(),
                ..answers.clone()
            };
            assert!(recommend(&all).score(Django) >= recommend(&answers).score(Django));
        }
    }

    #[test]
    fn data_work_never_lowers_the_python_frameworks() {
        for answers in every_answer_set().into_iter().filter(|a| !a.data) {
            let with = Answers {
                data: true,
                ..answers.clone()
            };
            for framework in [Django, Flask] {
                assert!(recommend(&with).score(framework) >= recommend(&answers).score(framework));
            }
        }
    }
}
