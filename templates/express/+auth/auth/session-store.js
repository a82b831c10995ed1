'use strict';

// express-session's store in the database (the `sessions` table), so that
// sessions survive a restart and are shared by every process. express-session
// documents its default in-memory store as unfit for production.

const session = require('express-session');

class KnexStore extends session.Store {
  constructor(db) {
    super();
    this.db = db;
  }

  static expiry(sess) {
    const expires = sess.cookie && sess.cookie.expires;
    return expires ? new Date(expires) : new Date(Date.now() + 24 * 60 * 60 * 1000);
  }

  get(sid, callback) {
    this.db('sessions')
      .where({ sid })
      .first()
      .then((row) => {
        if (!row || new Date(row.expires) <= new Date()) {
          return callback(null, null);
        }
        callback(null, JSON.parse(row.sess));
      }, callback);
  }

  set(sid, sess, callback) {
    const row = { sid, sess: JSON.stringify(sess), expires: KnexStore.expiry(sess).toISOString() };
    this.db('sessions')
      .insert(row)
      .onConflict('sid')
      .merge()
      .then(() => {
        // Expired sessions go now and then, without a timer to stop.
        if (Math.random() < 0.01) {
          return this.db('sessions').where('expires', '<', new Date().toISOString()).del();
        }
      })
      .then(() => callback(null), callback);
  }

  touch(sid, sess, callback) {
    this.db('sessions')
      .where({ sid })
      .update({ expires: KnexStore.expiry(sess).toISOString() })
      .then(() => callback(null), callback);
  }

  destroy(sid, callback) {
    this.db('sessions')
      .where({ sid })
      .del()
      .then(() => callback(null), callback);
  }
}

module.exports = { KnexStore };
