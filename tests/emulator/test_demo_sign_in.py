"""The demo's fully configured pool (issue 15): Partner Portal, on the Essentials plan,
with email MFA, an OIDC identity provider, a managed login domain with the web client's
branding style and terms of use, log delivery and a resource server; and Field
Service's classic hosted UI (a version-1 domain and the pool's customization); all set
through the public API as an administrator would."""

from __future__ import annotations

from console.emulator.demo import (
    FIELD_CSS,
    FIELD_DOMAIN,
    FIELD_POOL_NAME,
    PARTNER_API,
    PARTNER_BRANDING_SETTINGS,
    PARTNER_DOMAIN,
    PARTNER_LOG_GROUP,
    PARTNER_OIDC,
    PARTNER_POOL_NAME,
    PARTNER_TERMS,
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
    assert domain["ManagedLoginVersion"] == 2

    clients = emu_cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)
    web = emu_cognito.describe_user_pool_client(
        UserPoolId=pool_id, ClientId=clients["UserPoolClients"][0]["ClientId"]
    )["UserPoolClient"]
    assert f"{PARTNER_API}/orders.read" in web["AllowedOAuthScopes"]
    assert web["SupportedIdentityProviders"] == ["COGNITO", PARTNER_OIDC]

    style = emu_cognito.describe_managed_login_branding_by_client(
        UserPoolId=pool_id, ClientId=web["ClientId"]
    )["ManagedLoginBranding"]
    assert style["Settings"] == PARTNER_BRANDING_SETTINGS
    assert [a["Category"] for a in style["Assets"]] == ["PAGE_HEADER_LOGO"]

    listed = emu_cognito.list_terms(UserPoolId=pool_id)["Terms"]
    assert [t["TermsName"] for t in listed] == ["terms-of-use"]
    terms = emu_cognito.describe_terms(UserPoolId=pool_id, TermsId=listed[0]["TermsId"])["Terms"]
    assert terms["ClientId"] == web["ClientId"]
    assert terms["Links"] == {"cognito:default": PARTNER_TERMS}

    logs = emu_cognito.get_log_delivery_configuration(UserPoolId=pool_id)
    assert logs["LogDeliveryConfiguration"]["LogConfigurations"] == [
        {
            "LogLevel": "ERROR",
            "EventSource": "userNotification",
            "CloudWatchLogsConfiguration": {"LogGroupArn": PARTNER_LOG_GROUP},
        }
    ]


def test_it_gives_field_service_the_classic_hosted_ui(emu_cognito, emu_url):
    pool_id = load_demo(endpoint_url=emu_url)["pools"][FIELD_POOL_NAME]
    domain = emu_cognito.describe_user_pool_domain(Domain=FIELD_DOMAIN)["DomainDescription"]
    assert (domain["UserPoolId"], domain["ManagedLoginVersion"]) == (pool_id, 1)
    customization = emu_cognito.get_ui_customization(UserPoolId=pool_id)["UICustomization"]
    assert customization["ClientId"] == "ALL"
    assert customization["CSS"] == FIELD_CSS
    assert customization["ImageUrl"].endswith(".png")
