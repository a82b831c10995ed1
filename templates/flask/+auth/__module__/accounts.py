"""Sign-up, log-in, log-out and the profile page, under /accounts."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError

from .forms import LoginForm, SignupForm
from .models import db
from .throttle import FailedLogins
from .users import User, find_user, hash_password

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
# Each app counts its own failed log-ins (throttle.py).
bp.record_once(lambda state: state.app.extensions.setdefault("failed_logins", FailedLogins()))

LOGIN_FAILED = "Wrong username or password."
TOO_MANY_FAILURES = "Too many failed log-ins from your address: try again in 15 minutes."


def start_session(user):
    """Log the user in on a fresh session: nothing from before the log-in
    (a CSRF token, a planted value) carries over."""
    session.clear()
    login_user(user)


def safe_next(target):
    """The return path from `?next=`, only when it stays on this site."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("accounts.profile")


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        if find_user(form.username.data) is not None:
            form.username.errors.append("That username is taken.")
        else:
            user = User(username=form.username.data)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            start_session(user)
            return redirect(url_for("accounts.profile"))
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/signup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    failed_logins = current_app.extensions["failed_logins"]
    if request.method == "POST" and failed_logins.blocked(request.remote_addr):
        return render_template("accounts/login.html", form=form, error=TOO_MANY_FAILURES), 429
    if form.validate_on_submit():
        user = find_user(form.username.data)
        # One message whether the username exists or not.
        if user is not None and user.check_password(form.password.data):
            start_session(user)
            return redirect(safe_next(request.args.get("next")))
        if user is None:
            # As slow as a wrong password, so timing does not tell either.
            hash_password(form.password.data)
        failed_logins.record(request.remote_addr)
        error = LOGIN_FAILED
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    """POST only (a GET answers 405), with the CSRF token of the page's form.
    Every session of the user ends, a copied cookie's included."""
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("main.index"))


@bp.get("/profile")
@login_required
def profile():
    """The protected example page: logged out, Flask-Login redirects to the
    login page with this path as `next`."""
    return render_template("accounts/profile.html", user=current_user)


# What a request without a valid CSRF token hears, as in the other starters.
CSRF_REFUSED = "CSRF token missing or incorrect"


@bp.app_errorhandler(CSRFError)
def csrf_refused(error):
    """A POST without a valid CSRF token: 403, in JSON under /api/."""
    if request.path.startswith("/api/"):
        return {"error": CSRF_REFUSED}, 403
    return render_template("accounts/refused.html", reason=error.description), 403
