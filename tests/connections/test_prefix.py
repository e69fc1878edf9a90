"""A pool's address names its connection: /c/<slug>/pools/<id>/ reaches that account."""

from console.models import AuditEvent


def test_it_opens_a_pool_of_another_account_under_its_prefix(
    admin_client, other_connection, other_pool_id
):
    response = admin_client.get(f"/c/prod/pools/{other_pool_id}/")
    assert response.status_code == 200
    assert b"Prod pool" in response.content
    # Links on the page stay in the connection.
    assert f'href="/c/prod/pools/{other_pool_id}/users/'.encode() in response.content


def test_it_does_not_find_that_pool_in_the_default_account(
    admin_client, other_connection, other_pool_id
):
    response = admin_client.get(f"/pools/{other_pool_id}/")
    assert response.status_code == 404


def test_it_answers_404_for_an_unknown_connection(admin_client, pool_id):
    response = admin_client.get(f"/c/nowhere/pools/{pool_id}/")
    assert response.status_code == 404


def test_it_records_the_connection_and_account_of_a_write(
    admin_client, other_connection, other_pool_id
):
    response = admin_client.post(
        f"/c/prod/pools/{other_pool_id}/groups/new", {"name": "support", "precedence": "3"}
    )
    assert response.status_code in (200, 302)
    event = AuditEvent.objects.filter(action="CreateGroup").get()
    assert (event.connection, event.account_id) == ("prod", "222222222222")


def test_it_sends_a_page_that_spans_connections_to_its_own_address(admin_client, other_connection):
    response = admin_client.get("/c/prod/pools/", {"name": "acme"})
    assert response.status_code == 302
    assert response["Location"] == "/pools/?name=acme&connection=prod"
    assert admin_client.get("/c/prod/audit/")["Location"] == "/audit/?connection=prod"
    assert admin_client.get("/c/prod/compare/")["Location"] == "/compare/"
    exported = admin_client.get("/c/prod/audit/export.csv")["Location"]
    assert exported == "/audit/export.csv?connection=prod"


def test_it_names_the_connection_only_on_its_own_pages(
    admin_client, other_connection, other_pool_id
):
    listing = admin_client.get("/pools/").content.decode()
    assert "All connections" in listing and "PRODUCTION" not in listing
    page = admin_client.get(f"/c/prod/pools/{other_pool_id}/").content.decode()
    assert "PRODUCTION · Production · account 222222222222" in page
    assert "All connections" not in page
