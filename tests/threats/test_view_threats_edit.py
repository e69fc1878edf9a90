"""/pools/<id>/sign-in/threat-protection/edit and /clients/<client_id>/edit: the risk
configuration's reviewed edit (Admins)."""

from __future__ import annotations

import pytest

from console.models import AuditEvent
from pools.settings_spec import unmatched
from pools.threats.forms import RISK_SPEC

from .conftest import COMPROMISED, EXCEPTIONS, TAKEOVER, form_values, make_pool, risk_of


def _url(pool_id: str, client_id: str = "") -> str:
    base = f"/pools/{pool_id}/sign-in/threat-protection"
    return f"{base}/clients/{client_id}/edit" if client_id else f"{base}/edit"


def _save(client, url, data):
    review = client.post(url, data)
    assert review.status_code == 200, review.context["form"].errors
    preview = review.context["preview"]
    return preview, client.post(
        url, {**data, "confirmed": "yes", "fingerprint": preview.fingerprint}
    )


def test_its_form_has_a_field_for_every_setting(admin_client, risky):
    form = admin_client.get(_url(risky[0])).context["form"]
    assert unmatched(form, RISK_SPEC, creating=False) == []


@pytest.mark.parametrize(
    ("field", "value", "paths"),
    [
        (
            "blocked_ranges",
            "203.0.113.0/24\n192.0.2.0/24",
            ["RiskExceptionConfiguration.BlockedIPRangeList"],
        ),
        (
            "compromised_action",
            "NO_ACTION",
            ["CompromisedCredentialsRiskConfiguration.Actions.EventAction"],
        ),
        (
            "low_action",
            "MFA_REQUIRED",
            ["AccountTakeoverRiskConfiguration.Actions.LowAction.EventAction"],
        ),
        ("medium_notify", "", ["AccountTakeoverRiskConfiguration.Actions.MediumAction.Notify"]),
        (
            "notify_reply_to",
            "security@example.com",
            ["AccountTakeoverRiskConfiguration.NotifyConfiguration.ReplyTo"],
        ),
    ],
    ids=["blocked", "compromised", "low", "medium-notify", "reply-to"],
)
def test_it_changes_one_setting_and_resets_nothing_else(
    admin_client, idp, risky, field, value, paths
):
    pool_id, _ = risky
    before = risk_of(idp, pool_id)
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    if value:
        data[field] = value
    else:
        data.pop(field)
    preview, saved = _save(admin_client, _url(pool_id), data)
    assert [c.path for c in preview.changes] == paths
    assert saved.status_code == 302
    after = risk_of(idp, pool_id)
    for path in paths:
        *parents, leaf = path.split(".")
        a, b = after, before
        for part in parents:
            a, b = a[part], b[part]
        a.pop(leaf), b.pop(leaf)
    assert after == before  # the templates and every other setting too
    assert AuditEvent.objects.get(action="SetRiskConfiguration").outcome == "succeeded"


def test_it_clears_a_risk_level_whole(admin_client, idp, risky):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.pop("low_action")
    _, saved = _save(admin_client, _url(pool_id), data)
    assert saved.status_code == 302
    actions = risk_of(idp, pool_id)["AccountTakeoverRiskConfiguration"]["Actions"]
    assert "LowAction" not in actions
    assert actions["HighAction"] == TAKEOVER["Actions"]["HighAction"]


def test_it_refuses_a_range_that_is_no_cidr_and_keeps_what_was_typed(admin_client, idp, risky):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["blocked_ranges"] = "192.0.2.0/24\n192.0.2.1\n300.1.2.0/24"
    data["skipped_ranges"] = "10.0.0.0/8"
    response = admin_client.post(_url(pool_id), data)
    form = response.context["form"]
    assert form.errors["blocked_ranges"] == [
        "“192.0.2.1” is not an IP range in CIDR notation (like 192.0.2.0/24 or 2001:db8::/32).",
        "“300.1.2.0/24” is not an IP range in CIDR notation (like 192.0.2.0/24 or 2001:db8::/32).",
    ]
    assert "10.0.0.0/8" in response.content.decode()
    assert "192.0.2.1\n300.1.2.0/24" in response.content.decode()
    assert risk_of(idp, pool_id)["RiskExceptionConfiguration"] == EXCEPTIONS


def test_it_refuses_over_200_ranges(admin_client, risky):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["blocked_ranges"] = "\n".join(f"10.0.{i}.0/24" for i in range(201))
    form = admin_client.post(_url(pool_id), data).context["form"]
    assert "blocked_ranges" in form.errors


def test_it_needs_the_ses_identity_to_notify(admin_client, idp):
    pool_id, _ = make_pool(idp)
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.update(high_action="BLOCK", high_notify="on")
    form = admin_client.post(_url(pool_id), data).context["form"]
    assert "SES identity" in form.errors["notify_source_arn"][0]


def test_it_needs_an_action_for_compromised_credentials(admin_client, idp):
    pool_id, _ = make_pool(idp)
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["compromised_events"] = ["SIGN_IN"]
    form = admin_client.post(_url(pool_id), data).context["form"]
    assert "compromised_action" in form.errors


def test_it_gives_an_app_client_its_own(admin_client, idp, risky):
    pool_id, client_id = risky
    response = admin_client.get(_url(pool_id, client_id))
    assert "uses the pool&#x27;s configuration now" in response.content.decode()
    data = form_values(response.context["form"])
    data["skipped_ranges"] = "10.0.0.0/8"
    preview, saved = _save(admin_client, _url(pool_id, client_id), data)
    assert [c.path for c in preview.changes] == ["RiskExceptionConfiguration.SkippedIPRangeList"]
    assert saved.status_code == 302
    own = risk_of(idp, pool_id, client_id)
    assert own["ClientId"] == client_id
    assert own["RiskExceptionConfiguration"]["SkippedIPRangeList"] == ["10.0.0.0/8"]
    assert own["AccountTakeoverRiskConfiguration"] == TAKEOVER
    assert risk_of(idp, pool_id)["RiskExceptionConfiguration"] == EXCEPTIONS


def test_it_shows_cognitos_refusal_on_the_form(admin_client, idp, risky, faults):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["blocked_ranges"] = "203.0.113.0/24"
    review = admin_client.post(_url(pool_id), data)
    faults.set("SetRiskConfiguration", "aws:400:InvalidParameterException:Bad range", times=1)
    data.update(confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    response = admin_client.post(_url(pool_id), data)
    assert response.status_code == 200
    assert "Bad range" in response.context["form"].non_field_errors()[0]
    assert "203.0.113.0/24" in response.content.decode()
    assert risk_of(idp, pool_id)["RiskExceptionConfiguration"] == EXCEPTIONS


def test_it_shows_a_backend_that_is_down(admin_client, risky, faults):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["blocked_ranges"] = "203.0.113.0/24"
    faults.set("DescribeRiskConfiguration", "aws:503:ServiceUnavailable:down")
    response = admin_client.post(_url(pool_id), data)
    assert response.status_code == 503


def test_it_is_a_404_for_an_app_client_that_does_not_exist(admin_client, risky):
    assert admin_client.get(_url(risky[0], "nosuchclient1")).status_code == 404


def test_it_is_for_admins_only(operator_client, viewer_client, risky):
    pool_id, client_id = risky
    assert operator_client.get(_url(pool_id)).status_code == 403
    assert operator_client.get(_url(pool_id, client_id)).status_code == 403
    assert viewer_client.post(_url(pool_id), {}).status_code == 403


def test_it_refuses_a_from_address_that_is_no_address(admin_client, risky):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["notify_from"] = "security team"
    form = admin_client.post(_url(pool_id), data).context["form"]
    assert "is not an email address" in form.errors["notify_from"][0]


def test_it_refuses_an_edit_over_a_change_made_since_the_form_opened(admin_client, idp, risky):
    pool_id, _ = risky
    opened = admin_client.get(_url(pool_id))
    data = {**form_values(opened.context["form"]), "opened": opened.context["opened"]}
    data["blocked_ranges"] = "203.0.113.0/24"
    data["skipped_ranges"] = "10.0.0.0/8"
    theirs = {**EXCEPTIONS, "BlockedIPRangeList": ["198.51.100.0/24"]}
    idp.set_risk_configuration(
        UserPoolId=pool_id,
        CompromisedCredentialsRiskConfiguration=COMPROMISED,
        AccountTakeoverRiskConfiguration=TAKEOVER,
        RiskExceptionConfiguration=theirs,
    )
    response = admin_client.post(_url(pool_id), data)
    assert response.status_code == 409
    conflicts = {c.field: (c.opened, c.now, c.yours) for c in response.context["conflicts"]}
    assert conflicts["blocked_ranges"] == (["192.0.2.0/24"], ["198.51.100.0/24"], "203.0.113.0/24")
    assert response.context["form"]["skipped_ranges"].value() == "10.0.0.0/8"  # kept
    assert list(conflicts) == ["blocked_ranges"]
    assert risk_of(idp, pool_id)["RiskExceptionConfiguration"] == theirs


@pytest.mark.parametrize(
    ("blocked", "skipped", "field", "error"),
    [
        (
            "10.0.0.1/24",
            "",
            "blocked_ranges",
            "“10.0.0.1/24” has bits set after its prefix: did you mean 10.0.0.0/24 (the "
            "range), or 10.0.0.1/32 (that one address)?",
        ),
        (
            "0.0.0.0/0",
            "",
            "blocked_ranges",
            "“0.0.0.0/0” is every IP address: it would block every sign-in of every user. "
            "Block narrower ranges.",
        ),
        ("::/0", "", "blocked_ranges", None),
        (
            "203.0.113.0/24\n203.0.113.0/24",
            "",
            "blocked_ranges",
            "“203.0.113.0/24” is listed twice: keep it once.",
        ),
        ("", "2001:db8::/32\n2001:0db8::/32", "skipped_ranges", None),
        (
            "203.0.113.0/24",
            "10.0.0.0/8\n203.0.113.0/24",
            "skipped_ranges",
            "203.0.113.0/24: in both lists. A range is either always blocked or never "
            "risk-rated: remove it from one of them.",
        ),
    ],
    ids=["host-bits", "every-ipv4", "every-ipv6", "twice", "twice-ipv6", "both-lists"],
)
def test_it_refuses_ranges_that_are_surely_a_mistake(
    admin_client, idp, risky, blocked, skipped, field, error
):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data.update(blocked_ranges=blocked, skipped_ranges=skipped)
    response = admin_client.post(_url(pool_id), data)
    errors = response.context["form"].errors[field]
    assert len(errors) == 1
    if error:
        assert errors == [error]
    assert risk_of(idp, pool_id)["RiskExceptionConfiguration"] == EXCEPTIONS
    assert not AuditEvent.objects.filter(action="SetRiskConfiguration").exists()


def test_it_says_an_ses_identity_arn_is_needed(admin_client, risky):
    pool_id, _ = risky
    data = form_values(admin_client.get(_url(pool_id)).context["form"])
    data["notify_source_arn"] = "bad"
    response = admin_client.post(_url(pool_id), data)
    assert response.context["form"].errors["notify_source_arn"] == [
        "“bad” is not an SES identity ARN, like "
        "arn:aws:ses:us-east-1:123456789012:identity/example.com."
    ]


def test_it_says_audit_mode_takes_none_of_the_actions(admin_client, idp):
    pool_id, _ = make_pool(idp, mode="AUDIT")
    page = admin_client.get(_url(pool_id)).content.decode()
    assert "takes none of the actions below" in page and "until the mode is Enforced" in page
    enforced, _ = make_pool(idp, mode="ENFORCED")
    assert "takes none of the actions" not in admin_client.get(_url(enforced)).content.decode()
