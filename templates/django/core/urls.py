from django.urls import path, re_path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    # Answers /health and /health/ alike, with no redirect in between.
    re_path(r"^health/?$", views.health, name="health"),
]
