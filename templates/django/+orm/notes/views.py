"""The notes API: JSON in, JSON out.

No cookie-based session authenticates these endpoints, so they need no CSRF
token (csrf_exempt); a project that adds session logins to them must turn
CSRF protection back on.
"""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from .models import Note

TITLE_MAX_LENGTH = Note._meta.get_field("title").max_length


def bad_request(message):
    return JsonResponse({"error": message}, status=400)


def validated(payload):
    """The note fields from a request body, or an error message."""
    if not isinstance(payload, dict):
        return None, "the body must be a JSON object"
    title = payload.get("title")
    if not isinstance(title, str):
        return None, "title is required and must be a string"
    title = title.strip()
    if not 1 <= len(title) <= TITLE_MAX_LENGTH:
        return None, f"title must be 1 to {TITLE_MAX_LENGTH} characters"
    body = payload.get("body", "")
    if body is None:
        body = ""
    if not isinstance(body, str):
        return None, "body must be a string"
    return {"title": title, "body": body}, None


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def note_list(request):
    """GET: every note, newest first. POST: create one from JSON."""
    if request.method == "POST":
        try:
            payload = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return bad_request("the body is not valid JSON")
        fields, error = validated(payload)
        if error:
            return bad_request(error)
        note = Note.objects.create(**fields)
        return JsonResponse(note.as_json(), status=201)
    notes = [note.as_json() for note in Note.objects.all()]
    return JsonResponse(notes, safe=False)


@require_safe
def note_detail(request, note_id):
    """One note, or a JSON 404."""
    note = Note.objects.filter(pk=note_id).first()
    if note is None:
        return JsonResponse({"error": "note not found"}, status=404)
    return JsonResponse(note.as_json())
