"""DATABASE_URL as .env.example leaves it: empty means the SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_an_empty_database_url_means_the_sqlite_file():
    shown = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--verbosity",
            "0",
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        check=True,
    )

    assert shown.stdout.strip() == "django.db.backends.sqlite3"
