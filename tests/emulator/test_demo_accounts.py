"""The demo's other AWS accounts (console/emulator/demo.py `load_accounts`) and their
Connection rows (`manage.py demo`'s `demo_connections`): each account's pool, reached
by the console's role there, opens under its connection; a second run changes nothing."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.management.base import CommandError

from console.connections.models import Connection
from console.emulator.accounts import role_client
from console.emulator.demo import (
    DEVELOPMENT_NAME,
    PRODUCTION,
    STAGING,
    load_accounts,
)
from console.management.commands.demo import demo_connections

from .conftest import REGION


def _pools(cognito) -> dict[str, str]:
    return {p["Name"]: p["Id"] for p in cognito.list_user_pools(MaxResults=60)["UserPools"]}


def test_it_loads_a_pool_in_each_other_account_through_its_role(emu_url, emu_cognito):
    loaded = load_accounts(endpoint_url=emu_url)
    assert [a["slug"] for a in loaded] == ["prod", "staging"]
    prod = loaded[0]
    assert (prod["account_id"], prod["environment"], prod["created"]) == (
        "222222222222",
        "production",
        True,
    )
    assert prod["role_arn"] == "arn:aws:iam::222222222222:role/CognitoConsole"
    assert prod["external_id"] == PRODUCTION.external_id
    pool_id = prod["pools"][PRODUCTION.pool_name]

    # Only the role with its external ID reaches the account.
    sts = boto3.client(
        "sts",
        endpoint_url=emu_url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with pytest.raises(ClientError):
        sts.assume_role(RoleArn=prod["role_arn"], RoleSessionName="tests")
    cognito = role_client(
        "cognito-idp",
        endpoint_url=emu_url,
        role_arn=prod["role_arn"],
        external_id=prod["external_id"],
    )
    assert _pools(cognito) == {PRODUCTION.pool_name: pool_id}
    # Each account keeps its pools: the default account has none of them.
    assert PRODUCTION.pool_name not in _pools(emu_cognito)
    assert STAGING.pool_name not in _pools(emu_cognito)

    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["DeletionProtection"] == "ACTIVE"
    assert pool["UserPoolTags"]["environment"] == "production"
    users = cognito.list_users(UserPoolId=pool_id)["Users"]
    assert len(users) == PRODUCTION.users == 40
    assert {u["UserStatus"] for u in users} >= {"CONFIRMED", "UNCONFIRMED"}
    groups = {g["GroupName"]: g for g in cognito.list_groups(UserPoolId=pool_id)["Groups"]}
    assert groups["admins"]["Precedence"] == 0
    assert groups["admins"]["RoleArn"] == "arn:aws:iam::222222222222:role/AcmeAdmins"
    members = cognito.list_users_in_group(UserPoolId=pool_id, GroupName="admins")["Users"]
    assert len(members) == 2
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"]
    assert [c["ClientName"] for c in clients] == ["acme-web"]

    staging = loaded[1]
    assert (staging["account_id"], staging["environment"]) == ("333333333333", "staging")

    # A second run finds what is there.
    again = load_accounts(endpoint_url=emu_url)
    assert [a["created"] for a in again] == [False, False]
    assert [a["pools"] for a in again] == [a["pools"] for a in loaded]
    assert _pools(cognito) == {PRODUCTION.pool_name: pool_id}


def test_it_makes_the_connections_and_opens_each_accounts_pool(admin_client, cognito_server):
    loaded = load_accounts(endpoint_url=cognito_server)
    rows = demo_connections(loaded)
    assert [(r.slug, r.name, r.account_id, r.environment) for r in rows] == [
        ("default", DEVELOPMENT_NAME, "123456789012", "development"),
        ("prod", "Production (demo)", "222222222222", "production"),
        ("staging", "Staging (demo)", "333333333333", "staging"),
    ]
    prod = Connection.objects.get(slug="prod")
    assert prod.is_production
    assert (prod.role_arn, prod.external_id) == (PRODUCTION.role_arn, PRODUCTION.external_id)
    stamps = dict(Connection.objects.values_list("slug", "updated"))

    # A second run (the backend restarted: the same role, the same names) writes nothing.
    assert [r.pk for r in demo_connections(load_accounts(endpoint_url=cognito_server))] == [
        r.pk for r in rows
    ]
    assert dict(Connection.objects.values_list("slug", "updated")) == stamps

    for account, prefix in ((loaded[0], "/c/prod"), (loaded[1], "/c/staging")):
        ((name, pool_id),) = account["pools"].items()
        response = admin_client.get(f"{prefix}/pools/{pool_id}/users/")
        assert response.status_code == 200, prefix
        assert name.encode() in response.content
    listing = admin_client.get("/pools/").content.decode()
    assert PRODUCTION.pool_name in listing and STAGING.pool_name in listing


def test_it_refuses_a_name_another_connection_has(db):
    Connection.objects.create(slug="other", name=PRODUCTION.name)
    account = {
        "slug": PRODUCTION.slug,
        "name": PRODUCTION.name,
        "account_id": PRODUCTION.account_id,
        "environment": PRODUCTION.environment,
        "role_arn": PRODUCTION.role_arn,
        "external_id": PRODUCTION.external_id,
    }
    with pytest.raises(CommandError, match="rename it on the Connections page"):
        demo_connections([account])
    assert not Connection.objects.filter(slug="prod").exists()
