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


# --- Unlink acts on the whole pool: only this user's identity is sent ---------------


@pytest.fixture
def sso_pool(idp, pool_id):
    """laura.obrien holds the AcmeSSO (OIDC) identity acme-sso-4f9c2a71; victor.johnson
    holds acme-sso-0b1d."""
    add_provider(idp, pool_id, "AcmeSSO", "OIDC")
    for name, value in (("laura.obrien", "acme-sso-4f9c2a71"), ("victor.johnson", "acme-sso-0b1d")):
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
        idp.admin_link_provider_for_user(
            UserPoolId=pool_id,
            DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": name},
            SourceUser={
                "ProviderName": "AcmeSSO",
                "ProviderAttributeName": "Cognito_Subject",
                "ProviderAttributeValue": value,
            },
        )
    return pool_id


LAURAS = {
    "provider_name": "AcmeSSO",
    "attribute_name": "Cognito_Subject",
    "attribute_value": "acme-sso-4f9c2a71",
    "confirm": "on",
}


def test_it_refuses_to_unlink_another_users_identity_from_a_tampered_form(
    sso_pool, operator_client, idp
):
    response = operator_client.post(
        action(sso_pool, "unlink_provider", "victor.johnson"), LAURAS, follow=True
    )
    html = response.content.decode()
    assert "The AcmeSSO identity acme-sso-4f9c2a71 is not linked to victor.johnson" in html
    assert "nothing was done" in html and "Unlinked" not in html
    assert [i["userId"] for i in identities_of(idp, sso_pool, "laura.obrien")] == [
        "acme-sso-4f9c2a71"
    ]
    assert len(identities_of(idp, sso_pool, "victor.johnson")) == 1
    assert not AuditEvent.objects.exists()  # nothing was sent


def test_it_refuses_an_unlink_from_a_stale_page_when_the_identity_moved(
    sso_pool, operator_client, idp
):
    # victor's page was loaded while he held the identity; since then it was unlinked
    # from him and linked to laura.
    victors = {**LAURAS, "attribute_value": "acme-sso-0b1d"}
    idp.admin_disable_provider_for_user(
        UserPoolId=sso_pool,
        User={
            "ProviderName": "AcmeSSO",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "acme-sso-0b1d",
        },
    )
    idp.admin_link_provider_for_user(
        UserPoolId=sso_pool,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "laura.obrien"},
        SourceUser={
            "ProviderName": "AcmeSSO",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "acme-sso-0b1d",
        },
    )
    response = operator_client.post(
        action(sso_pool, "unlink_provider", "victor.johnson"), victors, follow=True
    )
    html = response.content.decode()
    assert "The AcmeSSO identity acme-sso-0b1d is not linked to victor.johnson" in html
    assert "User does not exist" not in html and "spelled differently" not in html
    assert len(identities_of(idp, sso_pool, "laura.obrien")) == 2
    assert not AuditEvent.objects.exists()


def test_it_names_the_true_user_in_the_message_and_the_audit(sso_pool, operator_client, idp):
    response = operator_client.post(
        action(sso_pool, "unlink_provider", "laura.obrien"), LAURAS, follow=True
    )
    assert (
        "Unlinked the AcmeSSO identity acme-sso-4f9c2a71 from laura.obrien."
        in response.content.decode()
    )
    assert identities_of(idp, sso_pool, "laura.obrien") == []
    assert len(identities_of(idp, sso_pool, "victor.johnson")) == 1
    assert AuditEvent.objects.get(action="AdminDisableProviderForUser").target_id == "laura.obrien"


# --- a federated user's own identity ------------------------------------------------


def test_it_warns_that_unlinking_a_federated_users_own_identity_disables_it(
    idp, pool_id, operator_client
):
    add_provider(idp, pool_id)
    username = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="g-77")
    html = card(operator_client.get(detail(pool_id, username)).content.decode())
    assert 'data-testid="unlink-disables"' in html
    assert f"unlinking it disables {username}, who then cannot sign in at all" in html
    response = operator_client.post(
        action(pool_id, "unlink_provider", username),
        {**UNLINK, "attribute_value": "g-77"},
        follow=True,
    )
    assert (
        f"Unlinked the Google identity g-77 from {username}; the user is now disabled"
        in response.content.decode()
    )
    assert idp.admin_get_user(UserPoolId=pool_id, Username=username)["Enabled"] is False


def test_it_does_not_warn_of_disabling_for_a_native_users_link(google_pool, operator_client):
    operator_client.post(action(google_pool, "link_provider"), LINK)
    html = card(operator_client.get(detail(google_pool)).content.decode())
    assert "Unlink" in html and "unlink-disables" not in html
    assert "Linked on / value" in html


# --- what a refused link says, and what it may be linked on ---------------------------


def test_it_says_an_identity_is_linked_elsewhere_without_name_advice(
    idp, google_pool, operator_client
):
    idp.admin_create_user(UserPoolId=google_pool, Username="bob", MessageAction="SUPPRESS")
    operator_client.post(action(google_pool, "link_provider", "bob"), LINK)
    html = card(operator_client.post(action(google_pool, "link_provider"), LINK).content.decode())
    assert "The Google identity g-42 is already linked to another user of this pool" in html
    assert "Choose another name" not in html and "open the existing one" not in html


@pytest.mark.parametrize("name", ["bad name <b>x</b>", "a" * 129, "email;x", "ünïcode"])
def test_it_refuses_a_match_attribute_that_is_no_claim_name(google_pool, operator_client, name):
    response = operator_client.post(
        action(google_pool, "link_provider"), {**LINK, "attribute_name": name}
    )
    assert response.status_code == 400
    html = card(response.content.decode())
    assert "<b>x</b>" not in html
    assert "Not an attribute name" in html or "at most 128 characters" in html
    assert not AuditEvent.objects.exists()


def test_it_links_on_a_claim_name(idp, pool_id, operator_client):
    add_provider(idp, pool_id, "Corp", "OIDC")
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    response = operator_client.post(
        action(pool_id, "link_provider"),
        {"provider_name": "Corp", "attribute_name": "email", "attribute_value": "ann@corp.example"},
        follow=True,
    )
    assert "Linked ann to the Corp identity whose email is ann@corp.example" in (
        response.content.decode()
    )
    assert AuditEvent.objects.get().parameters["SourceUser"]["ProviderAttributeName"] == "email"


def test_it_offers_no_link_form_on_a_federated_user(idp, pool_id, operator_client):
    add_provider(idp, pool_id)
    username = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="g-78")
    html = card(operator_client.get(detail(pool_id, username)).content.decode())
    assert 'data-testid="no-link-federated"' in html
    assert "user_link_provider" not in html and "/link-provider/" not in html
