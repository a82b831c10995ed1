"""The project's URL configuration: the admin, then the core app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
]

# Unknown paths under /api/ get a JSON 404, the rest Django's HTML one.
handler404 = "core.views.not_found"
# Errors answer JSON under /api/ too, and never show a traceback.
handler400 = "core.views.bad_request"
handler500 = "core.views.server_error"
