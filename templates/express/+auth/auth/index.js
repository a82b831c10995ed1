'use strict';

// Sessions, CSRF protection and the logged-in user, for the routes after it.
//
// - express-session keeps the session in the database (session-store.js);
//   its cookie is HttpOnly and SameSite=Lax, and Secure with
//   SESSION_COOKIE_SECURE=1 or SECURE=1 (behind HTTPS; behind a proxy that
//   ends TLS, with TRUST_PROXY=1 too). SESSION_SECRET signs it.
// - csrf-sync (the synchronizer token pattern) keeps a token in a logged-in
//   user's session; forms send it as `_csrf`, scripts as the X-CSRF-Token
//   header. A visitor who is not logged in has no session at all: their
//   token lives in a cookie signed with SESSION_SECRET (as Django keeps its
//   CSRF secret in a cookie), so viewing the log-in page stores nothing.

const crypto = require('node:crypto');
const session = require('express-session');
const { csrfSync } = require('csrf-sync');
const db = require('../db');
const { KnexStore } = require('./session-store');

const TWO_WEEKS = 14 * 24 * 60 * 60 * 1000;

// Secrets known to the world: the development fallback and .env.example's text.
const PLACEHOLDER_SECRETS = new Set(['dev-only-change-me', 'replace-with-a-long-random-string']);
const MIN_SECRET_LENGTH = 32;

/** A setting that stops the app from starting; server.js prints its message alone. */
class ConfigurationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** The secret that signs the session cookie. With NODE_ENV=production a
 * missing, placeholder or short SESSION_SECRET stops the app, as Django and
 * Flask do: anyone who knows the secret can forge a session. Development and
 * the tests fall back to a fixed one. */
function sessionSecret(env = process.env) {
  const secret = env.SESSION_SECRET || '';
  if (env.NODE_ENV !== 'production') {
    return secret || 'dev-only-change-me';
  }
  if (PLACEHOLDER_SECRETS.has(secret) || secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigurationError(
      'SESSION_SECRET is not set to a real secret: with NODE_ENV=production, set it to a ' +
        `random value of ${MIN_SECRET_LENGTH}+ characters (see .env.example)`,
    );
  }
  return secret;
}

// The cookie that carries a logged-out visitor's CSRF token, signed.
const VISITOR_TOKEN_COOKIE = 'csrf';

/** `token` with its HMAC under the session secret: `<token>.<hmac>`. */
function signed(token) {
  const mac = crypto.createHmac('sha256', sessionSecret()).update(token).digest('hex');
  return `${token}.${mac}`;
}

/** The token in a signed cookie value, or undefined when the HMAC is wrong. */
function verified(value) {
  const token = value.slice(0, Math.max(value.lastIndexOf('.'), 0));
  const expected = Buffer.from(signed(token));
  const given = Buffer.from(value);
  return token && given.length === expected.length && crypto.timingSafeEqual(given, expected)
    ? token
    : undefined;
}

/** A cookie's raw value from the request, or undefined. */
function cookieValue(req, name) {
  for (const pair of String(req.headers.cookie || '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      return pair.slice(at + 1).trim();
    }
  }
  return undefined;
}

const loggedIn = (req) => Boolean(req.session && req.session.userId);

/** Where the CSRF token is kept: the session once logged in, else the cookie. */
function tokenFromState(req) {
  if (loggedIn(req)) {
    return req.session.csrfToken;
  }
  const value = cookieValue(req, VISITOR_TOKEN_COOKIE);
  return value === undefined ? undefined : verified(value);
}

function storeTokenInState(req, token) {
  if (loggedIn(req)) {
    req.session.csrfToken = token;
    return;
  }
  const options = { httpOnly: true, sameSite: 'lax', secure: cookieSecure(), path: '/' };
  if (token === undefined) {
    req.res.clearCookie(VISITOR_TOKEN_COOKIE, options);
  } else {
    req.res.cookie(VISITOR_TOKEN_COOKIE, signed(token), options);
  }
}

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromState: tokenFromState,
  storeTokenInState,
  size: 32,
  getTokenFromRequest: (req) => (req.body && req.body._csrf) || req.headers['x-csrf-token'],
  // 403 with the words the other starters use.
  errorConfig: { statusCode: 403, message: 'CSRF token missing or incorrect', code: 'EBADCSRFTOKEN' },
});

/** Whether the session cookie is sent over HTTPS only: under the app's HTTPS
 * switch (SECURE=1) or SESSION_COOKIE_SECURE=1. */
function cookieSecure() {
  return [process.env.SECURE, process.env.SESSION_COOKIE_SECURE].some((value) =>
    ['1', 'true', 'yes', 'on'].includes(String(value || '').trim().toLowerCase()),
  );
}

function sessions() {
  return session({
    name: 'sid',
    // The .env scaffold wrote holds a real one; production refuses a weak one.
    secret: sessionSecret(),
    store: new KnexStore(db),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: cookieSecure(), maxAge: TWO_WEEKS },
  });
}

/** Loads the logged-in user (or null) into req.user. */
async function currentUser(req, res, next) {
  try {
    const id = req.session && req.session.userId;
    req.user = id
      ? (await db('users').select('id', 'username', 'created_at').where({ id }).first()) || null
      : null;
    next();
  } catch (error) {
    next(error);
  }
}

/**
 * For the WebSocket at /ws: a function telling whether an upgrade request
 * comes from a logged-in user. `sessionParser` (the app's `sessions()`)
 * reads the session cookie as it does for a page.
 */
function loggedInUpgrade(sessionParser) {
  return (req) =>
    new Promise((resolve) => {
      sessionParser(req, {}, (error) => resolve(!error && loggedIn(req)));
    });
}

/** Pages: logged out, redirect to the login page with the return path. */
function requireLogin(req, res, next) {
  if (req.user) {
    return next();
  }
  res.redirect(`/accounts/login?next=${encodeURIComponent(req.originalUrl)}`);
}

module.exports = {
  ConfigurationError,
  MIN_SECRET_LENGTH,
  sessionSecret,
  sessions,
  cookieSecure,
  currentUser,
  loggedInUpgrade,
  requireLogin,
  csrfProtection: csrfSynchronisedProtection,
  csrfToken: generateToken,
};
