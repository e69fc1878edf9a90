"""/pools/<id>/clients/<client_id>/test-sign-in: a support tool for Operators."""

import json
import re

import pytest
from django.urls import reverse

from console.models import AuditEvent


def _url(pool_id, client):
    return reverse(
        "clients:test_sign_in", kwargs={"pool_id": pool_id, "client_id": client["ClientId"]}
    )


def test_it_answers_new_password_required_and_shows_the_claims(
    operator_client, pool_id, secret_client
):
    url = _url(pool_id, secret_client)
    assert operator_client.get(url).status_code == 200
    challenge = operator_client.post(
        url, {"username": "dora@example.com", "password": "Temp-pass-1!"}
    )
    html = challenge.content.decode()
    assert "NEW_PASSWORD_REQUIRED" in html
    assert "Temp-pass-1!" not in html
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
    assert 'data-testid="signin-outcome"' in html and "Signed in as" in html
    assert 'data-testid="claims-id"' in html and 'data-testid="claims-access"' in html
    assert "cognito:preferred_role" in html and "support" in html
    assert "Brand-new-pass-2!" not in html
    assert "no-store" in done.headers["Cache-Control"]
    recorded = json.dumps(list(AuditEvent.objects.values("parameters")))
    assert "Temp-pass-1!" not in recorded and "Brand-new-pass-2!" not in recorded
    assert AuditEvent.objects.filter(target_id="dora@example.com").count() == 2


def test_it_signs_in_in_one_step_with_the_new_password(operator_client, pool_id, secret_client):
    response = operator_client.post(
        _url(pool_id, secret_client),
        {
            "username": "dora@example.com",
            "password": "Temp-pass-1!",
            "new_password": "Brand-new-pass-2!",
            "confirm_new_password": "on",
        },
    )
    assert response.context["result"].outcome == "signed_in"


def test_it_shows_the_exact_error(operator_client, pool_id, secret_client):
    response = operator_client.post(
        _url(pool_id, secret_client), {"username": "dora@example.com", "password": "nope"}
    )
    html = response.content.decode()
    assert "NotAuthorizedException" in html
    assert AuditEvent.objects.get(action="InitiateAuth").outcome == "failed"


def test_it_is_not_for_viewers(viewer_client, pool_id, secret_client):
    assert viewer_client.get(_url(pool_id, secret_client)).status_code == 403


def _status(idp, pool_id, username="dora@example.com"):
    return idp.admin_get_user(UserPoolId=pool_id, Username=username)["UserStatus"]


def test_it_needs_a_confirmation_for_a_new_password_in_one_step(
    operator_client, idp, pool_id, secret_client
):
    url = _url(pool_id, secret_client)
    html = operator_client.get(url).content.decode()
    assert "the user&#x27;s real password" in html  # said before anything is typed
    response = operator_client.post(
        url,
        {
            "username": "dora@example.com",
            "password": "Temp-pass-1!",
            "new_password": "Brand-new-2!",
        },
    )
    assert "Tick this to use the new password" in response.content.decode()
    assert response.context["result"] is None
    assert not AuditEvent.objects.exists()  # nothing was sent, not even the sign-in
    assert _status(idp, pool_id) == "FORCE_CHANGE_PASSWORD"


def test_it_needs_a_confirmation_to_answer_the_challenge(
    operator_client, idp, pool_id, secret_client
):
    url = _url(pool_id, secret_client)
    challenge = operator_client.post(
        url, {"username": "dora@example.com", "password": "Temp-pass-1!"}
    )
    answer = challenge.context["answer"]
    response = operator_client.post(
        url,
        {
            "username": answer["username"].value(),
            "session": answer["session"].value(),
            "new_password": "Brand-new-pass-2!",
        },
    )
    assert "Tick this to set the new password" in response.content.decode()
    assert not AuditEvent.objects.filter(action="RespondToAuthChallenge").exists()
    assert _status(idp, pool_id) == "FORCE_CHANGE_PASSWORD"


def test_it_says_and_audits_a_password_change(operator_client, idp, pool_id, secret_client):
    response = operator_client.post(
        _url(pool_id, secret_client),
        {
            "username": "dora@example.com",
            "password": "Temp-pass-1!",
            "new_password": "Brand-new-pass-2!",
            "confirm_new_password": "on",
        },
    )
    html = response.content.decode()
    assert 'data-testid="password-changed"' in html
    event = AuditEvent.objects.get(action="RespondToAuthChallenge")
    assert event.outcome == "succeeded" and event.target_id == "dora@example.com"
    assert event.parameters["Effect"] == "sets the user's password"
    assert _status(idp, pool_id) == "CONFIRMED"


def test_it_shows_every_claim_of_both_tokens(operator_client, idp, pool_id, secret_client):
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="dora@example.com", Password="Perm-pass-3!", Permanent=True
    )
    response = operator_client.post(
        _url(pool_id, secret_client), {"username": "dora@example.com", "password": "Perm-pass-3!"}
    )
    result = response.context["result"]
    assert result.outcome == "signed_in"
    html = response.content.decode()
    for kind, claims in (("id", result.id_claims), ("access", result.access_claims)):
        section = html.split(f'data-testid="claims-{kind}"', 1)[1].split("</dl>", 1)[0]
        shown = re.findall(r"<dt[^>]*>(.*?)</dt>", section)
        assert set(claims) <= {name.replace("&#x27;", "'") for name in shown}, kind
        assert {"sub", "iat", "exp", "token_use"} <= set(shown)
    assert "cognito:username" in result.id_claims and "client_id" in result.access_claims


@pytest.mark.parametrize("flows", [[], ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]])
def test_it_warns_when_the_client_does_not_allow_the_flow(operator_client, idp, pool_id, flows):
    params = {"ExplicitAuthFlows": flows} if flows else {}
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="srp-only", **params)
    url = _url(pool_id, client["UserPoolClient"])
    assert 'data-testid="flow-warning"' in operator_client.get(url).content.decode()
    response = operator_client.post(url, {"username": "nobody", "password": "Whatever-1!"})
    assert 'data-testid="flow-warning-result"' in response.content.decode()


def test_it_cannot_sign_in_through_a_client_that_does_not_allow_the_flow(
    operator_client, idp, pool_id
):
    # Cognito refuses the flow before it looks at the password (UserPoolClientType
    # ExplicitAuthFlows), so even the right password gives no tokens.
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="srp-only", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )["UserPoolClient"]
    response = operator_client.post(
        _url(pool_id, client), {"username": "dora@example.com", "password": "Temp-pass-1!"}
    )
    html = response.content.decode()
    assert response.context["result"].outcome == "failed"
    assert "InvalidParameterException" in html
    assert "USER_PASSWORD_AUTH flow not enabled for this client" in html
    assert 'data-testid="flow-warning-result"' in html
    assert "Signed in as" not in html and "NEW_PASSWORD_REQUIRED" not in html


def test_it_does_not_warn_when_the_client_allows_the_flow(operator_client, pool_id, secret_client):
    html = operator_client.get(_url(pool_id, secret_client)).content.decode()
    assert "flow-warning" not in html


def test_it_names_the_password_policy_when_the_new_password_is_weak(
    operator_client, idp, pool_id, secret_client
):
    url = _url(pool_id, secret_client)
    one_step = operator_client.post(
        url,
        {
            "username": "dora@example.com",
            "password": "Temp-pass-1!",
            "new_password": "weak",
            "confirm_new_password": "on",
        },
    )
    html = one_step.content.decode()
    assert "It must be at least 8 characters long." in html
    assert "does not confirm" not in html  # not Cognito's raw message
    assert not AuditEvent.objects.filter(action="RespondToAuthChallenge").exists()
    challenge = operator_client.post(
        url, {"username": "dora@example.com", "password": "Temp-pass-1!"}
    )
    answer = challenge.context["answer"]
    assert "The pool&#x27;s policy: at least 8 characters" in challenge.content.decode()
    answered = operator_client.post(
        url,
        {
            "username": answer["username"].value(),
            "session": answer["session"].value(),
            "new_password": "weak",
            "confirm": "on",
        },
    )
    assert "It must be at least 8 characters long." in answered.content.decode()
    assert not AuditEvent.objects.filter(action="RespondToAuthChallenge").exists()
    assert _status(idp, pool_id) == "FORCE_CHANGE_PASSWORD"


def test_it_shows_a_throttled_sign_in_and_keeps_the_username(
    operator_client, pool_id, secret_client, faults
):
    faults.set("InitiateAuth", "throttle")
    response = operator_client.post(
        _url(pool_id, secret_client), {"username": "dora@example.com", "password": "Temp-pass-1!"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["result"] is None
    assert response.context["form"].non_field_errors(), "the refusal was dropped"
    assert "dora@example.com" in html and "Temp-pass-1!" not in html
