"""console.cognito.identities: a user's linked identities from its `identities`
attribute (garbage tolerated), linking (AdminLinkProviderForUser) and unlinking
(AdminDisableProviderForUser) against the embedded backend over HTTP, audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from console.cognito import AlreadyExists, InvalidInput, LimitExceeded, NotFound
from console.cognito.identities import (
    LinkedIdentity,
    provider_list_names,
    user_identities,
    user_link_provider,
    user_unlink_provider,
)
from console.cognito.records import FrozenDict, User
from console.cognito.users import user_get
from console.emulator.linked_providers import add_federated_user
from console.models import AuditEvent


def user_with(identities: str | None) -> User:
    attributes = {"sub": "s-1"} if identities is None else {"identities": identities}
    return User(
        username="ann",
        status="CONFIRMED",
        enabled=True,
        created=None,
        modified=None,
        attributes=FrozenDict(attributes),
    )


def add_provider(idp, pool_id: str, name: str = "Google", kind: str = "Google") -> str:
    details = {"client_id": "cid", "client_secret": "secret", "authorize_scopes": "openid"}
    if kind == "OIDC":
        details = {
            **details,
            "oidc_issuer": "https://id.example.com",
            "attributes_request_method": "GET",
        }
    idp.create_identity_provider(
        UserPoolId=pool_id, ProviderName=name, ProviderType=kind, ProviderDetails=details
    )
    return name


@pytest.fixture
def linked_pool(idp, pool_id):
    """The pool with a Google provider and the native user `ann`."""
    add_provider(idp, pool_id)
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    return pool_id


# --- reading the attribute ----------------------------------------------------------


def test_it_reads_the_identities_attribute_as_cognito_writes_it():
    value = json.dumps(
        [
            {
                "userId": "1234",
                "providerName": "Google",
                "providerType": "Google",
                "issuer": None,
                "primary": "true",
                "dateCreated": "1700000000000",
            },
            {"userId": "x@y", "providerName": "Corp", "providerType": "SAML", "primary": False},
        ]
    )
    google, corp = user_identities(user_with(value))
    assert google == LinkedIdentity(
        provider_name="Google",
        provider_type="Google",
        user_id="1234",
        primary=True,
        created=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
    )
    assert (corp.provider_type, corp.user_id, corp.primary, corp.created) == (
        "SAML",
        "x@y",
        False,
        None,
    )
    assert google.unlinkable and corp.unlinkable


def test_it_has_no_identities_without_the_attribute():
    assert user_identities(user_with(None)) == ()
    assert user_identities(user_with("  ")) == ()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("[{not json", "not JSON"),
        ('{"providerName": "Google"}', "not a JSON array"),
        ("42", "not a JSON array"),
    ],
)
def test_it_shows_an_unreadable_attribute_raw_with_a_note(value, problem):
    (identity,) = user_identities(user_with(value))
    assert problem in identity.problem
    assert identity.raw == value
    assert not identity.unlinkable


def test_it_keeps_the_good_entries_beside_a_bad_one():
    value = json.dumps(
        [
            "Google",
            {"userId": "9"},
            {"providerName": "Google", "userId": 9, "dateCreated": "soon"},
        ]
    )
    text, nameless, good = user_identities(user_with(value))
    assert text.problem and text.raw == "Google"
    assert nameless.problem and '"userId": "9"' in nameless.raw
    assert (good.provider_name, good.user_id, good.created, good.problem) == (
        "Google",
        "9",
        None,
        "",
    )


# --- link and unlink -----------------------------------------------------------------


def test_it_lists_the_pools_identity_providers(idp, pool_id, db):
    assert provider_list_names(pool_id=pool_id) == ()
    add_provider(idp, pool_id, "Zed", "OIDC")
    add_provider(idp, pool_id, "Google")
    assert provider_list_names(pool_id=pool_id) == ()  # cached, as the pool's record is
    assert provider_list_names(pool_id=pool_id, fresh=True) == ("Google", "Zed")
    assert provider_list_names(pool_id=pool_id) == ("Google", "Zed")


def test_it_links_a_native_user_to_a_google_identity_and_audits_it(linked_pool, db):
    user_link_provider(
        pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-123"
    )
    (identity,) = user_identities(user_get(pool_id=linked_pool, username="ann"))
    assert (identity.provider_name, identity.user_id, identity.primary) == (
        "Google",
        "g-123",
        False,
    )
    audit = AuditEvent.objects.get(action="AdminLinkProviderForUser")
    assert (audit.outcome, audit.target_id) == ("succeeded", "ann")
    assert audit.parameters["DestinationUser"] == {
        "ProviderName": "Cognito",
        "ProviderAttributeValue": "ann",
    }
    assert audit.parameters["SourceUser"]["ProviderAttributeName"] == "Cognito_Subject"


def test_it_unlinks_the_identity_and_audits_it_on_the_user(linked_pool, db):
    user_link_provider(
        pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-123"
    )
    done = user_unlink_provider(
        pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-123"
    )
    assert done.message == "Unlinked the Google identity g-123 from ann."
    assert user_identities(user_get(pool_id=linked_pool, username="ann")) == ()
    audit = AuditEvent.objects.get(action="AdminDisableProviderForUser")
    assert (audit.outcome, audit.target_id) == ("succeeded", "ann")
    assert audit.parameters["User"]["ProviderAttributeValue"] == "g-123"


def test_it_reads_a_link_back_after_a_lost_answer(faults, linked_pool, db):
    faults.set("AdminLinkProviderForUser", "lost", times=1)
    user_link_provider(
        pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-1"
    )
    audit = AuditEvent.objects.get(action="AdminLinkProviderForUser")
    assert audit.outcome == "succeeded"
    assert len(user_identities(user_get(pool_id=linked_pool, username="ann"))) == 1


def test_it_refuses_an_identity_already_linked_to_another_user(idp, linked_pool, db):
    idp.admin_create_user(UserPoolId=linked_pool, Username="bob", MessageAction="SUPPRESS")
    user_link_provider(
        pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-1"
    )
    with pytest.raises(AlreadyExists):
        user_link_provider(
            pool_id=linked_pool, username="bob", provider_name="Google", attribute_value="g-1"
        )


def test_it_refuses_a_sixth_linked_identity(linked_pool, db):
    for n in range(5):
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name="Google", attribute_value=f"g-{n}"
        )
    with pytest.raises(LimitExceeded):
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-5"
        )


def test_it_says_an_unknown_provider_is_not_found(linked_pool, db):
    with pytest.raises(NotFound):
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name="Nope", attribute_value="1"
        )
    assert AuditEvent.objects.get(action="AdminLinkProviderForUser").outcome == "failed"


@pytest.mark.parametrize(
    ("provider", "value"), [("Cognito", "x"), ("", "x"), ("A" * 33, "x"), ("Google", "")]
)
def test_it_refuses_what_cannot_be_a_link_before_sending(linked_pool, provider, value, db):
    with pytest.raises(InvalidInput):
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name=provider, attribute_value=value
        )
    with pytest.raises(InvalidInput):
        user_unlink_provider(
            pool_id=linked_pool, username="ann", provider_name=provider, attribute_value=value
        )
    assert not AuditEvent.objects.exists()


# --- unlink names no user: the identity names it, pool-wide --------------------------


def link(idp, pool_id: str, username: str, value: str, provider: str = "Google") -> None:
    """Link straight through boto3 (no audit event), to arrange a test."""
    idp.admin_link_provider_for_user(
        UserPoolId=pool_id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": username},
        SourceUser={
            "ProviderName": provider,
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": value,
        },
    )


@pytest.fixture
def two_users(idp, linked_pool):
    """laura holds the Google identity g-laura; victor holds g-victor."""
    for name in ("laura", "victor"):
        idp.admin_create_user(UserPoolId=linked_pool, Username=name, MessageAction="SUPPRESS")
        link(idp, linked_pool, name, f"g-{name}")
    return linked_pool


def test_it_refuses_to_unlink_another_users_identity_sending_nothing(two_users, db):
    with pytest.raises(NotFound) as caught:
        user_unlink_provider(
            pool_id=two_users, username="victor", provider_name="Google", attribute_value="g-laura"
        )
    assert caught.value.details.startswith(
        "The Google identity g-laura is not linked to victor: nothing was done."
    )
    assert "spelled differently" not in caught.value.details
    assert [i.user_id for i in user_identities(user_get(pool_id=two_users, username="laura"))] == [
        "g-laura"
    ]
    assert not AuditEvent.objects.exists()  # nothing was sent


def test_it_says_an_identity_unlinked_meanwhile_is_no_longer_linked(faults, two_users, db):
    # The read finds the link; by the time the call lands it is gone (another tab).
    faults.set("AdminDisableProviderForUser", "aws:400:UserNotFoundException:User does not exist.")
    with pytest.raises(NotFound) as caught:
        user_unlink_provider(
            pool_id=two_users, username="victor", provider_name="Google", attribute_value="g-victor"
        )
    assert caught.value.details.startswith(
        "The Google identity g-victor is no longer linked to victor: nothing was done."
    )
    assert "User does not exist" not in caught.value.details
    assert "spelled differently" not in caught.value.details


def test_it_audits_the_unlink_on_the_user_as_cognito_spells_it(idp, db):
    pool_id = idp.create_user_pool(
        PoolName="Loose", UsernameConfiguration={"CaseSensitive": False}
    )["UserPool"]["Id"]
    add_provider(idp, pool_id)
    idp.admin_create_user(UserPoolId=pool_id, Username="Ann.Lee", MessageAction="SUPPRESS")
    link(idp, pool_id, "Ann.Lee", "g-1")
    done = user_unlink_provider(
        pool_id=pool_id, username="ann.lee", provider_name="Google", attribute_value="g-1"
    )
    assert done.username == "Ann.Lee"
    audit = AuditEvent.objects.get(action="AdminDisableProviderForUser")
    assert audit.target_id == "Ann.Lee"


def test_it_unlinks_a_federated_users_own_identity_and_says_it_is_disabled(idp, pool_id, db):
    add_provider(idp, pool_id)
    username = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="g-7")
    (identity,) = user_identities(user_get(pool_id=pool_id, username=username))
    assert identity.own
    done = user_unlink_provider(
        pool_id=pool_id, username=username, provider_name="Google", attribute_value="g-7"
    )
    assert (done.own, done.enabled) == (True, False)
    assert done.message == (
        f"Unlinked the Google identity g-7 from {username}; the user is now disabled and "
        "cannot sign in."
    )
    assert user_get(pool_id=pool_id, username=username).enabled is False
    assert AuditEvent.objects.get(action="AdminDisableProviderForUser").target_id == username


def test_it_does_not_call_a_native_users_link_its_own(linked_pool, db):
    user_link_provider(
        pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-1"
    )
    (identity,) = user_identities(user_get(pool_id=linked_pool, username="ann"))
    assert not identity.own
    done = user_unlink_provider(
        pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-1"
    )
    assert (done.own, done.enabled, done.still_linked) == (False, True, False)


# --- what a refused link says -------------------------------------------------------


def test_it_says_an_identity_is_linked_to_another_user_without_name_advice(idp, linked_pool, db):
    idp.admin_create_user(UserPoolId=linked_pool, Username="bob", MessageAction="SUPPRESS")
    user_link_provider(
        pool_id=linked_pool, username="bob", provider_name="Google", attribute_value="g-1"
    )
    with pytest.raises(AlreadyExists) as caught:
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-1"
        )
    details = caught.value.details
    assert details.startswith("The Google identity g-1 is already linked to another user")
    assert "Choose another name" not in details and "open the existing one" not in details


def test_it_names_the_federated_user_an_identity_signed_in_as(idp, linked_pool, db):
    add_federated_user(pool_id=linked_pool, provider_name="Google", provider_user_id="g-9")
    with pytest.raises(InvalidInput) as caught:
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-9"
        )
    assert "has signed in to this pool already as the user Google_g-9" in caught.value.details
    assert "Correct the value" not in caught.value.details


def test_it_says_the_limit_of_five_is_cognitos_without_asking_aws(linked_pool, db):
    for n in range(5):
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name="Google", attribute_value=f"g-{n}"
        )
    with pytest.raises(LimitExceeded) as caught:
        user_link_provider(
            pool_id=linked_pool, username="ann", provider_name="Google", attribute_value="g-5"
        )
    assert "ann has 5 linked identities" in caught.value.details
    assert "ask AWS" not in caught.value.details


@pytest.mark.parametrize(
    "name", ["bad name <b>x</b>", "email\n", "", "a" * 129, "e-mail;drop", "ä"]
)
def test_it_refuses_an_attribute_name_that_is_no_claim_before_sending(linked_pool, name, db):
    with pytest.raises(InvalidInput):
        user_link_provider(
            pool_id=linked_pool,
            username="ann",
            provider_name="Google",
            attribute_name=name,
            attribute_value="v",
        )
    with pytest.raises(InvalidInput):
        user_unlink_provider(
            pool_id=linked_pool,
            username="ann",
            provider_name="Google",
            attribute_name=name,
            attribute_value="v",
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("name", ["Cognito_Subject", "email", "urn:oid:0.9.2342.19200300.100.1.3"])
def test_it_links_on_a_claim_or_saml_attribute_name(linked_pool, name, db):
    user_link_provider(
        pool_id=linked_pool,
        username="ann",
        provider_name="Google",
        attribute_name=name,
        attribute_value="v@example.com",
    )
    assert AuditEvent.objects.get().outcome == "succeeded"
