"""Fixtures for the user pages: a pool with a few users with odd names."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

ODD_NAMES = ["ops/alice", "q?x#1", "100%+sure", "a&b@example.com", "zoë/李", "new", ".."]


@pytest.fixture
def users_pool(idp):
    """A pool with email required, a custom attribute and a password policy."""
    pool_id = idp.create_user_pool(
        PoolName="Users test pool",
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 10,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": False,
            }
        },
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True},
            {"Name": "employee_no", "AttributeDataType": "String", "Mutable": False},
        ],
    )["UserPool"]["Id"]
    return pool_id


def add_user(idp, pool_id, username, email=None, **attrs):
    attributes = [{"Name": "email", "Value": email or f"{abs(hash(username))}@example.com"}]
    attributes += [{"Name": k.replace("__", ":"), "Value": v} for k, v in attrs.items()]
    idp.admin_create_user(
        UserPoolId=pool_id, Username=username, UserAttributes=attributes, MessageAction="SUPPRESS"
    )
    return username


@pytest.fixture
def odd_users(idp, users_pool):
    for name in ODD_NAMES:
        add_user(idp, users_pool, name)
    return ODD_NAMES


def list_filter_of(client, pool_id: str, **params) -> str:
    """The bulk form's signed `list_filter`, as the users list with `params` renders it."""
    import re

    from django.urls import reverse

    page = client.get(reverse("users:list", kwargs={"pool_id": pool_id}), params)
    found = re.search(r'name="list_filter" value="([^"]*)"', page.content.decode())
    assert found, "the list has no bulk form"
    return found.group(1)


def create_users(idp, pool_id: str, names: list[str]) -> None:
    """Create the users `names` (no message sent), ten at a time."""
    with ThreadPoolExecutor(10) as pool:
        list(
            pool.map(
                lambda name: idp.admin_create_user(
                    UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS"
                ),
                names,
            )
        )
