"""Sign-up, log-in, log-out and the profile page, under /accounts/.

Log-in and log-out are Django's own views: the login form re-shows itself
with one error for a wrong username or password alike, login rotates the
session key, and logout answers only POST (with its CSRF token).
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
]
