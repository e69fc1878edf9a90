"""Snapshots are taken by background jobs: after each change the console makes (one job
per request and pool), and by the daily read, which catches changes made elsewhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.audit import audit_context
from console.cognito.groups import group_create, group_update
from console.models import Job
from pools.history import services, tasks
from pools.history.models import ConfigSnapshot
from tests.jobs import run_all
from tests.pools.conftest import form_values

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def _snapshots(pool_id, connection="default"):
    return list(
        ConfigSnapshot.objects.filter(connection=connection, pool_id=pool_id).order_by(
            "taken", "id"
        )
    )


def test_it_snapshots_after_a_group_edit_in_the_console(
    admin_client, admin, idp, configured_pool, django_capture_on_commit_callbacks
):
    services.snapshot_take(pool_id=configured_pool, reason="daily")  # the pool's first
    edit = reverse("groups:edit", kwargs={"pool_id": configured_pool, "name": "staff"})
    data = form_values(admin_client.get(edit).context["form"])
    data["opened"] = admin_client.get(edit).context["opened"]
    data["precedence"] = "9"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(edit, data).status_code == 302
    [job] = Job.objects.filter(kind=tasks.CHANGE)
    assert job.created_by == admin and job.connection == "default"
    run_all()
    first, second = _snapshots(configured_pool)
    assert second.reason == "change" and not second.outside
    assert second.action == "UpdateGroup" and second.staff_username == admin.username
    assert second.audit_event_id is not None
    assert second.document["groups"]["staff"]["Precedence"] == 9
    assert first.document["groups"]["staff"]["Precedence"] == 5


def test_it_starts_one_job_for_the_changes_of_one_request(
    admin, configured_pool, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), audit_context(user=admin):
        group_create(pool_id=configured_pool, name="ops", description="", role_arn="", precedence=3)
        group_update(
            pool_id=configured_pool, name="ops", description="On call", role_arn="", precedence=3
        )
    assert Job.objects.filter(kind=tasks.CHANGE).count() == 1
    run_all()
    [snapshot] = _snapshots(configured_pool)
    assert snapshot.reason == "first"  # the pool's first snapshot, with its changes
    assert [e["action"] for e in snapshot.events] == ["CreateGroup", "UpdateGroup"]
    assert snapshot.document["groups"]["ops"]["Description"] == "On call"


def test_it_starts_no_job_for_a_failed_change_or_a_user_change(
    admin, configured_pool, idp, django_capture_on_commit_callbacks
):
    from console.cognito import AlreadyExists
    from console.cognito.users import user_create

    with django_capture_on_commit_callbacks(execute=True), audit_context(user=admin):
        with pytest.raises(AlreadyExists):
            group_create(pool_id=configured_pool, name="staff", description="", role_arn="")
        user_create(pool_id=configured_pool, username="ann", message_action="SUPPRESS")
    assert not Job.objects.filter(kind=tasks.CHANGE).exists()


def test_it_keeps_no_new_snapshot_when_nothing_changed(configured_pool):
    first, new = services.snapshot_take(pool_id=configured_pool, reason="daily")
    assert new
    again, new_again = services.snapshot_take(pool_id=configured_pool, reason="daily")
    assert not new_again and again.pk == first.pk
    assert again.checked > first.checked
    [kept] = _snapshots(configured_pool)
    assert kept.checked == again.checked and kept.taken == first.taken


def test_the_daily_read_catches_a_change_made_outside_the_console(
    configured_pool, idp, monkeypatch
):
    monkeypatch.setattr(tasks, "period", lambda now=None: 1)
    tasks.sweep()
    run_all()
    [first] = _snapshots(configured_pool)
    assert first.reason == "first"
    idp.update_group(UserPoolId=configured_pool, GroupName="admins", Precedence=2)
    monkeypatch.setattr(tasks, "period", lambda now=None: 2)
    tasks.sweep()
    run_all()
    first, second = _snapshots(configured_pool)
    assert second.reason == "daily" and second.outside
    assert not second.events and not second.staff_username
    assert second.document["groups"]["admins"]["Precedence"] == 2


def test_the_daily_read_attributes_a_console_change_it_finds(
    admin, configured_pool, django_capture_on_commit_callbacks
):
    services.snapshot_take(pool_id=configured_pool, reason="daily")
    with audit_context(user=admin):  # its job never started (no commit callback ran)
        group_update(
            pool_id=configured_pool, name="admins", description="Admins", role_arn="", precedence=4
        )
    second, new = services.snapshot_take(pool_id=configured_pool, reason="daily")
    assert new and not second.outside
    assert second.action == "UpdateGroup" and second.staff_username == admin.username


def test_the_sweep_starts_one_read_a_period_however_often_it_runs(configured_pool, monkeypatch):
    monkeypatch.setattr(tasks, "period", lambda now=None: 7)
    tasks.sweep()
    tasks.sweep()
    assert Job.objects.filter(kind=tasks.DAILY).count() == 1
    run_all()
    tasks.sweep()
    run_all()
    assert Job.objects.filter(kind=tasks.READ).count() == 1
    assert len(_snapshots(configured_pool)) == 1


def test_the_sweep_reads_every_connection(
    configured_pool, other_connection, other_pool_id, monkeypatch
):
    monkeypatch.setattr(tasks, "period", lambda now=None: 3)
    tasks.sweep()
    run_all()
    assert len(_snapshots(configured_pool)) == 1
    [other] = _snapshots(other_pool_id, "prod")
    assert other.pool_name == "Prod pool"
    assert not _snapshots(other_pool_id)  # kept under its own connection only


def test_a_pool_that_cannot_be_read_is_skipped_not_a_crash(configured_pool, faults, monkeypatch):
    monkeypatch.setattr(tasks, "period", lambda now=None: 5)
    faults.set("GetUserPoolMfaConfig", "aws:400:InvalidParameterException:Something went wrong.")
    tasks.sweep()
    jobs = run_all()
    [read] = [j for j in jobs if j.kind == tasks.READ]
    assert read.status == Job.Status.FAILED and "Something went wrong" in read.error
    assert not _snapshots(configured_pool)
    faults.clear()
    monkeypatch.setattr(tasks, "period", lambda now=None: 6)
    tasks.sweep()
    run_all()
    assert len(_snapshots(configured_pool)) == 1


def test_a_connection_whose_role_is_refused_is_skipped(
    configured_pool, other_connection, monkeypatch
):
    other_connection.external_id = "not-the-agreed-one"
    other_connection.save()
    monkeypatch.setattr(tasks, "period", lambda now=None: 4)
    tasks.sweep()
    jobs = run_all()
    refused = [j for j in jobs if j.kind == tasks.DAILY and j.connection == "prod"]
    assert refused and refused[0].status == Job.Status.FAILED
    assert len(_snapshots(configured_pool)) == 1  # the default connection still read


def test_the_worker_sweep_starts_the_daily_read(configured_pool, monkeypatch):
    from console.management.commands.worker import sweep_once, task_modules

    monkeypatch.setattr(tasks, "period", lambda now=None: 8)
    assert tasks in task_modules()
    sweep_once(task_modules())
    [daily] = Job.objects.filter(kind=tasks.DAILY)
    assert daily.key == "history.daily:default:8" and daily.connection == "default"


def test_it_snapshots_a_change_in_another_connection_there(
    admin, other_connection, other_idp, other_pool_id, django_capture_on_commit_callbacks
):
    from console.cognito.accounts import using

    with (
        django_capture_on_commit_callbacks(execute=True),
        using(other_connection.account()),
        audit_context(user=admin),
    ):
        group_create(pool_id=other_pool_id, name="ops", description="", role_arn="", precedence=1)
    [job] = Job.objects.filter(kind=tasks.CHANGE)
    assert job.connection == "prod"
    run_all()
    [snapshot] = _snapshots(other_pool_id, "prod")
    assert snapshot.document["groups"]["ops"]["Precedence"] == 1
    assert snapshot.action == "CreateGroup"
    assert not _snapshots(other_pool_id)  # nothing under the default connection


def test_it_names_every_change_when_two_requests_read_the_same_state(
    admin, operator, configured_pool, django_capture_on_commit_callbacks
):
    """Two staff members change the pool a moment apart: the first job's read already
    holds both changes, the second finds nothing new. Both changes stay named."""
    services.snapshot_take(pool_id=configured_pool, reason="daily")
    with django_capture_on_commit_callbacks(execute=True):
        with audit_context(user=admin):
            group_update(
                pool_id=configured_pool, name="staff", description="", role_arn="", precedence=6
            )
        with audit_context(user=operator):
            group_update(
                pool_id=configured_pool,
                name="admins",
                description="Root",
                role_arn="",
                precedence=1,
            )
    assert Job.objects.filter(kind=tasks.CHANGE).count() == 2
    run_all()
    _first, second = _snapshots(configured_pool)
    assert [(e["staff_username"], e["target"]) for e in second.events] == [
        (admin.username, "staff"),
        (operator.username, "admins"),
    ]
    assert second.document["groups"]["admins"]["Description"] == "Root"
