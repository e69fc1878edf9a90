"""CreateUserPoolClient and UpdateUserPoolClient refuse what Amazon Cognito refuses.

Sources: the API reference for CreateUserPoolClient (AllowedOAuthFlows, CallbackURLs,
token validity ranges and units, AuthSessionValidity) and the service's messages as
users quote them (aws-sdk-js-v3#2650, cisagov/crossfeed#440, the CloudFormation guide
PR about "Invalid range for token validity").
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

OAUTH = {
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthScopes": ["openid"],
    "SupportedIdentityProviders": ["COGNITO"],
}


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = exc.value.response["Error"]
    return error["Code"], error["Message"]


@pytest.fixture
def pool_id(emu_cognito: Any) -> str:
    return emu_cognito.create_user_pool(PoolName="clients")["UserPool"]["Id"]


@pytest.fixture
def client_write(emu_cognito_unvalidated: Any, pool_id: str):
    """Create a client with `params`, or update an existing one with them (same rules)."""

    def write(mode: str, **params: Any) -> dict[str, Any]:
        cognito = emu_cognito_unvalidated
        if mode == "create":
            return cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="app", **params)[
                "UserPoolClient"
            ]
        existing = cognito.create_user_pool_client(
            UserPoolId=pool_id, ClientName="app", GenerateSecret=bool(params.get("GenerateSecret"))
        )["UserPoolClient"]
        params.pop("GenerateSecret", None)
        return cognito.update_user_pool_client(
            UserPoolId=pool_id, ClientId=existing["ClientId"], ClientName="app", **params
        )["UserPoolClient"]

    return write


MODES = pytest.mark.parametrize("mode", ["create", "update"])


@MODES
@pytest.mark.parametrize("other", [["code"], ["implicit"], ["code", "implicit"]])
def test_it_refuses_client_credentials_with_another_oauth_flow(client_write, mode, other):
    with pytest.raises(ClientError) as exc:
        client_write(
            mode,
            GenerateSecret=True,
            AllowedOAuthFlows=["client_credentials", *other],
            CallbackURLs=["https://app.example.com/cb"],
            **OAUTH,
        )
    assert error_of(exc) == (
        "InvalidOAuthFlowException",
        "client_credentials flow can not be selected along with code flow or implicit flow.",
    )


@MODES
def test_it_refuses_client_credentials_without_a_secret(client_write, mode):
    with pytest.raises(ClientError) as exc:
        client_write(mode, AllowedOAuthFlows=["client_credentials"], **OAUTH)
    assert error_of(exc) == (
        "InvalidOAuthFlowException",
        "client_credentials flow can not be selected if client does not have a client secret.",
    )


@MODES
def test_it_accepts_client_credentials_alone_with_a_secret(client_write, mode):
    client = client_write(
        mode, GenerateSecret=True, AllowedOAuthFlows=["client_credentials"], **OAUTH
    )
    assert client["AllowedOAuthFlows"] == ["client_credentials"]


@MODES
def test_it_refuses_the_code_flow_without_callback_urls(client_write, mode):
    with pytest.raises(ClientError) as exc:
        client_write(mode, AllowedOAuthFlows=["code"], **OAUTH)
    assert error_of(exc) == (
        "InvalidOAuthFlowException",
        "CallbackUrls can not be empty when code flow or implicit flow is selected",
    )


# ------------------------------------------------------------------ token validity
@MODES
@pytest.mark.parametrize(
    "params",
    [
        {"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}},
        {"AccessTokenValidity": 25},  # hours by default: more than a day
        {"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}},
        {"IdTokenValidity": 299, "TokenValidityUnits": {"IdToken": "seconds"}},
        {"IdTokenValidity": 1441, "TokenValidityUnits": {"IdToken": "minutes"}},
        {"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}},
        {"RefreshTokenValidity": 0},  # days by default
        {"RefreshTokenValidity": 3651},  # days: more than ten years
        {"RefreshTokenValidity": 87601, "TokenValidityUnits": {"RefreshToken": "hours"}},
    ],
)
def test_it_refuses_token_validity_outside_its_range(client_write, mode, params):
    with pytest.raises(ClientError) as exc:
        client_write(mode, **params)
    assert error_of(exc) == ("InvalidParameterException", "Invalid range for token validity.")


@MODES
@pytest.mark.parametrize(
    "params",
    [
        {"AccessTokenValidity": 5, "TokenValidityUnits": {"AccessToken": "minutes"}},
        {"AccessTokenValidity": 24},
        {"AccessTokenValidity": 1, "TokenValidityUnits": {"AccessToken": "days"}},
        {"IdTokenValidity": 300, "TokenValidityUnits": {"IdToken": "seconds"}},
        {"RefreshTokenValidity": 60, "TokenValidityUnits": {"RefreshToken": "minutes"}},
        {"RefreshTokenValidity": 3650},
        {"RefreshTokenValidity": 1},
    ],
)
def test_it_accepts_token_validity_at_its_limits(client_write, mode, params):
    client = client_write(mode, **params)
    for key, value in params.items():
        assert client[key] == value


@MODES
@pytest.mark.parametrize("minutes", [2, 16])
def test_it_refuses_an_auth_session_validity_outside_3_to_15_minutes(client_write, mode, minutes):
    with pytest.raises(ClientError) as exc:
        client_write(mode, AuthSessionValidity=minutes)
    code, message = error_of(exc)
    assert code == "InvalidParameterException"
    assert f"Value '{minutes}' at 'authSessionValidity' failed to satisfy constraint" in message


# ------------------------------------------------------------------ redirect URLs
@MODES
@pytest.mark.parametrize(
    "url",
    [
        "http://app.example.com/cb",
        "HTTP://APP.EXAMPLE.COM/cb",
        "http://localhost.evil.example/cb",
        "javascript:alert(1)",
        "JavaScript://example.com/%0Aalert(1)",
        "https://app.example.com/cb#fragment",
        "/relative/path",
    ],
)
@pytest.mark.parametrize("field", ["CallbackURLs", "LogoutURLs", "DefaultRedirectURI"])
def test_it_refuses_a_redirect_url_aws_refuses(client_write, mode, url, field):
    value: Any = url if field == "DefaultRedirectURI" else [url]
    params: dict[str, Any] = {field: value}
    if field != "CallbackURLs":
        params["CallbackURLs"] = ["https://app.example.com/cb"]
    with pytest.raises(ClientError) as exc:
        client_write(mode, **params)
    code, message = error_of(exc)
    assert code == "InvalidParameterException"
    assert message.startswith(f"Invalid {field}: {url} ")


@MODES
@pytest.mark.parametrize(
    "url",
    [
        "https://app.example.com/cb",
        "http://localhost/cb",
        "http://localhost:8080/cb",
        "http://127.0.0.1:5000/cb",
        "http://[::1]:5000/cb",
        "myapp://example",
    ],
)
def test_it_accepts_a_redirect_url_aws_accepts(client_write, mode, url):
    client = client_write(
        mode, CallbackURLs=[url], LogoutURLs=[url], AllowedOAuthFlows=["code"], **OAUTH
    )
    assert client["CallbackURLs"] == [url]
    assert client["LogoutURLs"] == [url]


@MODES
@pytest.mark.parametrize("name", ["sub", "custom:tenant"])
def test_it_refuses_writing_an_attribute_that_cannot_change(
    emu_cognito: Any, client_write, pool_id, mode, name
):
    emu_cognito.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[{"Name": "tenant", "AttributeDataType": "String", "Mutable": False}],
    )
    with pytest.raises(ClientError) as exc:
        client_write(mode, WriteAttributes=["email", name])
    verb = "creating" if mode == "create" else "updating"
    assert error_of(exc) == (
        "InvalidParameterException",
        f"Invalid write attributes specified while {verb} a client",
    )


@MODES
def test_it_takes_mutable_write_attributes(emu_cognito: Any, client_write, pool_id, mode):
    emu_cognito.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[{"Name": "team", "AttributeDataType": "String", "Mutable": True}],
    )
    client = client_write(mode, WriteAttributes=["email", "custom:team"], ReadAttributes=["sub"])
    assert client["WriteAttributes"] == ["email", "custom:team"]
