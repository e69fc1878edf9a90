"""/pools/<id>/attributes: Add custom attributes. A custom attribute is permanent, so the
rows are reviewed first, each name is typed to confirm, and only then is
AddCustomAttributes sent."""

import pytest

from console.models import AuditEvent
from pools.services import seal_review

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


def confirmed(pool_id: str, data: dict, *typed: str) -> dict:
    """`data` posted from the review of pool `pool_id`: the rows signed as the review
    page carries them (its one hidden field, `reviewed`), the confirm button and the
    names typed."""
    return {
        "reviewed": seal_review(pool_id, list(data.items())),
        "confirmed": "yes",
        **{f"typed_{i}": t for i, t in enumerate(typed)},
    }


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
    assert 'name="reviewed"' in html and 'name="custom-0-name"' not in html
    assert "confirmed" not in [k for k, _v in response.context["step"].carried]
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


def test_it_adds_the_attributes_once_each_name_is_typed(admin_client, admin, idp, pool_id):
    data = formset_data("custom", PLAN_AND_ACTIVE, extra=1)
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:plan", "custom:active")
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
    response = admin_client.post(f"/pools/{pool_id}/attributes", confirmed(pool_id, data, *typed))
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes_review.html"
    html = response.content.decode()
    assert "Nothing was sent to Cognito" in html
    assert "That is not exactly custom:plan" in html or "Type custom:active to confirm it" in html
    assert 'name="reviewed"' in html and 'name="custom-0-name"' not in html
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
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:plan", "custom:active")
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
    wrong = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:ops")
    )
    assert wrong.templates[0].name == "pools/attributes_review.html" and nothing_sent(wrong)
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "dev:custom:ops")
    )
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
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:plan")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="form-errors"' in html and "LimitExceededException" in html
    assert 'value="plan"' in html
    assert AuditEvent.objects.get(action="AddCustomAttributes").outcome == "failed"


def test_it_marks_the_row_cognito_refuses(admin_client, idp, pool_id):
    # AWS documents no lower bound for a Number's MinValue, so the console sends it
    # (once confirmed); the embedded backend refuses a negative one, and its answer is
    # put on the row and field it names, not only in a banner.
    rows = [
        {"name": "plan", "data_type": "String"},
        {"name": "score", "data_type": "Number", "min_value": str(-(10**20))},
    ]
    data = formset_data("custom", rows)
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:plan", "custom:score")
    )
    assert response.status_code == 200
    assert response.templates[0].name == "pools/attributes.html"
    forms = response.context["attributes"].forms
    assert not forms[0].errors
    error = str(forms[1].errors["min_value"])
    assert "custom:score" in error and "InvalidParameterException" in error
    html = response.content.decode()
    assert 'data-field-error="min_value"' in html and "The row it names is marked" in html
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


@pytest.mark.parametrize(
    "row, field, words",
    [
        ({"data_type": "String", "max_length": "5000"}, "max_length", "At most 2048"),
        ({"data_type": "String", "min_length": "3000"}, "min_length", "At most 2048"),
        ({"data_type": "String", "max_length": "2049"}, "max_length", "At most 2048"),
        ({"data_type": "String", "max_length": "0"}, "max_length", "could never hold a value"),
        ({"data_type": "String", "min_length": "0", "max_length": "0"}, "max_length", "never"),
        ({"data_type": "Number", "max_value": str(2**1023 + 1)}, "max_value", "2^1023"),
    ],
    ids=["max 5000", "min 3000", "max 2049", "max 0", "min and max 0", "max over 2^1023"],
)
def test_it_refuses_a_limit_cognito_refuses_before_the_review(
    admin_client, idp, pool_id, row, field, words
):
    data = formset_data("custom", [{"name": "bio", **row}])
    for post in (data, confirmed(pool_id, data, "custom:bio")):
        response = admin_client.post(f"/pools/{pool_id}/attributes", post)
        assert response.status_code == 200 and nothing_sent(response)
        assert response.templates[0].name == "pools/attributes.html"
        errors = response.context["attributes"].forms[0].errors
        assert words in str(errors[field])
        assert f'data-field-error="{field}"' in response.content.decode()
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


def test_it_takes_the_largest_limits_cognito_takes(admin_client, idp, pool_id):
    rows = [
        {"name": "bio", "data_type": "String", "min_length": "2048", "max_length": "2048"},
        {"name": "big", "data_type": "Number", "max_value": str(10**20)},
    ]
    data = formset_data("custom", rows)
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:bio", "custom:big")
    )
    assert response.status_code == 302
    assert {"custom:bio", "custom:big"} <= set(schema_names(idp, pool_id))


def test_it_says_a_resubmit_after_success_is_already_done(admin_client, idp, pool_id):
    data = confirmed(
        pool_id, formset_data("custom", PLAN_AND_ACTIVE), "custom:plan", "custom:active"
    )
    first = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert first.status_code == 302
    again = admin_client.post(f"/pools/{pool_id}/attributes", data, follow=True)
    assert again.redirect_chain == [(f"/pools/{pool_id}/", 302)]
    html = again.content.decode()
    assert "custom:plan, custom:active are already in the pool, exactly as you confirmed" in html
    assert "alert-danger" not in html and "someone else" not in html
    table = html.split('id="schema-table"', 1)[1].split("</table>", 1)[0]
    assert "custom:plan" in table and "custom:active" in table
    assert AuditEvent.objects.filter(action="AddCustomAttributes").count() == 1


def test_it_says_a_same_named_but_different_attribute_changed_the_pool(admin_client, idp, pool_id):
    data = formset_data("custom", [{"name": "plan", "data_type": "String", "max_length": "20"}])
    idp.add_custom_attributes(  # someone else, the same name, another max length
        UserPoolId=pool_id,
        CustomAttributes=[
            {
                "Name": "plan",
                "AttributeDataType": "String",
                "StringAttributeConstraints": {"MaxLength": "30"},
            }
        ],
    )
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:plan")
    )
    assert response.status_code == 409 and nothing_sent(response)
    assert "The pool changed after your review" in response.content.decode()


def _race(pool_id, idp, rows, held):
    """Add custom attributes as a second, concurrent POST of the same review does: the
    pool was read before the first POST's AddCustomAttributes (`held` added meanwhile)."""
    from django.http import QueryDict

    from console.cognito.pools import pool_get
    from pools import services
    from pools.attribute_forms import CustomAttributeFormSet

    pool = pool_get(pool_id=pool_id, fresh=True)
    idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=held)
    post = QueryDict(mutable=True)
    post.update(confirmed(pool_id, formset_data("custom", rows), "custom:plan"))
    post = services.open_review(pool_id, post).post
    names = [a.name for a in pool.custom_attributes]
    attributes = CustomAttributeFormSet(
        post, prefix="custom", existing=names, operation="AddCustomAttributes"
    )
    return services.add_custom_attributes(pool, attributes, post), attributes


def test_it_says_a_concurrent_double_post_is_already_done(db, idp, pool_id):
    row = {"name": "plan", "data_type": "String", "mutable": True, "max_length": "20"}
    held = [
        {
            "Name": "plan",
            "AttributeDataType": "String",
            "Mutable": True,
            "StringAttributeConstraints": {"MaxLength": "20"},
        }
    ]
    step, _rows = _race(pool_id, idp, [row], held)
    assert (step.step, step.added, step.error) == ("already", ["custom:plan"], "")


def test_it_marks_the_row_of_a_concurrent_different_attribute(db, idp, pool_id):
    row = {"name": "plan", "data_type": "String", "mutable": True}
    step, rows = _race(pool_id, idp, [row], [{"Name": "plan", "AttributeDataType": "Number"}])
    assert step.step == "form" and "marked" in step.error
    assert "Existing attribute already has name custom:plan" in str(rows.forms[0].errors["name"])


def test_it_adds_more_rows_without_javascript(admin_client, pool_id):
    page = admin_client.get(f"/pools/{pool_id}/attributes")
    assert len(page.context["attributes"].forms) == 3
    assert 'name="more_rows"' in page.content.decode()
    data = formset_data("custom", [{"name": "plan", "data_type": "String", "max_length": "9"}], 2)
    response = admin_client.post(f"/pools/{pool_id}/attributes", {**data, "more_rows": "1"})
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes.html"
    rows = response.context["attributes"].forms
    assert len(rows) == 6 and not any(r.errors for r in rows)
    html = response.content.decode()
    assert 'value="plan"' in html and 'value="9"' in html and 'name="custom-5-name"' in html
    assert 'name="custom-TOTAL_FORMS" value="6"' in html
    full = formset_data("custom", [], 24)
    most = admin_client.post(f"/pools/{pool_id}/attributes", {**full, "more_rows": "1"})
    assert len(most.context["attributes"].forms) == 25
    assert 'name="more_rows"' not in most.content.decode()


def test_it_describes_who_can_change_a_developer_only_attribute(admin_client, pool_id):
    rows = [
        {"name": "ops", "data_type": "String", "developer_only": True, "mutable": True},
        {"name": "seed", "data_type": "String", "developer_only": True},
    ]
    review = admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", rows))
    html = review.content.decode()
    said = html.split('data-testid="mutability">')[1:]
    assert said[0].startswith("by an administrator only: users can never change it")
    assert said[1].startswith("no: set only when an administrator creates the user")
    assert "a user's value can be changed" not in html


def test_it_shows_each_confirm_box_with_its_attribute(admin_client, pool_id):
    # One card per attribute, its confirm box inside it: readable on a narrow screen.
    review = admin_client.post(
        f"/pools/{pool_id}/attributes", formset_data("custom", PLAN_AND_ACTIVE)
    )
    html = review.content.decode()
    cards = html.split('class="card mb-3 planned-attribute"')[1:]
    assert len(cards) == 2 and "<table" not in html.split("planned-attributes", 1)[1]
    assert "custom:plan" in cards[0] and 'name="typed_0"' in cards[0]
    assert "custom:active" in cards[1] and 'name="typed_1"' in cards[1]


@pytest.mark.parametrize(
    "typed, words",
    [
        ("custom:plan ", "has a space at the end"),
        (" custom:plan", "has a space at the start"),
        ("custom:Plan", "differs in case"),
        (" custom:PLAN ", "has a space at the start and the end and differs in case"),
    ],
)
def test_it_says_how_a_typed_name_differs(admin_client, pool_id, typed, words):
    data = formset_data("custom", [{"name": "plan", "data_type": "String"}])
    response = admin_client.post(f"/pools/{pool_id}/attributes", confirmed(pool_id, data, typed))
    assert response.templates[0].name == "pools/attributes_review.html" and nothing_sent(response)
    assert words in str(response.context["step"].confirm.errors["typed_0"])


def test_it_says_nothing_of_spaces_for_another_name(admin_client, pool_id):
    data = formset_data("custom", [{"name": "plan", "data_type": "String"}])
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", confirmed(pool_id, data, "custom:plans ")
    )
    error = str(response.context["step"].confirm.errors["typed_0"])
    assert "That is not exactly custom:plan;" in error and "space" not in error


@pytest.mark.parametrize("who", ["viewer_client", "operator_client"])
def test_it_refuses_viewers_and_operators(request, who, idp, pool_id):
    client = request.getfixturevalue(who)
    assert client.get(f"/pools/{pool_id}/attributes").status_code == 403
    data = confirmed(
        pool_id, formset_data("custom", PLAN_AND_ACTIVE), "custom:plan", "custom:active"
    )
    response = client.post(f"/pools/{pool_id}/attributes", data)
    assert response.status_code == 403
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]
    assert not AuditEvent.objects.filter(action="AddCustomAttributes").exists()


def _review(admin_client, pool_id, rows, extra=0):
    """The review page of `rows`, and the POST data its form sends back: the signed
    rows (its one hidden field) and the names typed."""
    review = admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", rows, extra))
    assert review.templates[0].name == "pools/attributes_review.html"
    step = review.context["step"]
    typed = {f"typed_{i}": name for i, (_a, name, _f) in enumerate(step.planned)}
    return review, {"reviewed": step.reviewed, **typed}


WHEN = [{"name": "renewal", "data_type": "DateTime", "mutable": True}]


def test_it_adds_exactly_what_was_reviewed_whatever_else_is_posted(admin_client, idp, pool_id):
    review, back = _review(admin_client, pool_id, WHEN)
    assert ">DateTime<" in review.content.decode()
    # The row fields changed before confirming (DateTime -> Boolean) are not used.
    altered = {**formset_data("custom", WHEN), "custom-0-data_type": "Boolean"}
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", {**altered, **back, "confirmed": "yes"}
    )
    assert response.status_code == 302
    schema = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]
    added = {a["Name"]: a for a in schema}["custom:renewal"]
    assert added["AttributeDataType"] == "DateTime"


def test_it_refuses_a_review_whose_signature_fails(admin_client, idp, pool_id):
    _review_page, back = _review(admin_client, pool_id, WHEN)
    altered = {**formset_data("custom", WHEN), "custom-0-data_type": "Boolean"}
    token = back["reviewed"]
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "", "nonsense"):
        posted = {**altered, **back, "reviewed": bad, "confirmed": "yes"}
        response = admin_client.post(f"/pools/{pool_id}/attributes", posted)
        assert response.status_code == 400 and nothing_sent(response)
        assert response.templates[0].name == "pools/attributes.html"
        assert "did not come back as they were reviewed" in response.content.decode()
        assert "nothing was sent to Cognito" in response.content.decode()
    # A confirmation with no signed review at all is refused the same way.
    response = admin_client.post(
        f"/pools/{pool_id}/attributes", {**altered, "typed_0": "custom:renewal", "confirmed": "yes"}
    )
    assert response.status_code == 400 and nothing_sent(response)
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


def test_it_refuses_a_review_more_than_an_hour_old(admin_client, idp, pool_id, monkeypatch):
    import time

    from django.core import signing

    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - 3601)
    _review_page, back = _review(admin_client, pool_id, PLAN_AND_ACTIVE)
    monkeypatch.setattr(signing.time, "time", real)
    response = admin_client.post(f"/pools/{pool_id}/attributes", {**back, "confirmed": "yes"})
    assert response.status_code == 400 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes.html"
    html = response.content.decode()
    assert "more than an hour old" in html
    assert 'value="plan"' in html and 'value="active"' in html  # the rows, to review again
    assert schema_names(idp, pool_id) == ["custom:tenant_id"]


def test_it_keeps_every_row_when_going_back_from_a_signed_review(admin_client, pool_id):
    _review_page, back = _review(admin_client, pool_id, PLAN_AND_ACTIVE, extra=1)
    response = admin_client.post(f"/pools/{pool_id}/attributes", {**back, "review_again": "1"})
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes.html"
    rows = response.context["attributes"].forms
    assert len(rows) == 3
    assert [r["name"].value() for r in rows[:2]] == ["plan", "active"]
    assert rows[0]["max_length"].value() == "20" and rows[1]["data_type"].value() == "Boolean"
    assert rows[1]["mutable"].value() is False and rows[0]["mutable"].value() is True


def _fill_pool(idp, pool_id, count):
    """Add `count` custom attributes (a0, a1...) to the pool, 25 a call."""
    names = [{"Name": f"a{i}", "AttributeDataType": "String"} for i in range(count)]
    for at in range(0, count, 25):
        idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=names[at : at + 25])


def test_it_says_how_many_more_custom_attributes_the_pool_can_take(admin_client, idp, pool_id):
    page = admin_client.get(f"/pools/{pool_id}/attributes")
    said = page.content.decode().split('data-testid="custom-count">', 1)[1].split("</p>", 1)[0]
    assert said.startswith("The pool has 1 custom attribute:") and "take 49 more" in said
    _fill_pool(idp, pool_id, 47)  # 48 in all
    page = admin_client.get(f"/pools/{pool_id}/attributes")
    assert "The pool has 48 custom attributes" in page.content.decode()
    assert "at most 50 per pool, so it can take 2 more" in page.content.decode()


def test_it_refuses_rows_past_fifty_custom_attributes_before_the_review(admin_client, idp, pool_id):
    _fill_pool(idp, pool_id, 47)  # 48 with custom:tenant_id
    rows = [{"name": f"n{i}", "data_type": "String"} for i in range(3)]
    response = admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", rows))
    assert response.status_code == 200 and nothing_sent(response)
    assert response.templates[0].name == "pools/attributes.html"
    errors = " ".join(response.context["attributes"].non_form_errors())
    assert "at most 50 custom attributes" in errors and "This pool has 48" in errors
    assert "take 2 more; these rows add 3. Leave 1 of them empty" in errors
    assert 'value="n2"' in response.content.decode()  # the rows are kept
    two = admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", rows[:2]))
    assert two.templates[0].name == "pools/attributes_review.html"


def test_it_sums_up_the_rows_with_errors_at_the_top(admin_client, pool_id):
    rows = [{"name": f"n{i}", "data_type": "String"} for i in range(25)]
    rows[19] = {"name": "n19", "data_type": "Number", "min_length": "3"}
    rows[21] = {"name": "custom:n21", "data_type": "String"}
    response = admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", rows))
    assert response.status_code == 200 and nothing_sent(response)
    html = response.content.decode()
    summary = html.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert html.index('data-testid="error-summary"') < html.index("Custom attribute 1<")
    assert (
        "Some values need correcting; see the marked rows. Nothing was sent to Cognito." in summary
    )
    assert '<a href="#id_custom-19-name">Custom attribute 20</a> (n19)' in summary
    assert '<a href="#id_custom-21-name">Custom attribute 22</a>' in summary
    assert "Custom attribute 1<" not in summary and "Custom attribute 21<" not in summary
    clean = admin_client.get(f"/pools/{pool_id}/attributes")
    assert 'data-testid="error-summary"' not in clean.content.decode()


def test_it_lets_the_server_say_a_name_is_too_long(admin_client, pool_id):
    page = admin_client.get(f"/pools/{pool_id}/attributes").content.decode()
    name_input = page.split('name="custom-0-name"', 1)[1].split(">", 1)[0]
    max_input = page.split('name="custom-0-max_value"', 1)[1].split(">", 1)[0]
    assert "maxlength" not in name_input
    assert "max=" not in max_input and str(2**1023) not in page
    data = formset_data("custom", [{"name": "a_very_long_name_12345", "data_type": "String"}])
    response = admin_client.post(f"/pools/{pool_id}/attributes", data)
    assert response.templates[0].name == "pools/attributes.html" and nothing_sent(response)
    error = str(response.context["attributes"].forms[0].errors["name"])
    assert "at most 20 characters (it has 22)" in error
    assert 'value="a_very_long_name_12345"' in response.content.decode()


def test_it_shows_the_summary_tab_as_the_section_not_the_page(admin_client, pool_id):
    for response in (
        admin_client.get(f"/pools/{pool_id}/attributes"),
        admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", WHEN)),
    ):
        tabs = response.content.decode().split('class="nav nav-tabs', 1)[1].split("</ul>", 1)[0]
        summary = tabs.split(">Summary<", 1)[0].rsplit("<a ", 1)[1]
        assert "active" in summary and 'aria-current="true"' in summary
        assert 'aria-current="page"' not in tabs
    detail = admin_client.get(f"/pools/{pool_id}/").content.decode()
    assert 'aria-current="page" href="/pools/' in detail


def test_it_offers_no_rows_once_the_pool_holds_fifty(admin_client, idp, pool_id):
    _fill_pool(idp, pool_id, 49)  # 50 with custom:tenant_id
    html = admin_client.get(f"/pools/{pool_id}/attributes").content.decode()
    assert 'data-testid="pool-full"' in html and "no more can be added" in html
    assert "Review attributes" not in html and "More rows" not in html


def test_it_says_the_quota_once_and_marks_no_row_for_it(admin_client, idp, pool_id):
    _fill_pool(idp, pool_id, 48)  # 49: room for one
    rows = [{"name": f"n{i}", "data_type": "String"} for i in range(2)]
    html = admin_client.post(f"/pools/{pool_id}/attributes", formset_data("custom", rows))
    text = html.content.decode()
    assert text.count("at most 50 custom attributes") == 1
    assert 'data-testid="error-summary"' not in text  # no row is wrong: the quota is
