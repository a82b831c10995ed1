//! How long generating takes, per framework: the pure steps (setting up
//! the renderer, recommending, planning) and a whole `scaffold new` into a
//! temporary directory, git commit included. Run with `cargo bench`; it
//! prints the median of several runs. This is a benchmark to track, not a
//! test: nothing here fails on time.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(label: &str, mut step: impl FnMut()) {
    step(); // warm up
    let samples = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            step();
            start.elapsed()
        })
        .collect();
    let median = median(samples).as_secs_f64() * 1e6;
    println!("{label:<50} median {median:>10.1} µs over {RUNS} runs");
}

fn main() {
    use scaffold::testing::answers::Answers;
    use scaffold::testing::framework::Framework;
    use scaffold::testing::recommend::recommend;
    use scaffold::testing::templates::render::Renderer;

    measure("set up the renderer", || {
        std::hint::black_box(Renderer::new());
    });
    measure("recommend", || {
        std::hint::black_box(recommend(&Answers::default()));
    });

    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/scaffold");
    if !binary.is_file() {
        println!(
            "(build with `cargo build --release` to time whole runs of {})",
            binary.display()
        );
        return;
    }
    for framework in Framework::ALL {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut run = 0;
        measure(
            &format!("scaffold new --framework {} (git included)", framework.id()),
            || {
                run += 1;
                let status = Command::new(&binary)
                    .args([
                        "new",
                        &format!("app{run}"),
                        "--framework",
                        framework.id(),
                        "--yes",
                        "--quiet",
                    ])
                    .args(["--author", "Bench <bench@example.com>"])
                    .current_dir(dir.path())
                    .status()
                    .expect("scaffold runs");
                assert!(status.success());
            },
        );
    }
}
