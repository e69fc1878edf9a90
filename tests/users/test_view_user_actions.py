"""The user page and every action, through the views, against the moto server."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from console.models import AuditEvent

from .conftest import ODD_NAMES, add_user


def detail(pool_id, username):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def action(pool_id, username, name):
    return reverse(f"users:user_{name}", kwargs={"pool_id": pool_id, "username": username})


@pytest.mark.parametrize("username", ODD_NAMES)
def test_it_round_trips_odd_usernames(operator_client, odd_users, users_pool, idp, username):
    url = detail(users_pool, username)
    assert "/" not in url.split("/users/")[1].rstrip("/")
    response = operator_client.get(url)
    assert response.status_code == 200
    assert f'data-testid="username">{username}' in response.content.decode().replace(
        "&amp;", "&"
    ).replace("&#x27;", "'")
    response = operator_client.post(action(users_pool, username, "disable"))
    assert response.status_code == 302 and response.headers["Location"] == f"{url}#h-actions"
    assert idp.admin_get_user(UserPoolId=users_pool, Username=username)["Enabled"] is False
    assert AuditEvent.objects.get(action="AdminDisableUser").target_id == username


def test_it_links_the_list_to_odd_usernames(viewer_client, odd_users, users_pool):
    html = viewer_client.get(f"/pools/{users_pool}/users/").content.decode()
    for name in odd_users:
        assert f'href="{detail(users_pool, name)}"'.replace("&", "&amp;") in html


def test_it_finds_no_user_for_an_unencoded_slash(viewer_client, odd_users, users_pool):
    assert viewer_client.get(f"/pools/{users_pool}/users/{quote('a~zz')}/").status_code == 404


def test_it_shows_everything_about_the_user(viewer_client, idp, users_pool):
    add_user(
        idp, users_pool, "ann", "ann@example.com", custom__tenant_id="t-9", custom__employee_no="E1"
    )
    idp.admin_update_user_attributes(
        UserPoolId=users_pool,
        Username="ann",
        UserAttributes=[{"Name": "email_verified", "Value": "true"}],
    )
    idp.create_group(
        UserPoolId=users_pool,
        GroupName="leads",
        Precedence=1,
        RoleArn="arn:aws:iam::123456789012:role/Leads",
    )
    idp.create_group(
        UserPoolId=users_pool,
        GroupName="staff",
        Precedence=5,
        RoleArn="arn:aws:iam::123456789012:role/Staff",
    )
    for g in ("leads", "staff"):
        idp.admin_add_user_to_group(UserPoolId=users_pool, Username="ann", GroupName=g)
    html = viewer_client.get(detail(users_pool, "ann")).content.decode()
    assert "custom:tenant_id" in html and "t-9" in html
    assert "verified</span>" in html and "read-only" in html
    assert "role/Leads" in html.split('data-testid="preferred-role"')[1][:400]
    assert "FORCE_CHANGE_PASSWORD" in html
    assert "Disable user" not in html  # a Viewer sees no buttons


def test_it_enables_disables_confirms_resets_and_signs_out(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann", "ann@example.com", email_verified="true")
    idp.admin_set_user_password(
        UserPoolId=users_pool, Username="ann", Password="Long-Pass-123", Permanent=True
    )
    for name in ("disable", "enable", "reset_password", "sign_out"):
        sent = {"confirmed": "on"} if name == "reset_password" else {}
        response = operator_client.post(action(users_pool, "ann", name), sent, follow=True)
        assert response.status_code == 200, name
    assert idp.admin_get_user(UserPoolId=users_pool, Username="ann")["Enabled"] is True
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "outcome"))
    assert actions == [
        ("AdminDisableUser", "succeeded"),
        ("AdminEnableUser", "succeeded"),
        ("AdminResetUserPassword", "succeeded"),
        ("AdminUserGlobalSignOut", "succeeded"),
    ]


def test_it_confirms_a_sign_up(operator_client, idp, users_pool):
    client_id = idp.create_user_pool_client(UserPoolId=users_pool, ClientName="c")[
        "UserPoolClient"
    ]["ClientId"]
    idp.sign_up(
        ClientId=client_id,
        Username="newbie",
        Password="Passw0rd-Long",
        UserAttributes=[{"Name": "email", "Value": "n@example.com"}],
    )
    operator_client.post(action(users_pool, "newbie", "confirm"))
    assert idp.admin_get_user(UserPoolId=users_pool, Username="newbie")["UserStatus"] == (
        "CONFIRMED"
    )


def test_it_shows_why_cognito_refused(operator_client, users_pool):
    response = operator_client.post(action(users_pool, "ghost", "disable"), follow=True)
    assert "Cognito refused" in response.content.decode()
    assert AuditEvent.objects.get().outcome == "failed"


def test_it_sets_a_password_checked_against_the_policy(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    response = operator_client.post(
        action(users_pool, "ann", "set_password"), {"password": "short", "permanent": "on"}
    )
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()
    assert not AuditEvent.objects.exists()
    operator_client.post(
        action(users_pool, "ann", "set_password"), {"password": "Much-Longer-1", "permanent": "on"}
    )
    assert idp.admin_get_user(UserPoolId=users_pool, Username="ann")["UserStatus"] == "CONFIRMED"
    assert AuditEvent.objects.get().parameters["Password"] == "[redacted]"


def test_it_edits_only_mutable_attributes_and_marks_verified(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann", "ann@example.com", custom__employee_no="E1")
    page = operator_client.get(detail(users_pool, "ann")).content.decode()
    assert 'name="attr__custom__employee_no"' not in page  # immutable: not editable
    response = operator_client.post(
        action(users_pool, "ann", "attributes"),
        {
            "attr__email": "new@example.com",
            "email_verified": "on",
            "attr__custom__tenant_id": "t-1",
        },
    )
    assert response.status_code == 302
    attrs = {
        a["Name"]: a["Value"]
        for a in idp.admin_get_user(UserPoolId=users_pool, Username="ann")["UserAttributes"]
    }
    assert attrs["email"] == "new@example.com" and attrs["email_verified"] == "true"
    assert attrs["custom:tenant_id"] == "t-1"
    response = operator_client.post(
        action(users_pool, "ann", "attributes"), {"attr__email": "not-an-email"}
    )
    assert response.status_code == 400 and "valid email" in response.content.decode()


def test_it_deletes_attributes(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann", custom__tenant_id="t-1")
    operator_client.post(
        action(users_pool, "ann", "delete_attributes"), {"names": ["custom:tenant_id"]}
    )
    names = {
        a["Name"]
        for a in idp.admin_get_user(UserPoolId=users_pool, Username="ann")["UserAttributes"]
    }
    assert "custom:tenant_id" not in names


def test_it_sets_mfa_preferences_and_legacy_settings(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann", phone_number="+12065551212")
    operator_client.post(action(users_pool, "ann", "mfa"), {"enabled": ["SMS"], "preferred": "SMS"})
    operator_client.post(action(users_pool, "ann", "settings"), {"sms_mfa": "on"})
    user = idp.admin_get_user(UserPoolId=users_pool, Username="ann")
    assert user["PreferredMfaSetting"] == "SMS_MFA"
    assert user["MFAOptions"] == [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]


def test_it_adds_to_and_removes_from_a_group(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ops/ann")
    idp.create_group(UserPoolId=users_pool, GroupName="support")
    operator_client.post(action(users_pool, "ops/ann", "add_group"), {"group": "support"})
    groups = idp.admin_list_groups_for_user(UserPoolId=users_pool, Username="ops/ann")["Groups"]
    assert [g["GroupName"] for g in groups] == ["support"]
    operator_client.post(action(users_pool, "ops/ann", "remove_group"), {"group": "support"})
    assert not idp.admin_list_groups_for_user(UserPoolId=users_pool, Username="ops/ann")["Groups"]


def test_it_lets_only_an_admin_delete_and_only_with_the_typed_name(
    operator_client, admin, idp, users_pool
):
    add_user(idp, users_pool, "ann")
    assert (
        operator_client.post(action(users_pool, "ann", "delete"), {"confirm": "ann"}).status_code
        == 403
    )
    operator_client.force_login(admin)
    response = operator_client.post(action(users_pool, "ann", "delete"), {"confirm": "Ann"})
    assert response.status_code == 400
    response = operator_client.post(action(users_pool, "ann", "delete"), {"confirm": "ann"})
    assert response.status_code == 302
    assert not idp.list_users(UserPoolId=users_pool)["Users"]


def test_it_creates_a_user_with_everything_admin_create_user_takes(
    operator_client, idp, users_pool
):
    url = reverse("users:new", kwargs={"pool_id": users_pool})
    response = operator_client.post(
        url,
        {
            "username": "new/one",
            "attr__email": "n1@example.com",
            "email_verified": "on",
            "attr__custom__tenant_id": "t-7",
            "temporary_password": "Temp-Pass-123",
            "message_action": "SUPPRESS",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == detail(users_pool, "new/one")
    user = idp.admin_get_user(UserPoolId=users_pool, Username="new/one")
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attrs["email_verified"] == "true" and attrs["custom:tenant_id"] == "t-7"
    assert AuditEvent.objects.get().parameters["TemporaryPassword"] == "[redacted]"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "has space", "attr__email": "a@example.com"}, "without spaces"),
        ({"username": "x"}, "requires email"),
        ({"username": "x", "attr__email": "nope"}, "valid email"),
        ({"username": "x", "attr__email": "a@example.com", "attr__phone_number": "0123"}, "E.164"),
        (
            {"username": "x", "attr__email": "a@example.com", "temporary_password": "weak"},
            "at least 10",
        ),
        (
            {"username": "x", "attr__email": "a@example.com", "delivery_sms": "on"},
            "needs a phone_number",
        ),
        ({"username": "x" * 129, "attr__email": "a@example.com"}, "at most 128"),
    ],
)
def test_it_checks_the_new_user_before_sending(operator_client, users_pool, data, message):
    url = reverse("users:new", kwargs={"pool_id": users_pool})
    response = operator_client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_it_sends_only_what_resend_takes(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann", "ann@example.com")
    url = reverse("users:new", kwargs={"pool_id": users_pool})
    response = operator_client.post(
        url, {"username": "ann", "message_action": "RESEND", "delivery_email": "on"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert event.parameters == {
        "UserPoolId": users_pool,
        "Username": "ann",
        "MessageAction": "RESEND",
        "DesiredDeliveryMediums": ["EMAIL"],
    }


def test_it_keeps_the_user_as_it_is_on_resend(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann", "ann@example.com", custom__tenant_id="t-5")
    before = idp.admin_get_user(UserPoolId=users_pool, Username="ann")
    response = operator_client.post(action(users_pool, "ann", "resend_invite"), follow=True)
    assert "Re-sent the invitation" in response.content.decode()
    after = idp.admin_get_user(UserPoolId=users_pool, Username="ann")
    assert after["UserAttributes"] == before["UserAttributes"]  # same sub, same attributes
    assert after["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_it_refuses_resend_to_a_confirmed_user(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    idp.admin_set_user_password(
        UserPoolId=users_pool, Username="ann", Password="Long-Pass-123", Permanent=True
    )
    response = operator_client.post(action(users_pool, "ann", "resend_invite"), follow=True)
    # The status rules it out: it is refused before anything is sent to Cognito.
    assert "Not done: Only a user an administrator created" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_it_lists_and_forgets_devices(operator_client, idp):
    from tests.emulator.test_devices import make_pool, new_device

    pool_id, client = make_pool(
        idp,
        device_configuration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": False,
        },
    )
    key, _ = new_device(idp, client, "dana", "Dana's laptop")
    html = operator_client.get(detail(pool_id, "dana")).content.decode()
    assert key in html and "Dana&#x27;s laptop" in html
    response = operator_client.post(action(pool_id, "dana", "forget_device"), {"device_key": key})
    assert response.status_code == 302
    assert idp.admin_list_devices(UserPoolId=pool_id, Username="dana")["Devices"] == []
    assert AuditEvent.objects.get().action == "AdminForgetDevice"
