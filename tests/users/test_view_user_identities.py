"""The user page's linked identities: the list from the `identities` attribute, Link an
identity (AdminLinkProviderForUser) and Unlink (AdminDisableProviderForUser, confirmed),
through the views, against the embedded backend."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from console.emulator.linked_providers import add_federated_user
from console.models import AuditEvent
from tests.test_service_identities import add_provider


def detail(pool_id, username="ann"):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def action(pool_id, name, username="ann"):
    return reverse(f"users:user_{name}", kwargs={"pool_id": pool_id, "username": username})


def card(html: str) -> str:
    return html.split('id="linked-identities"')[1].split("</section>")[0]


def identities_of(idp, pool_id, username="ann") -> list[dict]:
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    value = {a["Name"]: a["Value"] for a in user["UserAttributes"]}.get("identities")
    return json.loads(value) if value else []


@pytest.fixture
def google_pool(idp, pool_id):
    add_provider(idp, pool_id)
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    return pool_id


LINK = {"provider_name": "Google", "attribute_name": "Cognito_Subject", "attribute_value": "g-42"}
UNLINK = {**LINK, "confirm": "on"}


def test_it_links_an_identity_and_lists_it(google_pool, operator_client, idp):
    html = operator_client.get(detail(google_pool)).content.decode()
    assert "No linked identity" in card(html) and "Link an identity" in card(html)
    assert '<option value="Google">' in card(html)
    response = operator_client.post(action(google_pool, "link_provider"), LINK)
    assert response.status_code == 302
    assert [(i["providerName"], i["userId"]) for i in identities_of(idp, google_pool)] == [
        ("Google", "g-42")
    ]
    page = operator_client.get(detail(google_pool)).content.decode()
    assert "Linked ann to the Google identity g-42" in page
    assert "g-42" in card(page) and "Unlink" in card(page)
    audit = AuditEvent.objects.get(action="AdminLinkProviderForUser")
    assert (audit.outcome, audit.target_id, audit.staff_username) == (
        "succeeded",
        "ann",
        "oscar-operator",
    )


def test_it_unlinks_only_once_confirmed(google_pool, operator_client, idp):
    operator_client.post(action(google_pool, "link_provider"), LINK)
    response = operator_client.post(action(google_pool, "unlink_provider"), LINK, follow=True)
    assert "Tick “Yes, unlink it”" in response.content.decode()
    assert len(identities_of(idp, google_pool)) == 1
    assert not AuditEvent.objects.filter(action="AdminDisableProviderForUser").exists()
    response = operator_client.post(action(google_pool, "unlink_provider"), UNLINK, follow=True)
    assert "Unlinked the Google identity g-42 from ann" in response.content.decode()
    assert identities_of(idp, google_pool) == []
    audit = AuditEvent.objects.get(action="AdminDisableProviderForUser")
    assert (audit.outcome, audit.target_id) == ("succeeded", "ann")


def test_it_shows_a_federated_users_identity(idp, pool_id, viewer_client):
    add_provider(idp, pool_id)
    username = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="g-77")
    html = viewer_client.get(detail(pool_id, username)).content.decode()
    assert "g-77" in card(html) and "primary" in card(html)
    assert "Unlink" not in card(html) and "Link an identity" not in card(html)  # a Viewer


def test_it_puts_cognitos_refusal_on_the_link_form(idp, google_pool, operator_client):
    idp.admin_create_user(UserPoolId=google_pool, Username="bob", MessageAction="SUPPRESS")
    operator_client.post(action(google_pool, "link_provider", "bob"), LINK)
    response = operator_client.post(action(google_pool, "link_provider"), LINK)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cognito refused" in card(html)
    assert "<details open" in card(html)  # the form stays open with what was typed
    assert 'value="g-42"' in card(html)


def test_it_refuses_a_provider_the_pool_does_not_have(google_pool, operator_client):
    response = operator_client.post(
        action(google_pool, "link_provider"), {**LINK, "provider_name": "Facebook"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in card(response.content.decode())
    assert not AuditEvent.objects.exists()


def test_it_says_the_pool_has_no_provider_to_link(idp, pool_id, operator_client):
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    html = operator_client.get(detail(pool_id)).content.decode()
    assert 'data-testid="no-providers"' in card(html)


def test_it_shows_garbage_in_the_attribute_raw_not_a_500(idp, google_pool, viewer_client):
    # AWS keeps `identities` read-only; the embedded backend lets a test write it, to
    # stand for a value the console cannot read (a future format, a broken migration).
    idp.admin_update_user_attributes(
        UserPoolId=google_pool,
        Username="ann",
        UserAttributes=[{"Name": "identities", "Value": "[{oops <script>"}],
    )
    response = viewer_client.get(detail(google_pool))
    assert response.status_code == 200
    html = card(response.content.decode())
    assert "not JSON" in html and "[{oops &lt;script&gt;" in html


def test_it_shows_a_failed_provider_list_in_place(faults, google_pool, operator_client):
    faults.set("ListIdentityProviders", "error")
    response = operator_client.get(detail(google_pool))
    assert response.status_code == 200
    assert "identity providers could not be read" in card(response.content.decode())


def test_it_lets_a_viewer_see_but_not_link_or_unlink(google_pool, viewer_client, idp):
    assert viewer_client.get(detail(google_pool)).status_code == 200
    assert viewer_client.post(action(google_pool, "link_provider"), LINK).status_code == 403
    assert viewer_client.post(action(google_pool, "unlink_provider"), UNLINK).status_code == 403
    assert identities_of(idp, google_pool) == []
    assert not AuditEvent.objects.exists()
