"""Edit a connection: its fields but the address name; the default connection has no
role; each change audited with what it was; the next call uses the new role."""

from console.connections.models import Connection
from console.models import AuditEvent
from tests.conftest import OTHER_ROLE

FIELDS = ["name", "account_id", "role_arn", "external_id", "environment"]


def _form(connection, **changes):
    data = {name: getattr(connection, name) for name in FIELDS}
    data["regions"] = list(connection.regions)
    data["slug"] = connection.slug
    return {**data, **changes}


def test_it_saves_changes_and_records_what_they_were(admin_client, other_connection):
    response = admin_client.post(
        "/connections/prod/edit",
        _form(other_connection, name="Prod EU", environment="staging", regions=["eu-west-1"]),
    )
    assert response.status_code == 302
    other_connection.refresh_from_db()
    assert (other_connection.name, other_connection.environment) == ("Prod EU", "staging")
    event = AuditEvent.objects.get(action="UpdateConnection")
    assert event.target_id == "prod"
    assert event.parameters == {
        "name": {"from": "Production", "to": "Prod EU"},
        "environment": {"from": "production", "to": "staging"},
        "regions": {"from": [], "to": ["eu-west-1"]},
    }


def test_it_records_nothing_when_nothing_changed(admin_client, other_connection):
    response = admin_client.post("/connections/prod/edit", _form(other_connection))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="UpdateConnection").exists()


def test_it_keeps_the_address_name(admin_client, other_connection):
    admin_client.post("/connections/prod/edit", _form(other_connection, slug="other"))
    assert Connection.objects.filter(slug="prod").exists()
    assert not Connection.objects.filter(slug="other").exists()


def test_it_refuses_a_role_of_another_account(admin_client, other_connection):
    response = admin_client.post(
        "/connections/prod/edit",
        _form(other_connection, role_arn="arn:aws:iam::999999999999:role/CognitoConsole"),
    )
    assert response.status_code == 400
    assert b"This role is in account 999999999999, not in 222222222222" in response.content
    other_connection.refresh_from_db()
    assert other_connection.role_arn == OTHER_ROLE


def test_it_gives_the_default_connection_no_role(admin_client, pool_id):
    response = admin_client.post(
        "/connections/default/edit",
        {
            "name": "Main account",
            "account_id": "",
            "role_arn": "arn:aws:iam::123456789012:role/Sneaky",
            "external_id": "xx",
            "environment": "production",
        },
    )
    assert response.status_code == 302
    default = Connection.objects.get(slug="default")
    assert (default.name, default.role_arn, default.external_id) == ("Main account", "", "")
    assert default.environment == "production"


def test_it_uses_the_new_external_id_at_once(admin_client, other_connection, other_pool_id):
    refused = b"The role could not be assumed"
    assert refused not in admin_client.get("/connections/prod/check").content
    admin_client.post("/connections/prod/edit", _form(other_connection, external_id="wrong-one"))
    assert refused in admin_client.get("/connections/prod/check").content
    admin_client.post("/connections/prod/edit", _form(other_connection))
    assert refused not in admin_client.get("/connections/prod/check").content


def test_it_answers_404_for_an_unknown_connection(admin_client):
    assert admin_client.get("/connections/nowhere/edit").status_code == 404


def test_it_refuses_operators(operator_client, other_connection):
    response = operator_client.post("/connections/prod/edit", _form(other_connection, name="X"))
    assert response.status_code == 403
