"""The app client form refuses, in its own words, every client setting Cognito refuses
(the rules console/emulator/aws_rules.py gives the backend, as AWS has them):
the kind "the form passes what Cognito refuses" (finding 5 of issue 10).

Each case is checked twice: Cognito (the emulator) refuses the settings, and the form
refuses the same values first, naming the field, the value and the rule, so Cognito's
own message never reaches the page and nothing is written."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from console.models import AuditEvent

from .conftest import form_values

BASE = {
    "name": "Rules",
    "refresh_validity": "30",
    "refresh_unit": "days",
    "access_unit": "hours",
    "id_unit": "hours",
    "token_revocation": "on",
}
CB = "https://ok.example.com/cb"

# (form data, the same settings as API parameters, field, the form's message)
CASES = [
    (
        {"id_validity": "2000", "id_unit": "minutes"},
        {"IdTokenValidity": 2000, "TokenValidityUnits": {"IdToken": "minutes"}},
        "id_validity",
        "ID token validity must be between 5 minutes and 1 day; 2000 minutes is more.",
    ),
    (
        {"id_validity": "2", "id_unit": "days"},
        {"IdTokenValidity": 2, "TokenValidityUnits": {"IdToken": "days"}},
        "id_validity",
        "ID token validity must be between 5 minutes and 1 day; 2 days is more.",
    ),
    (
        {"id_validity": "299", "id_unit": "seconds"},
        {"IdTokenValidity": 299, "TokenValidityUnits": {"IdToken": "seconds"}},
        "id_validity",
        "ID token validity must be between 5 minutes and 1 day; 299 seconds is less.",
    ),
    (
        {"access_validity": "25"},
        {"AccessTokenValidity": 25},
        "access_validity",
        "Access token validity must be between 5 minutes and 1 day; 25 hours is more.",
    ),
    (
        {"access_validity": "4", "access_unit": "minutes"},
        {"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}},
        "access_validity",
        "Access token validity must be between 5 minutes and 1 day; 4 minutes is less.",
    ),
    (
        {"refresh_validity": "1", "refresh_unit": "minutes"},
        {"RefreshTokenValidity": 1, "TokenValidityUnits": {"RefreshToken": "minutes"}},
        "refresh_validity",
        "Refresh token validity must be between 1 hour and 10 years; 1 minute is less.",
    ),
    (
        {"refresh_validity": "3651"},
        {"RefreshTokenValidity": 3651},
        "refresh_validity",
        "Refresh token validity must be between 1 hour and 10 years; 3651 days is more.",
    ),
    (
        {"refresh_validity": "0"},
        {"RefreshTokenValidity": 0},
        "refresh_validity",
        "Refresh token validity must be between 1 hour and 10 years; 0 days is less.",
    ),
    (
        {"auth_session_validity": "16"},
        {"AuthSessionValidity": 16},
        "auth_session_validity",
        "Sign-in session validity must be between 3 and 15 minutes; 16 minutes is more.",
    ),
    (
        {"auth_session_validity": "2"},
        {"AuthSessionValidity": 2},
        "auth_session_validity",
        "Sign-in session validity must be between 3 and 15 minutes; 2 minutes is less.",
    ),
    (
        {"callback_urls": f"{CB}\nnot a url"},
        {"CallbackURLs": [CB, "not a url"]},
        "callback_urls",
        "Callback URLs: “not a url” is not a URL",
    ),
    (
        {
            "oauth_enabled": "on",
            "oauth_flows": ["code"],
            "oauth_scopes": "openid",
            "callback_urls": f"{CB}\nnot a url",
        },
        {
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid"],
            "CallbackURLs": [CB, "not a url"],
        },
        "callback_urls",
        "Callback URLs: “not a url” is not a URL",  # and not "needs a callback URL"
    ),
    (
        {"callback_urls": "/relative/path"},
        {"CallbackURLs": ["/relative/path"]},
        "callback_urls",
        "Callback URLs: “/relative/path” is not a URL",
    ),
    (
        {"callback_urls": "http://app.example.com/cb"},
        {"CallbackURLs": ["http://app.example.com/cb"]},
        "callback_urls",
        "uses http://, which Cognito allows only for localhost, 127.0.0.1 and [::1]",
    ),
    (
        {"logout_urls": "https://app.example.com/out#x", "callback_urls": CB},
        {"LogoutURLs": ["https://app.example.com/out#x"], "CallbackURLs": [CB]},
        "logout_urls",
        "Sign-out URLs: “https://app.example.com/out#x” has a fragment",
    ),
    (
        {"logout_urls": "javascript:alert(1)", "callback_urls": CB},
        {"LogoutURLs": ["javascript:alert(1)"], "CallbackURLs": [CB]},
        "logout_urls",
        "uses the javascript: scheme",
    ),
    (
        {"default_redirect": "http://evil.example/cb", "callback_urls": CB},
        {"DefaultRedirectURI": "http://evil.example/cb", "CallbackURLs": [CB]},
        "default_redirect",
        "Default redirect URI: “http://evil.example/cb” uses http://",
    ),
    (
        {"callback_urls": "https:///cb"},
        {"CallbackURLs": ["https:///cb"]},
        "callback_urls",
        "Callback URLs: “https:///cb” has no host",
    ),
    (
        {"oauth_enabled": "on", "oauth_flows": ["implicit"], "oauth_scopes": "openid"},
        {
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["implicit"],
            "AllowedOAuthScopes": ["openid"],
        },
        "callback_urls",
        "The implicit flow needs at least one callback URL.",
    ),
    (
        {"oauth_enabled": "on", "oauth_flows": ["code"], "oauth_scopes": "openid"},
        {
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid"],
        },
        "callback_urls",
        "The code flow needs at least one callback URL.",
    ),
    (
        {
            "generate_secret": "on",
            "oauth_enabled": "on",
            "oauth_flows": ["client_credentials", "code"],
            "callback_urls": CB,
            "oauth_scopes": "openid",
        },
        {
            "GenerateSecret": True,
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["client_credentials", "code"],
            "CallbackURLs": [CB],
            "AllowedOAuthScopes": ["openid"],
        },
        "oauth_flows",
        "Allowed OAuth flows: client_credentials cannot be chosen with code or implicit",
    ),
    (
        {"oauth_enabled": "on", "oauth_flows": ["client_credentials"], "oauth_scopes": "openid"},
        {
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["client_credentials"],
            "AllowedOAuthScopes": ["openid"],
        },
        "oauth_flows",
        "Allowed OAuth flows: client_credentials needs a client secret",
    ),
]
IDS = [f"{field}-{i}" for i, (_, _, field, _) in enumerate(CASES)]


@pytest.mark.parametrize(("data", "params", "field", "message"), CASES, ids=IDS)
def test_it_refuses_what_cognito_refuses_in_its_own_words(
    admin_client, idp, pool_id, data, params, field, message
):
    # The rule is Cognito's: the emulator (or botocore's model) refuses the settings.
    with pytest.raises((ClientError, ParamValidationError)):
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName="Direct", **params)
    response = admin_client.post(f"/pools/{pool_id}/clients/new", {**BASE, **data})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert len(errors[field]) == 1 and message in errors[field][0], errors[field]
    html = response.content.decode()
    assert "Invalid range for token validity" not in html
    assert "Only letters, accent marks" not in html
    assert not AuditEvent.objects.filter(action="CreateUserPoolClient").exists()


def test_it_refuses_them_in_the_edit_too(admin_client, idp, pool_id, secret_client):
    url = f"/pools/{pool_id}/clients/{secret_client['ClientId']}/edit"
    form = admin_client.get(url).context["form"]
    data = {**form_values(form), "id_validity": "2", "id_unit": "days"}
    response = admin_client.post(url, data)
    errors = response.context["form"].errors
    assert errors["id_validity"] == [
        "ID token validity must be between 5 minutes and 1 day; 2 days is more."
    ]
    assert "preview" not in response.context


def test_it_accepts_the_limits_and_the_urls_cognito_accepts(admin_client, idp, pool_id):
    data = {
        **BASE,
        "id_validity": "1",
        "id_unit": "days",
        "access_validity": "5",
        "access_unit": "minutes",
        "refresh_validity": "60",
        "refresh_unit": "minutes",
        "auth_session_validity": "15",
        "callback_urls": "https://app.example.com/cb\nhttp://localhost:8080/cb\n"
        "http://127.0.0.1:5000/cb\nhttp://[::1]:5000/cb\nmyapp://example",
        "logout_urls": "http://localhost/out",
    }
    response = admin_client.post(f"/pools/{pool_id}/clients/new", data)
    assert response.status_code == 302, response.context["form"].errors


def test_it_refuses_client_credentials_on_a_client_without_a_secret(admin_client, idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="Public")
    url = f"/pools/{pool_id}/clients/{client['UserPoolClient']['ClientId']}/edit"
    data = form_values(admin_client.get(url).context["form"])
    data.update(oauth_enabled="on", oauth_flows=["client_credentials"], oauth_scopes="openid")
    errors = admin_client.post(url, data).context["form"].errors
    assert errors["oauth_flows"] == [
        "Allowed OAuth flows: client_credentials needs a client secret, and this client has "
        "none (a secret is chosen only when a client is created): create a new app client "
        "with a secret."
    ]
