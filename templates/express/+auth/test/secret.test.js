'use strict';

// The session secret production accepts: as Django and Flask refuse their
// placeholder keys, the app refuses to start on a secret anyone can know.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { ConfigurationError, MIN_SECRET_LENGTH, sessionSecret } = require('../auth');

const REAL = 'k'.repeat(MIN_SECRET_LENGTH);

test('production refuses a missing, placeholder or short SESSION_SECRET', () => {
  for (const secret of [undefined, '', 'dev-only-change-me', 'replace-with-a-long-random-string', 'short']) {
    assert.throws(
      () => sessionSecret({ NODE_ENV: 'production', SESSION_SECRET: secret }),
      (error) => error instanceof ConfigurationError && /SESSION_SECRET is not set to a real secret/.test(error.message),
      `accepted ${JSON.stringify(secret)}`,
    );
  }
});

test('production takes a real secret, and development falls back to its own', () => {
  assert.equal(sessionSecret({ NODE_ENV: 'production', SESSION_SECRET: REAL }), REAL);
  assert.equal(sessionSecret({ SESSION_SECRET: 'short' }), 'short');
  assert.equal(sessionSecret({}), 'dev-only-change-me');
});

test('the production server exits with the reason, not a stack, without a real secret', () => {
  const env = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 'replace-with-a-long-random-string', PORT: '0' };
  const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'server.js')], {
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });

  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /^Cannot start: SESSION_SECRET is not set to a real secret/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});
