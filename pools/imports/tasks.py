"""Background work for CSV imports: the PUT of the checked file to S3, then Start.

The `upload_and_start` @task (Django's Tasks framework; console.jobs keeps its record),
run by any `manage.py worker` on any host. The web request only receives the file,
checks it and creates the job; this task does the upload, which for a 100 MB file
can take minutes, within the presigned URL's 15 minutes.

A DescribeUserImportJob that fails for a passing reason (throttling, a 5xx, no answer)
neither fails the import nor deletes its file: it is asked again, with pauses
(`DESCRIBE_DELAYS`), for as long as the upload URL can still be used.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from console import jobs
from console.cognito import CognitoError, Throttled, Unavailable
from console.cognito.imports import import_job_get, import_job_start, import_upload
from console.jobs import Outcome, checkpoint
from console.models import Job

from .models import ImportRecord

log = logging.getLogger(__name__)

#: Seconds between DescribeUserImportJob attempts that failed for a passing reason
#: (the last one repeats), and for how long they are tried: less than the upload
#: URL's 15 minutes.
DESCRIBE_DELAYS = (2, 5, 10, 20, 30)
DESCRIBE_PATIENCE = timedelta(minutes=14)


def _passing(exc: CognitoError) -> bool:
    """A failure that says nothing about the job: try again."""
    return (
        isinstance(exc, Throttled | Unavailable) or exc.ambiguous or (exc.http_status or 0) >= 500
    )


def _describe(job: Job, record: ImportRecord):
    """DescribeUserImportJob, asked again after a passing failure (see DESCRIBE_DELAYS)."""
    deadline = time.monotonic() + DESCRIBE_PATIENCE.total_seconds()
    attempt = 0
    while True:
        try:
            return import_job_get(pool_id=record.pool_id, job_id=record.job_id)
        except CognitoError as exc:
            delay = DESCRIBE_DELAYS[min(attempt, len(DESCRIBE_DELAYS) - 1)]
            if not _passing(exc) or time.monotonic() + delay > deadline:
                raise
            log.warning("DescribeUserImportJob for record %s failed, retrying: %s", record.pk, exc)
            record.upload_error = (
                f"Reading the import job from Cognito failed ({exc.message}); trying again."
            )
            record.save(update_fields=["upload_error"])
            checkpoint(job)  # the heartbeat: this worker is alive
            time.sleep(delay)
            attempt += 1


KIND = "imports.upload"


@task()
def upload_and_start(job_id: int) -> str:
    """Send import job `job_id`'s checked file to S3, then start it if asked; returns
    the job's status (console.jobs.run)."""
    return jobs.run(job_id, _upload_and_start)


def _upload_and_start(job: Job) -> Outcome | None:
    record = ImportRecord.objects.get(pk=job.params["record"])
    state = job.state
    if record.upload != ImportRecord.Upload.UPLOADED and not state.get("uploaded"):
        if not record.has_clean_file:
            return _fail(record, "The checked file is no longer kept; upload it again.")
        try:
            cognito_job = _describe(job, record)
        except CognitoError as exc:
            # Nothing was sent. Cognito unreachable for minutes: the file is kept.
            return _fail(record, exc.details, keep_file=_passing(exc))
        try:
            with record.open_clean() as file, jobs.beating(job):
                import_upload(pool_id=record.pool_id, job=cognito_job, file=file, size=file.size)
        except CognitoError as exc:
            return _fail(record, exc.details)
        record.upload = ImportRecord.Upload.UPLOADED
        record.uploaded_at = timezone.now()
        record.upload_error = ""
        record.save(update_fields=["upload", "uploaded_at", "upload_error"])
        state["uploaded"] = True
        checkpoint(job, done=0)
        record.discard_files()
    if record.start_after_upload and not state.get("started"):
        try:
            import_job_start(pool_id=record.pool_id, job_id=record.job_id)
        except CognitoError as exc:
            lead = exc.lead("the job did not start")
            record.upload_error = f"The file was uploaded, but {lead}: {exc.details}"
            record.save(update_fields=["upload_error"])
            return Outcome(Job.Status.FAILED, record.upload_error)
        state["started"] = True
    checkpoint(job, done=1)
    return None


def _fail(record: ImportRecord, message: str, *, keep_file: bool = False) -> Outcome:
    log.warning("Import upload for record %s failed: %s", record.pk, message)
    record.upload = ImportRecord.Upload.FAILED
    record.upload_error = message
    record.save(update_fields=["upload", "upload_error"])
    if not keep_file:
        record.discard_files()  # nothing will be sent: the file's content is not kept
    return Outcome(Job.Status.FAILED, message)
