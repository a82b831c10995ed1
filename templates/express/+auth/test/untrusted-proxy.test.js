'use strict';

// SECURE=1 without TRUST_PROXY=1: the app serves HTTPS itself and trusts no
// proxy, so a client cannot claim HTTPS or another address with X-Forwarded-*
// headers (which would also let it dodge the log-in limiter). Each test file
// runs in its own process, so these variables reach only this file's app.
process.env.NODE_ENV = 'test';
process.env.SECURE = '1';
process.env.SESSION_COOKIE_SECURE = '1';
delete process.env.TRUST_PROXY;

const { test } = require('node:test');
const assert = require('node:assert/strict');
const request = require('supertest');

const app = require('../app');

test('with SECURE=1 alone, forwarded headers are not trusted', async () => {
  assert.equal(app.get('trust proxy'), false);
  await request(app)
    .get('/')
    .set('X-Forwarded-Proto', 'https')
    .set('X-Forwarded-For', '203.0.113.7')
    .expect(301)
    .expect('Location', /^https:\/\//);
});
