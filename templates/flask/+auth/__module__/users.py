"""Users: the `User` model, password hashing and Flask-Login's loader.

Passwords are hashed with Werkzeug's generate_password_hash (scrypt with a
random salt per password, unless PASSWORD_HASH_METHOD says otherwise: the
tests use a quick one) and checked with check_password_hash.

Flask keeps the session in a signed cookie, so the server cannot delete it.
Each session names the user's session version instead (`get_id`); logging
out moves the version on, and the loader refuses a session of an older one.
"""

from datetime import UTC, datetime

from flask import current_app
from flask_login import LoginManager, UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from .models import db

USERNAME_MAX_LENGTH = 150

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Please log in to see this page."


class User(UserMixin, db.Model):
    """An account: a unique username and a password hash, never the password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    def get_id(self):
        """What the session keeps: the id and the session version."""
        return f"{self.id}.{self.session_version}"

    def end_sessions(self):
        """Make every session of this user, on any device, stop working."""
        self.session_version += 1

    def set_password(self, password):
        self.password_hash = hash_password(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def __str__(self):
        return self.username


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@login_manager.user_loader
def load_user(session_id):
    """The user a session names, unless they logged out since it began."""
    user_id, _, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


def find_user(username):
    return db.session.scalar(db.select(User).where(User.username == username))
