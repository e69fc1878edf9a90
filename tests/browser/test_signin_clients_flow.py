"""Resource servers, identity providers and app client secrets in a real browser
(issue 15): a resource server made with two scopes, one of them given to an app client
through its reviewed edit; an OIDC provider made, edited and deleted; a client secret
rotated (the new value shown once, the old one deleted)."""

from __future__ import annotations

from playwright.sync_api import expect

API = "https://api.example.com/orders"
CALLBACK = "https://app.example.com/callback"


def _pool(idp) -> tuple[str, str]:
    """A pool with one public app client (no OAuth yet)."""
    pool_id = idp.create_user_pool(PoolName="OAuth pool")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web-app",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )
    return pool_id, client["UserPoolClient"]["ClientId"]


def test_it_makes_a_resource_server_and_gives_its_scope_to_an_app_client(signed_in_admin, idp):
    page = signed_in_admin
    pool_id, client_id = _pool(idp)

    page.goto(f"/pools/{pool_id}/")
    page.get_by_role("link", name="Sign-in", exact=True).click()
    page.get_by_test_id("signin-nav").get_by_role("link", name="Resource servers").click()
    page.get_by_role("link", name="New resource server").click()
    page.get_by_label("Identifier").fill(API)
    page.locator("#id_name").fill("Orders")
    page.get_by_label("Scope name, row 1").fill("orders.read")
    page.get_by_label("Description, row 1").fill("Read the orders")
    expect(page.get_by_label("Scope name, row 2")).to_have_count(0)
    page.get_by_role("button", name="More rows").click()
    # Nothing typed is lost; the new rows are there.
    expect(page.get_by_label("Scope name, row 1")).to_have_value("orders.read")
    page.get_by_label("Scope name, row 2").fill("orders.write")
    page.get_by_label("Description, row 2").fill("Change the orders")
    page.get_by_role("button", name="Create resource server").click()

    scopes = page.get_by_test_id("scopes")
    expect(scopes).to_contain_text(f"{API}/orders.read")
    expect(scopes).to_contain_text(f"{API}/orders.write")
    made = idp.describe_resource_server(UserPoolId=pool_id, Identifier=API)["ResourceServer"]
    assert sorted(s["ScopeName"] for s in made["Scopes"]) == ["orders.read", "orders.write"]

    # The app client: OAuth on, the code flow, a callback URL and the new scope.
    page.get_by_role("link", name="App clients").click()
    page.get_by_role("link", name="web-app").click()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Allow OAuth flows with this user pool").check()
    page.get_by_label("code", exact=True).check()
    page.get_by_label(f"{API}/orders.read", exact=True).check()
    page.get_by_label("Callback URLs").fill(CALLBACK)
    page.get_by_role("button", name="Review changes").click()
    diff = page.get_by_test_id("diff")
    expect(diff).to_contain_text("AllowedOAuthScopes")
    expect(diff).to_contain_text(f"{API}/orders.read")
    expect(diff).to_contain_text(CALLBACK)
    expect(diff).not_to_contain_text("ExplicitAuthFlows")
    page.get_by_role("button", name="Save these changes").click()

    page.wait_for_url(f"**/pools/{pool_id}/clients/{client_id}/")
    expect(page.get_by_text(f"{API}/orders.read")).to_be_visible()
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    client = client["UserPoolClient"]
    assert client["AllowedOAuthScopes"] == [f"{API}/orders.read"]
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["CallbackURLs"] == [CALLBACK]
    assert client["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def test_it_makes_edits_and_deletes_an_oidc_provider(signed_in_admin, idp):
    page = signed_in_admin
    pool_id, _ = _pool(idp)

    page.goto(f"/pools/{pool_id}/sign-in/")
    page.get_by_test_id("signin-nav").get_by_role("link", name="Identity providers").click()
    page.get_by_role("link", name="New identity provider").click()
    page.get_by_label("OpenID Connect (OIDC)").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Provider name").fill("Okta")
    page.get_by_label("Client ID").fill("okta-client")
    page.get_by_label("Client secret").fill("okta-s3cret")
    page.get_by_label("Issuer URL").fill("https://okta.example.com")
    page.get_by_label("Authorized scopes").fill("openid email")
    # The first row maps username from sub; the second, email from the email claim.
    expect(page.get_by_label("User pool attribute 1")).to_have_value("username")
    page.get_by_label("User pool attribute 2").select_option("email")
    page.get_by_label("Provider attribute 2").fill("email")
    page.get_by_role("button", name="Create the provider", exact=True).last.click()

    page.get_by_test_id("signin-nav").get_by_role("link", name="Identity providers").click()
    page.get_by_role("link", name="Okta").click()
    mapping = page.get_by_test_id("mapping")
    expect(mapping.locator("tbody tr")).to_have_count(2)
    expect(mapping.locator("tr", has_text="email")).to_contain_text("email")

    # Edit one mapping through the review.
    page.get_by_role("link", name="Edit", exact=True).click()
    _mapping_source(page, "email").fill("mail")
    page.get_by_role("button", name="Review changes", exact=True).last.click()
    diff = page.get_by_test_id("diff")
    expect(diff).to_contain_text("AttributeMapping")
    expect(diff).to_contain_text("mail")
    expect(diff).not_to_contain_text("ProviderDetails")
    page.get_by_role("button", name="Save these changes").click()
    expect(page.get_by_test_id("mapping").locator("tr", has_text="mail")).to_have_count(1)
    made = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    assert made["IdentityProvider"]["AttributeMapping"] == {"username": "sub", "email": "mail"}
    assert made["IdentityProvider"]["ProviderDetails"]["client_secret"] == "okta-s3cret"

    # Delete, with the name typed to confirm.
    page.get_by_role("link", name="Delete", exact=True).click()
    page.get_by_label("Type the name to confirm").fill("okta")
    page.get_by_role("button", name="Delete the identity provider").click()
    expect(page.get_by_text("That is not the exact name; nothing was deleted.")).to_be_visible()
    page.get_by_label("Type the name to confirm").fill("Okta")
    page.get_by_role("button", name="Delete the identity provider").click()
    expect(page.get_by_role("heading", name="Identity providers", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Okta")).to_have_count(0)
    assert idp.list_identity_providers(UserPoolId=pool_id)["Providers"] == []


def _mapping_source(page, attribute: str):
    """The provider attribute field of the mapping row whose pool attribute is `attribute`."""
    rows = page.get_by_test_id("attribute-mapping").locator("tbody tr")
    for i in range(rows.count()):
        if rows.nth(i).locator("select").input_value() == attribute:
            return rows.nth(i).locator("input")
    raise AssertionError(f"no mapping row for {attribute}")


def _secret_ids(idp, pool_id: str, client_id: str) -> list[str]:
    listed = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)
    return [s["ClientSecretId"] for s in listed["ClientSecrets"]]


def test_it_rotates_a_client_secret(signed_in_admin, idp):
    page = signed_in_admin
    pool_id = idp.create_user_pool(PoolName="Secret pool")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="backend", GenerateSecret=True
    )["UserPoolClient"]
    client_id, first = client["ClientId"], client["ClientSecret"]

    page.goto(f"/pools/{pool_id}/")
    page.get_by_role("link", name="App clients").click()
    page.get_by_role("link", name="backend").click()
    secrets = page.get_by_test_id("client-secrets")
    expect(secrets.locator("tbody tr")).to_have_count(1)
    expect(secrets).to_contain_text("the last one: cannot be deleted")

    secrets.get_by_role("button", name="Add a secret").click()
    shown = page.get_by_test_id("new-secret")
    expect(shown).to_contain_text("shown this once")
    value = shown.locator("code").inner_text().strip()
    assert len(_secret_ids(idp, pool_id, client_id)) == 2
    assert value and value != first
    expect(page.get_by_test_id("client-secrets").locator("tbody tr")).to_have_count(2)

    # Reloading (the POST sent again) adds nothing and shows nothing.
    page.reload()
    expect(page.get_by_test_id("client-secrets")).to_contain_text(
        "This form was sent already: the secret it added was shown once and is not shown again."
    )
    expect(page.get_by_text(value)).to_have_count(0)
    assert len(_secret_ids(idp, pool_id, client_id)) == 2
    page.goto(f"/pools/{pool_id}/clients/{client_id}/")
    expect(page.get_by_test_id("client-secrets").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_text(value)).to_have_count(0)
    expect(page.get_by_test_id("secrets-full")).to_be_visible()

    # Delete the first secret, confirmed.
    old_id = page.get_by_test_id("client-secrets").locator("tbody tr td").first.inner_text().strip()
    page.get_by_test_id("client-secrets").locator("tbody tr").first.get_by_role(
        "link", name="Delete"
    ).click()
    expect(page.get_by_test_id("delete-warning")).to_contain_text("The other secret stays")
    page.get_by_label("I understand: apps still signing in with this secret").check()
    page.get_by_role("button", name="Delete the secret").click()
    page.wait_for_url(f"**/pools/{pool_id}/clients/{client_id}/")
    expect(page.get_by_role("alert").first).to_contain_text("The client secret was deleted")
    rows = page.get_by_test_id("client-secrets").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).not_to_contain_text(old_id)
    left = _secret_ids(idp, pool_id, client_id)
    assert len(left) == 1 and old_id not in left
