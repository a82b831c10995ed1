'use strict';

// The WebSocket at /ws, on the same HTTP server as the app: every message a
// client sends reaches every client. A client sends {"text": "..."}; every
// client, the sender included, gets {"text": "...", "at": "<ISO 8601 UTC>"}.
// Invalid JSON or a missing or non-string text gets {"error": "..."}, sent to
// the sender alone; a message over 4 KiB closes that connection with code
// 1009 (message too big). Either way the server keeps serving the others.

const { WebSocketServer, WebSocket } = require('ws');

const MAX_MESSAGE_BYTES = 4096;

/**
 * Whether a WebSocket may open: every browser sends the page's Origin, and
 * a page of another site must not open /ws with this site's cookies
 * (cross-site WebSocket hijacking), so a browser's Origin must name the host
 * it connects to. Clients that are not browsers send no Origin.
 */
function allowedOrigin(origin, host) {
  if (origin === undefined) {
    return true;
  }
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The message to broadcast, or the error to send back, for one message. */
function readMessage(data, isBinary) {
  if (isBinary) {
    return { error: 'send text frames holding JSON' };
  }
  let parsed;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    return { error: 'invalid JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || typeof parsed.text !== 'string') {
    return { error: 'expected {"text": "..."} with a string text' };
  }
  return { broadcast: { text: parsed.text, at: new Date().toISOString() } };
}

/**
 * Serves /ws on `server`. Every `heartbeatMs` each client is pinged, and a
 * client that did not answer the previous ping is dropped. Returns
 * `close()`, which closes every WebSocket (code 1001, going away).
 */
function attachLive(server, { heartbeatMs = 30_000 } = {}) {
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: ({ origin, req }, done) => done(allowedOrigin(origin, req.headers.host), 403),
  });
  const alive = new WeakSet();

  wss.on('connection', (socket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    // An oversized message: ws has already closed the socket with 1009.
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      const { broadcast, error } = readMessage(data, isBinary);
      if (error) {
        socket.send(JSON.stringify({ error }));
        return;
      }
      const text = JSON.stringify(broadcast);
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) {
          client.send(text);
        }
      }
    });
  });

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    close() {
      clearInterval(heartbeat);
      for (const socket of wss.clients) {
        socket.close(1001, 'server shutting down');
      }
      wss.close();
    },
  };
}

module.exports = { attachLive, readMessage, MAX_MESSAGE_BYTES };
