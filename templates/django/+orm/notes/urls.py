from django.urls import re_path

from . import views

app_name = "notes"

# With or without the trailing slash, and no redirect in between (a
# redirect would turn a POST into a GET).
urlpatterns = [
    re_path(r"^api/notes/?$", views.note_list, name="list"),
    re_path(r"^api/notes/(?P<note_id>[0-9]+)/?$", views.note_detail, name="detail"),
]
