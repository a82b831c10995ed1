'use strict';

const path = require('node:path');
const express = require('express');
const morgan = require('morgan');

const { handleErrors } = require('./errors');
const { enabled, securityHeaders, redirectToHttps } = require('./security');

const app = express();
const secure = enabled(process.env.SECURE);

// No need to tell every client which framework answers.
app.disable('x-powered-by');
// Behind a proxy that terminates TLS, TRUST_PROXY=1 trusts its
// X-Forwarded-Proto and X-Forwarded-For (one hop).
if (enabled(process.env.TRUST_PROXY)) {
  app.set('trust proxy', 1);
}

// One line per request on stdout; the tests set NODE_ENV=test to keep quiet.
app.use(
  morgan(process.env.NODE_ENV === 'development' ? 'dev' : 'combined', {
    skip: () => process.env.NODE_ENV === 'test',
  }),
);
app.use(securityHeaders({ secure }));
if (secure) {
  app.use(redirectToHttps);
}
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

// Errors: a generic 500 (JSON under /api), the stack on stderr; malformed JSON
// bodies get a JSON 400. Keep it last.
app.use(handleErrors);

module.exports = app;
