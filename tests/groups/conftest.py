"""Helpers for the groups tests: a pool with groups and members, built over HTTP."""

from __future__ import annotations

import pytest

ROLE = "arn:aws:iam::123456789012:role/{}"


def make_groups(idp, pool_id, groups, members=None):
    """groups: [(name, precedence or None, role suffix or None)]; members: {group: [user]}."""
    for name, precedence, role in groups:
        params = {"UserPoolId": pool_id, "GroupName": name}
        if precedence is not None:
            params["Precedence"] = precedence
        if role:
            params["RoleArn"] = ROLE.format(role)
        idp.create_group(**params)
    users = sorted({u for names in (members or {}).values() for u in names})
    for username in users:
        idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
    for group, names in (members or {}).items():
        for username in names:
            idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)


@pytest.fixture
def tied_pool(idp, pool_id):
    """Two groups tied at 5 with different roles, and users in various mixes."""
    make_groups(
        idp,
        pool_id,
        [
            ("admins", 0, "Admins"),
            ("support", 5, "Support"),
            ("billing", 5, "Billing"),
            ("readers", None, "Readers"),
            ("news", 20, None),
        ],
        {
            "admins": ["ann"],
            "support": ["ann", "bob", "cat", "dan"],
            "billing": ["bob", "cat", "eve"],
            "readers": ["fay", "dan"],
            "news": ["fay", "gus"],
        },
    )
    return pool_id
