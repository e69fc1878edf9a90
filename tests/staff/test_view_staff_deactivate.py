"""Deactivating a staff account (GET/POST /staff/<pk>/deactivate): it can no longer
sign in, and its sessions end."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.conftest import make_staff

from .conftest import assert_unknown_account, events, link_on, sign_in, signed_in


def _url(user):
    return reverse("staff:deactivate", kwargs={"pk": user.pk})


def _active(user):
    return get_user_model().objects.get(pk=user.pk).is_active


def test_it_asks_first(admin_client):
    vic = make_staff("vic", "Viewer")
    response = admin_client.get(_url(vic))
    assert response.status_code == 200
    assert b"will no longer be able to sign in" in response.content
    assert _active(vic)


def test_it_deactivates_ends_the_sessions_and_audits(admin_client, admin):
    vic = make_staff("vic", "Viewer")
    elsewhere = Client()
    elsewhere.force_login(vic)
    assert elsewhere.get(reverse("pools:list")).status_code == 200

    response = admin_client.post(_url(vic))

    assert response.status_code == 302
    assert not _active(vic)
    gone = elsewhere.get(reverse("pools:list"))
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/login/")
    assert not signed_in(sign_in("vic"))
    (event,) = events("StaffDeactivate")
    assert (event.outcome, event.target_id, event.staff_username) == (
        "succeeded",
        "vic",
        admin.username,
    )
    assert event.parameters == {"signed_out": 1}
    assert admin_client.get(reverse("pools:list")).status_code == 200  # the Admin's stays


def test_it_an_admin_cannot_deactivate_themselves(admin_client, admin):
    make_staff("other-admin", "Admin")
    response = admin_client.post(_url(admin))
    assert response.status_code == 409
    assert b"You cannot deactivate your own account" in response.content
    assert _active(admin)
    assert events("StaffDeactivate")[0].outcome == "failed"


def test_it_a_plain_admin_cannot_deactivate_a_superuser(admin_client):
    root = get_user_model().objects.create_superuser("root", "r@example.com", "pw-for-tests-1")
    response = admin_client.post(_url(root))
    assert response.status_code == 409
    assert b"only another superuser can deactivate it" in response.content
    assert _active(root)


def test_it_a_superuser_can_deactivate_another_superuser(client, db):
    make = get_user_model().objects.create_superuser
    root = make("root", "r@example.com", "pw-for-tests-1")
    other = make("root2", "r2@example.com", "pw-for-tests-1")
    client.force_login(root)
    assert client.post(_url(other)).status_code == 302
    assert not _active(other)


def test_it_says_when_already_deactivated(admin_client):
    vic = make_staff("vic", "Viewer")
    vic.is_active = False
    vic.save()
    response = admin_client.post(_url(vic), follow=True)
    assert b"vic is already deactivated: nothing changed." in response.content
    assert events("StaffDeactivate") == []


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer):
    vic = make_staff("vic", "Viewer")
    assert operator_client.get(_url(vic)).status_code == 403
    assert operator_client.post(_url(vic)).status_code == 403
    operator_client.force_login(viewer)
    assert operator_client.post(_url(vic)).status_code == 403
    assert _active(vic)
    assert events("StaffDeactivate") == []


def test_it_ends_an_outstanding_invitation_link_for_good(admin_client):
    """Deactivated, then reactivated: the link of the invitation not taken up stays dead."""
    invited = admin_client.post(
        reverse("staff:invite"), {"username": "dora2", "email": "d@example.com", "role": "Viewer"}
    )
    link = link_on(invited)
    dora = get_user_model().objects.get(username="dora2")

    admin_client.post(_url(dora))
    assert b"This link does not work" in Client().get(link, follow=True).content
    admin_client.post(reverse("staff:reactivate", kwargs={"pk": dora.pk}))

    assert _active(dora)
    again = Client().get(link, follow=True)
    assert b"This link does not work" in again.content
    assert b"new_password1" not in again.content
    assert not get_user_model().objects.get(pk=dora.pk).has_usable_password()


def test_it_keeps_a_usable_password_for_after_reactivation(admin_client):
    vic = make_staff("vic", "Viewer")
    admin_client.post(_url(vic))
    admin_client.post(reverse("staff:reactivate", kwargs={"pk": vic.pk}))
    assert signed_in(sign_in("vic"))


def test_it_answers_404_for_an_unknown_account(admin_client):
    assert_unknown_account(admin_client, "staff:deactivate")
