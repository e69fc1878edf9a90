"""Downloading an export (users:export_download): streamed from storage to its owner
or an Admin, audited, and gone (410) once EXPORT_KEEP_HOURS have passed."""

import re
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from console.models import AuditEvent, Job
from tests.jobs import run_one
from users import tasks
from users.export import discard_expired

from .conftest import add_user
from .test_view_export import download, start, stored_files


def finished_export(client, idp, pool_id, kind="import"):
    add_user(idp, pool_id, "ann")
    start(client, pool_id, kind=kind)
    job = run_one()
    assert job.status == "succeeded"
    return job


def test_it_streams_the_file_as_an_attachment_and_audits_it(viewer_client, viewer, idp, users_pool):
    job = finished_export(viewer_client, idp, users_pool, kind="full")
    response = download(viewer_client, job)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"] and response["Expires"]
    assert re.fullmatch(
        rf'attachment; filename="users-{users_pool}-full-\d{{8}}-\d{{6}}\.csv"',
        response["Content-Disposition"],
    )
    assert b"".join(response.streaming_content).count(b"\n") == 2
    event = AuditEvent.objects.get(action="DownloadExport")
    assert event.staff_user == viewer and event.target_id == str(job.pk)
    assert event.parameters == {"Kind": "full", "Rows": 1}


def test_it_serves_the_file_to_its_owner_and_admins_only(
    viewer_client, operator, admin, client, idp, users_pool
):
    job = finished_export(viewer_client, idp, users_pool)
    client.force_login(operator)
    assert download(client, job).status_code == 403
    client.force_login(admin)
    assert download(client, job).status_code == 200
    assert AuditEvent.objects.filter(action="DownloadExport").count() == 1


def test_it_says_an_expired_export_is_gone_and_offers_a_new_one(
    viewer_client, idp, users_pool, settings
):
    job = finished_export(viewer_client, idp, users_pool)
    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=25))
    response = download(viewer_client, job)
    assert response.status_code == 410
    page = response.content.decode()
    assert "expired" in page and 'id="export-form"' in page
    assert stored_files() != []  # a GET deletes nothing: the sweep does
    tasks.sweep()
    job.refresh_from_db()
    assert stored_files() == [] and job.state["expired"] is True and "file" not in job.state
    assert download(viewer_client, job).status_code == 410
    assert not AuditEvent.objects.filter(action="DownloadExport").exists()


def test_it_keeps_an_export_for_export_keep_hours(viewer_client, idp, users_pool, settings):
    settings.EXPORT_KEEP_HOURS = 48
    job = finished_export(viewer_client, idp, users_pool)
    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=25))
    assert discard_expired() == 0
    assert download(viewer_client, job).status_code == 200
    assert discard_expired(now=timezone.now() + timedelta(hours=24)) == 1
    assert stored_files() == []


def test_it_deletes_files_no_export_names_once_old(viewer_client, idp, users_pool):
    job = finished_export(viewer_client, idp, users_pool)
    orphan = default_storage.save(f"exports/{users_pool}/999-lost.csv", ContentFile(b"x\n"))
    discard_expired()
    assert default_storage.exists(orphan)  # too new to tell from one being recorded
    discard_expired(now=timezone.now() + timedelta(hours=25))
    assert not default_storage.exists(orphan) and not default_storage.exists(job.state["file"])


def test_it_offers_no_download_of_a_running_or_failed_export(viewer_client, users_pool, faults):
    start(viewer_client, users_pool)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status="running")
    response = download(viewer_client, job)
    assert response.status_code == 409 and b"still running" in response.content
    Job.objects.filter(pk=job.pk).update(status="queued")
    faults.set("ListUsers", "aws:400:NotAuthorizedException:Access denied.")
    assert run_one().status == "failed"
    response = download(viewer_client, job)
    assert response.status_code == 404 and b"did not complete" in response.content
