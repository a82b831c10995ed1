"""Production safeguards: the secret key, security headers, HTTPS and the proxy."""

from flask import redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Keys that are known to the world: create_app's fallback and .env.example's text.
PLACEHOLDER_SECRET_KEYS = {"dev-only-change-me", "replace-with-a-long-random-string"}
MIN_SECRET_KEY_LENGTH = 32

# The pages may load scripts, styles and images from this site only, no
# inline script, and may not be framed.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"


def check_secret_key(key):
    """Raise RuntimeError, naming FLASK_SECRET_KEY, unless `key` is a real secret."""
    if key in PLACEHOLDER_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "FLASK_SECRET_KEY is not set to a real secret: in production, set it "
            f"to a random value of {MIN_SECRET_KEY_LENGTH}+ characters (see .env.example)"
        )


def require_real_secret_key(app):
    """Refuse to create a production app with a placeholder or short secret key.

    Debug mode (FLASK_DEBUG=1) and the tests (TESTING) keep working without one
    under `flask run`; gunicorn, a production server, checks the key itself
    before it starts (gunicorn.conf.py), whatever FLASK_DEBUG says.
    """
    if app.debug or app.testing:
        return
    check_secret_key(str(app.config.get("SECRET_KEY") or ""))


def init_app(app):
    """Install the headers, and the HTTPS and proxy switches read from the config.

    SECURE (FLASK_SECURE=1): redirect plain HTTP to HTTPS except /health, send
    HSTS, mark the session cookie secure. TRUST_PROXY (FLASK_TRUST_PROXY=1):
    trust one proxy's X-Forwarded-For and X-Forwarded-Proto.
    """
    secure = bool(app.config["SECURE"])
    if app.config["TRUST_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    if secure:
        app.config["SESSION_COOKIE_SECURE"] = True

    @app.before_request
    def redirect_to_https():
        # Load balancers check /health over plain HTTP.
        if secure and not request.is_secure and request.path != "/health":
            return redirect(request.url.replace("http://", "https://", 1), code=301)
        return None

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if secure and request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
