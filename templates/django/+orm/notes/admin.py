from django.contrib import admin

from .models import Note


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    """The notes in the admin site, newest first, searchable by their text."""

    list_display = ("title", "author", "created_at")
    list_filter = ("created_at",)
    search_fields = ("title", "body", "author__username")
    date_hierarchy = "created_at"
    raw_id_fields = ("author",)
