"""The test sign-in through an app client that allows only the admin password flow:
AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH, and AdminRespondToAuthChallenge for
NEW_PASSWORD_REQUIRED (console/cognito/sign_in.py; the page is clients:test_sign_in)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from console.audit import audit_context
from console.cognito.sign_in import (
    ADMIN_FLOW,
    USER_FLOW,
    client_answer_new_password,
    client_test_sign_in,
    sign_in_flow,
)
from console.cognito.transport import clear_clients
from console.models import AuditEvent

USER = "dora@example.com"


def _client(idp, pool_id, flows, *, secret=True):
    return idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="Back office",
        GenerateSecret=secret,
        ExplicitAuthFlows=flows,
    )["UserPoolClient"]["ClientId"]


def _user(idp, pool_id, *, permanent=""):
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=USER,
        TemporaryPassword="Temp-pass-1!",
        MessageAction="SUPPRESS",
    )
    if permanent:
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username=USER, Password=permanent, Permanent=True
        )


@pytest.fixture
def admin_only(idp, pool_id):
    """A client with a secret that allows ADMIN_USER_PASSWORD_AUTH and not
    USER_PASSWORD_AUTH, and a user who must change their temporary password."""
    _user(idp, pool_id)
    return _client(idp, pool_id, ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])


def _url(pool_id, client_id):
    return reverse("clients:test_sign_in", kwargs={"pool_id": pool_id, "client_id": client_id})


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        (["ALLOW_USER_PASSWORD_AUTH"], USER_FLOW),
        (["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"], USER_FLOW),
        (["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"], ADMIN_FLOW),
        (["ADMIN_NO_SRP_AUTH"], ADMIN_FLOW),
        (["USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"], USER_FLOW),
        (["ALLOW_USER_SRP_AUTH"], USER_FLOW),
        ([], USER_FLOW),
    ],
    ids=["user", "both", "admin", "legacy-admin", "legacy-both", "srp-only", "none"],
)
def test_it_picks_the_flow_the_client_allows(flows, expected):
    assert sign_in_flow(flows) == expected


def test_it_signs_in_with_the_admin_flow_when_the_client_allows_only_it(idp, pool_id, admin, db):
    _user(idp, pool_id, permanent="Perm-pass-1!")
    client_id = _client(idp, pool_id, ["ALLOW_ADMIN_USER_PASSWORD_AUTH"])
    with audit_context(user=admin):
        result = client_test_sign_in(
            pool_id=pool_id, client_id=client_id, username=USER, password="Perm-pass-1!"
        )
    assert result.outcome == "signed_in"
    assert (result.flow, result.operation) == (ADMIN_FLOW, "AdminInitiateAuth")
    assert result.id_claims["cognito:username"] and result.access_claims["client_id"] == client_id
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.target_id) == (
        "AdminInitiateAuth",
        "succeeded",
        USER,
    )
    assert event.parameters["AuthFlow"] == ADMIN_FLOW
    assert "Perm-pass-1!" not in json.dumps(event.parameters)


def test_it_uses_user_password_auth_when_the_client_allows_both(idp, pool_id, admin, db):
    _user(idp, pool_id, permanent="Perm-pass-1!")
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]
    client_id = _client(idp, pool_id, flows)
    with audit_context(user=admin):
        result = client_test_sign_in(
            pool_id=pool_id, client_id=client_id, username=USER, password="Perm-pass-1!"
        )
    assert (result.outcome, result.operation) == ("signed_in", "InitiateAuth")
    assert AuditEvent.objects.get().action == "InitiateAuth"


def test_it_answers_new_password_required_as_an_administrator(idp, pool_id, admin_only, admin):
    with audit_context(user=admin):
        challenge = client_test_sign_in(
            pool_id=pool_id, client_id=admin_only, username=USER, password="Temp-pass-1!"
        )
        assert (challenge.challenge, challenge.flow) == ("NEW_PASSWORD_REQUIRED", ADMIN_FLOW)
        done = client_answer_new_password(
            pool_id=pool_id,
            client_id=admin_only,
            username=challenge.challenge_parameters.get("USER_ID_FOR_SRP") or USER,
            session=challenge.session,
            new_password="Brand-new-pass-2!",
        )
    assert (done.outcome, done.password_changed, done.flow) == ("signed_in", True, ADMIN_FLOW)
    assert done.operation == "AdminInitiateAuth, then AdminRespondToAuthChallenge"
    assert idp.admin_get_user(UserPoolId=pool_id, Username=USER)["UserStatus"] == "CONFIRMED"
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "outcome"))
    assert actions == [
        ("AdminInitiateAuth", "succeeded"),
        ("AdminRespondToAuthChallenge", "succeeded"),
    ]
    recorded = json.dumps(list(AuditEvent.objects.values("parameters")))
    assert "Temp-pass-1!" not in recorded and "Brand-new-pass-2!" not in recorded
    answer = AuditEvent.objects.get(action="AdminRespondToAuthChallenge").parameters
    assert answer["Effect"] == "sets the user's password" and answer["AuthFlow"] == ADMIN_FLOW


def test_it_reports_a_refusal_of_the_admin_flow_as_the_outcome(idp, pool_id, admin_only, admin):
    with audit_context(user=admin):
        result = client_test_sign_in(
            pool_id=pool_id, client_id=admin_only, username=USER, password="Wrong-pass-1!"
        )
    assert (result.outcome, result.error_code) == ("failed", "NotAuthorizedException")
    assert result.operation == "AdminInitiateAuth"
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome) == ("AdminInitiateAuth", "failed")


def test_it_reads_back_a_new_password_taken_without_an_answer(
    faults, settings, idp, pool_id, admin_only, admin
):
    with audit_context(user=admin):
        challenge = client_test_sign_in(
            pool_id=pool_id, client_id=admin_only, username=USER, password="Temp-pass-1!"
        )
        settings.COGNITO_MAX_ATTEMPTS = 1
        clear_clients()
        faults.set("AdminRespondToAuthChallenge", "applied-error", times=1)
        result = client_answer_new_password(
            pool_id=pool_id,
            client_id=admin_only,
            username=challenge.challenge_parameters.get("USER_ID_FOR_SRP") or USER,
            session=challenge.session,
            new_password="Brand-new-pass-2!",
        )
    assert result.password_changed and result.error_code == "AnswerLost"
    assert idp.admin_get_user(UserPoolId=pool_id, Username=USER)["UserStatus"] == "CONFIRMED"
    event = AuditEvent.objects.get(action="AdminRespondToAuthChallenge")
    assert event.outcome == "succeeded" and "Read back from Cognito" in event.error_message


def test_it_records_the_admin_sign_in_in_the_users_sign_in_history(idp, admin, db):
    pool_id = idp.create_user_pool(
        PoolName="Plus pool",
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
    )["UserPool"]["Id"]
    _user(idp, pool_id, permanent="Perm-pass-1!")
    client_id = _client(idp, pool_id, ["ALLOW_ADMIN_USER_PASSWORD_AUTH"], secret=False)
    with audit_context(user=admin):
        for password in ("Wrong-pass-1!", "Perm-pass-1!"):
            client_test_sign_in(
                pool_id=pool_id, client_id=client_id, username=USER, password=password
            )
    events = idp.admin_list_user_auth_events(UserPoolId=pool_id, Username=USER)["AuthEvents"]
    assert sorted(e["EventResponse"] for e in events) == ["Fail", "Pass"]
    assert {e["EventType"] for e in events} == {"SignIn"}


def test_it_shows_which_flow_the_page_used(operator_client, pool_id, admin_only):
    url = _url(pool_id, admin_only)
    page = operator_client.get(url).content.decode()
    assert "flow-warning" not in page
    challenge = operator_client.post(url, {"username": USER, "password": "Temp-pass-1!"})
    html = challenge.content.decode()
    assert 'data-testid="signin-flow"' in html and "AdminInitiateAuth" in html
    answer = challenge.context["answer"]
    done = operator_client.post(
        url,
        {
            "username": answer["username"].value(),
            "session": answer["session"].value(),
            "new_password": "Brand-new-pass-2!",
            "confirm": "on",
        },
    )
    html = done.content.decode()
    assert "Signed in as" in html and "ADMIN_USER_PASSWORD_AUTH" in html
    assert AuditEvent.objects.filter(action="AdminRespondToAuthChallenge").count() == 1
