"""Users: the `User` model, password hashing and Flask-Login's loader.

Passwords are hashed with Werkzeug's generate_password_hash (scrypt with a
random salt per password, unless PASSWORD_HASH_METHOD says otherwise: the
tests use a quick one) and checked with check_password_hash.
"""

from datetime import UTC, datetime

from flask import current_app
from flask_login import LoginManager, UserMixin
from sqlalchemy import Boolean, DateTime, String
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

    def set_password(self, password):
        self.password_hash = hash_password(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def __str__(self):
        return self.username


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@login_manager.user_loader
def load_user(user_id):
    return db.session.get(User, int(user_id))


def find_user(username):
    return db.session.scalar(db.select(User).where(User.username == username))
