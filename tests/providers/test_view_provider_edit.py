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
    url = f"/pools/{pool_id}/sign-in/providers/Okta/delete"
    page = admin_client.get(url)
    assert "no longer be able to sign in through it" in page.content.decode()
    wrong = admin_client.post(url, {"confirm": "okta"})
    assert "confirm" in wrong.context["form"].errors
    done = admin_client.post(url, {"confirm": "Okta"})
    assert done.status_code == 302
    assert idp.list_identity_providers(UserPoolId=pool_id)["Providers"] == []


def test_it_is_for_admins_only(viewer_client, pool_id, oidc):
    base = f"/pools/{pool_id}/sign-in/providers/Okta"
    assert viewer_client.get(f"{base}/edit").status_code == 403
    assert viewer_client.post(f"{base}/delete", {"confirm": "Okta"}).status_code == 403
