"""The demo's fully configured pool (issue 15): Partner Portal, on the Essentials plan,
with email MFA, an OIDC identity provider, a domain and a resource server, all set
through the public API as an administrator would."""

from __future__ import annotations

from console.emulator.demo import (
    PARTNER_API,
    PARTNER_DOMAIN,
    PARTNER_OIDC,
    PARTNER_POOL_NAME,
    load_demo,
)


def test_it_configures_partner_portal_fully(emu_cognito, emu_url):
    pool_id = load_demo(endpoint_url=emu_url)["pools"][PARTNER_POOL_NAME]
    pool = emu_cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["UserPoolTier"] == "ESSENTIALS"
    assert pool["EmailConfiguration"]["EmailSendingAccount"] == "DEVELOPER"
    assert pool["Domain"] == PARTNER_DOMAIN
    # What the pool had before the sign-in settings were added is still there.
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    assert pool["UserPoolTags"]["team"] == "partnerships"

    mfa = emu_cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert "{####}" in mfa["EmailMfaConfiguration"]["Message"]
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    assert "SmsMfaConfiguration" in mfa

    provider = emu_cognito.describe_identity_provider(UserPoolId=pool_id, ProviderName=PARTNER_OIDC)
    provider = provider["IdentityProvider"]
    assert provider["ProviderType"] == "OIDC"
    assert provider["AttributeMapping"]["email"] == "email"

    server = emu_cognito.describe_resource_server(UserPoolId=pool_id, Identifier=PARTNER_API)
    scopes = {s["ScopeName"] for s in server["ResourceServer"]["Scopes"]}
    assert scopes == {"orders.read", "orders.write"}

    domain = emu_cognito.describe_user_pool_domain(Domain=PARTNER_DOMAIN)["DomainDescription"]
    assert domain["UserPoolId"] == pool_id

    clients = emu_cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)
    web = emu_cognito.describe_user_pool_client(
        UserPoolId=pool_id, ClientId=clients["UserPoolClients"][0]["ClientId"]
    )["UserPoolClient"]
    assert f"{PARTNER_API}/orders.read" in web["AllowedOAuthScopes"]
    assert web["SupportedIdentityProviders"] == ["COGNITO", PARTNER_OIDC]
