import pytest


@pytest.fixture(autouse=True)
def plain_http_in_tests(settings):
    """Keep test requests on plain HTTP.

    DJANGO_SECURE=1 in the shell (or in .env) turns on SECURE_SSL_REDIRECT,
    which would answer every test request with a redirect to https://.
    """
    settings.SECURE_SSL_REDIRECT = False
