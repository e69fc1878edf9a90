"""CSV user import jobs: list, template, new import with its pre-flight check, job page.

Thin views: each binds a form or reads its arguments, calls one service
(pools.imports.services, console.cognito.imports) and renders.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from console import lists
from console.audit import record_event
from console.cognito import CognitoError
from console.cognito.imports import (
    import_csv_header,
    import_job_list,
    import_job_start,
    import_job_stop,
)
from console.connections.services import here
from console.csvsafe import neutralise_line
from console.forms import CONFIRM_POOL_NAME, PoolNameConfirmForm
from console.methods import post_or_back
from console.roles import OPERATOR, VIEWER, require_role
from console.shortcuts import pool_or_404

from . import services
from .csvcheck import MAX_FILE_BYTES, pool_blocker
from .forms import ImportChoiceForm, ImportForm
from .models import ImportRecord
from .tables import ImportJobTable

PAGE_SIZE = 20
HTMX_STOP_POLLING = 286
NEW = "pools/imports/new.html"
TOO_BIG = (
    "The file is larger than 100 MB, the most an import job takes. Split it into several files."
)
NO_VALID_ROWS = (
    "This file has no rows that can be imported, or its checked copy is gone. "
    "Upload the file again."
)
GONE = (
    "The {what} of this file are no longer kept: the console deletes the file's content "
    "once it is uploaded. Check the file again to get them."
)


def _detail(pool_id: str, job_id: str):
    return redirect("imports:detail", pool_id=pool_id, job_id=job_id)


@require_role(VIEWER)
def import_list(request, pool_id):
    """ListUserImportJobs, a page at a time, newest first within the page."""
    pool = pool_or_404(pool_id)
    page = lists.paged(
        request,
        scope=f"imports|{pool_id}|{PAGE_SIZE}",
        fetch=lambda token: import_job_list(pool_id=pool_id, limit=PAGE_SIZE, token=token),
    )
    jobs = services.newest_first(page.items)
    context = {
        "pool": pool,
        "tab": "imports",
        "page": page,
        "table": ImportJobTable(jobs, records=services.records_by_job(pool_id, jobs)),
    }
    return render(
        request, lists.list_template(request, "pools/imports/list.html", "results"), context
    )


@require_role(VIEWER)
def import_template(request, pool_id):
    """The pool's CSV header (GetCSVHeader) as a file to fill in."""
    pool = pool_or_404(pool_id)
    line = neutralise_line(",".join(import_csv_header(pool_id=pool_id))) + "\n"
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
    """The upload form; a POST checks the file, or imports a checked file's valid rows."""
    pool = pool_or_404(pool_id)
    blocker = pool_blocker(pool)
    context = {"pool": pool, "tab": "imports", "record": None, "report": None, "blocker": blocker}
    if blocker:  # said once, before any file: no check, no job, no Start
        return render(request, NEW, context, status=400 if request.method == "POST" else 200)
    if request.method != "POST":
        return render(request, NEW, context | {"form": ImportForm()})
    if "record" in request.POST:
        return _import_valid_rows(request, pool, context)
    if getattr(request, "import_too_big", False):
        # The size message alone: the fields after the file were never received.
        form = ImportForm(initial=_typed(request.POST))
        return render(request, NEW, context | {"form": form, "size_error": TOO_BIG}, status=400)
    return _check_file(request, pool, context)


def _typed(post) -> dict:
    """What the person typed besides the file, as initial values."""
    return {
        "job_name": post.get("job_name", ""),
        "role_arn": post.get("role_arn") or services.default_role_arn(),
        "mode": post.get("mode") or ImportForm.MODE_START,
    }


def _check_file(request, pool, context):
    """Check the uploaded file; create the job only if it has neither problems nor warnings."""
    form = context["form"] = ImportForm(request.POST, request.FILES, confirm_pool=pool)
    if not form.is_valid():
        return render(request, NEW, context, status=400)
    data = form.cleaned_data
    record = services.check_and_record(
        pool=pool,
        upload=data["csv_file"],
        user=request.user,
        job_name=data["job_name"],
        role_arn=data["role_arn"],
        start=data["mode"] == ImportForm.MODE_START,
    )
    context.update(record=record, report=record.report)
    if not record.report.ok or record.report.warning_rows:
        # Nothing goes to Cognito yet: fix the file, or choose to import the valid rows
        # (with their warnings seen first).
        context["form"] = ImportForm(initial={**data, "csv_file": None})
        return render(request, NEW, context)
    return _create_job(request, record, context, lambda message: form.add_error(None, message))


def _import_valid_rows(request, pool, context):
    """The choice after a report: import the checked file's valid rows as they are."""
    choice = ImportChoiceForm(request.POST, confirm_pool=pool)
    if not choice.is_valid() and "record" in choice.errors:
        raise Http404("No such checked file.")
    record = get_object_or_404(
        ImportRecord,
        pk=choice.cleaned_data["record"],
        connection=here(),
        pool_id=pool.id,
        upload=ImportRecord.Upload.CHECKED,
    )
    mode = ImportForm.MODE_START if record.start_after_upload else ImportForm.MODE_CREATE
    initial = {"job_name": record.job_name, "role_arn": record.role_arn, "mode": mode}
    context.update(record=record, report=record.report, form=ImportForm(initial=initial))
    if not record.report.can_import_valid_rows or not record.has_clean_file:
        return render(request, NEW, context | {"choice_error": NO_VALID_ROWS}, status=400)
    if choice.errors:  # a production pool's name, not typed (console.forms)
        problem = " ".join(choice.errors[CONFIRM_POOL_NAME])
        return render(request, NEW, context | {"choice_error": problem}, status=400)
    only_valid = record.report.problem_rows > 0
    return _create_job(
        request, record, context, lambda message: context.update(choice_error=message), only_valid
    )


def _create_job(request, record, context, on_error, only_valid: bool = False):
    """CreateUserImportJob and queue the upload; a Cognito error stays on the page."""
    request_id = getattr(request, "request_id", "")
    try:
        services.create_job(record, user=request.user, request_id=request_id, only_valid=only_valid)
    except CognitoError as exc:
        on_error(exc.details)
        return render(request, NEW, context, status=exc.status)
    messages.success(request, _queued_message(record))
    return _detail(record.pool_id, record.job_id)


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


def _csv_lines(file):
    """A stored CSV file (opened from storage), line by line, each line made inert for
    a spreadsheet; closed at the end.

    The console's pre-flight undoes the guard (console.csvsafe.restore_line), so the
    clean file can be uploaded again as it is.
    """
    with file:
        for raw in _lines(_blocks(file)):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            yield neutralise_line(line) + "\n"


def _lines(blocks):
    """Bytes blocks as lines split at LF only (a CR inside a quoted value stays)."""
    rest = b""
    for block in blocks:
        *lines, rest = (rest + block).split(b"\n")
        for line in lines:
            yield line + b"\n"
    if rest:
        yield rest


def _blocks(file):
    while block := file.read(1 << 16):
        yield block


def _file_blocks(file):
    """A stored file as it is, in 64 KB blocks, closed at the end (the rejected-rows
    report is written guarded: pools.imports.csvcheck writes every cell through
    console.csvsafe.neutralise)."""
    with file:
        yield from _blocks(file)


def _csv_download(record, which: str, filename: str, *, report: bool = False, gone: str):
    """Stream the import's file `which` ("rejected" or "clean") from storage (never a
    URL to it: the view has checked the role), audited as "DownloadImportRejectedRows"
    or "DownloadImportValidRows": both hold users' data.

    The file is opened before the response starts, so one deleted meanwhile is a 404
    saying so (`gone`), not a cut-off download.
    """
    try:
        file = record.open_rejected() if which == "rejected" else record.open_clean()
    except FileNotFoundError as exc:
        raise Http404(gone) from exc
    record_event(
        action="DownloadImportRejectedRows" if which == "rejected" else "DownloadImportValidRows",
        outcome="succeeded",
        pool_id=record.pool_id,
        target_type="import",
        target_id=record.job_id or str(record.pk),
        parameters={"File": record.file_name},
    )
    lines = _file_blocks(file) if report else _csv_lines(file)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@require_role(OPERATOR)
def import_rejected(request, pool_id, pk):
    """The rejected rows as a report to read (not an import file): RFC 4180 CSV with
    columns line, reason, the pool's columns (the values as the check read them) and
    the whole line where its values do not fit the columns."""
    record = get_object_or_404(ImportRecord, pk=pk, connection=here(), pool_id=pool_id)
    gone = GONE.format(what="rejected rows")
    if not record.rejected_file:
        raise Http404(gone)
    stem = Path(record.file_name).stem or "import"
    return _csv_download(record, "rejected", f"{stem}-rejected.csv", report=True, gone=gone)


@require_role(OPERATOR)
def import_clean(request, pool_id, pk):
    """The checked file's valid rows: what is (or would be) uploaded to Cognito, except
    that a cell a spreadsheet would run as a formula gets a leading ' here (the
    pre-flight removes it again, so this file can be uploaded as it is)."""
    record = get_object_or_404(ImportRecord, pk=pk, connection=here(), pool_id=pool_id)
    gone = GONE.format(what="valid rows")
    if not record.clean_file:
        raise Http404(gone)
    stem = Path(record.file_name).stem or "import"
    return _csv_download(record, "clean", f"{stem}-valid-rows.csv", gone=gone)


# --- the job page -----------------------------------------------------------------


def _job_context(state: services.JobState, *, with_logs: bool) -> dict:
    context = state.context() | {"tab": "imports", "logs": None}
    if with_logs and state.has_logs:
        context["logs"] = services.job_log_rows(state)
    return context


@require_role(VIEWER)
def import_detail(request, pool_id, job_id):
    state = services.job_state(pool_id=pool_id, job_id=job_id)
    return render(request, "pools/imports/detail.html", _job_context(state, with_logs=True))


@require_role(VIEWER)
def import_status(request, pool_id, job_id):
    """The polled part of the job page; HTTP 286 tells htmx to stop at a terminal status."""
    state = services.job_state(pool_id=pool_id, job_id=job_id)
    context = _job_context(state, with_logs=not state.polling)
    response = render(request, "pools/imports/detail.html#job-status", context)
    if not state.polling:
        response.status_code = HTMX_STOP_POLLING
    return response


@require_role(OPERATOR)
@post_or_back("imports:detail")
def import_start(request, pool_id, job_id):
    state = services.job_state(pool_id=pool_id, job_id=job_id)
    if not state.can_start:
        refusal = "Only a Created job whose file has been uploaded can be started."
        messages.error(request, state.blocker or refusal)
        return _detail(pool_id, job_id)
    confirm = PoolNameConfirmForm(request.POST, confirm_pool=pool_or_404(pool_id))
    if not confirm.is_valid():  # a production pool: its name typed (console.forms)
        messages.error(request, " ".join(confirm.errors[CONFIRM_POOL_NAME]))
        return _detail(pool_id, job_id)
    try:
        import_job_start(pool_id=pool_id, job_id=job_id)
    except CognitoError as exc:
        messages.error(request, f"{exc.lead('The job did not start')}: {exc.details}")
    else:
        messages.success(request, f"Import job {job_id} started.")
    return _detail(pool_id, job_id)


@require_role(OPERATOR)
@post_or_back("imports:detail")
def import_stop(request, pool_id, job_id):
    state = services.job_state(pool_id=pool_id, job_id=job_id)
    if not state.can_stop:
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
