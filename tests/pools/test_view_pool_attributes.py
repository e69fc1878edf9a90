"""/pools/<id>/attributes: Add custom attributes. A custom attribute is permanent, so the
rows are reviewed first, each name is typed to confirm, and only then is
AddCustomAttributes sent."""

import pytest

from console.models import AuditEvent

from .conftest import formset_data

PLAN_AND_ACTIVE = [
    {"name": "plan", "data_type": "String", "mutable": True, "min_length": "2", "max_length": "20"},
    {"name": "active", "data_type": "Boolean", "mutable": False},
]


@pytest.fixture(autouse=True)
def _call_headers(settings):
    settings.CONSOLE_CALL_HEADERS = True  # X-Cognito-Operations: what each page called


def operations(response) -> list[str]:
    return [o for o in response.headers["X-Cognito-Operations"].split(",") if o]


def nothing_sent(response) -> bool:
    """No AddCustomAttributes in this response's calls, and none ever audited."""
    return "AddCustomAttributes" not in operations(response) and not (
        AuditEvent.objects.filter(action="AddCustomAttributes").exists()
    )


def schema_names(idp, pool_id) -> list[str]:
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    return [a["Name"] for a in pool["SchemaAttributes"]]


def confirmed(data: dict, *typed: str) -> dict:
    """`data` posted from the review: the confirm button and the names typed."""
    return {**data, "confirmed": "yes", **{f"typed_{i}": t for i, t in enumerate(typed)}}


def test_it_reviews_the_rows_before_sending_anything(admin_client, idp, pool_id):
    page = admin_client.get(f"/pools/{pool_id}/attributes")
    assert b"cannot be removed" in page.content and nothing_sent(page)
    data = formset_data("custom", PLAN_AND_ACTIVE, extra=1)
    response = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes_review.html"
    html = response.content.decode()
    assert "can never be removed or renamed" in html
    assert "type, mutability and constraints can never be changed" in html
    planned = response.context["step"].planned
    assert [name for _a, name, _f in planned] == ["custom:plan", "custom:active"]
    assert "min length 2 max length 20" in html and ">Boolean<" in html
    assert "a user's value is set when the user is created" in html  # active: immutable
    assert 'name="typed_0"' in html and 'name="typed_1"' in html
    assert "Type custom:plan to confirm" in html
    assert '<input type="hidden" name="custom-0-name" value="plan">' in html
    assert "confirmed" not in [k for k, _v in response.context["step"].carried]
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


def test_it_adds_the_attributes_once_each_name_is_typed(admin_client, admin, idp, pool_id):
    data = formset_data("custom", PLAN_AND_ACTIVE, extra=1)
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(data, "custom:plan", "custom:active")
    )
    assert response.status_code == 302 and response.url == f"/pools/{pool_id}/"
    assert operations(response).count("AddCustomAttributes") == 1
    names = {
        a["Name"]: a
        for a in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]
    }
    assert {"custom:plan", "custom:active", "custom:tenant_id"} <= set(names)
    assert names["custom:active"]["Mutable"] is False
    assert names["custom:plan"]["StringAttributeConstraints"]["MaxLength"] == "20"
    event = AuditEvent.objects.get(action="AddCustomAttributes")
    assert (event.outcome, event.staff_username, event.pool_id) == (
        "succeeded",
        admin.username,
        pool_id,
    )
    detail = admin_client.get(response.url).content.decode()
    assert "Added custom:plan, custom:active" in detail
    table = detail.split('id="schema-table"', 1)[1].split("</table>", 1)[0]
    assert "custom:plan" in table and "custom:active" in table


@pytest.mark.parametrize(
    "typed",
    [("plan", "custom:active"), ("custom:Plan", "custom:active"), ("custom:plan ",)],
    ids=["without the prefix", "other case", "one name missing, a space after"],
)
def test_it_shows_the_review_again_when_a_typed_name_is_wrong(admin_client, idp, pool_id, typed):
    data = formset_data("custom", PLAN_AND_ACTIVE)
    response = admin_client.post(f"/pools/{pool_id}/attributes", confirmed(data, *typed))
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes_review.html"
    html = response.content.decode()
    assert "Nothing was sent to Cognito" in html
    assert "That is not exactly custom:plan" in html or "Type custom:active to confirm it" in html
    assert '<input type="hidden" name="custom-0-name" value="plan">' in html
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


def test_it_keeps_the_rows_when_going_back_to_the_form(admin_client, pool_id):
    data = formset_data("custom", PLAN_AND_ACTIVE, extra=1)
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", {**data, "review_again": "1", "typed_0": "custom:plan"}
    )
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes.html"
    html = response.content.decode()
    assert 'value="plan"' in html and 'value="active"' in html and 'value="20"' in html
    rows = response.context["attributes"].forms
    assert rows[1]["mutable"].value() is False and rows[0]["mutable"].value() is True


def test_it_refuses_a_review_made_stale_by_someone_else(admin_client, idp, pool_id):
    data = formset_data("custom", PLAN_AND_ACTIVE)
    review = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert review.templates[0].name == "pools/attributes_review.html"
    idp.add_custom_attributes(  # someone else, meanwhile
        UserPoolId=pool_id, CustomAttributes=[{"Name": "plan", "AttributeDataType": "Number"}]
    )
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(data, "custom:plan", "custom:active")
    )
    assert response.status_code == 409 and nothing_sent(response)
    html = response.content.decode()
    assert "The pool changed after your review: it has custom:plan now" in html
    assert "custom:plan is already in the pool." in html
    assert 'value="active"' in html  # the rows are kept
    assert "custom:active" not in schema_names(idp, pool_id)


def test_it_names_a_developer_only_attribute_as_cognito_stores_it(admin_client, idp, pool_id):
    data = formset_data("custom", [{"name": "ops", "data_type": "Number", "developer_only": True}])
    review = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert [n for _a, n, _f in review.context["step"].planned] == ["dev:custom:ops"]
    wrong = admin_client.post(f"/pools/{pool_id}/attributes", confirmed(data, "custom:ops"))
    assert wrong.templates[0].name == "pools/attributes_review.html" and nothing_sent(wrong)
    response = admin_client.post(f"/pools/{pool_id}/attributes", confirmed(data, "dev:custom:ops"))
    assert response.status_code == 302
    assert "dev:custom:ops" in schema_names(idp, pool_id)
    # Read back by the stored name: a lost answer would be told apart the same way.
    assert AuditEvent.objects.get(action="AddCustomAttributes").outcome == "succeeded"


def test_it_refuses_a_duplicate_and_a_bad_name_before_the_review(admin_client, idp, pool_id):
    data = formset_data(
        "custom",
        [
            {"name": "tenant_id", "data_type": "String"},
            {"name": "x" * 21, "data_type": "String"},
            {"name": "score", "data_type": "Number", "min_length": "3"},
        ],
    )
    response = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes.html"
    rows = response.context["attributes"].forms
    assert "custom:tenant_id is already in the pool." in str(rows[0].errors["name"])
    assert "name" in rows[1].errors and "at most 20" in str(rows[1].errors["name"])
    assert "min_length" in rows[2].errors
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


def test_it_asks_for_a_row_before_the_review(admin_client, pool_id):
    response = admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", [], 2))
    assert response.status_code == 200 and nothing_sent(response)
    assert "Fill in at least one attribute." in response.content.decode()


def test_it_shows_a_limit_exceeded_refusal_on_the_form(admin_client, pool_id, faults):
    faults.set("AddCustomAttributes", "limit", times=5)  # botocore retries it once
    data = formset_data("custom", [{"name": "plan", "data_type": "String"}])
    response = admin_client.post(f"/pools/{pool_id}/attributes", confirmed(data, "custom:plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="form-errors"' in html and "LimitExceededException" in html
    assert 'value="plan"' in html
    assert AuditEvent.objects.get(action="AddCustomAttributes").outcome == "failed"


def test_it_shows_cognitos_invalid_parameter_refusal_on_the_form(admin_client, idp, pool_id):
    # Cognito caps string attributes at 2,048 characters; the service model does not
    # say so, so the console sends it (once confirmed) and shows Cognito's answer.
    data = formset_data("custom", [{"name": "bio", "data_type": "String", "max_length": "5000"}])
    response = admin_client.post(f"/pools/{pool_id}/attributes", confirmed(data, "custom:bio"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "InvalidParameterException" in html and "2048" in html
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


@pytest.mark.parametrize("who", ["viewer_client", "operator_client"])
def test_it_refuses_viewers_and_operators(request, who, idp, pool_id):
    client = request.getfixturevalue(who)
    assert client.get(f"/pools/{pool_id}/attributes").status_code == 403
    data = confirmed(formset_data("custom", PLAN_AND_ACTIVE), "custom:plan", "custom:active")
    response = client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 403
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]
    assert not AuditEvent.objects.filter(action="AddCustomAttributes").exists()
