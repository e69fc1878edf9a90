"""Delete a connection: its name typed to confirm; its grants go with it; audited.
The default connection is not deleted."""

from console.connections.models import Connection, Grant
from console.connections.services import saved_default_connection
from console.models import AuditEvent


def test_it_says_what_goes(admin_client, other_connection, viewer):
    Grant.objects.create(staff_user=viewer, connection=other_connection, role="Operator")
    response = admin_client.get("/connections/prod/delete")
    assert response.status_code == 200
    assert b"its 1 grant " in response.content
    assert b"Production</strong>, to confirm" in response.content


def test_it_deletes_with_the_name_typed(admin_client, other_connection, viewer):
    Grant.objects.create(staff_user=viewer, connection=other_connection, role="Operator")
    response = admin_client.post("/connections/prod/delete", {"confirm": "Production"})
    assert response.status_code == 302
    assert not Connection.objects.filter(slug="prod").exists()
    assert not Grant.objects.exists()
    event = AuditEvent.objects.get(action="DeleteConnection")
    assert (event.target_type, event.target_id) == ("connection", "prod")
    assert event.parameters == {"name": "Production", "account_id": "222222222222", "grants": 1}


def test_it_refuses_another_name(admin_client, other_connection):
    response = admin_client.post("/connections/prod/delete", {"confirm": "production"})
    assert response.status_code == 400
    assert b"not the connection&#x27;s name" in response.content
    assert Connection.objects.filter(slug="prod").exists()
    assert not AuditEvent.objects.filter(action="DeleteConnection").exists()


def test_it_keeps_the_default_connection(admin_client):
    name = saved_default_connection().name
    response = admin_client.post("/connections/default/delete", {"confirm": name})
    assert response.status_code == 409
    assert Connection.objects.filter(slug="default").exists()


def test_it_refuses_operators(operator_client, other_connection):
    response = operator_client.post("/connections/prod/delete", {"confirm": "Production"})
    assert response.status_code == 403
    assert Connection.objects.filter(slug="prod").exists()
