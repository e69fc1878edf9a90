"""Background work for CSV imports: the PUT of the checked file to S3, then Start.

Run by `manage.py worker` (console.tasks). The web request only receives the file,
checks it and creates the job; this task does the upload, which for a 100 MB file
can take minutes, within the presigned URL's 15 minutes.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from console.cognito import CognitoError
from console.cognito.imports import import_job_get, import_job_start, import_upload
from console.tasks import checkpoint, register

from .models import ImportRecord

log = logging.getLogger(__name__)


@register("imports.upload")
def upload_and_start(task) -> None:
    record = ImportRecord.objects.get(pk=task.params["record"])
    state = task.state
    if record.upload != ImportRecord.Upload.UPLOADED and not state.get("uploaded"):
        if not record.has_clean_file:
            _fail(record, "The checked file is no longer on this server; upload it again.")
            return
        try:
            job = import_job_get(pool_id=record.pool_id, job_id=record.job_id)
            with open(record.clean_path, "rb") as file:
                import_upload(pool_id=record.pool_id, job=job, file=file)
        except CognitoError as exc:
            _fail(record, exc.details)
            return
        record.upload = ImportRecord.Upload.UPLOADED
        record.uploaded_at = timezone.now()
        record.upload_error = ""
        record.save(update_fields=["upload", "uploaded_at", "upload_error"])
        state["uploaded"] = True
        checkpoint(task, done=0)
        record.discard_files()
    if record.start_after_upload and not state.get("started"):
        try:
            import_job_start(pool_id=record.pool_id, job_id=record.job_id)
        except CognitoError as exc:
            record.upload_error = f"The file was uploaded, but the job did not start: {exc.details}"
            record.save(update_fields=["upload_error"])
            return
        state["started"] = True
    checkpoint(task, done=1)


def _fail(record: ImportRecord, message: str) -> None:
    log.warning("Import upload for record %s failed: %s", record.pk, message)
    record.upload = ImportRecord.Upload.FAILED
    record.upload_error = message
    record.save(update_fields=["upload", "upload_error"])
    record.discard_files()  # nothing will be sent: the file's content is not kept
