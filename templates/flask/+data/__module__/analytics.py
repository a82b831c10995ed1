"""GET /api/stats: summary statistics of a CSV file, computed with pandas."""

from pathlib import Path

import pandas as pd
from flask import Blueprint

# The file /api/stats summarises: replace data/sample.csv with real data, or
# point DATA_FILE at another CSV file.
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "sample.csv"

bp = Blueprint("analytics", __name__)


def summarise(csv_path):
    """The row count, and the mean, minimum and maximum of every numeric column."""
    frame = pd.read_csv(csv_path)
    numeric = frame.select_dtypes(include="number")
    return {
        "rows": int(len(frame)),
        "columns": {
            str(name): {
                "mean": float(column.mean()),
                "min": float(column.min()),
                "max": float(column.max()),
            }
            for name, column in numeric.items()
        },
    }


@bp.get("/api/stats")
def stats():
    """Row count and per-column mean, min and max of the data file."""
    return summarise(DATA_FILE)
