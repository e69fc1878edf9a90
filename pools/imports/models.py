"""The console's own record of every CSV import: kept even after Cognito forgets the job.

Data only: the upload flow that fills it in is pools.imports.services.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.conf import settings
from django.db import models

from .csvcheck import Report, lookup_lines


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
    #: zlib-compressed (see pools.imports.csvcheck.clean).
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
        # The table keeps the name it had when the model was in the pools app.
        db_table = "pools_importrecord"
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["pool_id", "job_id"], name="pools_impor_pool_id_62b63b_idx")
        ]

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
