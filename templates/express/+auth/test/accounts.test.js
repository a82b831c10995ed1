'use strict';

// Sign-up, log-in, log-out and the protected page, as a browser uses them:
// a supertest agent keeps the cookies, CSRF tokens are read from the pages.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const request = require('supertest');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-test-'));
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL || `sqlite:${path.join(tmp, 'test.sqlite3')}`;

const app = require('../app');
const db = require('../db');
const { hashPassword, verifyPassword } = require('../auth/passwords');
const { passwordProblems } = require('../auth/password-rules');

const PASSWORD = 'a-long-Passphrase-42';
let counter = 0;

before(async () => {
  await db.migrate.latest();
});

after(async () => {
  await db.migrate.rollback(undefined, true);
  await db.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The CSRF token of the form on a page. */
async function token(agent, page) {
  const res = await agent.get(page).expect(200);
  return res.text.match(/name="_csrf" value="([^"]+)"/)[1];
}

async function signUp(agent, username, confirm = PASSWORD) {
  const _csrf = await token(agent, '/accounts/signup');
  return agent
    .post('/accounts/signup')
    .type('form')
    .send({ _csrf, username, password: PASSWORD, confirm });
}

async function logIn(agent, username, password = PASSWORD, page = '/accounts/login') {
  const _csrf = await token(agent, page);
  return agent.post(page).type('form').send({ _csrf, username, password });
}

async function logOut(agent) {
  const _csrf = await token(agent, '/accounts/profile');
  return agent.post('/accounts/logout').type('form').send({ _csrf });
}

function newName() {
  counter += 1;
  return `user${counter}`;
}

function sessionCookie(res) {
  return (res.headers['set-cookie'] || []).find((c) => c.startsWith('sid=')) || '';
}

test('sign-up creates the user, logs them in and stores only a hash', async () => {
  const agent = request.agent(app);
  const name = newName();

  const res = await signUp(agent, name);

  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/accounts/profile');
  const profile = await agent.get('/accounts/profile').expect(200);
  assert.match(profile.text, new RegExp(name));
  const user = await db('users').where({ username: name }).first();
  assert.ok(!user.password_hash.includes(PASSWORD));
  assert.ok(await verifyPassword(PASSWORD, user.password_hash));
});

test('passwords are hashed with scrypt and a salt of their own', async () => {
  const [first, second] = [await hashPassword(PASSWORD), await hashPassword(PASSWORD)];

  assert.match(first, /^scrypt\$/);
  // At least OWASP's minimum work: N * r * p of N=2^14, r=8, p=5, with r >= 8.
  const [, N, r, p] = first.split('$').map(Number);
  assert.ok(r >= 8 && N * r * p >= 2 ** 14 * 8 * 5, first);
  assert.notEqual(first, second);
  assert.ok(await verifyPassword(PASSWORD, second));
  assert.ok(!(await verifyPassword('not-it', first)));
});

test('sign-up with passwords that differ shows the form again', async () => {
  const agent = request.agent(app);
  const name = newName();

  const res = await signUp(agent, name, `${PASSWORD}x`);

  assert.equal(res.status, 400);
  assert.match(res.text, /The passwords differ\./);
  assert.equal(await db('users').where({ username: name }).first(), undefined);
});

test('log-in sends the user back where they were going, on a new session', async () => {
  const agent = request.agent(app);
  const name = newName();
  await signUp(agent, name);
  await logOut(agent);
  const page = '/accounts/login?next=%2Faccounts%2Fprofile';
  const form = await agent.get(page).expect(200);
  assert.equal(sessionCookie(form), '', 'no session before logging in');

  const _csrf = form.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const res = await agent.post(page).type('form').send({ _csrf, username: name, password: PASSWORD });

  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/accounts/profile');
  const cookie = sessionCookie(res);
  assert.ok(cookie, 'a session from the log-in on');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  await agent.get('/accounts/profile').expect(200);
});

test('a wrong password shows the form with an error that names no user', async () => {
  const agent = request.agent(app);
  const name = newName();
  await signUp(agent, name);
  await logOut(agent);

  const wrong = await logIn(agent, name, 'not-it');
  const unknown = await logIn(agent, 'nobody-at-all', 'not-it');

  for (const res of [wrong, unknown]) {
    assert.equal(res.status, 401);
    assert.match(res.text, /Wrong username or password\./);
    assert.match(res.text, /name="_csrf"/);
  }
  await agent.get('/accounts/profile').expect(302);
});

test('the home page links to the account pages', async () => {
  const res = await request(app).get('/').expect(200);

  for (const page of ['/accounts/login', '/accounts/signup', '/accounts/profile']) {
    assert.ok(res.text.includes(`href="${page}"`), `no link to ${page}`);
  }
});

test('the profile page redirects to log-in with the return path when logged out', async () => {
  const res = await request(app).get('/accounts/profile').expect(302);

  assert.equal(res.headers.location, '/accounts/login?next=%2Faccounts%2Fprofile');
});

test('log-out needs a POST, and a GET leaves the user logged in', async () => {
  const agent = request.agent(app);
  await signUp(agent, newName());

  await agent.get('/accounts/logout').expect(405);
  await agent.get('/accounts/profile').expect(200);

  const res = await logOut(agent);
  assert.equal(res.status, 303);
  await agent.get('/accounts/profile').expect(302);
});

test('a form POST without its CSRF token is refused', async () => {
  const agent = request.agent(app);
  const name = newName();
  await agent.get('/accounts/signup').expect(200);

  await agent
    .post('/accounts/signup')
    .type('form')
    .send({ username: name, password: PASSWORD, confirm: PASSWORD })
    .expect(403);
  assert.equal(await db('users').where({ username: name }).first(), undefined);

  await signUp(agent, name);
  await agent.post('/accounts/logout').type('form').send({ _csrf: 'forged' }).expect(403);
  await agent.get('/accounts/profile').expect(200);
});

test('sign-up with a common password shows the form with the reason', async () => {
  const agent = request.agent(app);
  const name = newName();
  const _csrf = await token(agent, '/accounts/signup');

  const res = await agent
    .post('/accounts/signup')
    .type('form')
    .send({ _csrf, username: name, password: 'password', confirm: 'password' });

  assert.equal(res.status, 400);
  assert.match(res.text, /too common or too easy to guess/);
  assert.equal(await db('users').where({ username: name }).first(), undefined);
});

for (const [password, problem] of [
  ['short1!', 'A password needs at least 8 characters.'],
  ['20261204', 'A password cannot be all digits.'],
  ['ada-lovelace-1815', 'A password cannot contain the username.'],
  ['password', 'This password is too common or too easy to guess.'],
  ['aaaaaaaa', 'This password is too common or too easy to guess.'],
  ['qwertyuiop', 'This password is too common or too easy to guess.'],
  ['iloveyou2', 'This password is too common or too easy to guess.'],
]) {
  test(`the password ${password} is refused: ${problem}`, () => {
    assert.ok(passwordProblems(password, 'ada-lovelace').includes(problem));
  });
}

test('strong passwords pass', () => {
  for (const password of ['a-long-Passphrase-42', 'correct horse battery', 'Tr0ub4dor&3']) {
    assert.deepEqual(passwordProblems(password, 'ada'), [], password);
  }
});

test('a visitor who is not logged in stores no session', async () => {
  const rowsBefore = (await db('sessions').select()).length;

  for (const page of ['/', '/accounts/login', '/accounts/signup', '/accounts/login', '/accounts/signup']) {
    const res = await request(app).get(page).expect(200);
    assert.equal(sessionCookie(res), '', `${page} sets no session cookie`);
  }

  assert.equal((await db('sessions').select()).length, rowsBefore);
});

test("a visitor's CSRF cookie is signed: one made up is refused", async () => {
  const name = newName();
  const madeUp = 'a'.repeat(64);

  for (const cookie of [`csrf=${madeUp}`, `csrf=${madeUp}.${'0'.repeat(64)}`]) {
    await request(app)
      .post('/accounts/signup')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: madeUp, username: name, password: PASSWORD, confirm: PASSWORD })
      .expect(403);
  }
  assert.equal(await db('users').where({ username: name }).first(), undefined);
});

test('sessions are kept in the database', async () => {
  const agent = request.agent(app);
  await signUp(agent, newName());

  const rows = await db('sessions').select();

  assert.ok(rows.some((row) => JSON.parse(row.sess).userId));
});

// Last: it uses up the failed log-ins this address may make.
test('failed log-ins are rate-limited', async () => {
  const agent = request.agent(app);
  let status;
  for (let attempt = 0; attempt < 11 && status !== 429; attempt += 1) {
    status = (await logIn(agent, 'nobody-at-all', 'not-it')).status;
  }

  assert.equal(status, 429);
});
