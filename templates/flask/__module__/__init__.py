"""The application factory, used by `flask --app` and by gunicorn."""

from pathlib import Path

from dotenv import load_dotenv
from flask import Flask

from . import main, security

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Create and configure the application.

    Settings come from FLASK_-prefixed environment variables (FLASK_SECRET_KEY
    sets SECRET_KEY, FLASK_DEBUG sets DEBUG, ...). A git-ignored .env file in
    the project root is read first; variables already in the environment win
    over it. `test_config`, given by the tests, overrides both.

    Outside debug mode and the tests, a missing or placeholder secret key
    stops it with a RuntimeError naming FLASK_SECRET_KEY.
    """
    load_dotenv(PROJECT_ROOT / ".env")

    app = Flask(__name__)
    app.config.from_mapping(
        # An insecure fallback keeps a fresh clone and CI runnable without a
        # .env file. Always set FLASK_SECRET_KEY in a real deployment.
        SECRET_KEY="dev-only-change-me",
        # FLASK_SECURE=1 once served over HTTPS; FLASK_TRUST_PROXY=1 behind a
        # proxy that terminates TLS (see security.py).
        SECURE=False,
        TRUST_PROXY=False,
    )
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)

    security.require_real_secret_key(app)
    security.init_app(app)
    app.register_blueprint(main.bp)
    return app
