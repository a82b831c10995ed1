from django.apps import apps
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.defaults import bad_request as html_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import server_error as html_server_error


@require_safe
def home(request):
    """The HTML home page."""
    context = {
        "project_name": settings.PROJECT_NAME,
        "description": settings.PROJECT_DESCRIPTION,
        # The live panel, when the real-time layer (the `live` app) is in.
        "live_panel": apps.is_installed("live"),
        "live_requires_login": getattr(settings, "LIVE_REQUIRES_LOGIN", False),
    }
    return render(request, "core/home.html", context)


@require_safe
def health(request):
    """A liveness check for load balancers and uptime monitors."""
    return JsonResponse({"status": "ok"})


def not_found(request, exception):
    """404 handler: JSON under /api/, Django's HTML page everywhere else.

    Django uses it only when DEBUG is off; with DEBUG on it shows its
    technical 404 page instead.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "not found"}, status=404)
    return page_not_found(request, exception)


def bad_request(request, exception):
    """400 handler: JSON under /api/, Django's HTML page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "bad request"}, status=400)
    return html_bad_request(request, exception)


def server_error(request):
    """500 handler: a generic page, or JSON under /api/; never the traceback.

    The traceback goes to the log on stderr (see LOGGING in the settings).
    Django uses this handler only when DEBUG is off.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "internal server error"}, status=500)
    return html_server_error(request)
