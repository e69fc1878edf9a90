"""Changing a staff account's role (GET/POST /staff/<pk>/role)."""

import html
import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from console.models import StaffIdentity
from console.roles import role_of
from tests.conftest import make_staff

from .conftest import assert_unknown_account, events


def _url(user):
    return reverse("staff:change_role", kwargs={"pk": user.pk})


def _role(user):
    return role_of(get_user_model().objects.get(pk=user.pk))


def test_it_asks_first_and_changes_nothing_on_get(admin_client):
    vic = make_staff("vic", "Viewer")
    response = admin_client.get(_url(vic))
    assert response.status_code == 200
    assert b'name="role"' in response.content
    assert b"Change the role" in response.content
    assert _role(vic) == "Viewer"
    assert events("StaffChangeRole") == []


def test_it_changes_the_role_and_audits_from_and_to(admin_client, admin):
    vic = make_staff("vic", "Viewer")

    response = admin_client.post(_url(vic), {"role": "Operator", "was": "Viewer"})

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("staff:list")
    assert _role(vic) == "Operator"
    assert list(vic.groups.values_list("name", flat=True)) == ["Operator"]
    (event,) = events("StaffChangeRole")
    assert (event.outcome, event.target_type, event.target_id) == ("succeeded", "staff", "vic")
    assert event.parameters == {"from": "Viewer", "to": "Operator"}
    assert event.staff_username == admin.username
    page = admin_client.get(response.headers["Location"])
    assert "vic now has the Operator role (was Viewer)." in page.content.decode()


def test_it_gives_a_role_to_an_account_without_one(admin_client):
    nobody = make_staff("nobody", None)
    admin_client.post(_url(nobody), {"role": "Viewer", "was": "none"})
    assert _role(nobody) == "Viewer"
    assert events("StaffChangeRole")[0].parameters == {"from": None, "to": "Viewer"}


def test_it_says_when_the_role_is_already_held(admin_client):
    vic = make_staff("vic", "Viewer")
    response = admin_client.post(_url(vic), {"role": "Viewer", "was": "Viewer"}, follow=True)
    assert "vic already has the Viewer role: nothing changed." in response.content.decode()
    assert events("StaffChangeRole") == []


def test_it_an_admin_cannot_demote_themselves(admin_client, admin):
    make_staff("other-admin", "Admin")
    page = admin_client.get(_url(admin))
    assert b"You cannot change your own role" in page.content
    assert b"<button" not in page.content.split(b'id="main"')[1]

    response = admin_client.post(_url(admin), {"role": "Viewer", "was": "Admin"})

    assert response.status_code == 409
    assert b"You cannot change your own role: ask another Admin. Nothing was changed." in (
        response.content
    )
    assert _role(admin) == "Admin"
    (event,) = events("StaffChangeRole")
    assert (event.outcome, event.error_code) == ("failed", "Refused")
    assert event.parameters == {"from": "Admin", "to": "Viewer"}


def test_it_another_admin_can_be_demoted_while_an_admin_remains(admin_client, admin):
    other = make_staff("other-admin", "Admin")
    admin_client.post(_url(other), {"role": "Operator", "was": "Admin"})
    assert _role(other) == "Operator"


def test_it_a_superuser_role_is_not_changed_here(admin_client):
    root = get_user_model().objects.create_superuser("root", "r@example.com", "pw-for-tests-1")
    response = admin_client.post(_url(root), {"role": "Viewer", "was": "Admin"})
    assert response.status_code == 409
    assert b"is a superuser, which is an Admin whatever its role" in response.content
    assert _role(root) == "Admin"


def test_it_refuses_a_role_it_does_not_offer(admin_client):
    vic = make_staff("vic", "Viewer")
    response = admin_client.post(_url(vic), {"role": "Root", "was": "Viewer"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert _role(vic) == "Viewer"


def test_it_is_refused_to_operators_and_viewers(operator_client, viewer):
    vic = make_staff("vic", "Viewer")
    assert operator_client.get(_url(vic)).status_code == 403
    assert operator_client.post(_url(vic), {"role": "Admin"}).status_code == 403
    operator_client.force_login(viewer)
    assert operator_client.post(_url(viewer), {"role": "Admin"}).status_code == 403
    assert _role(vic) == "Viewer" and _role(viewer) == "Viewer"
    assert events("StaffChangeRole") == []


def test_it_warns_that_single_sign_on_sets_the_role_again(admin_client, settings):
    settings.OIDC_ENABLED = True
    sso = make_staff("sso", "Viewer")
    StaffIdentity.objects.create(user=sso, issuer="https://idp.example.com", subject="s-1")
    make_staff("pw", "Viewer")
    assert b"sets the role again from the provider" in admin_client.get(_url(sso)).content
    pw = get_user_model().objects.get(username="pw")
    assert b"sets the role again" not in admin_client.get(_url(pw)).content


def test_it_answers_404_for_an_unknown_account(admin_client):
    assert_unknown_account(admin_client, "staff:change_role")


def _opened_with(page) -> str:
    """The role a role form carries (its hidden `was`)."""
    match = re.search(r'<input type="hidden" name="was" value="([^"]*)"', page.content.decode())
    assert match, page.content.decode()[:3000]
    return match.group(1)


def test_it_refuses_a_form_opened_before_another_admin_changed_the_role(admin_client):
    carol = make_staff("carol", "Viewer")
    tab1 = admin_client.get(_url(carol))  # opened while carol is a Viewer
    assert _opened_with(tab1) == "Viewer"
    bob = Client()
    bob.force_login(make_staff("bob-admin", "Admin"))
    tab2 = bob.get(_url(carol))
    assert bob.post(_url(carol), {"role": "Admin", "was": _opened_with(tab2)}).status_code == 302

    response = admin_client.post(_url(carol), {"role": "Viewer", "was": _opened_with(tab1)})

    assert response.status_code == 409
    text = html.unescape(response.content.decode())
    assert "carol's role changed since this form was opened: it had Viewer then and has " in text
    assert "has Admin now, given by bob-admin at " in text
    assert "Nothing was changed: check that your change is still wanted" in text
    assert _role(carol) == "Admin"
    # The form again, opened with the role carol has now, Admin chosen.
    assert _opened_with(response) == "Admin"
    assert re.search(r'value="Admin"[^>]*checked', text)
    assert b"Change the role" in response.content
    refused = events("StaffChangeRole")[-1]
    assert (refused.outcome, refused.error_code) == ("failed", "RoleChanged")
    assert refused.parameters == {"from": "Admin", "to": "Viewer", "opened_with": "Viewer"}
    # Chosen again from the form it offers: done.
    again = admin_client.post(_url(carol), {"role": "Viewer", "was": _opened_with(response)})
    assert again.status_code == 302 and _role(carol) == "Viewer"


def test_it_says_the_role_changed_without_naming_anyone_when_the_log_does_not(admin_client):
    carol = make_staff("carol", "Viewer")
    tab1 = admin_client.get(_url(carol))
    carol.groups.clear()  # e.g. createstaff or a single sign-on claim: no StaffChangeRole
    response = admin_client.post(_url(carol), {"role": "Operator", "was": _opened_with(tab1)})
    assert response.status_code == 409
    text = html.unescape(response.content.decode())
    assert "it had Viewer then and has no role now. Nothing was changed: check" in text
    assert "given by" not in text
    assert _role(carol) is None
    assert _opened_with(response) == "none"


def test_it_refuses_a_form_that_does_not_say_which_role_it_was_opened_with(admin_client):
    vic = make_staff("vic", "Viewer")
    for data in ({"role": "Admin"}, {"role": "Admin", "was": "Root"}):
        response = admin_client.post(_url(vic), data)
        assert response.status_code == 400
        assert b"does not say which role the account had when it was opened" in response.content
    assert _role(vic) == "Viewer"
    assert events("StaffChangeRole") == []
