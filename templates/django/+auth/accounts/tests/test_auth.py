"""Sign-up, log-in, log-out and the protected page, as a browser uses them."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User

PASSWORD = "a-long-Passphrase-42"


@pytest.fixture
def ada(db):
    return User.objects.create_user("ada", password=PASSWORD)


def logged_in_username(client):
    response = client.get("/accounts/profile/")
    if response.status_code != 200:
        return None
    return response.context["user"].get_username()


def test_signup_creates_the_user_and_logs_them_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {"username": "grace", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user = User.objects.get(username="grace")
    assert user.check_password(PASSWORD)
    assert PASSWORD not in user.password
    assert logged_in_username(client) == "grace"


def test_signup_with_passwords_that_differ_shows_the_form_again(client, db):
    response = client.post(
        "/accounts/signup/",
        {"username": "grace", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    assert not User.objects.filter(username="grace").exists()


def test_login_redirects_to_the_profile_and_rotates_the_session(client, ada):
    session = client.session
    session["visited"] = True
    session.save()
    key_before = session.session_key

    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value not in ("", key_before)
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert logged_in_username(client) == "ada"


def test_a_wrong_password_shows_the_form_with_an_error_that_names_no_user(client, ada):
    wrong = client.post("/accounts/login/", {"username": "ada", "password": "not-it"})
    unknown = client.post("/accounts/login/", {"username": "nobody", "password": "not-it"})

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    assert logged_in_username(client) is None


def test_the_profile_page_redirects_to_login_with_the_return_path_when_logged_out(client, db):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_the_profile_page_shows_the_username_when_logged_in(client, ada):
    client.force_login(ada)

    response = client.get("/accounts/profile/")

    assert response.status_code == 200
    assert "ada" in response.content.decode()


def test_logout_needs_a_post_and_a_get_leaves_the_user_logged_in(client, ada):
    client.force_login(ada)

    assert client.get("/accounts/logout/").status_code == 405
    assert logged_in_username(client) == "ada"

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert logged_in_username(client) is None


def test_a_form_post_without_its_csrf_token_is_refused(ada):
    browser = Client(enforce_csrf_checks=True)

    login = browser.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    signup = browser.post(
        "/accounts/signup/",
        {"username": "grace", "password1": PASSWORD, "password2": PASSWORD},
    )
    browser.force_login(ada)
    logout = browser.post("/accounts/logout/")

    assert (login.status_code, signup.status_code, logout.status_code) == (403, 403, 403)
    assert logged_in_username(browser) == "ada"
    assert not User.objects.filter(username="grace").exists()


def test_a_form_post_with_its_csrf_token_is_accepted(ada):
    browser = Client(enforce_csrf_checks=True)
    form = browser.get("/accounts/login/")
    token = form.context["csrf_token"]

    response = browser.post(
        "/accounts/login/",
        {"username": "ada", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )

    assert response.status_code == 302
    assert logged_in_username(browser) == "ada"
