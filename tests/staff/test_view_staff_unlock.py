"""Unlocking a staff account locked by failed sign-ins (GET/POST /staff/<pk>/unlock)."""

from datetime import UTC

from django.urls import reverse

from console import signin
from tests.conftest import make_staff

from .conftest import assert_unknown_account, events, sign_in, signed_in


def _url(user):
    return reverse("staff:unlock", kwargs={"pk": user.pk})


def test_it_asks_first_saying_until_when(admin_client, lock):
    vic = make_staff("vic", "Viewer")
    lock("vic")
    response = admin_client.get(_url(vic))
    assert response.status_code == 200
    assert b"vic is locked until" in response.content
    assert b"UTC" in response.content
    assert "vic" in signin.account_locks(["vic"])


def test_it_unlocks_so_the_account_signs_in_again_and_audits(admin_client, admin, lock):
    vic = make_staff("vic", "Viewer")
    lock("vic")
    assert sign_in("vic").status_code == 429

    response = admin_client.post(_url(vic), follow=True)

    assert b"vic is unlocked: it can sign in again now." in response.content
    assert signin.account_locks(["vic"]) == {}
    assert signed_in(sign_in("vic"))
    (event,) = events("StaffUnlock")
    assert (event.outcome, event.target_type, event.target_id) == ("succeeded", "staff", "vic")
    assert event.parameters == {"was_locked": True}
    assert event.staff_username == admin.username


def test_it_says_when_the_account_was_not_locked(admin_client):
    vic = make_staff("vic", "Viewer")
    response = admin_client.post(_url(vic), follow=True)
    assert b"vic was not locked" in response.content
    assert events("StaffUnlock")[0].parameters == {"was_locked": False}


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer, lock):
    vic = make_staff("vic", "Viewer")
    lock("vic")
    assert operator_client.get(_url(vic)).status_code == 403
    assert operator_client.post(_url(vic)).status_code == 403
    operator_client.force_login(viewer)
    assert operator_client.post(_url(vic)).status_code == 403
    assert "vic" in signin.account_locks(["vic"])
    assert events("StaffUnlock") == []


def test_it_answers_404_for_an_unknown_account(admin_client):
    assert_unknown_account(admin_client, "staff:unlock")


def test_it_says_until_when_to_the_second(admin_client, lock):
    vic = make_staff("vic", "Viewer")
    lock("vic")
    until = signin.account_locks(["vic"])["vic"].astimezone(UTC)
    text = admin_client.get(_url(vic)).content.decode()
    assert f"vic is locked until {until:%H:%M:%S} UTC ({until:%Y-%m-%d})" in text
