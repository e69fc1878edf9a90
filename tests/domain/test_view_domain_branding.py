"""/pools/<id>/sign-in/domain/branding/<client_id>: an app client's managed login
branding style in full and its classic hosted UI customization, read only."""

from __future__ import annotations

from .conftest import PNG, make_client, make_pool


def _url(pool_id: str, client_id: str) -> str:
    return f"/pools/{pool_id}/sign-in/domain/branding/{client_id}"


def _operations(response) -> list[str]:
    return [o for o in response.headers["X-Cognito-Operations"].split(",") if o]


def test_it_shows_the_style_in_full_without_the_bytes(viewer_client, idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "styled")
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="full-style", ManagedLoginVersion=2)
    asset = {
        "Category": "PAGE_HEADER_LOGO",
        "ColorMode": "DARK",
        "Extension": "SVG",
        "Bytes": b"<svg/>",
        "ResourceId": "header logo",
    }
    made = idp.create_managed_login_branding(
        UserPoolId=pool_id,
        ClientId=client_id,
        Settings={"colorSchemeMode": "DARK", "note": "<script>x</script>"},
        Assets=[asset],
    )["ManagedLoginBranding"]
    response = viewer_client.get(_url(pool_id, client_id))
    assert response.status_code == 200
    html = response.content.decode()
    assert made["ManagedLoginBrandingId"] in html
    assert "colorSchemeMode" in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "PAGE_HEADER_LOGO" in html and "dark" in html and "6 bytes" in html
    assert "header logo" in html
    assert "&lt;svg/&gt;" not in html and "<svg/>" not in html
    assert "Used by the managed login pages (version 2) of full-style" in html
    operations = _operations(response)
    assert operations.count("DescribeManagedLoginBrandingByClient") == 1
    assert operations.count("DescribeManagedLoginBranding") == 1
    assert operations.count("GetUICustomization") == 1


def test_it_says_when_the_client_has_no_style(viewer_client, idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "plain")
    response = viewer_client.get(_url(pool_id, client_id))
    html = response.content.decode()
    assert 'data-testid="branding-none"' in html
    assert 'data-testid="classic-none"' in html
    assert "DescribeManagedLoginBranding" not in _operations(response)


def test_it_shows_the_clients_own_classic_customization(viewer_client, idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "own")
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="own-classic")
    idp.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=".label-customizable {}")
    idp.set_ui_customization(
        UserPoolId=pool_id,
        ClientId=client_id,
        CSS=".banner-customizable { background-color: #abcdef; }",
        ImageFile=PNG,
    )
    html = viewer_client.get(_url(pool_id, client_id)).content.decode()
    assert "This app client only (its own)" in html
    assert "#abcdef" in html
    assert "Used by the classic pages (version 1) of own-classic" in html
    assert 'href="https://' in html and ".png" in html


def test_it_shows_the_pools_classic_customization_for_a_client_without_its_own(viewer_client, idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "inherits")
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="pool-classic")
    idp.set_ui_customization(
        UserPoolId=pool_id, ClientId="ALL", CSS=".banner-customizable { color: #123456; }"
    )
    html = viewer_client.get(_url(pool_id, client_id)).content.decode()
    assert "this app client has none of its own" in html
    assert "#123456" in html


def test_it_answers_404_for_a_client_the_pool_does_not_have(viewer_client, idp):
    pool_id = make_pool(idp)
    other_pool = make_pool(idp)
    stranger = make_client(idp, other_pool, "elsewhere")
    assert viewer_client.get(_url(pool_id, stranger)).status_code == 404


def test_it_shows_an_outage_as_an_error_page(viewer_client, idp, faults):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "down")
    faults.set("GetUICustomization", "aws:500:InternalErrorException:Down")
    response = viewer_client.get(_url(pool_id, client_id))
    assert response.status_code in (502, 503)


def test_it_shows_dates_in_the_sites_format(viewer_client, idp):
    import re

    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "dated")
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="dated-style", ManagedLoginVersion=2)
    idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id, Settings={})
    idp.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=".label-customizable {}")
    html = viewer_client.get(_url(pool_id, client_id)).content.decode()
    assert len(re.findall(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b", html)) >= 3, html
    assert not re.search(r"\b(a\.m\.|p\.m\.)", html)


def test_it_wraps_a_long_classic_logo_url(viewer_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="logo-pages")
    idp.set_ui_customization(
        UserPoolId=pool_id, ClientId="ALL", CSS=".label-customizable {}", ImageFile=PNG
    )
    html = viewer_client.get(f"/pools/{pool_id}/sign-in/domain/").content.decode()
    logo = html.split("<dt class=\"col-sm-3\">Logo</dt>")[1].split("</dd>")[0]
    assert "text-break" in logo, logo
