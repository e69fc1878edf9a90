"""/pools/<id>/clients/<client_id>/test-sign-in after a secret rotation: Cognito no
longer returns the client's secret, so the page asks for one (never kept)."""

import json

from django.urls import reverse

from console.models import AuditEvent

NEW_SECRET = "a-rotated-secret-value-0123456789".replace("-", "_")


def _url(pool_id, client):
    return reverse(
        "clients:test_sign_in", kwargs={"pool_id": pool_id, "client_id": client["ClientId"]}
    )


def _rotate(idp, pool_id, client):
    """Add a secret of our own, delete the original: ClientSecret is no longer returned."""
    ids = {"UserPoolId": pool_id, "ClientId": client["ClientId"]}
    original = idp.list_user_pool_client_secrets(**ids)["ClientSecrets"][0]["ClientSecretId"]
    idp.add_user_pool_client_secret(**ids, ClientSecret=NEW_SECRET)
    idp.delete_user_pool_client_secret(**ids, ClientSecretId=original)
    assert "ClientSecret" not in idp.describe_user_pool_client(**ids)["UserPoolClient"]


def _confirm(idp, pool_id):
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="dora@example.com", Password="Known-pass-1!", Permanent=True
    )


def test_it_asks_for_the_secret_and_says_why(operator_client, idp, pool_id, secret_client):
    _rotate(idp, pool_id, secret_client)
    html = operator_client.get(_url(pool_id, secret_client)).content.decode()
    assert 'data-testid="secret-needed"' in html
    assert 'name="client_secret"' in html and 'type="password"' in html


def test_it_refuses_without_the_secret_and_sends_nothing(
    operator_client, idp, pool_id, secret_client
):
    _rotate(idp, pool_id, secret_client)
    _confirm(idp, pool_id)
    response = operator_client.post(
        _url(pool_id, secret_client), {"username": "dora@example.com", "password": "Known-pass-1!"}
    )
    html = response.content.decode()
    assert "cannot sign in through this client" in html
    assert "Unable to verify secret hash" not in html
    assert response.context["result"] is None
    assert not AuditEvent.objects.filter(action="InitiateAuth").exists()


def test_it_signs_in_with_the_secret_given_and_keeps_it_nowhere(
    operator_client, idp, pool_id, secret_client
):
    _rotate(idp, pool_id, secret_client)
    _confirm(idp, pool_id)
    response = operator_client.post(
        _url(pool_id, secret_client),
        {"username": "dora@example.com", "password": "Known-pass-1!", "client_secret": NEW_SECRET},
    )
    assert response.context["result"].outcome == "signed_in"
    html = response.content.decode()
    assert NEW_SECRET not in html
    recorded = json.dumps(list(AuditEvent.objects.values("parameters")), default=str)
    assert NEW_SECRET not in recorded


def test_it_says_when_the_secret_given_is_not_the_clients(
    operator_client, idp, pool_id, secret_client
):
    _rotate(idp, pool_id, secret_client)
    _confirm(idp, pool_id)
    response = operator_client.post(
        _url(pool_id, secret_client),
        {"username": "dora@example.com", "password": "Known-pass-1!", "client_secret": "x" * 30},
    )
    assert response.context["result"].outcome == "failed"
    assert 'data-testid="secret-refused"' in response.content.decode()


def test_it_answers_new_password_required_with_the_secret_given(
    operator_client, idp, pool_id, secret_client
):
    _rotate(idp, pool_id, secret_client)
    url = _url(pool_id, secret_client)
    challenge = operator_client.post(
        url,
        {"username": "dora@example.com", "password": "Temp-pass-1!", "client_secret": NEW_SECRET},
    )
    answer = challenge.context["answer"]
    assert 'name="client_secret"' in challenge.content.decode().split('id="new-password-form"')[1]
    done = operator_client.post(
        url,
        {
            "username": answer["username"].value(),
            "session": answer["session"].value(),
            "new_password": "Brand-new-pass-2!",
            "confirm": "on",
            "client_secret": NEW_SECRET,
        },
    )
    assert done.context["result"].outcome == "signed_in"


def test_it_does_not_ask_while_the_secret_is_readable(operator_client, pool_id, secret_client):
    html = operator_client.get(_url(pool_id, secret_client)).content.decode()
    assert 'name="client_secret"' not in html and 'data-testid="secret-needed"' not in html


def test_it_warns_that_failures_count_towards_the_lock_out(operator_client, pool_id, secret_client):
    html = operator_client.get(_url(pool_id, secret_client)).content.decode()
    assert 'data-testid="lockout-warning"' in html and "five failed" in html


def test_the_client_list_still_says_a_rotated_client_has_a_secret(
    viewer_client, idp, pool_id, secret_client
):
    public = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="Public app")
    _rotate(idp, pool_id, secret_client)
    response = viewer_client.get(reverse("clients:list", kwargs={"pool_id": pool_id}))
    cells = {row.record.name: row.get_cell("has_secret") for row in response.context["table"].rows}
    assert cells == {"Web app": "Yes (rotated: not returned)", "Public app": "No"}
    assert public["UserPoolClient"]["ClientId"]


def test_the_test_page_says_it_adds_secret_hash_after_a_rotation(
    operator_client, idp, pool_id, secret_client
):
    _rotate(idp, pool_id, secret_client)
    html = operator_client.get(_url(pool_id, secret_client)).content.decode()
    assert "adding the SECRET_HASH this client needs" in html
