"""Cognito's failed sign-in lockout and the expiring temporary password (issue 14).

The lockout rule (developer guide, "Lockout behavior for failed sign-in attempts"):
after 5 failed password attempts the user is locked for 2^(n-5) seconds, at most about
15 minutes; attempts during a lock get "Password attempts exceeded" and do not count.
The server runs in this process, so the tests move the add-on's clock
(`auth_events.now`) instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from console.emulator import auth_events
from console.emulator.auth_events import backdate_user

PASSWORD = "Correct-Horse-9!"
WRONG = "Wrong-Horse-9!"
TEMPORARY = "Temporary-Pass-1!"


class Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at

    def forward(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(auth_events, "now", fake)
    yield fake


def message(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def make_pool(cognito: Any, **kwargs: Any) -> tuple[str, str]:
    pool_id = cognito.create_user_pool(PoolName="lockout", **kwargs)["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_USER_SRP_AUTH",
        ],
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def add_user(cognito: Any, pool_id: str) -> None:
    cognito.admin_create_user(UserPoolId=pool_id, Username="casey", MessageAction="SUPPRESS")
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="casey", Password=PASSWORD, Permanent=True
    )


@pytest.fixture
def attempt(emu_cognito: Any) -> Callable[[str, str], tuple[str, str] | None]:
    def run(client_id: str, password: str) -> tuple[str, str] | None:
        try:
            emu_cognito.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "casey", "PASSWORD": password},
            )
        except ClientError as exc:
            return exc.response["Error"]["Code"], exc.response["Error"]["Message"]
        return None

    return run


INCORRECT = ("NotAuthorizedException", "Incorrect username or password.")
LOCKED = ("NotAuthorizedException", "Password attempts exceeded")


def test_it_locks_the_user_for_a_second_after_five_failures(
    emu_cognito: Any, clock: Clock, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    assert [attempt(client_id, WRONG) for _ in range(5)] == [INCORRECT] * 5
    assert attempt(client_id, PASSWORD) == LOCKED
    clock.forward(0.9)
    assert attempt(client_id, WRONG) == LOCKED
    clock.forward(0.2)
    assert attempt(client_id, PASSWORD) is None


def test_it_doubles_the_lock_with_each_further_failure(
    emu_cognito: Any, clock: Clock, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    for _ in range(5):
        attempt(client_id, WRONG)
    for lock_seconds in (1, 2, 4, 8):
        clock.forward(lock_seconds)  # the lock ends; the next failure locks for twice as long
        assert attempt(client_id, WRONG) == INCORRECT
        clock.forward(lock_seconds * 2 - 0.1)
        assert attempt(client_id, PASSWORD) == LOCKED
        clock.forward(0.1)
    assert attempt(client_id, PASSWORD) is None


def test_it_caps_the_lock_at_fifteen_minutes(
    emu_cognito: Any, clock: Clock, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    for _ in range(5):
        attempt(client_id, WRONG)
    lock = 1
    for _ in range(10):  # failures 6..15; failure 15 would lock 2^10 = 1024 seconds
        clock.forward(lock)
        assert attempt(client_id, WRONG) == INCORRECT
        lock *= 2
    clock.forward(899)
    assert attempt(client_id, PASSWORD) == LOCKED
    clock.forward(1)
    assert attempt(client_id, PASSWORD) is None  # 900 seconds, not 1024


def test_it_does_not_count_attempts_made_during_a_lock(
    emu_cognito: Any, clock: Clock, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    for _ in range(5):
        attempt(client_id, WRONG)
    for _ in range(10):
        assert attempt(client_id, WRONG) == LOCKED
    clock.forward(1)
    assert attempt(client_id, WRONG) == INCORRECT  # failure 6: 2 seconds, not 2^15
    clock.forward(2)
    assert attempt(client_id, PASSWORD) is None


def test_it_resets_after_a_successful_sign_in(
    emu_cognito: Any, clock: Clock, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    for _ in range(5):
        attempt(client_id, WRONG)
    clock.forward(1)
    assert attempt(client_id, PASSWORD) is None
    assert [attempt(client_id, WRONG) for _ in range(5)] == [INCORRECT] * 5
    assert attempt(client_id, PASSWORD) == LOCKED


def test_it_resets_after_fifteen_quiet_minutes(
    emu_cognito: Any, clock: Clock, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    for _ in range(8):
        clock.forward(200)
        attempt(client_id, WRONG)
    clock.forward(15 * 60)
    assert [attempt(client_id, WRONG) for _ in range(5)] == [INCORRECT] * 5


def test_it_locks_whatever_the_threat_protection_setting_and_records_it(
    emu_cognito: Any, clock: Clock, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(
        emu_cognito, UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}
    )
    add_user(emu_cognito, pool_id)
    for _ in range(5):
        attempt(client_id, WRONG)
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_initiate_auth(
            UserPoolId=pool_id,
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "casey", "PASSWORD": PASSWORD},
        )
    assert message(exc) == LOCKED
    history = emu_cognito.admin_list_user_auth_events(UserPoolId=pool_id, Username="casey")
    assert [e["EventResponse"] for e in history["AuthEvents"]] == ["Fail"] * 6


# ---- the expiring temporary password ---------------------------------------------------
def invite(cognito: Any, pool_id: str, **extra: Any) -> None:
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username="casey",
        TemporaryPassword=TEMPORARY,
        MessageAction="SUPPRESS",
        **extra,
    )


EXPIRED = (
    "NotAuthorizedException",
    "Temporary password has expired and must be reset by an administrator.",
)


def test_it_refuses_a_temporary_password_older_than_the_pools_validity(
    emu_cognito: Any, attempt: Callable[..., Any]
) -> None:
    policy = {"PasswordPolicy": {"MinimumLength": 8, "TemporaryPasswordValidityDays": 3}}
    pool_id, client_id = make_pool(emu_cognito, Policies=policy)
    invite(emu_cognito, pool_id)
    backdate_user(pool_id=pool_id, username="casey", days=2.9)
    assert attempt(client_id, TEMPORARY) is None  # a NEW_PASSWORD_REQUIRED challenge
    backdate_user(pool_id=pool_id, username="casey", days=0.2)
    assert attempt(client_id, TEMPORARY) == EXPIRED
    assert attempt(client_id, WRONG) == INCORRECT


def test_it_uses_seven_days_or_the_legacy_setting_when_the_policy_has_none(
    emu_cognito: Any, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    invite(emu_cognito, pool_id)
    backdate_user(pool_id=pool_id, username="casey", days=6.9)
    assert attempt(client_id, TEMPORARY) is None
    backdate_user(pool_id=pool_id, username="casey", days=0.2)
    assert attempt(client_id, TEMPORARY) == EXPIRED

    legacy_pool, legacy_client = make_pool(
        emu_cognito,
        Policies={"PasswordPolicy": {"MinimumLength": 8, "TemporaryPasswordValidityDays": 0}},
        AdminCreateUserConfig={"UnusedAccountValidityDays": 2},
    )
    invite(emu_cognito, legacy_pool)
    backdate_user(pool_id=legacy_pool, username="casey", days=2.1)
    assert attempt(legacy_client, TEMPORARY) == EXPIRED


def test_it_renews_the_temporary_password_on_resend(
    emu_cognito: Any, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    invite(emu_cognito, pool_id)
    backdate_user(pool_id=pool_id, username="casey", days=8)
    assert attempt(client_id, TEMPORARY) == EXPIRED
    before = emu_cognito.admin_get_user(UserPoolId=pool_id, Username="casey")

    resent = emu_cognito.admin_create_user(
        UserPoolId=pool_id,
        Username="casey",
        MessageAction="RESEND",
        TemporaryPassword="Renewed-Pass-2!",
    )["User"]
    assert resent["UserLastModifiedDate"] > before["UserLastModifiedDate"]
    after = emu_cognito.admin_get_user(UserPoolId=pool_id, Username="casey")
    assert after["UserCreateDate"] == before["UserCreateDate"]
    assert after["UserLastModifiedDate"] > before["UserLastModifiedDate"]
    assert attempt(client_id, TEMPORARY) == INCORRECT
    assert attempt(client_id, "Renewed-Pass-2!") is None


def test_it_renews_the_temporary_password_when_an_admin_sets_a_new_temporary_one(
    emu_cognito: Any, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    invite(emu_cognito, pool_id)
    backdate_user(pool_id=pool_id, username="casey", days=8)
    assert attempt(client_id, TEMPORARY) == EXPIRED
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="casey", Password="Another-Temp-3!", Permanent=False
    )
    assert attempt(client_id, "Another-Temp-3!") is None  # NEW_PASSWORD_REQUIRED again
    backdate_user(pool_id=pool_id, username="casey", days=7.1)
    assert attempt(client_id, "Another-Temp-3!") == EXPIRED


def test_it_starts_the_clock_when_a_confirmed_user_gets_a_temporary_password(
    emu_cognito: Any, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    backdate_user(pool_id=pool_id, username="casey", days=30)
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="casey", Password="Another-Temp-3!", Permanent=False
    )
    assert attempt(client_id, "Another-Temp-3!") is None  # not expired: the clock restarted


def test_it_does_not_expire_a_confirmed_users_password(
    emu_cognito: Any, attempt: Callable[..., Any]
) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    add_user(emu_cognito, pool_id)
    backdate_user(pool_id=pool_id, username="casey", days=400)
    assert attempt(client_id, PASSWORD) is None
    created = emu_cognito.admin_get_user(UserPoolId=pool_id, Username="casey")["UserCreateDate"]
    assert datetime.now(UTC) - created > timedelta(days=399)


def test_it_refuses_an_expired_temporary_password_in_the_srp_flow(emu_cognito: Any) -> None:
    pool_id, client_id = make_pool(emu_cognito)
    invite(emu_cognito, pool_id)
    backdate_user(pool_id=pool_id, username="casey", days=8)
    started = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": "casey", "SRP_A": "abc123"},
    )
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"
    with pytest.raises(ClientError) as exc:
        emu_cognito.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses={
                "USERNAME": "casey",
                "PASSWORD_CLAIM_SECRET_BLOCK": started["ChallengeParameters"]["SECRET_BLOCK"],
                "PASSWORD_CLAIM_SIGNATURE": "c2lnbmF0dXJl",
                "TIMESTAMP": "Tue Dec 1 09:00:00 UTC 2026",
            },
        )
    assert message(exc) == EXPIRED
