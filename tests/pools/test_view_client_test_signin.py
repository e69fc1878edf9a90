"""/pools/<id>/clients/<client_id>/test-sign-in: a support tool for Operators."""

import json

from django.urls import reverse

from console.models import AuditEvent


def _url(pool_id, client):
    return reverse(
        "pools:client_test_signin", kwargs={"pool_id": pool_id, "client_id": client["ClientId"]}
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
