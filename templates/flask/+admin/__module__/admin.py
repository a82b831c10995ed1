"""The admin site at /admin/ (Flask-Admin), for users marked admin only, and
the `flask create-admin USERNAME` command that makes one.

Logged out, /admin/ redirects to the login page; a logged-in user who is not
an admin gets 403. The admin's forms are Flask-WTF forms, so they carry the
same CSRF token as the rest of the site.

Flask-Admin starts its delete confirmation and bulk actions from inline onclick
attributes, which the site's Content-Security-Policy refuses to run; every
admin page also loads static/js/admin-actions.js, which makes those calls from
click listeners, so the policy stays strict.
"""

import os

import click
from flask import abort
from flask.cli import with_appcontext
from flask_admin import Admin, AdminIndexView
from flask_admin.contrib.sqla import ModelView
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm

from .models import Note, db
from .passwords import password_problems
from .users import User, find_user, login_manager


class AdminsOnly:
    """Access rule and script shared by every admin page."""

    extra_js = ["/static/js/admin-actions.js"]

    def is_accessible(self):
        return current_user.is_authenticated and current_user.is_admin

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            # Flask-Login's redirect to the login page, with `next`.
            return login_manager.unauthorized()
        abort(403)


class IndexView(AdminsOnly, AdminIndexView):
    pass


class UserView(AdminsOnly, ModelView):
    form_base_class = FlaskForm
    # Accounts are made by sign-up or `flask create-admin`, which set a password.
    can_create = False
    column_list = ("username", "is_admin", "created_at")
    column_searchable_list = ("username",)
    column_filters = ("is_admin",)
    column_default_sort = ("created_at", True)
    form_columns = ("username", "is_admin")


class NoteView(AdminsOnly, ModelView):
    form_base_class = FlaskForm
    column_list = ("title", "author", "created_at")
    column_searchable_list = ("title", "body")
    column_default_sort = ("created_at", True)
    form_columns = ("title", "body", "author")


def init_app(app):
    """Mount the admin on one app (each app of the factory gets its own)."""
    admin = Admin(
        app,
        name=f"{app.name} admin",
        index_view=IndexView(url="/admin"),
        theme=Bootstrap4Theme(),
    )
    admin.add_view(UserView(User, db, name="Users"))
    admin.add_view(NoteView(Note, db, name="Notes"))
    app.cli.add_command(create_admin)


@click.command("create-admin")
@click.argument("username")
@with_appcontext
def create_admin(username):
    """Make USERNAME an admin, creating the account if needed.

    The password comes from the ADMIN_PASSWORD environment variable, or is
    asked for (twice, not echoed).
    """
    password = os.environ.get("ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    problems = password_problems(password, username)
    if problems:
        raise click.ClickException(" ".join(problems))
    user = find_user(username)
    if user is None:
        user = User(username=username)
        db.session.add(user)
    user.set_password(password)
    user.is_admin = True
    db.session.commit()
    click.echo(f"{username} is an admin: log in at /accounts/login, then open /admin/.")
