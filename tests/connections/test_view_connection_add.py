"""Add a connection: every field checked in words, nothing lost on error, audited."""

import re

import pytest

from console.connections.models import Connection
from console.models import AuditEvent

GOOD = {
    "slug": "payments",
    "name": "Payments",
    "account_id": "333333333333",
    "role_arn": "arn:aws:iam::333333333333:role/ops/CognitoConsole",
    "external_id": "console:ext-1",
    "regions": ["us-east-1", "eu-west-1"],
    "environment": "staging",
}


def test_it_adds_a_connection_and_records_it(admin_client):
    response = admin_client.post("/connections/new", GOOD)
    assert response.status_code == 302
    made = Connection.objects.get(slug="payments")
    assert (made.role_arn, made.external_id, made.regions, made.environment) == (
        GOOD["role_arn"],
        "console:ext-1",
        ["us-east-1", "eu-west-1"],
        "staging",
    )
    event = AuditEvent.objects.get(action="CreateConnection")
    assert (event.outcome, event.target_type, event.target_id) == (
        "succeeded",
        "connection",
        "payments",
    )
    assert event.parameters["role_arn"] == GOOD["role_arn"]
    assert event.staff_username == "alice-admin"
    # The event is the new connection's, in its account; its external ID is not kept.
    assert (event.connection, event.account_id) == ("payments", "333333333333")
    assert event.parameters["external_id"] == "set"


def test_it_refuses_an_account_that_is_already_connected(admin_client, other_connection):
    twin = {
        **GOOD,
        "slug": "prod-us",
        "account_id": "222222222222",
        "role_arn": "arn:aws:iam::222222222222:role/CognitoConsole",
    }
    response = admin_client.post("/connections/new", twin)
    assert response.status_code == 400
    assert "Account 222222222222 is already connected as “Production”" in response.content.decode()
    assert not Connection.objects.filter(slug="prod-us").exists()
    # The default connection's own account (STS says 123456789012) counts too.
    mine = {**GOOD, "account_id": "123456789012", "role_arn": "arn:aws:iam::123456789012:role/X"}
    response = admin_client.post("/connections/new", mine)
    assert response.status_code == 400
    assert "Account 123456789012 is already connected" in response.content.decode()


def _errors(response, field):
    body = response.content.decode()
    return [part.split("</div>")[0] for part in body.split(f'data-field-error="{field}">')[1:]]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("role_arn", "arn:aws:iam::333333333333:user/bob", "ARN of an IAM role"),
        ("role_arn", "CognitoConsole", "ARN of an IAM role"),
        ("role_arn", "arn:aws:iam::444444444444:role/CognitoConsole", "in account 444444444444"),
        ("role_arn", "", "This field is required"),
        ("external_id", "has space", "Not an external ID"),
        ("external_id", "x", "at least 2 characters"),
        ("external_id", "a" * 1225, "at most 1224 characters"),
        ("slug", "Payments", "Not an address name"),
        ("slug", "-pay", "Not an address name"),
        ("slug", "default", "address name of the default connection"),
        ("account_id", "33333333333", "exactly 12 digits"),
        ("account_id", "", "This field is required"),
        ("regions", ["xx-nowhere-1"], "not one of the available choices"),
        ("environment", "prod", "not one of the available choices"),
    ],
)
def test_it_refuses_bad_values_in_words(admin_client, field, value, words):
    response = admin_client.post("/connections/new", {**GOOD, field: value})
    assert response.status_code == 400
    errors = _errors(response, field)
    assert errors and words in " ".join(errors), errors
    assert not Connection.objects.filter(slug=GOOD["slug"]).exists()
    assert not AuditEvent.objects.filter(action="CreateConnection").exists()


def test_it_keeps_what_was_typed_on_error(admin_client):
    response = admin_client.post("/connections/new", {**GOOD, "account_id": "12"})
    body = response.content.decode()
    assert 'value="console:ext-1"' in body
    assert f'value="{GOOD["role_arn"]}"' in body
    tags = re.findall(r"<input[^>]*>", body)
    ticked = [t for t in tags if 'name="regions"' in t and "checked" in t]
    assert len(ticked) == 2 and any('value="eu-west-1"' in t for t in ticked)


def test_it_refuses_a_name_or_slug_taken(admin_client, other_connection):
    response = admin_client.post("/connections/new", {**GOOD, "slug": "prod"})
    assert "address name" in " ".join(_errors(response, "slug"))
    response = admin_client.post("/connections/new", {**GOOD, "name": "Production"})
    assert "has this name" in " ".join(_errors(response, "name"))


def test_it_refuses_operators(operator_client):
    assert operator_client.post("/connections/new", GOOD).status_code == 403
    assert not Connection.objects.filter(slug="payments").exists()
