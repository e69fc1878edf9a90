"""The Sign-in tab in a real browser (issue 15): an Admin walks every section through
the section nav, then edits one MFA setting through the reviewed diff and nothing else
changes; threat protection of a Plus pool edited the same way, and a Viewer sees it
without an Edit link; on a 390 px phone no Sign-in page scrolls sideways."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import make_staff

SMS_ROLE = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "ext-1"}
SES = "arn:aws:ses:us-east-1:123456789012:identity/support@example.com"
PHONE = {"width": 390, "height": 844}
LONG_API = "https://api.example.com/a-rather-long-resource-server-identifier"

#: The section nav's links, each with the heading its page shows.
SECTIONS = [
    ("Plan and sign-in", "Feature plan"),
    ("MFA and passkeys", "MFA and passkeys"),
    ("Threat protection", "Threat protection"),
    ("Lambda triggers", "Lambda triggers"),
    ("Domain and managed login", "Domain"),
    ("Identity providers", "Identity providers"),
    ("Resource servers", "Resource servers"),
    ("Log delivery", "Log delivery"),
]


def _mfa_pool(idp) -> str:
    """An Essentials pool with an SNS role and SES email: MFA optional, SMS and email
    MFA on with their own messages, the authenticator app off, passkeys set."""
    pool_id = idp.create_user_pool(
        PoolName="Sign-in tab pool",
        UserPoolTier="ESSENTIALS",
        SmsConfiguration=SMS_ROLE,
        EmailConfiguration={"EmailSendingAccount": "DEVELOPER", "SourceArn": SES},
    )["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration={
            "SmsAuthenticationMessage": "Your sign-in code is {####}",
            "SmsConfiguration": SMS_ROLE,
        },
        SoftwareTokenMfaConfiguration={"Enabled": False},
        EmailMfaConfiguration={"Subject": "Your code", "Message": "Sign in with {####}"},
        WebAuthnConfiguration={
            "RelyingPartyId": "auth.example.com",
            "UserVerification": "required",
        },
    )
    return pool_id


def _mfa_of(idp, pool_id: str) -> dict:
    reply = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
    reply.pop("ResponseMetadata")
    return reply


def _watch_documents(page) -> list[str]:
    """The pages (documents) the browser is answered with an error status, as it goes."""
    bad: list[str] = []
    page.on(
        "response",
        lambda r: (
            bad.append(f"{r.status} {r.url}")
            if r.request.resource_type == "document" and r.status >= 400
            else None
        ),
    )
    return bad


def test_it_visits_every_section_and_edits_one_mfa_setting(signed_in_admin, idp):
    page = signed_in_admin
    pool_id = _mfa_pool(idp)
    bad = _watch_documents(page)
    before = _mfa_of(idp, pool_id)

    page.goto("/pools/")
    page.get_by_role("link", name="Sign-in tab pool").click()
    page.get_by_role("link", name="Sign-in", exact=True).click()
    nav = page.get_by_test_id("signin-nav")
    for link, heading in SECTIONS:
        nav.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name=link, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(page.get_by_role("link", name="Sign-in", exact=True)).to_have_attribute(
            "aria-current", "page"
        )
    assert bad == []

    # MFA: turn the authenticator app on through the reviewed diff.
    nav.get_by_role("link", name="MFA and passkeys", exact=True).click()
    factors = page.locator("dl.summary dd").nth(1)
    expect(factors).to_have_text("SMS, email")
    page.get_by_role("link", name="Edit MFA and passkeys").click()
    totp = page.get_by_label("Authenticator app (TOTP)")
    expect(totp).not_to_be_checked()
    totp.check()
    page.get_by_role("button", name="Review changes").click()
    diff = page.get_by_test_id("diff")
    expect(diff.locator("tbody tr")).to_have_count(1)
    expect(diff).to_contain_text("SoftwareTokenMfaConfiguration.Enabled")
    page.get_by_role("button", name="Save these changes").click()

    page.wait_for_url(f"**/pools/{pool_id}/sign-in/mfa/")
    expect(page.get_by_role("heading", name="MFA and passkeys", exact=True)).to_be_visible()
    expect(factors).to_have_text("SMS, authenticator app, email")
    assert bad == []

    after = _mfa_of(idp, pool_id)
    assert after.pop("SoftwareTokenMfaConfiguration") == {"Enabled": True}
    before.pop("SoftwareTokenMfaConfiguration", None)
    assert after == before


def _plus_pool(idp) -> tuple[str, str]:
    """A Plus pool with threat protection in audit mode and one app client."""
    pool_id = idp.create_user_pool(
        PoolName="Protected pool",
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web-app")
    return pool_id, client["UserPoolClient"]["ClientId"]


def test_it_edits_threat_protection_and_a_viewer_only_reads_it(
    signed_in_admin, idp, browser, live_server
):
    page = signed_in_admin
    pool_id, _ = _plus_pool(idp)
    bad = _watch_documents(page)

    page.goto(f"/pools/{pool_id}/")
    page.get_by_role("link", name="Sign-in", exact=True).click()
    page.get_by_test_id("signin-nav").get_by_role("link", name="Threat protection").click()
    page.get_by_role("link", name="Edit the pool's risk configuration").click()
    page.get_by_label("Compromised credentials: action").select_option("BLOCK")
    page.get_by_label("Always block these IP ranges").fill("203.0.113.0/24")
    page.get_by_role("button", name="Review changes").click()
    diff = page.get_by_test_id("diff")
    expect(diff.locator("tbody tr")).to_have_count(2)
    expect(diff).to_contain_text("CompromisedCredentialsRiskConfiguration.Actions.EventAction")
    expect(diff).to_contain_text("RiskExceptionConfiguration.BlockedIPRangeList")
    expect(diff).to_contain_text("203.0.113.0/24")
    page.get_by_role("button", name="Save these changes").click()

    page.wait_for_url(f"**/pools/{pool_id}/sign-in/threat-protection/")
    config = page.get_by_test_id("risk-config")
    expect(config).to_contain_text("Block on every event")
    expect(config).to_contain_text("203.0.113.0/24")
    expect(page.locator("#client-risk-table")).to_contain_text("The pool's")
    assert bad == []
    saved = idp.describe_risk_configuration(UserPoolId=pool_id)["RiskConfiguration"]
    assert saved["CompromisedCredentialsRiskConfiguration"]["Actions"] == {"EventAction": "BLOCK"}
    assert saved["RiskExceptionConfiguration"]["BlockedIPRangeList"] == ["203.0.113.0/24"]

    # A Viewer reads the same section, with no way to edit it.
    make_staff("browser-viewer", "Viewer")
    context = browser.new_context(base_url=live_server.url)
    try:
        viewer = context.new_page()
        sign_in(viewer, "browser-viewer", "pw-for-tests-1")
        viewer.goto(f"/pools/{pool_id}/")
        viewer.get_by_role("link", name="Sign-in", exact=True).click()
        viewer.get_by_test_id("signin-nav").get_by_role("link", name="Threat protection").click()
        expect(viewer.get_by_test_id("risk-config")).to_contain_text("203.0.113.0/24")
        expect(viewer.get_by_role("link", name="Edit the pool's risk configuration")).to_have_count(
            0
        )
        expect(viewer.get_by_role("link", name="Edit", exact=False)).to_have_count(0)
    finally:
        context.close()


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_it_fits_a_phone_screen(signed_in_admin, idp):
    page = signed_in_admin
    pool_id, _ = _plus_pool(idp)
    idp.create_resource_server(
        UserPoolId=pool_id,
        Identifier=LONG_API,
        Name="Orders API",
        Scopes=[{"ScopeName": "orders.read", "ScopeDescription": "Read the orders"}],
    )
    page.set_viewport_size(PHONE)
    page.goto(f"/pools/{pool_id}/sign-in/")
    nav = page.get_by_test_id("signin-nav")
    wide = {}
    for link, heading in SECTIONS:
        if link == "Threat protection":
            continue  # test_it_fits_threat_protection_on_a_phone_screen
        nav.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        if _page_width(page) > PHONE["width"]:
            wide[link] = _page_width(page)
    # Pages reached from the sections: an edit form, a resource server, a new provider.
    nav.get_by_role("link", name="MFA and passkeys", exact=True).click()
    page.get_by_role("link", name="Edit MFA and passkeys").click()
    expect(page.get_by_role("button", name="Review changes")).to_be_visible()
    wide["MFA edit"] = _page_width(page)
    nav.get_by_role("link", name="Resource servers", exact=True).click()
    page.get_by_role("link", name=LONG_API).click()
    expect(page.get_by_test_id("scopes")).to_contain_text("orders.read")
    wide["resource server"] = _page_width(page)
    nav.get_by_role("link", name="Identity providers", exact=True).click()
    page.get_by_role("link", name="New identity provider").click()
    page.get_by_label("OpenID Connect (OIDC)").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("attribute-mapping")).to_be_visible()
    wide["new OIDC provider"] = _page_width(page)
    assert {k: w for k, w in wide.items() if w > PHONE["width"]} == {}


def test_it_fits_threat_protection_on_a_phone_screen(signed_in_admin, idp):
    page = signed_in_admin
    pool_id, _ = _plus_pool(idp)
    page.set_viewport_size(PHONE)
    page.goto(f"/pools/{pool_id}/sign-in/")
    page.get_by_test_id("signin-nav").get_by_role("link", name="Threat protection").click()
    expect(page.locator("#client-risk-table")).to_contain_text("web-app")
    assert _page_width(page) <= PHONE["width"]
