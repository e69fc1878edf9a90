"""The import pages, end to end against the embedded backend (the upload task run inline)."""

from __future__ import annotations

import csv
import hashlib
import io
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pools.imports.tasks  # noqa: F401 - registers the upload handler, as the worker does
from console.cognito.imports import wait_for_terminal
from console.emulator import addon
from console.models import AuditEvent
from pools.imports.models import ImportRecord
from tests.jobs import run_one

from .conftest import HEADER, ROLE_ARN, csv_bytes, row


def url(name, pool_id, **kwargs):
    return reverse(f"imports:{name}", kwargs={"pool_id": pool_id, **kwargs})


def post_file(client, pool_id, data: bytes, *, name="Batch 1", mode="start", filename="users.csv"):
    return client.post(
        url("new", pool_id),
        {
            "job_name": name,
            "role_arn": ROLE_ARN,
            "mode": mode,
            "csv_file": SimpleUploadedFile(filename, data),
        },
    )


def finish(pool_id, record):
    task = run_one()
    assert task is not None and task.status == "succeeded", task and task.error
    record.refresh_from_db()
    return wait_for_terminal(pool_id=pool_id, job_id=record.job_id)


def test_it_downloads_the_template_named_after_the_pool(viewer_client, import_pool):
    response = viewer_client.get(url("template", import_pool))
    assert response.status_code == 200
    assert response.content.decode() == ",".join(HEADER) + "\n"
    assert 'filename="Import pool-import-template.csv"' in response["Content-Disposition"]


def test_it_the_new_import_form_needs_an_operator_and_prefills_the_role(
    viewer_client, import_pool, operator, client
):
    assert viewer_client.get(url("new", import_pool)).status_code == 403
    client.force_login(operator)
    response = client.get(url("new", import_pool))
    assert response.status_code == 200
    assert ROLE_ARN.encode() in response.content
    assert b'<label class="form-label" for="id_csv_file">' in response.content


def test_it_refuses_a_bad_job_name_before_anything_else(operator_client, import_pool):
    response = post_file(operator_client, import_pool, csv_bytes([row("a")]), name="bad/name")
    assert response.status_code == 400
    assert "Only letters A-Z and a-z, digits, underscores" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_it_a_valid_file_is_imported_end_to_end(operator_client, import_pool, idp, operator):
    data = b"\xef\xbb\xbf" + csv_bytes(
        [row("alice"), row("bob@x", email="bob@example.com"), row("çé/ü", email="ce@example.com")],
        newline="\r\n",
    )
    response = post_file(operator_client, import_pool, data)
    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", import_pool, job_id=record.job_id)
    assert record.upload == "queued" and record.created_by == operator
    assert (record.file_size, record.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert (record.row_count, record.valid_count, record.file_name) == (3, 3, "users.csv")
    clean = record.clean_file
    with record.open_clean() as file:
        content = file.read()
    assert content == csv_bytes(
        [row("alice"), row("bob@x", email="bob@example.com"), row("çé/ü", email="ce@example.com")]
    )

    page = operator_client.get(response["Location"])
    assert b"Uploading the file to Cognito" in page.content
    assert b'hx-trigger="every 2s"' in page.content

    job = finish(import_pool, record)
    assert (job.status, job.imported, job.skipped, job.failed) == ("Succeeded", 3, 0, 0)
    assert record.upload == "uploaded" and record.uploaded_at
    assert not default_storage.exists(clean) and record.clean_file == ""  # not kept
    for username in ("alice", "bob@x", "çé/ü"):
        user = idp.admin_get_user(UserPoolId=import_pool, Username=username)
        assert user["UserStatus"] == "RESET_REQUIRED"

    page = operator_client.get(url("detail", import_pool, job_id=record.job_id))
    text = page.content.decode()
    assert 'data-testid="job-status">Succeeded<' in text
    assert "3 of 3 rows done" in text
    assert "No row failed or was skipped." in text
    assert record.sha256 in text and "oscar-operator" in text
    assert "hx-trigger" not in text
    assert "byte-order mark" in text
    listing = operator_client.get(url("list", import_pool)).content.decode()
    assert record.job_id in listing and "oscar-operator" in listing and "Succeeded" in listing
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"CreateUserImportJob", "UploadImportFile", "StartUserImportJob"} <= actions


def test_it_a_file_with_errors_sends_nothing_until_the_valid_rows_are_chosen(
    operator_client, import_pool, idp
):
    data = csv_bytes([row("alice"), row("bob", email="nope"), row("carol"), row("alice")])
    response = post_file(operator_client, import_pool, data, filename="team.csv")
    assert response.status_code == 200
    text = response.content.decode()
    assert "line 3, column email: “nope” is not an email address" in text
    assert "line 5, column cognito:username: “alice” appears earlier" in text
    assert "Nothing was sent to Cognito" in text
    assert idp.list_user_import_jobs(UserPoolId=import_pool, MaxResults=10)["UserImportJobs"] == []
    record = ImportRecord.objects.get()
    assert (record.row_count, record.valid_count, record.problem_count) == (4, 2, 2)

    rejected = operator_client.get(url("rejected", import_pool, pk=record.pk))
    assert rejected.status_code == 200
    assert 'filename="team-rejected.csv"' in rejected["Content-Disposition"]
    body = b"".join(rejected.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    assert [len(r) for r in rows] == [len(header)] * 2  # aligned in a spreadsheet
    assert rows[0][:2] == ["3", "email: “nope” is not an email address, like name@example.com."]
    assert "report to read" in text and "not a file to import" in text

    response = operator_client.post(url("new", import_pool), {"record": record.pk})
    record.refresh_from_db()
    assert response.status_code == 302 and record.job_id and record.only_valid_rows
    job = finish(import_pool, record)
    assert (job.status, job.imported) == ("Succeeded", 2)
    assert operator_client.get(url("rejected", import_pool, pk=record.pk)).status_code == 404


def test_it_the_job_page_lists_the_rows_cognito_rejected(operator_client, import_pool, idp):
    for name in ("taken1", "taken2"):
        idp.admin_create_user(
            UserPoolId=import_pool,
            Username=name,
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}],
        )
    data = csv_bytes([row("n1"), row("taken1"), row("n2"), row("n3"), row("taken2")])
    post_file(operator_client, import_pool, data)
    record = ImportRecord.objects.get()
    job = finish(import_pool, record)
    assert (job.imported, job.skipped) == (3, 2)
    page = operator_client.get(url("detail", import_pool, job_id=record.job_id))
    rows = page.content.decode().split('id="log-rows"')[1]
    assert "SKIPPED" in rows and "taken1" in rows and "taken2" in rows
    assert "The user already exists." in rows
    assert "<td>n1</td>" not in rows
    assert "<td>3</td>" in rows and "<td>6</td>" in rows  # line numbers of the file


def test_it_logs_that_cannot_be_read_are_explained(operator_client, import_pool, deny_logs):
    post_file(operator_client, import_pool, csv_bytes([row("a")]))
    record = ImportRecord.objects.get()
    finish(import_pool, record)
    page = operator_client.get(url("detail", import_pool, job_id=record.job_id))
    assert page.status_code == 200
    assert b"logs:GetLogEvents" in page.content


def test_it_polling_stops_with_286_at_a_terminal_status(operator_client, import_pool):
    post_file(operator_client, import_pool, csv_bytes([row("a")]), mode="create")
    record = ImportRecord.objects.get()
    status = url("status", import_pool, job_id=record.job_id)
    response = operator_client.get(status, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"every 2s" in response.content
    run_one()
    response = operator_client.get(status, headers={"HX-Request": "true"})
    assert response.status_code == 200  # Created: still polled
    assert b"Start the job" in response.content

    started = operator_client.post(url("start", import_pool, job_id=record.job_id))
    assert started.status_code == 302
    wait_for_terminal(pool_id=import_pool, job_id=record.job_id)
    response = operator_client.get(status, headers={"HX-Request": "true"})
    assert response.status_code == 286
    assert b"Succeeded" in response.content and b"hx-trigger" not in response.content
    assert AuditEvent.objects.filter(action="StartUserImportJob", outcome="succeeded").exists()


def test_it_a_pending_job_can_be_stopped_and_not_restarted(
    operator_client, import_pool, monkeypatch
):
    # The backend keeps the job Pending long enough to stop it, and answers Stopping.
    monkeypatch.setattr(addon, "PENDING_SECONDS", 30.0)
    monkeypatch.setattr(addon, "STOP_WAIT_SECONDS", 0.0)
    post_file(operator_client, import_pool, csv_bytes([row("a")]))
    record = ImportRecord.objects.get()
    run_one()
    detail = url("detail", import_pool, job_id=record.job_id)
    page = operator_client.get(detail)
    assert b'data-testid="job-status">Pending<' in page.content
    assert b"Stop the job" in page.content
    assert b"A stopped job cannot be restarted" in page.content
    response = operator_client.post(url("stop", import_pool, job_id=record.job_id))
    assert response.status_code == 302
    page = operator_client.get(detail)
    assert b'data-testid="job-status">Stopping<' in page.content
    assert b"Start the job" not in page.content and b"Stop the job" not in page.content
    assert b"cannot be started again" in page.content  # the flash message
    assert AuditEvent.objects.filter(action="StopUserImportJob", outcome="succeeded").exists()
    refused = operator_client.post(url("start", import_pool, job_id=record.job_id))
    assert refused.status_code == 302
    starts = AuditEvent.objects.filter(action="StartUserImportJob")
    assert starts.count() == 1  # the one the upload task made; no restart was sent


def test_it_the_record_is_shown_when_cognito_forgot_the_job(operator_client, import_pool, operator):
    ImportRecord.objects.create(
        pool_id=import_pool,
        pool_name="Import pool",
        created_by=operator,
        file_name="old.csv",
        file_size=123,
        sha256="ab" * 32,
        row_count=2,
        valid_count=2,
        job_id="import-expired01",
        job_name="Old job",
        upload=ImportRecord.Upload.UPLOADED,
    )
    page = operator_client.get(url("detail", import_pool, job_id="import-expired01"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cognito no longer knows this job" in text
    assert "old.csv" in text and "ab" * 32 in text and "oscar-operator" in text
    status = operator_client.get(url("status", import_pool, job_id="import-expired01"))
    assert status.status_code == 286


def test_it_an_unknown_job_without_a_record_is_not_found(viewer_client, import_pool):
    response = viewer_client.get(url("detail", import_pool, job_id="import-nothere"))
    assert response.status_code == 404


def test_it_viewers_see_no_buttons_and_cannot_download_rejected_rows(
    viewer_client, import_pool, operator
):
    record = ImportRecord.objects.create(
        pool_id=import_pool, created_by=operator, file_name="x.csv", sha256="0" * 64
    )
    listing = viewer_client.get(url("list", import_pool)).content
    assert b"New import" not in listing and b"Download the CSV template" in listing
    assert viewer_client.get(url("rejected", import_pool, pk=record.pk)).status_code == 403


@pytest.mark.parametrize("keep", [True])
def test_it_files_are_kept_when_the_setting_says_so(operator_client, import_pool, settings, keep):
    settings.COGNITO_IMPORT_KEEP_FILES = keep
    post_file(operator_client, import_pool, csv_bytes([row("a")]))
    record = ImportRecord.objects.get()
    finish(import_pool, record)
    assert record.clean_file and default_storage.exists(record.clean_file)


def test_it_a_failed_upload_is_shown_on_the_job_page(operator_client, import_pool, monkeypatch):
    post_file(operator_client, import_pool, csv_bytes([row("a")]))
    record = ImportRecord.objects.get()
    from console.cognito import imports

    monkeypatch.setattr(imports, "UPLOAD_URL_LIFETIME", imports.timedelta(seconds=0))
    time.sleep(0.01)
    run_one()
    record.refresh_from_db()
    assert record.upload == "failed"
    assert record.clean_file == "" and not record.has_clean_file
    page = operator_client.get(url("detail", import_pool, job_id=record.job_id))
    assert b"The file was not uploaded" in page.content and b"expired" in page.content


def test_it_a_file_over_the_limit_is_cut_off_while_it_arrives(
    operator_client, import_pool, settings
):
    settings.COGNITO_IMPORT_MAX_BYTES = 1000
    data = csv_bytes([row(f"user{i}") for i in range(50)])
    assert len(data) > 1000
    response = post_file(operator_client, import_pool, data)
    assert response.status_code == 400
    assert "larger than 100 MB" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_it_a_post_without_the_csrf_token_is_refused(import_pool, operator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    response = post_file(client, import_pool, csv_bytes([row("a")]))
    assert response.status_code == 403
    assert not ImportRecord.objects.exists()
