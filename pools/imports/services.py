"""The import upload flow across the database and Cognito.

Check an uploaded file and keep its record (`check_and_record`), create the Cognito
job and queue its upload (`create_job`), delete the files of checks nobody imported
(`discard_stale_checks`). The views call these; the model (models.ImportRecord)
only holds the data.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from pools.csvcheck import PoolRules, check_file

from .models import ImportRecord


def spool_dir() -> Path:
    """Where checked files wait for their upload (private to the console's user)."""
    path = Path(settings.COGNITO_IMPORT_SPOOL_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def discard_stale_checks(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete the spooled files of checks nobody imported (their records stay)."""
    stale = ImportRecord.objects.filter(
        upload=ImportRecord.Upload.CHECKED, created__lt=timezone.now() - older_than
    ).exclude(clean_path="", rejected_path="")
    count = 0
    for record in stale:
        record.discard_files(force=True)
        count += 1
    return count


def check_and_record(*, pool, header, upload, user, job_name: str, role_arn: str, start: bool):
    """Run the pre-flight check on an uploaded file and keep its record.

    `upload` is Django's UploadedFile (on disk: FILE_UPLOAD_HANDLERS writes uploads to
    a temporary file). The clean and rejected rows are written to the spool directory
    as the check goes; nothing is sent to Cognito here.
    """
    discard_stale_checks()
    rules = PoolRules.for_pool(pool, header)
    spool = spool_dir()
    clean_fd, clean_path = tempfile.mkstemp(dir=spool, prefix="clean-", suffix=".csv")
    rejected_fd, rejected_path = tempfile.mkstemp(dir=spool, prefix="rejected-", suffix=".csv")
    source = upload.file
    source.seek(0)
    with (
        os.fdopen(clean_fd, "wb", buffering=1 << 20) as clean,
        os.fdopen(rejected_fd, "wb", buffering=1 << 16) as rejected,
    ):
        report, row_map = check_file(source, rules, clean=clean, rejected=rejected)
    if report.fatal or not report.valid_rows:
        os.unlink(clean_path)
        clean_path = ""
    if report.fatal or not report.problem_rows:
        os.unlink(rejected_path)
        rejected_path = ""
    return ImportRecord.objects.create(
        created_by=user if getattr(user, "is_authenticated", False) else None,
        pool_id=pool.id,
        pool_name=pool.name,
        file_name=(getattr(upload, "name", "") or "upload.csv")[:255],
        file_size=report.file_size,
        sha256=report.sha256,
        row_count=report.rows,
        valid_count=report.valid_rows,
        problem_count=report.problem_rows,
        summary=report.as_json(),
        row_map=row_map if not report.fatal else b"",
        job_name=job_name,
        role_arn=role_arn,
        start_after_upload=start,
        clean_path=clean_path,
        rejected_path=rejected_path,
    )


def create_job(record: ImportRecord, *, user, request_id: str = "", only_valid: bool = False):
    """CreateUserImportJob for a checked file, then queue its upload (and start).

    The web request ends once Cognito has made the job: the PUT of the file to S3
    runs in the task queue (pools.imports.tasks), so a 100 MB file does not hold a web worker.
    """
    from console.cognito.imports import import_job_create
    from console.tasks import enqueue

    job = import_job_create(pool_id=record.pool_id, name=record.job_name, role_arn=record.role_arn)
    record.job_id = job.id
    record.only_valid_rows = only_valid
    record.upload = ImportRecord.Upload.QUEUED
    record.uploaded_rows = record.valid_count
    record.save(update_fields=["job_id", "only_valid_rows", "upload", "uploaded_rows"])
    enqueue(
        kind="imports.upload",
        key=f"imports.upload:{record.pk}",
        params={"record": record.pk},
        user=user,
        request_id=request_id,
        total=1,
        # The checked file is on this machine's disk (COGNITO_IMPORT_SPOOL_DIR).
        here=True,
    )
    return job
