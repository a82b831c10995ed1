//! The real-time layer's round trip: a client on `/ws` sends
//! `{"text": "..."}` and times the broadcast of the same text back to it
//! (the layer sends every message to every client, the sender included).
//! Bounded: a few messages, each waited for at most [`READ_TIMEOUT`].

use super::stats;
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tungstenite::handshake::client::Response;
use tungstenite::{Error as WsError, Message};

/// How many messages are timed; the figure is their median.
pub const MESSAGES: usize = 20;
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// The median round trip in milliseconds, or why there is none.
pub fn round_trip(port: u16) -> Result<f64, String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(|e| e.to_string())?;
    let url = format!("ws://127.0.0.1:{port}/ws");
    let (mut socket, _): (_, Response) = match tungstenite::client(url.as_str(), stream) {
        Ok(connected) => connected,
        Err(tungstenite::HandshakeError::Failure(WsError::Http(response)))
            if response.status() == 404 =>
        {
            return Err("the starter has no /ws endpoint (no real-time layer)".to_owned())
        }
        Err(error) => return Err(format!("the WebSocket handshake on /ws failed: {error}")),
    };
    let mut samples = Vec::with_capacity(MESSAGES);
    for index in 0..MESSAGES {
        let text = format!("scaffold compare {index}");
        let payload = serde_json::json!({ "text": text }).to_string();
        let sent = Instant::now();
        socket
            .send(Message::text(payload))
            .map_err(|e| format!("sending on /ws failed: {e}"))?;
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
            if value["text"] == text.as_str() && value["at"].is_string() {
                samples.push(sent.elapsed().as_secs_f64() * 1000.0);
                break;
            }
        }
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

    #[test]
    fn a_starter_without_ws_is_skipped_with_the_reason() {
        let why = round_trip(not_found_server()).expect_err("no /ws");
        assert_eq!(why, "the starter has no /ws endpoint (no real-time layer)");
    }
}
