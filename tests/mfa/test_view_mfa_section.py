"""/pools/<id>/sign-in/mfa/: the MFA and passkeys section (Viewers)."""

from __future__ import annotations

from .conftest import make_pool


def test_it_shows_the_mode_every_factor_and_passkeys(viewer_client, mfa_pool):
    response = viewer_client.get(f"/pools/{mfa_pool}/sign-in/mfa/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Optional: users who set up a factor are asked for it" in page
    assert "Your sign-in code is {####}" in page
    assert "arn:aws:iam::123456789012:role/sms" in page
    assert "Subject: Your code" in page
    assert "relying party: auth.example.com" in page
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
    assert f'href="/pools/{pool_id}/edit#sec-sms"' in page


def test_it_says_email_mfa_needs_ses(viewer_client, idp):
    pool_id = make_pool(idp, ses=False)
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/mfa/").content.decode()
    assert "Email MFA needs the pool&#x27;s email sent with Amazon SES" in page


def test_it_is_a_404_for_a_pool_that_does_not_exist(viewer_client):
    assert viewer_client.get("/pools/us-east-1_Nothere1/sign-in/mfa/").status_code == 404
