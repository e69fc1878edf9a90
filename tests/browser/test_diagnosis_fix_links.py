"""The diagnosis card's link fixes open the form they point at: each links to a form
field inside a closed <details> (the set-password field, MFA recovery's new phone
number), and Chromium opens the <details> when the fragment targets an element inside
it, with no script of ours."""

from playwright.sync_api import expect

PASSWORD = "Right-Passw0rd!"
SMS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}


def _user_needing_fixes(idp) -> str:
    """A user who must reset their password (Set a password instead) in a pool that
    requires SMS MFA while they have no phone number (Add a phone number)."""
    pool_id = idp.create_user_pool(PoolName="Fix links", SmsConfiguration=SMS)["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="ON", SmsMfaConfiguration={"SmsConfiguration": SMS}
    )
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
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="casey")
    return pool_id


def test_it_opens_the_form_a_fix_links_to(signed_in_admin, idp):
    page = signed_in_admin
    pool_id = _user_needing_fixes(idp)
    page.goto(f"/pools/{pool_id}/users/casey/")

    password = page.locator("#id_password")
    expect(password).to_be_hidden()  # its <details> is closed
    page.locator('[data-finding="reset_required"]').get_by_role(
        "link", name="Set a password instead"
    ).click()
    expect(password).to_be_visible()
    expect(page.locator("details:has(#id_password)")).to_have_attribute("open", "")
    password.fill("New-Passw0rd-123!")  # the form is usable as it opened

    phone = page.locator("#id_new_phone")
    expect(phone).to_be_hidden()
    page.locator('[data-finding="mfa_unusable"]').get_by_role(
        "link", name="Add a phone number"
    ).click()
    expect(phone).to_be_visible()
    expect(page.locator("#mfa-recovery")).to_have_attribute("open", "")
    assert page.evaluate("location.hash") == "#id_new_phone"
