"""Fixtures for the Search tab: a pool with users, custom attributes and groups, and
its snapshot refreshed through the real refresh job against the embedded backend."""

from __future__ import annotations

import pytest

from console.cognito.pools import pool_get
from tests.jobs import run_all
from users.search import services
from users.search.models import Snapshot

USERS = {
    # username: (email, phone, tenant, groups)
    "ann": ("Ann.Lee@Example.com", "+15550100101", "acme-4711", ["admins", "staff"]),
    "bob": ("bob@example.org", "+15550100102", "acme-4712", ["staff"]),
    "carol": ("carol@example.com", "+447700900123", "globex-1", []),
    "dave": ("ann.lee@example.com", "", "globex-2", []),
}


def add(idp, pool_id, username, email, phone="", tenant="", groups=(), verified=True):
    attributes = [{"Name": "email", "Value": email}]
    if verified:
        attributes.append({"Name": "email_verified", "Value": "true"})
    if phone:
        attributes.append({"Name": "phone_number", "Value": phone})
    if tenant:
        attributes.append({"Name": "custom:tenant_id", "Value": tenant})
    idp.admin_create_user(
        UserPoolId=pool_id, Username=username, UserAttributes=attributes, MessageAction="SUPPRESS"
    )
    for group in groups:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)


@pytest.fixture
def search_pool(idp):
    pool_id = idp.create_user_pool(
        PoolName="Search pool",
        Schema=[{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]["Id"]
    for group in ("admins", "staff", "empty"):
        idp.create_group(UserPoolId=pool_id, GroupName=group)
    for username, (email, phone, tenant, groups) in USERS.items():
        add(idp, pool_id, username, email, phone, tenant, groups)
    return pool_id


def refreshed(pool_id: str, staff=None) -> Snapshot:
    """Turn the pool's snapshot on (or refresh it) and run the refresh to its end."""
    pool = pool_get(pool_id=pool_id)
    services.snapshot_enable(staff=staff, pool=pool)
    if services.snapshot_of(pool_id).generation:
        services.refresh_now(staff=staff, pool_id=pool_id, nonce="again")
    run_all()
    return Snapshot.objects.get(pool_id=pool_id)


@pytest.fixture
def snapshot(search_pool, admin):
    return refreshed(search_pool, admin)
