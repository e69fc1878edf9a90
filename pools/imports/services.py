"""The import flow across the database and Cognito.

Check an uploaded file and keep its record (`check_and_record`), create the Cognito
job and queue its upload (`create_job`), delete the files of checks nobody imported
(`discard_stale_checks`), read a job with the console's record of it (`job_state`,
`job_log_rows`) and a page of jobs with theirs (`newest_first`, `records_by_job`).
The views call these; the model (models.ImportRecord) only holds the data.

Where the files are: the upload arrives on this host's disk (Django's
TemporaryFileUploadHandler), the check writes its two outputs into this process's
private spool folder (`spool_dir`), and both are then saved to Django's default storage
(a folder, or an S3 bucket: STORAGES["default"]) and removed from the spool. So the
upload task can run on any worker, on any host that shares the storage.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from console.cognito import CognitoError, NotFound
from console.cognito.imports import (
    import_csv_header,
    import_job_create,
    import_job_get,
    import_log_events,
)
from console.cognito.records import ACTIVE_JOB_STATUSES, ImportJob
from console.connections.services import here
from console.jobs import start as start_job
from console.roles import OPERATOR
from console.shortcuts import pool_or_404
from console.spool import private_dir

from .csvcheck import PoolRules, check_file, pool_blocker
from .models import ImportRecord
from .tasks import KIND as UPLOAD_KIND
from .tasks import upload_and_start

#: The folder in default storage that holds the checked files: imports/<pool_id>/<name>.
STORAGE_DIR = "imports"
SPOOL_PREFIX = "cognito-console-imports-"


def spool_dir() -> Path:
    """This process's private folder for the files of a check in progress
    (console.spool.private_dir: mkdtemp, mode 0700, removed at exit), inside
    COGNITO_IMPORT_SPOOL_DIR (the system's temporary folder when unset). Nothing in it
    outlives a request: see check_and_record."""
    return private_dir(SPOOL_PREFIX, settings.COGNITO_IMPORT_SPOOL_DIR or "")


def default_role_arn() -> str:
    """The CloudWatch Logs role prefilled on a new import job: COGNITO_IMPORT_ROLE_ARN
    in the default connection, and in another only when the role is in that
    connection's account (a role of another account would be refused by Cognito)."""
    from console.cognito.accounts import current

    arn = settings.COGNITO_IMPORT_ROLE_ARN or ""
    account = current()
    if account.is_default or not arn:
        return arn
    return arn if account.account_id and f":iam::{account.account_id}:" in arn else ""


def discard_stale_checks(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete from storage the files of checks nobody imported (their records stay),
    and files under imports/ that no record names (a check cut off before its record
    was saved). Both only once older than `older_than`. Returns the count of records
    whose files were deleted.
    """
    stale = ImportRecord.objects.filter(
        upload=ImportRecord.Upload.CHECKED, created__lt=timezone.now() - older_than
    ).exclude(clean_file="", rejected_file="")
    count = 0
    for record in stale:
        record.discard_files(force=True)
        count += 1
    _discard_orphans(older_than)
    return count


def _listdir(path: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(path)
    except FileNotFoundError:  # FileSystemStorage, before the first check
        return [], []


def _discard_orphans(older_than: timedelta) -> None:
    """Delete stored files that no record names, once older than `older_than`."""
    cutoff = timezone.now() - older_than
    for folder in _listdir(STORAGE_DIR)[0]:
        where = f"{STORAGE_DIR}/{folder}"
        names = [f"{where}/{name}" for name in _listdir(where)[1]]
        if not names:
            continue
        named = ImportRecord.objects.filter(Q(clean_file__in=names) | Q(rejected_file__in=names))
        known = {name for pair in named.values_list("clean_file", "rejected_file") for name in pair}
        for name in names:
            if name in known:
                continue
            with contextlib.suppress(FileNotFoundError):
                if default_storage.get_modified_time(name) < cutoff:
                    default_storage.delete(name)


def _store(path: str, name: str) -> str:
    """Save the local file `path` to default storage as `name`; the name it got."""
    with open(path, "rb") as file:
        return default_storage.save(name, File(file), max_length=255)


def check_and_record(
    *, pool, upload, user, job_name: str, role_arn: str, start: bool
) -> ImportRecord:
    """Run the pre-flight check on an uploaded file and keep its record.

    `pool` is a records.Pool; its CSV header comes from GetCSVHeader. `upload` is
    Django's UploadedFile (on disk: FILE_UPLOAD_HANDLERS writes uploads to a temporary
    file). The clean and rejected rows are written to this process's spool folder as
    the check goes, then saved to default storage (record.clean_file, rejected_file)
    and removed from the spool. Nothing is sent to Cognito but GetCSVHeader. Raises
    CognitoError from it, OSError from the disk or the storage's own errors.
    """
    discard_stale_checks()
    rules = PoolRules.for_pool(pool, import_csv_header(pool_id=pool.id))
    stem = f"{STORAGE_DIR}/{pool.id}/{uuid.uuid4().hex}"
    report, row_map, files = _check_to_storage(upload.file, rules, stem)
    try:
        return ImportRecord.objects.create(
            created_by=user if getattr(user, "is_authenticated", False) else None,
            connection=here(),
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
            **files,
        )
    except BaseException:
        _delete_stored(files.values())
        raise


def _check_to_storage(source, rules: PoolRules, stem: str):
    """check_file into two spool files, then those worth keeping saved to storage as
    `<stem>-clean.csv` and `<stem>-rejected.csv`. The spool files are removed whatever
    happens. Returns the report, the row map and {"clean_file", "rejected_file"}:
    storage names, "" for a file not kept (no valid rows, no problem rows, a fatal
    report)."""
    spool = spool_dir()
    clean_fd, clean_path = tempfile.mkstemp(dir=spool, prefix="clean-", suffix=".csv")
    rejected_fd, rejected_path = tempfile.mkstemp(dir=spool, prefix="rejected-", suffix=".csv")
    files = {"clean_file": "", "rejected_file": ""}
    try:
        with (
            os.fdopen(clean_fd, "wb", buffering=1 << 20) as clean,
            os.fdopen(rejected_fd, "wb", buffering=1 << 16) as rejected,
        ):
            source.seek(0)
            report, row_map = check_file(source, rules, clean=clean, rejected=rejected)
        if not report.fatal and report.valid_rows:
            files["clean_file"] = _store(clean_path, f"{stem}-clean.csv")
        if not report.fatal and report.problem_rows:
            files["rejected_file"] = _store(rejected_path, f"{stem}-rejected.csv")
    except BaseException:
        _delete_stored(files.values())
        raise
    finally:
        for path in (clean_path, rejected_path):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
    return report, row_map, files


def _delete_stored(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def create_job(
    record: ImportRecord, *, user, request_id: str = "", only_valid: bool = False
) -> ImportJob:
    """CreateUserImportJob for a checked file, then queue its upload (and start).

    The web request ends once Cognito has made the job: the PUT of the file to S3 runs
    in the task queue (pools.imports.tasks), so a 100 MB file does not hold a web
    worker. Any worker can run it: the file is in default storage, not on this host.
    Raises CognitoError from CreateUserImportJob (then nothing is queued).
    """
    job = import_job_create(pool_id=record.pool_id, name=record.job_name, role_arn=record.role_arn)
    record.job_id = job.id
    record.only_valid_rows = only_valid
    record.upload = ImportRecord.Upload.QUEUED
    record.uploaded_rows = record.valid_count
    record.save(update_fields=["job_id", "only_valid_rows", "upload", "uploaded_rows"])
    start_job(
        task=upload_and_start,
        kind=UPLOAD_KIND,
        key=f"imports.upload:{record.pk}",
        # pool_id: each run checks its starter is still an Operator there (console.jobs).
        params={"record": record.pk, "pool_id": record.pool_id},
        user=user,
        request_id=request_id,
        total=1,
        role=OPERATOR,
    )
    return job


def newest_first(jobs: Iterable[ImportJob]) -> list[ImportJob]:
    """Jobs newest first (Cognito lists them in its own order); undated ones last."""
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(jobs, key=lambda job: job.created or oldest, reverse=True)


def records_by_job(pool_id: str, jobs: Iterable[ImportJob]) -> dict[str, ImportRecord]:
    """The console's records of `jobs` (those uploaded through it), by job ID."""
    found = ImportRecord.objects.filter(
        connection=here(), pool_id=pool_id, job_id__in=[job.id for job in jobs]
    )
    return {record.job_id: record for record in found.select_related("created_by")}


@dataclass(frozen=True)
class JobState:
    """An import job as its page shows it: Cognito's job and the console's record.

    `job` is None when Cognito no longer knows it (`gone` says so) or could not be
    read just now (`unreadable`); `pool` is a records.Pool, or a stand-in with the
    record's pool name when DescribeUserPool failed; `blocker` is why no job can start
    in this pool, or "".
    """

    pool: Any
    job_id: str
    job: ImportJob | None
    record: ImportRecord | None
    gone: str = ""
    unreadable: str = ""
    blocker: str = ""

    @property
    def uploading(self) -> bool:
        return self.record is not None and self.record.upload == ImportRecord.Upload.QUEUED

    @property
    def polling(self) -> bool:
        """The page should ask again: the job runs, its file uploads, or a read failed."""
        running = self.job is not None and self.job.status in ACTIVE_JOB_STATUSES
        return running or self.uploading or bool(self.unreadable)

    @property
    def processed(self) -> int:
        job = self.job
        return job.imported + job.skipped + job.failed if job is not None else 0

    @property
    def total(self) -> int:
        return self.record.uploaded_rows if self.record else 0

    @property
    def percent(self) -> int | None:
        return min(100, round(100 * self.processed / self.total)) if self.total else None

    @property
    def can_start(self) -> bool:
        """A Created job whose file is uploaded (or not via this console), pool allowing."""
        uploaded = self.record is None or self.record.upload == ImportRecord.Upload.UPLOADED
        return (
            self.job is not None and not self.blocker and self.job.status == "Created" and uploaded
        )

    @property
    def can_stop(self) -> bool:
        return self.job is not None and self.job.status in ("Pending", "InProgress")

    @property
    def has_logs(self) -> bool:
        """Whether the job may have row results in CloudWatch Logs (it has run)."""
        return self.job is not None and self.job.status not in ("Created", "Expired")

    def context(self) -> dict[str, Any]:
        """The template's names for this state (templates/pools/imports/detail.html)."""
        names = ("pool", "job", "job_id", "record", "gone", "unreadable", "blocker")
        names += ("uploading", "polling", "processed", "total", "percent")
        report = self.record.report if self.record else None
        return {name: getattr(self, name) for name in names} | {
            "report": report,
            "can_start": self.can_start,
            "can_stop": self.can_stop,
        }


def job_state(*, pool_id: str, job_id: str) -> JobState:
    """DescribeUserImportJob and DescribeUserPool, with the console's record of the job.

    With a record, a job Cognito no longer knows (NotFound) or could not read (any
    other CognitoError) is still shown from the record: one failed read says nothing
    about the import. Without one, those errors are raised.
    """
    record = (
        ImportRecord.objects.filter(connection=here(), pool_id=pool_id, job_id=job_id)
        .select_related("created_by")
        .first()
    )
    found: dict[str, Any] = {"job": None}
    try:
        found["job"] = import_job_get(pool_id=pool_id, job_id=job_id)
    except CognitoError as exc:
        if record is None:
            raise
        key = "gone" if isinstance(exc, NotFound) else "unreadable"
        found[key] = exc.message if key == "gone" else exc.details
    try:
        pool = pool_or_404(pool_id)
        found["blocker"] = pool_blocker(pool)
    except CognitoError:
        if record is None:
            raise
        pool = SimpleNamespace(id=pool_id, name=record.pool_name)
    return JobState(pool=pool, job_id=job_id, record=record, **found)


def job_log_rows(state: JobState) -> SimpleNamespace:
    """The job's failed and skipped rows from CloudWatch Logs (GetLogEvents), each
    joined to its line in the original file and its username by the record's row map.

    Returns rows (dicts: outcome, line, original_line, username, message), reason
    (why there are none, or ""), truncated, group and stream.
    """
    job, record = state.job, state.record
    result = import_log_events(
        pool_id=job.pool_id or state.pool.id,
        pool_name=state.pool.name,
        job_id=job.id,
        job_name=job.name,
    )
    joined = record.rows_for_lines(r.line for r in result.rows if r.line) if record else {}
    rows = []
    for row in result.rows:
        original, username = joined.get(row.line, (None, "")) if row.line else (None, "")
        rows.append(
            {
                "outcome": row.outcome,
                "line": row.line,
                "original_line": original,
                "username": username,
                "message": row.message,
            }
        )
    return SimpleNamespace(
        rows=rows,
        reason=result.reason,
        truncated=result.truncated,
        group=result.group,
        stream=result.stream,
    )
