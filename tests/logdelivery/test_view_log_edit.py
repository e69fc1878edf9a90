"""/pools/<id>/sign-in/logs/edit/<source>: one source's destination, reviewed (Admins)."""

from __future__ import annotations

import pytest

from console.models import AuditEvent
from pools.logdelivery.forms import LOG_SPECS
from pools.settings_spec import unmatched

from .conftest import AUTH, BUCKET, NOTIFY, OTHER_GROUP, STREAM, form_values, logs_of, make_pool


def _url(pool_id: str, source: str) -> str:
    return f"/pools/{pool_id}/sign-in/logs/edit/{source}"


def _save(client, url, data):
    if "opened" not in data:  # the snapshot the page carries, as a browser sends it
        data = {"opened": client.get(url).context["opened"], **data}
    review = client.post(url, data)
    assert review.status_code == 200, review.context["form"].errors
    preview = review.context["preview"]
    return preview, client.post(
        url, {**data, "confirmed": "yes", "fingerprint": preview.fingerprint}
    )


@pytest.mark.parametrize("source", ["userNotification", "userAuthEvents"])
def test_its_form_has_a_field_for_every_setting(admin_client, idp, source):
    pool_id = make_pool(idp)
    form = admin_client.get(_url(pool_id, source)).context["form"]
    assert unmatched(form, LOG_SPECS[source], creating=False) == []


def test_it_changes_one_source_and_keeps_the_other(admin_client, idp):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    url = _url(pool_id, "userNotification")
    data = form_values(admin_client.get(url).context["form"])
    data["log_group_arn"] = OTHER_GROUP
    preview, saved = _save(admin_client, url, data)
    assert [c.path for c in preview.changes] == [
        "userNotification.CloudWatchLogsConfiguration.LogGroupArn"
    ]
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/pools/{pool_id}/sign-in/logs/"
    changed = {**NOTIFY, "CloudWatchLogsConfiguration": {"LogGroupArn": OTHER_GROUP}}
    assert logs_of(idp, pool_id) == [changed, AUTH]
    assert AuditEvent.objects.get(action="SetLogDeliveryConfiguration").outcome == "succeeded"


def test_it_moves_user_activity_to_firehose_and_keeps_notifications(admin_client, idp):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    url = _url(pool_id, "userAuthEvents")
    _, saved = _save(admin_client, url, {"stream_arn": STREAM})
    assert saved.status_code == 302
    moved = {
        "EventSource": "userAuthEvents",
        "LogLevel": "INFO",
        "FirehoseConfiguration": {"StreamArn": STREAM},
    }
    assert logs_of(idp, pool_id) == [NOTIFY, moved]


def test_it_stops_exporting_when_every_field_is_blank(admin_client, idp):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY, AUTH])
    _, saved = _save(admin_client, _url(pool_id, "userAuthEvents"), {})
    assert saved.status_code == 302
    assert logs_of(idp, pool_id) == [NOTIFY]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param(
            {"bucket_arn": BUCKET, "stream_arn": STREAM}, "Give one destination only", id="two"
        ),
        pytest.param({"bucket_arn": "my-bucket"}, "is not an S3 bucket ARN", id="not-an-arn"),
        pytest.param(
            {"log_group_arn": BUCKET}, "is not a CloudWatch Logs log group ARN", id="wrong-kind"
        ),
    ],
)
def test_it_refuses_bad_input_and_keeps_what_was_typed(admin_client, idp, data, words):
    pool_id = make_pool(idp)
    url = _url(pool_id, "userAuthEvents")
    page = admin_client.post(url, {**data, "opened": admin_client.get(url).context["opened"]})
    assert page.status_code == 200
    html = page.content.decode()
    assert words in html
    for value in data.values():
        assert value in html
    assert logs_of(idp, pool_id) == []


def test_it_refuses_user_activity_below_plus_with_the_plans_sentence(admin_client, idp):
    pool_id = make_pool(idp, tier="ESSENTIALS")
    url = _url(pool_id, "userAuthEvents")
    assert 'data-testid="plan-note"' in admin_client.get(url).content.decode()
    page = admin_client.post(url, {"bucket_arn": BUCKET})
    assert "needs the Plus feature plan; this pool is on Essentials" in str(
        page.context["form"].errors
    )
    assert logs_of(idp, pool_id) == []


def test_it_puts_cognitos_refusal_on_the_form(admin_client, idp, faults):
    pool_id = make_pool(idp)
    url = _url(pool_id, "userNotification")
    data = {"log_group_arn": OTHER_GROUP, "opened": admin_client.get(url).context["opened"]}
    review = admin_client.post(url, data)
    faults.set(
        "SetLogDeliveryConfiguration",
        "aws:400:InvalidParameterException:The log group does not exist.",
    )
    page = admin_client.post(
        url, {**data, "confirmed": "yes", "fingerprint": review.context["preview"].fingerprint}
    )
    assert page.status_code == 200
    assert "The log group does not exist." in page.content.decode()
    assert OTHER_GROUP in page.content.decode()


def test_it_is_for_admins_only(operator_client, viewer_client, idp):
    pool_id = make_pool(idp)
    assert viewer_client.get(_url(pool_id, "userNotification")).status_code == 403
    assert operator_client.post(_url(pool_id, "userNotification"), {}).status_code == 403


def test_it_answers_404_for_an_unknown_source(admin_client, idp):
    pool_id = make_pool(idp)
    assert admin_client.get(_url(pool_id, "everything")).status_code == 404


def test_it_refuses_an_edit_over_a_change_made_meanwhile_and_keeps_the_typing(admin_client, idp):
    pool_id = make_pool(idp)
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[NOTIFY])
    url = _url(pool_id, "userNotification")
    opened = admin_client.get(url).context["opened"]
    moved = {**NOTIFY, "CloudWatchLogsConfiguration": {"LogGroupArn": OTHER_GROUP + "-x"}}
    idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[moved])
    page = admin_client.post(url, {"log_group_arn": OTHER_GROUP, "opened": opened})
    assert page.status_code == 409
    assert OTHER_GROUP + "-x" in page.content.decode()
    assert logs_of(idp, pool_id) == [moved]


def _form_data(client, url, **fields):
    return {**form_values(client.get(url).context["form"]), **fields}


def test_it_takes_a_log_group_arn_with_the_cloudwatch_consoles_star_and_says_so(admin_client, idp):
    pool_id = make_pool(idp)
    url = _url(pool_id, "userNotification")
    group = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/starred"
    data = _form_data(admin_client, url, log_group_arn=group + ":*")
    review = admin_client.post(url, data)
    said = [str(m) for m in review.context["messages"]]
    assert any("“:*” at the end of the log group ARN" in m for m in said), said
    _preview, saved = _save(admin_client, url, data)
    assert saved.status_code == 302
    assert logs_of(idp, pool_id)[0]["CloudWatchLogsConfiguration"]["LogGroupArn"] == group


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        (
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/grüße",
            "has characters a CloudWatch Logs log group ARN cannot have: “ü”, “ß”",
        ),
        ("arn:aws:iam::123456789012:role/Name", "is not a CloudWatch Logs log group ARN, like"),
        (
            "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/cognito/pool",
            "in the aws-cn partition and the pool in aws",
        ),
        (
            "arn:aws:logs:us-east-1:999999999999:log-group:/aws/cognito/pool",
            "is in account 999999999999 and the pool in 123456789012",
        ),
    ],
    ids=["non-ascii", "role-arn", "other-partition", "other-account"],
)
def test_it_says_what_is_wrong_with_a_log_group_arn(admin_client, idp, typed, says):
    pool_id = make_pool(idp)
    url = _url(pool_id, "userNotification")
    response = admin_client.post(url, _form_data(admin_client, url, log_group_arn=typed))
    assert "preview" not in response.context
    errors = " ".join(response.context["form"].errors["log_group_arn"])
    assert says in errors and "role/Name" not in errors.replace(typed, ""), errors
    assert typed in response.content.decode()  # what was typed is kept
    assert logs_of(idp, pool_id) == []


def test_it_warns_on_the_review_about_a_log_group_in_another_region(admin_client, idp):
    pool_id = make_pool(idp)
    url = _url(pool_id, "userNotification")
    group = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cognito/pool"
    review = admin_client.post(url, _form_data(admin_client, url, log_group_arn=group))
    assert review.status_code == 200 and "preview" in review.context
    said = [str(m) for m in review.context["messages"]]
    assert any("is in eu-west-1 and the pool in us-east-1" in m for m in said), said
