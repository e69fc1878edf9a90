"""When a temporary password expires: from the creation, or from the last temporary
password this console issued (a RESEND or a temporary AdminSetUserPassword)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.cognito import CognitoError
from console.cognito.pools import pool_get
from console.cognito.users import user_create, user_get, user_set_password
from users.expiry import (
    RESENT,
    TEMPORARY_PASSWORD,
    invitation_expires,
    last_invited,
    last_reissued,
)

from .conftest import add_user

PASSWORD = "Temp-Passw0rd!9"


@pytest.fixture
def invited(idp, db):
    pool_id = idp.create_user_pool(
        PoolName="expiry", Policies={"PasswordPolicy": {"TemporaryPasswordValidityDays": 3}}
    )["UserPool"]["Id"]
    for name in ("resent", "temporary", "permanent", "untouched"):
        add_user(idp, pool_id, name)
    return pool_id


def test_it_counts_a_resend_and_a_temporary_password_not_a_permanent_one(invited):
    user_create(pool_id=invited, username="resent", message_action="RESEND")
    user_set_password(pool_id=invited, username="temporary", password=PASSWORD, permanent=False)
    user_set_password(pool_id=invited, username="permanent", password=PASSWORD, permanent=True)
    names = ["resent", "temporary", "permanent", "untouched"]
    found = last_reissued(invited, names)
    assert {name: kind for name, (_, kind) in found.items()} == {
        "resent": RESENT,
        "temporary": TEMPORARY_PASSWORD,
    }
    assert last_invited(invited, names) == {name: when for name, (when, _) in found.items()}


def test_it_takes_the_latest_and_ignores_refused_ones(invited):
    user_create(pool_id=invited, username="resent", message_action="RESEND")
    user_set_password(pool_id=invited, username="resent", password=PASSWORD, permanent=False)
    with pytest.raises(CognitoError):  # too short for any policy: refused, audited as failed
        user_set_password(pool_id=invited, username="untouched", password="x", permanent=False)
    found = last_reissued(invited, ["resent", "untouched"])
    assert list(found) == ["resent"] and found["resent"][1] == TEMPORARY_PASSWORD


def test_it_expires_the_validity_days_after_the_last_one(invited):
    pool = pool_get(pool_id=invited)
    user = user_get(pool_id=invited, username="temporary")
    assert invitation_expires(pool, user) == user.created + timedelta(days=3)
    later = user.created + timedelta(days=2)
    assert invitation_expires(pool, user, resent=later) == later + timedelta(days=3)
    confirmed = user_get(pool_id=invited, username="permanent")
    user_set_password(pool_id=invited, username="permanent", password=PASSWORD, permanent=True)
    assert invitation_expires(pool, user_get(pool_id=invited, username="permanent")) is None
    assert confirmed.status == "FORCE_CHANGE_PASSWORD"
