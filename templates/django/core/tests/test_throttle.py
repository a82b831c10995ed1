"""Failed log-ins limited per client address, on the admin site's form."""

import pytest
from django.test import Client

from core.throttle import FailedLogins, failed_logins

PASSWORD = "a-long-Passphrase-42"


@pytest.fixture(autouse=True)
def fresh_count():
    failed_logins.clear()
    yield
    failed_logins.clear()


def admin_log_in(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "root", "password": password})


@pytest.mark.django_db
def test_after_ten_failed_log_ins_an_address_waits_and_others_do_not(django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    client = Client()
    for _ in range(10):
        assert admin_log_in(client, "not-the-password").status_code == 200

    refused = admin_log_in(client, PASSWORD)
    assert refused.status_code == 429
    assert b"Too many failed log-ins" in refused.content

    other = Client(REMOTE_ADDR="192.0.2.7")
    assert admin_log_in(other, PASSWORD).status_code == 302


def test_failed_log_ins_count_within_fifteen_minutes_only():
    now = [0.0]
    failed = FailedLogins(max_failures=2, window=900, clock=lambda: now[0])
    failed.record("a")
    failed.record("a")
    assert failed.blocked("a") and not failed.blocked("b")

    now[0] = 900.0
    assert not failed.blocked("a")
