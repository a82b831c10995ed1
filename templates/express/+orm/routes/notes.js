'use strict';

// The notes API: JSON in, JSON out. No cookie-based session authenticates
// these endpoints, so they need no CSRF token; a project that adds session
// logins to them must add CSRF protection.

const express = require('express');
const db = require('../db');

const TITLE_MAX_LENGTH = 200;

const router = express.Router();

// Every request body is parsed as JSON, whatever its Content-Type says.
router.use(express.json({ type: () => true, strict: false }));

/** The note fields from a request body, or an error message. */
function validated(payload) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { error: 'the body must be a JSON object' };
  }
  if (typeof payload.title !== 'string') {
    return { error: 'title is required and must be a string' };
  }
  const title = payload.title.trim();
  if (title.length < 1 || title.length > TITLE_MAX_LENGTH) {
    return { error: `title must be 1 to ${TITLE_MAX_LENGTH} characters` };
  }
  const body = payload.body ?? '';
  if (typeof body !== 'string') {
    return { error: 'body must be a string' };
  }
  return { fields: { title, body } };
}

/** A row as the API shows it, the same on SQLite and PostgreSQL. */
function asJson(row) {
  return {
    id: Number(row.id),
    title: row.title,
    body: row.body,
    created_at: new Date(row.created_at).toISOString(),
  };
}

router.post('/', async (req, res) => {
  const { fields, error } = validated(req.body);
  if (error) {
    return res.status(400).json({ error });
  }
  const [row] = await db('notes')
    .insert({ ...fields, created_at: new Date().toISOString() })
    .returning(['id', 'title', 'body', 'created_at']);
  res.status(201).json(asJson(row));
});

router.get('/', async (req, res) => {
  const rows = await db('notes').select().orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
  res.json(rows.map(asJson));
});

router.get('/:id', async (req, res) => {
  const id = Number(req.params.id);
  const row = Number.isSafeInteger(id) ? await db('notes').where({ id }).first() : undefined;
  if (!row) {
    return res.status(404).json({ error: 'note not found' });
  }
  res.json(asJson(row));
});

// Malformed JSON, and anything else that goes wrong here, answers in JSON:
// a 400 for what the client sent, a 500 (logged) for the rest.
// eslint-disable-next-line no-unused-vars
router.use((error, req, res, next) => {
  if (error.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'the body is not valid JSON' });
  }
  if (error.status >= 400 && error.status < 500) {
    return res.status(error.status).json({ error: error.message });
  }
  console.error(error);
  res.status(500).json({ error: 'internal error' });
});

module.exports = router;
