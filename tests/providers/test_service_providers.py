"""console.cognito.providers against the moto server (with the add-on)."""

import pytest

from console.cognito import errors
from console.cognito.providers import (
    HIDDEN,
    pem,
    provider_create,
    provider_delete,
    provider_find,
    provider_get,
    provider_list,
    provider_name_problem,
    provider_signing_certificate,
    provider_update,
    provider_update_preview,
)
from console.models import AuditEvent


@pytest.mark.django_db
def test_it_lists_and_describes_providers_without_their_secrets(pool_id, oidc):
    page = provider_list(pool_id=pool_id, limit=10)
    [summary] = page.items
    assert (summary.name, summary.type, summary.pool_id) == ("Okta", "OIDC", pool_id)
    okta = provider_get(pool_id=pool_id, name="Okta")
    assert okta.identifiers == ("example.com", "corp.example.com")
    assert okta.secrets == ("client_secret",)
    assert "client_secret" not in okta.details
    assert okta.mapping == {"username": "sub", "email": "email"}


@pytest.mark.django_db
def test_it_finds_a_provider_by_identifier(pool_id, oidc):
    assert provider_find(pool_id=pool_id, identifier="corp.example.com").name == "Okta"
    with pytest.raises(errors.NotFound, match=r"has the identifier “nobody\.org”"):
        provider_find(pool_id=pool_id, identifier="nobody.org")
    with pytest.raises(errors.InvalidInput):
        provider_find(pool_id=pool_id, identifier="bad/identifier")


@pytest.mark.django_db
def test_it_edits_one_part_and_keeps_every_other(idp, pool_id, oidc):
    before = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    provider_update(
        pool_id=pool_id, name="Okta", changes={"ProviderDetails": {"authorize_scopes": "openid"}}
    )
    after = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    before, after = before["IdentityProvider"], after["IdentityProvider"]
    assert after["ProviderDetails"].pop("authorize_scopes") == "openid"
    before["ProviderDetails"].pop("authorize_scopes")
    for key in ("ProviderDetails", "AttributeMapping", "IdpIdentifiers", "ProviderType"):
        assert after[key] == before[key], key
    assert after["ProviderDetails"]["client_secret"] == "okta-secret-value"


@pytest.mark.django_db
def test_it_masks_secrets_in_the_diff_and_the_audit_log(pool_id, oidc):
    changes = {"ProviderDetails": {"client_secret": "brand-new-secret"}}
    preview = provider_update_preview(pool_id=pool_id, name="Okta", changes=changes)
    [change] = preview.changes
    assert change.path == "ProviderDetails.client_secret"
    assert change.old == HIDDEN and "brand-new-secret" not in change.new_text
    provider_update(pool_id=pool_id, name="Okta", changes=changes, expected=preview.fingerprint)
    event = AuditEvent.objects.get(action="UpdateIdentityProvider")
    assert "brand-new-secret" not in str(event.parameters)
    assert event.outcome == "succeeded"


@pytest.mark.django_db
def test_it_refuses_an_update_when_the_provider_moved_since_the_review(idp, pool_id, oidc):
    changes = {"IdpIdentifiers": ["a.org"]}
    preview = provider_update_preview(pool_id=pool_id, name="Okta", changes=changes)
    idp.update_identity_provider(
        UserPoolId=pool_id, ProviderName="Okta", AttributeMapping={"username": "sub"}
    )
    with pytest.raises(errors.InvalidInput) as exc:
        provider_update(pool_id=pool_id, name="Okta", changes=changes, expected=preview.fingerprint)
    assert exc.value.code == "ConfigurationChanged"


@pytest.mark.django_db
def test_it_creates_apple_keeping_the_private_key_out_of_the_audit_log(pool_id):
    made = provider_create(
        pool_id=pool_id,
        name="SignInWithApple",
        provider_type="SignInWithApple",
        details={"client_id": "com.example", "team_id": "T", "key_id": "K", "private_key": "PK!"},
    )
    assert made.secrets == ("private_key",)
    event = AuditEvent.objects.get(action="CreateIdentityProvider")
    assert "PK!" not in str(event.parameters)
    with pytest.raises(errors.AlreadyExists):
        provider_create(
            pool_id=pool_id,
            name="SignInWithApple",
            provider_type="Google",
            details={"client_id": "x"},
        )


@pytest.mark.django_db
def test_it_creates_once_when_the_answer_is_lost(faults, pool_id):
    faults.set("CreateIdentityProvider", "lost", times=1)
    made = provider_create(
        pool_id=pool_id,
        name="Okta",
        provider_type="OIDC",
        details={"client_id": "c", "oidc_issuer": "https://o.example", "authorize_scopes": "x"},
    )
    assert made.name == "Okta"
    assert AuditEvent.objects.get(action="CreateIdentityProvider").outcome == "succeeded"


@pytest.mark.django_db
def test_it_deletes_a_provider(pool_id, oidc):
    provider_delete(pool_id=pool_id, name="Okta")
    with pytest.raises(errors.NotFound, match="No identity provider “Okta”"):
        provider_get(pool_id=pool_id, name="Okta")


def test_it_gives_the_signing_certificate_as_pem(pool_id):
    text = provider_signing_certificate(pool_id=pool_id)
    assert text.startswith("-----BEGIN CERTIFICATE-----\n")
    assert all(len(line) <= 64 for line in text.splitlines())
    assert pem("not base64!") == ""


@pytest.mark.parametrize(
    ("name", "ok"),
    [("Okta", True), ("a_b", True), ("ab", False), ("_ab", False), ("a b c", False)],
    ids=["plain", "underscore-second", "too-short", "underscore-first", "spaces"],
)
def test_it_checks_provider_names(name, ok):
    assert (provider_name_problem(name) == "") is ok
