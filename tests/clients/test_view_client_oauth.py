"""An app client's OAuth settings (issue 15): identity providers and scopes as choices
of the pool's own (a held name that is gone kept and marked), refresh token rotation
(plan-bound), and an edit of one setting that keeps every other."""

from __future__ import annotations

import pytest

from console.models import AuditEvent

from .conftest import form_values

API = "https://api.example.com"


@pytest.fixture
def oauth_pool(idp, pool_id):
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Okta",
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "x",
            "client_secret": "y",
            "authorize_scopes": "openid",
            "oidc_issuer": "https://okta.example.com",
            "attributes_request_method": "GET",
        },
    )
    idp.create_resource_server(
        UserPoolId=pool_id,
        Identifier=API,
        Name="Orders",
        Scopes=[
            {"ScopeName": "read", "ScopeDescription": "Read"},
            {"ScopeName": "write", "ScopeDescription": "Write"},
        ],
    )
    return pool_id


#: Every member of UpdateUserPoolClient the form shows, set to a value that is not a
#: default, so an edit of one of them that reset another would show.
EVERYTHING = {
    "ClientName": "Web app",
    "RefreshTokenValidity": 10,
    "AccessTokenValidity": 2,
    "IdTokenValidity": 3,
    "TokenValidityUnits": {"RefreshToken": "days", "AccessToken": "hours", "IdToken": "hours"},
    "AuthSessionValidity": 7,
    "ReadAttributes": ["email"],
    "WriteAttributes": ["email"],
    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthFlows": ["code"],
    "AllowedOAuthScopes": ["openid", f"{API}/read"],
    "CallbackURLs": ["https://app.example.com/cb"],
    "LogoutURLs": ["https://app.example.com/out"],
    "DefaultRedirectURI": "https://app.example.com/cb",
    "SupportedIdentityProviders": ["COGNITO", "Okta"],
    "PreventUserExistenceErrors": "ENABLED",
    "EnableTokenRevocation": False,
    "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 15},
}


@pytest.fixture
def full_client(idp, oauth_pool):
    return idp.create_user_pool_client(UserPoolId=oauth_pool, **EVERYTHING)["UserPoolClient"]


def _edit(admin_client, url, **changes):
    data = form_values(admin_client.get(url).context["form"])
    data.update(changes)
    review = admin_client.post(url, data)
    if "preview" not in review.context:
        return review
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    return admin_client.post(url, data)


def test_it_offers_the_pools_providers_and_scopes(admin_client, oauth_pool):
    form = admin_client.get(f"/pools/{oauth_pool}/clients/new").context["form"]
    assert [v for v, _ in form.fields["identity_providers"].choices] == ["COGNITO", "Okta"]
    scopes = [v for v, _ in form.fields["oauth_scopes"].choices]
    assert scopes[:5] == ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"]
    assert scopes[5:] == [f"{API}/read", f"{API}/write"]


def test_editing_one_setting_keeps_every_other(admin_client, idp, oauth_pool, full_client):
    url = f"/pools/{oauth_pool}/clients/{full_client['ClientId']}/edit"
    assert _edit(admin_client, url, name="Web app v2").status_code == 302
    after = idp.describe_user_pool_client(UserPoolId=oauth_pool, ClientId=full_client["ClientId"])
    after = after["UserPoolClient"]
    assert after["ClientName"] == "Web app v2"
    for key, value in EVERYTHING.items():
        if key != "ClientName":
            assert after[key] == value, key


def test_it_sets_refresh_token_rotation(admin_client, idp, oauth_pool):
    client = idp.create_user_pool_client(UserPoolId=oauth_pool, ClientName="spa")["UserPoolClient"]
    url = f"/pools/{oauth_pool}/clients/{client['ClientId']}/edit"
    assert _edit(admin_client, url, rotation="ENABLED", rotation_grace="30").status_code == 302
    after = idp.describe_user_pool_client(UserPoolId=oauth_pool, ClientId=client["ClientId"])
    assert after["UserPoolClient"]["RefreshTokenRotation"] == {
        "Feature": "ENABLED",
        "RetryGracePeriodSeconds": 30,
    }


def test_a_grace_period_needs_a_rotation_setting(admin_client, oauth_pool):
    response = admin_client.post(
        f"/pools/{oauth_pool}/clients/new",
        {
            "name": "x",
            "refresh_unit": "days",
            "access_unit": "hours",
            "id_unit": "hours",
            "rotation_grace": "10",
        },
    )
    assert "rotation" in response.context["form"].errors


def test_rotation_is_refused_on_the_lite_plan(admin_client, idp):
    pool_id = idp.create_user_pool(PoolName="lite", UserPoolTier="LITE")["UserPool"]["Id"]
    page = admin_client.get(f"/pools/{pool_id}/clients/new").content.decode()
    assert "Refresh token rotation needs the Essentials or Plus feature plan" in page
    response = admin_client.post(
        f"/pools/{pool_id}/clients/new",
        {
            "name": "x",
            "refresh_unit": "days",
            "access_unit": "hours",
            "id_unit": "hours",
            "rotation": "ENABLED",
        },
    )
    assert response.status_code == 200
    assert "this pool is on Lite" in " ".join(response.context["form"].errors["rotation"])
    assert idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"] == []


def test_a_removed_scope_is_kept_marked_and_must_be_unticked(
    admin_client, idp, oauth_pool, full_client
):
    idp.update_resource_server(
        UserPoolId=oauth_pool,
        Identifier=API,
        Name="Orders",
        Scopes=[{"ScopeName": "write", "ScopeDescription": "Write"}],
    )
    idp.delete_identity_provider(UserPoolId=oauth_pool, ProviderName="Okta")
    url = f"/pools/{oauth_pool}/clients/{full_client['ClientId']}/edit"
    form = admin_client.get(url).context["form"]
    labels = dict(form.fields["oauth_scopes"].choices)
    assert "no resource server defines it any more" in labels[f"{API}/read"]
    assert (
        "not an identity provider of this pool any more"
        in dict(form.fields["identity_providers"].choices)["Okta"]
    )
    refused = _edit(admin_client, url, name="Renamed")
    assert refused.status_code == 200
    assert f"untick {API}/read" in " ".join(refused.context["form"].errors["oauth_scopes"])
    assert not AuditEvent.objects.filter(action="UpdateUserPoolClient").exists()
    assert _edit(admin_client, url, oauth_scopes=["openid"]).status_code == 302
    after = idp.describe_user_pool_client(UserPoolId=oauth_pool, ClientId=full_client["ClientId"])
    assert after["UserPoolClient"]["AllowedOAuthScopes"] == ["openid"]
    assert after["UserPoolClient"]["SupportedIdentityProviders"] == ["COGNITO", "Okta"]


def test_the_form_works_when_the_pools_scopes_cannot_be_read(admin_client, oauth_pool, faults):
    faults.set("ListResourceServers", "throttle")
    response = admin_client.get(f"/pools/{oauth_pool}/clients/new")
    assert response.status_code == 200
    assert "Could not read the pool&#x27;s providers and scopes" in response.content.decode()
