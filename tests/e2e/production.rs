//! A starter run as production runs it: the Dockerfile's command line,
//! outside a container, with the Dockerfile's environment and the production
//! values `.env.example` documents, and no local `.env` (git-ignored and
//! kept out of the image). Then: the security headers, the HTTPS switch
//! behind a trusted proxy, generic errors with the traceback on stderr, a
//! JSON 400 for malformed JSON, one log line per request, the refusal to
//! start without a secret, and a clean stop on SIGTERM.

use super::{free_port, request, Project, Response};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::File;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A secret of the length and variety Django's deploy checks ask for.
const SECRET: &str = "Zq8f3LmT0vR6wYb2Kx9Nc4Hs7Pd1Ga5Ue0Jt3Ow8Ri6Ly2Mk4Vn";
const FAILURE: &str = "a deliberate failure, from the end-to-end test";
/// What a TLS-terminating proxy adds to a request it received over HTTPS.
const FROM_HTTPS: (&str, &str) = ("X-Forwarded-Proto", "https");

/// What differs between the starters' production setups.
struct Setup {
    /// The variable holding the secret, when the starter uses one.
    secret: Option<&'static str>,
    /// The one variable that trusts the proxy's X-Forwarded-Proto.
    trust_proxy: &'static str,
    /// How an error's log on stderr names the request.
    logged_request: &'static str,
}

fn setup(framework: &str) -> Setup {
    match framework {
        "django" => Setup {
            secret: Some("SECRET_KEY"),
            trust_proxy: "DJANGO_TRUST_PROXY",
            logged_request: "GET /fail",
        },
        "flask" => Setup {
            secret: Some("FLASK_SECRET_KEY"),
            trust_proxy: "FLASK_TRUST_PROXY",
            logged_request: "Exception on /fail [GET]",
        },
        "express" => Setup {
            secret: None,
            trust_proxy: "TRUST_PROXY",
            logged_request: "GET /fail failed",
        },
        other => panic!("no production setup for {other}"),
    }
}

pub(crate) fn check(project: &Project, framework: &str) {
    let setup = setup(framework);
    // A server has no local .env: it is git-ignored and .dockerignore'd.
    std::fs::remove_file(project.root.join(".env")).expect("the generated .env");
    let dockerfile = std::fs::read_to_string(project.root.join("Dockerfile")).expect("Dockerfile");
    let (command, health_check, image_env) = command_and_env(&dockerfile);

    let mut env = in_project(image_env, project);
    env.extend(env_example(project));
    if let Some(secret) = setup.secret {
        env.insert(secret.to_owned(), SECRET.to_owned());
    }
    env.insert(setup.trust_proxy.to_owned(), "1".to_owned());
    let port = free_port();
    env.insert("HOST".to_owned(), "127.0.0.1".to_owned());
    env.insert("PORT".to_owned(), port.to_string());
    let path = if framework == "express" {
        super::starter_path()
    } else {
        super::node_release::path_with_first(&project.root.join(".venv/bin"))
    };
    env.insert("PATH".to_owned(), path.to_string_lossy().into_owned());

    match framework {
        "django" => {
            project.readme_command(".venv/bin/python manage.py collectstatic --noinput");
            let checked = project.sh_with(
                ".venv/bin/python manage.py check --deploy --fail-level WARNING",
                &as_os(&env),
            );
            let said = String::from_utf8_lossy(&checked.stdout);
            assert!(said.contains("no issues"), "{said}");
        }
        "express" => {
            project.readme_command("npm ci --omit=dev");
        }
        _ => {}
    }
    add_failing_route(project, framework);

    if let Some(secret) = setup.secret {
        refuses_to_start_without(project, &command, &env, secret);
    }

    let logs = tempfile::tempdir().expect("temp dir");
    let server = start(project, &command, &env, logs.path());
    wait_until_listening(port, &server);
    let mut server = server;

    let checked = server_command(project, &health_check, &env)
        .output()
        .expect("the HEALTHCHECK command runs");
    assert!(
        checked.status.success(),
        "the Dockerfile's HEALTHCHECK fails: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let health = request(port, "GET", "/health", &[], "");
    assert_eq!(
        health.status, 200,
        "/health over plain HTTP: {}",
        health.head
    );
    let plain = request(port, "GET", "/", &[], "");
    assert_eq!(plain.status, 301, "plain HTTP redirects: {}", plain.head);
    assert!(
        plain
            .header("Location")
            .is_some_and(|to| to.starts_with("https://")),
        "{}",
        plain.head
    );

    let home = request(port, "GET", "/", &[FROM_HTTPS], "");
    assert_eq!(home.status, 200, "{}", home.head);
    assert!(home.body.contains(project.name), "{}", home.body);
    has_every_security_header(&home);
    assert!(
        !home.body.contains("<script>")
            && !home.body.contains("<style")
            && !home.body.contains(" style="),
        "the home page has inline code its own policy blocks:\n{}",
        home.body
    );
    if framework == "django" {
        hashed_static_files_are_cached_for_long(port, &home);
    }

    let failed = request(port, "GET", "/fail", &[FROM_HTTPS], "");
    assert_eq!(failed.status, 500, "{}", failed.head);
    assert!(
        failed.content_type.starts_with("text/html"),
        "{}",
        failed.head
    );
    for leak in ["deliberate", "Traceback", "    at ", "RuntimeError"] {
        assert!(
            !failed.body.contains(leak),
            "the 500 page shows {leak:?}:\n{}",
            failed.body
        );
    }
    has_every_security_header(&failed);
    let api_failed = request(port, "GET", "/api/fail", &[FROM_HTTPS], "");
    assert_eq!(api_failed.status, 500);
    assert_eq!(
        json(&api_failed),
        serde_json::json!({"error": "internal server error"})
    );

    let malformed = request(
        port,
        "POST",
        "/api/anything",
        &[FROM_HTTPS, ("Content-Type", "application/json")],
        "{not json",
    );
    assert_eq!(malformed.status, 400, "{}", malformed.head);
    assert_eq!(
        json(&malformed),
        serde_json::json!({"error": "malformed JSON"})
    );

    stops_on_sigterm(&mut server);
    let stdout = std::fs::read_to_string(logs.path().join("stdout")).expect("stdout log");
    let stderr = std::fs::read_to_string(logs.path().join("stderr")).expect("stderr log");
    assert!(
        stderr.contains(FAILURE) && stderr.contains(setup.logged_request),
        "stderr lacks the error with its request line:\n{stderr}"
    );
    let traceback = if framework == "express" {
        "    at "
    } else {
        "Traceback (most recent call last)"
    };
    assert!(
        stderr.contains(traceback),
        "stderr lacks the traceback:\n{stderr}"
    );
    let request_lines = format!("{stdout}{stderr}")
        .lines()
        .filter(|line| line.contains("\"POST /api/anything HTTP/1.1\" 400"))
        .count();
    assert_eq!(
        request_lines, 1,
        "one log line per request:\n{stdout}\n{stderr}"
    );
}

fn has_every_security_header(response: &Response) {
    let head = &response.head;
    assert_eq!(
        response.header("X-Content-Type-Options"),
        Some("nosniff"),
        "{head}"
    );
    assert!(
        response
            .header("Referrer-Policy")
            .is_some_and(|v| !v.is_empty()),
        "{head}"
    );
    let policy = response
        .header("Content-Security-Policy")
        .unwrap_or_else(|| panic!("no CSP:\n{head}"));
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let framed = response.header("X-Frame-Options") == Some("DENY")
        || policy.contains("frame-ancestors 'none'");
    assert!(framed, "no clickjacking protection:\n{head}");
    assert!(
        response
            .header("Strict-Transport-Security")
            .is_some_and(|v| v.starts_with("max-age=")),
        "no HSTS over HTTPS:\n{head}"
    );
    assert_eq!(response.header("X-Powered-By"), None, "{head}");
}

/// The home page links the CSS under its hashed name, cached for a year or more.
fn hashed_static_files_are_cached_for_long(port: u16, home: &Response) {
    let start = home
        .body
        .find("/static/css/site.")
        .expect("a link to the CSS");
    let end = start + home.body[start..].find('"').expect("the link ends");
    let css = &home.body[start..end];
    assert!(
        css.len() > "/static/css/site.css".len(),
        "not a hashed name: {css}"
    );
    let response = request(port, "GET", css, &[FROM_HTTPS], "");
    assert_eq!(response.status, 200, "{css}: {}", response.head);
    let max_age: u64 = response
        .header("Cache-Control")
        .and_then(|value| value.split("max-age=").nth(1))
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("no max-age: {}", response.head));
    assert!(max_age >= 31_536_000, "{}", response.head);
}

fn json(response: &Response) -> serde_json::Value {
    assert!(
        response.content_type.starts_with("application/json"),
        "{}",
        response.head
    );
    serde_json::from_str(&response.body).expect("a JSON body")
}

/// The CMD and the HEALTHCHECK command (exec form) and the ENV values of a Dockerfile.
fn command_and_env(dockerfile: &str) -> (Vec<String>, Vec<String>, BTreeMap<String, String>) {
    let joined = dockerfile.replace("\\\n", " ");
    let mut command = None;
    let mut health_check = None;
    let mut env = BTreeMap::new();
    for line in joined.lines().map(str::trim) {
        if let Some((_, array)) = line
            .strip_prefix("HEALTHCHECK ")
            .and_then(|rest| rest.split_once(" CMD "))
        {
            health_check = Some(serde_json::from_str(array).expect("HEALTHCHECK CMD in exec form"));
        } else if let Some(array) = line.strip_prefix("CMD ") {
            command = Some(serde_json::from_str(array).expect("CMD in exec form"));
        } else if let Some(pairs) = line.strip_prefix("ENV ") {
            for pair in pairs.split_whitespace() {
                let (name, value) = pair.split_once('=').expect("ENV name=value");
                env.insert(name.to_owned(), value.to_owned());
            }
        }
    }
    (
        command.expect("a CMD"),
        health_check.expect("a HEALTHCHECK"),
        env,
    )
}

/// The image's settings with its working directory, `/app`, read as the
/// project's root; the folders they name under it (the database's `data/`)
/// are made, as the Dockerfile makes them.
fn in_project(image_env: BTreeMap<String, String>, project: &Project) -> BTreeMap<String, String> {
    let root = format!("{}/", project.root.display());
    image_env
        .into_iter()
        .map(|(name, value)| {
            if let Some(at) = value.find("/app/") {
                let path = &value[at + "/app/".len()..];
                if let Some((folder, _file)) = path.rsplit_once('/') {
                    std::fs::create_dir_all(project.root.join(folder)).expect("mkdir");
                }
                return (name, value.replacen("/app/", &root, 1));
            }
            (name, value)
        })
        .collect()
}

/// The `NAME=value` lines of `.env.example`.
fn env_example(project: &Project) -> BTreeMap<String, String> {
    std::fs::read_to_string(project.root.join(".env.example"))
        .expect(".env.example")
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

fn as_os(env: &BTreeMap<String, String>) -> Vec<(&str, OsString)> {
    env.iter()
        .map(|(name, value)| (name.as_str(), OsString::from(value)))
        .collect()
}

/// A route that raises, added the way a bug would be.
fn add_failing_route(project: &Project, framework: &str) {
    let package = project.name.replace('-', "_");
    let (file, anchor, code) = match framework {
        "django" => (
            format!("{package}/urls.py"),
            None,
            format!(
                "\n\ndef fail(request):\n    raise RuntimeError(\"{FAILURE}\")\n\n\nurlpatterns += [path(\"fail\", fail), path(\"api/fail\", fail)]\n"
            ),
        ),
        "flask" => (
            format!("{package}/main.py"),
            None,
            format!(
                "\n\n@bp.get(\"/fail\")\n@bp.get(\"/api/fail\")\ndef fail():\n    raise RuntimeError(\"{FAILURE}\")\n"
            ),
        ),
        _ => (
            "app.js".to_owned(),
            Some("// Unknown paths under /api answer in JSON"),
            format!("app.get(['/fail', '/api/fail'], () => {{\n  throw new Error('{FAILURE}');\n}});\n\n"),
        ),
    };
    let path = project.root.join(file);
    let text = std::fs::read_to_string(&path).expect("the file to patch");
    let patched = match anchor {
        None => format!("{text}{code}"),
        Some(anchor) => {
            assert!(text.contains(anchor), "{} lacks {anchor:?}", path.display());
            text.replacen(anchor, &format!("{code}{anchor}"), 1)
        }
    };
    std::fs::write(&path, patched).expect("patch");
}

fn server_command(
    project: &Project,
    command: &[String],
    env: &BTreeMap<String, String>,
) -> Command {
    let mut process = Command::new(&command[0]);
    process
        .args(&command[1..])
        .current_dir(&project.root)
        .env_clear()
        .envs(env)
        .env("HOME", std::env::var_os("HOME").unwrap_or_default())
        .stdin(Stdio::null());
    process
}

fn refuses_to_start_without(
    project: &Project,
    command: &[String],
    env: &BTreeMap<String, String>,
    secret: &str,
) {
    let mut without = env.clone();
    without.remove(secret);
    let mut child = server_command(project, command, &without)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("`{}` kept running without {secret}", command.join(" "));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().expect("stderr"), &mut stderr)
        .expect("read");
    assert!(!status.success(), "started without {secret}:\n{stderr}");
    assert!(
        stderr
            .lines()
            .any(|line| line.contains(secret) && line.contains("not set to a real secret")),
        "no clear line naming {secret}:\n{stderr}"
    );
}

fn start(
    project: &Project,
    command: &[String],
    env: &BTreeMap<String, String>,
    logs: &std::path::Path,
) -> Child {
    let stdout = File::create(logs.join("stdout")).expect("log file");
    let stderr = File::create(logs.join("stderr")).expect("log file");
    server_command(project, command, env)
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("start the production server")
}

fn wait_until_listening(port: u16, server: &Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = Command::new("kill")
        .args(["-KILL", &server.id().to_string()])
        .status();
    panic!("the production server did not listen on port {port} within 60 s");
}

/// SIGTERM to the command's own process stops it within 5 seconds, exit 0.
fn stops_on_sigterm(server: &mut Child) {
    let pid = server.id().to_string();
    let sent = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = server.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = server.kill();
            let _ = server.wait();
            panic!("the production server was still running 5 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        status.code(),
        Some(0),
        "exit status after SIGTERM: {status}"
    );
}
