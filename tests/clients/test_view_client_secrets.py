"""Client secret rotation on the client page (issue 15): the list (never a value), Add
(a secret Cognito makes shown once, to an Admin, in that response only), Delete
(confirmed; never the last)."""

from __future__ import annotations

import re

import pytest

from console.models import AuditEvent


def _base(pool_id, client):
    return f"/pools/{pool_id}/clients/{client['ClientId']}"


def _once(page: str) -> str:
    return re.search(r'name="once" value="([^"]+)"', page).group(1)


def _listed(idp, pool_id, client):
    return idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client["ClientId"])[
        "ClientSecrets"
    ]


def test_it_lists_the_secrets_without_values(viewer_client, idp, pool_id, secret_client):
    page = viewer_client.get(f"{_base(pool_id, secret_client)}/").content.decode()
    (only,) = _listed(idp, pool_id, secret_client)
    assert only["ClientSecretId"] in page
    assert secret_client["ClientSecret"] not in page
    assert "Add a secret" not in page


def test_an_admin_adds_a_secret_and_sees_it_once(admin_client, idp, pool_id, secret_client):
    base = _base(pool_id, secret_client)
    once = _once(admin_client.get(f"{base}/").content.decode())
    response = admin_client.post(f"{base}/secrets/add", {"once": once})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    value = response.context["secrets"].added.value
    assert len(value) >= 24 and value in response.content.decode()
    assert len(_listed(idp, pool_id, secret_client)) == 2
    # Not in the session, not on the next page, and a resend adds and shows nothing.
    assert value not in str(dict(admin_client.session))
    assert value not in admin_client.get(f"{base}/").content.decode()
    again = admin_client.post(f"{base}/secrets/add", {"once": once})
    assert again.status_code == 400
    assert value not in again.content.decode()
    assert "sent already" in again.content.decode()
    assert len(_listed(idp, pool_id, secret_client)) == 2
    event = AuditEvent.objects.get(action="AddUserPoolClientSecret")
    assert event.outcome == "succeeded" and event.staff_username == "alice-admin"
    assert value not in str(event.parameters)


def test_a_given_value_is_sent_redacted_and_never_shown(admin_client, idp, pool_id, secret_client):
    base = _base(pool_id, secret_client)
    once = _once(admin_client.get(f"{base}/").content.decode())
    mine = "MyOwnSecretValue_1234567890"
    response = admin_client.post(f"{base}/secrets/add", {"once": once, "value": mine})
    assert response.status_code == 200
    assert mine not in response.content.decode()
    event = AuditEvent.objects.get(action="AddUserPoolClientSecret")
    assert mine not in str(event.parameters)
    assert event.parameters["ClientSecret"] == "[redacted]"


@pytest.mark.parametrize(
    "value", ["short", "has-a-dash-in-it-but-long-enough", "x" * 65], ids=["short", "dash", "long"]
)
def test_it_refuses_a_value_cognito_would_refuse(admin_client, idp, pool_id, secret_client, value):
    base = _base(pool_id, secret_client)
    once = _once(admin_client.get(f"{base}/").content.decode())
    response = admin_client.post(f"{base}/secrets/add", {"once": once, "value": value})
    assert response.status_code == 400
    assert response.context["secrets"].add.errors["value"]
    assert len(_listed(idp, pool_id, secret_client)) == 1


def test_a_third_secret_is_refused_by_the_page(admin_client, idp, pool_id, secret_client):
    idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=secret_client["ClientId"])
    page = admin_client.get(f"{_base(pool_id, secret_client)}/").content.decode()
    assert "the most Cognito allows" in page and 'id="add-secret-form"' not in page


def test_a_refusal_is_on_the_form(admin_client, idp, pool_id, secret_client, faults):
    base = _base(pool_id, secret_client)
    once = _once(admin_client.get(f"{base}/").content.decode())
    faults.set(
        "AddUserPoolClientSecret",
        "aws:400:LimitExceededException:Client secrets cannot exceed limit of 2 secrets.",
    )
    response = admin_client.post(f"{base}/secrets/add", {"once": once})
    assert response.status_code == 400
    assert "cannot exceed limit" in response.content.decode()


def test_it_deletes_a_secret_once_confirmed(admin_client, idp, pool_id, secret_client):
    base = _base(pool_id, secret_client)
    idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=secret_client["ClientId"])
    old = _listed(idp, pool_id, secret_client)[0]["ClientSecretId"]
    page = admin_client.get(f"{base}/secrets/delete?id={old}")
    assert page.status_code == 200 and old in page.content.decode()
    unconfirmed = admin_client.post(f"{base}/secrets/delete", {"secret_id": old})
    assert unconfirmed.context["form"].errors["confirm"]
    response = admin_client.post(f"{base}/secrets/delete", {"secret_id": old, "confirm": "on"})
    assert response.status_code == 302
    assert [s["ClientSecretId"] for s in _listed(idp, pool_id, secret_client)] != [old]
    assert len(_listed(idp, pool_id, secret_client)) == 1
    assert AuditEvent.objects.get(action="DeleteUserPoolClientSecret").outcome == "succeeded"
    detail = admin_client.get(f"{base}/").content.decode()
    assert "was deleted; its current secrets are listed below" in detail


def test_the_last_secret_is_kept_with_cognitos_reason(admin_client, idp, pool_id, secret_client):
    base = _base(pool_id, secret_client)
    (only,) = _listed(idp, pool_id, secret_client)
    response = admin_client.post(
        f"{base}/secrets/delete", {"secret_id": only["ClientSecretId"], "confirm": "on"}
    )
    assert response.status_code == 200
    assert "last client secret" in response.content.decode()
    assert len(_listed(idp, pool_id, secret_client)) == 1


def test_an_unknown_secret_is_a_404_page(admin_client, pool_id, secret_client):
    response = admin_client.get(f"{_base(pool_id, secret_client)}/secrets/delete?id=nope--1")
    assert response.status_code == 404


def test_a_public_client_says_it_has_no_secret(admin_client, idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="spa")["UserPoolClient"]
    page = admin_client.get(f"{_base(pool_id, client)}/").content.decode()
    assert "no secret (a public client)" in page


def test_secrets_are_for_admins_only(operator_client, pool_id, secret_client):
    base = _base(pool_id, secret_client)
    assert operator_client.post(f"{base}/secrets/add", {"once": "x"}).status_code == 403
    assert operator_client.get(f"{base}/secrets/delete?id=x").status_code == 403


def test_a_client_whose_first_secret_was_deleted_still_counts_as_having_one(
    admin_client, idp, pool_id, secret_client
):
    ids = {"UserPoolId": pool_id, "ClientId": secret_client["ClientId"]}
    (first,) = _listed(idp, pool_id, secret_client)
    idp.add_user_pool_client_secret(**ids)
    idp.delete_user_pool_client_secret(**ids, ClientSecretId=first["ClientSecretId"])
    url = f"{_base(pool_id, secret_client)}/edit"
    form = admin_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "", [], False)}
    data.update(
        refresh_unit="days",
        access_unit="hours",
        id_unit="hours",
        oauth_enabled="on",
        oauth_flows=["client_credentials"],
        oauth_scopes=["openid"],
        opened=admin_client.get(url).context["opened"],
    )
    data = {k: ("on" if v is True else v) for k, v in data.items()}
    response = admin_client.post(url, data)
    assert "oauth_flows" not in response.context["form"].errors
