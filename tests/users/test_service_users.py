"""The user functions of the service layer, against the moto server over HTTP."""

import pytest

from console.cognito import InvalidInput, NotFound
from console.cognito.users import (
    user_create,
    user_csv_header,
    user_filter,
    user_get,
    user_iter,
    user_list,
    user_set_mfa_preference,
    user_set_settings,
)
from console.models import AuditEvent
from console.password_policy import password_problems

from .conftest import add_user


def test_it_lists_every_attribute_of_each_user(idp, users_pool, db):
    add_user(idp, users_pool, "ann", "ann@example.com", custom__tenant_id="t1")
    page = user_list(pool_id=users_pool, limit=10)
    assert [u.username for u in page] == ["ann"]
    attributes = page.items[0].attributes
    assert attributes["email"] == "ann@example.com"
    assert attributes["custom:tenant_id"] == "t1" and attributes["sub"]


def test_it_filters_and_pages_every_user(idp, users_pool, db, faults):
    # 61 matching users: two pages of ListUsers (60 a page).
    for i in range(61):
        add_user(idp, users_pool, f"u{i:02d}", f"user{i}@example.com")
    add_user(idp, users_pool, "other", "other@example.org")
    found = list(user_iter(pool_id=users_pool, filter=user_filter("email", "user", prefix=True)))
    assert sorted(u.username for u in found) == [f"u{i:02d}" for i in range(61)]
    assert faults.seen["ListUsers"] == 2
    with pytest.raises(InvalidInput):
        user_list(pool_id=users_pool, limit=61)


def test_it_resends_an_invitation_with_only_what_resend_takes(idp, users_pool, db):
    add_user(idp, users_pool, "fresh", "fresh@example.com")
    user_create(pool_id=users_pool, username="fresh", message_action="RESEND", delivery=["EMAIL"])
    event = AuditEvent.objects.get(action="AdminCreateUser")
    assert set(event.parameters) == {
        "UserPoolId",
        "Username",
        "MessageAction",
        "DesiredDeliveryMediums",
    }
    assert event.parameters["MessageAction"] == "RESEND"


def test_it_reads_mfa_and_legacy_settings(idp, users_pool, db):
    add_user(idp, users_pool, "mfa", "mfa@example.com", phone_number="+12065551212")
    user_set_settings(pool_id=users_pool, username="mfa", sms_mfa=True)
    user_set_mfa_preference(pool_id=users_pool, username="mfa", enabled=["SMS"], preferred="SMS")
    user = user_get(pool_id=users_pool, username="mfa")
    assert [dict(o) for o in user.mfa_options] == [
        {"DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    ]
    assert user.preferred_mfa == "SMS_MFA" and "SMS_MFA" in user.mfa_settings
    with pytest.raises(InvalidInput):
        user_set_mfa_preference(pool_id=users_pool, username="mfa", enabled=[], preferred="SMS")


def test_it_says_not_found_for_a_missing_user(users_pool, db):
    with pytest.raises(NotFound):
        user_get(pool_id=users_pool, username="nobody")


def test_it_gets_the_csv_header_with_custom_attributes(users_pool, db):
    header = user_csv_header(pool_id=users_pool)
    assert header[-2:] == ["cognito:mfa_enabled", "cognito:username"]
    assert "custom:tenant_id" in header and "email" in header


def test_it_checks_passwords_against_the_policy():
    policy = {
        "MinimumLength": 10,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
    }
    assert password_problems("Abcdefgh1!", policy) == []
    assert len(password_problems("abc", policy)) == 4
    assert password_problems(" Abcdefgh1!", policy)  # leading space
    assert password_problems("Abcdefgh1 x", policy) == []  # an inner space is a symbol
    assert password_problems("Éabcdefgh1!", {**policy, "RequireUppercase": True}) == [
        "It needs an upper-case letter (A-Z)."
    ]
