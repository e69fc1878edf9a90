"""Imports in the background: a passing Cognito failure neither fails an import nor
deletes its file, and a job whose CreateUserImportJob answer was lost is found again."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pools.imports.tasks
from console.cognito.imports import wait_for_terminal
from console.models import AuditEvent
from pools.imports.models import ImportRecord
from tests.jobs import run_one

from .conftest import ROLE_ARN, csv_bytes, row


def url(name, pool_id, **kwargs):
    return reverse(f"imports:{name}", kwargs={"pool_id": pool_id, **kwargs})


def post_file(client, pool_id, data: bytes, *, name="Batch 1"):
    return client.post(
        url("new", pool_id),
        {
            "job_name": name,
            "role_arn": ROLE_ARN,
            "mode": "start",
            "csv_file": SimpleUploadedFile("users.csv", data),
        },
    )


def test_it_one_failed_describe_neither_fails_the_import_nor_deletes_its_file(
    operator_client, import_pool, faults, monkeypatch, idp
):
    monkeypatch.setattr(pools.imports.tasks, "DESCRIBE_DELAYS", (0.05,))
    post_file(operator_client, import_pool, csv_bytes([row("alice"), row("bob")]))
    record = ImportRecord.objects.get()
    assert default_storage.exists(record.clean_file)
    # Both of botocore's attempts fail: the console sees one failed DescribeUserImportJob.
    faults.set("DescribeUserImportJob", "error", times=2)
    task = run_one()
    assert task.status == "succeeded", task.error
    record.refresh_from_db()
    assert record.upload == "uploaded" and record.upload_error == ""
    assert faults.seen["DescribeUserImportJob"] >= 3  # it asked again
    job = wait_for_terminal(pool_id=import_pool, job_id=record.job_id)
    assert (job.status, job.imported) == ("Succeeded", 2)
    assert idp.admin_get_user(UserPoolId=import_pool, Username="bob")["Username"] == "bob"


def test_it_a_job_that_cannot_be_read_for_minutes_keeps_its_file(
    operator_client, import_pool, faults, monkeypatch
):
    monkeypatch.setattr(pools.imports.tasks, "DESCRIBE_DELAYS", (0.05,))
    monkeypatch.setattr(
        pools.imports.tasks, "DESCRIBE_PATIENCE", pools.imports.tasks.timedelta(seconds=0.3)
    )
    post_file(operator_client, import_pool, csv_bytes([row("alice")]))
    record = ImportRecord.objects.get()
    faults.set("DescribeUserImportJob", "error")
    task = run_one()
    record.refresh_from_db()
    assert task.status == "failed" and record.upload == "failed"
    assert record.has_clean_file  # nothing was sent: the checked file is still here
    assert not AuditEvent.objects.filter(action="UploadImportFile").exists()


def test_it_the_job_page_survives_a_failed_describe_and_keeps_polling(
    operator_client, import_pool, faults
):
    post_file(operator_client, import_pool, csv_bytes([row("alice")]))
    record = ImportRecord.objects.get()
    faults.set("DescribeUserImportJob", "error", times=2)
    page = operator_client.get(url("status", import_pool, job_id=record.job_id))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="job-unreadable"' in text and 'hx-trigger="every 2s"' in text
    assert "may or may not" not in text  # a read: nothing to be unsure about
    page = operator_client.get(url("status", import_pool, job_id=record.job_id))
    assert 'data-testid="job-unreadable"' not in page.content.decode()


def test_it_a_lost_create_answer_is_found_again_not_created_twice(
    operator_client, import_pool, faults, idp
):
    faults.set("CreateUserImportJob", "lost", times=1)
    response = post_file(operator_client, import_pool, csv_bytes([row("alice")]), name="Once")
    record = ImportRecord.objects.get()
    assert response.status_code == 302, response.content[:2000]
    jobs = idp.list_user_import_jobs(UserPoolId=import_pool, MaxResults=60)["UserImportJobs"]
    assert [(j["JobName"], j["JobId"]) for j in jobs] == [("Once", record.job_id)]
    assert run_one().status == "succeeded"
    assert wait_for_terminal(pool_id=import_pool, job_id=record.job_id).imported == 1
    event = AuditEvent.objects.get(action="CreateUserImportJob")
    assert event.outcome == "succeeded" and "found again" in event.error_message


def test_it_a_start_whose_answer_was_lost_is_done(import_pool, faults, admin):
    import io

    from console.audit import audit_context
    from console.cognito.imports import import_job_create, import_job_start, import_upload

    with audit_context(user=admin):
        job = import_job_create(pool_id=import_pool, name="start-lost", role_arn=ROLE_ARN)
        data = csv_bytes([row("alice")])
        import_upload(pool_id=import_pool, job=job, file=io.BytesIO(data), size=len(data))
        faults.set("StartUserImportJob", "lost", times=1)
        started = import_job_start(pool_id=import_pool, job_id=job.id)  # the retry is refused
    assert started.status in ("Pending", "InProgress", "Succeeded")
    assert faults.seen["StartUserImportJob"] == 2
    event = AuditEvent.objects.get(action="StartUserImportJob")
    assert event.outcome == "succeeded" and "Read back from Cognito" in event.error_message
    assert wait_for_terminal(pool_id=import_pool, job_id=job.id).imported == 1
