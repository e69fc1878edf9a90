"""The history page (the pool's snapshots, why and by whom, the diff form) and the diff
of two snapshots (every changed setting, labelled, before and after)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.audit import audit_context
from console.cognito.groups import group_update
from pools.history import services
from pools.history.models import ConfigSnapshot

pytestmark = pytest.mark.django_db


def _list(pool_id):
    return reverse("history:list", kwargs={"pool_id": pool_id})


def _diff(pool_id, a, b):
    return reverse("history:diff", kwargs={"pool_id": pool_id}) + f"?a={a}&b={b}"


@pytest.fixture
def two_snapshots(configured_pool, idp, admin):
    first, _ = services.snapshot_take(pool_id=configured_pool, reason="daily")
    idp.update_user_pool(
        UserPoolId=configured_pool,
        Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireNumbers": True}},
    )
    idp.delete_group(UserPoolId=configured_pool, GroupName="staff")
    second, _ = services.snapshot_take(pool_id=configured_pool, reason="daily")
    with audit_context(user=admin):
        group_update(
            pool_id=configured_pool, name="admins", description="Admins", role_arn="", precedence=3
        )
    third, _ = services.snapshot_take(pool_id=configured_pool, reason="daily")
    return first, second, third


def test_it_lists_the_snapshots_with_why_and_who(viewer_client, configured_pool, two_snapshots):
    first, second, third = two_snapshots
    response = viewer_client.get(_list(configured_pool))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("changed outside the console") == 1  # the second only
    assert "UpdateGroup" in html and "alice-admin" in html
    assert "First read" in html
    # The diff form picks the two newest; each snapshot links its changes.
    assert f'name="a" value="{second.pk}" aria-label="From snapshot {second.pk}" checked' in html
    assert f'name="b" value="{third.pk}" aria-label="To snapshot {third.pk}" checked' in html
    assert f"?a={first.pk}&amp;b={second.pk}" in html


def test_it_says_when_the_pool_was_last_read_unchanged(viewer_client, configured_pool):
    services.snapshot_take(pool_id=configured_pool, reason="daily")
    services.snapshot_take(pool_id=configured_pool, reason="daily")
    html = viewer_client.get(_list(configured_pool)).content.decode()
    assert "unchanged since" in html
    assert ConfigSnapshot.objects.filter(pool_id=configured_pool).count() == 1


def test_it_says_when_there_is_no_snapshot_yet(viewer_client, pool_id):
    html = viewer_client.get(_list(pool_id)).content.decode()
    assert "No snapshot yet" in html and "Not read yet" in html


def test_it_shows_every_changed_setting_with_its_label(
    viewer_client, configured_pool, two_snapshots
):
    first, second, _ = two_snapshots
    response = viewer_client.get(_diff(configured_pool, second.pk, first.pk))  # any order
    assert response.status_code == 200
    rows = {(r.section, r.item, r.dotted): r for r in response.context["diff"].rows}
    length = rows[("pool", "", "Policies.PasswordPolicy.MinimumLength")]
    assert (length.a, length.b, length.state) == (8, 12, "changed")
    assert length.label == "Minimum length"
    staff = rows[("groups", "staff", "")]
    assert staff.state == "only-a" and staff.b is None
    html = response.content.decode()
    assert "Minimum length" in html and "removed" in html
    assert response.context["diff"].a == first  # the older is "before"


def test_it_shows_nothing_for_settings_that_did_not_change(
    viewer_client, configured_pool, two_snapshots
):
    _, second, third = two_snapshots
    rows = viewer_client.get(_diff(configured_pool, second.pk, third.pk)).context["diff"].rows
    assert [(r.item, r.dotted, r.a, r.b) for r in rows] == [("admins", "Precedence", 1, 3)]


def test_it_refuses_the_same_snapshot_twice(viewer_client, configured_pool, two_snapshots):
    first = two_snapshots[0]
    response = viewer_client.get(_diff(configured_pool, first.pk, first.pk))
    assert response.status_code == 400
    assert "Pick two different snapshots." in response.content.decode()


def test_it_answers_404_for_another_pools_snapshot(
    viewer_client, configured_pool, two_snapshots, idp
):
    other = idp.create_user_pool(PoolName="Other")["UserPool"]["Id"]
    theirs, _ = services.snapshot_take(pool_id=other, reason="daily")
    response = viewer_client.get(_diff(configured_pool, two_snapshots[0].pk, theirs.pk))
    assert response.status_code == 404


def test_it_links_history_and_compare_from_the_summary(viewer_client, configured_pool):
    html = viewer_client.get(reverse("pools:detail", kwargs={"pool_id": configured_pool})).content
    html = html.decode()
    assert _list(configured_pool) in html
    assert f"/compare/?a=default%3A{configured_pool}" in html


def test_it_keeps_a_pool_scoped_person_to_their_pool(client, configured_pool, idp):
    from console.connections.models import Connection, Grant
    from console.connections.services import saved_default_connection
    from tests.conftest import make_staff

    other = idp.create_user_pool(PoolName="Other")["UserPool"]["Id"]
    staff = make_staff("pat", None)
    default = saved_default_connection()
    assert isinstance(default, Connection)
    Grant.objects.create(
        staff_user=staff, connection=default, pool_id=configured_pool, role="Viewer"
    )
    client.force_login(staff)
    assert client.get(_list(configured_pool)).status_code == 200
    assert client.get(_list(other)).status_code == 403


def test_it_refuses_a_snapshot_number_beyond_any_key(admin_client, configured_pool):
    for huge in ("9223372036854775808", "99999999999999999999"):
        response = admin_client.get(_diff(configured_pool, huge, 1))
        assert response.status_code == 400
