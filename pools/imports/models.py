"""The console's own record of every CSV import: kept even after Cognito forgets the job.

Data only: the upload flow that fills it in is pools.imports.services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from .csvcheck import Report, lookup_lines


class ImportRecord(models.Model):
    """One uploaded file: its pre-flight check and, once created, its Cognito job.

    The checked file and its rejected rows are kept in Django's default storage
    (STORAGES["default"]: a folder, or an S3 bucket), so any worker on any host can
    upload them. `clean_file` and `rejected_file` hold their storage names ("" for
    none), under imports/<pool_id>/. They are kept only until the file is sent to
    Cognito's S3 URL, unless COGNITO_IMPORT_KEEP_FILES is set.
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
    # The connection (its slug) of the pool's account: pool IDs are unique per account.
    connection = models.CharField(max_length=32, default="default")
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
    #: Storage names in default_storage (not paths: the storage may be remote).
    clean_file = models.CharField(max_length=255, blank=True, editable=False)
    rejected_file = models.CharField(max_length=255, blank=True, editable=False)

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
        """Whether the rejected rows are still in storage (a stat, or a HEAD on S3)."""
        return bool(self.rejected_file) and default_storage.exists(self.rejected_file)

    @property
    def has_clean_file(self) -> bool:
        """Whether the checked file is still in storage (a stat, or a HEAD on S3)."""
        return bool(self.clean_file) and default_storage.exists(self.clean_file)

    def open_clean(self) -> File:
        """The checked file, opened from storage for reading (binary); use it in `with`.

        Its `size` is the byte count. Raises FileNotFoundError (the local storage) or
        the storage's own error when the file is gone: see `has_clean_file`.
        """
        if not self.clean_file:
            raise FileNotFoundError(f"Import record {self.pk} has no checked file.")
        return default_storage.open(self.clean_file, "rb")

    def open_rejected(self) -> File:
        """The rejected-rows report, opened from storage for reading (binary)."""
        if not self.rejected_file:
            raise FileNotFoundError(f"Import record {self.pk} has no rejected rows.")
        return default_storage.open(self.rejected_file, "rb")

    def rows_for_lines(self, lines) -> dict[int, tuple[int, str]]:
        """Uploaded-file line numbers → (line in the original file, username)."""
        return lookup_lines(bytes(self.row_map or b""), lines)

    def discard_files(self, *, force: bool = False) -> None:
        """Delete both files from storage (kept if COGNITO_IMPORT_KEEP_FILES, unless
        forced) and forget their names. A file already gone is no error."""
        if settings.COGNITO_IMPORT_KEEP_FILES and not force:
            return
        for field in ("clean_file", "rejected_file"):
            name = getattr(self, field)
            if name:
                default_storage.delete(name)
                setattr(self, field, "")
        self.save(update_fields=["clean_file", "rejected_file"])
