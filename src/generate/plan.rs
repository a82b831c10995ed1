//! The plan: every file of the generated repo, rendered in memory. Pure: no
//! disk, clock or randomness; those arrive in [`PlanInput`].

use crate::adr;
use crate::core::decision::Decision;
use crate::core::features::{self, Feature, Features};
use crate::core::framework::{Framework, Pin};
use crate::core::host::HostOs;
use crate::core::replay::{scaffold_toml, ReplayOptions};
use crate::templates::render::{RenderError, Renderer, TemplateData};
use crate::templates::{self, TemplateFile};
use serde::Serialize;

/// One file of the generated repo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Relative, `/`-separated path.
    pub path: String,
    pub contents: Vec<u8>,
    pub executable: bool,
    /// False for files that must stay out of git (the `.env` with the secret).
    pub committed: bool,
}

impl PlannedFile {
    /// The Unix mode the file gets on disk.
    pub fn mode(&self) -> u32 {
        if self.executable {
            0o755
        } else if self.committed {
            0o644
        } else {
            0o600
        }
    }
}

/// Every file of the generated repo, sorted by path.
#[derive(Debug, Clone)]
pub struct Plan {
    pub framework: Framework,
    /// Where the framework decision record is, among `files`.
    decision_record: String,
    pub package: String,
    pub files: Vec<PlannedFile>,
}

impl Plan {
    /// The files git must hold after the first commit: path and contents.
    pub fn committed_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter(|file| file.committed)
            .map(|file| (file.path.as_str(), file.contents.as_slice()))
    }

    /// `--dry-run`'s listing: every path with its mode, one per line.
    pub fn listing(&self) -> String {
        self.files
            .iter()
            .map(|file| format!("{:o} {}\n", file.mode(), file.path))
            .collect()
    }

    /// The path of the framework decision record.
    pub fn decision_record(&self) -> &str {
        &self.decision_record
    }
}

/// Everything `plan` needs.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub decision: Decision,
    pub replay: ReplayOptions,
    /// The secret for the git-ignored `.env`.
    pub secret_key: String,
    /// The OS the README's commands are spelled for.
    pub host: HostOs,
}

/// The variables every starter template sees (see `templates/README.md`).
#[derive(Debug, Serialize)]
struct TemplateVars<'a> {
    project_name: &'a str,
    package: &'a str,
    description: &'a str,
    author: &'a str,
    framework: &'static str,
    scaffold_version: &'a str,
    runtime_pins: Vec<PinVar>,
    dev_pins: Vec<PinVar>,
    runtime_min: String,
    runtime_tested: Vec<&'static str>,
    secret_key: &'a str,
    /// Every feature by name, true when its layer is generated:
    /// `{{#if features.orm}}` in the shared files.
    features: std::collections::BTreeMap<&'static str, bool>,
    /// The layers the answers asked for that were not generated.
    not_generated: Vec<NotGeneratedVar<'a>>,
    /// `--minimal` was given.
    minimal: bool,
    commands: CommandVars,
    venv_bin: &'static str,
    windows: bool,
}

#[derive(Debug, Serialize)]
struct NotGeneratedVar<'a> {
    feature: &'static str,
    /// "admin panel", "data-processing layer"
    noun: &'static str,
    /// "--needs admin"
    flag: &'static str,
    reason: &'a str,
}

/// The starter's install, test and run commands, spelled for the host: the
/// same text as the next steps scaffold prints.
#[derive(Debug, Serialize)]
struct CommandVars {
    install: String,
    /// Empty where the language has no uv install (Express).
    install_with_uv: String,
    test: String,
    run: String,
}

#[derive(Debug, Serialize)]
struct PinVar {
    name: &'static str,
    version: &'static str,
}

/// Files git must never hold.
pub(crate) const UNCOMMITTED: &[&str] = &[".env"];

/// Renders every file of the project.
///
/// # Errors
/// A [`RenderError`] when a template cannot be rendered: a bug in scaffold.
pub fn plan(renderer: &Renderer, input: &PlanInput) -> Result<Plan, RenderError> {
    let decision = &input.decision;
    let framework = decision.chosen;
    let facts = framework.facts();
    let all_pins = pins_with_layers(framework, &decision.features);
    let pins = |dev: bool| {
        all_pins
            .iter()
            .filter(|pin| pin.dev == dev)
            .map(|pin| PinVar {
                name: pin.name,
                version: pin.version,
            })
            .collect()
    };
    let (major, minor) = features::runtime_floor(framework, &decision.features);
    let runtime_min = if facts.runtime.command == "node" {
        major.to_string()
    } else {
        format!("{major}.{minor}")
    };
    let vars = TemplateVars {
        project_name: &decision.project_name,
        package: &decision.package,
        description: &decision.description,
        author: &decision.author,
        framework: facts.display_name,
        scaffold_version: &decision.scaffold_version,
        runtime_pins: pins(false),
        dev_pins: pins(true),
        runtime_min: runtime_min.clone(),
        runtime_tested: features::tested_runtimes(framework, &decision.features),
        secret_key: &input.secret_key,
        features: Feature::ALL
            .into_iter()
            .map(|feature| (feature.id(), decision.features.has(feature)))
            .collect(),
        not_generated: decision
            .features
            .not_generated
            .iter()
            .map(|not| NotGeneratedVar {
                feature: not.feature.id(),
                noun: not.feature.noun(),
                flag: not.feature.answer_flag(),
                reason: &not.reason,
            })
            .collect(),
        minimal: decision.features.minimal,
        commands: CommandVars {
            install: input.host.spell(facts.commands.install),
            install_with_uv: facts
                .commands
                .install_with_uv
                .map(|command| input.host.spell(command))
                .unwrap_or_default(),
            test: input.host.spell(facts.commands.test),
            run: input.host.spell(&framework.run_command(&decision.package)),
        },
        venv_bin: input.host.venv_bin(),
        windows: input.host == HostOs::Windows,
    };

    let manifest = templates::manifest(framework)?;
    let vars = TemplateData::new(&vars)?;
    let mut files = Vec::new();
    let mut add = |tree_path: &str, name: &str, file: &TemplateFile| -> Result<(), RenderError> {
        let path = manifest.output_path(tree_path, &decision.package);
        files.push(PlannedFile {
            executable: manifest.executables.contains(&path),
            committed: !UNCOMMITTED.contains(&path.as_str()),
            contents: contents_of(renderer, name, file, &vars)?,
            path,
        });
        Ok(())
    };
    for file in tree_sources(framework, &decision.features) {
        add(file.tree_path(), &file.template_name(framework), &file)?;
    }
    for (source, shared) in &manifest.shared {
        if shared
            .layer
            .is_some_and(|feature| !decision.features.has(feature))
        {
            continue;
        }
        let name = format!("{}/{source}", templates::SHARED_DIR);
        let file = templates::shared_file(source).ok_or_else(|| RenderError {
            template: format!("{}/template.toml", framework.id()),
            message: format!("it names {name}, which is not embedded"),
        })?;
        add(&shared.to, &name, &file)?;
    }
    if let Some(lock) = lockfile_source(framework, &decision.features) {
        let contents = templates::stamp_lockfile(
            &lock.template_name(framework),
            lock.contents,
            &decision.package,
            &runtime_min,
        )?;
        files.push(committed(templates::LOCKFILE, contents));
    }

    for record in adr::framework_records(decision) {
        files.push(committed(&record.path, record.contents.into_bytes()));
    }
    files.push(committed(
        ".adr-dir",
        format!("{}\n", adr::DEFAULT_DIR).into_bytes(),
    ));
    let manifest_text = scaffold_toml(
        &decision.scaffold_version,
        framework,
        &decision.package,
        &decision.answers,
        &decision.defaulted,
        &decision.features,
        &input.replay,
    );
    files.push(committed(".scaffold.toml", manifest_text.into_bytes()));

    files.sort_by(|a, b| a.path.cmp(&b.path));
    debug_assert!(
        files.windows(2).all(|pair| pair[0].path != pair[1].path),
        "two planned files share a path"
    );
    Ok(Plan {
        framework,
        decision_record: adr::framework_record_path(decision),
        package: decision.package.clone(),
        files,
    })
}

/// The template files of the starter's tree: the base tree, then each
/// generated layer's overlay.
fn tree_sources(framework: Framework, features: &Features) -> Vec<TemplateFile> {
    let all = templates::template_files(framework);
    let mut sources: Vec<TemplateFile> = all
        .iter()
        .filter(|file| file.in_base_tree())
        .copied()
        .collect();
    for feature in features.generated_ids() {
        sources.extend(all.iter().filter(|file| file.in_layer(feature)));
    }
    sources
}

/// The starter's lockfile for the generated layers: the base lockfile, or,
/// when layers add npm dependencies, the lockfile of that set of layers
/// (none if the set has no lockfile yet: the consistency test then fails).
/// None for starters without lockfiles.
fn lockfile_source(framework: Framework, features: &Features) -> Option<TemplateFile> {
    let key = lockfile_key(framework, features);
    templates::lockfile(
        framework,
        key.as_deref().unwrap_or(templates::BASE_LOCKFILE),
    )
}

/// The lockfile key of a set of layers: the generated layers that add
/// dependencies, joined by `+` (`orm`, `orm+realtime`), or None when no
/// layer adds any (the base lockfile holds).
pub fn lockfile_key(framework: Framework, features: &Features) -> Option<String> {
    let adding: Vec<&str> = features
        .generated_ids()
        .into_iter()
        .filter(|feature| {
            !templates::layer_manifest(framework, *feature)
                .pins
                .is_empty()
        })
        .map(Feature::id)
        .collect();
    (!adding.is_empty()).then(|| adding.join("+"))
}

/// The framework's pins and those of the generated layers. npm keeps its
/// dependencies sorted by name, so Express's are sorted the same way.
fn pins_with_layers(framework: Framework, features: &Features) -> Vec<Pin> {
    let mut pins: Vec<Pin> = framework.facts().pins.to_vec();
    for feature in features.generated_ids() {
        pins.extend(
            templates::layer_manifest(framework, feature)
                .pins
                .iter()
                .copied(),
        );
    }
    if framework == Framework::Express {
        pins.sort_by_key(|pin| pin.name);
    }
    pins
}

fn committed(path: &str, contents: Vec<u8>) -> PlannedFile {
    PlannedFile {
        path: path.to_owned(),
        contents,
        executable: false,
        committed: true,
    }
}

fn contents_of(
    renderer: &Renderer,
    name: &str,
    file: &TemplateFile,
    vars: &TemplateData,
) -> Result<Vec<u8>, RenderError> {
    if file.is_rendered() {
        Ok(renderer.render_data(name, vars)?.into_bytes())
    } else {
        Ok(file.contents.to_vec())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::answers::Answers;
    use crate::core::decision::ChoiceSource;
    use crate::core::recommend::recommend;

    pub(crate) fn input_for(framework: Framework, description: &str, author: &str) -> PlanInput {
        let answers = Answers::default();
        let package = if framework == Framework::Express {
            "my-app"
        } else {
            "my_app"
        };
        let replay = ReplayOptions {
            project_name: "my-app".to_owned(),
            framework: Some(framework),
            description: description.to_owned(),
            author: author.to_owned(),
            package_name: None,
            minimal: false,
        };
        PlanInput {
            decision: Decision {
                project_name: "my-app".to_owned(),
                package: package.to_owned(),
                description: description.to_owned(),
                author: author.to_owned(),
                date: "2026-01-15".to_owned(),
                recommendation: recommend(&answers),
                answers: answers.clone(),
                defaulted: vec![],
                chosen: framework,
                source: ChoiceSource::Explicit,
                features: crate::core::features::Features::default(),
                reproduce_command: crate::core::replay::reproduce_command(&answers, &[], &replay),
                scaffold_version: "0.1.0".to_owned(),
                prototype: None,
            },
            replay,
            secret_key: "S3cretS3cretS3cretS3cretS3cretS3cretS3cretS3cret00".to_owned(),
            host: HostOs::Unix,
        }
    }

    pub(crate) fn plan_for(framework: Framework, description: &str, author: &str) -> Plan {
        let renderer = Renderer::new();
        plan(&renderer, &input_for(framework, description, author)).expect("plan renders")
    }

    pub(crate) fn file<'a>(plan: &'a Plan, path: &str) -> &'a PlannedFile {
        plan.files
            .iter()
            .find(|file| file.path == path)
            .unwrap_or_else(|| panic!("{path} is not in the plan"))
    }

    #[test]
    fn every_starter_plans_readme_manifest_and_records() {
        for framework in Framework::ALL {
            let plan = plan_for(framework, "Orders API", "Ada");
            for path in [
                "README.md",
                ".gitignore",
                ".scaffold.toml",
                ".adr-dir",
                ".editorconfig",
            ] {
                file(&plan, path);
            }
            assert!(plan
                .files
                .windows(2)
                .all(|pair| pair[0].path < pair[1].path));
            let record = file(&plan, plan.decision_record());
            let text = String::from_utf8_lossy(&record.contents);
            assert!(
                text.contains(&format!("Chosen option: \"{framework}\"")),
                "{text}"
            );
        }
    }

    #[test]
    fn the_secret_lands_only_in_the_uncommitted_env_file() {
        for framework in Framework::ALL {
            let input = input_for(framework, "d", "a");
            let renderer = Renderer::new();
            let plan = plan(&renderer, &input).expect("plan renders");
            for planned in &plan.files {
                let has_secret = planned
                    .contents
                    .windows(input.secret_key.len())
                    .any(|window| window == input.secret_key.as_bytes());
                if planned.committed {
                    assert!(
                        !has_secret,
                        "{framework}: {} holds the secret",
                        planned.path
                    );
                } else if framework != Framework::Express {
                    // Express's starter uses no secret; the Python ones keep theirs in .env.
                    assert!(has_secret, "{framework}: {} lacks the secret", planned.path);
                }
            }
        }
    }

    #[test]
    fn non_template_files_come_out_byte_for_byte() {
        for framework in Framework::ALL {
            let plan = plan_for(framework, "d", "a");
            let manifest = templates::manifest(framework).expect("the manifest parses");
            for source in templates::starter_files(framework)
                .iter()
                .filter(|f| !f.is_rendered())
            {
                let path = manifest.output_path(source.source, &plan.package);
                assert_eq!(file(&plan, &path).contents, source.contents, "{path}");
            }
            for (source, shared) in &manifest.shared {
                let Some(stored) = templates::shared_file(source) else {
                    panic!("_shared/{source} is missing");
                };
                if shared.layer.is_none() && !stored.is_rendered() {
                    let path = manifest.output_path(&shared.to, &plan.package);
                    assert_eq!(file(&plan, &path).contents, stored.contents, "{path}");
                }
            }
        }
    }

    #[test]
    fn the_express_lockfile_agrees_with_package_json_and_the_pins() {
        let plan = plan_for(Framework::Express, "d", "a");
        let parse = |path: &str| -> serde_json::Value {
            serde_json::from_slice(&file(&plan, path).contents).expect("valid JSON")
        };
        let (package, lock) = (parse("package.json"), parse("package-lock.json"));
        assert_eq!(lock["name"], package["name"]);
        assert_eq!(lock["packages"][""]["name"], package["name"]);
        assert_eq!(lock["packages"][""]["engines"], package["engines"]);
        for key in ["dependencies", "devDependencies"] {
            assert_eq!(
                lock["packages"][""][key], package[key],
                "{key} out of sync: npm ci would refuse"
            );
        }
        for pin in Framework::Express.facts().pins {
            let locked = &lock["packages"][format!("node_modules/{}", pin.name)]["version"];
            assert_eq!(
                locked, pin.version,
                "{} is locked at another version",
                pin.name
            );
        }
    }

    #[test]
    fn same_inputs_give_the_same_bytes() {
        for framework in Framework::ALL {
            let first = plan_for(framework, "d", "a");
            let second = plan_for(framework, "d", "a");
            assert_eq!(first.files, second.files);
        }
    }

    #[test]
    fn templates_compiled_at_build_time_render_the_bytes_of_templates_compiled_now() {
        for framework in Framework::ALL {
            let input = input_for(framework, "Orders <API> \"v2\"", "Ada {{x}}");
            let built = plan(&Renderer::new(), &input).expect("renders");
            let now = plan(&Renderer::compiling_text(), &input).expect("renders");
            assert_eq!(built.files, now.files, "{framework}");
        }
    }

    #[test]
    fn the_readme_gives_the_install_test_and_run_commands_spelled_for_the_host() {
        let renderer = Renderer::new();
        for framework in Framework::ALL {
            for host in [HostOs::Unix, HostOs::Windows] {
                let input = PlanInput {
                    host,
                    ..input_for(framework, "d", "a")
                };
                let plan = plan(&renderer, &input).expect("plan renders");
                let readme =
                    String::from_utf8_lossy(&file(&plan, "README.md").contents).into_owned();
                let facts = framework.facts().commands;
                let run = framework.run_command(&plan.package);
                for command in [facts.install, facts.test, run.as_str()] {
                    let spelled = host.spell(command);
                    assert!(
                        readme.lines().any(|line| line.starts_with(&spelled)),
                        "{framework} on {host:?}: the README lacks `{spelled}`:\n{readme}"
                    );
                }
                let foreign = match host {
                    HostOs::Unix => ".venv\\Scripts\\pytest",
                    HostOs::Windows => ".venv/bin/pytest",
                };
                assert!(
                    !readme.contains(foreign),
                    "{framework} on {host:?}: {foreign} in the README"
                );
            }
        }
    }
}
