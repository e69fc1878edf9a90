"""Where the user page opens after an action or a refused form (POST /pools/<pool>/users/
<username>/<action>/): the same sub-pages (the history's `ecursor`, ...) and the action's
section (a fragment, its message shown there), a refused form's first invalid field
`autofocus`; the password reset's confirmation; the history's label for a sign-in
refused before the password was checked; the invitations report's re-send form and the
way back from the bulk job it starts. Against the embedded backend."""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from console.cognito.records import AuthEvent
from console.models import AuditEvent
from tests.test_service_auth_events import PASSWORD, make_pool, make_user, sign_in
from users import services

from .conftest import add_user
from .test_view_invitations import invitations, invite_pool, url  # noqa: F401 (fixtures)


def detail(pool_id, username="ann"):
    return reverse("users:detail", kwargs={"pool_id": pool_id, "username": username})


def action(pool_id, name, username="ann"):
    return reverse(f"users:user_{name}", kwargs={"pool_id": pool_id, "username": username})


def section(html: str, marker: str) -> str:
    return html.split(marker)[1].split("</section>")[0]


def top_messages(html: str) -> str:
    return html.split('id="messages"')[1].split("</div>\n  ")[0]


@pytest.fixture
def paged_history(idp, monkeypatch):
    """ann with three sign-ins, two a page: (pool ID, the history's page 2 URL)."""
    monkeypatch.setattr(services, "EVENT_PAGE", 2)
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    for _ in range(3):
        sign_in(idp, pool_id, client_id, "ann", PASSWORD)
    return pool_id


def page_two(client, pool_id) -> tuple[str, str]:
    """The history's page 2: (its URL, its HTML)."""
    html = client.get(detail(pool_id)).content.decode()
    found = re.search(r'rel="next" href="([^"]+)"', section(html, 'id="signin-history"'))
    nxt = htmllib.unescape(found.group(1))
    return nxt, client.get(nxt).content.decode()


def test_it_goes_back_to_the_same_history_page_at_the_history(operator_client, paged_history):
    nxt, html = page_two(operator_client, paged_history)
    history = section(html, 'id="signin-history"')
    event_id = re.findall(r'data-event-id="([^"]+)"', history)[0]
    state = htmllib.unescape(re.search(r'name="page_state" value="([^"]*)"', history).group(1))
    ecursor = parse_qs(urlsplit(nxt).query)["ecursor"][0]
    assert parse_qs(state) == {"ecursor": [ecursor]}
    response = operator_client.post(
        action(paged_history, "event_feedback"),
        {"event_id": event_id, "value": "Valid", "page_state": state},
    )
    location = response.headers["Location"]
    assert location.startswith(detail(paged_history) + "?") and location.endswith("#signin-history")
    assert parse_qs(urlsplit(location).query) == {"ecursor": [ecursor]}
    back = operator_client.get(location.split("#")[0])
    assert back.context["auth_events_page"] == 2
    text = back.content.decode()
    assert f"Marked the sign-in event {event_id} of ann valid" in section(
        text, 'id="signin-history"'
    )
    assert "Marked the sign-in event" not in top_messages(text)


def test_it_keeps_only_the_known_cursors_and_stays_on_the_user_page(operator_client, idp, pool_id):
    add_user(idp, pool_id, "ann")
    for state in (
        "ecursor=e1&gcursor=g1&dcursor=d1&next=https://evil.example/&cursor=x",
        "https://evil.example/",
        "//evil.example/?ecursor=e2",
        "ecursor=" + "x" * 3000,
    ):
        response = operator_client.post(action(pool_id, "sign_out"), {"page_state": state})
        location = response.headers["Location"]
        assert location.startswith(detail(pool_id)) and location.endswith("#h-actions"), state
        kept = parse_qs(urlsplit(location).query)
        assert set(kept) <= {"ecursor", "gcursor", "dcursor"}, state
        assert "evil" not in location
    assert parse_qs(urlsplit(location).query) == {}  # the over-long cursor was dropped
    first = operator_client.post(
        action(pool_id, "sign_out"), {"page_state": "ecursor=e1&gcursor=g1&dcursor=d1&x=1"}
    )
    assert parse_qs(urlsplit(first.headers["Location"]).query) == {
        "ecursor": ["e1"],
        "gcursor": ["g1"],
        "dcursor": ["d1"],
    }


def test_it_shows_an_actions_message_in_its_section(operator_client, idp, pool_id):
    add_user(idp, pool_id, "ann")
    response = operator_client.post(action(pool_id, "disable"), follow=True)
    assert response.redirect_chain[-1][0] == detail(pool_id) + "#h-actions"
    html = response.content.decode()
    actions = html.split('id="h-actions"')[1].split("</section>")[0]
    assert "Disabled ann: they can no longer sign in." in actions
    assert "Disabled ann" not in top_messages(html)
    response = operator_client.post(action(pool_id, "enable"), follow=True)
    assert "Enabled ann." in response.content.decode().split('id="h-actions"')[1]


def test_it_opens_a_refused_form_at_its_first_invalid_field(operator_client, paged_history):
    nxt, _ = page_two(operator_client, paged_history)
    state = urlsplit(nxt).query
    response = operator_client.post(
        action(paged_history, "set_password"),
        {"password": "short", "permanent": "on", "page_state": state},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("autofocus") == 1
    field = re.search(r"<input[^>]*autofocus[^>]*>", html).group(0)
    assert 'name="password"' in field
    assert "<details open" in html.split('id="h-actions"')[1]
    # The page is shown as it was: the history's page 2, its pager on the user page.
    assert response.context["auth_events_page"] == 2
    history = section(html, 'id="signin-history"')
    prev = re.search(r'rel="prev" href="([^"]+)"', history).group(1)
    assert urlsplit(htmllib.unescape(prev)).path == detail(paged_history)
    assert f'name="page_state" value="{htmllib.escape(state)}"' in history
    # A form with no error has no autofocus.
    assert "autofocus" not in operator_client.get(detail(paged_history)).content.decode()


def test_it_focuses_a_bad_phone_number_in_mfa_recovery(operator_client, idp, pool_id):
    add_user(idp, pool_id, "ann")
    response = operator_client.post(
        action(pool_id, "mfa_recovery"), {"new_phone": "07700 900123", "identity_checked": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    recovery = html.split('id="mfa-recovery"')[1].split("</details>")[0]
    assert html.count("autofocus") == 1
    assert re.search(
        r'<input[^>]*name="new_phone"[^>]*autofocus|<input[^>]*autofocus[^>]*name="new_phone"',
        recovery,
    )


def test_it_focuses_the_link_form_when_cognito_refuses_it(idp, pool_id, operator_client):
    from tests.test_service_identities import add_provider

    add_provider(idp, pool_id)
    for name in ("ann", "bob"):
        add_user(idp, pool_id, name)
    link = {"provider_name": "Google", "attribute_name": "Cognito_Subject"}
    operator_client.post(action(pool_id, "link_provider", "bob"), {**link, "attribute_value": "g"})
    response = operator_client.post(
        action(pool_id, "link_provider"), {**link, "attribute_value": "g"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    card = section(html, 'id="linked-identities"')
    assert "Cognito refused" in card and html.count("autofocus") == 1
    assert re.search(r"<[^>]*autofocus[^>]*>", card)  # the form's first field, by its error


def test_it_resets_a_password_only_once_confirmed(operator_client, idp, pool_id):
    add_user(idp, pool_id, "ann", "ann@example.com", email_verified="true")
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="ann", Password="Long-Pass-123", Permanent=True
    )
    html = operator_client.get(detail(pool_id)).content.decode()
    form = html.split(f'action="{action(pool_id, "reset_password")}"')[1].split("</form>")[0]
    assert re.search(r'<input[^>]*name="confirmed"[^>]*required', form)
    response = operator_client.post(action(pool_id, "reset_password"), follow=True)
    assert response.redirect_chain[-1][0] == detail(pool_id) + "#h-actions"
    assert "Tick that you want to reset the password" in response.content.decode()
    assert not AuditEvent.objects.filter(action="AdminResetUserPassword").exists()
    response = operator_client.post(
        action(pool_id, "reset_password"), {"confirmed": "on"}, follow=True
    )
    assert "Reset the password of ann" in response.content.decode()
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ann")["UserStatus"] == (
        "RESET_REQUIRED"
    )


def test_it_labels_a_sign_in_refused_before_the_password_check():
    def event(response, challenges=()):
        return AuthEvent(
            id="e", type="SignIn", response=response, created=None, challenges=challenges
        )

    refused, wrong, passed = services.auth_event_rows(
        [event("Fail"), event("Fail", (("Password", "Failure"),)), event("Pass")]
    )
    assert refused["outcome"] == "Refused before the password was checked"
    assert refused["challenges"] == [
        "No password checked: locked out, disabled or an expired temporary password"
    ]
    assert (wrong["outcome"], wrong["challenges"]) == ("Failed", ["Wrong password"])
    assert passed["outcome"] == "Signed in"


def test_it_offers_no_resend_on_an_empty_report(operator_client, invite_pool):  # noqa: F811
    text = operator_client.get(url(invite_pool)).content.decode()
    assert "resend-form" not in text and "Re-send to the selected users" not in text
    assert re.search(r'<div class="table-responsive">\s*<div class="table-container">', text)


def test_it_links_the_bulk_job_back_to_the_report(operator_client, invitations):  # noqa: F811
    back = url(invitations) + "?show=all"
    page = operator_client.post(
        reverse("invitations:resend", kwargs={"pool_id": invitations}),
        {"which": "expired", "expired": ["old"], "back": back},
    ).content.decode()
    form = page.split('id="resend-confirm-form"')[1].split("</form>")[0]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(htmllib.unescape(value))
    response = operator_client.post(reverse("users:bulk", kwargs={"pool_id": invitations}), data)
    assert response.status_code == 302, response.content.decode()[:500]
    status = operator_client.get(response.headers["Location"]).content.decode()
    link = re.search(r'<a href="([^"]+)" data-testid="bulk-back">([^<]+)</a>', status)
    assert (htmllib.unescape(link.group(1)), link.group(2)) == (
        back,
        "Back to the invitations report",
    )


def test_it_gives_every_form_of_the_user_page_its_page_state(operator_client, idp):
    """The kind: any POST form of the user page (actions, diagnosis fixes, feedback,
    links) goes back to the sub-pages it was posted from."""
    pool_id, client_id = make_pool(idp)
    make_user(idp, pool_id)
    sign_in(idp, pool_id, client_id, "ann", "Wrong-Passw0rd!1")
    idp.admin_disable_user(UserPoolId=pool_id, Username="ann")  # a diagnosis fix: Enable
    html = operator_client.get(detail(pool_id) + "?gcursor=g1").content.decode()
    page = re.escape(f'action="{detail(pool_id)}')
    forms = re.findall(rf'<form method="post" {page}.*?</form>', html, re.S)
    assert any("data-fix=" in form for form in forms)
    assert any("event-feedback" in form for form in forms)
    lacking = [form[:120] for form in forms if 'name="page_state" value="gcursor=g1"' not in form]
    assert not lacking, lacking
