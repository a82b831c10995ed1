//! `scaffold doctor` against the real toolchains of this machine (with a
//! supported Node.js from the npm registry in front, as this machine's own
//! may be older), and with a PATH that lacks Node.js.

use crate::node_release::{installable_here, node_bin_dir, path_with_first};
use crate::output::{pretty, shape};
use crate::support::Sandbox;
use serde_json::Value;
#[cfg(unix)]
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::process::Command;

/// The real file behind a command on PATH (through a pyenv shim, too).
#[cfg(unix)]
fn real_program(program: &str, ask: &[&str]) -> PathBuf {
    let output = Command::new(program)
        .args(ask)
        .output()
        .unwrap_or_else(|error| panic!("{program} runs: {error}"));
    assert!(output.status.success(), "{program} {ask:?}");
    PathBuf::from(String::from_utf8(output.stdout).expect("UTF-8").trim())
}

/// A directory holding only `python3` and `git`, to use as PATH (Unix:
/// it links to them, and finds git through `sh`).
#[cfg(unix)]
fn path_without_node(sandbox: &Sandbox) -> PathBuf {
    let bin = sandbox.path("bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let python = real_program("python3", &["-c", "import sys; print(sys.executable)"]);
    let git = real_program("sh", &["-c", "command -v git"]);
    symlink(&python, &bin.join("python3"));
    symlink(&git, &bin.join("git"));
    bin
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// The Node.js major the doctor tests put first on PATH: the newest LTS line
/// the starters are tested on.
const SUPPORTED_NODE: u32 = 24;

#[test]
fn doctor_finds_every_toolchain_on_this_machine_and_exits_0() {
    let sandbox = Sandbox::new();
    // Where the registry has no release for this machine (macOS on arm64),
    // the machine's own Node.js is checked: CI sets up a supported one.
    let path = if installable_here() {
        path_with_first(&node_bin_dir(SUPPORTED_NODE))
    } else {
        std::env::var_os("PATH").unwrap_or_default()
    };
    let output = sandbox
        .scaffold()
        .arg("doctor")
        .env("PATH", &path)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for tool in ["python3", "venv", "pip", "node", "npm", "git"] {
        assert!(
            stdout.lines().any(|line| {
                let words: Vec<&str> = line.split_whitespace().collect();
                words.first() == Some(&"ok") && words.get(1) == Some(&tool)
            }),
            "{tool} is not ok:\n{stdout}"
        );
    }
    for framework in ["django", "flask", "express"] {
        assert!(
            stdout.contains(&format!("  ok       {framework}  ")),
            "{stdout}"
        );
    }

    let output = sandbox
        .scaffold()
        .args(["doctor", "--json"])
        .env("PATH", &path)
        .output()
        .expect("runs");
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(json["ok"], true);
    let python = json["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .find(|tool| tool["name"] == "python3")
        .expect("python3");
    let version = python["version"].as_str().expect("a version");
    assert!(version.starts_with("3."), "{version}");
    assert_eq!(python["minimum"], "3.11");
    insta::assert_snapshot!("doctor_json_shape", pretty(&shape(&json)));
}

#[cfg(unix)]
#[test]
fn doctor_without_node_exits_1_and_says_what_to_install() {
    let sandbox = Sandbox::new();
    let bin = path_without_node(&sandbox);
    let output = sandbox
        .scaffold()
        .arg("doctor")
        .env("PATH", &bin)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("  missing  node"), "{stdout}");
    assert!(stdout.contains("  missing  npm"), "{stdout}");
    assert!(stdout.contains("  ok       python3"), "{stdout}");
    assert!(stdout.contains("  ok       flask "), "{stdout}");
    assert!(
        stdout.contains("  no       express  needs node, npm"),
        "{stdout}"
    );
    assert!(
        stderr.contains("error: this machine cannot run the express starter: node, npm"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: install Node.js 22 or newer"),
        "{stderr}"
    );

    let output = sandbox
        .scaffold()
        .args(["doctor", "--json"])
        .env("PATH", &bin)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(json["ok"], false);
    let express = json["starters"]
        .as_array()
        .expect("starters")
        .iter()
        .find(|starter| starter["framework"] == "express")
        .expect("express");
    assert_eq!(express["runnable"], false);
    assert_eq!(express["missing"], serde_json::json!(["node", "npm"]));
}
