'use strict';

// One Knex instance for the whole app, configured from knexfile.js.

const knex = require('knex');
const settings = require('./knexfile');

module.exports = knex(settings);
