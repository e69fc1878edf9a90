"""The user page's MFA recovery: one guided action for a user who lost an authenticator
(AdminSetUserMFAPreference, AdminUpdateUserAttributes, AdminForgetDevice,
AdminUserGlobalSignOut), each step audited, and what the admin API cannot do said on
the page; through the views, against the embedded backend."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.models import AuditEvent
from tests.emulator.test_devices import make_pool, new_device


def detail(pool_id, username="dana"):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def recovery_url(pool_id, username="dana"):
    return reverse("users:user_mfa_recovery", kwargs={"pool_id": pool_id, "username": username})


def part(html: str) -> str:
    return html.split('id="mfa-recovery"')[1].split("</details>")[0]


def mfa_of(idp, pool_id, username="dana") -> tuple[list[str], str]:
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    return user.get("UserMFASettingList", []), user.get("PreferredMfaSetting", "")


@pytest.fixture
def lost_app(idp):
    """`dana` with a remembered laptop and an authenticator app (TOTP) enabled and
    preferred, in a pool that requires MFA: (pool ID, device key)."""
    pool_id, client = make_pool(
        idp,
        device_configuration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": False,
        },
    )
    key, device = new_device(idp, client, "dana", "Dana's phone")
    token = device["result"]["AccessToken"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    idp.associate_software_token(AccessToken=token)
    idp.verify_software_token(AccessToken=token, UserCode="123456")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id,
        Username="dana",
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    assert mfa_of(idp, pool_id) == (["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")
    return pool_id, key


EVERY_STEP = {
    "turn_off_totp": "on",
    "forget_devices": "on",
    "sign_out": "on",
    "identity_checked": "on",
}


def test_it_explains_the_recovery_and_what_the_api_cannot_do(lost_app, viewer_client):
    html = viewer_client.get(detail(lost_app[0])).content.decode()
    text = part(html)
    assert "This pool requires MFA" in text
    assert "Passkeys (WebAuthn)" in text and "no admin operation" in text
    assert "<form" not in text  # a Viewer reads, and runs nothing


def test_it_offers_the_steps_that_fit_the_user(lost_app, operator_client):
    text = part(operator_client.get(detail(lost_app[0])).content.decode())
    assert "Turn off their authenticator app (TOTP)" in text
    assert "Forget their remembered devices" in text and "Sign them out everywhere" in text


def test_it_runs_every_step_audited(lost_app, operator_client, idp):
    pool_id, key = lost_app
    response = operator_client.post(recovery_url(pool_id), EVERY_STEP, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "MFA recovery of dana: turned off the authenticator app; forgot 1 device; " in html
    assert "signed them out everywhere" in html
    assert mfa_of(idp, pool_id) == ([], "")
    assert idp.admin_list_devices(UserPoolId=pool_id, Username="dana")["Devices"] == []
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "outcome", "target_id"))
    assert actions == [
        ("AdminSetUserMFAPreference", "succeeded", "dana"),
        ("AdminForgetDevice", "succeeded", "dana"),
        ("AdminUserGlobalSignOut", "succeeded", "dana"),
    ]
    assert key in str(AuditEvent.objects.get(action="AdminForgetDevice").parameters)


def test_it_keeps_the_users_other_methods(lost_app, operator_client, idp):
    pool_id, _ = lost_app
    idp.admin_update_user_attributes(
        UserPoolId=pool_id,
        Username="dana",
        UserAttributes=[{"Name": "phone_number", "Value": "+447700900001"}],
    )
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id, Username="dana", SMSMfaSettings={"Enabled": True}
    )
    assert set(mfa_of(idp, pool_id)[0]) == {"SOFTWARE_TOKEN_MFA", "SMS_MFA"}
    operator_client.post(recovery_url(pool_id), {"turn_off_totp": "on", "identity_checked": "on"})
    assert mfa_of(idp, pool_id)[0] == ["SMS_MFA"]


def test_it_saves_a_new_phone_number_as_verified(lost_app, operator_client, idp):
    pool_id, _ = lost_app
    response = operator_client.post(
        recovery_url(pool_id),
        {"new_phone": "+447700900123", "identity_checked": "on"},
        follow=True,
    )
    assert "saved the new phone_number as verified" in response.content.decode()
    user = idp.admin_get_user(UserPoolId=pool_id, Username="dana")
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["phone_number"] == "+447700900123"
    assert attributes["phone_number_verified"] == "true"
    assert mfa_of(idp, pool_id)[0] == ["SOFTWARE_TOKEN_MFA"]  # not ticked: kept
    assert AuditEvent.objects.get().action == "AdminUpdateUserAttributes"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({**EVERY_STEP, "identity_checked": ""}, "Confirm that you checked who is asking"),
        ({"identity_checked": "on"}, "Choose at least one step"),
        ({"new_phone": "07700 900123", "identity_checked": "on"}, "+ and the country code"),
        ({"new_email": "not-an-address", "identity_checked": "on"}, "not an email address"),
    ],
)
def test_it_refuses_an_incomplete_form_without_sending(lost_app, operator_client, idp, data, words):
    pool_id, _ = lost_app
    response = operator_client.post(recovery_url(pool_id), data)
    assert response.status_code == 400
    text = part(response.content.decode())
    assert words in text
    assert '<details class="mt-2" id="mfa-recovery" open' in response.content.decode()
    assert not AuditEvent.objects.exists()
    assert mfa_of(idp, pool_id)[0] == ["SOFTWARE_TOKEN_MFA"]


def test_it_says_which_steps_were_done_when_one_fails(faults, lost_app, operator_client, idp):
    pool_id, _ = lost_app
    faults.set("AdminUserGlobalSignOut", "aws:400:NotAuthorizedException:User is disabled.")
    response = operator_client.post(recovery_url(pool_id), EVERY_STEP)
    assert response.status_code == 400
    text = part(response.content.decode())
    assert "Done before it: turned off the authenticator app; forgot 1 device." in text
    assert "User is disabled" in text
    assert mfa_of(idp, pool_id)[0] == []
    assert AuditEvent.objects.get(action="AdminUserGlobalSignOut").outcome == "failed"


def test_it_lets_a_viewer_see_but_not_post(lost_app, viewer_client, idp):
    pool_id, _ = lost_app
    assert viewer_client.post(recovery_url(pool_id), EVERY_STEP).status_code == 403
    assert mfa_of(idp, pool_id)[0] == ["SOFTWARE_TOKEN_MFA"]
    assert not AuditEvent.objects.exists()


SMS = {
    "SmsAuthenticationMessage": "Your code is {####}",
    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/CognitoSms"},
}


def pool_with_mfa(idp, mode):
    """A pool created with MFA OFF (as the console creates pools), then set to `mode`
    by SetUserPoolMfaConfig; `dana` has an authenticator app (preferred) and SMS."""
    pool_id = idp.create_user_pool(PoolName="mfa-recovery", MfaConfiguration="OFF")["UserPool"][
        "Id"
    ]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="dana",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "phone_number", "Value": "+447700900001"}],
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="dana", Password="Correct-Horse-1!", Permanent=True
    )
    token = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "dana", "PASSWORD": "Correct-Horse-1!"},
    )["AuthenticationResult"]["AccessToken"]
    idp.associate_software_token(AccessToken=token)
    idp.verify_software_token(AccessToken=token, UserCode="123456")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id,
        Username="dana",
        SMSMfaSettings={"Enabled": True},
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration=mode,
        SmsMfaConfiguration=SMS,
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    assert set(mfa_of(idp, pool_id)[0]) == {"SOFTWARE_TOKEN_MFA", "SMS_MFA"}
    return pool_id


@pytest.mark.parametrize(
    ("mode", "words"),
    [("ON", "This pool requires MFA"), ("OPTIONAL", "MFA is optional in this pool")],
)
def test_it_reads_the_mfa_setting_the_pool_has(idp, viewer_client, mode, words):
    # The pool was created with MFA OFF and SetUserPoolMfaConfig turned it on: the page
    # says what GetUserPoolMfaConfig says, not "MFA is off".
    text = part(viewer_client.get(detail(pool_with_mfa(idp, mode))).content.decode())
    assert words in text
    assert "MFA is off in this pool" not in text


def test_it_turns_off_every_method_in_an_optional_pool(idp, operator_client):
    pool_id = pool_with_mfa(idp, "OPTIONAL")
    text = part(operator_client.get(detail(pool_id)).content.decode())
    assert "Turn off all of their MFA methods (SMS, authenticator app, email)" in text
    response = operator_client.post(
        recovery_url(pool_id),
        {"turn_off_all_mfa": "on", "turn_off_totp": "on", "identity_checked": "on"},
        follow=True,
    )
    assert "MFA recovery of dana: turned off all their MFA methods." in response.content.decode()
    assert mfa_of(idp, pool_id) == ([], "")
    event = AuditEvent.objects.get()  # one call, whichever of the two steps was ticked
    assert (event.action, event.outcome) == ("AdminSetUserMFAPreference", "succeeded")


def test_it_does_not_offer_to_turn_off_every_method_when_mfa_is_required(idp, operator_client):
    pool_id = pool_with_mfa(idp, "ON")
    text = part(operator_client.get(detail(pool_id)).content.decode())
    assert "Turn off all of their MFA methods" not in text
    assert "would ask them to set up a factor anyway" in text
    assert "Turn off their authenticator app (TOTP)" in text
    response = operator_client.post(
        recovery_url(pool_id), {"turn_off_all_mfa": "on", "identity_checked": "on"}
    )
    assert response.status_code == 400  # the step is not in the form: nothing chosen
    assert "Choose at least one step" in part(response.content.decode())
    assert set(mfa_of(idp, pool_id)[0]) == {"SOFTWARE_TOKEN_MFA", "SMS_MFA"}
