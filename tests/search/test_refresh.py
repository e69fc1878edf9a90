"""The refresh job: every user, attribute and membership into a complete generation,
one ListUsersInGroup pass per group, the last complete generation kept on failure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from console.models import AuditEvent, Job
from tests.jobs import run_all
from users.search import services, tasks
from users.search.models import Snapshot, SnapshotMembership, SnapshotUser, SnapshotValue

from .conftest import USERS, add, refreshed

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def test_it_reads_every_user_attribute_and_group(snapshot):
    assert snapshot.generation == 1
    assert snapshot.user_count == len(USERS)
    assert snapshot.group_count == 3
    ann = SnapshotUser.objects.get(snapshot=snapshot, username="ann")
    assert ann.attributes["custom:tenant_id"] == "acme-4711"
    assert ann.email == "Ann.Lee@Example.com"
    assert ann.sub and ann.status == "FORCE_CHANGE_PASSWORD" and ann.enabled
    groups = set(SnapshotMembership.objects.filter(user=ann).values_list("group_name", flat=True))
    assert groups == {"admins", "staff"}
    folded = dict(SnapshotValue.objects.filter(user=ann).values_list("name", "value"))
    assert folded["email"] == "ann.lee@example.com"
    assert folded["username"] == "ann"


def test_it_replaces_the_generation_and_deletes_the_old_rows(snapshot, idp, search_pool):
    idp.admin_delete_user(UserPoolId=search_pool, Username="bob")
    add(idp, search_pool, "erin", "erin@example.com")
    again = refreshed(search_pool)
    assert again.generation == 2
    names = set(SnapshotUser.objects.filter(snapshot=again).values_list("username", flat=True))
    assert names == {"ann", "carol", "dave", "erin"}  # bob is gone, no generation 1 left
    assert not SnapshotValue.objects.filter(snapshot=again, generation=1).exists()
    assert not SnapshotMembership.objects.filter(snapshot=again, generation=1).exists()


def test_it_keeps_the_last_complete_generation_when_a_refresh_fails(snapshot, faults):
    faults.set("ListUsers", "aws:400:InvalidParameterException:Something went wrong.")
    services.refresh_now(staff=None, pool_id=snapshot.pool_id, nonce="x")
    run_all()
    after = Snapshot.objects.get(pk=snapshot.pk)
    assert after.generation == 1 and after.user_count == len(USERS)
    assert after.error and after.failed
    job = Job.objects.filter(kind=tasks.KIND).order_by("-pk").first()
    assert job.status == Job.Status.FAILED
    assert SnapshotUser.objects.filter(snapshot=after, generation=1).count() == len(USERS)


def test_it_reads_each_group_once_not_each_user(search_pool, admin, cognito_server, settings):
    from console.cognito import transport

    calls = []
    original = transport.call

    def counting(operation, **kwargs):
        calls.append(operation)
        return original(operation, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(transport, "call", counting)
        refreshed(search_pool, admin)
    assert calls.count("ListUsersInGroup") == 3  # three groups, one page each
    assert "AdminListGroupsForUser" not in calls
    assert "AdminGetUser" not in calls


def test_it_deletes_the_snapshot_of_a_pool_cognito_no_longer_has(snapshot, idp):
    idp.delete_user_pool(UserPoolId=snapshot.pool_id)
    services.refresh_now(staff=None, pool_id=snapshot.pool_id, nonce="gone")
    run_all()
    assert not Snapshot.objects.filter(pool_id=snapshot.pool_id).exists()
    assert not SnapshotUser.objects.filter(snapshot_id=snapshot.pk).exists()
    assert AuditEvent.objects.filter(action="DeleteSnapshot", pool_id=snapshot.pool_id).exists()


def test_it_deletes_every_row_when_turned_off(snapshot):
    assert services.snapshot_disable(pool_id=snapshot.pool_id)
    for model in (SnapshotUser, SnapshotValue, SnapshotMembership):
        assert not model.objects.filter(snapshot_id=snapshot.pk).exists()
    event = AuditEvent.objects.get(action="DeleteSnapshot")
    assert event.parameters["Reason"] == "turned off"


def test_it_starts_due_refreshes_once_per_period(snapshot, settings):
    settings.SNAPSHOT_REFRESH_EVERY = 60
    later = timezone.now() + dt.timedelta(minutes=5)
    Snapshot.objects.filter(pk=snapshot.pk).update(refreshed=timezone.now() - dt.timedelta(hours=1))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: later)
        tasks.sweep()
        tasks.sweep()  # a second worker sweeping at once
    assert Job.objects.filter(kind=tasks.KIND).exclude(status=Job.Status.SUCCEEDED).count() == 1


def test_it_deletes_users_past_retention(snapshot, settings):
    settings.SNAPSHOT_KEEP_DAYS = 7
    Snapshot.objects.filter(pk=snapshot.pk).update(
        as_of=timezone.now() - dt.timedelta(days=8), failed=timezone.now()
    )
    tasks.sweep()
    after = Snapshot.objects.get(pk=snapshot.pk)
    assert after.generation == 0
    assert not SnapshotUser.objects.filter(snapshot=after).exists()
    assert AuditEvent.objects.filter(action="ExpireSnapshot").exists()


def test_it_leaves_out_a_group_deleted_while_it_runs(snapshot, faults):
    faults.set("ListUsersInGroup", "aws:400:ResourceNotFoundException:Group not found.", times=1)
    services.refresh_now(staff=None, pool_id=snapshot.pool_id, nonce="group-gone")
    run_all()
    after = Snapshot.objects.get(pk=snapshot.pk)  # not deleted: the pool is still there
    assert after.generation == 2 and after.user_count == len(USERS)
    assert after.group_count == 2 and not after.error


def test_it_keeps_every_group_name_members_or_none(snapshot):
    assert snapshot.groups == ["admins", "empty", "staff"]


def test_it_says_how_fresh_the_snapshot_is_in_words(snapshot):
    assert services.freshness(snapshot, now=snapshot.as_of).words.startswith("as of just now (")
    later = snapshot.as_of + dt.timedelta(minutes=12, seconds=5)
    assert services.freshness(snapshot, now=later).words.startswith("as of 12\xa0minutes ago (")
