'use strict';

// Which passwords are accepted at sign-up: the rules of Django's default
// validators, as the Django and Flask starters apply them. A minimum length,
// not all digits, not the username, and not a common password. For the last,
// zxcvbn estimates how guessable the password is (Dropbox's estimator:
// dictionaries of common passwords, names and words, keyboard walks, dates,
// repeats); a score of 2 or more of 4 holds out against online guessing,
// which the log-in limit slows further.

const zxcvbn = require('zxcvbn');

const PASSWORD_MIN_LENGTH = 8;
const MIN_GUESSABILITY_SCORE = 2;
// zxcvbn's time grows with the length; the first characters decide the score.
const SCORED_LENGTH = 64;

/** What is wrong with `password` for the account `username`, as sentences
 * for the form; an empty list when it is acceptable. */
function passwordProblems(password, username = '') {
  const problems = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push(`A password needs at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (/^[0-9]+$/.test(password)) {
    problems.push('A password cannot be all digits.');
  }
  const name = username.toLowerCase();
  const folded = password.toLowerCase();
  if (name.length >= 3 && (folded.includes(name) || name.includes(folded))) {
    problems.push('A password cannot contain the username.');
  }
  if (!problems.length && zxcvbn(password.slice(0, SCORED_LENGTH), [username]).score < MIN_GUESSABILITY_SCORE) {
    problems.push('This password is too common or too easy to guess.');
  }
  return problems;
}

module.exports = { PASSWORD_MIN_LENGTH, passwordProblems };
