"""The user page's sign-in history (AdminListUserAuthEvents) and the Valid / Invalid
feedback on an event, through the views, against the embedded backend."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from console.models import AuditEvent
from tests.test_service_auth_events import PASSWORD, make_pool, make_user, sign_in


def detail(pool_id, username="ann"):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def feedback_url(pool_id, username="ann"):
    return reverse("users:user_event_feedback", kwargs={"pool_id": pool_id, "username": username})


def history_of(html: str) -> str:
    return html.split('id="signin-history"')[1].split("</section>")[0]


def event_ids(html: str) -> list[str]:
    return re.findall(r'data-event-id="([^"]+)"', history_of(html))


@pytest.fixture
def history_pool(idp):
    """A Plus pool in Audit mode; `ann` signed in with a wrong, then the right password."""
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    assert not sign_in(idp, pool_id, client_id, "ann", "Wrong-Pass-999")
    assert sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    return pool_id, client_id


def test_it_shows_the_failed_and_the_successful_sign_in(viewer_client, history_pool):
    response = viewer_client.get(detail(history_pool[0]))
    assert response.status_code == 200
    history = history_of(response.content.decode())
    rows = history.split("<tbody>")[1].split("<tr")[1:]
    assert len(rows) == 2
    assert "Signed in" in rows[0] and "Right password" in rows[0]
    assert "Failed" in rows[1] and "Wrong password" in rows[1]
    assert "127.0.0.1" in history  # the caller's address, as the backend saw it
    assert "No risk" in history
    assert "It was them" not in history  # a Viewer gives no feedback
    context = response.context
    assert [e.response for e in context["auth_events"]] == ["Pass", "Fail"]
    assert context["auth_events_page"] == 1 and context["auth_events_note"] == ""


def test_it_says_plainly_when_threat_protection_is_off(idp, viewer_client):
    pool_id, client_id = make_pool(idp, mode="OFF")
    make_user(idp, pool_id)
    sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    response = viewer_client.get(detail(pool_id))
    assert response.status_code == 200
    history = history_of(response.content.decode())
    assert "threat protection is off" in history
    edit = reverse("pools:edit", kwargs={"pool_id": pool_id})
    assert f'href="{edit}#threat-protection"' in history
    assert 'id="signin-table"' not in history
    assert response.context["auth_events"] is None


def test_it_names_the_plan_when_the_pool_is_below_plus(faults, idp, viewer_client):
    pool_id, _ = make_pool(idp, mode="OFF", tier="ESSENTIALS")
    make_user(idp, pool_id)
    response = viewer_client.get(detail(pool_id))
    assert "on the Essentials feature plan, which has no threat protection" in history_of(
        response.content.decode()
    )
    faults.set("AdminListUserAuthEvents", "aws:400:FeatureUnavailableInTierException:No.")
    response = viewer_client.get(detail(pool_id))
    assert response.status_code == 200
    assert "on the Essentials feature plan, which has no threat protection" in history_of(
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("throttle", "Wait a few seconds"),
        ("error", "Try again in a moment"),
        ("aws:400:NotAuthorizedException:User: arn:aws:iam::1:user/x is not authorized", "IAM"),
    ],
)
def test_it_shows_a_failed_read_in_its_place_not_an_error_page(
    faults, history_pool, viewer_client, fault, words
):
    faults.set("AdminListUserAuthEvents", fault)
    response = viewer_client.get(detail(history_pool[0]))
    assert response.status_code == 200
    history = history_of(response.content.decode())
    assert "The sign-in history could not be read" in history and words in history
    assert "Attributes" in response.content.decode()  # the rest of the page is there


def test_it_pages_through_the_history(idp, viewer_client, settings, monkeypatch):
    from users import services

    monkeypatch.setattr(services, "EVENT_PAGE", 2)
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    for _ in range(3):
        sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    html = viewer_client.get(detail(pool_id)).content.decode()
    first = event_ids(html)
    assert len(first) == 2
    next_url = re.search(r'rel="next" href="([^"]+)"', history_of(html)).group(1)
    assert "ecursor=" in next_url
    page2 = viewer_client.get(next_url.replace("&amp;", "&"))
    assert page2.context["auth_events_page"] == 2
    second = event_ids(page2.content.decode())
    assert len(second) == 1 and not set(first) & set(second)


def test_it_starts_again_from_a_stale_cursor(history_pool, viewer_client):
    response = viewer_client.get(detail(history_pool[0]), {"ecursor": "not-a-key"})
    assert response.status_code == 200
    assert len(event_ids(response.content.decode())) == 2
    assert "expired" in response.context["auth_events_note"]


def test_it_marks_an_event_invalid_audited(history_pool, operator_client, idp):
    pool_id, _ = history_pool
    html = operator_client.get(detail(pool_id)).content.decode()
    assert "It was them" in history_of(html) and "Not them" in history_of(html)
    failed = event_ids(html)[1]
    response = operator_client.post(feedback_url(pool_id), {"event_id": failed, "value": "Invalid"})
    assert (
        response.status_code == 302
        and response.headers["Location"] == detail(pool_id) + "#signin-history"
    )
    events = idp.admin_list_user_auth_events(UserPoolId=pool_id, Username="ann")["AuthEvents"]
    marked = {e["EventId"]: e.get("EventFeedback", {}).get("FeedbackValue") for e in events}
    assert marked[failed] == "Invalid"
    audit = AuditEvent.objects.get(action="AdminUpdateAuthEventFeedback")
    assert (audit.outcome, audit.target_id, audit.staff_username) == (
        "succeeded",
        "ann",
        "oscar-operator",
    )
    page = operator_client.get(detail(pool_id))
    assert "invalid (it was not them)" in page.content.decode()
    assert ">Invalid</span>" in history_of(page.content.decode())


def test_it_shows_cognitos_refusal_of_feedback_as_a_message(history_pool, operator_client):
    pool_id, _ = history_pool
    response = operator_client.post(
        feedback_url(pool_id), {"event_id": "no-such-event", "value": "Valid"}, follow=True
    )
    assert response.status_code == 200
    assert "Cognito refused" in response.content.decode()
    assert AuditEvent.objects.get(action="AdminUpdateAuthEventFeedback").outcome == "failed"


@pytest.mark.parametrize("data", [{"event_id": "x", "value": "Maybe"}, {"value": "Valid"}])
def test_it_refuses_bad_feedback_without_sending(history_pool, operator_client, data):
    response = operator_client.post(feedback_url(history_pool[0]), data, follow=True)
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="AdminUpdateAuthEventFeedback").exists()


def test_it_lets_a_viewer_see_but_not_post(history_pool, viewer_client, idp):
    pool_id, _ = history_pool
    failed = event_ids(viewer_client.get(detail(pool_id)).content.decode())[1]
    response = viewer_client.post(feedback_url(pool_id), {"event_id": failed, "value": "Invalid"})
    assert response.status_code == 403
    events = idp.admin_list_user_auth_events(UserPoolId=pool_id, Username="ann")["AuthEvents"]
    assert not any(e.get("EventFeedback") for e in events)
    assert not AuditEvent.objects.filter(action="AdminUpdateAuthEventFeedback").exists()


def test_it_starts_again_when_cognito_refuses_the_page_token(
    faults, idp, viewer_client, monkeypatch
):
    from users import services

    monkeypatch.setattr(services, "EVENT_PAGE", 1)
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    for _ in range(2):
        sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    html = viewer_client.get(detail(pool_id)).content.decode()
    next_url = re.search(r'rel="next" href="([^"]+)"', history_of(html)).group(1)
    faults.set("AdminListUserAuthEvents", "invalid:Invalid NextToken.", times=1)
    response = viewer_client.get(next_url.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.context["auth_events_page"] == 1
    assert event_ids(response.content.decode()) == event_ids(html)
    assert "first page" in response.context["auth_events_note"]
