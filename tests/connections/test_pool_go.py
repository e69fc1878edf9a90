"""The pool switcher opens a pool in the connection that holds it."""

from console.connections.models import Connection, Grant
from tests.conftest import make_staff


def test_it_opens_a_pool_of_another_connection(admin_client, other_connection, other_pool_id):
    response = admin_client.get("/pools/go", {"pool_id": other_pool_id})
    assert response.status_code == 302
    assert response["Location"] == f"/c/prod/pools/{other_pool_id}/"


def test_it_prefers_the_pages_own_connection(admin_client, pool_id, other_connection):
    response = admin_client.get("/c/prod/pools/go", {"pool_id": pool_id})
    assert response["Location"] == f"/pools/{pool_id}/"
    response = admin_client.get("/pools/go", {"pool_id": pool_id})
    assert response["Location"] == f"/pools/{pool_id}/"


def test_it_does_not_reveal_a_pool_the_person_may_not_see(client, other_connection, other_pool_id):
    staff = make_staff("vera-viewer", "Viewer")
    Grant.objects.create(
        staff_user=staff, connection=Connection.objects.get(slug="prod"), role=Grant.NONE
    )
    client.force_login(staff)
    response = client.get("/pools/go", {"pool_id": other_pool_id})
    assert response["Location"] == f"/pools/{other_pool_id}/"
    suggestions = client.get("/pools/").content
    assert b"Prod pool" not in suggestions
