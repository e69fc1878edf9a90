"""The invitations report: users waiting on an invitation, when each expires, and the
way to re-send them (the confirmation page posting the bulk form)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from console.models import AuditEvent
from users.invitations import services

from .conftest import add_user

DAYS = 3


def make_invite_pool(idp) -> str:
    """A pool whose temporary passwords are valid for DAYS days."""
    return idp.create_user_pool(
        PoolName="Invitations",
        Policies={"PasswordPolicy": {"MinimumLength": 8, "TemporaryPasswordValidityDays": DAYS}},
    )["UserPool"]["Id"]


@pytest.fixture
def invite_pool(idp):
    return make_invite_pool(idp)


def backdate(pool_id: str, username: str, days: float) -> None:
    """Make `username` created `days` days ago, in the embedded backend."""
    from console.emulator.auth_events import backdate_user

    backdate_user(pool_id=pool_id, username=username, days=days)


def confirm(idp, pool_id: str, username: str) -> None:
    """Take `username` out of FORCE_CHANGE_PASSWORD (a permanent password)."""
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password="Perm-anent-1", Permanent=True
    )


@pytest.fixture
def invitations(idp, invite_pool):
    """old (expired 7 days ago), late (expired 1 day ago), due (expires in a day),
    fresh (expires in 3 days) and done (CONFIRMED, not listed)."""
    for name in ("old", "late", "due", "fresh", "done"):
        add_user(idp, invite_pool, name, f"{name}@example.com")
    backdate(invite_pool, "old", DAYS + 7)
    backdate(invite_pool, "late", DAYS + 1)
    backdate(invite_pool, "due", DAYS - 1)
    confirm(idp, invite_pool, "done")
    return invite_pool


def url(pool_id: str) -> str:
    return reverse("invitations:list", kwargs={"pool_id": pool_id})


def rows(page) -> list[str]:
    """The usernames of the report's table, in order."""
    table = page.content.decode().split('id="invitation-table"')[1].split("</table>")[0]
    return re.findall(r'<a href="[^"]*/users/[^"]*">([^<]+)</a>', table)


def test_it_lists_the_expired_invitations_most_overdue_first(viewer_client, invitations):
    page = viewer_client.get(url(invitations))
    assert page.status_code == 200
    assert rows(page) == ["old", "late"]
    text = page.content.decode()
    assert "expired 1\xa0week ago" in text and "expired 1\xa0day ago" in text
    assert "This page read 4 users waiting on an invitation (1 ListUsers call)" in text
    assert "2 expired, 1 expiring within 2 days" in text and "That is all of them." in text
    assert f"<strong>{DAYS} days</strong>" in text


def test_it_filters_expiring_soon_and_all(viewer_client, invitations):
    soon = viewer_client.get(url(invitations), {"show": "soon"})
    assert rows(soon) == ["due"]
    assert "in 23\xa0hours" in soon.content.decode()
    assert rows(viewer_client.get(url(invitations), {"show": "all"})) == [
        "old",
        "late",
        "due",
        "fresh",
    ]


def test_it_refuses_an_unknown_filter_with_a_message(viewer_client, invitations):
    page = viewer_client.get(url(invitations), {"show": "bogus"})
    assert page.status_code == 400
    assert "Show: Select a valid choice." in page.content.decode()


def test_it_shows_the_expiry_from_the_last_audited_resend(operator_client, invitations):
    from users.invitations.services import resend_invitation

    resend_invitation(pool_id=invitations, username="old")
    resent = AuditEvent.objects.get(target_id="old", parameters__MessageAction="RESEND").created
    page = operator_client.get(url(invitations), {"show": "all"})
    assert rows(page)[-1] == "old"  # expires last: re-sent just now
    row = page.content.decode().split('value="old"')[1].split("</tr>")[0]
    assert resent.strftime("%Y-%m-%d %H:%M") in row
    expires = (resent + timedelta(days=DAYS)).strftime("%Y-%m-%d %H:%M")
    assert expires in row and "expired" not in row
    assert "old" not in rows(operator_client.get(url(invitations)))


def test_it_lets_a_viewer_see_but_not_resend(viewer_client, invitations):
    text = viewer_client.get(url(invitations)).content.decode()
    assert 'name="usernames"' not in text and "resend-form" not in text
    response = viewer_client.post(
        reverse("invitations:resend", kwargs={"pool_id": invitations}),
        {"which": "expired", "expired": ["old"]},
    )
    assert response.status_code == 403


def test_it_offers_the_operator_every_expired_invitation_of_the_page(operator_client, invitations):
    text = operator_client.get(url(invitations), {"show": "all"}).content.decode()
    form = text.split('id="resend-form"')[1].split("</form>")[0]
    assert re.findall(r'name="expired" value="([^"]+)"', form) == ["old", "late"]
    assert "every expired invitation on this page (2)" in form


def test_it_confirms_a_resend_before_posting_the_bulk_form(operator_client, invitations):
    back = url(invitations) + "?show=all"
    page = operator_client.post(
        reverse("invitations:resend", kwargs={"pool_id": invitations}),
        {"which": "expired", "expired": ["old", "late"], "back": back},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "every expired invitation listed on the page: <strong>2 users</strong>" in text
    form = text.split('id="resend-confirm-form"')[1].split("</form>")[0]
    assert f'action="{reverse("users:bulk", kwargs={"pool_id": invitations})}"' in text
    assert 'name="action" value="resend_invite"' in form and 'name="scope" value="selected"' in form
    assert re.findall(r'name="usernames" value="([^"]+)"', form) == ["old", "late"]
    assert f'name="back" value="{back.replace("?", "?")}"' in form
    assert AuditEvent.objects.count() == 0  # nothing sent yet


def test_it_sends_back_a_resend_with_nobody_ticked(operator_client, invitations):
    response = operator_client.post(
        reverse("invitations:resend", kwargs={"pool_id": invitations}),
        {"which": "selected", "back": url(invitations)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(invitations)
    assert "Nothing was re-sent: Tick at least one user first." in response.content.decode()


def test_it_reads_at_most_read_pages_and_says_more_wait(
    viewer_client, idp, invite_pool, monkeypatch
):
    monkeypatch.setattr(services, "PAGE_USERS", 2)
    monkeypatch.setattr(services, "READ_PAGES", 2)
    for i in range(6):
        add_user(idp, invite_pool, f"u{i}")
    first = viewer_client.get(url(invite_pool), {"show": "all"})
    text = first.content.decode()
    assert len(rows(first)) == 4 and "(2 ListUsers calls)" in text
    assert "More users wait after them" in text
    nxt = re.search(r'rel="next" href="([^"]+)"', text).group(1).replace("&amp;", "&")
    second = viewer_client.get(nxt)
    assert len(rows(second)) == 2 and "That is all of them." in second.content.decode()
    assert set(rows(first)) | set(rows(second)) == {f"u{i}" for i in range(6)}


def test_it_shows_a_cognito_error_on_the_page(viewer_client, idp, invite_pool, faults):
    add_user(idp, invite_pool, "ann")
    faults.set("ListUsers", "invalid:Something is off.")
    page = viewer_client.get(url(invite_pool))
    assert page.status_code == 400
    text = page.content.decode()
    assert "The invitations could not be read: Something is off." in text
    assert 'id="invitation-table"' not in text


def test_it_is_linked_from_the_users_list(viewer_client, invite_pool):
    text = viewer_client.get(reverse("users:list", kwargs={"pool_id": invite_pool})).content
    assert f'href="{url(invite_pool)}"'.encode() in text
