'use strict';

const { STATUS_CODES } = require('node:http');

// Error handling: clients get a generic answer (JSON under /api), never a
// stack trace, whatever NODE_ENV says; the stack goes to stderr with the
// request line.

function isApi(req) {
  return req.originalUrl === '/api' || req.originalUrl.startsWith('/api/');
}

function page(status) {
  const title = `${status} ${STATUS_CODES[status] || 'Error'}`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1></body>
</html>
`;
}

// Express's error-handling middleware: it has four parameters.
function handleErrors(err, req, res, next) {
  if (res.headersSent) {
    next(err);
    return;
  }
  const clientError = err.status >= 400 && err.status < 500;
  const status = clientError ? err.status : 500;
  if (!clientError) {
    console.error(`${req.method} ${req.originalUrl} failed: ${err.stack || err}`);
  }
  // body-parser's error for a JSON body that does not parse.
  const malformedJson = err.type === 'entity.parse.failed';
  if (isApi(req) || malformedJson) {
    const message = malformedJson ? 'malformed JSON' : STATUS_CODES[status].toLowerCase();
    res.status(status).json({ error: message });
  } else {
    res.status(status).type('html').send(page(status));
  }
}

module.exports = { handleErrors };
