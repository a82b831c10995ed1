//! The cost per file of writing and committing a project, through the
//! library: a synthetic template of N files (15, 150 and 1,500 by default)
//! is planned, staged, committed with git and renamed into place, as
//! `scaffold new` does, and timed in-process (median of several runs).
//! Not shipped to users; `bench/run.sh` runs it and sets its figures beside
//! the floor's (`cp -r` and the git command line on the same trees).
//!
//! `cargo bench --bench synthetic -- <empty work dir> [N ...]`
//!
//! It prints one line per N: `files N median_ms M`, and leaves each finished
//! tree (without `.git`) in `<work dir>/tree-N` for the floor commands.

use scaffold::testing::answers::Answers;
use scaffold::testing::decision::{ChoiceSource, Decision, DecisionInput};
use scaffold::testing::env::{GitSettings, Identity};
use scaffold::testing::framework::Framework;
use scaffold::testing::generate::{self, stage, Plan, PlanInput, PlannedFile};
use scaffold::testing::git::{self, CommitRequest};
use scaffold::testing::recommend::recommend;
use scaffold::testing::replay::ReplayOptions;
use scaffold::testing::templates::render::Renderer;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A plan of the Flask starter whose files are replaced by `count` synthetic
/// ones: source-like text of 1 to 3 KB, fifty to a folder.
fn synthetic_plan(count: usize) -> Plan {
    let answers = Answers::default();
    let decision = Decision::new(DecisionInput {
        project_name: "synthetic".to_owned(),
        package: "synthetic".to_owned(),
        description: None,
        author: Some("Bench <bench@example.com>".to_owned()),
        fallback_author: String::new(),
        date: "2026-01-15".to_owned(),
        recommendation: recommend(&answers),
        answers,
        defaulted: Vec::new(),
        chosen: Framework::Flask,
        source: ChoiceSource::Explicit,
        features: scaffold::testing::features::Features::default(),
        scaffold_version: scaffold::testing::VERSION.to_owned(),
    });
    let input = PlanInput {
        replay: ReplayOptions::for_decision(&decision, None),
        decision,
        secret_key: "x".repeat(50),
        host: scaffold::testing::host::HostOs::Unix,
    };
    let renderer = Renderer::new();
    let mut plan = generate::plan(&renderer, &input).expect("the Flask plan renders");
    plan.files = (0..count)
        .map(|index| {
            let line = format!("def handler_{index}(request):  # synthetic module line\n");
            PlannedFile {
                path: format!("pkg{:03}/module_{index:05}.py", index / 50),
                contents: line.repeat(16 + index % 32).into_bytes(),
                executable: false,
                committed: true,
            }
        })
        .collect();
    plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    plan
}

/// One `scaffold new` of the plan at `target`: stage, commit, rename.
fn generate(plan: &Plan, target: &Path, settings: &GitSettings) {
    let staged =
        stage::stage(plan, target, stage::TargetState::Absent, |_| {}).expect("staging works");
    let request = CommitRequest {
        files: plan.committed_files().collect(),
        executables: Vec::new(),
        settings,
        author: None,
        time: 1_768_435_200,
    };
    git::init_and_commit(staged.path(), &request).expect("the commit works");
    staged.persist().expect("the rename works");
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let Some(work) = args.next().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench synthetic -- <empty work dir> [N ...]");
        return;
    };
    let mut counts: Vec<usize> = args.filter_map(|arg| arg.parse().ok()).collect();
    if counts.is_empty() {
        counts = vec![15, 150, 1_500];
    }
    std::fs::create_dir_all(&work).expect("the work dir can be created");
    let settings = GitSettings {
        identity: Some(Identity {
            name: "Bench".to_owned(),
            email: "bench@example.com".to_owned(),
        }),
        default_branch: None,
        ..GitSettings::default()
    };
    for count in counts {
        let plan = synthetic_plan(count);
        let tree = work.join(format!("tree-{count}"));
        if !tree.exists() {
            stage::stage(&plan, &tree, stage::TargetState::Absent, |_| {})
                .expect("staging works")
                .persist()
                .expect("the rename works");
        }
        let runs = if count >= 1_000 { 7 } else { 21 };
        let target = work.join(format!("out-{count}"));
        let samples = (0..=runs)
            .map(|_| {
                let start = Instant::now();
                generate(&plan, &target, &settings);
                let elapsed = start.elapsed();
                std::fs::remove_dir_all(&target).expect("the output can be removed");
                elapsed
            })
            .skip(1) // the first run warms the caches
            .collect();
        let median_ms = median(samples).as_secs_f64() * 1e3;
        println!("files {count} median_ms {median_ms:.3}");
    }
}
