'use strict';

// Users, the sessions express-session keeps (auth/session-store.js), and the
// author of each note.

exports.up = async (knex) => {
  await knex.schema.createTable('users', (table) => {
    table.increments('id');
    table.string('username', 150).notNullable().unique();
    table.string('password_hash', 256).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('sessions', (table) => {
    table.string('sid', 255).primary();
    table.text('sess').notNullable();
    table.timestamp('expires', { useTz: true }).notNullable().index();
  });
  await knex.schema.alterTable('notes', (table) => {
    table.integer('author_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
  });
};

exports.down = async (knex) => {
  await knex.schema.alterTable('notes', (table) => {
    table.dropForeign('author_id');
    table.dropColumn('author_id');
  });
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
};
