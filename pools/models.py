"""The console's own record of every CSV import: kept even after Cognito forgets the job."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from .csvcheck import PoolRules, Report, check_file, lookup_lines


class ImportRecord(models.Model):
    """One uploaded file: its pre-flight check and, once created, its Cognito job.

    The file itself waits in the spool directory (`clean_path`, `rejected_path`) only
    until it is sent to S3, unless COGNITO_IMPORT_KEEP_FILES is set.
    """

    class Upload(models.TextChoices):
        CHECKED = "checked", "Checked, not sent"
        QUEUED = "queued", "Waiting to upload"
        UPLOADED = "uploaded", "Uploaded"
        FAILED = "failed", "Upload failed"

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    pool_id = models.CharField(max_length=64, db_index=True)
    pool_name = models.CharField(max_length=128, blank=True)
    file_name = models.CharField(max_length=255)
    file_size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    valid_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    #: The pre-flight report (counts, the first 100 problems, notices), as JSON.
    summary = models.JSONField(default=dict)
    #: Usernames of the uploaded file's rows and their lines in the original file,
    #: zlib-compressed (see pools.csvcheck.pack_row_map).
    row_map = models.BinaryField(default=bytes, editable=False)
    job_name = models.CharField(max_length=128, blank=True)
    role_arn = models.CharField(max_length=2048, blank=True)
    start_after_upload = models.BooleanField(default=False)
    only_valid_rows = models.BooleanField(default=False)
    job_id = models.CharField(max_length=64, blank=True, db_index=True)
    upload = models.CharField(max_length=16, choices=Upload.choices, default=Upload.CHECKED)
    upload_error = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    uploaded_rows = models.PositiveIntegerField(default=0)
    clean_path = models.CharField(max_length=1024, blank=True, editable=False)
    rejected_path = models.CharField(max_length=1024, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["pool_id", "job_id"])]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.job_id or 'not created'}"

    @property
    def report(self) -> Report:
        return Report.from_json(self.summary or {})

    @property
    def uploaded_by(self) -> str:
        return self.created_by.get_username() if self.created_by else "(deleted account)"

    @property
    def has_rejected_file(self) -> bool:
        return bool(self.rejected_path) and Path(self.rejected_path).exists()

    @property
    def has_clean_file(self) -> bool:
        return bool(self.clean_path) and Path(self.clean_path).exists()

    def rows_for_lines(self, lines) -> dict[int, tuple[int, str]]:
        """Uploaded-file line numbers → (line in the original file, username)."""
        return lookup_lines(bytes(self.row_map or b""), lines)

    def discard_files(self, *, force: bool = False) -> None:
        """Delete the spooled files (kept if COGNITO_IMPORT_KEEP_FILES, unless forced)."""
        if settings.COGNITO_IMPORT_KEEP_FILES and not force:
            return
        for field in ("clean_path", "rejected_path"):
            path = getattr(self, field)
            if path:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                setattr(self, field, "")
        self.save(update_fields=["clean_path", "rejected_path"])


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


def check_upload(*, pool, header, upload, user, job_name: str, role_arn: str, start: bool):
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
    runs in the task queue (pools.tasks), so a 100 MB file does not hold a web worker.
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
