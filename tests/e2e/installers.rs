//! `scaffold new --install` with uv: where `uv` is on PATH, a Python
//! starter is installed by uv's venv and pip (in seconds), and it works as
//! the pip-made one does. The other tests install with the README's pip.

use super::{passed_count, services, starter_path};
use std::process::{Command, Stdio};
use std::time::Instant;

#[test]
fn with_uv_on_path_new_install_uses_uv_and_the_starter_passes_its_tests() {
    let uv_dir = services::uv_bin_dir();
    let mut path = vec![uv_dir.to_path_buf()];
    path.extend(std::env::split_paths(&starter_path()));
    let path = std::env::join_paths(path).expect("a PATH");
    let dir = tempfile::tempdir().expect("temp dir");

    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .args([
            "new",
            "uv-flask",
            "--framework",
            "flask",
            "--yes",
            "--json",
            "--install",
        ])
        .current_dir(dir.path())
        .env("PATH", &path)
        .env_remove("CI")
        .stdin(Stdio::null())
        .output()
        .expect("scaffold runs");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("one JSON object");
    let command = report["install"]["command"]
        .as_str()
        .expect("the install command");
    assert!(
        command.starts_with("uv venv ") && command.contains(" && uv pip install "),
        "{command}"
    );
    assert_eq!(report["install"]["ok"], true);
    eprintln!("NOTE: scaffold new --install with uv took {seconds:.1} s");

    let project = dir.path().join("uv-flask");
    let venv = std::fs::read_to_string(project.join(".venv/pyvenv.cfg")).expect("pyvenv.cfg");
    assert!(venv.contains("uv = "), "uv made the environment:\n{venv}");
    let tests = Command::new(project.join(".venv/bin/pytest"))
        .current_dir(&project)
        .output()
        .expect("pytest runs");
    let said = String::from_utf8_lossy(&tests.stdout);
    assert!(tests.status.success(), "{said}");
    assert!(passed_count(&said) >= 2, "{said}");
}
