"""Django's `createsuperuser`, with one change: `--noinput` holds
DJANGO_SUPERUSER_PASSWORD to AUTH_PASSWORD_VALIDATORS too. Django checks them
only at the prompt, so a script could make an admin whose password is
`admin`. The `accounts` app comes before `django.contrib.auth` in
INSTALLED_APPS, so this command is the one `manage.py` runs."""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password:
            field = self.UserModel.USERNAME_FIELD
            username = options.get(field) or os.environ.get(f"DJANGO_SUPERUSER_{field.upper()}")
            try:
                validate_password(password, self.UserModel(**{field: username or ""}))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD is too weak: " + " ".join(error.messages)
                ) from error
        return super().handle(*args, **options)
