"""The admin site at /admin/: staff only, with the users listed and searchable."""

import pytest

from accounts.models import User


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("root", "root@example.com", "a-long-Passphrase-42")


def test_the_admin_sends_visitors_to_its_login_page(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_a_user_who_is_not_staff_cannot_use_the_admin(client, db):
    client.force_login(User.objects.create_user("ada", password="a-long-Passphrase-42"))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_superuser_sees_the_users_and_can_search_them(client, admin_user):
    User.objects.create_user("ada", email="ada@example.com")
    User.objects.create_user("grace", email="grace@example.com")
    client.force_login(admin_user)

    index = client.get("/admin/")
    found = client.get("/admin/accounts/user/", {"q": "ada"})

    assert index.status_code == 200
    assert "/admin/accounts/user/" in index.content.decode()
    assert found.status_code == 200
    page = found.content.decode()
    assert "ada@example.com" in page
    assert "grace@example.com" not in page


def test_the_admin_login_page_logs_a_superuser_in(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "root", "password": "a-long-Passphrase-42", "next": "/admin/"},
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
