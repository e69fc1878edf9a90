"""The user page offers only what the user's status allows, and Cognito's
NotAuthorizedException about the user is told apart from a missing IAM permission."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.cognito import NotAuthorized, Refused
from console.cognito.records import User
from console.cognito.users import user_reset_password, user_ruled_out
from console.models import AuditEvent

from .conftest import add_user

IAM_DENIAL = (
    "User: arn:aws:iam::123456789012:user/console is not authorized to perform: "
    "cognito-idp:AdminResetUserPassword on resource: "
    "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X"
)


def detail(pool_id, username):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def action(pool_id, username, name):
    return reverse(f"users:user_{name}", kwargs={"pool_id": pool_id, "username": username})


def buttons(client, pool_id, username):
    html = client.get(detail(pool_id, username)).content.decode()
    labels = ("Reset password", "Confirm sign-up", "Re-send invitation", "<summary>Set password")
    return {label for label in labels if label in html}, html


def confirmed(idp, pool_id, name, **attrs):
    add_user(idp, pool_id, name, email_verified="true", **attrs)
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=name, Password="Long-Pass-123", Permanent=True
    )


def test_it_offers_a_force_change_password_user_the_invitation_not_a_reset(
    operator_client, idp, users_pool
):
    add_user(idp, users_pool, "invited")
    offered, html = buttons(operator_client, users_pool, "invited")
    assert offered == {"Re-send invitation", "<summary>Set password"}
    assert "Re-send the invitation" in html.split('data-testid="no-reset"')[1][:400]
    # A stale page's POST is not sent to Cognito.
    response = operator_client.post(action(users_pool, "invited", "reset_password"), follow=True)
    assert "Not done: Cognito cannot reset the password" in response.content.decode()
    assert not AuditEvent.objects.filter(action="AdminResetUserPassword").exists()


def test_it_offers_an_unconfirmed_user_confirm_and_no_reset(operator_client, idp, users_pool):
    client_id = idp.create_user_pool_client(UserPoolId=users_pool, ClientName="app")[
        "UserPoolClient"
    ]["ClientId"]
    idp.sign_up(
        ClientId=client_id,
        Username="signed.up",
        Password="Long-Pass-123",
        UserAttributes=[{"Name": "email", "Value": "s@example.com"}],
    )
    offered, _ = buttons(operator_client, users_pool, "signed.up")
    assert offered == {"Confirm sign-up", "<summary>Set password"}
    response = operator_client.post(action(users_pool, "signed.up", "confirm"), follow=True)
    assert "Confirmed the sign-up of signed.up" in response.content.decode()


def test_it_offers_a_confirmed_user_a_reset_and_nothing_for_new_users(
    operator_client, idp, users_pool
):
    confirmed(idp, users_pool, "ann")
    offered, _ = buttons(operator_client, users_pool, "ann")
    assert offered == {"Reset password", "<summary>Set password"}
    response = operator_client.post(action(users_pool, "ann", "resend_invite"), follow=True)
    assert "Not done: Only a user an administrator created" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_it_offers_a_disabled_user_no_reset(operator_client, idp, users_pool):
    confirmed(idp, users_pool, "off")
    idp.admin_disable_user(UserPoolId=users_pool, Username="off")
    offered, html = buttons(operator_client, users_pool, "off")
    assert "Reset password" not in offered and "Enable the user first" in html


def test_it_offers_a_federated_user_no_password_action():
    user = User(
        username="Google_123",
        status="EXTERNAL_PROVIDER",
        enabled=True,
        created=None,
        modified=None,
        attributes={},
    )
    assert set(user_ruled_out(user)) == {
        "reset_password",
        "set_password",
        "confirm",
        "resend_invite",
    }


@pytest.mark.parametrize(
    "message",
    [
        "User password cannot be reset in the current state.",
        "User is disabled.",
        "Incorrect username or password.",
    ],
)
def test_it_calls_a_refusal_about_the_user_no_permission_problem(
    message, faults, idp, users_pool, db
):
    confirmed(idp, users_pool, "ann")
    faults.set("AdminResetUserPassword", f"aws:400:NotAuthorizedException:{message}")
    with pytest.raises(Refused) as info:
        user_reset_password(pool_id=users_pool, username="ann")
    assert info.value.status == 409
    assert "not because of the console's permissions" in info.value.details
    assert "IAM" not in info.value.details


@pytest.mark.parametrize("code", ["NotAuthorizedException", "AccessDeniedException"])
def test_it_says_so_when_an_iam_permission_is_missing(code, faults, idp, users_pool, db):
    confirmed(idp, users_pool, "ann")
    faults.set("AdminResetUserPassword", f"aws:400:{code}:{IAM_DENIAL}")
    with pytest.raises(NotAuthorized) as info:
        user_reset_password(pool_id=users_pool, username="ann")
    assert not isinstance(info.value, Refused)
    assert "IAM policy" in info.value.details


def test_it_shows_the_user_state_advice(operator_client, faults, idp, users_pool):
    confirmed(idp, users_pool, "ann")
    faults.set("AdminResetUserPassword", "aws:400:NotAuthorizedException:User is disabled.")
    response = operator_client.post(
        action(users_pool, "ann", "reset_password"), {"confirmed": "on"}, follow=True
    )
    text = response.content.decode()
    assert "User is disabled." in text and "not because of the console" in text
    assert "IAM policy" not in text
