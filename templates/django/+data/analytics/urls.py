from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("api/stats", views.stats, name="stats"),
]
