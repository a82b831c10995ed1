'use strict';

// Sign-up, log-in, log-out and the profile page, under /accounts.

const express = require('express');
const { rateLimit } = require('express-rate-limit');
const db = require('../db');
const { csrfProtection, csrfToken, requireLogin } = require('../auth');
const { hashPassword, verifyPassword } = require('../auth/passwords');
const { passwordProblems } = require('../auth/password-rules');
const pages = require('../auth/pages');

const USERNAME = /^[\w.@+-]{1,150}$/;
const LOGIN_FAILED = 'Wrong username or password.';

const router = express.Router();

// Failed log-ins from one address: 10 per 15 minutes, then 429.
const loginLimiter = rateLimit({
  windowMs: 15 * 60 * 1000,
  limit: 10,
  skipSuccessfulRequests: true,
  standardHeaders: 'draft-8',
  legacyHeaders: false,
  handler: (req, res) => {
    res.status(429).send(pages.refusedPage({ reason: 'Too many failed log-ins: wait a while.' }));
  },
});

/** The return path from `?next=`, only when it stays on this site. */
function safeNext(target) {
  return typeof target === 'string' && /^\/(?![/\\])/.test(target) ? target : '/accounts/profile';
}

/** Log the user in on a new session, so a session id known before is worthless. */
function startSession(req, userId) {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => {
      if (error) {
        return reject(error);
      }
      req.session.userId = userId;
      req.session.save((saveError) => (saveError ? reject(saveError) : resolve()));
    });
  });
}

router.use(csrfProtection);

router.get('/signup', (req, res) => {
  res.send(pages.signupPage({ csrfToken: csrfToken(req) }));
});

router.post('/signup', async (req, res, next) => {
  try {
    const username = String(req.body.username || '').trim();
    const password = String(req.body.password || '');
    const problems = [];
    if (!USERNAME.test(username)) {
      problems.push('A username is 1 to 150 letters, digits and @ . + - _ only.');
    }
    problems.push(...passwordProblems(password, username));
    if (password !== String(req.body.confirm || '')) {
      problems.push('The passwords differ.');
    }
    if (!problems.length && (await db('users').where({ username }).first())) {
      problems.push('That username is taken.');
    }
    if (problems.length) {
      return res.status(400).send(pages.signupPage({ csrfToken: csrfToken(req), username, problems }));
    }
    const [user] = await db('users')
      .insert({
        username,
        password_hash: await hashPassword(password),
        created_at: new Date().toISOString(),
      })
      .returning(['id']);
    await startSession(req, Number(user.id));
    res.redirect(303, '/accounts/profile');
  } catch (error) {
    next(error);
  }
});

router.get('/login', (req, res) => {
  res.send(pages.loginPage({ csrfToken: csrfToken(req), next: req.query.next }));
});

router.post('/login', loginLimiter, async (req, res, next) => {
  try {
    const username = String(req.body.username || '');
    const password = String(req.body.password || '');
    const user = await db('users').where({ username }).first();
    // One message whether the username exists or not, after the same work.
    const valid = user
      ? await verifyPassword(password, user.password_hash)
      : (await hashPassword(password), false);
    if (!valid) {
      return res.status(401).send(
        pages.loginPage({
          csrfToken: csrfToken(req),
          next: req.query.next,
          username,
          problems: [LOGIN_FAILED],
        }),
      );
    }
    await startSession(req, Number(user.id));
    res.redirect(303, safeNext(req.query.next));
  } catch (error) {
    next(error);
  }
});

// POST only: a GET answers 405, so a link or an image cannot log anyone out.
router.post('/logout', (req, res, next) => {
  req.session.destroy((error) => {
    if (error) {
      return next(error);
    }
    res.clearCookie('sid');
    res.redirect(303, '/');
  });
});

router.all('/logout', (req, res) => {
  res.set('Allow', 'POST').status(405).send(pages.refusedPage({ reason: 'Log out with the button.' }));
});

router.get('/profile', requireLogin, (req, res) => {
  res.send(pages.profilePage({ csrfToken: csrfToken(req), user: req.user }));
});

// A missing or wrong CSRF token: 403.
router.use((error, req, res, next) => {
  if (error.code === 'EBADCSRFTOKEN') {
    return res.status(403).send(pages.refusedPage({ reason: 'The form has expired or is not ours.' }));
  }
  next(error);
});

module.exports = router;
