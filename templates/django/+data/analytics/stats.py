"""Summary statistics of a CSV file, computed with pandas."""

import pandas as pd


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
