'use strict';

// The database, for the app (db.js) and for the knex command line
// (`npm run migrate`). DATABASE_URL names it: postgres:// or postgresql://
// for PostgreSQL, sqlite:<file> for SQLite; unset, a SQLite file in the
// project root (db.sqlite3).

const path = require('node:path');

function config(url = process.env.DATABASE_URL || '') {
  const migrations = { directory: path.join(__dirname, 'migrations') };
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { client: 'pg', connection: url, pool: { min: 0, max: 10 }, migrations };
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : 'db.sqlite3';
  return {
    client: 'better-sqlite3',
    connection: { filename: path.resolve(__dirname, file) },
    useNullAsDefault: true,
    migrations,
  };
}

module.exports = config();
module.exports.config = config;
