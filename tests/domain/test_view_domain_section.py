"""/pools/<id>/sign-in/domain/: the domains, each app client's branding style and the
terms documents, read only for Viewers."""

from __future__ import annotations

from .conftest import CERT, LINKS, PNG, make_client, make_pool


def _url(pool_id: str) -> str:
    return f"/pools/{pool_id}/sign-in/domain/"


def test_it_shows_both_domains_with_status_cname_target_and_sign_in_url(viewer_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="acme-login", ManagedLoginVersion=2)
    made = idp.create_user_pool_domain(
        UserPoolId=pool_id, Domain="auth.example.com", CustomDomainConfig={"CertificateArn": CERT}
    )
    page = viewer_client.get(_url(pool_id))
    assert page.status_code == 200
    html = page.content.decode()
    assert "https://acme-login.auth.us-east-1.amazoncognito.com" in html
    assert "https://auth.example.com" in html
    assert made["CloudFrontDomain"] in html
    assert "CNAME target of auth.example.com" in html
    assert CERT in html
    assert "Managed login (version 2)" in html and "Hosted UI (classic) (version 1)" in html
    assert "ACTIVE" in html
    assert "/edit" not in html and "Add a" not in html  # Viewers change nothing


def test_it_offers_admins_the_kinds_the_pool_lacks(admin_client, idp):
    pool_id = make_pool(idp)
    html = admin_client.get(_url(pool_id)).content.decode()
    assert "This pool has no domain" in html
    assert f"/pools/{pool_id}/sign-in/domain/new/prefix" in html
    assert f"/pools/{pool_id}/sign-in/domain/new/custom" in html
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="acme-two")
    html = admin_client.get(_url(pool_id)).content.decode()
    assert "/new/prefix" not in html and "/new/custom" in html
    assert f"/pools/{pool_id}/sign-in/domain/acme-two/edit" in html


def test_it_marks_managed_login_on_the_lite_plan(viewer_client, idp):
    pool_id = make_pool(idp, tier="LITE")
    html = viewer_client.get(_url(pool_id)).content.decode()
    assert 'data-testid="plan-note"' in html
    assert "needs the Essentials or Plus feature plan; this pool is on Lite" in html


def _operations(response) -> list[str]:
    return [o for o in response.headers["X-Cognito-Operations"].split(",") if o]


def test_it_shows_each_clients_style_in_short_with_a_link_to_its_page(viewer_client, idp):
    pool_id = make_pool(idp)
    styled, plain = make_client(idp, pool_id, "styled"), make_client(idp, pool_id, "plain")
    asset = {
        "Category": "PAGE_HEADER_LOGO",
        "ColorMode": "DARK",
        "Extension": "SVG",
        "Bytes": b"<svg/>",
    }
    made = idp.create_managed_login_branding(
        UserPoolId=pool_id, ClientId=styled, Settings={"colorSchemeMode": "DARK"}, Assets=[asset]
    )["ManagedLoginBranding"]
    html = viewer_client.get(_url(pool_id)).content.decode()
    assert made["ManagedLoginBrandingId"] in html
    assert "1 image" in html
    assert f"/pools/{pool_id}/sign-in/domain/branding/{styled}" in html
    assert f"/pools/{pool_id}/sign-in/domain/branding/{plain}" in html
    assert "colorSchemeMode" not in html  # the settings are on the client's page
    assert "&lt;svg/&gt;" not in html and "<svg/>" not in html
    assert f'data-client="{plain}"' in html
    assert "None (managed login shows Cognito&#x27;s default style)" in html


def test_it_calls_one_branding_operation_per_client(viewer_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="cost-check", ManagedLoginVersion=2)
    clients = [make_client(idp, pool_id, f"c{i}") for i in range(4)]
    for client_id in clients[:2]:
        idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id)
    operations = _operations(viewer_client.get(_url(pool_id)))
    assert operations.count("DescribeManagedLoginBrandingByClient") == 4
    assert "DescribeManagedLoginBranding" not in operations
    assert "GetUICustomization" not in operations  # no classic (version 1) domain
    assert operations.count("DescribeUserPoolDomain") == 1
    # Per app client, its description (client_list) and its style: nothing else.
    per_client = {"DescribeUserPoolClient", "DescribeManagedLoginBrandingByClient"}
    assert sorted(o for o in operations if o not in per_client) == [
        "DescribeUserPool",
        "DescribeUserPoolDomain",
        "ListTerms",
        "ListUserPoolClients",
        "ListUserPools",  # the pool switcher
    ]


def test_it_shows_the_pools_classic_customization_for_a_version_1_domain(viewer_client, idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "web")
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="classic-pages")
    css = ".banner-customizable { background-color: #102030; }"
    idp.set_ui_customization(UserPoolId=pool_id, ClientId="ALL", CSS=css, ImageFile=PNG)
    idp.set_ui_customization(
        UserPoolId=pool_id, ClientId=client_id, CSS=".label-customizable { color: red; }"
    )
    response = viewer_client.get(_url(pool_id))
    html = response.content.decode()
    assert "#102030" in html and "color: red" not in html  # the client's own is on its page
    assert "Every app client without its own" in html
    assert ".cloudfront.net/" in html
    assert _operations(response).count("GetUICustomization") == 1


def test_it_says_no_classic_customization_applies_without_a_version_1_domain(viewer_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="managed-only", ManagedLoginVersion=2)
    html = viewer_client.get(_url(pool_id)).content.decode()
    assert 'data-testid="classic-not-used"' in html


def test_it_says_when_a_classic_domain_has_no_customization(viewer_client, idp):
    pool_id = make_pool(idp)
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="plain-classic")
    html = viewer_client.get(_url(pool_id)).content.decode()
    assert 'data-testid="classic-none"' in html


def test_it_lists_terms_with_their_client_and_links(viewer_client, idp):
    pool_id = make_pool(idp)
    client_id = make_client(idp, pool_id, "shop")
    made = idp.create_terms(
        UserPoolId=pool_id,
        ClientId=client_id,
        TermsName="privacy-policy",
        TermsSource="LINK",
        Enforcement="NONE",
        Links={**LINKS, "cognito:german": "javascript:alert(1)"},
    )["Terms"]
    html = viewer_client.get(_url(pool_id)).content.decode()
    assert made["TermsId"] in html and "privacy-policy" in html
    assert 'href="https://example.com/fr"' in html
    assert "shop" in html and client_id in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html


def test_it_shows_an_outage_as_an_error_page(viewer_client, idp, faults):
    pool_id = make_pool(idp)
    faults.set("ListTerms", "aws:500:InternalErrorException:Down")
    page = viewer_client.get(_url(pool_id))
    assert page.status_code in (502, 503)
