"""The pool form's checks say what is wrong once, in words (finding 9 of issue 10):
a custom attribute's one problem, min above max, Lambda trigger ARNs that are Lambda
function ARNs, the From address checked like the Reply-to address (and shown on the
summary), and every role ARN field that says "not an IAM role ARN" for a non-ARN."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.models import AuditEvent

from .conftest import LAMBDA, formset_data, new_pool_data


def _new(admin_client, **overrides):
    data = new_pool_data(**overrides)
    rows = overrides.pop("_rows", None)
    if rows is not None:
        data.pop("_rows")
        data.update(formset_data("custom", rows))
    return admin_client.post("/pools/new", data)


def _attribute_errors(response):
    return [dict(f.errors) for f in response.context["attributes"].forms]


def test_it_gives_a_bad_attribute_name_one_message(admin_client):
    row = {"name": "bad name!", "data_type": "String", "mutable": True, "max_length": "5"}
    response = _new(admin_client, _rows=[row])
    (errors,) = _attribute_errors(response)
    assert list(errors) == ["name"] and len(errors["name"]) == 1
    assert "Give the attribute a name." not in response.content.decode()


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"data_type": "String", "min_length": "10", "max_length": "5"}, "max_length"),
        ({"data_type": "Number", "min_value": "10", "max_value": "5"}, "max_value"),
    ],
)
def test_it_flags_a_minimum_above_the_maximum(admin_client, row, field):
    response = _new(admin_client, _rows=[{"name": "tenant", "mutable": True, **row}])
    (errors,) = _attribute_errors(response)
    assert errors[field] == ["The maximum is below the minimum."]
    # Also when the name has a problem of its own (the tester's case).
    response = _new(admin_client, _rows=[{"name": "bad name!", "mutable": True, **row}])
    (errors,) = _attribute_errors(response)
    assert errors[field] == ["The maximum is below the minimum."]
    assert len(errors["name"]) == 1
    assert not AuditEvent.objects.filter(action="CreateUserPool").exists()


@pytest.mark.parametrize(
    "value", ["arn:aws:iam::123456789012:role/Name", "not-arn", "arn:aws:lambda:us-east-1:1:x"]
)
def test_it_wants_a_lambda_function_arn_for_a_trigger(admin_client, value):
    response = _new(admin_client, lambda_PreSignUp=value)
    errors = response.context["form"].errors["lambda_PreSignUp"]
    assert errors == [
        f"“{value}” is not a Lambda function ARN, like "
        "arn:aws:lambda:us-east-1:123456789012:function:Name (optionally followed by :alias)."
    ]


def test_it_takes_a_lambda_function_arn_with_an_alias(admin_client, idp):
    response = _new(admin_client, name="Aliased", lambda_PreSignUp=LAMBDA.format("pre") + ":live")
    assert response.status_code == 302, response.context["form"].errors


def test_it_checks_the_from_address_and_shows_it_on_the_summary(admin_client, idp):
    bad = _new(admin_client, email_from="bad email")
    assert bad.context["form"].errors["email_from"] == [
        "“bad email” is not an email address: give one like no-reply@example.com, "
        "or a name and address like Team <no-reply@example.com>."
    ]
    good = _new(admin_client, name="With from", email_from="Shop <no-reply@example.com>")
    assert good.status_code == 302
    html = admin_client.get(good.headers["Location"]).content.decode()
    assert 'data-testid="email-from">Shop &lt;no-reply@example.com&gt;<' in html


ROLE_MESSAGE = "“not-arn” is not an IAM role ARN, like arn:aws:iam::123456789012:role/Name."


def test_it_says_the_sms_role_is_not_a_role_arn(admin_client):
    response = _new(admin_client, sms_caller_arn="not-arn")
    assert response.context["form"].errors["sms_caller_arn"] == [ROLE_MESSAGE]


def test_it_says_the_ses_identity_is_not_an_ses_arn(admin_client):
    response = _new(admin_client, email_account="DEVELOPER", email_source_arn="not-arn")
    assert response.context["form"].errors["email_source_arn"] == [
        "“not-arn” is not an SES identity ARN, like "
        "arn:aws:ses:us-east-1:123456789012:identity/example.com."
    ]


def test_it_says_the_group_role_is_not_a_role_arn(admin_client, pool_id):
    url = reverse("groups:new", kwargs={"pool_id": pool_id})
    response = admin_client.post(url, {"name": "ops", "role_arn": "not-arn"})
    assert response.context["form"].errors["role_arn"] == [ROLE_MESSAGE]


def test_it_says_the_import_role_is_not_a_role_arn():
    from pools.imports.forms import ImportForm

    form = ImportForm({"job_name": "Import", "role_arn": "not-arn", "mode": "start"})
    form.is_valid()
    assert form.errors["role_arn"] == [ROLE_MESSAGE]


def test_it_says_the_whatif_role_is_not_a_role_arn(admin_client, pool_id, idp):
    idp.create_group(UserPoolId=pool_id, GroupName="ops", Precedence=1)
    url = reverse("groups:whatif", kwargs={"pool_id": pool_id})
    data = {"name_0": "ops", "precedence_0": "1", "role_0": "not-arn", "apply": "1"}
    response = admin_client.post(url, data)
    assert response.context["form"].errors["role_0"] == [ROLE_MESSAGE]


def test_it_does_not_recheck_a_value_sent_back_as_cognito_holds_it(admin_client, idp, rich_pool):
    from console.cognito.pools import pool_update_request

    from .conftest import form_values

    _, request = pool_update_request(
        pool_id=rich_pool, changes={"EmailConfiguration": {"From": "legacy sender"}}
    )
    idp.update_user_pool(**request)  # a value the console would not take today
    url = f"/pools/{rich_pool}/edit"
    opened = admin_client.get(url)
    data = {**form_values(opened.context["form"]), "opened": opened.context["opened"]}
    data["pw_min_length"] = "14"
    review = admin_client.post(url, data)
    assert review.status_code == 200 and "preview" in review.context, review.context["form"].errors
    data["email_from"] = "other sender"
    refused = admin_client.post(url, data)
    assert "“other sender” is not an email address" in str(refused.context["form"].errors)
