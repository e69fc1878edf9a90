"""/pools/<id>/sign-in/providers/<name>/ and the signing certificate download."""

import pytest

from console.cognito.providers import PROVIDER_TYPES
from console.models import AuditEvent
from tests.test_templates import LEAKED


def test_it_shows_the_provider_without_its_secret(viewer_client, pool_id, oidc):
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/Okta/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "okta-secret-value" not in page
    assert "write-only" in page
    assert "https://okta.example.com" in page


def test_it_shows_and_downloads_the_saml_signing_certificate(viewer_client, idp, pool_id):
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Entra",
        ProviderType="SAML",
        ProviderDetails={"MetadataURL": "https://login.example.com/metadata.xml"},
    )
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/Entra/")
    assert "-----BEGIN CERTIFICATE-----" in page.content.decode()
    download = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/signing-certificate.pem")
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{pool_id}-signing.pem"'
    assert download.content.decode() == page.context["page"].certificate


def test_it_is_the_not_found_page_for_an_unknown_provider(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/Nobody/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_it_changes_nothing_and_leaks_no_template_syntax_on_any_get(
    admin_client, idp, pool_id, oidc
):
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Entra",
        ProviderType="SAML",
        ProviderDetails={"MetadataFile": '<EntityDescriptor entityID="x"/>'},
    )
    base = f"/pools/{pool_id}/sign-in/providers/"
    urls = [base, f"{base}?identifier=nobody.org", f"{base}new", f"{base}new?go=1"]
    urls += [f"{base}new?provider_type={t}" for t in PROVIDER_TYPES]
    for name in ("Okta", "Entra"):
        urls += [f"{base}{name}/", f"{base}{name}/edit", f"{base}{name}/delete"]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code in (200, 400), url
        assert not LEAKED.search(response.content.decode()), url
    assert admin_client.get(f"{base}signing-certificate.pem").status_code == 200
    assert not AuditEvent.objects.exists()
    assert len(idp.list_identity_providers(UserPoolId=pool_id)["Providers"]) == 2


def test_it_shows_the_forms_words_and_what_the_provider_is_given(viewer_client, idp, pool_id):
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Entra",
        ProviderType="SAML",
        ProviderDetails={"MetadataURL": "https://login.example.com/metadata.xml"},
        AttributeMapping={"email": "http://schemas.example.com/claims/" + "x" * 120},
    )
    idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="Web", SupportedIdentityProviders=["Entra"]
    )
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="partner-portal")
    url = f"/pools/{pool_id}/sign-in/providers/Entra/"
    page = viewer_client.get(url).content.decode()
    assert "Metadata document URL" in page and '">MetadataURL</span>' in page
    assert "Sign-out flow" not in page  # not set: not shown
    assert f"urn:amazon:cognito:sp:{pool_id}" in page
    assert 'data-testid="provider-clients">Web<' in page
    assert '<div class="table-responsive">' in page
    assert "https://partner-portal.auth.us-east-1.amazoncognito.com/saml2/idpresponse" in page


def test_it_shows_an_oidc_providers_redirect_uri_and_words(viewer_client, idp, pool_id, oidc):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="partner-portal")
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/Okta/").content.decode()
    assert "https://partner-portal.auth.us-east-1.amazoncognito.com/oauth2/idpresponse" in page
    assert "urn:amazon:cognito:sp" not in page
    for words, key in (("Issuer URL", "oidc_issuer"), ("Client ID", "client_id")):
        assert (
            f'{words} <span class="font-monospace-sm fw-normal text-body-secondary">{key}<' in page
        )
    assert "None: no app client lists it" in page


def test_it_says_a_pool_without_a_domain_needs_one(viewer_client, pool_id, oidc):
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/Okta/").content.decode()
    assert "This pool has no domain" in page
    assert f'href="/pools/{pool_id}/sign-in/domain/"' in page
    assert "idpresponse" not in page
