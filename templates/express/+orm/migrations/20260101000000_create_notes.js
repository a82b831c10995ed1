'use strict';

exports.up = (knex) =>
  knex.schema.createTable('notes', (table) => {
    table.increments('id');
    table.string('title', 200).notNullable();
    table.text('body').notNullable().defaultTo('');
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

exports.down = (knex) => knex.schema.dropTable('notes');
