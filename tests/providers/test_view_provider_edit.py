"""/pools/<id>/sign-in/providers/<name>/edit and /delete (Admins)."""

from console.models import AuditEvent

from .conftest import form_values


def test_it_edits_the_mapping_after_a_diff_and_keeps_everything_else(
    admin_client, idp, pool_id, oidc
):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    before = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    form = admin_client.get(url).context["form"]
    assert form["client_secret"].value() in (None, "")  # never shown back
    data = form_values(form)
    data.update(map_attr_2="custom:tenant_id", map_from_2="tenant")
    review = admin_client.post(url, data)
    assert [(c.path, c.old, c.new) for c in review.context["preview"].changes] == [
        ("AttributeMapping.custom:tenant_id", None, "tenant")
    ]
    assert "okta-secret-value" not in review.content.decode()
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    after = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    before, after = before["IdentityProvider"], after["IdentityProvider"]
    assert after["AttributeMapping"].pop("custom:tenant_id") == "tenant"
    for key in ("ProviderDetails", "AttributeMapping", "IdpIdentifiers"):
        assert after[key] == before[key], key
    assert AuditEvent.objects.get(action="UpdateIdentityProvider").outcome == "succeeded"


def test_it_removes_a_mapping_row_and_an_identifier(admin_client, idp, pool_id, oidc):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    data = form_values(admin_client.get(url).context["form"])
    email_row = next(k for k, v in data.items() if k.startswith("map_attr_") and v == "email")
    data.pop(email_row), data.pop(email_row.replace("attr", "from"))
    data["identifiers"] = "example.com"
    review = admin_client.post(url, data)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    assert admin_client.post(url, data).status_code == 302
    after = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    assert after["IdentityProvider"]["AttributeMapping"] == {"username": "sub"}
    assert after["IdentityProvider"]["IdpIdentifiers"] == ["example.com"]
    assert after["IdentityProvider"]["ProviderDetails"]["client_secret"] == "okta-secret-value"


def test_it_puts_a_refusal_on_the_form(admin_client, faults, pool_id, oidc):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    data = form_values(admin_client.get(url).context["form"])
    data["authorize_scopes"] = "openid"
    review = admin_client.post(url, data)
    faults.set("UpdateIdentityProvider", "aws:400:InvalidParameterException:Bad scopes.")
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "Bad scopes." in " ".join(refused.context["form"].non_field_errors())
    assert refused.context["form"]["authorize_scopes"].value() == "openid"


def test_it_deletes_after_the_name_is_typed(admin_client, idp, pool_id, oidc):
    for name, providers in (("Web", ["COGNITO", "Okta"]), ("Other", ["COGNITO"])):
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName=name, SupportedIdentityProviders=providers
        )
    url = f"/pools/{pool_id}/sign-in/providers/Okta/delete"
    page = admin_client.get(url)
    assert "no longer be able to sign in through it" in page.content.decode()
    assert "list it among their identity providers: Web." in page.context["warning"]
    wrong = admin_client.post(url, {"confirm": "okta"})
    assert "confirm" in wrong.context["form"].errors
    done = admin_client.post(url, {"confirm": "Okta"})
    assert done.status_code == 302
    assert idp.list_identity_providers(UserPoolId=pool_id)["Providers"] == []


def test_it_is_for_admins_only(viewer_client, pool_id, oidc):
    base = f"/pools/{pool_id}/sign-in/providers/Okta"
    assert viewer_client.get(f"{base}/edit").status_code == 403
    assert viewer_client.post(f"{base}/delete", {"confirm": "Okta"}).status_code == 403


def test_it_edits_a_saml_flag_and_keeps_the_metadata_and_the_rest(admin_client, idp, pool_id):
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Entra",
        ProviderType="SAML",
        ProviderDetails={
            "MetadataURL": "https://login.example.com/metadata.xml",
            "IDPInit": "true",
            "RequestSigningAlgorithm": "rsa-sha256",
        },
        AttributeMapping={"email": "http://schemas.example.com/claims/emailaddress"},
        IdpIdentifiers=["example.com"],
    )
    before = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Entra")
    url = f"/pools/{pool_id}/sign-in/providers/Entra/edit"
    data = form_values(admin_client.get(url).context["form"])
    data["IDPSignout"] = "on"
    review = admin_client.post(url, data)
    assert [(c.path, c.new) for c in review.context["preview"].changes] == [
        ("ProviderDetails.IDPSignout", "true")
    ]
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    assert admin_client.post(url, data).status_code == 302
    after = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Entra")
    before, after = before["IdentityProvider"], after["IdentityProvider"]
    assert after["ProviderDetails"].pop("IDPSignout") == "true"
    for key in ("ProviderDetails", "AttributeMapping", "IdpIdentifiers"):
        assert after[key] == before[key], key


def test_it_refuses_a_change_made_in_cognito_since_the_form_opened(
    admin_client, idp, pool_id, oidc
):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    opened = admin_client.get(url)
    data = {**form_values(opened.context["form"]), "opened": opened.context["opened"]}
    assert f'name="opened" value="{data["opened"]}"' in opened.content.decode()
    data["authorize_scopes"] = "openid profile"
    idp.update_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Okta",
        ProviderDetails={
            "client_id": "okta-client",
            "client_secret": "okta-secret-value",
            "attributes_request_method": "GET",
            "oidc_issuer": "https://okta.example.com",
            "authorize_scopes": "openid phone",
        },
    )
    refused = admin_client.post(url, data)
    assert refused.status_code == 409
    assert [c.field for c in refused.context["conflicts"]] == ["authorize_scopes"]
    assert refused.context["form"].initial["authorize_scopes"] == "openid phone"


def test_it_adds_mapping_rows_to_an_edit(admin_client, pool_id, oidc):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    data = form_values(admin_client.get(url).context["form"])
    data.update(client_id="typed-id", more_rows="1")
    response = admin_client.post(url, data)
    form = response.context["form"]
    assert form.rows == 6
    assert form.initial["client_id"] == "typed-id"
    assert "preview" not in response.context


def test_it_settles_a_lost_update_by_reading_back(admin_client, faults, idp, pool_id, oidc):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    data = form_values(admin_client.get(url).context["form"])
    data["identifiers"] = "example.com"
    review = admin_client.post(url, data)
    faults.set("UpdateIdentityProvider", "lost", times=1)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    assert admin_client.post(url, data).status_code == 302
    after = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    assert after["IdentityProvider"]["IdpIdentifiers"] == ["example.com"]
    assert AuditEvent.objects.get(action="UpdateIdentityProvider").outcome == "succeeded"


def test_it_says_when_the_app_clients_could_not_be_checked(admin_client, faults, pool_id, oidc):
    faults.set("ListUserPoolClients", "throttle")
    page = admin_client.get(f"/pools/{pool_id}/sign-in/providers/Okta/delete")
    assert page.status_code == 200
    assert "could not be read" in page.context["warning"]


def _as_post(pairs) -> dict:
    data: dict = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def test_it_rotates_a_secret_through_every_round_trip_without_plain_text(
    admin_client, idp, pool_id, oidc
):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    data = form_values(admin_client.get(url).context["form"])
    data["client_secret"] = "NEW-SUPER-SECRET-123"
    review = admin_client.post(url, data)
    assert "NEW-SUPER-SECRET-123" not in review.content.decode()
    assert "(a new one, not shown)" in review.content.decode()
    carried = _as_post(review.context["carried"])
    assert "client_secret" not in carried and carried["kept_secrets"]
    back = admin_client.post(url, {**carried, "review_again": "1"})
    page = back.content.decode()
    assert "NEW-SUPER-SECRET-123" not in page
    assert "The client secret you typed is kept (not shown)" in page
    token = back.context["form"].kept_token
    assert f'name="kept_secrets" value="{token}"' in page
    again = {**form_values(back.context["form"]), "kept_secrets": token}
    again["opened"] = carried["opened"]
    second = admin_client.post(url, again)
    assert [c.path for c in second.context["preview"].changes] == ["ProviderDetails.client_secret"]
    confirm = _as_post(second.context["carried"])
    confirm.update(confirmed="yes", fingerprint=second.context["preview"].fingerprint)
    assert admin_client.post(url, confirm).status_code == 302
    after = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Okta")
    assert after["IdentityProvider"]["ProviderDetails"]["client_secret"] == "NEW-SUPER-SECRET-123"


METADATA = "\n".join(
    [
        '<?xml version="1.0"?>',
        '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="urn:corp">',
        '  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
        '    <SingleSignOnService Binding="urn:x" Location="https://corp.example.com/sso"/>',
        "  </IDPSSODescriptor>",
        "</EntityDescriptor>",
    ]
)


def test_it_does_not_send_a_metadata_document_whose_line_endings_alone_differ(
    admin_client, idp, pool_id
):
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Corp",
        ProviderType="SAML",
        ProviderDetails={"MetadataFile": METADATA},
    )
    url = f"/pools/{pool_id}/sign-in/providers/Corp/edit"
    data = form_values(admin_client.get(url).context["form"])
    data["MetadataFile"] = data["MetadataFile"].replace("\n", "\r\n")  # as a textarea sends
    data["IDPInit"] = "on"
    review = admin_client.post(url, data)
    assert [c.path for c in review.context["preview"].changes] == ["ProviderDetails.IDPInit"]
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    assert admin_client.post(url, data).status_code == 302
    after = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Corp")
    assert after["IdentityProvider"]["ProviderDetails"]["MetadataFile"] == METADATA


def test_it_says_a_mapping_conflict_by_attribute_and_ignores_the_row_count(
    admin_client, idp, pool_id, oidc
):
    url = f"/pools/{pool_id}/sign-in/providers/Okta/edit"
    data = form_values(admin_client.get(url).context["form"])
    tampered = admin_client.post(url, {**data, "rows": "5000"})
    assert tampered.status_code == 200 and "conflicts" not in tampered.context
    idp.update_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Okta",
        AttributeMapping={"username": "sub", "email": "email", "nickname": "nick"},
    )
    email_row = next(k for k, v in data.items() if k.startswith("map_attr_") and v == "email")
    data[email_row.replace("attr", "from")] = "mail"
    refused = admin_client.post(url, data)
    assert refused.status_code == 409
    (conflict,) = refused.context["conflicts"]
    assert (conflict.field, conflict.label) == ("mapping", "Attribute mapping")
    assert conflict.now_text == "email ← email, nickname ← nick, username ← sub"
    assert conflict.yours_text == "email ← mail, username ← sub"
