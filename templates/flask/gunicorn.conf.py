"""Gunicorn settings, read automatically when gunicorn starts in this folder.

HOST and PORT choose the address (use HOST=0.0.0.0 in a container or on a
PaaS), WEB_CONCURRENCY the number of worker processes.
"""

import os
from pathlib import Path

from dotenv import load_dotenv

# The same optional .env file the app reads; real environment variables win.
load_dotenv(Path(__file__).resolve().parent / ".env")

bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
accesslog = "-"
# Gunicorn 27 otherwise opens a control socket under ~/.gunicorn/.
control_socket_disable = True
