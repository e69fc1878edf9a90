"""The configuration document (console.cognito.configuration): every part, no secret,
a digest that moves with the configuration and only with it, and what it costs."""

from __future__ import annotations

import hashlib
import json

from console.cognito.configuration import canonical, configuration_get

from .conftest import IDP_SECRET


def test_it_holds_every_part_of_the_configuration(configured_pool):
    doc = configuration_get(pool_id=configured_pool).document
    assert doc["pool"]["Name"] == "Test pool"
    assert "custom:tenant_id" in doc["pool"]["SchemaAttributes"]
    assert doc["mfa"]["MfaConfiguration"] == "OFF"
    assert set(doc["clients"]) == {"web", "mobile"}
    assert doc["groups"]["admins"] == {"Description": "Admins", "Precedence": 1, "RoleArn": ""}
    assert doc["groups"]["staff"]["Precedence"] == 5
    assert doc["providers"]["Google"]["AttributeMapping"] == {"email": "email"}
    assert doc["providers"]["Google"]["ProviderDetails"]["client_id"] == "google-client"
    assert doc["domains"]["prefix"]["Domain"] == "history-tests-4711"
    assert doc["resource_servers"]["https://api.example.com"]["Scopes"] == {"read": "Read"}


def test_it_never_keeps_a_secret(configured_pool, idp):
    web = next(
        c
        for c in idp.list_user_pool_clients(UserPoolId=configured_pool)["UserPoolClients"]
        if c["ClientName"] == "web"
    )
    secret = idp.describe_user_pool_client(UserPoolId=configured_pool, ClientId=web["ClientId"])[
        "UserPoolClient"
    ]["ClientSecret"]
    config = configuration_get(pool_id=configured_pool)
    assert secret not in config.text and IDP_SECRET not in config.text
    assert "ClientSecret" not in config.document["clients"]["web"]
    assert config.document["providers"]["Google"]["ProviderDetails"]["client_secret"] == (
        "[redacted]"
    )
    # What it keeps of the client's secret: its ID and creation date only.
    [kept] = config.document["clients"]["web"]["ClientSecrets"]
    assert set(kept) == {"ClientSecretId", "ClientSecretCreateDate"}


def test_it_is_canonical_json_with_its_sha256(configured_pool):
    config = configuration_get(pool_id=configured_pool)
    assert config.text == json.dumps(
        json.loads(config.text), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert config.digest == hashlib.sha256(config.text.encode()).hexdigest()
    assert canonical(config.document) == config.text


def test_it_gives_the_same_digest_when_only_users_change(configured_pool, idp):
    before = configuration_get(pool_id=configured_pool)
    idp.admin_create_user(UserPoolId=configured_pool, Username="ann", MessageAction="SUPPRESS")
    after = configuration_get(pool_id=configured_pool)
    assert after.digest == before.digest
    assert "EstimatedNumberOfUsers" not in after.document["pool"]


def test_it_gives_another_digest_when_a_setting_changes(configured_pool, idp):
    before = configuration_get(pool_id=configured_pool)
    idp.update_group(UserPoolId=configured_pool, GroupName="staff", Precedence=6)
    after = configuration_get(pool_id=configured_pool)
    assert after.digest != before.digest
    assert after.document["groups"]["staff"]["Precedence"] == 6


def test_it_reads_fresh_not_from_the_cache(configured_pool, idp):
    configuration_get(pool_id=configured_pool)
    idp.update_group(UserPoolId=configured_pool, GroupName="admins", Precedence=2)
    assert (
        configuration_get(pool_id=configured_pool).document["groups"]["admins"]["Precedence"] == 2
    )


def test_it_costs_one_call_a_list_and_one_a_described_item(configured_pool):
    calls = configuration_get(pool_id=configured_pool).calls
    assert sorted(calls) == sorted(
        [
            "DescribeUserPool",
            "GetUserPoolMfaConfig",
            "GetLogDeliveryConfiguration",
            "DescribeUserPoolDomain",  # one domain
            "ListUserPoolClients",
            "DescribeUserPoolClient",  # web
            "DescribeUserPoolClient",  # mobile
            "ListUserPoolClientSecrets",  # web has a secret
            "ListGroups",
            "ListIdentityProviders",
            "DescribeIdentityProvider",  # Google
            "ListResourceServers",
        ]
    )


def test_it_names_a_second_client_of_the_same_name_apart(pool_id, idp):
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    assert set(configuration_get(pool_id=pool_id).document["clients"]) == {"web", "web (2)"}
