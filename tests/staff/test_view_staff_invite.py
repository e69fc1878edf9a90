"""Inviting a staff member (GET/POST /staff/invite): an account with no password and a
role, and a set-password link shown once to the Admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from console import signin
from console.roles import role_of
from tests.conftest import make_staff

from .conftest import events, fail_sign_ins, link_on, shown, sign_in, signed_in

URL = reverse("staff:invite")
GOOD = "Tall-Maple-Harbour-42"


def _invite(client, username="newbie", email="newbie@example.com", role="Operator"):
    return client.post(URL, {"username": username, "email": email, "role": role})


def test_it_shows_the_form(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    for name in ("username", "email", "role"):
        assert f'name="{name}"'.encode() in response.content


def test_it_creates_the_account_without_a_password_and_shows_a_link(admin_client, admin, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 86400

    posted = _invite(admin_client)

    user = get_user_model().objects.get(username="newbie")
    assert posted.status_code == 302
    assert posted.headers["Location"] == reverse("staff:link", kwargs={"pk": user.pk})
    response = shown(posted)
    assert response.status_code == 200
    assert not user.has_usable_password()
    assert (user.email, user.is_active, role_of(user)) == ("newbie@example.com", True, "Operator")
    assert link_on(response).startswith("/staff/set-password/")
    assert b"for 3 days" in response.content
    assert b"shown only this once" in response.content
    assert "no-store" in response.headers["Cache-Control"]
    (event,) = events("StaffInvite")
    assert (event.outcome, event.target_type, event.target_id) == ("succeeded", "staff", "newbie")
    assert event.staff_username == admin.username
    assert event.parameters == {"role": "Operator", "email": "newbie@example.com"}


def test_it_the_link_sets_a_password_that_signs_in(admin_client):
    link = link_on(_invite(admin_client))
    person = Client()

    form = person.get(link, follow=True)
    assert form.status_code == 200
    assert b"Choose your password" in form.content
    done = person.post(form.redirect_chain[-1][0], {"new_password1": GOOD, "new_password2": GOOD})

    assert done.status_code == 302
    assert done.headers["Location"] == reverse("staff:set_password_done")
    assert signed_in(sign_in("newbie", GOOD))
    assert events("StaffSetPassword")[0].target_id == "newbie"


def test_it_the_link_refuses_a_weak_password_with_the_validators_message(admin_client):
    link = link_on(_invite(admin_client))
    person = Client()
    form_url = person.get(link, follow=True).redirect_chain[-1][0]

    for weak, message in [
        ("short1", "This password is too short"),
        ("password123", "This password is too common"),
        ("4815162342000", "This password is entirely numeric"),
        ("newbie12", "The password is too similar to the username"),
    ]:
        response = person.post(form_url, {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 200, weak
        assert message.encode() in response.content, weak
    assert not get_user_model().objects.get(username="newbie").has_usable_password()
    assert not signed_in(sign_in("newbie", "short1"))


def test_it_the_link_works_once(admin_client):
    link = link_on(_invite(admin_client))
    person = Client()
    form_url = person.get(link, follow=True).redirect_chain[-1][0]
    person.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})

    again = Client().get(link, follow=True)

    assert b"This link does not work" in again.content
    assert b"Choose your password" not in again.content


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("taken", "other@example.com", "A staff account named “taken” already exists"),
        ("TAKEN", "other@example.com", "A staff account named “TAKEN” already exists"),
        ("fresh", "Taken@Example.com", "The staff account “taken” already has this email"),
        ("has space", "x@example.com", "Enter a valid username"),
        ("", "x@example.com", "This field is required"),
        ("fresh", "", "This field is required"),
        ("fresh", "not-an-email", "Enter a valid email address"),
    ],
)
def test_it_refuses_a_taken_or_malformed_username_or_email(admin_client, username, email, message):
    taken = make_staff("taken", "Viewer")
    taken.email = "taken@example.com"
    taken.save()

    response = _invite(admin_client, username=username, email=email)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"Nothing was changed." in response.content  # and no word of Cognito
    assert b"Cognito." not in response.content
    assert get_user_model().objects.count() == 2
    assert events("StaffInvite") == []


def test_it_refuses_a_role_it_does_not_offer(admin_client):
    response = _invite(admin_client, role="Root")
    assert b"Select a valid choice" in response.content
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_it_clears_failed_sign_ins_recorded_for_the_username(admin_client, settings):
    """Failures on a name with no account lock it in advance; the invitation clears them."""
    fail_sign_ins("newbie", settings.AXES_FAILURE_LIMIT)
    assert "newbie" in signin.account_locks(["newbie"])

    _invite(admin_client)

    assert signin.account_locks(["newbie"]) == {}


def test_it_says_the_person_may_sign_in_by_sso_when_it_is_on(admin_client, settings):
    settings.OIDC_ENABLED = True
    assert b"once the provider has verified it" in admin_client.get(URL).content
    response = shown(_invite(admin_client))
    assert b"sign in by single sign-on with newbie@example.com" in response.content
    settings.OIDC_ENABLED = False
    response = shown(_invite(admin_client, username="other", email="other@example.com"))
    assert b"single sign-on" not in response.content


def test_it_gives_no_link_when_local_passwords_are_off(admin_client, settings):
    settings.OIDC_ENABLED = True
    settings.LOCAL_PASSWORDS_ENABLED = False
    response = shown(_invite(admin_client))
    assert response.status_code == 200
    assert b"/staff/set-password/" not in response.content
    assert b"can sign in by single sign-on" in response.content


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer):
    assert operator_client.get(URL).status_code == 403
    assert _invite(operator_client).status_code == 403
    operator_client.force_login(viewer)
    assert _invite(operator_client).status_code == 403
    assert not get_user_model().objects.filter(username="newbie").exists()
    assert events("StaffInvite") == []


def test_it_a_username_taken_between_the_check_and_the_save_is_a_form_error(
    admin_client, monkeypatch
):
    """Two Admins inviting the same name at once: the second gets a form error, not a 500."""
    from console.staff.forms import InviteForm

    # The checks see no such account (it is created after them).
    monkeypatch.setattr(InviteForm, "clean_username", lambda self: self.cleaned_data["username"])
    monkeypatch.setattr(InviteForm, "validate_unique", lambda self: None)
    make_staff("newbie", "Viewer")
    response = _invite(admin_client)
    assert response.status_code == 200
    assert "A staff account with this username was just created." in response.content.decode()
    assert events("StaffInvite") == []


def test_it_shows_the_link_once_and_a_reload_issues_nothing(admin_client):
    posted = _invite(admin_client)
    link = link_on(posted)

    again = admin_client.get(posted.headers["Location"])

    assert again.status_code == 200
    assert "no-store" in again.headers["Cache-Control"]
    text = again.content.decode()
    assert "The link was shown once" in text
    assert "/staff/set-password/" not in text
    assert "already exists" not in text
    user = get_user_model().objects.get(username="newbie")
    assert reverse("staff:reset_password", kwargs={"pk": user.pk}) in text
    assert len(events("StaffInvite")) == 1
    person = Client()
    assert b"Choose your password" in person.get(link, follow=True).content
