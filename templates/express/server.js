'use strict';

const fs = require('node:fs');
const path = require('node:path');

// Read the local, git-ignored .env file when there is one (Node 20.12 and
// later); variables already set in the environment win over it.
const envFile = path.join(__dirname, '.env');
if (typeof process.loadEnvFile === 'function' && fs.existsSync(envFile)) {
  process.loadEnvFile(envFile);
}

const app = require('./app');

const port = Number(process.env.PORT) || 3000;
// Loopback by default; set HOST=0.0.0.0 in a container or on a PaaS.
const host = process.env.HOST || '127.0.0.1';

const server = app.listen(port, host, (error) => {
  if (error) {
    console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
    process.exit(1);
  }
  console.log(`Listening on http://${host}:${port}`);
});

function shutdown(signal) {
  console.log(`${signal} received, closing the server`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Give open requests ten seconds to finish.
  setTimeout(() => process.exit(1), 10_000).unref();
}

process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
