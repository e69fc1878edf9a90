"""Why can't this user sign in? A user signs in through the embedded backend (a wrong
password, then the right one, from the app client's test sign-in), and the support
engineer sees both auth events and the diagnosis on the user page; then the user
is locked out by failed attempts, and disabled, and the diagnosis says so and fixes
what can be fixed with one button."""

import contextlib
from datetime import timedelta
from types import SimpleNamespace

from playwright.sync_api import expect

PASSWORD = "Right-Passw0rd!"


def _pool_with_history(idp) -> tuple[str, str]:
    pool_id = idp.create_user_pool(
        PoolName="Browser sign-ins",
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
        AutoVerifiedAttributes=["email"],
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web-app",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="casey",
        MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": "casey@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="casey", Password=PASSWORD, Permanent=True
    )
    return pool_id, client_id


def _try(page, password: str) -> None:
    page.locator("#id_username").fill("casey")
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Try the sign-in").click()


def test_it_shows_the_sign_ins_and_the_diagnosis(signed_in_admin, idp, monkeypatch):
    page = signed_in_admin
    pool_id, client_id = _pool_with_history(idp)

    # 1. The user signs in with a wrong password, then the right one.
    page.goto(f"/pools/{pool_id}/clients/{client_id}/")
    page.get_by_role("link", name="Test sign-in").click()
    _try(page, "Wrong-Passw0rd!")
    expect(page.get_by_test_id("signin-outcome")).to_contain_text("NotAuthorizedException")
    _try(page, PASSWORD)
    expect(page.get_by_test_id("signin-outcome")).to_contain_text("Signed in as casey")

    # 2. The support engineer opens the user: both events, newest first, and a verdict.
    page.goto(f"/pools/{pool_id}/users/")
    page.get_by_role("link", name="casey", exact=True).click()
    rows = page.locator("#signin-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(".badge.text-bg-success")).to_have_count(1)
    expect(rows.nth(1).locator(".badge.text-bg-danger")).to_have_count(1)
    for row in (rows.nth(0), rows.nth(1)):
        expect(row.locator("td").nth(1)).not_to_have_text("")
    verdict = page.get_by_test_id("diagnosis-verdict")
    expect(verdict).to_contain_text("Nothing found that stops casey signing in with a password")

    # 3. The engineer marks the failed attempt as the user's own.
    rows.nth(1).get_by_role("button", name="It was them").click()
    expect(page.locator("#signin-table tbody tr").nth(1).get_by_test_id("feedback")).to_have_text(
        "Valid"
    )

    # 4. Five more wrong passwords from the app: Cognito locks casey out.
    for _ in range(5):
        with contextlib.suppress(idp.exceptions.NotAuthorizedException):
            idp.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "casey", "PASSWORD": "Guess-Passw0rd!"},
            )
    # The lock lasts 1 s (2^(5-5)): the card is read as at half a second after the last
    # failure, so a slow machine does not see the lock end before the page renders.
    last = idp.admin_list_user_auth_events(UserPoolId=pool_id, Username="casey", MaxResults=1)
    moment = last["AuthEvents"][0]["CreationDate"] + timedelta(milliseconds=500)
    with monkeypatch.context() as patched:
        patched.setattr("users.diagnosis.timezone", SimpleNamespace(now=lambda: moment))
        page.reload()
        expect(verdict).to_contain_text("casey cannot sign in now")
        expect(page.locator('[data-finding="locked_out"]')).to_contain_text("Locked out")
        expect(page.locator("#signin-table tbody tr")).to_have_count(7)

    # 5. Disabled as well: the finding's own button enables the user again.
    idp.admin_disable_user(UserPoolId=pool_id, Username="casey")
    page.reload()
    disabled = page.locator('[data-finding="disabled"]')
    expect(disabled).to_be_visible()
    disabled.get_by_role("button").first.click()
    expect(page.get_by_test_id("user-enabled")).to_have_text("Enabled")
    expect(page.locator('[data-finding="disabled"]')).to_have_count(0)
    assert idp.admin_get_user(UserPoolId=pool_id, Username="casey")["Enabled"] is True
