"""The app client's new and edit forms on a 390 px phone (tester T2, finding 4): long
choice labels (ALLOW_TOKEN_EXCHANGE_IMPERSONATION, a custom scope named by its
resource server's URL) break inside the screen; nothing scrolls sideways."""

from __future__ import annotations

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
SCOPE = "https://api.partners.example.com/orders.read"


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_it_fits_the_client_forms_on_a_phone(signed_in_admin, idp):
    pool_id = idp.create_user_pool(PoolName="phone-clients")["UserPool"]["Id"]
    idp.create_resource_server(
        UserPoolId=pool_id,
        Identifier="https://api.partners.example.com",
        Name="Partners API",
        Scopes=[{"ScopeName": "orders.read", "ScopeDescription": "Read orders"}],
    )
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"][
        "ClientId"
    ]
    page = signed_in_admin
    page.set_viewport_size(PHONE)
    for path in ("new", f"{client_id}/edit"):
        page.goto(f"/pools/{pool_id}/clients/{path}")
        expect(page.locator("#client-form")).to_contain_text(SCOPE)
        assert _width(page) <= PHONE["width"], path
