"""Reactivating a staff account (GET/POST /staff/<pk>/reactivate)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import make_staff

from .conftest import assert_unknown_account, events, sign_in, signed_in


def _url(user):
    return reverse("staff:reactivate", kwargs={"pk": user.pk})


def _deactivated(username, role="Operator", **extra):
    user = make_staff(username, role)
    user.is_active = False
    for key, value in extra.items():
        setattr(user, key, value)
    user.save()
    return user


def test_it_asks_first(admin_client):
    olga = _deactivated("olga")
    response = admin_client.get(_url(olga))
    assert response.status_code == 200
    assert b"will be able to sign in again, with the Operator role" in response.content
    assert not get_user_model().objects.get(pk=olga.pk).is_active


def test_it_reactivates_and_audits(admin_client, admin):
    olga = _deactivated("olga")
    assert not signed_in(sign_in("olga"))

    response = admin_client.post(_url(olga), follow=True)

    assert b"olga is active again, with the Operator role." in response.content
    assert signed_in(sign_in("olga"))
    (event,) = events("StaffReactivate")
    assert (event.outcome, event.target_id, event.staff_username) == (
        "succeeded",
        "olga",
        admin.username,
    )


def test_it_says_when_already_active(admin_client):
    vic = make_staff("vic", "Viewer")
    response = admin_client.post(_url(vic), follow=True)
    assert b"vic is already active: nothing changed." in response.content
    assert events("StaffReactivate") == []


def test_it_a_plain_admin_cannot_reactivate_a_superuser(admin_client):
    root = get_user_model().objects.create_superuser("root", "r@example.com", "pw-for-tests-1")
    root.is_active = False
    root.save()
    response = admin_client.post(_url(root))
    assert response.status_code == 409
    assert b"only another superuser can reactivate it" in response.content
    assert not get_user_model().objects.get(pk=root.pk).is_active
    assert events("StaffReactivate")[0].outcome == "failed"


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer):
    olga = _deactivated("olga")
    assert operator_client.get(_url(olga)).status_code == 403
    assert operator_client.post(_url(olga)).status_code == 403
    operator_client.force_login(viewer)
    assert operator_client.post(_url(olga)).status_code == 403
    assert not get_user_model().objects.get(pk=olga.pk).is_active
    assert events("StaffReactivate") == []


def test_it_answers_404_for_an_unknown_account(admin_client):
    assert_unknown_account(admin_client, "staff:reactivate")
