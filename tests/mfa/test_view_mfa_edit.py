"""/pools/<id>/sign-in/mfa/edit: the MFA configuration's reviewed edit (Admins)."""

from __future__ import annotations

import pytest

from console.models import AuditEvent
from pools.mfa.forms import MFA_SPEC, MfaForm
from pools.settings_spec import unmatched
from pools.threats.forms import RISK_SPEC

from .conftest import PASSKEYS, SMS_MFA, form_values, make_pool, mfa_of


def _url(pool_id: str) -> str:
    return f"/pools/{pool_id}/sign-in/mfa/edit"


def _save(client, pool_id, data):
    review = client.post(_url(pool_id), data)
    assert review.status_code == 200, review.context["form"].errors
    preview = review.context["preview"]
    data = {**data, "confirmed": "yes", "fingerprint": preview.fingerprint}
    return preview, client.post(_url(pool_id), data)


def test_its_form_has_a_field_for_every_setting(admin_client, mfa_pool):
    form = admin_client.get(_url(mfa_pool)).context["form"]
    assert unmatched(form, MFA_SPEC, creating=False) == []


@pytest.mark.parametrize(
    ("field", "value", "path", "new"),
    [
        ("sms_message", "Code: {####}", "SmsMfaConfiguration.SmsAuthenticationMessage", None),
        ("email_subject", "Sign-in code", "EmailMfaConfiguration.Subject", None),
        ("user_verification", "preferred", "WebAuthnConfiguration.UserVerification", None),
        ("mode", "ON", "MfaConfiguration", None),
        ("totp", "", "SoftwareTokenMfaConfiguration.Enabled", False),
    ],
    ids=["sms-message", "email-subject", "passkey-verification", "required", "totp-off"],
)
def test_it_changes_one_setting_and_resets_nothing_else(
    admin_client, idp, mfa_pool, field, value, path, new
):
    before = mfa_of(idp, mfa_pool)
    data = form_values(admin_client.get(_url(mfa_pool)).context["form"])
    if value:
        data[field] = value
    else:
        data.pop(field)
    preview, saved = _save(admin_client, mfa_pool, data)
    assert [c.path for c in preview.changes] == [path]
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/pools/{mfa_pool}/sign-in/mfa/"
    after = mfa_of(idp, mfa_pool)
    expected = value if new is None else new
    head, _, leaf = path.rpartition(".")
    if head:
        assert after[head].pop(leaf) == expected
        before[head].pop(leaf)
    else:
        assert after.pop(path) == expected
        before.pop(path)
    assert after == before
    assert AuditEvent.objects.get(action="SetUserPoolMfaConfig").outcome == "succeeded"


def test_it_turns_sms_on_with_the_pools_sms_role(admin_client, idp):
    pool_id = make_pool(idp)
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.update(mode="OPTIONAL", sms="on", sms_message="Code {####}")
    _, saved = _save(admin_client, pool_id, data)
    assert saved.status_code == 302
    config = mfa_of(idp, pool_id)
    assert config["MfaConfiguration"] == "OPTIONAL"
    assert config["SmsMfaConfiguration"] == {
        "SmsAuthenticationMessage": "Code {####}",
        "SmsConfiguration": SMS_MFA["SmsConfiguration"],
    }
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"] == "OPTIONAL"


def test_it_turns_a_factor_off_whole(admin_client, idp, mfa_pool):
    data = form_values(admin_client.get(_url(mfa_pool)).context["form"])
    data.pop("email")
    data.pop("email_subject")
    data.pop("email_message")
    preview, saved = _save(admin_client, mfa_pool, data)
    assert {c.path for c in preview.changes} == {
        "EmailMfaConfiguration.Subject",
        "EmailMfaConfiguration.Message",
    }
    assert saved.status_code == 302
    config = mfa_of(idp, mfa_pool)
    assert "EmailMfaConfiguration" not in config
    assert config["SmsMfaConfiguration"] == SMS_MFA
    assert config["WebAuthnConfiguration"] == PASSKEYS


def test_it_refuses_sms_without_the_pools_sms_role(admin_client, idp):
    pool_id = make_pool(idp, sms_role=False)
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.update(mode="OPTIONAL", sms="on", sms_message="Code {####}")
    response = admin_client.post(_url(pool_id), data)
    form = response.context["form"]
    assert "has none" in form.errors["sms"][0]
    assert "sms_message" not in form.errors  # the reason is the role, not "turn SMS on"
    assert form["sms_message"].value() == "Code {####}"  # what was typed stays
    assert mfa_of(idp, pool_id)["MfaConfiguration"] == "OFF"


def test_it_refuses_email_mfa_below_essentials(admin_client, idp):
    pool_id = make_pool(idp, tier="LITE")
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.update(mode="OPTIONAL", email="on", email_message="Code {####}")
    response = admin_client.post(_url(pool_id), data)
    errors = response.context["form"].errors
    assert errors["email"] == [
        "Email MFA needs the Essentials or Plus feature plan; this pool is on Lite."
    ]
    page = response.content.decode()
    assert page.count("Email MFA needs the Essentials or Plus feature plan") == 1  # once


def test_it_refuses_email_mfa_without_ses(admin_client, idp):
    pool_id = make_pool(idp, ses=False)
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.update(mode="OPTIONAL", email="on", email_message="Code {####}")
    response = admin_client.post(_url(pool_id), data)
    errors = response.context["form"].errors
    assert "Amazon SES" in errors["email"][0]
    assert "email_message" not in errors and "email_subject" not in errors  # not "turn on"
    assert response.content.decode().count("Email MFA needs the pool&#x27;s email sent") == 1


def test_it_refuses_passkeys_below_essentials(admin_client, idp):
    pool_id = make_pool(idp, tier="LITE")
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.update(rp_id="auth.example.com")
    response = admin_client.post(_url(pool_id), data)
    errors = response.context["form"].errors
    assert "this pool is on Lite" in errors["rp_id"][0]
    assert response.content.decode().count("Passwordless sign-in (email and SMS") == 1


@pytest.mark.parametrize(
    ("mode", "factor", "words"),
    [("OPTIONAL", None, "needs at least one factor"), ("OFF", "totp", "takes no factor")],
    ids=["optional-without-factor", "off-with-factor"],
)
def test_it_refuses_a_mode_cognito_refuses(admin_client, idp, mode, factor, words):
    pool_id = make_pool(idp)
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["mode"] = mode
    if factor:
        data[factor] = "on"
    response = admin_client.post(_url(pool_id), data)
    assert words in response.context["form"].errors["mode"][0]
    assert "preview" not in response.context


def test_it_needs_the_code_in_the_sms_message(admin_client, mfa_pool):
    data = form_values(admin_client.get(_url(mfa_pool)).context["form"])
    data["sms_message"] = "No code here"
    response = admin_client.post(_url(mfa_pool), data)
    assert "sms_message" in response.context["form"].errors


def test_it_shows_cognitos_refusal_on_the_form(admin_client, idp, mfa_pool, faults):
    data = form_values(admin_client.get(_url(mfa_pool)).context["form"])
    data["sms_message"] = "Code: {####}"
    review = admin_client.post(_url(mfa_pool), data)
    faults.set(
        "SetUserPoolMfaConfig",
        "aws:400:InvalidSmsRoleTrustRelationshipException:Role does not have a trust relationship",
        times=1,
    )
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    response = admin_client.post(_url(mfa_pool), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "trust relationship" in form.non_field_errors()[0]
    assert form["sms_message"].value() == "Code: {####}"
    assert mfa_of(idp, mfa_pool)["SmsMfaConfiguration"] == SMS_MFA


def test_it_shows_throttling_on_the_form(admin_client, mfa_pool, faults):
    faults.set("SetUserPoolMfaConfig", "aws:400:TooManyRequestsException:Rate exceeded")
    data = form_values(admin_client.get(_url(mfa_pool)).context["form"])
    data["mode"] = "ON"
    review = admin_client.post(_url(mfa_pool), data)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    response = admin_client.post(_url(mfa_pool), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_it_is_for_admins_only(operator_client, viewer_client, mfa_pool):
    assert operator_client.get(_url(mfa_pool)).status_code == 403
    assert viewer_client.post(_url(mfa_pool), {"mode": "OFF"}).status_code == 403


def test_its_fresh_form_is_of_the_same_pool(admin_client, mfa_pool):
    form = admin_client.get(_url(mfa_pool)).context["form"]
    assert isinstance(form.fresh(), MfaForm)
    assert form.fresh().initial == form.initial


def test_it_refuses_an_edit_over_a_change_made_since_the_form_opened(admin_client, idp, mfa_pool):
    opened = admin_client.get(_url(mfa_pool))
    data = {**form_values(opened.context["form"]), "opened": opened.context["opened"]}
    data["sms_message"] = "Mine: {####}"
    idp.set_user_pool_mfa_config(
        UserPoolId=mfa_pool,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration={**SMS_MFA, "SmsAuthenticationMessage": "Theirs: {####}"},
        SoftwareTokenMfaConfiguration={"Enabled": True},
        WebAuthnConfiguration=PASSKEYS,
    )
    response = admin_client.post(_url(mfa_pool), data)
    assert response.status_code == 409
    conflicts = {c.field: (c.opened, c.now) for c in response.context["conflicts"]}
    assert conflicts["sms_message"] == ("Your sign-in code is {####}", "Theirs: {####}")
    assert conflicts["email"] == (True, False)  # their change turned email MFA off
    yours = {c.field: c.yours for c in response.context["conflicts"]}
    assert yours["sms_message"] == "Mine: {####}"
    assert response.context["form"]["sms_message"].value() == "Theirs: {####}"  # Cognito's now
    sms = mfa_of(idp, mfa_pool)["SmsMfaConfiguration"]
    assert sms["SmsAuthenticationMessage"] == "Theirs: {####}"


def test_it_shows_a_backend_that_is_down(admin_client, mfa_pool, faults):
    faults.set("GetUserPoolMfaConfig", "aws:503:ServiceUnavailable:Service unavailable")
    response = admin_client.get(_url(mfa_pool))
    assert response.status_code == 503
    section = admin_client.get(f"/pools/{mfa_pool}/sign-in/mfa/")
    assert section.status_code == 503


@pytest.mark.parametrize(
    ("value", "drop"),
    [
        ("https://evil.example.com/", ": drop the scheme (https://) and the path."),
        ("auth.example.com:443", ": drop the port."),
        ("auth example.com", ": drop the spaces."),
    ],
    ids=["url", "port", "space"],
)
def test_it_refuses_a_relying_party_id_that_is_no_domain(admin_client, idp, mfa_pool, value, drop):
    data = form_values(admin_client.get(_url(mfa_pool)).context["form"])
    data["rp_id"] = value
    errors = admin_client.post(_url(mfa_pool), data).context["form"].errors
    assert errors["rp_id"][0].startswith(f"“{value}” is not a domain name{drop}")
    assert mfa_of(idp, mfa_pool)["WebAuthnConfiguration"] == PASSKEYS


@pytest.mark.parametrize("spec", [MFA_SPEC, RISK_SPEC], ids=["mfa", "risk"])
def test_every_text_field_takes_its_model_limits(spec):
    from console.cognito import schema

    for setting in spec:
        if setting.widget not in ("text", "textarea", "arn"):
            continue
        limits = schema.limits(spec.op, setting.path)
        field = setting.field(spec.op)
        assert field.max_length == limits.max, setting.name
        assert (field.min_length or None) == (limits.min or None) or setting.widget == "arn"
