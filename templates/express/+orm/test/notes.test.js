'use strict';

// The notes API on a fresh database: TEST_DATABASE_URL when it is set (a
// PostgreSQL database kept for tests, say; its tables are dropped at the
// end), else a SQLite file in a temporary directory.

const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const request = require('supertest');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-test-'));
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL || `sqlite:${path.join(tmp, 'test.sqlite3')}`;

const app = require('../app');
const db = require('../db');

before(async () => {
  await db.migrate.latest();
});

beforeEach(async () => {
  await db('notes').del();
});

after(async () => {
  await db.migrate.rollback(undefined, true);
  await db.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('POST /api/notes answers 201 with the stored note', async () => {
  const res = await request(app)
    .post('/api/notes')
    .send({ title: 'First', body: 'Hello' })
    .expect(201)
    .expect('Content-Type', /application\/json/);

  assert.equal(res.body.title, 'First');
  assert.equal(res.body.body, 'Hello');
  assert.ok(Number.isInteger(res.body.id));
  assert.ok(!Number.isNaN(Date.parse(res.body.created_at)));
});

test('GET /api/notes lists the notes newest first', async () => {
  await request(app).post('/api/notes').send({ title: 'Older' }).expect(201);
  await request(app).post('/api/notes').send({ title: 'Newer' }).expect(201);

  const res = await request(app).get('/api/notes').expect(200);

  assert.deepEqual(
    res.body.map((note) => note.title),
    ['Newer', 'Older'],
  );
});

test('GET /api/notes/:id answers the note', async () => {
  const created = await request(app).post('/api/notes').send({ title: 'Find me' }).expect(201);

  const res = await request(app).get(`/api/notes/${created.body.id}`).expect(200);

  assert.deepEqual(res.body, created.body);
});

test('a missing note answers a JSON 404', async () => {
  const res = await request(app).get('/api/notes/999999').expect(404);

  assert.deepEqual(res.body, { error: 'note not found' });
});

for (const [name, payload] of [
  ['no title', {}],
  ['an empty title', { title: '' }],
  ['a title over 200 characters', { title: 'x'.repeat(201) }],
  ['a title that is not a string', { title: 42 }],
  ['a body that is not text', { title: 'ok', body: ['not', 'text'] }],
  ['an array instead of an object', ['a', 'list']],
]) {
  test(`bad input (${name}) answers 400 in JSON`, async () => {
    const res = await request(app).post('/api/notes').send(payload).expect(400);

    assert.equal(typeof res.body.error, 'string');
    const list = await request(app).get('/api/notes').expect(200);
    assert.deepEqual(list.body, []);
  });
}

test('malformed JSON answers 400 in JSON', async () => {
  const res = await request(app)
    .post('/api/notes')
    .set('Content-Type', 'application/json')
    .send('{not json')
    .expect(400)
    .expect('Content-Type', /application\/json/);

  assert.deepEqual(res.body, { error: 'the body is not valid JSON' });
});
