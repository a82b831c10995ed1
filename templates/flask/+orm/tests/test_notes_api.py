import pytest


def test_creating_a_note_answers_201_with_the_stored_note(client):
    response = client.post("/api/notes", json={"title": "First", "body": "Hello"})

    assert response.status_code == 201
    note = response.get_json()
    assert note["title"] == "First"
    assert note["body"] == "Hello"
    assert isinstance(note["id"], int)
    assert note["created_at"]


def test_the_list_is_newest_first(client):
    client.post("/api/notes", json={"title": "Older"})
    client.post("/api/notes", json={"title": "Newer"})

    response = client.get("/api/notes")

    assert response.status_code == 200
    assert [note["title"] for note in response.get_json()] == ["Newer", "Older"]


def test_a_note_can_be_fetched_by_id(client):
    created = client.post("/api/notes", json={"title": "Find me"}).get_json()

    response = client.get(f"/api/notes/{created['id']}")

    assert response.status_code == 200
    assert response.get_json() == created


def test_a_missing_note_answers_json_404(client):
    response = client.get("/api/notes/999999")

    assert response.status_code == 404
    assert response.get_json() == {"error": "note not found"}


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": ""},
        {"title": "x" * 201},
        {"title": 42},
        {"title": "ok", "body": ["not", "text"]},
        ["a", "list"],
        None,
    ],
)
def test_bad_input_answers_400_in_json(client, payload):
    response = client.post("/api/notes", json=payload)

    assert response.status_code == 400
    assert "error" in response.get_json()
    assert client.get("/api/notes").get_json() == []


def test_malformed_json_answers_400_in_json(client):
    response = client.post("/api/notes", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.get_json() == {"error": "the body is not valid JSON"}
