'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { once } = require('node:events');
const { WebSocket } = require('ws');

const app = require('../app');
const { attachLive } = require('../live');

let server;
let live;
let url;
const sockets = [];

before(async () => {
  server = http.createServer(app);
  live = attachLive(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `ws://127.0.0.1:${server.address().port}/ws`;
});

after(async () => {
  for (const socket of sockets) {
    socket.terminate();
  }
  live.close();
  server.close();
});

async function connect() {
  const socket = new WebSocket(url);
  sockets.push(socket);
  await once(socket, 'open');
  return socket;
}

test('a page of another site cannot open /ws; this site and non-browser clients can', async () => {
  const foreign = new WebSocket(url, { origin: 'https://evil.example' });
  const [, response] = await once(foreign, 'unexpected-response');
  assert.equal(response.statusCode, 403);

  const own = new WebSocket(url, { origin: `http://127.0.0.1:${server.address().port}` });
  sockets.push(own);
  await once(own, 'open');
});

/** The next message on a socket, as JSON, within two seconds. */
function nextMessage(socket) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('nothing received within 2 s')), 2000);
    socket.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString()));
    });
  });
}

test('a message reaches every client, the sender included', async () => {
  const alice = await connect();
  const bob = await connect();

  const received = Promise.all([nextMessage(alice), nextMessage(bob)]);
  alice.send(JSON.stringify({ text: 'hello' }));

  for (const message of await received) {
    assert.equal(message.text, 'hello');
    assert.match(message.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  }
});

for (const raw of ['not json', '{"txt": "typo"}', '{"text": 42}', '["text"]']) {
  test(`${raw} gets an error for the sender alone, and the connection stays open`, async () => {
    const sender = await connect();
    const other = await connect();
    const seenByOther = [];
    other.on('message', (data) => seenByOther.push(JSON.parse(data.toString())));

    const reply = nextMessage(sender);
    sender.send(raw);
    assert.ok((await reply).error);

    const again = nextMessage(sender);
    const othersCopy = nextMessage(other);
    sender.send(JSON.stringify({ text: 'still here' }));
    assert.equal((await again).text, 'still here');
    await othersCopy;
    assert.deepEqual(seenByOther.map((m) => m.text), ['still here']);
  });
}

test('a message over 4 KiB closes that connection with 1009, and others keep going', async () => {
  const big = await connect();
  const other = await connect();

  const closed = once(big, 'close');
  big.send(JSON.stringify({ text: 'x'.repeat(5000) }));
  const [code] = await closed;
  assert.equal(code, 1009);

  const echo = nextMessage(other);
  other.send(JSON.stringify({ text: 'after' }));
  assert.equal((await echo).text, 'after');
});
