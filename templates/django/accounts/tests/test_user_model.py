from django.conf import global_settings, settings
from django.contrib.auth import get_user_model

from accounts.models import User


def test_the_project_uses_its_own_user_model():
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert get_user_model() is User


def test_a_user_is_stored_with_a_password_hashed_by_django(db, settings):
    # The real hashers, not the tests' fast one (conftest.py).
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    User.objects.create_user("ada", password="correct horse battery")

    stored = User.objects.get(username="ada")
    assert stored.password.startswith("pbkdf2_sha256$")
    assert "correct horse battery" not in stored.password
    assert stored.check_password("correct horse battery")
