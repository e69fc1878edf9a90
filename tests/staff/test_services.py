"""The Staff page's rules where no page reaches them: the last active Admin (an Admin
acting on the page is an active Admin too, so only concurrent changes, createstaff or
a caller with no staff member can meet it)."""

import pytest
from django.contrib.auth import get_user_model

from console.roles import role_of
from console.staff import services
from console.staff.forms import RoleForm
from tests.conftest import make_staff

from .conftest import events


def test_it_the_last_active_admin_is_not_demoted(db):
    boss = make_staff("boss", "Admin")
    with pytest.raises(services.Refused, match="boss is the last active Admin"):
        services.change_role(None, boss, RoleForm({"role": "Operator", "was": "Admin"}))
    assert role_of(get_user_model().objects.get(pk=boss.pk)) == "Admin"
    (event,) = events("StaffChangeRole")
    assert (event.outcome, event.parameters) == ("failed", {"from": "Admin", "to": "Operator"})


def test_it_the_last_active_admin_is_not_deactivated(db):
    boss = make_staff("boss", "Admin")
    gone = make_staff("gone", "Admin")
    gone.is_active = False
    gone.save()  # a deactivated Admin does not count
    with pytest.raises(services.Refused, match="boss is the last active Admin"):
        services.deactivate(None, boss)
    assert get_user_model().objects.get(pk=boss.pk).is_active
    assert events("StaffDeactivate")[0].outcome == "failed"


def test_it_a_superuser_counts_as_an_active_admin(db):
    boss = make_staff("boss", "Admin")
    get_user_model().objects.create_superuser("root", "r@example.com", "pw-for-tests-1")
    assert services.active_admins() == 2
    services.deactivate(None, boss)
    assert services.active_admins() == 1


def test_it_an_admin_may_reset_their_own_password(admin_client, admin):
    """Their other sessions end at once; this one lasts until the link page is shown."""
    from django.urls import reverse

    from .conftest import link_on

    posted = admin_client.post(reverse("staff:reset_password", kwargs={"pk": admin.pk}))
    assert link_on(posted)
    after = admin_client.get(reverse("staff:list"))
    assert after.status_code == 302 and after.headers["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(259200, "3 days"), (90000, "1 day 1 hour"), (1800, "30 minutes"), (30, "30 seconds")],
)
def test_it_says_how_long_a_link_is_valid(seconds, words):
    assert services.validity_words(seconds) == words
