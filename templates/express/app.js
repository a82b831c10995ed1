'use strict';

const path = require('node:path');
const express = require('express');

const app = express();

// No need to tell every client which framework answers.
app.disable('x-powered-by');

app.use(express.json());
app.use(express.static(path.join(__dirname, 'public')));

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

// Unknown paths under /api answer in JSON; any other unknown path falls
// through to Express's default 404 page.
app.use('/api', (req, res) => {
  res.status(404).json({ error: 'not found' });
});

module.exports = app;
