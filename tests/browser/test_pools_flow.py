"""Create a pool with a custom attribute, add another through its review (the name
typed to confirm), edit its password policy through the diff, create an app client
with a secret, and reveal the secret."""

from playwright.sync_api import expect


def test_it_creates_and_edits_a_pool_and_reveals_a_client_secret(signed_in_admin, idp):
    page = signed_in_admin
    page.goto("/pools/")
    page.get_by_role("link", name="New user pool").click()
    page.get_by_label("Pool name").fill("Browser pool")
    page.get_by_label("Minimum length").fill("8")
    page.locator("#id_custom-0-name").fill("tenant")
    page.locator("#id_custom-0-max_length").fill("36")
    page.get_by_role("button", name="Create pool").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Browser pool")
    expect(page.locator("#schema-table")).to_contain_text("custom:tenant")

    # Adding a custom attribute is permanent: reviewed, its name typed to confirm.
    page.get_by_role("link", name="Add custom attributes").click()
    page.locator("#id_custom-0-name").fill("plan")
    page.locator("#id_custom-0-max_length").fill("20")
    page.get_by_role("button", name="Review attributes").click()
    expect(page.get_by_test_id("permanent-warning")).to_contain_text("can never be removed")
    expect(page.get_by_test_id("planned-attributes")).to_contain_text("custom:plan")
    page.get_by_role("button", name="Back to the form").click()  # the empty name: no block
    expect(page.locator("#id_custom-0-name")).to_have_value("plan")
    page.get_by_role("button", name="Review attributes").click()
    page.get_by_label("Type custom:plan to confirm").fill("plan")
    page.get_by_role("button", name="Add 1 attribute permanently").click()
    expect(page.get_by_text("That is not exactly custom:plan")).to_be_visible()
    page.get_by_label("Type custom:plan to confirm").fill("custom:plan")
    page.get_by_role("button", name="Add 1 attribute permanently").click()
    expect(page.locator("#schema-table")).to_contain_text("custom:plan")

    page.get_by_role("link", name="Edit settings").click()
    page.get_by_label("Minimum length").fill("14")
    page.get_by_label("Require symbols").uncheck()
    page.get_by_role("button", name="Review changes").click()
    diff = page.get_by_test_id("diff")
    expect(diff).to_contain_text("Policies.PasswordPolicy.MinimumLength")
    expect(diff).to_contain_text("14")
    expect(diff).to_contain_text("Policies.PasswordPolicy.RequireSymbols")
    expect(diff.locator("tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Save these changes").click()
    expect(page.get_by_role("alert").first).to_contain_text("saved")

    [pool] = [p for p in idp.list_user_pools(MaxResults=60)["UserPools"]]
    policy = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["Policies"]
    assert policy["PasswordPolicy"]["MinimumLength"] == 14
    assert policy["PasswordPolicy"]["RequireSymbols"] is False

    page.get_by_role("link", name="App clients").click()
    page.get_by_role("link", name="New app client").click()
    page.get_by_label("Client name").fill("Browser client")
    page.get_by_label("Generate a client secret").check()
    page.get_by_label("ALLOW_USER_PASSWORD_AUTH").check()
    page.get_by_role("button", name="Create app client").click()
    secret_box = page.get_by_test_id("client-secret")
    expect(secret_box).to_contain_text("••••")

    [client] = idp.list_user_pool_clients(UserPoolId=pool["Id"], MaxResults=60)["UserPoolClients"]
    secret = idp.describe_user_pool_client(UserPoolId=pool["Id"], ClientId=client["ClientId"])[
        "UserPoolClient"
    ]["ClientSecret"]
    assert secret not in page.content()
    url_before = page.url
    page.get_by_role("button", name="Reveal secret").click()
    expect(page.get_by_test_id("client-secret")).to_contain_text(secret)
    assert page.url == url_before  # htmx swapped the secret in; no navigation
