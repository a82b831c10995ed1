from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from .forms import SignupForm


@require_http_methods(["GET", "POST"])
def signup(request):
    """Create an account and log it in; the form again, with errors, when
    the input is not valid."""
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = form.save()
        # login() stores the user in a new session (a new session key), so a
        # session id known before signing up is worthless afterwards.
        login(request, user)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form})


@require_safe
@login_required
def profile(request):
    """The protected example page: logged out, login_required redirects to
    the login page with this path as `next`."""
    return render(request, "accounts/profile.html")
