from notes.models import Note


def test_the_admin_site_lists_and_searches_the_notes(admin_client):
    Note.objects.create(title="Shopping list")
    Note.objects.create(title="Meeting minutes")

    response = admin_client.get("/admin/notes/note/", {"q": "shopping"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Shopping list" in page
    assert "Meeting minutes" not in page
