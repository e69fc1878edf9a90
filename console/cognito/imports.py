"""CSV user import jobs: Cognito's own CreateUserImportJob and the rest.

- `import_job_list/get/create/start/stop`: the job operations (writes via `write`, so
  each is audited);
- `import_csv_header`: GetCSVHeader (reusing `users.user_csv_header`);
- `import_upload`: the HTTP PUT of the file to the job's presigned S3 URL, streamed
  from disk with exactly the one extra header the service signs;
- `import_log_events`: the job's CloudWatch Logs lines (failed and skipped rows).
"""

from __future__ import annotations

import http.client
import os
import re
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO

from django.conf import settings

from . import errors
from .records import ImportJob, Page
from .transport import call, every_item, list_page, made_recently, region_of, write
from .users import user_csv_header

#: The header S3 requires on the PUT (and signs). Anything else, Content-Type above
#: all, breaks the signature.
UPLOAD_HEADER = ("x-amz-server-side-encryption", "aws:kms")
#: How long a presigned upload URL stays valid.
UPLOAD_URL_LIFETIME = timedelta(minutes=15)
_CHUNK = 1 << 20


def _region(pool_id: str) -> str:
    return region_of(pool_id)


# --- jobs ---------------------------------------------------------------------------


def import_job_list(*, pool_id: str, limit: int = 60, token: str | None = None) -> Page[ImportJob]:
    """ListUserImportJobs, a page (1-60) at a time."""
    return list_page(
        "ListUserImportJobs",
        region=_region(pool_id),
        items_key="UserImportJobs",
        build=ImportJob.from_shape,
        limit=limit,
        token=token,
        UserPoolId=pool_id,
    )


def import_job_get(*, pool_id: str, job_id: str) -> ImportJob:
    """DescribeUserImportJob (NotFound once Cognito has forgotten the job)."""
    response = call(
        "DescribeUserImportJob", region=_region(pool_id), UserPoolId=pool_id, JobId=job_id
    )
    return ImportJob.from_shape(response["UserImportJob"])


def import_job_create(*, pool_id: str, name: str, role_arn: str) -> ImportJob:
    """CreateUserImportJob: a Created job with a presigned upload URL (15 minutes).

    Job names are not unique, so a retry after a lost answer would create a second job:
    the job of this name created just now is looked for first (ListUserImportJobs,
    `import_job_find`), and only if there is none is the request sent again.
    """
    since = time.time()
    response = write(
        "CreateUserImportJob",
        region=_region(pool_id),
        pool_id=pool_id,
        target_type="import_job",
        target_id=name,
        find=lambda: import_job_find(pool_id=pool_id, name=name, since=since),
        UserPoolId=pool_id,
        JobName=name,
        CloudWatchLogsRoleArn=role_arn,
    )
    return ImportJob.from_shape(response["UserImportJob"])


def import_job_find(*, pool_id: str, name: str, since: float) -> dict | None:
    """{"UserImportJob": shape} of the newest Created job named `name`, created at or
    after `since` (time.time(), with the clock slack of `made_recently`), or None.

    ListUserImportJobs, every page (newest first on AWS, so usually one call).
    """
    best = None
    jobs = every_item(
        "ListUserImportJobs",
        region=_region(pool_id),
        items_key="UserImportJobs",
        UserPoolId=pool_id,
    )
    for job in jobs:
        if (
            job.get("JobName") == name
            and job.get("Status") == "Created"
            and made_recently(job.get("CreationDate"), since)
            and (best is None or job["CreationDate"] > best["CreationDate"])
        ):
            best = job
    return {"UserImportJob": best} if best else None


def _job_write(operation: str, pool_id: str, job_id: str, done: frozenset[str]) -> ImportJob:
    def moved() -> dict | None:
        # A retry after a lost answer is refused (the job is no longer Created/running).
        shape = call(
            "DescribeUserImportJob", region=_region(pool_id), UserPoolId=pool_id, JobId=job_id
        )
        return shape if shape["UserImportJob"].get("Status") in done else None

    response = write(
        operation,
        region=_region(pool_id),
        pool_id=pool_id,
        target_type="import_job",
        target_id=job_id,
        verify=moved,
        UserPoolId=pool_id,
        JobId=job_id,
    )
    return ImportJob.from_shape(response["UserImportJob"])


def import_job_start(*, pool_id: str, job_id: str) -> ImportJob:
    """StartUserImportJob (only a Created job whose file was uploaded)."""
    return _job_write(
        "StartUserImportJob",
        pool_id,
        job_id,
        frozenset({"Pending", "InProgress", "Succeeded", "Failed", "Stopping", "Stopped"}),
    )


def import_job_stop(*, pool_id: str, job_id: str) -> ImportJob:
    """StopUserImportJob (Pending or InProgress). A stopped job cannot be restarted."""
    return _job_write("StopUserImportJob", pool_id, job_id, frozenset({"Stopping", "Stopped"}))


def import_csv_header(*, pool_id: str) -> list[str]:
    """GetCSVHeader: the exact columns an import file for this pool must have."""
    return user_csv_header(pool_id=pool_id)


# --- the upload -----------------------------------------------------------------------


class UploadFailed(errors.CognitoError):
    status = 502
    title = "The file could not be uploaded"
    advice = (
        "Nothing was imported. The upload URL is valid for 15 minutes after the job is "
        "created: create a new import job and upload the file again."
    )


def _s3_error(body: bytes) -> tuple[str, str]:
    text = body[:4096].decode("utf-8", "replace")
    code = re.search(r"<Code>([^<]*)</Code>", text)
    message = re.search(r"<Message>([^<]*)</Message>", text)
    return (code.group(1) if code else ""), (message.group(1) if message else "")


def import_upload(
    *,
    pool_id: str,
    job: ImportJob,
    file: IO[bytes],
    size: int | None = None,
    timeout: float | None = None,
) -> None:
    """PUT `file` to the job's presigned URL, streamed in 1 MB chunks.

    Exactly one extra header is sent, `x-amz-server-side-encryption: aws:kms`, beside
    the transport's own Host and Content-Length; no Content-Type (it breaks the
    signature). Raises UploadFailed (a CognitoError) with S3's reason on failure. The
    upload is recorded in the audit log like every other change.
    """
    from console.audit import record_event

    if size is None:
        size = os.fstat(file.fileno()).st_size
    audit = {"JobId": job.id, "Bytes": size}
    try:
        request_id = _put(job, file, size, timeout or settings.COGNITO_IMPORT_UPLOAD_TIMEOUT)
    except errors.CognitoError as exc:
        record_event(
            action="UploadImportFile",
            pool_id=pool_id,
            target_type="import_job",
            target_id=job.id,
            parameters=audit,
            outcome="failed",
            error_code=exc.code,
            error_message=exc.message,
            aws_request_id=exc.request_id,
        )
        raise
    record_event(
        action="UploadImportFile",
        pool_id=pool_id,
        target_type="import_job",
        target_id=job.id,
        parameters=audit,
        outcome="succeeded",
        aws_request_id=request_id,
    )


def _put(job: ImportJob, file: IO[bytes], size: int, timeout: float) -> str:
    """The PUT itself; the S3 request ID, or UploadFailed."""
    url = job.presigned_url
    if not url:
        raise UploadFailed(
            "Cognito gave no upload URL for this job.", code="NoUploadUrl", operation="PutObject"
        )
    if job.created is not None:
        created = job.created if job.created.tzinfo else job.created.replace(tzinfo=UTC)
        if datetime.now(UTC) - created > UPLOAD_URL_LIFETIME:
            raise UploadFailed(
                "The job's upload URL has expired (it is valid for 15 minutes).",
                code="UrlExpired",
                operation="PutObject",
            )
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.putrequest("PUT", target, skip_accept_encoding=True)
        conn.putheader("Content-Length", str(size))
        conn.putheader(*UPLOAD_HEADER)
        conn.endheaders()
        sent = 0
        while True:
            chunk = file.read(_CHUNK)
            if not chunk:
                break
            conn.send(chunk)
            sent += len(chunk)
        response = conn.getresponse()
        body = response.read(65536)
    except TimeoutError as exc:
        raise UploadFailed(
            f"The upload did not finish in time (no answer for {timeout:.0f} "
            f"second{'' if round(timeout) == 1 else 's'}).",
            code="Timeout",
            operation="PutObject",
        ) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise UploadFailed(
            f"The connection to the upload URL failed: {exc}.",
            code="ConnectionError",
            operation="PutObject",
        ) from exc
    finally:
        conn.close()
    request_id = response.getheader("x-amz-request-id", "") or ""
    if sent != size:
        raise UploadFailed(
            f"The file changed while it was uploaded ({sent} of {size} "
            f"byte{'' if size == 1 else 's'} sent).",
            code="SizeMismatch",
            operation="PutObject",
        )
    if response.status >= 300:
        code, message = _s3_error(body)
        if response.status == 403:
            raise UploadFailed(
                "S3 refused the upload (403"
                + (f" {code}" if code else "")
                + "): the URL may have expired, or the request did not match its signature.",
                code=code or "Forbidden",
                request_id=request_id,
                operation="PutObject",
            )
        raise UploadFailed(
            f"S3 answered HTTP {response.status}"
            + (f" {code}" if code else "")
            + (f": {message}" if message else "."),
            code=code or f"HTTP{response.status}",
            request_id=request_id,
            operation="PutObject",
        )
    return request_id


# --- CloudWatch Logs ------------------------------------------------------------------

_LOG_LINE = re.compile(
    r"^\[(?P<outcome>[A-Z]+)\]\s*(?:Line Number\s+(?P<line>\d+))?\s*(?:-\s*)?(?P<message>.*)$",
    re.S,
)


@dataclass(frozen=True)
class LogRow:
    outcome: str  # SUCCEEDED, SKIPPED, FAILED
    line: int | None
    message: str
    timestamp: datetime | None = None


@dataclass(frozen=True)
class LogResult:
    """Failed and skipped rows from the job's log stream, or why they cannot be read."""

    rows: tuple[LogRow, ...] = ()
    group: str = ""
    stream: str = ""
    reason: str = ""  # set when the log cannot be read
    truncated: bool = False
    scanned: int = 0


def import_log_names(*, pool_id: str, pool_name: str, job_id: str, job_name: str) -> tuple:
    """The log group and stream the service writes a job's lines to."""
    return f"/aws/cognito/userpools/{pool_id}/{pool_name}", f"{job_id}/{job_name}"


def parse_log_line(message: str) -> LogRow | None:
    match = _LOG_LINE.match(message.strip())
    if match is None:
        return None
    line = match.group("line")
    return LogRow(
        outcome=match.group("outcome"),
        line=int(line) if line else None,
        message=match.group("message").strip(),
    )


def import_log_events(
    *,
    pool_id: str,
    pool_name: str,
    job_id: str,
    job_name: str,
    max_rows: int = 500,
    max_pages: int = 5,
) -> LogResult:
    """GetLogEvents on the job's stream: its failed and skipped rows.

    Reads at most `max_pages` pages (10,000 lines each) and keeps at most `max_rows`
    rows; `truncated` says when there is more. If the console may not read the log
    (no logs:GetLogEvents), or the log does not exist yet, `reason` says so instead of
    raising.
    """
    group, stream = import_log_names(
        pool_id=pool_id, pool_name=pool_name, job_id=job_id, job_name=job_name
    )
    rows: list[LogRow] = []
    scanned = 0
    token = None
    truncated = False
    for _ in range(max_pages):
        params = {"logGroupName": group, "logStreamName": stream, "startFromHead": True}
        if token:
            params["nextToken"] = token
        try:
            response = call("GetLogEvents", region=_region(pool_id), service="logs", **params)
        except errors.NotAuthorized as exc:
            return LogResult(
                group=group,
                stream=stream,
                reason=(
                    "The console is not allowed to read the job's CloudWatch log "
                    f"({exc.message.rstrip('.')}). Give its AWS role the logs:GetLogEvents "
                    f"permission on the log group {group}."
                ),
            )
        except errors.NotFound:
            return LogResult(
                group=group,
                stream=stream,
                reason=(
                    "The job has written no CloudWatch log yet (the log stream does not exist). "
                    "Row results appear once the job has started processing rows, and only if "
                    "its CloudWatch Logs role lets Cognito write them."
                ),
            )
        except errors.CognitoError as exc:
            return LogResult(
                group=group, stream=stream, reason=f"The job's log could not be read: {exc.details}"
            )
        events = response.get("events") or []
        for event in events:
            scanned += 1
            row = parse_log_line(event.get("message", ""))
            if row is None or row.outcome == "SUCCEEDED":
                continue
            if len(rows) >= max_rows:
                truncated = True
                break
            stamp = event.get("timestamp")
            rows.append(
                LogRow(
                    outcome=row.outcome,
                    line=row.line,
                    message=row.message,
                    timestamp=datetime.fromtimestamp(stamp / 1000, UTC) if stamp else None,
                )
            )
        if truncated:
            break
        next_token = response.get("nextForwardToken")
        if not events or not next_token or next_token == token:
            break
        token = next_token
    else:
        truncated = True
    return LogResult(
        rows=tuple(rows), group=group, stream=stream, truncated=truncated, scanned=scanned
    )


def wait_for_terminal(*, pool_id: str, job_id: str, timeout: float = 10.0) -> ImportJob:
    """Poll DescribeUserImportJob until the job stops moving (tests and scripts)."""
    deadline = time.monotonic() + timeout
    while True:
        job = import_job_get(pool_id=pool_id, job_id=job_id)
        if not job.is_active or time.monotonic() > deadline:
            return job
        time.sleep(0.1)
