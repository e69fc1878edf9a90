"""console.cognito.resource_servers against the embedded backend."""

from __future__ import annotations

import pytest

from console.cognito import errors
from console.cognito.resource_servers import (
    Scope,
    clients_using,
    custom_scopes,
    identifier_from_key,
    identifier_key,
    server_create,
    server_delete,
    server_get,
    server_list,
    server_update,
    server_update_preview,
)
from console.models import AuditEvent

from .conftest import API, SCOPES


@pytest.mark.parametrize(
    "identifier",
    [API, "orders", "urn:x:y?z=1&w#frag", "a" * 256, "https://api.example.com/v1/"],
    ids=["url", "word", "urn", "longest", "path"],
)
def test_it_round_trips_an_identifier_through_a_url_key(identifier):
    key = identifier_key(identifier)
    assert "/" not in key and "=" not in key
    assert identifier_from_key(key) == identifier


@pytest.mark.parametrize(
    "key",
    ["!!!", "a", identifier_key('has"quote'), identifier_key("a" * 257)],
    ids=["not-base64", "one-char", "quote", "too-long"],
)
def test_it_refuses_a_key_that_names_no_identifier(key):
    with pytest.raises(errors.MalformedId):
        identifier_from_key(key)


def test_it_creates_lists_and_describes(db, pool_id):
    made = server_create(
        pool_id=pool_id, identifier=API, name="Orders API", scopes=[Scope("orders.read", "Read")]
    )
    assert made.full_scopes == (f"{API}/orders.read",)
    assert [s.identifier for s in server_list(pool_id=pool_id).items] == [API]
    assert server_get(pool_id=pool_id, identifier=API).name == "Orders API"
    assert custom_scopes(pool_id=pool_id) == (f"{API}/orders.read",)
    assert AuditEvent.objects.get(action="CreateResourceServer").outcome == "succeeded"


def test_it_says_which_server_is_missing(pool_id):
    with pytest.raises(errors.NotFound, match="No resource server https://nope"):
        server_get(pool_id=pool_id, identifier="https://nope")


def test_editing_the_name_keeps_the_scopes(db, idp, pool_id, server):
    preview = server_update_preview(pool_id=pool_id, identifier=API, changes={"Name": "Orders"})
    assert [(c.path, c.old, c.new) for c in preview.changes] == [("Name", "Orders API", "Orders")]
    server_update(
        pool_id=pool_id, identifier=API, changes={"Name": "Orders"}, expected=preview.fingerprint
    )
    held = idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)["ResourceServer"]
    assert held["Name"] == "Orders"
    assert held["Scopes"] == SCOPES


def test_it_refuses_an_update_over_a_change_made_since_the_preview(db, idp, pool_id, server):
    preview = server_update_preview(pool_id=pool_id, identifier=API, changes={"Name": "Orders"})
    idp.update_resource_server(UserPoolId=pool_id, Identifier=API, Name="Someone else")
    with pytest.raises(errors.CognitoError) as exc:
        server_update(
            pool_id=pool_id,
            identifier=API,
            changes={"Name": "Orders"},
            expected=preview.fingerprint,
        )
    assert exc.value.code == "ConfigurationChanged"


def test_a_lost_create_answer_is_read_back(db, idp, pool_id, faults):
    faults.set("CreateResourceServer", "applied-error", times=1)
    made = server_create(pool_id=pool_id, identifier=API, name="Orders API")
    assert made.identifier == API
    assert AuditEvent.objects.get(action="CreateResourceServer").outcome == "succeeded"


def test_a_lost_delete_answer_is_read_back(db, idp, pool_id, server, faults):
    faults.set("DeleteResourceServer", "applied-error", times=1)
    server_delete(pool_id=pool_id, identifier=API)
    assert idp.list_resource_servers(UserPoolId=pool_id, MaxResults=50)["ResourceServers"] == []
    assert AuditEvent.objects.get(action="DeleteResourceServer").outcome == "succeeded"


def test_it_names_the_clients_that_use_the_scopes(idp, pool_id, server):
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", AllowedOAuthScopes=["openid", f"{API}/orders.read"]
    )["UserPoolClient"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="other")
    found = clients_using(pool_id=pool_id, scopes=[f"{API}/orders.read", f"{API}/orders.write"])
    assert found == ((client["ClientId"], "web", (f"{API}/orders.read",)),)
