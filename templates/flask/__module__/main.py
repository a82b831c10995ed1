"""The site's routes."""

from flask import Blueprint, current_app, render_template, request

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
