"""console.cognito.app_clients' client secret functions against the embedded backend."""

from __future__ import annotations

import pytest

from console.cognito import errors
from console.cognito.app_clients import (
    client_secret_add,
    client_secret_delete,
    client_secret_list,
)
from console.models import AuditEvent


def test_it_adds_lists_and_deletes(db, pool_id, secret_client):
    ids = {"pool_id": pool_id, "client_id": secret_client["ClientId"]}
    (first,) = client_secret_list(**ids)
    added = client_secret_add(**ids)
    assert added.value and added.secret.id != first.id
    assert [s.id for s in client_secret_list(**ids)] == [first.id, added.secret.id]
    client_secret_delete(**ids, secret_id=first.id)
    assert [s.id for s in client_secret_list(**ids)] == [added.secret.id]


def test_a_lost_add_answer_finds_the_secret_again_without_adding_twice(
    db, idp, pool_id, secret_client, faults
):
    ids = {"pool_id": pool_id, "client_id": secret_client["ClientId"]}
    faults.set("AddUserPoolClientSecret", "applied-error", times=1)
    added = client_secret_add(**ids)
    assert added.secret.id and added.value == ""  # made, but its value was lost
    assert len(client_secret_list(**ids)) == 2
    event = AuditEvent.objects.get(action="AddUserPoolClientSecret")
    assert event.outcome == "succeeded"


def test_a_lost_delete_answer_is_read_back(db, pool_id, secret_client, faults):
    ids = {"pool_id": pool_id, "client_id": secret_client["ClientId"]}
    (first,) = client_secret_list(**ids)
    client_secret_add(**ids)
    faults.set("DeleteUserPoolClientSecret", "applied-error", times=1)
    client_secret_delete(**ids, secret_id=first.id)
    assert first.id not in {s.id for s in client_secret_list(**ids)}
    assert AuditEvent.objects.filter(action="DeleteUserPoolClientSecret").last().outcome == (
        "succeeded"
    )


def test_an_unknown_client_is_named(pool_id):
    with pytest.raises(errors.NotFound, match="No app client nope"):
        client_secret_list(pool_id=pool_id, client_id="nope")


def test_a_public_client_is_refused_a_secret(db, idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="spa")["UserPoolClient"]
    with pytest.raises(errors.InvalidInput):
        client_secret_add(pool_id=pool_id, client_id=client["ClientId"])
