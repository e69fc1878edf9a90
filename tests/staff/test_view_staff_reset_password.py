"""Resetting a staff account's local password (GET/POST /staff/<pk>/reset-password):
the old password stops working, its sessions end, and a new set-password link is shown
once."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from console.models import StaffIdentity
from tests.conftest import make_staff

from .conftest import PASSWORD, assert_unknown_account, events, link_on, shown, sign_in, signed_in

NEW = "Quiet-Copper-Lantern-7"


def _url(user):
    return reverse("staff:reset_password", kwargs={"pk": user.pk})


def _set_password(link, password=NEW):
    person = Client()
    form_url = person.get(link, follow=True).redirect_chain[-1][0]
    return person.post(form_url, {"new_password1": password, "new_password2": password})


def test_it_asks_first(admin_client):
    vic = make_staff("vic", "Viewer")
    response = admin_client.get(_url(vic))
    assert response.status_code == 200
    assert b"current password stops working at once" in response.content
    assert signed_in(sign_in("vic"))


def test_it_resets_ends_the_sessions_shows_a_link_and_audits(admin_client, admin):
    vic = make_staff("vic", "Viewer")
    elsewhere = Client()
    elsewhere.force_login(vic)

    posted = admin_client.post(_url(vic))

    assert posted.status_code == 302
    assert posted.headers["Location"] == reverse("staff:link", kwargs={"pk": vic.pk})
    response = shown(posted)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert b"vic is signed out everywhere" in response.content
    link = link_on(response)
    assert not signed_in(sign_in("vic", PASSWORD))
    gone = elsewhere.get(reverse("pools:list"))
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/login/")
    (event,) = events("StaffResetPassword")
    assert (event.outcome, event.target_id, event.staff_username) == (
        "succeeded",
        "vic",
        admin.username,
    )
    assert event.parameters == {"signed_out": 1}

    assert _set_password(link).status_code == 302
    assert signed_in(sign_in("vic", NEW))


def test_it_a_new_link_replaces_the_last_one(admin_client):
    vic = make_staff("vic", "Viewer")
    first = link_on(admin_client.post(_url(vic)))
    second = link_on(admin_client.post(_url(vic)))
    assert b"This link does not work" in Client().get(first, follow=True).content
    assert _set_password(second).status_code == 302


def test_it_refuses_an_account_that_signs_in_by_single_sign_on_only(admin_client):
    sso = make_staff("sso", "Viewer")
    sso.set_unusable_password()
    sso.save()
    StaffIdentity.objects.create(user=sso, issuer="https://idp.example.com", subject="s-1")

    page = admin_client.get(_url(sso))
    assert b"has no local password to reset: it signs in by single sign-on" in page.content
    response = admin_client.post(_url(sso))

    assert response.status_code == 409
    assert b"/staff/set-password/" not in response.content
    assert not get_user_model().objects.get(pk=sso.pk).has_usable_password()
    (event,) = events("StaffResetPassword")
    assert (event.outcome, event.error_code) == ("failed", "Refused")


def test_it_gives_an_invitation_not_yet_taken_up_a_new_link(admin_client):
    admin_client.post(
        reverse("staff:invite"), {"username": "new", "email": "n@example.com", "role": "Viewer"}
    )
    new = get_user_model().objects.get(username="new")
    assert _set_password(link_on(admin_client.post(_url(new)))).status_code == 302
    assert signed_in(sign_in("new", NEW))


def test_it_refuses_a_deactivated_account(admin_client):
    vic = make_staff("vic", "Viewer")
    vic.is_active = False
    vic.save()
    response = admin_client.post(_url(vic))
    assert response.status_code == 409
    assert b"vic is deactivated: reactivate it first." in response.content


def test_it_a_plain_admin_cannot_reset_a_superuser(admin_client):
    root = get_user_model().objects.create_superuser("root", "r@example.com", PASSWORD)
    response = admin_client.post(_url(root))
    assert response.status_code == 409
    assert b"only another superuser can reset its password" in response.content
    assert signed_in(sign_in("root"))


def test_it_refuses_when_local_passwords_are_off(admin_client, settings):
    settings.LOCAL_PASSWORDS_ENABLED = False
    vic = make_staff("vic", "Viewer")
    response = admin_client.post(_url(vic))
    assert response.status_code == 409
    assert b"Local passwords are switched off" in response.content


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer):
    vic = make_staff("vic", "Viewer")
    assert operator_client.get(_url(vic)).status_code == 403
    assert operator_client.post(_url(vic)).status_code == 403
    operator_client.force_login(viewer)
    assert operator_client.post(_url(viewer)).status_code == 403
    assert signed_in(sign_in("vic"))
    assert events("StaffResetPassword") == []


def test_it_answers_404_for_an_unknown_account(admin_client):
    assert_unknown_account(admin_client, "staff:reset_password")


def test_it_a_reload_of_the_link_page_issues_no_new_link(admin_client):
    """Reloading the page that showed the link neither shows it again nor kills it."""
    vic = make_staff("vic", "Viewer")
    posted = admin_client.post(_url(vic))
    link = link_on(posted)

    again = admin_client.get(posted.headers["Location"])

    assert again.status_code == 200
    assert b"The link was shown once" in again.content
    assert b"/staff/set-password/" not in again.content
    assert len(events("StaffResetPassword")) == 1
    assert _set_password(link).status_code == 302


def test_it_resetting_your_own_password_says_so_and_shows_the_link(admin_client, admin):
    page = admin_client.get(_url(admin))
    text = page.content.decode()
    assert "This is your own account." in text
    assert "you will be signed out" in text
    assert "your only way back in" in text
    assert "alice-admin&#x27;s current password" not in text

    posted = admin_client.post(_url(admin))
    response = admin_client.get(posted.headers["Location"])

    assert response.status_code == 200
    assert b"This was your own password." in response.content
    link = link_on(response)
    after = admin_client.get(reverse("staff:list"))
    assert after.status_code == 302 and after.headers["Location"].startswith("/login/")
    assert admin_client.get(posted.headers["Location"]).status_code == 302
    assert _set_password(link).status_code == 302
    assert signed_in(sign_in("alice-admin", NEW))
