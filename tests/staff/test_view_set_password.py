"""The public set-password link (/staff/set-password/<uidb64>/<token>/) that an
invitation or a password reset gives out."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from console import signin
from console.staff.services import set_password_path
from tests.conftest import make_staff

from .conftest import events, fail_sign_ins, sign_in, signed_in

GOOD = "Amber-Falcon-Meadow-3"


def _open(client, user):
    """Open `user`'s link; the URL of its form (the token moved into the session)."""
    response = client.get(set_password_path(user))
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.fixture
def invited(db):
    user = make_staff("ivy", "Viewer")
    user.set_unusable_password()
    user.save()
    return user


def test_it_is_open_without_signing_in_and_hides_the_token(client, invited):
    form_url = _open(client, invited)
    assert "set-password/" in form_url and set_password_path(invited) != form_url
    page = client.get(form_url)
    assert page.status_code == 200
    assert b"Choose your password" in page.content
    assert b"ivy" in page.content
    assert "no-store" in page.headers["Cache-Control"]


def test_it_sets_the_password_forgets_failures_and_audits(client, invited, settings):
    fail_sign_ins("ivy", settings.AXES_FAILURE_LIMIT)
    form_url = _open(client, invited)

    response = client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD}, follow=True)

    assert b"Your password is set" in response.content
    assert signin.account_locks(["ivy"]) == {}
    assert signed_in(sign_in("ivy", GOOD))
    (event,) = events("StaffSetPassword")
    assert (event.outcome, event.target_id, event.staff_username) == ("succeeded", "ivy", "ivy")
    assert event.ip_address == "127.0.0.1"


def test_it_audits_as_the_account_whose_password_was_set(client, invited, admin):
    """Not as another staff member signed in on the same browser."""
    client.force_login(admin)
    form_url = _open(client, invited)
    client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})
    (event,) = events("StaffSetPassword")
    assert (event.target_id, event.staff_username, event.staff_user_id) == (
        "ivy",
        "ivy",
        invited.pk,
    )
    assert event.ip_address == "127.0.0.1"


def test_it_refuses_two_different_passwords(client, invited):
    form_url = _open(client, invited)
    response = client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD + "x"})
    assert b"The two password fields didn" in response.content
    assert not get_user_model().objects.get(pk=invited.pk).has_usable_password()


def test_it_does_not_work_for_a_deactivated_account(client, invited):
    path = set_password_path(invited)
    invited.is_active = False
    invited.save()
    response = client.get(path, follow=True)
    assert b"This link does not work" in response.content
    assert b"new_password1" not in response.content


def test_it_stops_working_once_the_account_signs_in_another_way(client, invited):
    path = set_password_path(invited)
    invited.set_password("Some-Other-Pass-99")
    invited.save()
    assert signed_in(sign_in("ivy", "Some-Other-Pass-99"))
    assert b"This link does not work" in client.get(path, follow=True).content


def test_it_stops_working_after_password_reset_timeout(client, invited, settings):
    path = set_password_path(invited)
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(path, follow=True)
    assert b"This link does not work" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/staff/set-password/MQ/not-a-token/",
        "/staff/set-password/!!!/x-y/",
        "/staff/set-password/OTk5OTk5/abc-def/",
        "/staff/set-password/MQ/set-password/",
    ],
)
def test_it_answers_a_broken_link_with_the_same_page(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"This link does not work" in response.content


def test_it_a_visitor_with_the_session_token_of_one_account_cannot_set_another(client, invited):
    other = make_staff("other", "Viewer")
    _open(client, invited)
    other_form = reverse(
        "staff:set_password",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(other.pk)), "token": "set-password"},
    )
    response = client.post(other_form, {"new_password1": GOOD, "new_password2": GOOD})
    assert b"This link does not work" in response.content
    assert not signed_in(sign_in("other", GOOD))


def test_it_the_done_page_links_to_sign_in_once_after_a_password_was_set(client, invited):
    form_url = _open(client, invited)
    client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})
    response = client.get(reverse("staff:set_password_done"))
    assert response.status_code == 200
    assert b"Your password is set" in response.content
    assert f'href="{reverse("login")}"'.encode() in response.content
    again = client.get(reverse("staff:set_password_done"))
    assert again.status_code == 302 and again.headers["Location"] == reverse("login")


def test_it_the_done_page_opened_directly_goes_to_sign_in(client, db):
    response = client.get(reverse("staff:set_password_done"))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("login")


@pytest.mark.parametrize("role", ["Viewer", None])
def test_it_works_for_whoever_holds_the_link_even_signed_in(client, invited, role):
    """A Viewer, or an account with no role, signed in on the same browser, is not
    refused the link (the role gate is for the console's pages, not this one)."""
    client.force_login(make_staff("someone-signed-in", role))
    form_url = _open(client, invited)
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD}, follow=True)
    assert b"Your password is set" in response.content
    assert signed_in(sign_in("ivy", GOOD))


def test_it_trusts_the_browser_for_the_account_past_the_address_throttle(client, invited, settings):
    """A colleague just invited, on a shared address paused by others' failures, can
    still sign in from the browser that used the link; another browser cannot."""
    form_url = _open(client, invited)
    client.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})
    settings.SIGNIN_ADDRESS_FAILURES = 3
    address = {"REMOTE_ADDR": "198.51.100.7"}
    for name in ("made-up-1", "made-up-2", "made-up-3"):
        Client(**address).post("/login/", {"username": name, "password": "guess"})

    client.defaults.update(address)
    trusted = client.post("/login/", {"username": "ivy", "password": GOOD})
    fresh = Client(**address).post("/login/", {"username": "ivy", "password": GOOD})

    assert trusted.status_code == 302
    assert signed_in(trusted)
    assert fresh.status_code == 429
