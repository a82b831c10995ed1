//! The authentication and admin layers, end to end: a starter generated
//! with `--needs auth,admin,orm`, installed, migrated and tested as its
//! README says, served by its documented production server, then used over
//! HTTP by a browser-like client that keeps cookies: sign up, see the
//! profile, log out by POST, fail a log-in, log in, write a note through the
//! API with the session and its CSRF token, and open the admin as an admin.
//! Then headless Chromium uses the admin's own pages under the production
//! Content-Security-Policy: adds notes, deletes one and deletes in bulk.

use super::{free_port, generate_with, passed_count, require, Project, Server};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

const PASSWORD: &str = "a-long-Passphrase-42";

/// The admin `root` (password [`PASSWORD`]) adds three notes through the
/// admin site in headless Chromium, deletes one from the list (Flask-Admin
/// asks first: dismissed, then accepted) and one by the bulk action, with no
/// script error and no blocked script (tests/e2e/admin_pages.js).
fn check_admin_in_chromium(site: &str, port: u16) {
    let base = format!("http://127.0.0.1:{port}");
    let (worked, report) = super::browser::run_script(
        "admin_pages.js",
        &[site, &base, "root", PASSWORD],
        Duration::from_secs(120),
    );
    assert!(
        worked,
        "the {site} admin did not work in Chromium:\n{report}"
    );
}

/// Starts the README's production server with extra environment variables.
fn serve_production(project: &Project, command_line: &str, env: &[(&str, &str)]) -> Server {
    assert!(
        project.readme().contains(command_line),
        "README.md does not give `{command_line}`"
    );
    project.serve_with(command_line, free_port(), env)
}

/// The secret key of the generated `.env`: the server must read it from there.
fn env_file_secret(project: &Project, variable: &str) -> String {
    let env = std::fs::read_to_string(project.root.join(".env")).expect("the generated .env");
    let secret = env
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{variable}=")))
        .unwrap_or_else(|| panic!(".env does not set {variable}:\n{env}"));
    assert!(secret.len() >= 32, "a short secret key: {secret}");
    secret.to_owned()
}

/// An answer, with its headers by lower-case name (Set-Cookie joined by newlines).
struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    fn location(&self) -> &str {
        self.header("location")
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A browser-like HTTP/1.1 client on loopback that keeps its cookies.
struct Browser {
    port: u16,
    cookies: BTreeMap<String, String>,
    /// Every Set-Cookie line seen, attributes included.
    set_cookies: Vec<String>,
}

impl Browser {
    fn new(port: u16) -> Browser {
        Browser {
            port,
            cookies: BTreeMap::new(),
            set_cookies: Vec::new(),
        }
    }

    fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    fn get(&mut self, path: &str) -> Reply {
        self.send("GET", path, &[], "")
    }

    /// A form POST, URL-encoded.
    fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &body,
        )
    }

    fn post_json(&mut self, path: &str, headers: &[(&str, &str)], json: &str) -> Reply {
        let mut all = vec![("Content-Type", "application/json")];
        all.extend_from_slice(headers);
        self.send("POST", path, &all, json)
    }

    fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request.push_str(&format!("Cookie: {}\r\n", jar.join("; ")));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the answer");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, rest) = text.split_once("\r\n\r\n").expect("a header block");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|code| code.parse().ok())
            .expect("a status code");
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_owned();
            if name == "set-cookie" {
                self.keep_cookie(&value);
            }
            headers
                .entry(name)
                .and_modify(|v| {
                    v.push('\n');
                    v.push_str(&value);
                })
                .or_insert(value);
        }
        let body = if headers
            .get("transfer-encoding")
            .is_some_and(|v| v.contains("chunked"))
        {
            super::dechunk(rest)
        } else {
            rest.to_owned()
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    fn keep_cookie(&mut self, line: &str) {
        self.set_cookies.push(line.to_owned());
        let pair = line.split(';').next().unwrap_or_default();
        let Some((name, value)) = pair.split_once('=') else {
            return;
        };
        let lower = line.to_ascii_lowercase();
        let expired = lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970");
        let value = value.trim().trim_matches('"');
        if value.is_empty() || expired {
            self.cookies.remove(name.trim());
        } else {
            self.cookies
                .insert(name.trim().to_owned(), value.to_owned());
        }
    }

    /// The last Set-Cookie line for a cookie, attributes included.
    fn set_cookie_line(&self, name: &str) -> &str {
        self.set_cookies
            .iter()
            .rev()
            .find(|line| line.starts_with(&format!("{name}=")))
            .map_or("", String::as_str)
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of a hidden form field: `name="field" value="..."`.
fn hidden_field(html: &str, field: &str) -> String {
    let marker = format!("name=\"{field}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no `{field}` field in the page:\n{html}"));
    let tag_start = html[..at].rfind('<').expect("a tag");
    let tag_end = at + html[at..].find('>').expect("the tag ends");
    let tag = &html[tag_start..tag_end];
    let value = tag
        .split("value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the `{field}` field has no value: {tag}"));
    value.to_owned()
}

/// The URLs and field names of one framework's auth pages.
struct AuthPages {
    signup: &'static str,
    login: &'static str,
    logout: &'static str,
    profile: &'static str,
    /// The hidden form field holding the CSRF token.
    csrf_field: &'static str,
    /// The names of the sign-up form's password and confirmation fields.
    password_fields: (&'static str, &'static str),
    session_cookie: &'static str,
}

/// Signs up, sees the profile, logs out by POST (a GET does not), fails a
/// log-in, logs in again. Returns the logged-in browser.
fn sign_up_log_out_and_in(port: u16, pages: &AuthPages, username: &str) -> Browser {
    let mut browser = Browser::new(port);

    let form = browser.get(pages.signup);
    assert_eq!(form.status, 200, "{}: {}", pages.signup, form.body);
    let token = hidden_field(&form.body, pages.csrf_field);
    let refused = browser.post_form(
        pages.signup,
        &[
            ("username", username),
            (pages.password_fields.0, PASSWORD),
            (pages.password_fields.1, PASSWORD),
        ],
    );
    assert!(
        [400, 403].contains(&refused.status),
        "a sign-up without its CSRF token was not refused: {} {}",
        refused.status,
        refused.body
    );
    let signed_up = browser.post_form(
        pages.signup,
        &[
            (pages.csrf_field, &token),
            ("username", username),
            (pages.password_fields.0, PASSWORD),
            (pages.password_fields.1, PASSWORD),
        ],
    );
    assert!(
        [302, 303].contains(&signed_up.status),
        "sign-up: {} {}",
        signed_up.status,
        signed_up.body
    );
    assert!(
        signed_up.location().ends_with(pages.profile),
        "sign-up leads to {}",
        signed_up.location()
    );
    let cookie = browser
        .set_cookie_line(pages.session_cookie)
        .to_ascii_lowercase();
    assert!(
        cookie.contains("httponly") && cookie.contains("samesite=lax"),
        "the session cookie lacks HttpOnly or SameSite=Lax: {cookie}"
    );

    let profile = browser.get(pages.profile);
    assert_eq!(profile.status, 200, "profile: {}", profile.body);
    assert!(profile.body.contains(username), "{}", profile.body);

    let by_get = browser.get(pages.logout);
    assert!(
        (400..500).contains(&by_get.status),
        "GET {} answered {}",
        pages.logout,
        by_get.status
    );
    assert_eq!(browser.get(pages.profile).status, 200, "a GET logged out");
    let token = hidden_field(&profile.body, pages.csrf_field);
    let out = browser.post_form(pages.logout, &[(pages.csrf_field, &token)]);
    assert!([302, 303].contains(&out.status), "logout: {}", out.status);
    let gone = browser.get(pages.profile);
    assert_eq!(gone.status, 302, "the profile after logout");
    assert!(
        gone.location().contains(pages.login) && gone.location().contains("next="),
        "the profile sends a visitor to {}",
        gone.location()
    );

    let form = browser.get(pages.login);
    assert_eq!(form.status, 200);
    let token = hidden_field(&form.body, pages.csrf_field);
    let wrong = browser.post_form(
        pages.login,
        &[
            (pages.csrf_field, &token),
            ("username", username),
            ("password", "not-the-password"),
        ],
    );
    assert!(
        wrong.status == 200 || (400..500).contains(&wrong.status),
        "a wrong password answered {}",
        wrong.status
    );
    assert!(
        wrong
            .body
            .contains(&format!("name=\"{}\"", pages.csrf_field)),
        "a wrong password does not show the form again:\n{}",
        wrong.body
    );
    assert!(!wrong.body.contains("Traceback"), "{}", wrong.body);
    assert_eq!(browser.get(pages.profile).status, 302);

    let token = hidden_field(&wrong.body, pages.csrf_field);
    let session_before = browser.cookie(pages.session_cookie).map(str::to_owned);
    let login = browser.post_form(
        pages.login,
        &[
            (pages.csrf_field, &token),
            ("username", username),
            ("password", PASSWORD),
        ],
    );
    assert!(
        [302, 303].contains(&login.status),
        "log-in: {} {}",
        login.status,
        login.body
    );
    assert_ne!(
        browser.cookie(pages.session_cookie).map(str::to_owned),
        session_before,
        "logging in did not rotate the session"
    );
    let profile = browser.get(pages.profile);
    assert_eq!(profile.status, 200);
    assert!(profile.body.contains(username));
    browser
}

/// Writes a note through the API: refused logged out (401) and without the
/// CSRF token (403 or 400), stored with its author with both.
fn write_a_note(member: &mut Browser, csrf_headers: &[(&str, &str)], username: &str) {
    let note = r#"{"title": "Members only", "body": "written over HTTP"}"#;
    let mut stranger = Browser::new(member.port);
    let anonymous = stranger.post_json("/api/notes", &[], note);
    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
    assert!(anonymous.json()["error"].is_string());
    let no_token = member.post_json("/api/notes", &[], note);
    assert!(
        [400, 403].contains(&no_token.status),
        "a note without the CSRF token answered {}: {}",
        no_token.status,
        no_token.body
    );
    let created = member.post_json("/api/notes", csrf_headers, note);
    assert_eq!(created.status, 201, "{}", created.body);
    let json = created.json();
    assert_eq!(json["title"], "Members only");
    assert_eq!(json["author"], username);
    let listed = member.get("/api/notes");
    assert_eq!(listed.status, 200);
    assert_eq!(listed.json()[0]["id"], json["id"]);
}

#[test]
fn the_django_auth_and_admin_layers_work_over_http() {
    require("python3");
    let project = generate_with(
        "django",
        "e2e-members-django",
        &["--needs", "auth,admin,orm"],
    );
    let facts = scaffold::testing::framework::Framework::Django.facts();
    project.readme_command(facts.commands.install);
    project.readme_command(".venv/bin/python manage.py migrate");
    let tests = project.readme_command(facts.commands.test);
    assert!(passed_count(&tests) >= 15, "too few tests ran:\n{tests}");
    assert!(!tests.contains("failed"), "{tests}");
    project.readme_command(".venv/bin/python manage.py collectstatic --noinput");
    env_file_secret(&project, "SECRET_KEY");

    // As the README gives it: beside the local .env, DEBUG stays off.
    let server = serve_production(&project, ".venv/bin/gunicorn e2e_members_django.wsgi", &[]);
    let pages = AuthPages {
        signup: "/accounts/signup/",
        login: "/accounts/login/",
        logout: "/accounts/logout/",
        profile: "/accounts/profile/",
        csrf_field: "csrfmiddlewaretoken",
        password_fields: ("password1", "password2"),
        session_cookie: "sessionid",
    };
    let mut member = sign_up_log_out_and_in(server.port, &pages, "ada");
    let token = member
        .cookie("csrftoken")
        .expect("a CSRF cookie")
        .to_owned();
    write_a_note(&mut member, &[("X-CSRFToken", &token)], "ada");

    // An admin, created without prompting, uses /admin/.
    let created = Command::new("sh")
        .args(["-c", ".venv/bin/python manage.py createsuperuser --noinput"])
        .current_dir(&project.root)
        .env("DJANGO_SUPERUSER_USERNAME", "root")
        .env("DJANGO_SUPERUSER_EMAIL", "root@example.com")
        .env("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
        .output()
        .expect("createsuperuser runs");
    assert!(
        created.status.success(),
        "createsuperuser: {}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(project.readme().contains("manage.py createsuperuser"));
    let mut admin = Browser::new(server.port);
    assert_eq!(admin.get("/admin/").status, 302);
    let form = admin.get("/admin/login/?next=/admin/");
    let token = hidden_field(&form.body, "csrfmiddlewaretoken");
    let login = admin.post_form(
        "/admin/login/?next=/admin/",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", "root"),
            ("password", PASSWORD),
            ("next", "/admin/"),
        ],
    );
    assert_eq!(login.status, 302, "admin log-in: {}", login.body);
    let index = admin.get("/admin/");
    assert_eq!(index.status, 200);
    assert!(
        index.body.contains("/admin/accounts/user/"),
        "{}",
        index.body
    );
    let users = admin.get("/admin/accounts/user/?q=ada");
    assert_eq!(users.status, 200);
    assert!(users.body.contains("ada"));
    let notes = admin.get("/admin/notes/note/");
    assert_eq!(notes.status, 200);
    assert!(notes.body.contains("Members only"), "{}", notes.body);
    check_admin_in_chromium("django", server.port);
}

#[test]
fn the_flask_auth_and_admin_layers_work_over_http() {
    require("python3");
    let project = generate_with("flask", "e2e-members-flask", &["--needs", "auth,admin,orm"]);
    let facts = scaffold::testing::framework::Framework::Flask.facts();
    project.readme_command(facts.commands.install);
    project.readme_command(".venv/bin/flask --app e2e_members_flask db upgrade");
    let tests = project.readme_command(facts.commands.test);
    assert!(passed_count(&tests) >= 30, "too few tests ran:\n{tests}");
    assert!(!tests.contains("failed"), "{tests}");
    // The migrations describe the models exactly.
    let check = project.sh(".venv/bin/flask --app e2e_members_flask db check");
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("No new upgrade operations")
            || String::from_utf8_lossy(&check.stderr).contains("No new upgrade operations"),
        "the migrations and the models differ"
    );
    env_file_secret(&project, "FLASK_SECRET_KEY");

    let server = serve_production(
        &project,
        ".venv/bin/gunicorn 'e2e_members_flask:create_app()'",
        &[],
    );
    let pages = AuthPages {
        signup: "/accounts/signup",
        login: "/accounts/login",
        logout: "/accounts/logout",
        profile: "/accounts/profile",
        csrf_field: "csrf_token",
        password_fields: ("password", "confirm"),
        session_cookie: "session",
    };
    let mut member = sign_up_log_out_and_in(server.port, &pages, "ada");
    let profile = member.get("/accounts/profile");
    let token = hidden_field(&profile.body, "csrf_token");
    write_a_note(&mut member, &[("X-CSRFToken", &token)], "ada");
    assert_eq!(
        member.get("/admin/").status,
        403,
        "a plain user opened /admin/"
    );

    // An admin, from the README's command with the password in the environment.
    assert!(project.readme().contains("create-admin USERNAME"));
    let created = Command::new("sh")
        .args([
            "-c",
            ".venv/bin/flask --app e2e_members_flask create-admin root",
        ])
        .current_dir(&project.root)
        .env("ADMIN_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .output()
        .expect("create-admin runs");
    assert!(
        created.status.success(),
        "create-admin: {}",
        String::from_utf8_lossy(&created.stderr)
    );
    let mut admin = Browser::new(server.port);
    let gate = admin.get("/admin/");
    assert_eq!(gate.status, 302);
    assert!(
        gate.location().contains("/accounts/login"),
        "{}",
        gate.location()
    );
    let form = admin.get("/accounts/login?next=/admin/");
    let token = hidden_field(&form.body, "csrf_token");
    let login = admin.post_form(
        "/accounts/login?next=/admin/",
        &[
            ("csrf_token", &token),
            ("username", "root"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(login.status, 302, "admin log-in: {}", login.body);
    assert!(
        login.location().ends_with("/admin/"),
        "{}",
        login.location()
    );
    let index = admin.get("/admin/");
    assert_eq!(index.status, 200);
    let users = admin.get("/admin/user/?search=ada");
    assert_eq!(users.status, 200);
    assert!(users.body.contains("ada"));
    let notes = admin.get("/admin/note/");
    assert_eq!(notes.status, 200);
    assert!(notes.body.contains("Members only"), "{}", notes.body);
    check_admin_in_chromium("flask", server.port);
}

#[test]
fn the_express_auth_layer_works_over_http_and_the_record_says_why_there_is_no_admin() {
    require("node");
    require("npm");
    let project = generate_with(
        "express",
        "e2e-members-express",
        &["--needs", "auth,admin,orm"],
    );
    let record = std::fs::read_to_string(
        project
            .root
            .join("docs/adr/0002-use-express-as-the-backend-framework.md"),
    )
    .expect("the decision record");
    assert!(
        record.contains("Bad, because no admin panel was generated") && record.contains("AdminJS"),
        "{record}"
    );
    assert!(project
        .readme()
        .contains("No admin panel (`--needs admin`)"));

    let facts = scaffold::testing::framework::Framework::Express.facts();
    project.readme_command(facts.commands.install);
    project.readme_command("npm run migrate");
    let tests = project.readme_command(facts.commands.test);
    assert!(passed_count(&tests) >= 20, "too few tests ran:\n{tests}");
    env_file_secret(&project, "SESSION_SECRET");

    let server = serve_production(&project, "npm start", &[("NODE_ENV", "production")]);
    let pages = AuthPages {
        signup: "/accounts/signup",
        login: "/accounts/login",
        logout: "/accounts/logout",
        profile: "/accounts/profile",
        csrf_field: "_csrf",
        password_fields: ("password", "confirm"),
        session_cookie: "sid",
    };
    let mut member = sign_up_log_out_and_in(server.port, &pages, "ada");
    let profile = member.get("/accounts/profile");
    let token = hidden_field(&profile.body, "_csrf");
    write_a_note(&mut member, &[("X-CSRF-Token", &token)], "ada");
    assert_eq!(member.get("/admin/").status, 404, "Express has no admin");
}
