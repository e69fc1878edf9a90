"""The demo's sign-in pages as the section shows them: Partner Portal on managed login
(the web client's branding style and terms of use), Field Service on the classic hosted
UI with the pool's customization."""

from __future__ import annotations

from console.emulator.demo import (
    FIELD_DOMAIN,
    FIELD_POOL_NAME,
    PARTNER_DOMAIN,
    PARTNER_POOL_NAME,
    PARTNER_TERMS,
    load_demo,
)


def test_it_shows_the_demo_pools_sign_in_pages(viewer_client, cognito_server, idp):
    pools = load_demo(endpoint_url=cognito_server, region="us-east-1")["pools"]
    partner, field = pools[PARTNER_POOL_NAME], pools[FIELD_POOL_NAME]

    html = viewer_client.get(f"/pools/{partner}/sign-in/domain/").content.decode()
    assert PARTNER_DOMAIN in html and "Managed login (version 2)" in html
    assert "Custom settings" in html and "1 image" in html
    assert f'href="{PARTNER_TERMS}"' in html
    assert 'data-testid="classic-not-used"' in html
    web = idp.list_user_pool_clients(UserPoolId=partner, MaxResults=60)["UserPoolClients"][0]
    page = viewer_client.get(f"/pools/{partner}/sign-in/domain/branding/{web['ClientId']}")
    assert page.status_code == 200
    assert "colorSchemeMode" in page.content.decode()

    html = viewer_client.get(f"/pools/{field}/sign-in/domain/").content.decode()
    assert FIELD_DOMAIN in html and "Hosted UI (classic) (version 1)" in html
    assert "banner-customizable" in html and ".cloudfront.net/" in html
