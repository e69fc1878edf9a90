"""/pools/<id>/sign-in/providers/<name>/ and the signing certificate download."""


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
