"""ListUsers and case-insensitive usernames answer as Amazon Cognito does (issue 10).

Sources: the API reference (ListUsers Filter and AttributesToGet,
UsernameConfigurationType), the facts file, and the SDK trackers named in
console/emulator/aws_rules.py.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

PASSWORD = "Passw0rd!long"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = exc.value.response["Error"]
    return error["Code"], error["Message"]


def names(response: dict[str, Any]) -> list[str]:
    return sorted(user["Username"] for user in response["Users"])


@pytest.fixture
def plain_pool(emu_cognito: Any) -> str:
    return emu_cognito.create_user_pool(PoolName="plain")["UserPool"]["Id"]


@pytest.fixture
def ci_pool(emu_cognito: Any) -> str:
    return emu_cognito.create_user_pool(
        PoolName="case-insensitive",
        AutoVerifiedAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
    )["UserPool"]["Id"]


def create(cognito: Any, pool_id: str, username: str, **attributes: str) -> None:
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()],
    )


# ------------------------------------------------------------------ AttributesToGet
def test_it_refuses_attributes_to_get_when_a_listed_user_lacks_one(emu_cognito, plain_pool):
    create(emu_cognito, plain_pool, "with", birthdate="1985-02-01")
    create(emu_cognito, plain_pool, "without")
    with pytest.raises(ClientError) as exc:
        emu_cognito.list_users(UserPoolId=plain_pool, AttributesToGet=["birthdate"])
    assert error_of(exc) == (
        "InvalidParameterException",
        "One or more requested attributes do not exist.",
    )


def test_it_answers_attributes_to_get_when_every_listed_user_has_them(emu_cognito, plain_pool):
    create(emu_cognito, plain_pool, "with", birthdate="1985-02-01")
    create(emu_cognito, plain_pool, "without")
    response = emu_cognito.list_users(
        UserPoolId=plain_pool, AttributesToGet=["birthdate"], Filter='username = "with"'
    )
    [user] = response["Users"]
    assert {a["Name"] for a in user["Attributes"]} == {"birthdate", "sub"}


def test_it_refuses_sub_in_attributes_to_get(emu_cognito, plain_pool):
    create(emu_cognito, plain_pool, "someone", email="someone@example.com")
    with pytest.raises(ClientError) as exc:
        emu_cognito.list_users(UserPoolId=plain_pool, AttributesToGet=["email", "sub"])
    assert error_of(exc) == ("InvalidParameterException", "Input fails to satisfy the constraints.")


# ------------------------------------------------------------------ filter values
@pytest.mark.parametrize(
    ("stored", "escaped", "prefix"),
    [
        ('Anna "Nan" Smith', 'Anna \\"Nan\\" Smith', 'Anna \\"N'),
        ("back\\slash", "back\\\\slash", "back\\\\"),
        ('ends with \\"', 'ends with \\\\\\"', "ends with \\\\"),
    ],
)
def test_it_unescapes_quotes_and_backslashes_in_filter_values(
    emu_cognito, plain_pool, stored, escaped, prefix
):
    create(emu_cognito, plain_pool, "target", name=stored)
    create(emu_cognito, plain_pool, "other", name="Someone else")
    exact = emu_cognito.list_users(UserPoolId=plain_pool, Filter=f'name = "{escaped}"')
    assert names(exact) == ["target"]
    started = emu_cognito.list_users(UserPoolId=plain_pool, Filter=f'name ^= "{prefix}"')
    assert names(started) == ["target"]


@pytest.mark.parametrize(
    "text",
    [
        'name = "unterminated',
        'name = "a" and given_name = "b"',
        "name = unquoted",
        'name == "x"',
        'name = "a"b"',
    ],
)
def test_it_refuses_a_filter_it_cannot_parse(emu_cognito, plain_pool, text):
    with pytest.raises(ClientError) as exc:
        emu_cognito.list_users(UserPoolId=plain_pool, Filter=text)
    assert error_of(exc) == ("InvalidParameterException", "Error while parsing filter.")


def test_it_refuses_a_custom_attribute_filter(emu_cognito, plain_pool):
    with pytest.raises(ClientError) as exc:
        emu_cognito.list_users(UserPoolId=plain_pool, Filter='custom:plan = "gold"')
    assert error_of(exc)[0] == "InvalidParameterException"


def test_it_filters_on_status_and_user_status_and_prefix(emu_cognito, plain_pool):
    create(emu_cognito, plain_pool, "alice")
    create(emu_cognito, plain_pool, "albert")
    create(emu_cognito, plain_pool, "bob")
    emu_cognito.admin_disable_user(UserPoolId=plain_pool, Username="bob")
    emu_cognito.admin_set_user_password(
        UserPoolId=plain_pool, Username="alice", Password=PASSWORD, Permanent=True
    )
    assert names(emu_cognito.list_users(UserPoolId=plain_pool, Filter='status = "Disabled"')) == [
        "bob"
    ]
    assert names(emu_cognito.list_users(UserPoolId=plain_pool, Filter='status = "Enabled"')) == [
        "albert",
        "alice",
    ]
    confirmed = emu_cognito.list_users(
        UserPoolId=plain_pool, Filter='cognito:user_status = "CONFIRMED"'
    )
    assert names(confirmed) == ["alice"]
    assert names(emu_cognito.list_users(UserPoolId=plain_pool, Filter='username ^= "al"')) == [
        "albert",
        "alice",
    ]


def test_it_keeps_username_filters_case_sensitive_in_a_case_sensitive_pool(emu_cognito, plain_pool):
    create(emu_cognito, plain_pool, "Casey.Dup")
    response = emu_cognito.list_users(UserPoolId=plain_pool, Filter='username = "casey.dup"')
    assert names(response) == []
    emu_cognito.admin_create_user(UserPoolId=plain_pool, Username="casey.dup")
    assert len(emu_cognito.list_users(UserPoolId=plain_pool)["Users"]) == 2


# ------------------------------------------------------------------ case-insensitive pools
def test_it_finds_a_user_of_a_case_insensitive_pool_in_any_case(emu_cognito, ci_pool):
    create(emu_cognito, ci_pool, "Casey.Dup", email="casey@example.com")
    for spelling in ("casey.dup", "CASEY.DUP", "Casey.Dup", "cASEY.dUP"):
        user = emu_cognito.admin_get_user(UserPoolId=ci_pool, Username=spelling)
        assert user["Username"] == "Casey.Dup"


def test_it_refuses_a_duplicate_that_differs_only_by_case(emu_cognito, ci_pool):
    create(emu_cognito, ci_pool, "Casey.Dup")
    with pytest.raises(ClientError) as exc:
        create(emu_cognito, ci_pool, "casey.dup")
    assert error_of(exc) == ("UsernameExistsException", "User account already exists")
    assert names(emu_cognito.list_users(UserPoolId=ci_pool)) == ["Casey.Dup"]


def test_it_applies_every_admin_user_operation_in_any_case(emu_cognito, ci_pool):
    create(emu_cognito, ci_pool, "Casey.Dup", email="casey@example.com")
    emu_cognito.create_group(UserPoolId=ci_pool, GroupName="support")
    emu_cognito.admin_add_user_to_group(
        UserPoolId=ci_pool, Username="CASEY.DUP", GroupName="support"
    )
    members = emu_cognito.list_users_in_group(UserPoolId=ci_pool, GroupName="support")
    assert [u["Username"] for u in members["Users"]] == ["Casey.Dup"]
    groups = emu_cognito.admin_list_groups_for_user(UserPoolId=ci_pool, Username="casey.DUP")
    assert [g["GroupName"] for g in groups["Groups"]] == ["support"]
    emu_cognito.admin_update_user_attributes(
        UserPoolId=ci_pool, Username="casey.dup", UserAttributes=[{"Name": "name", "Value": "C"}]
    )
    emu_cognito.admin_disable_user(UserPoolId=ci_pool, Username="CASEY.dup")
    user = emu_cognito.admin_get_user(UserPoolId=ci_pool, Username="Casey.Dup")
    assert user["Enabled"] is False
    assert {"Name": "name", "Value": "C"} in user["UserAttributes"]
    emu_cognito.admin_remove_user_from_group(
        UserPoolId=ci_pool, Username="casey.dup", GroupName="support"
    )
    emu_cognito.admin_delete_user(UserPoolId=ci_pool, Username="CASEY.DUP")
    assert emu_cognito.list_users(UserPoolId=ci_pool)["Users"] == []
    # The name is free again, in any case.
    create(emu_cognito, ci_pool, "casey.dup")
    assert names(emu_cognito.list_users(UserPoolId=ci_pool)) == ["casey.dup"]


def test_it_filters_usernames_of_a_case_insensitive_pool_in_any_case(emu_cognito, ci_pool):
    create(emu_cognito, ci_pool, "Casey.Dup")
    create(emu_cognito, ci_pool, "carol")
    exact = emu_cognito.list_users(UserPoolId=ci_pool, Filter='username = "CASEY.DUP"')
    assert names(exact) == ["Casey.Dup"]
    prefix = emu_cognito.list_users(UserPoolId=ci_pool, Filter='username ^= "CA"')
    assert names(prefix) == ["Casey.Dup", "carol"]


def test_it_pages_a_case_insensitive_username_filter(emu_cognito, ci_pool):
    for index in range(5):
        create(emu_cognito, ci_pool, f"User{index}")
    first = emu_cognito.list_users(UserPoolId=ci_pool, Filter='username ^= "user"', Limit=3)
    assert len(first["Users"]) == 3
    second = emu_cognito.list_users(
        UserPoolId=ci_pool,
        Filter='username ^= "user"',
        Limit=3,
        PaginationToken=first["PaginationToken"],
    )
    assert "PaginationToken" not in second
    assert names(first) + names(second) == [f"User{i}" for i in range(5)]


def test_it_signs_in_a_user_of_a_case_insensitive_pool_in_any_case(emu_cognito, ci_pool):
    create(emu_cognito, ci_pool, "Casey.Dup")
    emu_cognito.admin_set_user_password(
        UserPoolId=ci_pool, Username="casey.dup", Password=PASSWORD, Permanent=True
    )
    client_id = emu_cognito.create_user_pool_client(
        UserPoolId=ci_pool,
        ClientName="app",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
    )["UserPoolClient"]["ClientId"]
    admin = emu_cognito.admin_initiate_auth(
        UserPoolId=ci_pool,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "CASEY.DUP", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    public = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "casey.dup", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    for result in (admin, public):
        payload = result["IdToken"].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        assert claims["cognito:username"] == "Casey.Dup"
        # The access token works, and signing out in another case revokes it.
        assert emu_cognito.get_user(AccessToken=result["AccessToken"])["Username"] == "Casey.Dup"
    emu_cognito.admin_user_global_sign_out(UserPoolId=ci_pool, Username="cAsEy.DuP")
    with pytest.raises(ClientError) as exc:
        emu_cognito.get_user(AccessToken=admin["AccessToken"])
    assert error_of(exc)[0] == "NotAuthorizedException"


def test_it_keeps_username_configuration_when_the_pool_is_updated(emu_cognito, ci_pool):
    emu_cognito.update_user_pool(UserPoolId=ci_pool, AutoVerifiedAttributes=["email"])
    pool = emu_cognito.describe_user_pool(UserPoolId=ci_pool)["UserPool"]
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    create(emu_cognito, ci_pool, "Casey.Dup")
    assert emu_cognito.admin_get_user(UserPoolId=ci_pool, Username="CASEY.DUP")["Username"] == (
        "Casey.Dup"
    )


def test_it_matches_the_email_username_of_a_case_insensitive_pool_in_any_case(emu_cognito):
    pool_id = emu_cognito.create_user_pool(
        PoolName="email usernames",
        UsernameAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
    )["UserPool"]["Id"]
    emu_cognito.admin_create_user(
        UserPoolId=pool_id, Username="Ann@Example.com", MessageAction="SUPPRESS"
    )
    user = emu_cognito.admin_get_user(UserPoolId=pool_id, Username="ann@EXAMPLE.COM")
    assert {"Name": "email", "Value": "Ann@Example.com"} in user["UserAttributes"]
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_create_user(UserPoolId=pool_id, Username="ANN@example.com")
    assert error_of(exc) == ("UsernameExistsException", "User account already exists")

    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="ann@example.com", Password=PASSWORD, Permanent=True
    )
    client_id = emu_cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    result = emu_cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ANN@EXAMPLE.COM", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    payload = result["IdToken"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["email"] == "Ann@Example.com"


def test_it_keeps_email_usernames_case_sensitive_in_a_case_sensitive_pool(emu_cognito):
    pool_id = emu_cognito.create_user_pool(
        PoolName="email usernames", UsernameAttributes=["email"]
    )["UserPool"]["Id"]
    emu_cognito.admin_create_user(
        UserPoolId=pool_id, Username="Ann@Example.com", MessageAction="SUPPRESS"
    )
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_get_user(UserPoolId=pool_id, Username="ann@example.com")
    assert error_of(exc)[0] == "UserNotFoundException"
