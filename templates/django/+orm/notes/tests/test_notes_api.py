import pytest

from notes.models import Note

pytestmark = pytest.mark.django_db


def post_json(client, payload):
    return client.post("/api/notes/", payload, content_type="application/json")


def test_creating_a_note_answers_201_with_the_stored_note(client):
    response = post_json(client, {"title": "First", "body": "Hello"})

    assert response.status_code == 201
    note = response.json()
    assert note["title"] == "First"
    assert note["body"] == "Hello"
    assert isinstance(note["id"], int)
    assert note["created_at"]
    assert Note.objects.filter(pk=note["id"]).exists()


def test_the_list_is_newest_first(client):
    post_json(client, {"title": "Older"})
    post_json(client, {"title": "Newer"})

    response = client.get("/api/notes")

    assert response.status_code == 200
    assert [note["title"] for note in response.json()] == ["Newer", "Older"]


def test_a_note_can_be_fetched_by_id(client):
    created = post_json(client, {"title": "Find me"}).json()

    response = client.get(f"/api/notes/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


def test_a_missing_note_answers_json_404(client):
    response = client.get("/api/notes/999999")

    assert response.status_code == 404
    assert response.json() == {"error": "note not found"}


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": ""},
        {"title": "x" * 201},
        {"title": 42},
        {"title": "ok", "body": ["not", "text"]},
        ["a", "list"],
    ],
)
def test_bad_input_answers_400_in_json(client, payload):
    response = post_json(client, payload)

    assert response.status_code == 400
    assert "error" in response.json()
    assert Note.objects.count() == 0


def test_malformed_json_answers_400_in_json(client):
    response = client.post("/api/notes", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"error": "the body is not valid JSON"}
