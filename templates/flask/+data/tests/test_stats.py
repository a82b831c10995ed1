import csv
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample.csv"


def sample_rows():
    with open(SAMPLE, newline="") as file:
        return list(csv.DictReader(file))


def test_stats_counts_the_rows_of_the_shipped_csv(client):
    response = client.get("/api/stats")

    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert response.get_json()["rows"] == len(sample_rows())


def test_stats_gives_mean_min_and_max_of_each_numeric_column(client):
    columns = client.get("/api/stats").get_json()["columns"]
    visitors = [int(row["visitors"]) for row in sample_rows()]

    assert "day" not in columns
    assert columns["visitors"]["min"] == min(visitors)
    assert columns["visitors"]["max"] == max(visitors)
    assert abs(columns["visitors"]["mean"] - sum(visitors) / len(visitors)) < 1e-9
    for summary in columns.values():
        assert set(summary) == {"mean", "min", "max"}
