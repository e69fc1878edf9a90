"""/pools/<id>/sign-in/mfa/: the MFA and passkeys section (Viewers)."""

from __future__ import annotations

from .conftest import PASSKEYS, make_pool


def test_it_shows_the_mode_every_factor_and_passkeys(viewer_client, mfa_pool):
    response = viewer_client.get(f"/pools/{mfa_pool}/sign-in/mfa/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Optional: users who set up a factor are asked for it" in page
    assert "Your sign-in code is {####}" in page
    assert "arn:aws:iam::123456789012:role/sms" in page
    assert "Subject: Your code" in page
    assert "relying party ID: auth.example.com" in page
    assert response.context["section"] == "mfa"
    assert f'href="/pools/{mfa_pool}/sign-in/mfa/edit"' not in page  # Viewers do not edit


def test_it_links_the_edit_for_admins(admin_client, mfa_pool):
    page = admin_client.get(f"/pools/{mfa_pool}/sign-in/mfa/").content.decode()
    assert f'href="/pools/{mfa_pool}/sign-in/mfa/edit"' in page


def test_it_marks_what_the_pool_cannot_turn_on(viewer_client, idp):
    pool_id = make_pool(idp, tier="LITE", sms_role=False, ses=False)
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/mfa/").content.decode()
    assert "this pool has none: an Admin sets one in the pool&#x27;s settings" in page
    assert "Email MFA needs the Essentials or Plus feature plan; this pool is on Lite." in page
    assert "needs the Essentials or Plus feature plan; this pool is on Lite." in page
    assert f'href="/pools/{pool_id}/edit#sec-sms"' not in page  # Admin-only page: no link
    assert "pool's settings (an Admin changes them)" in page


def test_it_links_the_pool_settings_for_admins_only(admin_client, idp):
    pool_id = make_pool(idp)
    page = admin_client.get(f"/pools/{pool_id}/sign-in/mfa/").content.decode()
    assert f'href="/pools/{pool_id}/edit#sec-sms"' in page
    assert f'href="/pools/{pool_id}/edit#threat-protection"' in page


def test_it_says_email_mfa_needs_ses(viewer_client, idp):
    pool_id = make_pool(idp, ses=False)
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/mfa/").content.decode()
    assert "Email MFA needs the pool&#x27;s email sent with Amazon SES" in page


def test_it_is_a_404_for_a_pool_that_does_not_exist(viewer_client):
    assert viewer_client.get("/pools/us-east-1_Nothere1/sign-in/mfa/").status_code == 404


def _row(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_it_reads_the_sms_role_once_from_the_pool(viewer_client, idp):
    pool_id = make_pool(idp, sms_role=False)
    role = {"SnsCallerArn": "arn:aws:iam::123456789012:role/PartnerSms", "ExternalId": "e"}
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration={"SmsAuthenticationMessage": "{####}", "SmsConfiguration": role},
    )
    row = _row(viewer_client.get(f"/pools/{pool_id}/sign-in/mfa/").content.decode(), "SMS text")
    assert "role/PartnerSms" in row
    assert "has none" not in row


def test_it_says_passkeys_as_a_first_factor_apart_from_their_settings(viewer_client, idp):
    policies = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}}
    allowed = idp.create_user_pool(PoolName="p", UserPoolTier="ESSENTIALS", Policies=policies)
    allowed_id = allowed["UserPool"]["Id"]
    page = viewer_client.get(f"/pools/{allowed_id}/sign-in/mfa/").content.decode()
    first = _row(page, "Passkeys as a first factor")
    assert ">On</td>" in first and "Users may sign in with a passkey" in first
    assert "Cognito&#x27;s defaults" in _row(page, "Passkey settings (WebAuthn)")
    other = make_pool(idp)
    idp.set_user_pool_mfa_config(
        UserPoolId=other, MfaConfiguration="OFF", WebAuthnConfiguration=PASSKEYS
    )
    page = viewer_client.get(f"/pools/{other}/sign-in/mfa/").content.decode()
    first = _row(page, "Passkeys as a first factor")
    assert ">Off</td>" in first and "Not among the first factors" in first
    settings = _row(page, "Passkey settings (WebAuthn)")
    assert "relying party ID: auth.example.com" in settings and ">On</td>" not in settings
