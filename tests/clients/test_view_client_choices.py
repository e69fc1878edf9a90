"""The client form offers and sends only what Cognito takes (tester T2, finding 3):
no write access to `sub` or an immutable attribute, one of each callback URL, and
cautions on the review for OAuth without a scope and rotation with REFRESH_TOKEN_AUTH."""

from django.contrib.messages import get_messages

from .conftest import form_values


def _edit(admin_client, pool_id, client):
    url = f"/pools/{pool_id}/clients/{client['ClientId']}/edit"
    return url, form_values(admin_client.get(url).context["form"])


def test_it_does_not_offer_writing_sub_or_an_immutable_attribute(
    admin_client, idp, pool_id, secret_client
):
    idp.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[{"Name": "fixed", "AttributeDataType": "String", "Mutable": False}],
    )
    url, data = _edit(admin_client, pool_id, secret_client)
    form = admin_client.get(url).context["form"]
    writable = [v for v, _ in form.fields["write_attributes"].choices]
    readable = [v for v, _ in form.fields["read_attributes"].choices]
    assert "custom:fixed" in readable
    assert "sub" not in writable and "custom:fixed" not in writable and "email" in writable
    data["write_attributes"] = ["email", "sub"]
    response = admin_client.post(url, data)
    assert "write_attributes" in response.context["form"].errors
    assert "preview" not in response.context


def test_it_refuses_sub_on_a_new_client_without_calling_cognito(admin_client, idp, pool_id):
    response = admin_client.post(
        f"/pools/{pool_id}/clients/new", {"name": "app", "write_attributes": ["sub"]}
    )
    assert response.status_code == 200
    assert "write_attributes" in response.context["form"].errors
    assert idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=10)["UserPoolClients"] == []


def test_it_saves_each_callback_url_once(admin_client, idp, pool_id, secret_client):
    url, data = _edit(admin_client, pool_id, secret_client)
    cb = "https://app.example.com/cb"
    data["callback_urls"] = f"{cb}\nhttps://b.example.com/cb\n{cb}"
    review = admin_client.post(url, data)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    assert admin_client.post(url, data).status_code == 302
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=secret_client["ClientId"])[
        "UserPoolClient"
    ]
    assert client["CallbackURLs"] == [cb, "https://b.example.com/cb"]
    assert client["ReadAttributes"] == ["email", "custom:tenant_id"]  # untouched


def _cautions(response):
    return [m.message for m in get_messages(response.wsgi_request)]


def test_it_cautions_about_the_code_flow_without_a_scope(admin_client, pool_id, secret_client):
    url, data = _edit(admin_client, pool_id, secret_client)
    data.update(oauth_enabled="on", oauth_flows=["code"], identity_providers=["COGNITO"])
    data.pop("oauth_scopes", None)
    review = admin_client.post(url, data)
    assert "preview" in review.context
    assert any("no OAuth scope" in m for m in _cautions(review))


def test_it_cautions_about_rotation_with_refresh_token_auth(
    admin_client, idp, pool_id, secret_client
):
    idp.update_user_pool(UserPoolId=pool_id, UserPoolTier="ESSENTIALS")
    url, data = _edit(admin_client, pool_id, secret_client)
    assert "ALLOW_REFRESH_TOKEN_AUTH" in data["auth_flows"]
    data["rotation"] = "ENABLED"
    review = admin_client.post(url, data)
    assert "preview" in review.context, review.context["form"].errors
    assert any("ALLOW_REFRESH_TOKEN_AUTH" in m for m in _cautions(review))
    data["auth_flows"] = [f for f in data["auth_flows"] if f != "ALLOW_REFRESH_TOKEN_AUTH"]
    quiet = admin_client.post(url, data)
    assert not any("ALLOW_REFRESH_TOKEN_AUTH is ticked" in m for m in _cautions(quiet))
