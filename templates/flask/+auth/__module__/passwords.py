"""Which passwords are accepted, at sign-up and in `flask create-admin`.

The rules of Django's default validators: a minimum length, not all digits,
not the username, and not a common password. For the last, zxcvbn estimates
how guessable the password is (Dropbox's estimator: dictionaries of common
passwords, names and words, keyboard walks, dates, repeats); a score of 2 or
more of 4 holds out against online guessing, which the log-in limit slows
further.
"""

from zxcvbn import zxcvbn

PASSWORD_MIN_LENGTH = 8
MIN_GUESSABILITY_SCORE = 2
# zxcvbn's time grows with the length; the first characters decide the score.
SCORED_LENGTH = 64


def password_problems(password, username=""):
    """What is wrong with `password` for the account `username`, as
    sentences for the form; an empty list when it is acceptable."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(f"A password needs at least {PASSWORD_MIN_LENGTH} characters.")
    if password.isdigit():
        problems.append("A password cannot be all digits.")
    name, folded = username.casefold(), password.casefold()
    if len(name) >= 3 and (name in folded or folded in name):
        problems.append("A password cannot contain the username.")
    if not problems:
        score = zxcvbn(password[:SCORED_LENGTH], user_inputs=[username])["score"]
        if score < MIN_GUESSABILITY_SCORE:
            problems.append("This password is too common or too easy to guess.")
    return problems
