"""The site's routes."""

from flask import Blueprint, current_app, render_template, request
from werkzeug.exceptions import BadRequest, InternalServerError

from .about import DESCRIPTION, PROJECT_NAME

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The HTML home page."""
    return render_template(
        "index.html",
        project_name=PROJECT_NAME,
        description=DESCRIPTION,
        # The live panel, when the real-time layer (the `live` blueprint) is in.
        live_panel="live" in current_app.blueprints,
        # Links to the account pages and the admin site, when those layers are in.
        accounts="accounts" in current_app.blueprints,
        admin_site="admin" in current_app.blueprints,
    )


@bp.get("/health")
def health():
    """A liveness check for load balancers and uptime monitors."""
    return {"status": "ok"}


@bp.app_errorhandler(404)
def not_found(error):
    """JSON for unknown paths under /api/, the usual HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return {"error": "not found"}, 404
    return error


@bp.before_app_request
def reject_malformed_json():
    """Answer a JSON 400 when a request under /api/ sends JSON that does not parse."""
    if request.path.startswith("/api/") and request.is_json and request.content_length:
        try:
            request.get_json()
        except BadRequest:
            return {"error": "malformed JSON"}, 400
    return None


@bp.app_errorhandler(400)
def bad_request(error):
    """JSON for bad requests under /api/, the usual HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return {"error": "bad request"}, 400
    return error


@bp.app_errorhandler(405)
def method_not_allowed(error):
    """JSON for a method a path under /api/ does not take, with Allow."""
    if request.path.startswith("/api/"):
        return {"error": "method not allowed"}, 405, {"Allow": ", ".join(error.valid_methods)}
    return error


@bp.app_errorhandler(413)
def too_large(error):
    """JSON for request bodies over MAX_CONTENT_LENGTH under /api/."""
    if request.path.startswith("/api/"):
        return {"error": "request body too large"}, 413
    return error


@bp.app_errorhandler(InternalServerError)
def server_error(error):
    """A generic 500, in JSON under /api/; never the traceback.

    Flask has already logged the traceback, with the method and path, to
    stderr (gunicorn's error log) before this runs.
    """
    if request.path.startswith("/api/"):
        return {"error": "internal server error"}, 500
    return error
