"""The account forms. Flask-WTF adds a CSRF token to each and refuses a POST
without a valid one."""

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from .passwords import password_problems
from .users import USERNAME_MAX_LENGTH

# Every POST, PUT, PATCH and DELETE needs the token, forms or not (the
# notes API checks it itself, after its login check).
csrf = CSRFProtect()


class SignupForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Length(max=USERNAME_MAX_LENGTH),
            Regexp(r"^[\w.@+-]+$", message="Letters, digits and @ . + - _ only."),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired()])
    confirm = PasswordField(
        "Password confirmation",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )

    def validate_password(self, field):
        problems = password_problems(field.data or "", self.username.data or "")
        if problems:
            raise ValidationError(" ".join(problems))


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])
