"""The "Can this user sign in?" card on the user page: findings, fixes that post and
work, who sees the buttons, and a failed read shown as "could not check"."""

import pytest
from django.urls import reverse

from console.emulator.auth_events import backdate_user
from console.models import AuditEvent

PASSWORD = "Long-Pass-123"


def detail(pool_id, username="ann"):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def action(pool_id, name, username="ann"):
    return reverse(f"users:user_{name}", kwargs={"pool_id": pool_id, "username": username})


def card(html: str) -> str:
    assert html.count('id="diagnosis"') == 1
    return html.split('id="diagnosis"')[1].split("</section>")[0]


def attributes(idp, pool_id, username="ann") -> dict:
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


@pytest.fixture
def pool(idp):
    pool_id = idp.create_user_pool(PoolName="Card pool")["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    return pool_id


def add(idp, pool_id, username="ann", *, verified=True, password=True):
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        UserAttributes=[
            {"Name": "email", "Value": f"{username}@example.com"},
            {"Name": "email_verified", "Value": str(verified).lower()},
        ],
        TemporaryPassword=PASSWORD,
        MessageAction="SUPPRESS",
    )
    if password:
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
        )


def test_it_says_nothing_was_found_and_what_was_checked(viewer_client, idp, pool):
    add(idp, pool)
    html = card(viewer_client.get(detail(pool)).content.decode())
    assert "Can this user sign in?" in html
    assert "Nothing found that stops ann signing in with a password" in html
    assert "What was checked" in html and "web allows USER_SRP_AUTH" in html
    # The pool has no threat protection: the history check says it was skipped.
    assert "Could not check: Recent sign-ins." in html


def test_it_shows_a_viewer_the_finding_but_no_button(viewer_client, idp, pool):
    add(idp, pool)
    idp.admin_disable_user(UserPoolId=pool, Username="ann")
    html = card(viewer_client.get(detail(pool)).content.decode())
    assert "ann cannot sign in now: 1 problem blocks it." in html
    assert "The user is disabled" in html and "Blocks sign-in" in html
    assert "<form" not in html and "An Operator can: Enable user." in html


def test_it_enables_the_user_from_the_card(operator_client, idp, pool):
    add(idp, pool)
    idp.admin_disable_user(UserPoolId=pool, Username="ann")
    html = card(operator_client.get(detail(pool)).content.decode())
    form = html.split('data-fix="enable"')[0].rsplit("<form", 1)[1]
    assert f'action="{action(pool, "enable")}"' in form and 'method="post"' in form
    assert "csrfmiddlewaretoken" in html.split('data-fix="enable"')[1]
    response = operator_client.post(action(pool, "enable"))
    assert response.status_code == 302 and response.headers["Location"] == detail(pool)
    assert idp.admin_get_user(UserPoolId=pool, Username="ann")["Enabled"] is True
    html = card(operator_client.get(detail(pool)).content.decode())
    assert "The user is disabled" not in html


def test_it_marks_an_address_verified_only_once_ticked(operator_client, idp, pool):
    add(idp, pool, verified=False)
    html = card(operator_client.get(detail(pool)).content.decode())
    assert "“Forgot password” cannot work" in html
    assert 'data-fix="verify_contact"' in html and 'name="confirmed"' in html
    assert "I have confirmed with the person that ann@example.com is theirs." in html
    page = operator_client.post(action(pool, "verify_contact"), {"attribute": "email"}, follow=True)
    assert "Tick that you confirmed the address with the person" in page.content.decode()
    assert attributes(idp, pool)["email_verified"] == "false"
    assert not AuditEvent.objects.exists()
    operator_client.post(action(pool, "verify_contact"), {"attribute": "email", "confirmed": "on"})
    assert attributes(idp, pool)["email_verified"] == "true"
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.target_id) == (
        "AdminUpdateUserAttributes",
        "succeeded",
        "ann",
    )
    again = operator_client.post(
        action(pool, "verify_contact"), {"attribute": "email", "confirmed": "on"}, follow=True
    )
    assert "already verified" in again.content.decode()
    html = card(operator_client.get(detail(pool)).content.decode())
    assert "“Forgot password” cannot work" not in html


def test_it_refuses_to_verify_an_address_the_user_lacks(operator_client, idp, pool):
    add(idp, pool)
    page = operator_client.post(
        action(pool, "verify_contact"),
        {"attribute": "phone_number", "confirmed": "on"},
        follow=True,
    )
    assert "ann has no phone_number to verify" in page.content.decode()
    assert not AuditEvent.objects.exists()


def test_it_re_sends_an_expired_invitation_from_the_card(operator_client, idp, pool):
    add(idp, pool, password=False)
    backdate_user(pool_id=pool, username="ann", days=8)
    html = card(operator_client.get(detail(pool)).content.decode())
    assert "The invitation has expired" in html and 'data-fix="resend_invite"' in html
    response = operator_client.post(action(pool, "resend_invite"))
    assert response.status_code == 302
    assert AuditEvent.objects.get().parameters["MessageAction"] == "RESEND"
    html = card(operator_client.get(detail(pool)).content.decode())
    assert "The invitation has expired" not in html
    assert "Invited; has not signed in yet" in html


def test_it_shows_a_lockout_from_the_sign_in_history(viewer_client, idp):
    pool_id = idp.create_user_pool(
        PoolName="Plus pool",
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    add(idp, pool_id)
    for _ in range(6):
        with pytest.raises(idp.exceptions.NotAuthorizedException):
            idp.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "ann", "PASSWORD": "Wrong-Pass-123"},
            )
    html = card(viewer_client.get(detail(pool_id)).content.decode())
    assert "Locked out by failed sign-ins" in html
    assert "6 failed sign-ins in a row" in html
    assert "Could not check: Recent sign-ins" not in html


def test_it_says_could_not_check_when_a_read_fails(viewer_client, idp, pool, faults):
    add(idp, pool)
    idp.set_user_pool_mfa_config(
        UserPoolId=pool, MfaConfiguration="ON", SoftwareTokenMfaConfiguration={"Enabled": True}
    )
    faults.set("GetUserPoolMfaConfig", "error")
    faults.set("ListUserPoolClients", "aws:400:NotAuthorizedException:Not allowed.")
    response = viewer_client.get(detail(pool))
    assert response.status_code == 200
    html = card(response.content.decode())
    assert "Could not check: MFA factors." in html
    assert "Could not check: App client sign-in flows.</strong> Not allowed." in html
    assert "3 checks could not run" in html.split('data-testid="diagnosis-verdict">')[1][:300]


def test_it_keeps_one_card_when_htmx_swaps_the_page_body(viewer_client, idp, pool):
    add(idp, pool)
    html = viewer_client.get(detail(pool), headers={"HX-Request": "true"}).content.decode()
    assert 'id="user-detail"' in html
    card(html)  # exactly once, inside the swapped element
    assert html.index('id="user-detail"') < html.index('id="diagnosis"')
