//! Headless Chromium for the end-to-end tests (`services::chromium`: the
//! machine's, or npm's `@sparticuz/chromium`), driven by playwright-core
//! from the npm registry (installed once per run, no browser download),
//! running one of the driver scripts kept next to this file. A page that does something (a live panel, an admin's buttons)
//! is checked here, under the starter's real Content-Security-Policy.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The driver scripts, by file name.
const SCRIPTS: &[(&str, &str)] = &[
    ("chromium.js", include_str!("chromium.js")),
    ("live_panel.js", include_str!("live_panel.js")),
    ("admin_pages.js", include_str!("admin_pages.js")),
];

/// playwright-core, installed from the npm registry once per run, with the
/// driver scripts next to it.
fn driver_dir() -> &'static Path {
    static DRIVER: OnceLock<PathBuf> = OnceLock::new();
    DRIVER.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-browser-driver");
        let _ = std::fs::remove_dir_all(&dir);
        super::npm_install_into(&dir, &["playwright-core@1.65.1"]);
        for (name, text) in SCRIPTS {
            std::fs::write(dir.join(name), text).expect("write");
        }
        dir
    })
}

/// Runs `node SCRIPT CHROMIUM PROFILE ARGS...` with a fresh profile, killing
/// it after `within`. Returns whether it succeeded and what it printed.
pub(crate) fn run_script(script: &str, args: &[&str], within: Duration) -> (bool, String) {
    let chromium = super::services::chromium();
    let driver = driver_dir();
    let profile = tempfile::tempdir().expect("a fresh profile");
    let mut child = Command::new("node")
        .arg(driver.join(script))
        .arg(chromium)
        .arg(profile.path())
        .args(args)
        .current_dir(driver)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("node runs");
    let deadline = Instant::now() + within;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let output = child.wait_with_output().expect("output");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let succeeded = status.is_some_and(|status| status.success());
    (succeeded, report)
}
