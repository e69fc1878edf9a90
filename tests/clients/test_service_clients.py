"""console.cognito.app_clients (list, get, create, update, delete, reveal) and
console.cognito.sign_in (the test sign-in)."""

import json

from console.cognito.app_clients import (
    client_create,
    client_delete,
    client_get,
    client_list,
    client_secret,
    client_update,
    client_update_preview,
)
from console.cognito.sign_in import client_test_sign_in, decode_claims, secret_hash
from console.models import AuditEvent


def test_it_lists_clients_a_page_at_a_time(idp, pool_id, db):
    for n in range(3):
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName=f"c{n}", GenerateSecret=n == 1)
    first = client_list(pool_id=pool_id, limit=2)
    assert len(first) == 2 and first.next_token
    second = client_list(pool_id=pool_id, limit=2, token=first.next_token)
    names = sorted(c.name for c in [*first, *second])
    assert names == ["c0", "c1", "c2"]
    assert [c.has_secret for c in sorted([*first, *second], key=lambda c: c.name)] == [
        False,
        True,
        False,
    ]


def test_it_never_puts_the_secret_in_a_record(secret_client, pool_id, db):
    record = client_get(pool_id=pool_id, client_id=secret_client["ClientId"])
    assert record.has_secret
    assert secret_client["ClientSecret"] not in repr(record) + json.dumps(
        dict(record.raw), default=str
    )


def test_it_creates_a_client(idp, pool_id, db):
    record = client_create(
        pool_id=pool_id,
        config={"ClientName": "Mobile", "GenerateSecret": True, "RefreshTokenValidity": 5},
    )
    described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=record.id)
    assert described["UserPoolClient"]["RefreshTokenValidity"] == 5
    event = AuditEvent.objects.get(action="CreateUserPoolClient")
    assert event.target_id == "Mobile"


def test_it_updates_one_setting_and_keeps_every_other(idp, pool_id, secret_client, db):
    client_id = secret_client["ClientId"]
    before = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    before = before["UserPoolClient"]
    preview = client_update_preview(
        pool_id=pool_id, client_id=client_id, changes={"RefreshTokenValidity": 20}
    )
    assert [(c.path, c.old, c.new) for c in preview.changes] == [("RefreshTokenValidity", 10, 20)]
    client_update(pool_id=pool_id, client_id=client_id, changes={"RefreshTokenValidity": 20})
    after = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    after = after["UserPoolClient"]
    assert after.pop("RefreshTokenValidity") == 20
    before.pop("RefreshTokenValidity")
    after.pop("LastModifiedDate", None), before.pop("LastModifiedDate", None)
    assert after == before
    event = AuditEvent.objects.get(action="UpdateUserPoolClient")
    assert "ClientSecret" not in event.parameters


def test_it_deletes_a_client(idp, pool_id, secret_client, db):
    client_delete(pool_id=pool_id, client_id=secret_client["ClientId"])
    assert idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"] == []


def test_it_reveals_the_secret_and_audits_without_recording_it(pool_id, secret_client, db):
    secret = client_secret(pool_id=pool_id, client_id=secret_client["ClientId"])
    assert secret == secret_client["ClientSecret"]
    event = AuditEvent.objects.get(action="DescribeUserPoolClient")
    assert event.target_type == "client" and event.target_id == secret_client["ClientId"]
    assert event.parameters["Purpose"] == "reveal the client secret"
    assert secret not in json.dumps(event.parameters)


def test_it_signs_in_through_new_password_required(pool_id, secret_client, db):
    client_id = secret_client["ClientId"]
    first = client_test_sign_in(
        pool_id=pool_id, client_id=client_id, username="dora@example.com", password="Temp-pass-1!"
    )
    assert first.outcome == "challenge"
    assert first.challenge == "NEW_PASSWORD_REQUIRED"
    done = client_test_sign_in(
        pool_id=pool_id,
        client_id=client_id,
        username="dora@example.com",
        password="Temp-pass-1!",
        new_password="Brand-new-pass-2!",
    )
    assert done.outcome == "signed_in", done
    assert done.id_claims["token_use"] == "id"
    assert done.id_claims["cognito:groups"] == ["support"]
    assert done.access_claims["token_use"] == "access"
    shown = dict(done.id_claims_shown)
    assert shown["cognito:groups"] == "support"
    assert shown["exp"].endswith("UTC)")
    recorded = json.dumps(list(AuditEvent.objects.values("parameters", "target_id")))
    for secret in ("Temp-pass-1!", "Brand-new-pass-2!", secret_client["ClientSecret"]):
        assert secret not in recorded
    actions = list(AuditEvent.objects.values_list("action", "outcome", "target_id"))
    assert ("RespondToAuthChallenge", "succeeded", "dora@example.com") in actions


def test_it_reports_a_wrong_password_as_the_outcome(pool_id, secret_client, db):
    result = client_test_sign_in(
        pool_id=pool_id,
        client_id=secret_client["ClientId"],
        username="dora@example.com",
        password="wrong",
    )
    assert result.outcome == "failed"
    assert result.error_code == "NotAuthorizedException"
    event = AuditEvent.objects.get(action="InitiateAuth")
    assert event.outcome == "failed" and event.parameters["Username"] == "dora@example.com"
    assert "wrong" not in json.dumps(event.parameters)


def test_it_computes_the_secret_hash_as_cognito_documents():
    # HMAC-SHA256 of username + client ID keyed with the secret, base64-encoded.
    assert secret_hash(username="u", client_id="c", secret="s") == (
        "Rzt+fPDNEu47M2tFcmGaaH6mn61rqNF4ZbvjHnbqEZE="  # echo -n uc | openssl dgst -sha256 -hmac s
    )


def test_it_decodes_claims_without_verifying():
    token = "x.eyJ0b2tlbl91c2UiOiJpZCIsImNvZ25pdG86Z3JvdXBzIjpbImEiXX0.sig"
    assert decode_claims(token) == {"token_use": "id", "cognito:groups": ["a"]}
    assert decode_claims("not a token") == {}
