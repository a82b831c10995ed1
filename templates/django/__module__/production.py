"""Checks the production entry points (wsgi.py, asgi.py) run before serving."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Keys that are known to the world: the settings' fallback and .env.example's text.
PLACEHOLDER_PREFIXES = ("django-insecure-", "replace-with-")
MIN_SECRET_KEY_LENGTH = 32


def require_real_secret_key():
    """Refuse to serve with DEBUG off and a placeholder or short SECRET_KEY.

    Tests and `manage.py` commands never come here, so they keep working
    without a secret; `runserver` with DEBUG=1 does not either.
    """
    if settings.DEBUG:
        return
    key = settings.SECRET_KEY
    if key.startswith(PLACEHOLDER_PREFIXES) or len(key) < MIN_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set to a real secret: with DEBUG off, set it to a "
            f"random value of {MIN_SECRET_KEY_LENGTH}+ characters (see .env.example)"
        )
