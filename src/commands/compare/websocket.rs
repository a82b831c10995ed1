//! The real-time layer under test: the round trip (a client on `/ws` sends
//! `{"text": "..."}` and times the broadcast of the same text back to it;
//! the layer sends every message to every client, the sender included), the
//! fan-out (one client's message reaching [`FAN_OUT_CLIENTS`] clients), and
//! the capacity (how many clients it accepts, up to [`CAPACITY_PROBE`], and
//! whether `/health` still answers while they are open). Bounded: every
//! read waits at most [`READ_TIMEOUT`].

use super::stats;
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tungstenite::{Error as WsError, Message};

/// How many messages are timed; the figure is their median.
pub const MESSAGES: usize = 20;
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Clients the fan-out is timed to: every one of them must receive each
/// broadcast.
/// The Flask starter accepts 50 (`FLASK_LIVE_MAX_CLIENTS`); 40 stays
/// clear of that limit, which the capacity probe reports on its own.
pub const FAN_OUT_CLIENTS: usize = 40;
/// Broadcasts timed in the fan-out; the figure is their median.
const FAN_OUT_MESSAGES: usize = 10;
/// The most clients the capacity probe opens.
pub const CAPACITY_PROBE: usize = 200;

type Socket = tungstenite::WebSocket<TcpStream>;

/// One client on `/ws`, or why it could not connect.
fn connect(port: u16) -> Result<Socket, String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(|e| e.to_string())?;
    let url = format!("ws://127.0.0.1:{port}/ws");
    match tungstenite::client(url.as_str(), stream) {
        Ok((socket, _)) => Ok(socket),
        Err(tungstenite::HandshakeError::Failure(WsError::Http(response)))
            if response.status() == 404 =>
        {
            Err("the starter has no /ws endpoint (no real-time layer)".to_owned())
        }
        Err(tungstenite::HandshakeError::Failure(WsError::Http(response))) => Err(format!(
            "the WebSocket handshake on /ws was refused with {}",
            response.status().as_u16()
        )),
        Err(error) => Err(format!("the WebSocket handshake on /ws failed: {error}")),
    }
}

/// Reads `socket` until the broadcast of `text` arrives.
fn await_broadcast(socket: &mut Socket, text: &str, sent: Instant) -> Result<(), String> {
    loop {
        let message = socket
            .read()
            .map_err(|e| format!("no broadcast came back on /ws: {e}"))?;
        if sent.elapsed() > READ_TIMEOUT {
            return Err("no broadcast came back on /ws in time".to_owned());
        }
        let Message::Text(body) = message else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(body.as_str()).unwrap_or_default();
        if value["text"] == text && value["at"].is_string() {
            return Ok(());
        }
    }
}

/// Waits until every client receives broadcasts: a server registers a
/// client for broadcasts a moment after its handshake, so the first
/// client resends a "ready" message until each has had one (at most
/// [`READ_TIMEOUT`] in all). Nothing of this is timed.
fn ready(sockets: &mut [Socket]) -> Result<(), String> {
    let started = Instant::now();
    let mut waiting: Vec<usize> = (0..sockets.len()).collect();
    let set_timeout = |socket: &mut Socket, timeout| {
        socket
            .get_mut()
            .set_read_timeout(Some(timeout))
            .map_err(|e| e.to_string())
    };
    for attempt in 0.. {
        if waiting.is_empty() {
            break;
        }
        if started.elapsed() > READ_TIMEOUT {
            return Err(format!(
                "{} of {} clients never received a broadcast",
                waiting.len(),
                sockets.len()
            ));
        }
        let payload = serde_json::json!({ "text": format!("scaffold compare ready {attempt}") });
        sockets[0]
            .send(Message::text(payload.to_string()))
            .map_err(|e| format!("sending on /ws failed: {e}"))?;
        let mut still = Vec::new();
        for index in waiting {
            let socket = &mut sockets[index];
            set_timeout(socket, Duration::from_millis(200))?;
            let got = loop {
                match socket.read() {
                    Ok(Message::Text(body)) if body.as_str().contains("scaffold compare ready") => {
                        break true
                    }
                    Ok(_) => continue,
                    Err(WsError::Io(e))
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) =>
                    {
                        break false
                    }
                    Err(e) => return Err(format!("a client on /ws failed: {e}")),
                }
            };
            if !got {
                still.push(index);
            }
        }
        waiting = still;
    }
    for socket in sockets.iter_mut() {
        set_timeout(socket, READ_TIMEOUT)?;
    }
    Ok(())
}

/// The median time, in milliseconds, for one client's message to reach all
/// of `clients` clients (the sender included), or why there is none.
pub fn fan_out(port: u16, clients: usize) -> Result<f64, String> {
    let mut sockets = Vec::with_capacity(clients);
    for _ in 0..clients {
        match connect(port) {
            Ok(socket) => sockets.push(socket),
            Err(why) => {
                return Err(format!(
                    "only {} of {clients} clients could connect ({why})",
                    sockets.len()
                ))
            }
        }
    }
    ready(&mut sockets)?;
    let mut samples = Vec::with_capacity(FAN_OUT_MESSAGES);
    for index in 0..FAN_OUT_MESSAGES {
        let text = format!("scaffold compare fan-out {index}");
        let payload = serde_json::json!({ "text": text }).to_string();
        let sent = Instant::now();
        sockets[0]
            .send(Message::text(payload))
            .map_err(|e| format!("sending on /ws failed: {e}"))?;
        // Each socket buffers what arrives: reading them one after the
        // other ends when the last one has its copy.
        for socket in &mut sockets {
            await_broadcast(socket, &text, sent)?;
        }
        samples.push(sent.elapsed().as_secs_f64() * 1000.0);
    }
    for mut socket in sockets {
        let _ = socket.close(None);
    }
    stats::median(&samples).ok_or_else(|| "no broadcast was timed".to_owned())
}

/// How many clients `/ws` accepted, opened one after the other up to
/// [`CAPACITY_PROBE`], and whether `health` (a check run while they are all
/// still open) passed.
pub fn capacity(port: u16, health: impl Fn() -> bool) -> Capacity {
    let mut sockets = Vec::new();
    let mut refused = None;
    while sockets.len() < CAPACITY_PROBE {
        match connect(port) {
            Ok(socket) => sockets.push(socket),
            Err(why) => {
                refused = Some(why);
                break;
            }
        }
    }
    let healthy = health();
    let accepted = sockets.len();
    for mut socket in sockets {
        let _ = socket.close(None);
    }
    Capacity {
        accepted,
        refused,
        health_while_held: healthy,
    }
}

/// What the capacity probe found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Capacity {
    pub accepted: usize,
    /// Why the next client was not accepted (null: the probe's limit).
    pub refused: Option<String>,
    /// Whether `/health` answered 200 while they were all open.
    pub health_while_held: bool,
}

/// The median round trip in milliseconds, or why there is none.
pub fn round_trip(port: u16) -> Result<f64, String> {
    let mut socket = connect(port)?;
    let mut samples = Vec::with_capacity(MESSAGES);
    for index in 0..MESSAGES {
        let text = format!("scaffold compare {index}");
        let payload = serde_json::json!({ "text": text }).to_string();
        let sent = Instant::now();
        socket
            .send(Message::text(payload))
            .map_err(|e| format!("sending on /ws failed: {e}"))?;
        await_broadcast(&mut socket, &text, sent)?;
        samples.push(sent.elapsed().as_secs_f64() * 1000.0);
    }
    let _ = socket.close(None);
    stats::median(&samples).ok_or_else(|| "no message was timed".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::thread;

    /// A loopback server speaking the real-time layer's protocol.
    fn broadcast_server() -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
        let port = listener.local_addr().expect("address").port();
        thread::spawn(move || {
            let (stream, _) = listener.accept().expect("accept");
            let mut socket = tungstenite::accept(stream).expect("handshake");
            while let Ok(message) = socket.read() {
                if let Message::Text(body) = message {
                    let value: serde_json::Value =
                        serde_json::from_str(body.as_str()).expect("JSON");
                    let reply = serde_json::json!({"text": value["text"], "at": "2026-01-15T00:00:00.000Z"});
                    if socket.send(Message::text(reply.to_string())).is_err() {
                        break;
                    }
                }
            }
        });
        port
    }

    /// A loopback HTTP server that answers 404 to everything, once.
    fn not_found_server() -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
        let port = listener.local_addr().expect("address").port();
        thread::spawn(move || {
            use std::io::{Read, Write};
            let (mut stream, _) = listener.accept().expect("accept");
            let mut buffer = [0; 2048];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        });
        port
    }

    #[test]
    fn the_round_trip_is_timed_against_a_broadcasting_server() {
        let millis = round_trip(broadcast_server()).expect("a round trip");
        assert!(millis > 0.0 && millis < 5000.0, "{millis}");
    }

    /// A loopback server that accepts up to `limit` clients (refusing the
    /// next with 503) and broadcasts every text message to all of them.
    // The refusal's type is tungstenite's (a whole HTTP response).
    #[allow(clippy::result_large_err)]
    fn fan_out_server(limit: usize) -> u16 {
        use std::sync::{Arc, Mutex};
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind");
        let port = listener.local_addr().expect("address").port();
        let clients: Arc<Mutex<Vec<std::sync::mpsc::Sender<String>>>> = Arc::default();
        // Counted in the handshake callback, before the server answers, so a
        // client that has its answer is counted before the next one asks.
        let admitted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let clients = Arc::clone(&clients);
                let admitted = Arc::clone(&admitted);
                thread::spawn(move || {
                    let callback = |_: &tungstenite::handshake::server::Request, response| {
                        let seen = admitted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        if seen >= limit {
                            let mut refusal =
                                tungstenite::handshake::server::ErrorResponse::new(None);
                            *refusal.status_mut() =
                                tungstenite::http::StatusCode::SERVICE_UNAVAILABLE;
                            Err(refusal)
                        } else {
                            Ok(response)
                        }
                    };
                    let Ok(mut socket) = tungstenite::accept_hdr(stream, callback) else {
                        return;
                    };
                    let (sender, receiver) = std::sync::mpsc::channel::<String>();
                    clients.lock().expect("lock").push(sender);
                    socket
                        .get_mut()
                        .set_read_timeout(Some(Duration::from_millis(5)))
                        .expect("timeout");
                    loop {
                        while let Ok(text) = receiver.try_recv() {
                            if socket.send(Message::text(text)).is_err() {
                                return;
                            }
                        }
                        match socket.read() {
                            Ok(Message::Text(body)) => {
                                let value: serde_json::Value =
                                    serde_json::from_str(body.as_str()).expect("JSON");
                                let reply = serde_json::json!({"text": value["text"], "at": "now"})
                                    .to_string();
                                for client in clients.lock().expect("lock").iter() {
                                    let _ = client.send(reply.clone());
                                }
                            }
                            Ok(_) => {}
                            Err(WsError::Io(e))
                                if e.kind() == std::io::ErrorKind::WouldBlock
                                    || e.kind() == std::io::ErrorKind::TimedOut => {}
                            Err(_) => return,
                        }
                    }
                });
            }
        });
        port
    }

    #[test]
    fn a_broadcast_is_timed_until_every_client_has_it() {
        let millis = fan_out(fan_out_server(100), 5).expect("a fan-out");
        assert!(millis > 0.0 && millis < 5000.0, "{millis}");
    }

    #[test]
    fn the_fan_out_says_how_many_clients_could_connect() {
        let why = fan_out(fan_out_server(3), 5).expect_err("too many");
        assert!(
            why.starts_with("only 3 of 5 clients could connect"),
            "{why}"
        );
        assert!(why.contains("refused with 503"), "{why}");
    }

    #[test]
    fn the_capacity_probe_stops_at_the_first_refusal_and_runs_the_check_meanwhile() {
        let probed = capacity(fan_out_server(7), || true);
        assert_eq!(probed.accepted, 7);
        assert!(probed.refused.is_some_and(|why| why.contains("503")));
        assert!(probed.health_while_held);
    }

    #[test]
    fn a_starter_without_ws_is_skipped_with_the_reason() {
        let why = round_trip(not_found_server()).expect_err("no /ws");
        assert_eq!(why, "the starter has no /ws endpoint (no real-time layer)");
    }
}
