import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's own hasher takes a good part of a second per password, by
    design; the tests check behaviour, so they hash quickly.
    accounts/tests/test_user_model.py checks the real hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_http_in_tests(settings):
    """Keep test requests on plain HTTP.

    DJANGO_SECURE=1 in the shell (or in .env) turns on SECURE_SSL_REDIRECT,
    which would answer every test request with a redirect to https://.
    """
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def static_files_without_collectstatic(settings):
    """Let templates use {% static %} without a prior collectstatic.

    Production uses WhiteNoise's manifest storage, whose hashed names come
    from the manifest that collectstatic writes; the tests use the plain
    storage instead. test_production.py runs collectstatic itself.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
