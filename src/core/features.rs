//! Which feature layers a starter gets: the answers name capabilities
//! (`--needs orm,auth,admin`, `--realtime yes`, `--data yes`), and this step
//! turns them, for the chosen framework, into the layers generated and the
//! ones not generated, each of those with its reason. Pure: the templates,
//! the ADR, `.scaffold.toml` and the JSON output all read the result.
//!
//! A layer may bring another (on Flask and Express, auth needs a user table,
//! so it brings `orm`; admin brings auth). A layer the framework cannot
//! provide well, or that this version does not generate yet, is never
//! dropped silently: it is carried as not generated, with the reason.

use crate::core::answers::{Answers, Need};
use crate::core::framework::Framework;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A capability layer of a starter, in the order layers are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Feature {
    /// A database with models, migrations and the notes API.
    Orm,
    /// Sign-up, log-in, log-out and a protected page.
    Auth,
    /// An admin site.
    Admin,
    /// A WebSocket endpoint that broadcasts.
    Realtime,
    /// A pandas endpoint over a shipped CSV.
    Data,
}

impl Feature {
    pub const ALL: [Feature; 5] = [
        Feature::Orm,
        Feature::Auth,
        Feature::Admin,
        Feature::Realtime,
        Feature::Data,
    ];

    /// The name in JSON, `.scaffold.toml`, template variables and overlay folders.
    pub fn id(self) -> &'static str {
        match self {
            Feature::Orm => "orm",
            Feature::Auth => "auth",
            Feature::Admin => "admin",
            Feature::Realtime => "realtime",
            Feature::Data => "data",
        }
    }

    /// The answer that asks for this layer, as a flag: `--needs orm`.
    pub fn answer_flag(self) -> &'static str {
        match self {
            Feature::Orm => "--needs orm",
            Feature::Auth => "--needs auth",
            Feature::Admin => "--needs admin",
            Feature::Realtime => "--realtime yes",
            Feature::Data => "--data yes",
        }
    }

    /// What the layer is, in words, after "no ... was generated".
    pub fn noun(self) -> &'static str {
        match self {
            Feature::Orm => "database layer",
            Feature::Auth => "authentication layer",
            Feature::Admin => "admin panel",
            Feature::Realtime => "real-time (WebSocket) layer",
            Feature::Data => "data-processing layer",
        }
    }

    /// Whether the answers ask for this layer.
    fn asked_for(self, answers: &Answers) -> bool {
        match self {
            Feature::Orm => answers.needs.contains(Need::Orm),
            Feature::Auth => answers.needs.contains(Need::Auth),
            Feature::Admin => answers.needs.contains(Need::Admin),
            Feature::Realtime => answers.realtime,
            Feature::Data => answers.data,
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Whether, and how, a framework provides a layer in this version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Generated.
    Generated,
    /// Not generated: the framework cannot provide it well. The text ends
    /// the sentence `Bad, because no <noun> was generated: ...`.
    Unsuitable(&'static str),
    /// Not generated yet by this version of scaffold.
    NotYet,
}

/// Whether one framework's starter gets a layer, and what comes with it.
/// The layer's files, dependencies (`pins`) and the package names it takes
/// (`taken_names`) are the starter's: its `templates/<framework>/+<feature>/`
/// folder and the `[layers.<feature>]` table of its `template.toml`.
#[derive(Debug, Clone, Copy)]
pub struct Layer {
    pub feature: Feature,
    pub framework: Framework,
    pub support: Support,
    /// The layers this one needs, generated along with it.
    pub brings: &'static [Feature],
    /// The oldest runtime (major, minor) the layer's dependencies accept,
    /// when it is newer than the framework's own minimum.
    pub runtime_min: Option<(u32, u32)>,
    /// What the layer adds, in words, after "the `orm` answer added".
    pub adds: &'static str,
    /// The command that prepares the layer before the server runs (the
    /// migrations), `{package}` standing for the package name.
    pub setup_command: Option<&'static str>,
}

const NOT_YET: Layer = Layer {
    feature: Feature::Orm,
    framework: Framework::Django,
    support: Support::NotYet,
    brings: &[],
    runtime_min: None,
    setup_command: None,
    adds: "",
};

/// The one table of layers: every feature for every framework.
pub fn layer(feature: Feature, framework: Framework) -> Layer {
    let base = Layer {
        feature,
        framework,
        ..NOT_YET
    };
    match (feature, framework) {
        (Feature::Orm, Framework::Django) => Layer {
            support: Support::Generated,
            setup_command: Some(".venv/bin/python manage.py migrate"),
            adds: "a `notes` app with its model, its committed migration and a JSON API at `/api/notes/`, on SQLite by default and on any database `DATABASE_URL` names (PostgreSQL through psycopg)",
            ..base
        },
        (Feature::Orm, Framework::Flask) => Layer {
            support: Support::Generated,
            setup_command: Some(".venv/bin/flask --app {package} db upgrade"),
            adds: "a `Note` model on SQLAlchemy 2 (Flask-SQLAlchemy), its committed Alembic migration (Flask-Migrate, `flask db upgrade`) and a JSON API at `/api/notes`, on SQLite by default and on any database `DATABASE_URL` names (PostgreSQL through psycopg)",
            ..base
        },
        (Feature::Orm, Framework::Express) => Layer {
            support: Support::Generated,
            runtime_min: Some((20, 0)),
            setup_command: Some("npm run migrate"),
            adds: "a `notes` table created by a committed Knex migration (`npm run migrate`) and a JSON API at `/api/notes`, on SQLite (better-sqlite3) by default and on PostgreSQL (pg) when `DATABASE_URL` names it",
            ..base
        },
        (Feature::Auth, Framework::Django) => Layer {
            support: Support::Generated,
            adds: "sign-up, log-in, log-out (POST only) and a protected profile page under `/accounts/`, on Django's own authentication views and password hashers, with CSRF on every form",
            ..base
        },
        // Flask and Express keep users in the database layer.
        (Feature::Auth, Framework::Flask) => Layer {
            support: Support::Generated,
            brings: &[Feature::Orm],
            adds: "sign-up, log-in, log-out (POST only) and a protected profile page under `/accounts`, with Flask-Login, a `User` model and its migration, Werkzeug's password hashing, Django's password rules (length, not all digits, not the username, not common: zxcvbn) and Flask-WTF's CSRF protection on every form",
            ..base
        },
        (Feature::Auth, Framework::Express) => Layer {
            support: Support::Generated,
            brings: &[Feature::Orm],
            adds: "sign-up, log-in, log-out (POST only) and a protected profile page under `/accounts`, with express-session keeping sessions in the database, passwords hashed by Node's scrypt and held to Django's rules (length, not all digits, not the username, not common: zxcvbn), CSRF tokens (csrf-sync) on every form and failed log-ins rate-limited (express-rate-limit)",
            ..base
        },
        // Django's admin has its own log-in page: it needs no auth layer.
        (Feature::Admin, Framework::Django) => Layer {
            support: Support::Generated,
            adds: "Django's admin site at `/admin/` for staff accounts, with the users (and, with the `orm` layer, the notes) listed with columns, filters and search, its tests, and `manage.py createsuperuser` in the README",
            ..base
        },
        (Feature::Admin, Framework::Flask) => Layer {
            support: Support::Generated,
            brings: &[Feature::Auth],
            adds: "an admin site at `/admin/` (Flask-Admin) for the users and notes, open only to users marked admin, and `flask create-admin USERNAME` to make one",
            ..base
        },
        (Feature::Admin, Framework::Express) => Layer {
            support: Support::Unsuitable(
                "Express has no admin site of its own, and the add-ons for one tie the project to their own data layer; a team that needs one adds it (AdminJS, for instance) or manages data through its own API",
            ),
            ..base
        },
        (Feature::Realtime, Framework::Django) => Layer {
            support: Support::Generated,
            adds: "a WebSocket endpoint at `/ws` (Channels; gunicorn with uvicorn workers in production, Daphne under runserver) that broadcasts every message to every client, through Redis when `REDIS_URL` is set (required with more than one worker), and a live panel on the home page",
            ..base
        },
        (Feature::Realtime, Framework::Flask) => Layer {
            support: Support::Generated,
            adds: "a WebSocket endpoint at `/ws` (flask-sock, under gunicorn with one process and many threads) that broadcasts every message to every client, and a live panel on the home page",
            ..base
        },
        (Feature::Realtime, Framework::Express) => Layer {
            support: Support::Generated,
            adds: "a WebSocket endpoint at `/ws` (`ws`, on the same HTTP server) that broadcasts every message to every client, with a heartbeat that drops dead connections, and a live panel on the home page",
            ..base
        },
        (Feature::Data, Framework::Django | Framework::Flask) => Layer {
            support: Support::Generated,
            adds: "`GET /api/stats`, which summarises the shipped `data/sample.csv` with pandas",
            ..base
        },
        (Feature::Data, Framework::Express) => Layer {
            support: Support::Unsuitable(
                "JavaScript lacks Python's data libraries (pandas, NumPy, scikit-learn), so heavy data work would need a separate Python service",
            ),
            ..base
        },
    }
}

/// A layer generated into the starter, and the answer or layer that added it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generated {
    pub feature: Feature,
    /// The layer that brought this one, when no answer asked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brought_by: Option<Feature>,
}

/// A layer the answers asked for that the starter does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotGenerated {
    pub feature: Feature,
    /// Why, as one sentence without a final full stop.
    pub reason: String,
}

/// The starter's layers, for one framework and one set of answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// In [`Feature::ALL`] order.
    pub generated: Vec<Generated>,
    /// In [`Feature::ALL`] order.
    pub not_generated: Vec<NotGenerated>,
    /// `--minimal`: the base starter whatever the answers.
    pub minimal: bool,
}

impl Features {
    /// Whether a layer is in the starter.
    pub fn has(&self, feature: Feature) -> bool {
        self.generated.iter().any(|g| g.feature == feature)
    }

    /// The generated layers, in order.
    pub fn generated_ids(&self) -> Vec<Feature> {
        self.generated.iter().map(|g| g.feature).collect()
    }
}

/// The layers as `--json` and `.scaffold.toml` show them:
/// `{"generated": ["orm"], "not_generated": [{"feature", "reason"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeaturesSummary {
    #[serde(default)]
    pub generated: Vec<Feature>,
    #[serde(default)]
    pub not_generated: Vec<NotGenerated>,
}

impl Features {
    /// The summary `--json` and `.scaffold.toml` carry.
    pub fn summary(&self) -> FeaturesSummary {
        FeaturesSummary {
            generated: self.generated_ids(),
            not_generated: self.not_generated.clone(),
        }
    }
}

impl Serialize for Features {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.summary().serialize(serializer)
    }
}

/// The reason a layer of this version is not generated yet.
fn not_yet_reason(feature: Feature) -> String {
    format!(
        "this version of scaffold does not generate the {} layer yet",
        feature.id()
    )
}

/// Resolves the starter's layers: what the answers ask for, plus what those
/// layers bring, minus what the framework does not provide (with reasons).
/// With `minimal`, every asked-for layer is left out, with that reason.
pub fn resolve(answers: &Answers, framework: Framework, minimal: bool) -> Features {
    resolve_with(answers, framework, minimal, layer)
}

/// [`resolve`] over a given table of layers (the tests use their own).
fn resolve_with(
    answers: &Answers,
    framework: Framework,
    minimal: bool,
    table: fn(Feature, Framework) -> Layer,
) -> Features {
    let asked: Vec<Feature> = Feature::ALL
        .into_iter()
        .filter(|feature| feature.asked_for(answers))
        .collect();
    if minimal {
        return Features {
            generated: Vec::new(),
            not_generated: asked
                .into_iter()
                .map(|feature| NotGenerated {
                    feature,
                    reason: "`--minimal` asked for the base starter whatever the answers"
                        .to_owned(),
                })
                .collect(),
            minimal,
        };
    }

    // Every layer wanted, with the layer that brought it; a layer that can
    // be generated brings the layers it needs, and those theirs.
    let mut wanted: Vec<(Feature, Option<Feature>)> = asked.iter().map(|f| (*f, None)).collect();
    let mut index = 0;
    while index < wanted.len() {
        let (feature, _) = wanted[index];
        if blocker(feature, framework, table).is_none() {
            for brought in table(feature, framework).brings {
                if !wanted.iter().any(|(f, _)| f == brought) {
                    wanted.push((*brought, Some(feature)));
                }
            }
        }
        index += 1;
    }

    let mut features = Features {
        minimal,
        ..Features::default()
    };
    for feature in Feature::ALL {
        let Some((_, brought_by)) = wanted.iter().find(|(f, _)| *f == feature) else {
            continue;
        };
        match blocker(feature, framework, table) {
            None => features.generated.push(Generated {
                feature,
                brought_by: *brought_by,
            }),
            Some(reason) => features
                .not_generated
                .push(NotGenerated { feature, reason }),
        }
    }
    features
}

/// Why a layer cannot be generated on this framework, if it cannot: its own
/// support, or that of a layer it needs.
fn blocker(
    feature: Feature,
    framework: Framework,
    table: fn(Feature, Framework) -> Layer,
) -> Option<String> {
    let entry = table(feature, framework);
    match entry.support {
        Support::Unsuitable(reason) => Some(reason.to_owned()),
        Support::NotYet => Some(not_yet_reason(feature)),
        Support::Generated => entry.brings.iter().find_map(|needed| {
            blocker(*needed, framework, table).map(|_| {
                format!(
                    "it needs the {} layer, which is not generated for {framework}",
                    needed.id()
                )
            })
        }),
    }
}

/// The oldest runtime (major, minor) the framework and every generated
/// layer accept.
pub fn runtime_floor(framework: Framework, features: &Features) -> (u32, u32) {
    features
        .generated_ids()
        .into_iter()
        .filter_map(|feature| layer(feature, framework).runtime_min)
        .fold(framework.facts().runtime.min_version, std::cmp::max)
}

/// The runtime versions the starter's CI tests: the framework's, from the
/// floor up.
pub fn tested_runtimes(framework: Framework, features: &Features) -> Vec<&'static str> {
    let floor = runtime_floor(framework, features);
    framework
        .facts()
        .runtime
        .tested
        .iter()
        .copied()
        .filter(|version| {
            let mut parts = version
                .split('.')
                .map(|part| part.parse::<u32>().unwrap_or(0));
            (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) >= floor
        })
        .collect()
}

/// Every combination of the five answers that name layers: 32 answer sets.
pub fn every_combination() -> Vec<Answers> {
    (0u8..32)
        .map(|bits| {
            let on = |bit: u8| bits & (1 << bit) != 0;
            let needs = [(0, Need::Orm), (1, Need::Auth), (2, Need::Admin)]
                .into_iter()
                .filter(|(bit, _)| on(*bit))
                .map(|(_, need)| need)
                .collect();
            Answers {
                needs,
                realtime: on(3),
                data: on(4),
                ..Answers::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::Needs;

    fn answers(needs: &[Need], realtime: bool, data: bool) -> Answers {
        Answers {
            needs: needs.iter().copied().collect::<Needs>(),
            realtime,
            data,
            ..Answers::default()
        }
    }

    #[test]
    fn no_answers_naming_a_capability_give_the_base_starter() {
        for framework in Framework::ALL {
            assert_eq!(
                resolve(&Answers::default(), framework, false),
                Features::default()
            );
        }
    }

    #[test]
    fn the_orm_answer_generates_the_database_layer_everywhere() {
        for framework in Framework::ALL {
            let features = resolve_with(
                &answers(&[Need::Orm], false, false),
                framework,
                false,
                all_generated,
            );
            assert_eq!(features.generated_ids(), vec![Feature::Orm], "{framework}");
            assert!(features.not_generated.is_empty());
        }
    }

    #[test]
    fn layers_not_built_yet_are_carried_with_an_honest_reason() {
        fn realtime_and_data_not_yet(feature: Feature, framework: Framework) -> Layer {
            let support = match feature {
                Feature::Realtime | Feature::Data => Support::NotYet,
                _ => Support::Generated,
            };
            Layer {
                support,
                ..layer(feature, framework)
            }
        }
        let features = resolve_with(
            &answers(&[], true, true),
            Framework::Django,
            false,
            realtime_and_data_not_yet,
        );
        let reasons: Vec<(Feature, &str)> = features
            .not_generated
            .iter()
            .map(|n| (n.feature, n.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (
                    Feature::Realtime,
                    "this version of scaffold does not generate the realtime layer yet"
                ),
                (
                    Feature::Data,
                    "this version of scaffold does not generate the data layer yet"
                ),
            ]
        );
        assert!(features.generated_ids().is_empty());
    }

    #[test]
    fn realtime_is_generated_everywhere_and_data_on_the_python_frameworks() {
        for framework in Framework::ALL {
            let features = resolve(&answers(&[], true, true), framework, false);
            let expected = if framework == Framework::Express {
                vec![Feature::Realtime]
            } else {
                vec![Feature::Realtime, Feature::Data]
            };
            assert_eq!(features.generated_ids(), expected, "{framework}");
        }
    }

    #[test]
    fn auth_and_admin_are_generated_with_what_they_bring() {
        let auth_admin = answers(&[Need::Auth, Need::Admin], false, false);
        let django = resolve(&auth_admin, Framework::Django, false);
        assert_eq!(django.generated_ids(), vec![Feature::Auth, Feature::Admin]);
        let flask = resolve(
            &answers(&[Need::Admin], false, false),
            Framework::Flask,
            false,
        );
        assert_eq!(
            flask.generated_ids(),
            vec![Feature::Orm, Feature::Auth, Feature::Admin]
        );
        let express = resolve(&auth_admin, Framework::Express, false);
        assert_eq!(express.generated_ids(), vec![Feature::Orm, Feature::Auth]);
        assert_eq!(express.not_generated.len(), 1);
        assert_eq!(express.not_generated[0].feature, Feature::Admin);
        assert!(express.not_generated[0].reason.contains("AdminJS"));
    }

    #[test]
    fn express_carries_admin_and_data_as_unsuitable() {
        let features = resolve(
            &answers(&[Need::Admin], false, true),
            Framework::Express,
            false,
        );
        assert!(features.generated.is_empty());
        for not in &features.not_generated {
            assert!(!not.reason.contains("does not generate"), "{}", not.reason);
        }
        assert!(features.not_generated[1].reason.contains("Python service"));
    }

    #[test]
    fn minimal_leaves_out_every_layer_and_says_why() {
        let features = resolve(&answers(&[Need::Orm], true, false), Framework::Flask, true);
        assert!(features.minimal && features.generated.is_empty());
        assert_eq!(
            features
                .not_generated
                .iter()
                .map(|n| n.feature)
                .collect::<Vec<_>>(),
            vec![Feature::Orm, Feature::Realtime]
        );
        assert!(features.not_generated[0].reason.contains("--minimal"));
    }

    #[test]
    fn there_are_32_distinct_combinations() {
        let all = every_combination();
        assert_eq!(all.len(), 32);
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| b != a));
        }
    }

    /// A table where every layer is generated, with the real `brings`.
    fn all_generated(feature: Feature, framework: Framework) -> Layer {
        Layer {
            support: Support::Generated,
            ..layer(feature, framework)
        }
    }

    #[test]
    fn admin_brings_auth_and_auth_brings_orm_on_flask_and_express() {
        let flask = resolve_with(
            &answers(&[Need::Admin], false, false),
            Framework::Flask,
            false,
            all_generated,
        );
        assert_eq!(
            flask.generated,
            vec![
                Generated {
                    feature: Feature::Orm,
                    brought_by: Some(Feature::Auth)
                },
                Generated {
                    feature: Feature::Auth,
                    brought_by: Some(Feature::Admin)
                },
                Generated {
                    feature: Feature::Admin,
                    brought_by: None
                },
            ]
        );
        let express = resolve_with(
            &answers(&[Need::Auth], false, false),
            Framework::Express,
            false,
            all_generated,
        );
        assert_eq!(express.generated_ids(), vec![Feature::Orm, Feature::Auth]);
        let django = resolve_with(
            &answers(&[Need::Auth], false, false),
            Framework::Django,
            false,
            all_generated,
        );
        assert_eq!(django.generated_ids(), vec![Feature::Auth]);
    }

    #[test]
    fn a_layer_whose_needed_layer_is_missing_is_not_generated_either() {
        fn auth_without_orm(feature: Feature, framework: Framework) -> Layer {
            let support = if feature == Feature::Orm {
                Support::NotYet
            } else {
                Support::Generated
            };
            Layer {
                support,
                ..layer(feature, framework)
            }
        }
        let features = resolve_with(
            &answers(&[Need::Auth], false, false),
            Framework::Flask,
            false,
            auth_without_orm,
        );
        assert!(features.generated.is_empty());
        assert_eq!(
            features.not_generated,
            vec![NotGenerated {
                feature: Feature::Auth,
                reason: "it needs the orm layer, which is not generated for Flask".to_owned()
            }]
        );
    }
}
