"""The notes API: JSON in, JSON out.

No cookie-based session authenticates these endpoints, so they need no CSRF
token; a project that adds session logins to them must add CSRF protection.
"""

import json

from flask import Blueprint, request

from .models import TITLE_MAX_LENGTH, Note, db

bp = Blueprint("notes", __name__, url_prefix="/api/notes")


def bad_request(message):
    return {"error": message}, 400


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


@bp.post("", strict_slashes=False)
def create_note():
    """Create a note from JSON: 201 with the stored note, or a JSON 400."""
    try:
        payload = json.loads(request.get_data(as_text=True))
    except ValueError:
        return bad_request("the body is not valid JSON")
    fields, error = validated(payload)
    if error:
        return bad_request(error)
    note = Note(**fields)
    db.session.add(note)
    db.session.commit()
    return note.as_json(), 201


@bp.get("", strict_slashes=False)
def list_notes():
    """Every note, newest first."""
    notes = db.session.scalars(db.select(Note).order_by(Note.created_at.desc(), Note.id.desc()))
    return [note.as_json() for note in notes]


@bp.get("/<int:note_id>")
def get_note(note_id):
    """One note, or a JSON 404."""
    note = db.session.get(Note, note_id)
    if note is None:
        return {"error": "note not found"}, 404
    return note.as_json()
