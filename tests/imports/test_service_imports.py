"""The import service functions against the embedded backend, over HTTP."""

from __future__ import annotations

import io
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from console.cognito import CognitoError, NotFound
from console.cognito.imports import (
    UploadFailed,
    import_csv_header,
    import_job_create,
    import_job_get,
    import_job_list,
    import_job_start,
    import_job_stop,
    import_log_events,
    import_upload,
    parse_log_line,
    wait_for_terminal,
)
from console.models import AuditEvent

from .conftest import HEADER, ROLE_ARN, csv_bytes, row


def upload_bytes(pool_id, job, data: bytes):
    import_upload(pool_id=pool_id, job=job, file=io.BytesIO(data), size=len(data))


def test_it_reads_the_csv_header(import_pool):
    assert import_csv_header(pool_id=import_pool) == HEADER


def test_it_creates_uploads_starts_and_lists_a_job(import_pool, idp, db):
    job = import_job_create(pool_id=import_pool, name="Nightly 1", role_arn=ROLE_ARN)
    assert job.status == "Created" and job.presigned_url
    upload_bytes(import_pool, job, csv_bytes([row("alice"), row("bob")]))
    started = import_job_start(pool_id=import_pool, job_id=job.id)
    assert started.status in ("Pending", "InProgress", "Succeeded")
    done = wait_for_terminal(pool_id=import_pool, job_id=job.id)
    assert (done.status, done.imported, done.failed) == ("Succeeded", 2, 0)
    page = import_job_list(pool_id=import_pool, limit=10)
    assert [j.id for j in page.items] == [job.id]
    user = idp.admin_get_user(UserPoolId=import_pool, Username="alice")
    assert user["UserStatus"] == "RESET_REQUIRED"
    actions = list(AuditEvent.objects.values_list("action", "outcome"))
    assert ("CreateUserImportJob", "succeeded") in actions
    assert ("UploadImportFile", "succeeded") in actions
    assert ("StartUserImportJob", "succeeded") in actions


def test_it_the_upload_sends_exactly_the_signed_header(import_pool, db):
    """The add-on answers 403 if a Content-Type is sent; ours is accepted."""
    job = import_job_create(pool_id=import_pool, name="headers", role_arn=ROLE_ARN)
    upload_bytes(import_pool, job, csv_bytes([row("alice")]))
    import_job_start(pool_id=import_pool, job_id=job.id)
    assert wait_for_terminal(pool_id=import_pool, job_id=job.id).imported == 1


def test_it_an_expired_upload_url_is_refused_before_sending(import_pool, db):
    job = import_job_create(pool_id=import_pool, name="late", role_arn=ROLE_ARN)
    old = replace(job, created=datetime.now(UTC) - timedelta(minutes=16))
    with pytest.raises(UploadFailed) as exc:
        upload_bytes(import_pool, old, b"x")
    assert "expired" in exc.value.message
    assert AuditEvent.objects.get(action="UploadImportFile").outcome == "failed"


def test_it_a_refused_upload_connection_is_a_clear_error(import_pool, db):
    job = import_job_create(pool_id=import_pool, name="refused", role_arn=ROLE_ARN)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    broken = replace(job, presigned_url=f"http://127.0.0.1:{port}/bucket/key?X-Amz-Signature=1")
    with pytest.raises(UploadFailed) as exc:
        upload_bytes(import_pool, broken, b"data")
    assert exc.value.code == "ConnectionError"
    assert isinstance(exc.value, CognitoError)


def test_it_a_tampered_upload_url_gives_s3s_reason(import_pool, db):
    job = import_job_create(pool_id=import_pool, name="tampered", role_arn=ROLE_ARN)
    bad = replace(job, presigned_url=job.presigned_url.replace("/aws-cognito", "/nobucket-cognito"))
    with pytest.raises(UploadFailed) as exc:
        upload_bytes(import_pool, bad, b"data")
    assert "S3" in exc.value.message


def test_it_the_log_gives_failed_and_skipped_rows(import_pool, idp, db):
    idp.admin_create_user(
        UserPoolId=import_pool,
        Username="exists",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "e@example.com"}],
    )
    job = import_job_create(pool_id=import_pool, name="mixed", role_arn=ROLE_ARN)
    data = csv_bytes(
        [row("a1"), row("a2"), row("a3"), row("exists"), row("bad", email_verified="false")]
    )
    upload_bytes(import_pool, job, data)
    import_job_start(pool_id=import_pool, job_id=job.id)
    wait_for_terminal(pool_id=import_pool, job_id=job.id)
    result = import_log_events(
        pool_id=import_pool, pool_name="Import pool", job_id=job.id, job_name="mixed"
    )
    assert result.reason == ""
    assert [(r.outcome, r.line) for r in result.rows] == [("SKIPPED", 5), ("FAILED", 6)]
    assert result.rows[0].message == "The user already exists."


def test_it_an_unreadable_log_gives_a_reason_not_an_error(import_pool, deny_logs, db):
    result = import_log_events(
        pool_id=import_pool, pool_name="Import pool", job_id="import-abc", job_name="x"
    )
    assert "logs:GetLogEvents" in result.reason
    assert result.rows == ()


def test_it_a_missing_log_stream_says_so(import_pool, db):
    result = import_log_events(
        pool_id=import_pool, pool_name="Import pool", job_id="import-abc", job_name="x"
    )
    assert "no CloudWatch log yet" in result.reason


def test_it_stop_and_describe_of_an_unknown_job(import_pool, db):
    with pytest.raises(NotFound):
        import_job_get(pool_id=import_pool, job_id="import-nothere")
    with pytest.raises(CognitoError):
        import_job_stop(pool_id=import_pool, job_id="import-nothere")
    assert AuditEvent.objects.get(action="StopUserImportJob").outcome == "failed"


def test_it_parses_the_services_log_lines():
    assert parse_log_line("[FAILED] Line Number 7 - The email is bad.").line == 7
    skipped = parse_log_line("[SKIPPED] Line Number 3 - The user already exists.")
    assert (skipped.outcome, skipped.message) == ("SKIPPED", "The user already exists.")
    assert parse_log_line("some other text") is None
