import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["admin", "password", "12345678", "weakadmin1"])
def test_createsuperuser_noinput_refuses_a_weak_password(monkeypatch, password):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)

    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD is too weak"):
        call_command("createsuperuser", interactive=False, username="weakadmin", email="")

    assert not get_user_model().objects.filter(username="weakadmin").exists()


def test_createsuperuser_noinput_takes_a_strong_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-Passphrase-42")

    call_command("createsuperuser", interactive=False, username="root", email="")

    user = get_user_model().objects.get(username="root")
    assert user.is_superuser
    assert user.check_password("a-long-Passphrase-42")
