'use strict';

// The HTTPS switch behind a trusted proxy, as .env.example sets it up for
// production. Each test file runs in its own process, so these variables
// reach only this file's app.
process.env.NODE_ENV = 'test';
process.env.SECURE = '1';
process.env.TRUST_PROXY = '1';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const express = require('express');
const request = require('supertest');

const app = require('../app');
const { handleErrors } = require('../errors');

test('the HTTPS switch redirects pages but not the health check', async () => {
  await request(app).get('/').expect(301).expect('Location', /^https:\/\//);
  await request(app).get('/health').expect(200);
});

test('behind the trusted proxy, forwarded HTTPS is served with HSTS', async () => {
  const res = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200);

  assert.match(res.headers['strict-transport-security'], /^max-age=31536000/);
});

function failingApp() {
  const failing = express();
  failing.get(['/fail', '/api/fail'], () => {
    throw new Error('a deliberate failure, for the tests');
  });
  failing.use(handleErrors);
  return failing;
}

test('an error answers a generic page and logs the stack with the request line', async (t) => {
  const logged = t.mock.method(console, 'error', () => {});

  const res = await request(failingApp()).get('/fail').expect(500).expect('Content-Type', /html/);

  assert.doesNotMatch(res.text, /deliberate failure/);
  assert.equal(logged.mock.callCount(), 1);
  const line = logged.mock.calls[0].arguments.join(' ');
  assert.match(line, /^GET \/fail failed: Error: a deliberate failure/);
  assert.match(line, /at /);
});

test('an error under /api answers JSON', async (t) => {
  t.mock.method(console, 'error', () => {});

  const res = await request(failingApp()).get('/api/fail').expect(500);

  assert.deepEqual(res.body, { error: 'internal server error' });
});
