"""/pools/<id>/clients/new: create an app client (Admin only)."""

from console.models import AuditEvent


def test_it_creates_a_client_with_a_secret(admin_client, idp, pool_id):
    page = admin_client.get(f"/pools/{pool_id}/clients/new")
    assert "custom:tenant_id" in page.content.decode()  # attributes from the pool's schema
    response = admin_client.post(
        f"/pools/{pool_id}/clients/new",
        {
            "name": "Partner portal",
            "generate_secret": "on",
            "refresh_validity": "12",
            "refresh_unit": "hours",
            "access_validity": "30",
            "access_unit": "minutes",
            "id_unit": "hours",
            "read_attributes": ["custom:tenant_id"],
            "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "oauth_enabled": "on",
            "oauth_flows": ["code"],
            "oauth_scopes": ["openid", "email"],
            "callback_urls": "https://partner.example.com/cb",
            "identity_providers": ["COGNITO"],
            "prevent_errors": "ENABLED",
            "token_revocation": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    [summary] = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert response.headers["Location"] == f"/pools/{pool_id}/clients/{summary['ClientId']}/"
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=summary["ClientId"])
    client = client["UserPoolClient"]
    assert client["ClientSecret"]
    assert client["RefreshTokenValidity"] == 12
    assert client["TokenValidityUnits"]["RefreshToken"] == "hours"
    assert client["AccessTokenValidity"] == 30
    assert client["ExplicitAuthFlows"] == ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert client["AllowedOAuthScopes"] == ["openid", "email"]
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert AuditEvent.objects.get(action="CreateUserPoolClient").outcome == "succeeded"
    detail = admin_client.get(response.headers["Location"])
    assert client["ClientSecret"] not in detail.content.decode()


def test_it_shows_field_errors_for_out_of_range_values(admin_client, idp, pool_id):
    response = admin_client.post(
        f"/pools/{pool_id}/clients/new",
        {
            "name": "Bad client!",
            "refresh_validity": "-1",
            "refresh_unit": "fortnights",
            "access_validity": "86401",
            "access_unit": "hours",
            "id_unit": "hours",
            "auth_session_validity": "2",
            "oauth_scopes": ["has space"],  # not a choice
            "oauth_flows": ["code"],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in (
        "name",
        "refresh_validity",
        "refresh_unit",
        "access_validity",
        "auth_session_validity",
        "oauth_scopes",
        "callback_urls",
    ):
        assert field in errors, field
    assert idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"] == []


def test_it_shows_cognitos_refusal_on_the_form(admin_client, pool_id, faults):
    faults.set("CreateUserPoolClient", "error", times=5)
    response = admin_client.post(
        f"/pools/{pool_id}/clients/new",
        {"name": "Kept name", "refresh_unit": "days", "access_unit": "hours", "id_unit": "hours"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="Kept name"' in response.content.decode()


def test_it_is_for_admins_only(operator_client, pool_id):
    assert operator_client.get(f"/pools/{pool_id}/clients/new").status_code == 403
