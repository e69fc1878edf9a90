"""The demo data loader: what it creates, and that a second run changes nothing.

Loading takes a few seconds, so one test checks everything.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from console.emulator.demo import (
    ACME_POOL_NAME,
    DEMO_PASSWORD,
    FIELD_POOL_NAME,
    PARTNER_POOL_NAME,
    _secret_hash,
    load_demo,
)


def all_users(cognito: Any, pool_id: str) -> list[dict[str, Any]]:
    pages = cognito.get_paginator("list_users").paginate(UserPoolId=pool_id)
    return [user for page in pages for user in page["Users"]]


def members(cognito: Any, pool_id: str, group: str) -> set[str]:
    pages = cognito.get_paginator("list_users_in_group").paginate(
        UserPoolId=pool_id, GroupName=group
    )
    return {user["Username"] for page in pages for user in page["Users"]}


def test_it_load_demo(emu_cognito, emu_url):
    summary = load_demo(endpoint_url=emu_url)
    assert summary["created"] is True
    acme = summary["pools"][ACME_POOL_NAME]
    partner = summary["pools"][PARTNER_POOL_NAME]

    # --- Acme: the pool
    pool = emu_cognito.describe_user_pool(UserPoolId=acme)["UserPool"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["UserPoolTags"]["environment"] == "demo"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["DeviceConfiguration"]["DeviceOnlyRememberedOnUserPrompt"] is True
    schema = {attr["Name"] for attr in pool["SchemaAttributes"]}
    assert {"custom:tenant_id", "custom:plan"} <= schema

    assert pool["UserPoolTier"] == "PLUS"
    assert pool["UserPoolAddOns"]["AdvancedSecurityMode"] == "AUDIT"

    # --- users: count, statuses, odd usernames, custom attributes (the one federated
    # user, a sign-in story, is checked below)
    every = all_users(emu_cognito, acme)
    users = [user for user in every if user["UserStatus"] != "EXTERNAL_PROVIDER"]
    assert len(users) == 250 and len(every) == 251
    statuses = Counter(user["UserStatus"] for user in users)
    assert set(statuses) == {"CONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED", "UNCONFIRMED"}
    assert statuses == Counter(summary["details"][ACME_POOL_NAME]["statuses"])
    assert statuses["CONFIRMED"] > statuses["FORCE_CHANGE_PASSWORD"] > 10
    assert 5 < sum(1 for user in users if not user["Enabled"]) < 50
    usernames = {user["Username"] for user in users}
    assert {"jose.muñoz", "ops/alice", "bob+test@example.com", "zoë@example.org"} <= usernames
    assert len(usernames) == 250
    for user in users:
        attributes = {a["Name"]: a["Value"] for a in user["Attributes"]}
        assert attributes["email"]
        assert attributes["custom:tenant_id"].startswith("t-")
        assert attributes["custom:plan"] in {"free", "starter", "pro", "enterprise"}
    phones = [a["Value"] for u in users for a in u["Attributes"] if a["Name"] == "phone_number"]
    assert len(phones) > 100
    assert all(phone.startswith("+") for phone in phones)

    # --- app clients
    clients = emu_cognito.list_user_pool_clients(UserPoolId=acme, MaxResults=60)["UserPoolClients"]
    assert len(clients) == 2
    described = [
        emu_cognito.describe_user_pool_client(UserPoolId=acme, ClientId=c["ClientId"])[
            "UserPoolClient"
        ]
        for c in clients
    ]
    with_secret = [c for c in described if c.get("ClientSecret")]
    assert len(with_secret) == 1
    assert set(with_secret[0]["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }

    # --- groups
    groups = {g["GroupName"]: g for g in emu_cognito.list_groups(UserPoolId=acme)["Groups"]}
    assert len(groups) == 6
    precedences = sorted(g["Precedence"] for g in groups.values() if "Precedence" in g)
    assert precedences[:4] == [0, 1, 5, 5]
    assert sum(1 for g in groups.values() if "Precedence" not in g) == 1
    assert sum(1 for g in groups.values() if "RoleArn" not in g) == 1
    tied = [g for g in groups.values() if g.get("Precedence") == 5]
    assert len({g["RoleArn"] for g in tied}) == 2
    assert all(g["RoleArn"].startswith("arn:aws:iam::123456789012:role/") for g in tied)
    in_both = members(emu_cognito, acme, tied[0]["GroupName"]) & members(
        emu_cognito, acme, tied[1]["GroupName"]
    )
    assert len(in_both) >= 2
    for name, count in summary["details"][ACME_POOL_NAME]["groups"].items():
        assert len(members(emu_cognito, acme, name)) == count

    # --- devices, made through sign-in + ConfirmDevice
    owners = summary["details"][ACME_POOL_NAME]["device_users"]
    assert len(owners) >= 2
    devices = [
        device
        for username in owners
        for device in emu_cognito.admin_list_devices(UserPoolId=acme, Username=username)["Devices"]
    ]
    others = sorted(usernames - set(owners))[:20]
    assert not any(
        emu_cognito.admin_list_devices(UserPoolId=acme, Username=username)["Devices"]
        for username in others
    )
    assert len(devices) == summary["details"][ACME_POOL_NAME]["devices"] >= 3
    remembered = Counter(
        a["Value"]
        for device in devices
        for a in device["DeviceAttributes"]
        if a["Name"] == "dev:device_remembered_status"
    )
    assert remembered["remembered"] >= 1 and remembered["not_remembered"] >= 1

    # --- Acme: the sign-in stories
    stories = summary["details"][ACME_POOL_NAME]["stories"]

    def events(username):
        return emu_cognito.admin_list_user_auth_events(UserPoolId=acme, Username=username)[
            "AuthEvents"
        ]

    assert [e["EventResponse"] for e in events(stories["failed_then_signed_in"])] == [
        "Pass",
        "Fail",
        "Fail",
    ]
    locked = events(stories["locked_out"])
    assert len(locked) == 15 and {e["EventResponse"] for e in locked} == {"Fail"}
    spread = locked[0]["CreationDate"] - locked[-1]["CreationDate"]
    assert 15 * 60 < spread.total_seconds() < 20 * 60
    refused = emu_cognito.exceptions.NotAuthorizedException
    # acme-web allows only SRP; the support backend's client allows USER_PASSWORD_AUTH.
    clients = emu_cognito.list_user_pool_clients(UserPoolId=acme)["UserPoolClients"]
    backend_id = next(c["ClientId"] for c in clients if c["ClientName"] == "acme-support-backend")
    backend = emu_cognito.describe_user_pool_client(UserPoolId=acme, ClientId=backend_id)
    secret = backend["UserPoolClient"]["ClientSecret"]
    with pytest.raises(refused, match="Password attempts exceeded"):
        emu_cognito.initiate_auth(
            ClientId=backend_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={
                "USERNAME": stories["locked_out"],
                "PASSWORD": DEMO_PASSWORD,
                "SECRET_HASH": _secret_hash(stories["locked_out"], backend_id, secret),
            },
        )
    for username in stories["expired_invitations"] + stories["expiring_invitations"]:
        user = emu_cognito.admin_get_user(UserPoolId=acme, Username=username)
        age = datetime.now(UTC) - user["UserCreateDate"]
        expired = username in stories["expired_invitations"]
        assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
        assert (age > timedelta(days=7)) is expired, username
        assert age > timedelta(days=5), username
    linked = emu_cognito.admin_get_user(UserPoolId=acme, Username=stories["linked_identity"])
    identities = next(a["Value"] for a in linked["UserAttributes"] if a["Name"] == "identities")
    assert json.loads(identities)[0]["providerName"] == "AcmeSSO"
    federated = [user for user in every if user["UserStatus"] == "EXTERNAL_PROVIDER"]
    assert [user["Username"] for user in federated] == [stories["federated_only"]]

    # --- Field Service: MFA required by SMS only; one technician has no phone number
    field = summary["pools"][FIELD_POOL_NAME]
    mfa = emu_cognito.get_user_pool_mfa_config(UserPoolId=field)
    assert mfa["MfaConfiguration"] == "ON"
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is False
    phones = {
        user["Username"]: any(a["Name"] == "phone_number" for a in user["Attributes"])
        for user in all_users(emu_cognito, field)
    }
    assert [name for name, has in phones.items() if not has] == ["p.moreau"]

    # --- Partner Portal: optional MFA, a legacy MFAOptions user
    mfa = emu_cognito.get_user_pool_mfa_config(UserPoolId=partner)
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    partner_users = all_users(emu_cognito, partner)
    assert len(partner_users) == 15
    with_options = [
        user
        for user in partner_users
        if emu_cognito.admin_get_user(UserPoolId=partner, Username=user["Username"]).get(
            "MFAOptions"
        )
    ]
    assert len(with_options) == 1

    # --- idempotent
    again = load_demo(endpoint_url=emu_url)
    assert again["created"] is False
    assert again["pools"] == summary["pools"]
    names = [
        pool["Name"]
        for page in emu_cognito.get_paginator("list_user_pools").paginate(MaxResults=60)
        for pool in page["UserPools"]
    ]
    assert sorted(names) == sorted([ACME_POOL_NAME, PARTNER_POOL_NAME, FIELD_POOL_NAME])
    assert len(all_users(emu_cognito, acme)) == len(every)
