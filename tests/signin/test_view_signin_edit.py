"""/pools/<id>/sign-in/edit/<section>: the feature plan and the sign-in factors, each a
section-scoped reviewed edit over UpdateUserPool (Admins)."""

from __future__ import annotations

import pytest

from console.models import AuditEvent
from pools.plans import plan_problem

from .conftest import described, fields, make_pool, page_values, review_and_save, with_snapshot


def _url(pool_id, section):
    return f"/pools/{pool_id}/sign-in/edit/{section}"


def test_it_changes_the_plan_after_the_reviewed_diff(admin_client, idp):
    pool_id = make_pool(idp, "LITE")
    url = _url(pool_id, "plan")
    data = page_values(admin_client, url)
    assert fields(data) == {"tier": "LITE"}
    review, saved = review_and_save(admin_client, url, {**data, "tier": "ESSENTIALS"})
    changes = [(c.path, c.old, c.new) for c in review.context["preview"].changes]
    assert changes == [("UserPoolTier", "LITE", "ESSENTIALS")]
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/pools/{pool_id}/sign-in/"
    assert described(idp, pool_id)["UserPoolTier"] == "ESSENTIALS"


def test_it_refuses_a_move_to_lite_while_passwordless_sign_in_is_allowed(admin_client, idp):
    policies = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "SMS_OTP"]}}
    pool_id = make_pool(idp, "ESSENTIALS", Policies=policies)
    url = _url(pool_id, "plan")
    data = with_snapshot(admin_client, url, {**page_values(admin_client, url), "tier": "LITE"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["tier"]
    assert errors[0].startswith(plan_problem("LITE", "passwordless", chosen=True))
    assert "the plan chosen is Lite" in errors[0] and "this pool is on" not in errors[0]
    assert "SMS one-time password" in errors[0]
    assert described(idp, pool_id)["UserPoolTier"] == "ESSENTIALS"
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()


def test_it_refuses_a_move_off_plus_while_threat_protection_is_on(admin_client, idp):
    pool_id = make_pool(idp, "PLUS", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"})
    url = _url(pool_id, "plan")
    response = admin_client.post(url, with_snapshot(admin_client, url, {"tier": "ESSENTIALS"}))
    assert "needs the Plus feature plan" in response.context["form"].errors["tier"][0]


def test_it_allows_passwordless_factors_on_essentials(admin_client, idp):
    pool_id = make_pool(idp, "ESSENTIALS")
    url = _url(pool_id, "sign-in")
    assert fields(page_values(admin_client, url)) == {"first_factors": []}  # Password only
    review, saved = review_and_save(admin_client, url, {"first_factors": ["EMAIL_OTP"]})
    changes = [(c.path, c.old, c.new) for c in review.context["preview"].changes]
    assert changes == [
        ("Policies.SignInPolicy.AllowedFirstAuthFactors", None, ["PASSWORD", "EMAIL_OTP"])
    ]
    assert saved.status_code == 302
    policy = described(idp, pool_id)["Policies"]["SignInPolicy"]
    assert policy == {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}


def test_it_turns_passwordless_factors_off_keeping_password(admin_client, idp):
    policies = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}}
    pool_id = make_pool(idp, "ESSENTIALS", Policies=policies)
    url = _url(pool_id, "sign-in")
    assert fields(page_values(admin_client, url)) == {"first_factors": ["WEB_AUTHN"]}
    _, saved = review_and_save(admin_client, url, {})
    assert saved.status_code == 302
    policy = described(idp, pool_id)["Policies"]["SignInPolicy"]
    assert policy == {"AllowedFirstAuthFactors": ["PASSWORD"]}


def test_it_refuses_a_passwordless_factor_on_lite_with_the_plan_sentence(admin_client, idp):
    pool_id = make_pool(idp, "LITE")
    html_before = admin_client.get(_url(pool_id, "sign-in")).content.decode()
    assert plan_problem("LITE", "passwordless") in html_before  # marked before it is tried
    url = _url(pool_id, "sign-in")
    response = admin_client.post(
        url,
        with_snapshot(
            admin_client, url, {**page_values(admin_client, url), "first_factors": ["WEB_AUTHN"]}
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_factors"] == [
        plan_problem("LITE", "passwordless")
    ]
    assert response.context["form"]["first_factors"].value() == ["WEB_AUTHN"]  # kept
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()


def test_it_resets_nothing_else_of_the_pool(admin_client, idp, rich_pool):
    before = described(idp, rich_pool)
    mfa_before = idp.get_user_pool_mfa_config(UserPoolId=rich_pool)
    url = _url(rich_pool, "sign-in")
    data = page_values(admin_client, url)
    assert fields(data) == {"first_factors": ["EMAIL_OTP"]}
    _, saved = review_and_save(admin_client, url, {"first_factors": ["EMAIL_OTP", "SMS_OTP"]})
    assert saved.status_code == 302
    after = described(idp, rich_pool)
    assert after["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"] == [
        "PASSWORD",
        "EMAIL_OTP",
        "SMS_OTP",
    ]
    after["Policies"]["SignInPolicy"] = before["Policies"]["SignInPolicy"]
    for key in sorted(set(before) | set(after)):
        assert before.get(key) == after.get(key), key
    mfa_after = idp.get_user_pool_mfa_config(UserPoolId=rich_pool)
    for key in ("MfaConfiguration", "SoftwareTokenMfaConfiguration"):
        assert mfa_before.get(key) == mfa_after.get(key), key


def test_it_resets_nothing_else_when_the_plan_changes(admin_client, idp, rich_pool):
    before = described(idp, rich_pool)
    _, saved = review_and_save(admin_client, _url(rich_pool, "plan"), {"tier": "PLUS"})
    assert saved.status_code == 302
    after = described(idp, rich_pool)
    assert after.pop("UserPoolTier") == "PLUS" and before.pop("UserPoolTier") == "ESSENTIALS"
    for key in sorted(set(before) | set(after)):
        assert before.get(key) == after.get(key), key


def test_it_puts_a_cognito_refusal_on_the_form_keeping_what_was_typed(admin_client, idp, faults):
    pool_id = make_pool(idp, "ESSENTIALS")
    url = _url(pool_id, "sign-in")
    typed = with_snapshot(admin_client, url, {"first_factors": ["SMS_OTP"]})
    review = admin_client.post(url, typed)
    faults.set("UpdateUserPool", "aws:400:InvalidParameterException:SMS is not set up.")
    fingerprint = review.context["preview"].fingerprint
    confirm = {**typed, "confirmed": "yes", "fingerprint": fingerprint}
    response = admin_client.post(url, confirm)
    assert response.status_code == 200
    form = response.context["form"]
    assert "SMS is not set up." in form.non_field_errors()[0]
    assert "(InvalidParameterException)" in form.non_field_errors()[0]
    assert form["first_factors"].value() == ["SMS_OTP"]


def test_it_is_a_404_for_a_section_it_does_not_have(admin_client, idp):
    pool_id = make_pool(idp)
    assert admin_client.get(_url(pool_id, "triggers")).status_code == 404


def test_it_refuses_viewers(viewer_client, idp):
    pool_id = make_pool(idp, "LITE")
    assert viewer_client.get(_url(pool_id, "plan")).status_code == 403
    assert viewer_client.post(_url(pool_id, "plan"), {"tier": "PLUS"}).status_code == 403
    assert described(idp, pool_id)["UserPoolTier"] == "LITE"


SES = {
    "EmailSendingAccount": "DEVELOPER",
    "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
}


def _email_mfa(idp, pool_id):
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OPTIONAL",
        EmailMfaConfiguration={"Message": "Code {####}", "Subject": "Code"},
    )


def _passkey_mfa(idp, pool_id):
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="OFF",
        WebAuthnConfiguration={
            "RelyingPartyId": "auth.example.com",
            "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION",
        },
    )


def _managed_login(idp, pool_id):
    idp.create_user_pool_domain(
        UserPoolId=pool_id, Domain=f"v2{pool_id[-8:].lower()}", ManagedLoginVersion=2
    )


def _history(idp, pool_id):
    idp.update_user_pool(
        UserPoolId=pool_id,
        EmailConfiguration=SES,
        Policies={"PasswordPolicy": {"PasswordHistorySize": 3}},
    )


@pytest.mark.parametrize(
    ("arrange", "feature", "how"),
    [
        (_email_mfa, "email_mfa", "Turn email MFA off first"),
        (_passkey_mfa, "passwordless", "Set passkeys back to one factor first"),
        (_managed_login, "managed_login", "classic hosted UI first"),
        (_history, "password_history", "Set password history to 0 first (3 now)"),
    ],
    ids=["email-mfa", "passkey-mfa", "managed-login-v2", "password-history"],
)
def test_it_refuses_a_move_to_lite_while_an_essentials_feature_is_in_use(
    admin_client, idp, arrange, feature, how
):
    pool_id = make_pool(idp, "ESSENTIALS", EmailConfiguration=SES)
    arrange(idp, pool_id)
    url = _url(pool_id, "plan")
    data = with_snapshot(admin_client, url, {**page_values(admin_client, url), "tier": "LITE"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["tier"]
    sentence = f"{plan_problem('LITE', feature, chosen=True)} "
    assert any(e.startswith(sentence) and how in e for e in errors), errors
    assert all("the plan chosen is Lite" in e for e in errors)
    assert described(idp, pool_id)["UserPoolTier"] == "ESSENTIALS"
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()


def test_it_says_it_could_not_check_the_features_when_cognito_is_down(admin_client, idp, faults):
    pool_id = make_pool(idp, "ESSENTIALS")
    url = _url(pool_id, "plan")
    data = with_snapshot(admin_client, url, {**page_values(admin_client, url), "tier": "LITE"})
    faults.set("GetUserPoolMfaConfig", "aws:500:InternalErrorException:down")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["tier"][0]
        .startswith("Could not check which features the pool uses")
    )
    assert described(idp, pool_id)["UserPoolTier"] == "ESSENTIALS"


def test_it_warns_of_app_clients_with_refresh_token_rotation(admin_client, idp):
    pool_id = make_pool(idp, "ESSENTIALS")
    idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="Rotating app",
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
    )
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="Plain app")
    page = admin_client.get(_url(pool_id, "plan")).content.decode()
    assert "App clients with refresh token rotation on: Rotating app." in page
    assert "Plain app" not in page
    lite = make_pool(idp, "LITE")
    assert "refresh token rotation on" not in admin_client.get(_url(lite, "plan")).content.decode()
