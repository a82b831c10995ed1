'use strict';

// Password hashing with Node's own scrypt: a random 16-byte salt per
// password, stored with the cost parameters, and a constant-time comparison.

const crypto = require('node:crypto');
const { promisify } = require('node:util');

const scrypt = promisify(crypto.scrypt);
const KEY_LENGTH = 64;
// OWASP's minimum for scrypt (Password Storage Cheat Sheet) is N=2^17, r=8,
// p=1, or the same work as N=2^14, r=8, p=5, which needs 16 MiB of memory
// per hash rather than 128 (and stays under Node's default maxmem).
const COST = { N: 16384, r: 8, p: 5 };

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
async function hashPassword(password) {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

async function verifyPassword(password, stored) {
  const [scheme, N, r, p, salt, hash] = String(stored).split('$');
  if (scheme !== 'scrypt' || !hash) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(key, expected);
}

module.exports = { hashPassword, verifyPassword };
