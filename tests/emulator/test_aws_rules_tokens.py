"""ID tokens carry cognito:roles and cognito:preferred_role as Amazon Cognito issues them.

Rule (developer guide, "Assigning precedence values to groups"; facts file,
"Precedence and roles"): the preferred role is the role of the user's group with the
lowest precedence value among the groups that have a role; groups without precedence
rank last; a tie at that value with different roles sets no preferred role.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

PASSWORD = "Passw0rd!long"
ROLE_A = "arn:aws:iam::123456789012:role/A"
ROLE_B = "arn:aws:iam::123456789012:role/B"


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture
def signed_pool(emu_cognito: Any) -> tuple[str, str]:
    """A pool with a confirmed user `ann` and an app client for every flow used here."""
    pool_id = emu_cognito.create_user_pool(PoolName="roles")["UserPool"]["Id"]
    client_id = emu_cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="app",
        ExplicitAuthFlows=[
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )["UserPoolClient"]["ClientId"]
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="ann", Password=PASSWORD, Permanent=True
    )
    return pool_id, client_id


def join(cognito: Any, pool_id: str, groups: list[tuple[str, str | None, int | None]]) -> None:
    for name, role, precedence in groups:
        kwargs: dict[str, Any] = {"UserPoolId": pool_id, "GroupName": name}
        if role:
            kwargs["RoleArn"] = role
        if precedence is not None:
            kwargs["Precedence"] = precedence
        cognito.create_group(**kwargs)
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username="ann", GroupName=name)


def admin_sign_in(cognito: Any, pool_id: str, client_id: str) -> dict[str, Any]:
    return cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]


@pytest.mark.parametrize(
    ("groups", "roles", "preferred"),
    [
        # The lowest precedence value wins.
        ([("a", ROLE_A, 1), ("b", ROLE_B, 2)], [ROLE_A, ROLE_B], ROLE_A),
        ([("a", ROLE_A, 5), ("b", ROLE_B, 0)], [ROLE_A, ROLE_B], ROLE_B),
        # A tie with different roles: no preferred role.
        ([("a", ROLE_A, 1), ("b", ROLE_B, 1)], [ROLE_A, ROLE_B], None),
        # A tie with the same role keeps it.
        ([("a", ROLE_A, 1), ("b", ROLE_A, 1)], [ROLE_A], ROLE_A),
        # Groups without precedence rank below every group that has one.
        ([("a", ROLE_A, None), ("b", ROLE_B, 9)], [ROLE_A, ROLE_B], ROLE_B),
        # ... and tie among themselves.
        ([("a", ROLE_A, None), ("b", ROLE_B, None)], [ROLE_A, ROLE_B], None),
        # Only groups with a role compete.
        ([("a", None, 0), ("b", ROLE_B, 3)], [ROLE_B], ROLE_B),
    ],
)
def test_it_puts_roles_and_the_preferred_role_in_the_id_token(
    emu_cognito, signed_pool, groups, roles, preferred
):
    pool_id, client_id = signed_pool
    join(emu_cognito, pool_id, groups)
    claims = claims_of(admin_sign_in(emu_cognito, pool_id, client_id)["IdToken"])
    assert sorted(claims["cognito:groups"]) == sorted(name for name, _, _ in groups)
    assert sorted(claims["cognito:roles"]) == roles
    assert claims.get("cognito:preferred_role") == preferred


def test_it_leaves_the_role_claims_out_when_no_group_has_a_role(emu_cognito, signed_pool):
    pool_id, client_id = signed_pool
    join(emu_cognito, pool_id, [("plain", None, 1)])
    claims = claims_of(admin_sign_in(emu_cognito, pool_id, client_id)["IdToken"])
    assert claims["cognito:groups"] == ["plain"]
    assert "cognito:roles" not in claims
    assert "cognito:preferred_role" not in claims


def test_it_issues_the_role_claims_on_every_flow(emu_cognito, signed_pool):
    pool_id, client_id = signed_pool
    join(emu_cognito, pool_id, [("a", ROLE_A, 1), ("b", ROLE_B, 2)])
    admin = admin_sign_in(emu_cognito, pool_id, client_id)
    public = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    refreshed = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": admin["RefreshToken"]},
    )["AuthenticationResult"]
    admin_refreshed = emu_cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": public["RefreshToken"]},
    )["AuthenticationResult"]
    for result in (admin, public, refreshed, admin_refreshed):
        claims = claims_of(result["IdToken"])
        assert claims["cognito:preferred_role"] == ROLE_A
        assert sorted(claims["cognito:roles"]) == [ROLE_A, ROLE_B]
        # The access token carries groups but never roles (as the real service).
        assert "cognito:roles" not in claims_of(result["AccessToken"])


@pytest.mark.parametrize("admin", [True, False])
def test_it_issues_the_role_claims_after_a_new_password_challenge(emu_cognito, signed_pool, admin):
    pool_id, client_id = signed_pool
    emu_cognito.admin_create_user(
        UserPoolId=pool_id, Username="ann2", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS"
    )
    emu_cognito.create_group(UserPoolId=pool_id, GroupName="a", RoleArn=ROLE_A, Precedence=1)
    emu_cognito.admin_add_user_to_group(UserPoolId=pool_id, Username="ann2", GroupName="a")
    challenge = emu_cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann2", "PASSWORD": PASSWORD},
    )
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    answer = {
        "ClientId": client_id,
        "ChallengeName": "NEW_PASSWORD_REQUIRED",
        "Session": challenge["Session"],
        "ChallengeResponses": {"USERNAME": "ann2", "NEW_PASSWORD": PASSWORD + "x"},
    }
    if admin:
        result = emu_cognito.admin_respond_to_auth_challenge(UserPoolId=pool_id, **answer)
    else:
        result = emu_cognito.respond_to_auth_challenge(**answer)
    claims = claims_of(result["AuthenticationResult"]["IdToken"])
    assert claims["cognito:roles"] == [ROLE_A]
    assert claims["cognito:preferred_role"] == ROLE_A


def test_it_follows_a_precedence_change_at_the_next_sign_in(emu_cognito, signed_pool):
    pool_id, client_id = signed_pool
    join(emu_cognito, pool_id, [("a", ROLE_A, 1), ("b", ROLE_B, 2)])
    emu_cognito.update_group(UserPoolId=pool_id, GroupName="b", Precedence=0)
    claims = claims_of(admin_sign_in(emu_cognito, pool_id, client_id)["IdToken"])
    assert claims["cognito:preferred_role"] == ROLE_B
