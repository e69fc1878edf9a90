"""The pool list spans every connection a person may see, with filters by connection,
environment and Region; a connection that cannot be read is named, the rest listed."""

import pytest

from console.connections.models import Connection, Grant
from tests.conftest import make_staff


@pytest.fixture
def both(idp, other_connection, other_pool_id):
    dev_pool = idp.create_user_pool(PoolName="Dev pool")["UserPool"]["Id"]
    return dev_pool, other_pool_id


def names(response):
    return sorted(row.name for row in response.context["table"].data)


def test_it_lists_the_pools_of_every_connection(admin_client, both):
    dev_pool, prod_pool = both
    response = admin_client.get("/pools/")
    assert response.status_code == 200
    assert names(response) == ["Dev pool", "Prod pool"]
    assert f'href="/c/prod/pools/{prod_pool}/"'.encode() in response.content
    assert f'href="/pools/{dev_pool}/"'.encode() in response.content
    assert b"Production" in response.content  # the connection column and its badge


def test_it_filters_by_connection_environment_and_region(admin_client, both):
    assert names(admin_client.get("/pools/", {"connection": "prod"})) == ["Prod pool"]
    assert names(admin_client.get("/pools/", {"environment": "production"})) == ["Prod pool"]
    assert names(admin_client.get("/pools/", {"environment": "development"})) == ["Dev pool"]
    assert names(admin_client.get("/pools/", {"region": "us-east-1"})) == ["Dev pool", "Prod pool"]
    assert names(admin_client.get("/pools/", {"name": "prod"})) == ["Prod pool"]


def test_it_leaves_out_a_connection_granted_no_access(client, both):
    staff = make_staff("vera-viewer", "Viewer")
    Grant.objects.create(
        staff_user=staff, connection=Connection.objects.get(slug="prod"), role=Grant.NONE
    )
    client.force_login(staff)
    response = client.get("/pools/")
    assert names(response) == ["Dev pool"]
    assert b"Production" not in response.content
    assert client.get(f"/c/prod/pools/{both[1]}/").status_code == 403


def test_it_shows_a_pool_scoped_person_only_their_pool(client, idp, both):
    idp.create_user_pool(PoolName="Another dev pool")
    staff = make_staff("pia-pool-operator", None)
    Grant.objects.create(
        staff_user=staff,
        connection=Connection.objects.get(slug="prod"),
        pool_id=both[1],
        role="Operator",
    )
    client.force_login(staff)
    response = client.get("/pools/")
    assert response.status_code == 200
    assert names(response) == ["Prod pool"]
    assert client.get(f"/c/prod/pools/{both[1]}/").status_code == 200
    assert client.get(f"/pools/{both[0]}/").status_code == 403


def test_it_names_a_connection_it_cannot_read_and_lists_the_others(admin_client, idp, both):
    Connection.objects.filter(slug="prod").update(external_id="not-the-agreed-one")
    response = admin_client.get("/pools/")
    assert response.status_code == 200
    assert names(response) == ["Dev pool"]
    problem = response.content.decode()
    assert "Production:" in problem and "could not assume the role" in problem


def test_it_says_so_when_the_one_connection_asked_for_cannot_be_read(admin_client, both):
    Connection.objects.filter(slug="prod").update(external_id="not-the-agreed-one")
    response = admin_client.get("/pools/", {"connection": "prod"})
    assert response.status_code == 200
    assert names(response) == []
    assert "could not assume the role" in response.content.decode()
