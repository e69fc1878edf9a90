"""The "Can this user sign in?" card on the user page: findings, fixes that post and
work, who sees the buttons, and a failed read shown as "could not check"."""

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from console.emulator.auth_events import backdate_user
from console.emulator.linked_providers import add_federated_user
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
    assert response.status_code == 302
    assert response.headers["Location"].split("#")[0] == detail(pool)
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


def plus_pool(idp, name="Plus pool"):
    """A pool whose threat protection keeps a sign-in history, and a password client."""
    pool_id = idp.create_user_pool(
        PoolName=name, UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def wrong_password(idp, client_id, username="ann"):
    with pytest.raises(idp.exceptions.NotAuthorizedException) as refused:
        idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": "Wrong-Pass-123"},
        )
    return refused.value.response["Error"]["Message"]


@pytest.fixture
def clock(monkeypatch):
    """The embedded backend's clock (it runs in this process), `at` moved by the test."""
    from console.emulator import auth_events

    class Clock:
        at = datetime.now(UTC)

        def __call__(self):
            return self.at

    fake = Clock()
    monkeypatch.setattr(auth_events, "now", fake)
    return fake


def test_it_shows_a_lockout_from_the_sign_in_history(viewer_client, idp, clock):
    pool_id, client_id = plus_pool(idp)
    add(idp, pool_id)
    # Ten wrong passwords, each once the lock before it ended (1, 2, 4, 8, 16 s), then
    # two refused during the last lock, which lasts 2^(10-5) = 32 s.
    clock.at = datetime.now(UTC) - timedelta(seconds=40)
    for n in range(1, 11):
        assert wrong_password(idp, client_id) == "Incorrect username or password."
        clock.at += timedelta(seconds=(2 ** (n - 5) if 5 <= n < 10 else 0) + 0.1)
    assert wrong_password(idp, client_id) == "Password attempts exceeded"
    assert wrong_password(idp, client_id) == "Password attempts exceeded"
    last = clock.at - timedelta(seconds=0.1)
    clock.at = datetime.now(UTC)
    html = card(viewer_client.get(detail(pool_id)).content.decode())
    if datetime.now(UTC) - last < timedelta(seconds=30):  # read well within the lock
        assert "Locked out by failed sign-ins" in html
        assert "ann cannot sign in now" in html
        assert "the lock is 2^(10-5) = 32 s after the last" in html
    assert "10 failed password attempts in a row" in html
    assert "2 attempts were refused during the lock (not counted)" in html
    assert "Could not check: Recent sign-ins" not in html


def test_it_says_the_lock_has_ended(viewer_client, idp, clock):
    pool_id, client_id = plus_pool(idp)
    add(idp, pool_id)
    clock.at = datetime.now(UTC) - timedelta(seconds=10)
    for _ in range(5):
        wrong_password(idp, client_id)
    clock.at = datetime.now(UTC)
    html = card(viewer_client.get(detail(pool_id)).content.decode())
    assert "The lockout has ended" in html and "Blocks sign-in" not in html
    assert "Nothing found that stops ann signing in with a password" in html
    assert "would be failure 6 and lock the user out again for 2^(6-5) = 2 s" in html


def test_it_says_threat_protection_is_off_when_there_is_no_history(viewer_client, idp, pool):
    add(idp, pool)
    html = card(viewer_client.get(detail(pool)).content.decode())
    unchecked = html.split("Could not check: Recent sign-ins.</strong>")[1].split("</div>")[0]
    assert "Cognito keeps no sign-in history for this user pool" in unchecked
    assert "which has no threat protection" in unchecked  # the pool is on Essentials
    assert "another page of it is open" not in html


def test_it_says_another_page_of_the_history_is_open(viewer_client, idp, clock):
    pool_id, client_id = plus_pool(idp)
    add(idp, pool_id)
    clock.at = datetime.now(UTC) - timedelta(hours=9)
    for _ in range(21):  # more than one page of the history (20)
        wrong_password(idp, client_id)
        clock.at += timedelta(minutes=20)  # each after a quiet reset: never locked
    clock.at = datetime.now(UTC)
    first = viewer_client.get(detail(pool_id)).content.decode()
    assert "Could not check: Recent sign-ins" not in card(first)
    cursor = re.search(r"ecursor=([^&\"]+)", first).group(1)
    html = card(viewer_client.get(detail(pool_id) + f"?ecursor={cursor}").content.decode())
    assert "Could not check: Recent sign-ins.</strong> You are on page 2 of the sign-in " in html
    assert "open page 1 (the latest sign-ins) to check recent sign-ins" in html


def test_it_gives_the_reason_a_history_read_failed(viewer_client, idp, faults):
    pool_id, _ = plus_pool(idp)
    add(idp, pool_id)
    faults.set("AdminListUserAuthEvents", "aws:400:NotAuthorizedException:No history for you.")
    html = card(viewer_client.get(detail(pool_id)).content.decode())
    unchecked = html.split("Could not check: Recent sign-ins.</strong>")[1].split("</div>")[0]
    assert "No history for you." in unchecked
    assert "alert-warning" in html.split("Could not check: Recent sign-ins.")[0][-300:]


class _Fragments(HTMLParser):
    """Each element id on the page, with whether it lies inside a <details>."""

    def __init__(self):
        super().__init__()
        self.open_details = 0
        self.ids: dict[str, bool] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.open_details += 1
        ident = dict(attrs).get("id")
        if ident:
            self.ids[ident] = self.open_details > 0

    def handle_endtag(self, tag):
        if tag == "details":
            self.open_details -= 1


def fix_links_pool(idp):
    """A pool where ann and newhire get every link fix to a form of the user page."""
    sms = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}
    pool_id = idp.create_user_pool(PoolName="Fix links", SmsConfiguration=sms)["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="ON", SmsMfaConfiguration={"SmsConfiguration": sms}
    )
    add(idp, pool_id)  # no phone for SMS MFA
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="ann")  # a password to set
    idp.admin_update_user_attributes(  # and no verified address
        UserPoolId=pool_id,
        Username="ann",
        UserAttributes=[{"Name": "email_verified", "Value": "false"}],
    )
    add(idp, pool_id, "newhire", password=False)
    backdate_user(pool_id=pool_id, username="newhire", days=8)  # an expired invitation
    return pool_id


def test_every_fix_link_goes_to_a_form_field(admin_client, idp):
    pool_id = fix_links_pool(idp)
    seen = set()
    for username in ("ann", "newhire"):
        page = admin_client.get(detail(pool_id, username)).content.decode()
        links = re.findall(r'<a class="btn[^"]*" href="([^"]*#[^"]+)">([^<]+)</a>', card(page))
        parser = _Fragments()
        parser.feed(page)
        for href, label in links:
            path, fragment = href.split("#")
            assert path == detail(pool_id, username)
            assert parser.ids.get(fragment) is True, f"{label}: #{fragment} in no <details>"
            seen.add((label, fragment))
    assert seen == {
        ("Set a password instead", "id_password"),
        ("Edit attributes", "id_attr__email"),
        ("Add a phone number", "id_new_phone"),
        ("Set a new temporary password", "id_password"),
    }


def test_it_names_operator_only_link_fixes_to_a_viewer(viewer_client, idp):
    pool_id = fix_links_pool(idp)
    for username in ("ann", "newhire"):
        html = card(viewer_client.get(detail(pool_id, username)).content.decode())
        assert not re.findall(r'<a class="btn[^"]*" href="[^"]*#', html), username
        if username == "ann":
            for label in ("Set a password instead", "Edit attributes", "Add a phone number"):
                assert f"An Operator can: {label}." in html
        else:
            assert "An Operator can: Set a new temporary password." in html


def test_it_shows_a_viewer_the_app_client_links(viewer_client, idp):
    pool_id = idp.create_user_pool(PoolName="No flows")["UserPool"]["Id"]
    idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"]
    )
    add(idp, pool_id)
    html = card(viewer_client.get(detail(pool_id)).content.decode())
    assert ">All app clients</a>" in html and ">App client web</a>" in html
    assert "An Operator can: All app clients" not in html


def unlinked_federated_user(idp):
    pool_id = idp.create_user_pool(PoolName="Federated")["UserPool"]["Id"]
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails={"client_id": "c", "client_secret": "s", "authorize_scopes": "email"},
    )
    name = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="g-1")
    idp.admin_disable_provider_for_user(
        UserPoolId=pool_id,
        User={
            "ProviderName": "Google",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "g-1",
        },
    )
    return pool_id, name


def test_it_tells_a_federated_user_whose_identity_is_gone_to_sign_in_again(viewer_client, idp):
    pool_id, name = unlinked_federated_user(idp)
    html = card(viewer_client.get(detail(pool_id, name)).content.decode())
    assert f"{name} cannot sign in now: 2 problems block it." in html
    assert "A federated user whose identity is gone" in html
    assert "Nothing found that stops" not in html
    assert "An Admin can: Delete this user." in html and 'data-fix="enable"' not in html


def test_it_links_an_admin_to_deleting_a_federated_user_whose_identity_is_gone(admin_client, idp):
    pool_id, name = unlinked_federated_user(idp)
    admin = card(admin_client.get(detail(pool_id, name)).content.decode())
    assert f'href="{detail(pool_id, name)}#id_confirm">Delete this user</a>' in admin


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
