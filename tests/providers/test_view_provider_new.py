"""/pools/<id>/sign-in/providers/new (Admins): the type first, then the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from console.cognito import schema
from console.cognito.providers import DETAIL_KEYS, PROVIDER_TYPES
from pools.providers.forms import OP

IDP_METADATA = (
    b'<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{}">'
    b'<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
    b'<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"'
    b' Location="https://idp.example.com/sso"/></IDPSSODescriptor></EntityDescriptor>'
)

OIDC = {
    "provider_type": "OIDC",
    "name": "Okta",
    "client_id": "okta-client",
    "client_secret": "s3cret",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://okta.example.com",
    "authorize_scopes": "openid email",
    "identifiers": "example.com\ncorp.example.com",
    "rows": "3",
    "map_attr_0": "username",
    "map_from_0": "sub",
    "map_attr_1": "email",
    "map_from_1": "email",
}


def test_it_asks_for_the_type_first(admin_client, pool_id):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    chooser = admin_client.get(url)
    assert "provider_type" in chooser.context["form"].fields
    form = admin_client.get(url, {"provider_type": "OIDC", "go": "1"}).context["form"]
    assert form.type == "OIDC"
    assert form["map_attr_0"].value() == "username" and form["map_from_0"].value() == "sub"


def test_it_creates_an_oidc_provider(admin_client, idp, pool_id):
    response = admin_client.post(f"/pools/{pool_id}/sign-in/providers/new", OIDC)
    assert response.status_code == 302
    made = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    made = made["IdentityProvider"]
    assert made["AttributeMapping"] == {"username": "sub", "email": "email"}
    assert made["IdpIdentifiers"] == ["example.com", "corp.example.com"]
    assert made["ProviderDetails"]["client_secret"] == "s3cret"


def test_it_refuses_a_pool_attribute_mapped_twice_or_not_mutable(admin_client, idp, pool_id):
    idp.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[{"Name": "badge", "AttributeDataType": "String", "Mutable": False}],
    )
    data = {**OIDC, "map_attr_2": "email", "map_from_2": "mail"}
    response = admin_client.post(f"/pools/{pool_id}/sign-in/providers/new", data)
    assert response.status_code == 400
    assert "mapped twice" in response.context["form"].errors["map_attr_2"][0]
    data = {**OIDC, "map_attr_2": "custom:badge", "map_from_2": "badge"}
    response = admin_client.post(f"/pools/{pool_id}/sign-in/providers/new", data)
    assert "not mutable" in response.context["form"].errors["map_attr_2"][0]
    assert response.context["form"]["map_from_2"].value() == "badge"  # nothing lost


def test_it_adds_mapping_rows_without_javascript(admin_client, pool_id):
    data = {**OIDC, "more_rows": "1"}
    response = admin_client.post(f"/pools/{pool_id}/sign-in/providers/new", data)
    form = response.context["form"]
    assert form.rows == 6 and not form.is_bound
    assert form["map_from_1"].value() == "email" and form.initial["client_id"] == "okta-client"


def test_it_refuses_a_bad_name_and_a_taken_one(admin_client, pool_id, oidc):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    bad = admin_client.post(url, {**OIDC, "name": "a b"})
    assert "3 to 32" in bad.context["form"].errors["name"][0]
    taken = admin_client.post(url, {**OIDC, "identifiers": "other.org"})
    assert taken.status_code == 400
    assert "already exists" in " ".join(taken.context["form"].non_field_errors())


def test_it_creates_a_saml_provider_from_an_uploaded_metadata_file(admin_client, idp, pool_id):
    xml = IDP_METADATA.replace(b"{}", b"https://idp.example.com")
    data = {
        "provider_type": "SAML",
        "name": "Entra",
        "IDPSignout": "on",
        "rows": "1",
        "metadata_upload": SimpleUploadedFile("metadata.xml", xml, content_type="text/xml"),
    }
    response = admin_client.post(f"/pools/{pool_id}/sign-in/providers/new", data)
    assert response.status_code == 302
    made = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Entra")
    details = made["IdentityProvider"]["ProviderDetails"]
    assert details["MetadataFile"] == xml.decode()
    assert details["IDPSignout"] == "true"


def test_it_is_for_admins_only(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/new")
    assert response.status_code == 403


@pytest.mark.parametrize("provider_type", PROVIDER_TYPES, ids=list(PROVIDER_TYPES))
def test_it_gives_each_type_its_details_and_nothing_else(admin_client, pool_id, provider_type):
    response = admin_client.get(
        f"/pools/{pool_id}/sign-in/providers/new", {"provider_type": provider_type}
    )
    assert response.status_code == 200
    form = response.context["form"]
    rows = {f"map_{part}_{i}" for i in range(form.rows) for part in ("attr", "from")}
    own = {"name", "identifiers", "rows", "mapping", *rows}
    if provider_type == "SAML":
        own.add("metadata_upload")
    assert set(form.fields) - own == set(DETAIL_KEYS[provider_type])
    for key in DETAIL_KEYS[provider_type]:  # every key is a ProviderDetails key of the model
        assert key in schema.input_shape(OP).members["ProviderDetails"].documentation
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_it_keeps_what_was_typed_when_cognito_throttles(admin_client, faults, pool_id):
    faults.set("CreateIdentityProvider", "throttle")
    response = admin_client.post(f"/pools/{pool_id}/sign-in/providers/new", OIDC)
    assert response.status_code == 400
    form = response.context["form"]
    assert "TooManyRequestsException" in " ".join(form.non_field_errors())
    assert form["client_id"].value() == "okta-client"
    assert form["map_from_1"].value() == "email"


def test_it_serves_a_provider_whose_name_has_a_slash(admin_client, idp, pool_id):
    response = admin_client.post(
        f"/pools/{pool_id}/sign-in/providers/new", {**OIDC, "name": "corp/okta", "identifiers": ""}
    )
    assert response.headers["Location"] == f"/pools/{pool_id}/sign-in/providers/corp/okta/"
    assert admin_client.get(response.headers["Location"]).status_code == 200
    edit = admin_client.get(f"/pools/{pool_id}/sign-in/providers/corp/okta/edit")
    assert edit.context["provider"].name == "corp/okta"
    gone = admin_client.post(
        f"/pools/{pool_id}/sign-in/providers/corp/okta/delete", {"confirm": "corp/okta"}
    )
    assert gone.status_code == 302
    assert idp.list_identity_providers(UserPoolId=pool_id)["Providers"] == []


def test_it_keeps_a_typed_secret_across_more_rows_and_errors_without_plain_text(
    admin_client, idp, pool_id
):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    more = admin_client.post(url, {**OIDC, "more_rows": "1"})
    page = more.content.decode()
    assert "s3cret" not in page
    assert "you typed is kept (not shown)" in page
    token = more.context["form"].kept_token
    data = {**OIDC, "client_secret": "", "kept_secrets": token, "oidc_issuer": "not a url"}
    bad = admin_client.post(url, data)
    assert bad.status_code == 400 and "s3cret" not in bad.content.decode()
    assert "https://" in bad.context["form"].errors["oidc_issuer"][0]
    token = bad.context["form"].kept_token
    made = admin_client.post(url, {**OIDC, "client_secret": "", "kept_secrets": token})
    assert made.status_code == 302
    held = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    assert held["IdentityProvider"]["ProviderDetails"]["client_secret"] == "s3cret"


def test_it_refuses_a_secret_token_of_another_page(admin_client, pool_id):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    token = admin_client.post(url, {**OIDC, "more_rows": "1"}).context["form"].kept_token
    data = {**OIDC, "provider_type": "Google", "client_secret": "", "kept_secrets": token}
    refused = admin_client.post(url, data)
    assert refused.status_code == 400
    assert "type it again" in " ".join(refused.context["form"].non_field_errors())


def test_it_names_a_social_provider_as_its_type_and_keeps_reserved_names(
    admin_client, idp, pool_id
):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    form = admin_client.get(url, {"provider_type": "Google"}).context["form"]
    assert "name" not in form.fields
    google = {
        "provider_type": "Google",
        "client_id": "g",
        "client_secret": "gs",
        "authorize_scopes": "email",
        "rows": "1",
    }
    assert admin_client.post(url, {**google, "name": "MyGoogle"}).status_code == 302
    names = [
        p["ProviderName"] for p in idp.list_identity_providers(UserPoolId=pool_id)["Providers"]
    ]
    assert names == ["Google"]
    for name in ("COGNITO", "Google", "Facebook", "SignInWithApple"):
        refused = admin_client.post(url, {**OIDC, "name": name})
        assert refused.status_code == 400, name
        assert "choose another name" in refused.context["form"].errors["name"][0]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("not a url", "https://"),
        ("http://issuer.example.com", "“http:”"),
        ("javascript:alert(1)", "“javascript:”"),
        ("https://", "not a URL"),
    ],
    ids=["text", "http", "javascript", "no-host"],
)
def test_it_refuses_a_url_that_is_not_https(admin_client, pool_id, value, words):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    oidc = admin_client.post(url, {**OIDC, "oidc_issuer": value})
    assert words in oidc.context["form"].errors["oidc_issuer"][0]
    saml = {"provider_type": "SAML", "name": "Corp", "MetadataURL": value, "rows": "1"}
    assert words in admin_client.post(url, saml).context["form"].errors["MetadataURL"][0]


@pytest.mark.parametrize(
    "document",
    [
        "not xml at all",
        "<a><b></a>",
        '<!DOCTYPE x [<!ENTITY e "boom">]><a>&e;</a>',
        "<a>hi</a>",
        '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="sp">'
        "<SPSSODescriptor/></EntityDescriptor>",
    ],
    ids=["text", "unclosed", "entity", "not-saml", "service-provider"],
)
def test_it_refuses_metadata_not_of_an_identity_provider(admin_client, idp, pool_id, document):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    saml = {"provider_type": "SAML", "name": "Corp", "MetadataFile": document, "rows": "1"}
    refused = admin_client.post(url, saml)
    assert refused.status_code == 400
    assert "metadata document" in refused.context["form"].errors["MetadataFile"][0]
    assert idp.list_identity_providers(UserPoolId=pool_id)["Providers"] == []


def test_it_keeps_an_uploaded_metadata_file_on_more_rows(admin_client, idp, pool_id):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    xml = IDP_METADATA.replace(b"{}", b"urn:corp")
    data = {
        "provider_type": "SAML",
        "name": "Corp",
        "rows": "1",
        "more_rows": "1",
        "metadata_upload": SimpleUploadedFile("m.xml", xml, content_type="text/xml"),
    }
    form = admin_client.post(url, data).context["form"]
    assert form["MetadataFile"].value() == xml.decode()


def test_it_offers_no_immutable_attribute_to_map(admin_client, idp, pool_id):
    idp.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[{"Name": "badge", "AttributeDataType": "String", "Mutable": False}],
    )
    page = admin_client.get(
        f"/pools/{pool_id}/sign-in/providers/new", {"provider_type": "OIDC"}
    ).content.decode()
    assert '<option value="custom:badge" disabled>' in page
    assert "not offered: custom:badge" in page


def test_it_names_the_provider_that_holds_an_identifier(admin_client, pool_id, oidc):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    data = {**OIDC, "name": "Other", "identifiers": "other.org\nexample.com"}
    refused = admin_client.post(url, data)
    assert refused.status_code == 400
    error = refused.context["form"].errors["identifiers"][0]
    assert "“example.com” is an identifier of the provider “Okta”" in error
    assert refused.context["form"]["identifiers"].value() == "other.org\nexample.com"


def test_it_keeps_apples_private_key_across_more_rows(admin_client, idp, pool_id):
    url = f"/pools/{pool_id}/sign-in/providers/new"
    apple = {
        "provider_type": "SignInWithApple",
        "client_id": "com.example",
        "team_id": "TEAM",
        "key_id": "KEY",
        "private_key": "-----BEGIN PRIVATE KEY-----APPLE-KEY-----END PRIVATE KEY-----",
        "authorize_scopes": "email",
        "rows": "1",
    }
    more = admin_client.post(url, {**apple, "more_rows": "1"})
    assert "APPLE-KEY" not in more.content.decode()
    assert "The private key you typed is kept (not shown)" in more.content.decode()
    token = more.context["form"].kept_token
    made = admin_client.post(url, {**apple, "private_key": "", "kept_secrets": token})
    assert made.status_code == 302
    held = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="SignInWithApple")
    assert "APPLE-KEY" in held["IdentityProvider"]["ProviderDetails"]["private_key"]
