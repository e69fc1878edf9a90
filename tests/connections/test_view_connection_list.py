"""The Connections list: console-wide Admins only; each connection with its
environment's colour, account, role and Regions."""

import pytest
from django.contrib.auth.models import Group

from console.connections.models import Connection, Grant
from tests.conftest import make_staff


def test_it_lists_the_default_and_other_connections(admin_client, other_connection):
    response = admin_client.get("/connections/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "standard credential chain" in body
    assert other_connection.role_arn in body
    assert "222222222222" in body
    assert 'class="badge text-bg-danger" data-environment="production"' in body
    assert 'href="/connections/prod/check"' in body
    assert 'href="/connections/prod/delete"' in body
    assert 'href="/connections/default/delete"' not in body


def test_it_counts_the_grants_of_each_connection(admin_client, other_connection, viewer):
    Grant.objects.create(staff_user=viewer, connection=other_connection, role="none")
    response = admin_client.get("/connections/")
    row = response.content.decode().split('data-slug="prod"')[1].split("</tr>")[0]
    assert '<span data-testid="grant-count">1</span>' in row


def test_it_links_connections_in_the_nav_for_console_admins(admin_client):
    assert b'href="/connections/"' in admin_client.get("/pools/").content


@pytest.mark.parametrize("role", ["Viewer", "Operator"])
def test_it_refuses_other_roles(client, db, role):
    client.force_login(make_staff("someone", role))
    assert client.get("/connections/").status_code == 403


def test_it_refuses_an_admin_by_grant_only(client, other_connection):
    person = make_staff("pool-admin", "Viewer")
    Grant.objects.create(staff_user=person, connection=other_connection, role="Admin")
    client.force_login(person)
    assert client.get("/connections/").status_code == 403
    # Nor is the link shown to them.
    assert b'href="/connections/"' not in client.get("/pools/").content


def test_it_keeps_groups_as_they_were(admin_client):
    page = admin_client.get("/connections/")
    assert b"standard credential chain" in page.content  # the default, listed
    assert not Connection.objects.filter(slug="default").exists()  # a GET writes nothing
    assert Group.objects.filter(name="Admin").exists()
