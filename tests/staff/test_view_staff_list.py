"""The staff list (GET /staff/): every account with its role, state, last sign-in, how
it signs in and its lock, for Admins only."""

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from console import signin
from console.models import StaffIdentity
from tests.conftest import make_staff

from .conftest import sign_in

URL = reverse("staff:list")


def _row(response, username: str) -> str:
    """The table row of `username`, as HTML."""
    text = response.content.decode()
    start = text.index(f'<span class="font-monospace-sm">{username}</span>')
    return text[text.rindex("<tr", 0, start) : text.index("</tr>", start)]


def test_it_lists_every_account_with_its_role_state_and_last_sign_in(admin_client, admin):
    make_staff("vic", "Viewer")
    gone = make_staff("olga", "Operator")
    gone.is_active = False
    gone.save()
    make_staff("norole", None)
    get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests-1")
    signed = make_staff("sam", "Operator")
    signed.last_login = datetime(2026, 3, 4, 5, 6, tzinfo=UTC)
    signed.save()

    response = admin_client.get(URL)

    assert response.status_code == 200
    assert "Viewer" in _row(response, "vic")
    assert "never" in _row(response, "vic")
    olga = _row(response, "olga")
    assert "Operator" in olga and "deactivated" in olga  # a deactivated account keeps its role
    assert "no role" in _row(response, "norole")
    root = _row(response, "root")
    assert "Admin" in root and "superuser" in root
    assert "2026-03-04 05:06" in _row(response, "sam")
    assert "Admin" in _row(response, admin.username)
    assert b"6 staff accounts." in response.content


def test_it_says_how_each_account_signs_in(admin_client):
    make_staff("pw", "Viewer")
    sso = make_staff("sso", "Viewer")
    sso.set_unusable_password()
    sso.save()
    StaffIdentity.objects.create(user=sso, issuer="https://idp.example.com", subject="s-1")
    invited = make_staff("invited", "Viewer")
    invited.set_unusable_password()
    invited.save()

    response = admin_client.get(URL)

    assert "local password" in _row(response, "pw")
    sso_row = _row(response, "sso")
    assert "single sign-on (https://idp.example.com)" in sso_row
    assert "local password" not in sso_row
    assert "Reset password" not in sso_row  # single sign-on only: no password to reset
    assert "not yet" in _row(response, "invited")
    assert "Reset password" in _row(response, "invited")


def test_it_shows_a_locked_account_with_its_end_and_an_unlock_button(admin_client, lock):
    locked = make_staff("locked", "Viewer")
    make_staff("free", "Viewer")
    lock("locked")

    response = admin_client.get(URL)

    row = _row(response, "locked")
    assert "Locked until" in row and "UTC" in row
    assert reverse("staff:unlock", kwargs={"pk": locked.pk}) in row
    assert "Locked until" not in _row(response, "free")


def test_it_filters_by_role_and_state(admin_client, lock):
    make_staff("vic", "Viewer")
    make_staff("olga", "Operator")
    gone = make_staff("gone", "Viewer")
    gone.is_active = False
    gone.save()
    make_staff("locked", "Operator")
    lock("locked")

    viewers = admin_client.get(URL, {"role": "Viewer"}).content.decode()
    assert "vic" in viewers and "gone" in viewers and "olga" not in viewers
    deactivated = admin_client.get(URL, {"state": "deactivated"}).content.decode()
    assert ">gone<" in deactivated and ">vic<" not in deactivated
    locked = admin_client.get(URL, {"state": "locked"}).content.decode()
    assert ">locked<" in locked and ">olga<" not in locked
    both = admin_client.get(URL, {"role": "Operator", "state": "active"}).content.decode()
    assert ">olga<" in both and ">vic<" not in both


def test_it_refuses_a_filter_it_does_not_offer(admin_client):
    response = admin_client.get(URL, {"role": "Root"})
    assert response.status_code == 400
    assert b"The filter is not valid" in response.content
    assert b"0 staff accounts." in response.content


@pytest.mark.parametrize("sort", ["username", "-username", "role", "-last_login", "locked_until"])
def test_it_sorts_by_a_column(admin_client, sort, lock):
    make_staff("aaa", "Viewer")
    make_staff("zzz", "Admin")
    lock("zzz")
    response = admin_client.get(URL, {"sort": sort})
    assert response.status_code == 200
    text = response.content.decode()
    first_a, first_z = text.index(">aaa<"), text.index(">zzz<")
    if sort in ("username", "role", "locked_until"):
        assert first_a < first_z
    if sort == "-username":
        assert first_z < first_a


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer):
    assert operator_client.get(URL).status_code == 403
    operator_client.force_login(viewer)
    assert operator_client.get(URL).status_code == 403


def test_it_is_in_the_top_navigation_for_admins_only(admin_client, operator):
    assert f'href="{URL}"'.encode() in admin_client.get(reverse("pools:list")).content
    admin_client.force_login(operator)
    assert f'href="{URL}"'.encode() not in admin_client.get(reverse("pools:list")).content


def test_it_shows_the_last_sign_in_of_a_password_sign_in(admin_client):
    make_staff("fresh", "Viewer")
    assert sign_in("fresh").status_code == 302
    row = _row(admin_client.get(URL), "fresh")
    assert "never" not in row


def test_it_shows_a_lock_end_to_the_second(admin_client, lock):
    make_staff("locked", "Viewer")
    lock("locked")
    until = signin.account_locks(["locked"])["locked"].astimezone(UTC)
    row = _row(admin_client.get(URL), "locked")
    assert f"Locked until {until:%H:%M:%S} UTC" in row


def test_it_shows_nothing_of_paused_addresses_when_none_is(admin_client, pause):
    text = admin_client.get(URL).content.decode()
    assert "Sign-in is paused from these addresses" not in text
    assert 'data-testid="paused-addresses"' not in text


def test_it_shows_each_paused_address_above_the_table_with_audit_and_lift(admin_client, pause):
    pause("203.0.113.7")
    pause("2001:db8::5")
    ends = signin.paused_addresses()
    assert set(ends) == {"203.0.113.7", "2001:db8::5"}

    text = admin_client.get(URL).content.decode()

    section = text[text.index('data-testid="paused-addresses"') : text.index("</section>")]
    assert text.index("</section>") < text.index('id="staff-table"')
    assert "Sign-in is paused from these addresses after too many failed sign-ins" in section
    for address, until in ends.items():
        row = section[section.index(f'data-address="{address}"') :]
        row = row[: row.index("</tr>")]
        assert f"{until.astimezone(UTC):%H:%M:%S} UTC" in row
        assert f'href="{reverse("audit")}?address={quote(address)}"' in row
        assert f'href="{reverse("staff:lift_address", kwargs={"address": address})}"' in row
        assert ">Lift</a>" in row
