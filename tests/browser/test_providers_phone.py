"""The identity providers list and a SAML provider's page on a 390 px phone: nothing
makes the page scroll sideways (a long claim URI, a long metadata URL, the table)."""

from __future__ import annotations

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress-of-the-partner"


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_it_fits_the_providers_list_and_a_saml_provider_on_a_phone(signed_in_admin, idp):
    page = signed_in_admin
    pool_id = idp.create_user_pool(PoolName="Partner Portal")["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="partner-portal-phone")
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="PartnerEntraSAML",
        ProviderType="SAML",
        ProviderDetails={"MetadataURL": "https://login.example.com/" + "m" * 60 + "/metadata"},
        AttributeMapping={"email": CLAIM},
    )
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="PartnerSingleSignOnForContracts",
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "c",
            "client_secret": "s",
            "attributes_request_method": "GET",
            "oidc_issuer": "https://sso.example.com",
            "authorize_scopes": "openid",
        },
    )
    page.set_viewport_size(PHONE)
    page.goto(f"/pools/{pool_id}/sign-in/providers/")
    expect(page.locator("#provider-table")).to_contain_text("PartnerEntraSAML")
    assert _width(page) <= PHONE["width"]
    page.get_by_role("link", name="PartnerEntraSAML").click()
    expect(page.get_by_test_id("mapping")).to_contain_text(CLAIM)
    expect(page.get_by_test_id("provider-reply")).to_contain_text("saml2/idpresponse")
    assert _width(page) <= PHONE["width"]
