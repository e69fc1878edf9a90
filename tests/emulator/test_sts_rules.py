"""STS AssumeRole refuses as AWS does (console/emulator/sts_rules.py): a role that does
not exist, a trust policy that does not name the caller, an external ID that differs
or is missing; OrganizationAccountAccessRole is the emulator's organization's. Through
the console, a connection whose role is refused shows that on its own pages only."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from console.connections.models import Connection
from console.emulator.accounts import account_client, provision_console_role, trust_policy

from .conftest import REGION

OTHER = "222222222222"
THIRD = "333333333333"
ROLE = f"arn:aws:iam::{OTHER}:role/CognitoConsole"


def _client(service: str, url: str, credentials: dict[str, str] | None = None) -> Any:
    keys = credentials or {"AccessKeyId": "testing", "SecretAccessKey": "testing"}
    return boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys.get("SessionToken"),
    )


def _assume(url: str, role_arn: str, credentials=None, **extra: Any) -> dict[str, str]:
    sts = _client("sts", url, credentials)
    return sts.assume_role(RoleArn=role_arn, RoleSessionName="tests", **extra)["Credentials"]


def _refusal(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[int, str, str]:
    response = excinfo.value.response
    error = response["Error"]
    return response["ResponseMetadata"]["HTTPStatusCode"], error["Code"], error["Message"]


@pytest.fixture
def console_role(emu_url: str) -> str:
    return provision_console_role(emu_url, OTHER, "CognitoConsole", "123456789012", "ext-123")


def test_it_refuses_a_role_that_does_not_exist(emu_url):
    with pytest.raises(ClientError) as excinfo:
        _assume(emu_url, f"arn:aws:iam::{OTHER}:role/Nobody", ExternalId="ext-123")
    assert _refusal(excinfo) == (
        403,
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: "
        f"sts:AssumeRole on resource: arn:aws:iam::{OTHER}:role/Nobody",
    )


def test_it_refuses_a_role_of_that_name_in_another_account(emu_url, console_role):
    with pytest.raises(ClientError) as excinfo:
        _assume(emu_url, f"arn:aws:iam::{THIRD}:role/CognitoConsole", ExternalId="ext-123")
    assert _refusal(excinfo)[1] == "AccessDenied"


def test_it_allows_the_trusted_account_with_the_external_id(emu_url, console_role):
    assert console_role == ROLE
    credentials = _assume(emu_url, ROLE, ExternalId="ext-123")
    identity = _client("sts", emu_url, credentials).get_caller_identity()
    assert identity["Account"] == OTHER
    assert identity["Arn"] == f"arn:aws:sts::{OTHER}:assumed-role/CognitoConsole/tests"
    # The credentials reach that account's pools, not the default account's.
    other = _client("cognito-idp", emu_url, credentials)
    pool_id = other.create_user_pool(PoolName="In 222")["UserPool"]["Id"]
    mine = _client("cognito-idp", emu_url).list_user_pools(MaxResults=60)["UserPools"]
    assert pool_id not in {pool["Id"] for pool in mine}


def test_it_refuses_a_wrong_external_id(emu_url, console_role):
    with pytest.raises(ClientError) as excinfo:
        _assume(emu_url, ROLE, ExternalId="ext-999")
    status, code, message = _refusal(excinfo)
    assert (status, code) == (403, "AccessDenied")
    assert message.endswith(f"sts:AssumeRole on resource: {ROLE}")


def test_it_refuses_a_missing_external_id(emu_url, console_role):
    with pytest.raises(ClientError) as excinfo:
        _assume(emu_url, ROLE)
    assert _refusal(excinfo)[:2] == (403, "AccessDenied")


def test_it_refuses_an_account_the_trust_policy_does_not_name(emu_url):
    provision_console_role(emu_url, OTHER, "CognitoConsole", THIRD, "ext-123")
    with pytest.raises(ClientError) as excinfo:
        _assume(emu_url, ROLE, ExternalId="ext-123")
    assert _refusal(excinfo)[:2] == (403, "AccessDenied")


def test_it_allows_a_role_without_an_external_id_condition_whatever_is_sent(emu_url):
    provision_console_role(emu_url, OTHER, "Open", "123456789012", "")
    arn = f"arn:aws:iam::{OTHER}:role/Open"
    assert _assume(emu_url, arn)["AccessKeyId"]
    assert _assume(emu_url, arn, ExternalId="anything")["AccessKeyId"]


def test_it_lets_the_management_account_assume_organization_account_access_role(emu_url):
    credentials = _assume(emu_url, f"arn:aws:iam::{THIRD}:role/OrganizationAccountAccessRole")
    assert _client("sts", emu_url, credentials).get_caller_identity()["Account"] == THIRD


def test_it_keeps_organization_account_access_role_to_the_management_account(emu_url):
    # A session in a member account is not the management account.
    member = _assume(emu_url, f"arn:aws:iam::{OTHER}:role/OrganizationAccountAccessRole")
    with pytest.raises(ClientError) as excinfo:
        _assume(emu_url, f"arn:aws:iam::{THIRD}:role/OrganizationAccountAccessRole", member)
    assert _refusal(excinfo)[2] == (
        f"User: arn:aws:sts::{OTHER}:assumed-role/OrganizationAccountAccessRole/tests is not "
        "authorized to perform: sts:AssumeRole on resource: "
        f"arn:aws:iam::{THIRD}:role/OrganizationAccountAccessRole"
    )
    # The management account has no such role of its own.
    with pytest.raises(ClientError):
        _assume(emu_url, "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole")


def test_it_evaluates_a_real_organization_account_access_role_like_any_role(emu_url):
    iam = account_client("iam", endpoint_url=emu_url, account_id=OTHER)
    iam.create_role(
        RoleName="OrganizationAccountAccessRole",
        AssumeRolePolicyDocument=json.dumps(trust_policy(THIRD, "")),
    )
    with pytest.raises(ClientError):
        _assume(emu_url, f"arn:aws:iam::{OTHER}:role/OrganizationAccountAccessRole")


def test_it_lets_a_role_trust_a_role_of_another_account(emu_url):
    """Principal: a role ARN names that role's sessions, not its whole account."""
    admin = account_client("iam", endpoint_url=emu_url, account_id=OTHER)
    admin.create_role(
        RoleName="Deployer",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {
                            "AWS": [f"arn:aws:iam::{THIRD}:role/ci/Pipeline", "111111111111"]
                        },
                        "Action": ["sts:Assume*"],
                    }
                ],
            }
        ),
    )
    deployer = f"arn:aws:iam::{OTHER}:role/Deployer"
    with pytest.raises(ClientError):  # 123456789012 is not named
        _assume(emu_url, deployer)
    third = account_client("iam", endpoint_url=emu_url, account_id=THIRD)
    third.create_role(
        RoleName="Pipeline",
        Path="/ci/",
        AssumeRolePolicyDocument=json.dumps(trust_policy("123456789012", "")),
    )
    pipeline = _assume(emu_url, f"arn:aws:iam::{THIRD}:role/ci/Pipeline")
    assert _assume(emu_url, deployer, pipeline)["AccessKeyId"]


def test_it_lets_a_deny_statement_win(emu_url):
    policy = trust_policy("123456789012", "")
    policy["Statement"].append(
        {
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringLike": {"sts:ExternalId": "blocked-*"}},
        }
    )
    iam = account_client("iam", endpoint_url=emu_url, account_id=OTHER)
    iam.create_role(RoleName="Guarded", AssumeRolePolicyDocument=json.dumps(policy))
    arn = f"arn:aws:iam::{OTHER}:role/Guarded"
    assert _assume(emu_url, arn, ExternalId="fine")["AccessKeyId"]
    with pytest.raises(ClientError):
        _assume(emu_url, arn, ExternalId="blocked-1")


def test_it_does_not_apply_a_statement_with_a_condition_it_cannot_evaluate(emu_url):
    policy = trust_policy("123456789012", "")
    policy["Statement"][0]["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    iam = account_client("iam", endpoint_url=emu_url, account_id=OTHER)
    iam.create_role(RoleName="NeedsMfa", AssumeRolePolicyDocument=json.dumps(policy))
    with pytest.raises(ClientError):
        _assume(emu_url, f"arn:aws:iam::{OTHER}:role/NeedsMfa")


def test_it_provisions_the_same_role_twice_as_once(emu_url, console_role):
    again = provision_console_role(emu_url, OTHER, "CognitoConsole", "123456789012", "ext-123")
    assert again == console_role
    assert _assume(emu_url, ROLE, ExternalId="ext-123")["AccessKeyId"]
    # A second call with another external ID replaces the condition.
    provision_console_role(emu_url, OTHER, "CognitoConsole", "123456789012", "ext-456")
    with pytest.raises(ClientError):
        _assume(emu_url, ROLE, ExternalId="ext-123")
    assert _assume(emu_url, ROLE, ExternalId="ext-456")["AccessKeyId"]


# --- through the console --------------------------------------------------------------
@pytest.fixture
def refused_connection(db, other_role):
    """A connection to the same role as `other_connection`, with a wrong external ID."""
    return Connection.objects.create(
        slug="wrong",
        name="Wrong external ID",
        account_id=OTHER,
        role_arn=other_role,
        external_id="not-the-one",
        environment=Connection.Environment.STAGING,
    )


def test_it_shows_a_refused_role_on_that_connections_pages_only(
    admin_client, pool_id, other_connection, other_pool_id, refused_connection
):
    for page in (f"/c/wrong/pools/{other_pool_id}/", f"/c/wrong/pools/{other_pool_id}/users/"):
        response = admin_client.get(page)
        assert response.status_code == 403, page
        body = response.content.decode()
        assert "role could not be assumed" in body
        assert f"could not assume the role {other_connection.role_arn}" in body
        assert "“Wrong external ID”" in body
        assert "is not authorized to perform: sts:AssumeRole" in body
    # The other connections' pages work as before.
    default = admin_client.get(f"/pools/{pool_id}/")
    assert default.status_code == 200
    assert b"Test pool" in default.content
    prod = admin_client.get(f"/c/prod/pools/{other_pool_id}/")
    assert prod.status_code == 200
    assert b"Prod pool" in prod.content


def test_it_lists_the_other_connections_pools_beside_a_refused_one(
    admin_client, pool_id, other_connection, other_pool_id, refused_connection
):
    response = admin_client.get("/pools/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Test pool" in body and "Prod pool" in body
    assert "is not authorized to perform: sts:AssumeRole" in body
