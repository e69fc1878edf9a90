"""Cancelling an export (users:export_cancel): a POST, audited, and no file is kept."""

from django.urls import reverse

from console import jobs
from console.models import AuditEvent, Job
from tests.jobs import run_one
from users import export

from .conftest import add_user
from .test_view_export import start, stored_files


def cancel_url(pool_id, job):
    return reverse("users:export_cancel", kwargs={"pool_id": pool_id, "pk": job.pk})


def test_it_cancels_a_queued_export_so_it_never_runs(viewer_client, viewer, users_pool):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    response = viewer_client.post(cancel_url(users_pool, job))
    assert response.status_code == 302 and response["Location"].endswith(f"/exports/{job.pk}/")
    run_one()
    job.refresh_from_db()
    assert job.status == "cancelled" and "file" not in job.state and stored_files() == []
    event = AuditEvent.objects.get()
    assert event.action == "CancelExport" and event.staff_user == viewer
    assert event.target_id == str(job.pk)


def test_it_stops_a_running_export_at_its_next_page(admin_client, idp, users_pool, monkeypatch):
    for i in range(130):
        add_user(idp, users_pool, f"user{i:03d}")

    def spy(job, **fields):
        if fields.get("done") == 60:
            admin_client.post(cancel_url(users_pool, job))  # while the job runs
        return jobs.checkpoint(job, **fields)

    monkeypatch.setattr(export, "checkpoint", spy)
    start(admin_client, users_pool)
    job = run_one()
    assert job.status == "cancelled" and stored_files() == []
    assert not AuditEvent.objects.filter(action="ExportUsers").exists()
    assert AuditEvent.objects.filter(action="CancelExport").count() == 1


def test_it_changes_nothing_on_get(viewer_client, users_pool):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    assert viewer_client.get(cancel_url(users_pool, job)).status_code == 302
    job.refresh_from_db()
    assert job.status == "queued" and not AuditEvent.objects.exists()


def test_it_lets_only_the_owner_or_an_admin_cancel(viewer_client, operator, client, users_pool):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    client.force_login(operator)
    assert client.post(cancel_url(users_pool, job)).status_code == 403
    job.refresh_from_db()
    assert job.status == "queued"
