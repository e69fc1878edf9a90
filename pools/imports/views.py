"""CSV user import jobs: list, template, new import with its pre-flight check, job page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from console import lists
from console.cognito import CognitoError, InvalidInput, NotFound
from console.cognito.imports import (
    import_csv_header,
    import_job_get,
    import_job_list,
    import_job_start,
    import_job_stop,
    import_log_events,
)
from console.cognito.pools import pool_get
from console.cognito.records import ACTIVE_JOB_STATUSES
from console.csvsafe import neutralise_line
from console.roles import OPERATOR, VIEWER, require_role
from pools.csvcheck import MAX_FILE_BYTES, pool_blocker

from .forms import ImportChoiceForm, ImportForm
from .models import ImportRecord
from .services import check_and_record, create_job
from .tables import ImportJobTable

PAGE_SIZE = 20
TERMINAL = frozenset({"Stopped", "Succeeded", "Failed", "Expired"})
HTMX_STOP_POLLING = 286


def _detail(pool_id: str, job_id: str):
    return redirect("imports:detail", pool_id=pool_id, job_id=job_id)


@require_role(VIEWER)
def import_list(request, pool_id):
    pool = pool_get(pool_id=pool_id)
    scope = f"imports|{pool_id}|{PAGE_SIZE}"
    error = None
    try:
        cursor = lists.open_cursor(scope, request.GET.get(lists.CURSOR_PARAM))
    except lists.StaleCursor as exc:
        error = exc.message
        cursor = lists.open_cursor(scope, None)
    try:
        page = import_job_list(pool_id=pool_id, limit=PAGE_SIZE, token=cursor.token)
    except InvalidInput as exc:
        if "token" not in exc.message.lower():
            raise
        error = lists.StaleCursor.message
        cursor = lists.open_cursor(scope, None)
        page = import_job_list(pool_id=pool_id, limit=PAGE_SIZE, token=None)
    oldest = datetime.min.replace(tzinfo=UTC)
    jobs = sorted(page.items, key=lambda job: job.created or oldest, reverse=True)
    records = {
        r.job_id: r
        for r in ImportRecord.objects.filter(
            pool_id=pool_id, job_id__in=[job.id for job in jobs]
        ).select_related("created_by")
    }
    context = {
        "pool": pool,
        "tab": "imports",
        "table": ImportJobTable(jobs, records=records),
        "links": lists.page_links(request.path, {}, cursor, page.next_token),
        "cursor_error": error,
    }
    template = "pools/imports/list.html#import-jobs" if request.htmx else "pools/imports/list.html"
    return render(request, template, context)


@require_role(VIEWER)
def import_template(request, pool_id):
    pool = pool_get(pool_id=pool_id)
    header = import_csv_header(pool_id=pool_id)
    line = neutralise_line(",".join(header)) + "\n"
    response = HttpResponse(line, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{pool.name}-import-template.csv"
    )
    return response


class _SizeLimit(FileUploadHandler):
    """Stop receiving a file past the 100 MB limit instead of writing it all to disk."""

    def __init__(self, request=None, limit: int = MAX_FILE_BYTES) -> None:
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.import_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt  # the upload-size handler must be in place before the CSRF check reads POST
def import_new(request, pool_id):
    if request.method == "POST":
        request.upload_handlers.insert(0, _SizeLimit(request, settings.COGNITO_IMPORT_MAX_BYTES))
    return _import_new(request, pool_id)


import_new.required_role = OPERATOR


@csrf_protect
@require_role(OPERATOR)
def _import_new(request, pool_id):
    pool = pool_get(pool_id=pool_id)
    blocker = pool_blocker(pool)
    context = {"pool": pool, "tab": "imports", "record": None, "report": None, "blocker": blocker}
    if blocker:  # said once, before any file: no check, no job, no Start
        status = 400 if request.method == "POST" else 200
        return render(request, "pools/imports/new.html", context, status=status)
    if request.method == "POST" and "record" in request.POST:
        return _import_valid_rows(request, pool, context)
    if request.method != "POST":
        context["form"] = ImportForm()
        return render(request, "pools/imports/new.html", context)
    if getattr(request, "import_too_big", False):
        return _too_big(request, context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "pools/imports/new.html", context, status=400)
    data = form.cleaned_data
    header = import_csv_header(pool_id=pool_id)
    record = check_and_record(
        pool=pool,
        header=header,
        upload=data["csv_file"],
        user=request.user,
        job_name=data["job_name"],
        role_arn=data["role_arn"],
        start=data["mode"] == ImportForm.MODE_START,
    )
    report = record.report
    context.update(record=record, report=report)
    if not report.ok or report.warning_rows:
        # Nothing goes to Cognito yet: fix the file, or choose to import the valid rows
        # (with their warnings seen first).
        context["form"] = ImportForm(initial={**data, "csv_file": None})
        return render(request, "pools/imports/new.html", context)
    try:
        create_job(record, user=request.user, request_id=getattr(request, "request_id", ""))
    except CognitoError as exc:
        form.add_error(None, exc.details)
        return render(request, "pools/imports/new.html", context, status=exc.status)
    messages.success(request, _queued_message(record))
    return _detail(pool.id, record.job_id)


def _too_big(request, context):
    """The size message alone: the fields after the file were never received."""
    post = request.POST
    context["form"] = ImportForm(
        initial={
            "job_name": post.get("job_name", ""),
            "role_arn": post.get("role_arn") or settings.COGNITO_IMPORT_ROLE_ARN,
            "mode": post.get("mode") or ImportForm.MODE_START,
        }
    )
    context["size_error"] = (
        "The file is larger than 100 MB, the most an import job takes. Split it into several files."
    )
    return render(request, "pools/imports/new.html", context, status=400)


def _import_valid_rows(request, pool, context):
    choice = ImportChoiceForm(request.POST)
    if not choice.is_valid():
        raise Http404("No such checked file.")
    record = get_object_or_404(
        ImportRecord,
        pk=choice.cleaned_data["record"],
        pool_id=pool.id,
        upload=ImportRecord.Upload.CHECKED,
    )
    report = record.report
    context.update(record=record, report=report)
    context["form"] = ImportForm(
        initial={
            "job_name": record.job_name,
            "role_arn": record.role_arn,
            "mode": ImportForm.MODE_START if record.start_after_upload else ImportForm.MODE_CREATE,
        }
    )
    if not report.can_import_valid_rows or not record.has_clean_file:
        context["choice_error"] = (
            "This file has no rows that can be imported, or its checked copy is gone. "
            "Upload the file again."
        )
        return render(request, "pools/imports/new.html", context, status=400)
    try:
        create_job(
            record,
            user=request.user,
            request_id=getattr(request, "request_id", ""),
            only_valid=report.problem_rows > 0,
        )
    except CognitoError as exc:
        context["choice_error"] = exc.details
        return render(request, "pools/imports/new.html", context, status=exc.status)
    messages.success(request, _queued_message(record))
    return _detail(pool.id, record.job_id)


def _queued_message(record: ImportRecord) -> str:
    """What has happened so far: the job exists; the upload (and the start) are to come."""
    then = (
        " The job will be started once the upload is done; this page says when it has."
        if record.start_after_upload
        else " The job is not started: start it here once the upload is done."
    )
    rows = ngettext("%(n)s row", "%(n)s rows", record.valid_count) % {
        "n": f"{record.valid_count:,}"
    }
    return (
        f"Import job {record.job_id} created in Cognito. Its file ({rows}) is waiting to be "
        f"uploaded.{then}"
    )


def _csv_lines(path: str):
    """A spooled CSV file, line by line, each line made inert for a spreadsheet.

    The console's pre-flight undoes the guard (console.csvsafe.restore_line), so the
    clean file can be uploaded again as it is.
    """
    with open(path, "rb") as file:
        for raw in file:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            yield neutralise_line(line) + "\n"


def _file_blocks(path: str):
    """A spooled file as it is, in 64 KB blocks (the rejected-rows report is written
    guarded: pools.csvcheck writes every cell through console.csvsafe.neutralise)."""
    with open(path, "rb") as file:
        while block := file.read(1 << 16):
            yield block


def _csv_download(path: str, filename: str, *, report: bool = False) -> StreamingHttpResponse:
    lines = _file_blocks(path) if report else _csv_lines(path)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@require_role(OPERATOR)
def import_rejected(request, pool_id, pk):
    """The rejected rows as a report to read (not an import file): RFC 4180 CSV with
    columns line, reason, the pool's columns (the values as the check read them) and
    the whole line where its values do not fit the columns."""
    record = get_object_or_404(ImportRecord, pk=pk, pool_id=pool_id)
    if not record.has_rejected_file:
        raise Http404(
            "The rejected rows of this file are no longer kept: the console deletes the file's "
            "content once it is uploaded. Check the file again to get them."
        )
    stem = Path(record.file_name).stem or "import"
    return _csv_download(record.rejected_path, f"{stem}-rejected.csv", report=True)


@require_role(OPERATOR)
def import_clean(request, pool_id, pk):
    """The checked file's valid rows: what is (or would be) uploaded to Cognito, except
    that a cell a spreadsheet would run as a formula gets a leading ' here (the
    pre-flight removes it again, so this file can be uploaded as it is)."""
    record = get_object_or_404(ImportRecord, pk=pk, pool_id=pool_id)
    if not record.has_clean_file:
        raise Http404(
            "The valid rows of this file are no longer kept: the console deletes the file's "
            "content once it is uploaded. Check the file again to get them."
        )
    stem = Path(record.file_name).stem or "import"
    return _csv_download(record.clean_path, f"{stem}-valid-rows.csv")


# --- the job page -----------------------------------------------------------------


def _job_context(request, pool_id: str, job_id: str, *, with_logs: bool) -> dict:
    record = (
        ImportRecord.objects.filter(pool_id=pool_id, job_id=job_id)
        .select_related("created_by")
        .first()
    )
    job = None
    gone = unreadable = ""
    try:
        job = import_job_get(pool_id=pool_id, job_id=job_id)
    except NotFound as exc:
        if record is None:
            raise
        gone = exc.message
    except CognitoError as exc:
        # One failed read says nothing about the import: show the record, keep polling.
        if record is None:
            raise
        unreadable = exc.details
    try:
        pool = pool_get(pool_id=pool_id)
    except CognitoError:
        if record is None:
            raise
        pool = SimpleNamespace(id=pool_id, name=record.pool_name)
    blocker = pool_blocker(pool) if not isinstance(pool, SimpleNamespace) else ""
    uploading = record is not None and record.upload == ImportRecord.Upload.QUEUED
    polling = (job is not None and job.status in ACTIVE_JOB_STATUSES) or uploading
    polling = polling or bool(unreadable)
    processed = 0
    if job is not None:
        processed = job.imported + job.skipped + job.failed
    total = record.uploaded_rows if record and record.uploaded_rows else 0
    context = {
        "pool": pool,
        "tab": "imports",
        "job": job,
        "job_id": job_id,
        "record": record,
        "report": record.report if record else None,
        "gone": gone,
        "unreadable": unreadable,
        "uploading": uploading,
        "polling": polling,
        "processed": processed,
        "total": total,
        "percent": min(100, round(100 * processed / total)) if total else None,
        "blocker": blocker,
        "can_start": job is not None
        and not blocker
        and job.status == "Created"
        and (record is None or record.upload == ImportRecord.Upload.UPLOADED),
        "can_stop": job is not None and job.status in ("Pending", "InProgress"),
        "logs": None,
    }
    if with_logs and job is not None and job.status not in ("Created", "Expired"):
        context["logs"] = _log_rows(pool, job, record)
    return context


def _log_rows(pool, job, record):
    result = import_log_events(
        pool_id=job.pool_id or pool.id,
        pool_name=pool.name,
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


@require_role(VIEWER)
def import_detail(request, pool_id, job_id):
    context = _job_context(request, pool_id, job_id, with_logs=True)
    return render(request, "pools/imports/detail.html", context)


@require_role(VIEWER)
def import_status(request, pool_id, job_id):
    """The polled part of the job page; HTTP 286 tells htmx to stop at a terminal status."""
    context = _job_context(request, pool_id, job_id, with_logs=False)
    job = context["job"]
    if not context["polling"] and job is not None and job.status not in ("Created", "Expired"):
        context["logs"] = _log_rows(context["pool"], job, context["record"])
    response = render(request, "pools/imports/detail.html#job-status", context)
    if not context["polling"]:
        response.status_code = HTMX_STOP_POLLING
    return response


@require_POST
@require_role(OPERATOR)
def import_start(request, pool_id, job_id):
    context = _job_context(request, pool_id, job_id, with_logs=False)
    if not context["can_start"]:
        messages.error(
            request,
            context["blocker"] or "Only a Created job whose file has been uploaded can be started.",
        )
        return _detail(pool_id, job_id)
    try:
        import_job_start(pool_id=pool_id, job_id=job_id)
    except CognitoError as exc:
        messages.error(request, f"{exc.lead('The job did not start')}: {exc.details}")
    else:
        messages.success(request, f"Import job {job_id} started.")
    return _detail(pool_id, job_id)


@require_POST
@require_role(OPERATOR)
def import_stop(request, pool_id, job_id):
    context = _job_context(request, pool_id, job_id, with_logs=False)
    if not context["can_stop"]:
        messages.error(request, "Only a Pending or InProgress job can be stopped.")
        return _detail(pool_id, job_id)
    try:
        import_job_stop(pool_id=pool_id, job_id=job_id)
    except CognitoError as exc:
        messages.error(request, f"{exc.lead('The job was not stopped')}: {exc.details}")
    else:
        messages.success(
            request, f"Import job {job_id} stopped. A stopped job cannot be started again."
        )
    return _detail(pool_id, job_id)
