"""User attribute values are refused where Amazon Cognito refuses them (issue 10).

AdminCreateUser, SignUp, AdminUpdateUserAttributes and UpdateUserAttributes answer
InvalidParameterException:
- "Invalid phone number format." for a phone_number that is not `+`, a country code
  and digits (the service's message, quoted in amazon-cognito-identity-js#316 and
  aws-amplify/amplify-js#8274; the rule is console.cognito.attribute_values');
- "Invalid email address format." for an email without `@`, without a domain, or
  with whitespace (only what AWS's documented "@ symbol and domain" rules out);
- "Attributes did not conform to the schema: birthdate: String must be no shorter
  than 10 characters" (or "no longer than") for a String attribute outside its
  schema's length constraints (aws-amplify/amplify-flutter#2034,
  aws-amplify/amplify-ui#4356). AWS checks the birthdate's length, not its format.
Values AWS accepts are accepted, and nothing is stored when a call is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

PASSWORD = "Passw0rd!long"
PHONE = "Invalid phone number format."
EMAIL = "Invalid email address format."
SCHEMA = "Attributes did not conform to the schema: "
SHORT = SCHEMA + "birthdate: String must be no shorter than 10 characters"
LONG = SCHEMA + "birthdate: String must be no longer than 10 characters"

REFUSED = [
    ("phone_number", "2065551212", PHONE),  # no +
    ("phone_number", "+1 206 555 1212", PHONE),  # spaces
    ("phone_number", "+1-206-555-1212", PHONE),  # dashes
    ("phone_number", "+1(206)5551212", PHONE),  # parentheses
    ("phone_number", "+", PHONE),
    ("phone_number", "+012065551212", PHONE),  # a country code cannot start with 0
    ("phone_number", "+1206555121234567", PHONE),  # 16 digits, more than E.164 has
    ("email", "casey.example.com", EMAIL),  # no @
    ("email", "casey@", EMAIL),  # no domain
    ("email", "casey @example.com", EMAIL),  # a space
    ("email", "casey@example.com ", EMAIL),  # a trailing space
    ("email", "casey@exa\tmple.com", EMAIL),  # a tab
    ("birthdate", "1985-2-1", SHORT),
    ("birthdate", "02/01/85", SHORT),
    ("birthdate", "1985-02-01T00:00", LONG),
]
ACCEPTED = [
    ("phone_number", "+12065551212"),
    ("phone_number", "+4930123456"),
    ("phone_number", "+683401234"),  # Niue: 3-digit country code, 4 digits
    ("phone_number", "+120655512123456"),  # 15 digits, E.164's maximum
    ("email", "casey@example.com"),
    ("email", "casey+tag@mail.example.co.uk"),
    # Stricter rules are the console's choice, not AWS's: these go through.
    ("email", "casey@localhost"),
    ("email", "ca..sey@example.com"),
    ("email", "josé@exämple.com"),
    ("birthdate", "1985-02-01"),
    ("birthdate", "0000-02-01"),  # OpenID Connect: year 0000 means "omitted"
    ("birthdate", "1985/02/01"),  # 10 characters: AWS checks only the length
]


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = exc.value.response["Error"]
    return error["Code"], error["Message"]


@pytest.fixture
def pool(emu_cognito: Any) -> dict[str, str]:
    """A default pool (moto's standard schema: birthdate 10..10 characters), an app
    client for SignUp and admin sign-in, and a confirmed user `ann` with a token."""
    pool_id = emu_cognito.create_user_pool(PoolName="values")["UserPool"]["Id"]
    client_id = emu_cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="app",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    emu_cognito.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    emu_cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="ann", Password=PASSWORD, Permanent=True
    )
    token = emu_cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    return {"pool_id": pool_id, "client_id": client_id, "token": token}


def _attrs(name: str, value: str) -> list[dict[str, str]]:
    return [{"Name": name, "Value": value}]


def admin_create(cognito: Any, pool: dict[str, str], name: str, value: str) -> str:
    cognito.admin_create_user(
        UserPoolId=pool["pool_id"],
        Username="new-user",
        MessageAction="SUPPRESS",
        UserAttributes=_attrs(name, value),
    )
    return "new-user"


def sign_up(cognito: Any, pool: dict[str, str], name: str, value: str) -> str:
    cognito.sign_up(
        ClientId=pool["client_id"],
        Username="new-user",
        Password=PASSWORD,
        UserAttributes=_attrs(name, value),
    )
    return "new-user"


def admin_update(cognito: Any, pool: dict[str, str], name: str, value: str) -> str:
    cognito.admin_update_user_attributes(
        UserPoolId=pool["pool_id"], Username="ann", UserAttributes=_attrs(name, value)
    )
    return "ann"


def self_update(cognito: Any, pool: dict[str, str], name: str, value: str) -> str:
    cognito.update_user_attributes(AccessToken=pool["token"], UserAttributes=_attrs(name, value))
    return "ann"


CALLS: list[Callable[[Any, dict[str, str], str, str], str]] = [
    admin_create,
    sign_up,
    admin_update,
    self_update,
]


def stored(cognito: Any, pool: dict[str, str], username: str) -> dict[str, str] | None:
    try:
        user = cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=username)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "UserNotFoundException":
            return None
        raise
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("name", "value", "message"), REFUSED)
def test_it_refuses_a_value_aws_refuses(emu_cognito, pool, call, name, value, message):
    with pytest.raises(ClientError) as exc:
        call(emu_cognito, pool, name, value)
    assert error_of(exc) == ("InvalidParameterException", message)
    # Nothing was stored: no new user, and ann keeps the attributes she had.
    assert stored(emu_cognito, pool, "new-user") is None
    assert name not in (stored(emu_cognito, pool, "ann") or {})


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("name", "value"), ACCEPTED)
def test_it_accepts_a_value_aws_accepts(emu_cognito, pool, call, name, value):
    username = call(emu_cognito, pool, name, value)
    assert (stored(emu_cognito, pool, username) or {}).get(name) == value


def test_it_names_the_first_bad_value_and_checks_every_attribute(emu_cognito, pool):
    good = {"Name": "email", "Value": "casey@example.com"}
    with pytest.raises(ClientError) as exc:
        emu_cognito.admin_create_user(
            UserPoolId=pool["pool_id"],
            Username="new-user",
            MessageAction="SUPPRESS",
            UserAttributes=[good, {"Name": "phone_number", "Value": "555-1212"}],
        )
    assert error_of(exc) == ("InvalidParameterException", PHONE)


def test_it_checks_a_string_attribute_against_the_pools_own_schema(emu_cognito):
    """The length rule is the schema's StringAttributeConstraints, custom attributes too."""
    pool_id = emu_cognito.create_user_pool(
        PoolName="custom",
        Schema=[
            {
                "Name": "tenant",
                "AttributeDataType": "String",
                "Mutable": True,
                "StringAttributeConstraints": {"MinLength": "3", "MaxLength": "5"},
            }
        ],
    )["UserPool"]["Id"]

    def create(value: str) -> None:
        emu_cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=f"u-{value}",
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "custom:tenant", "Value": value}],
        )

    for value, bound in (("ab", "no shorter than 3"), ("abcdef", "no longer than 5")):
        with pytest.raises(ClientError) as exc:
            create(value)
        assert error_of(exc) == (
            "InvalidParameterException",
            f"{SCHEMA}custom:tenant: String must be {bound} characters",
        )
    create("abc")
    create("abcde")
