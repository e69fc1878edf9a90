"""The demo data under AWS's rules: roles in its ID tokens, its case-insensitive pool.

The demo is what a new user tries first (issue 10: "the test sign-in shows roles on
the demo"). Loading takes a few seconds, so one test checks it all.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from console.emulator.demo import ACME_POOL_NAME, DEMO_PASSWORD, _secret_hash, load_demo


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_it_signs_demo_users_in_with_roles_and_ignores_username_case(emu_cognito, emu_url):
    acme = load_demo(endpoint_url=emu_url)["pools"][ACME_POOL_NAME]
    pool = emu_cognito.describe_user_pool(UserPoolId=acme)["UserPool"]
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}

    groups = emu_cognito.list_groups(UserPoolId=acme)["Groups"]
    clients = emu_cognito.list_user_pool_clients(UserPoolId=acme, MaxResults=60)
    backend = next(
        described
        for c in clients["UserPoolClients"]
        if (
            described := emu_cognito.describe_user_pool_client(
                UserPoolId=acme, ClientId=c["ClientId"]
            )["UserPoolClient"]
        ).get("ClientSecret")
    )

    # A confirmed, enabled user in a group with a role, and that user's groups.
    chosen: tuple[str, list[dict[str, Any]]] | None = None
    for group in groups:
        if not group.get("RoleArn"):
            continue
        for user in emu_cognito.list_users_in_group(UserPoolId=acme, GroupName=group["GroupName"])[
            "Users"
        ]:
            if user["UserStatus"] == "CONFIRMED" and user["Enabled"]:
                mine = emu_cognito.admin_list_groups_for_user(
                    UserPoolId=acme, Username=user["Username"]
                )["Groups"]
                chosen = (user["Username"], mine)
                break
        if chosen:
            break
    assert chosen, "the demo has a confirmed user in a group with a role"
    username, mine = chosen

    # Signed in with the username in upper case: the pool ignores case.
    typed = username.upper()
    result = emu_cognito.initiate_auth(
        ClientId=backend["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": typed,
            "PASSWORD": DEMO_PASSWORD,
            "SECRET_HASH": _secret_hash(typed, backend["ClientId"], backend["ClientSecret"]),
        },
    )["AuthenticationResult"]
    claims = claims_of(result["IdToken"])
    assert claims["cognito:username"] == username
    assert sorted(claims["cognito:groups"]) == sorted(g["GroupName"] for g in mine)
    assert sorted(claims["cognito:roles"]) == sorted({g["RoleArn"] for g in mine if "RoleArn" in g})
    # The preferred role, by the rule, from what the API says about the groups.
    with_role = [g for g in mine if g.get("RoleArn")]
    ranked = [g for g in with_role if "Precedence" in g]
    best = min((g["Precedence"] for g in ranked), default=None)
    tied = [g for g in ranked if g["Precedence"] == best] if ranked else with_role
    expected = tied[0]["RoleArn"] if len({g["RoleArn"] for g in tied}) == 1 else None
    assert claims.get("cognito:preferred_role") == expected
