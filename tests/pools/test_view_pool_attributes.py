"""/pools/<id>/attributes: AddCustomAttributes; attributes cannot be removed."""

from .conftest import formset_data


def test_it_adds_custom_attributes_without_the_typed_prefix(admin_client, idp, pool_id):
    page = admin_client.get(f"/pools/{pool_id}/attributes")
    assert b"cannot be removed" in page.content
    data = formset_data(
        "custom",
        [
            {"name": "plan", "data_type": "String", "mutable": True, "max_length": "20"},
            {"name": "active", "data_type": "Boolean", "mutable": False},
        ],
        extra=1,
    )
    response = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 302
    names = {
        a["Name"]: a
        for a in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]
    }
    assert {"custom:plan", "custom:active", "custom:tenant_id"} <= set(names)
    assert names["custom:active"]["Mutable"] is False


def test_it_refuses_a_duplicate_and_a_bad_name_before_sending(admin_client, idp, pool_id):
    data = formset_data(
        "custom",
        [
            {"name": "tenant_id", "data_type": "String"},
            {"name": "x" * 21, "data_type": "String"},
            {"name": "score", "data_type": "Number", "min_length": "3"},
        ],
    )
    response = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 200
    rows = response.context["attributes"].forms
    assert "name" in rows[1].errors and "at most 20" in str(rows[1].errors["name"])
    assert "min_length" in rows[2].errors
    names = [
        a["Name"]
        for a in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]
    ]
    assert names == ["custom:tenant_id"]


def test_it_shows_a_limit_exceeded_refusal_on_the_form(admin_client, pool_id, faults):
    faults.set("AddCustomAttributes", "limit", times=5)  # botocore retries it once
    data = formset_data("custom", [{"name": "plan", "data_type": "String"}])
    response = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="form-errors"' in html and "LimitExceededException" in html
    assert 'value="plan"' in html


def test_it_shows_cognitos_invalid_parameter_refusal_on_the_form(admin_client, idp, pool_id):
    # Cognito caps string attributes at 2,048 characters; the service model does not
    # say so, so the console sends it and shows Cognito's answer.
    data = formset_data("custom", [{"name": "bio", "data_type": "String", "max_length": "5000"}])
    response = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "InvalidParameterException" in html and "2048" in html
