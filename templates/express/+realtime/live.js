'use strict';

// The WebSocket at /ws, on the same HTTP server as the app: every message a
// client sends reaches every client. A client sends {"text": "..."}; every
// client, the sender included, gets {"text": "...", "at": "<ISO 8601 UTC>"}.
// Invalid JSON or a missing or non-string text gets {"error": "..."}, sent to
// the sender alone; a message over 4 KiB closes that connection with code
// 1009 (message too big). Either way the server keeps serving the others.
// Each connection may send LIVE_MESSAGES_PER_SECOND messages a second (10
// unless set), twice that in a burst; beyond, a message is dropped and its
// sender told so.

const { WebSocketServer, WebSocket } = require('ws');

const MAX_MESSAGE_BYTES = 4096;
const DEFAULT_MESSAGES_PER_SECOND = 10;

/** LIVE_MESSAGES_PER_SECOND, a positive number, or the default. */
function messagesPerSecond(env = process.env) {
  const text = env.LIVE_MESSAGES_PER_SECOND;
  if (text === undefined || text.trim() === '') {
    return DEFAULT_MESSAGES_PER_SECOND;
  }
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`LIVE_MESSAGES_PER_SECOND must be a positive number, not ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * One connection's allowance (a token bucket): `perSecond` messages a
 * second on average, and up to twice that at once.
 */
class MessageRate {
  constructor(perSecond, now = () => performance.now() / 1000) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, 2 * perSecond);
    this.tokens = this.burst;
    this.now = now;
    this.last = now();
  }

  /** Whether one more message may go through now. */
  allow() {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}

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
 * client that did not answer the previous ping is dropped. `authorize(req)`,
 * when given, decides (a promise of a boolean) whether the upgrade request
 * may open a WebSocket; a refused one gets 403. Returns `close()`, which
 * closes every WebSocket (code 1001, going away).
 */
function attachLive(
  server,
  { heartbeatMs = 30_000, perSecond = messagesPerSecond(), authorize = null } = {},
) {
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_MESSAGE_BYTES,
    verifyClient: ({ origin, req }, done) => {
      if (!allowedOrigin(origin, req.headers.host)) {
        return done(false, 403);
      }
      if (!authorize) {
        return done(true);
      }
      authorize(req).then(
        (allowed) => done(allowed, 403),
        () => done(false, 500),
      );
    },
  });
  const alive = new WeakSet();
  const tooFast = JSON.stringify({ error: `too many messages: at most ${perSecond} a second` });

  wss.on('connection', (socket) => {
    alive.add(socket);
    const rate = new MessageRate(perSecond);
    socket.on('pong', () => alive.add(socket));
    // An oversized message: ws has already closed the socket with 1009.
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      if (!rate.allow()) {
        socket.send(tooFast);
        return;
      }
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

module.exports = { attachLive, readMessage, messagesPerSecond, MessageRate, MAX_MESSAGE_BYTES };
