"""The users CSV export, a background job (Django's Tasks framework, console.jobs).

The file is Cognito's import format (GetCSVHeader's columns), or "full" with the status,
dates and groups of each user. The web request only starts the job (`export_start`);
the `export_users` @task writes the CSV, a ListUsers page (60 users) at a time, into a
private temporary file of this process (`spool_dir`: mkdtemp, mode 0700; the file is
0600 and unlinked), then saves it to Django's default storage as
`exports/<pool_id>/<job pk>-<random>.csv`. The job's progress (`done`: users written,
`total`: the pool's EstimatedNumberOfUsers, an estimate) is saved after every page.

A finished export can be downloaded for EXPORT_KEEP_HOURS hours, by the staff member
who asked for it or an Admin; `discard_expired` (the worker's sweep) then deletes the
file. An export cut short by an error fails with the reason and keeps no file: nothing
incomplete is ever offered for download. Each export that ends is audited
("ExportUsers": who, which pool, which filter (Cognito's syntax and the list's words),
how many rows), each download too.
"""

from __future__ import annotations

import logging
import re
import secrets
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import task

from console import jobs
from console.audit import record_event
from console.cognito import CognitoError
from console.cognito.groups import group_membership
from console.cognito.pools import pool_get
from console.cognito.quota import retry_throttled
from console.cognito.records import Page, User
from console.cognito.users import user_csv_header, user_list
from console.connections.services import here
from console.csvsafe import escape_value, import_line, import_value, neutralise_line
from console.jobs import JobCancelled, JobTakenOver, Outcome, checkpoint
from console.models import Job
from console.roles import ADMIN, has_role
from console.spool import private_dir

from .services import FormAlreadyUsed, same_request

log = logging.getLogger(__name__)

KIND = "users.export"
#: The export's two forms: Cognito's import format, or that plus FULL_COLUMNS.
KINDS = {"import": "import format", "full": "full"}
FULL_COLUMNS = ("status", "enabled", "created", "modified", "groups")
#: Users per ListUsers page (Cognito's most); the job saves its progress every page.
PAGE = 60
#: The folder in default storage that holds finished exports: exports/<pool_id>/<name>.
STORAGE_DIR = "exports"
SPOOL_PREFIX = "cognito-console-exports-"
_NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")


# --- The CSV ------------------------------------------------------------------------


def csv_cell(value: str) -> str:
    """A value in Cognito's import format, neutralised against formula injection
    (console.csvsafe: the import dialect, and a guard on every comma-separated cell)."""
    return neutralise_line(escape_value(value))


def csv_line(values) -> str:
    """One CSV line (with its newline) in the import dialect, every cell guarded."""
    return import_line(values)


def _iso(value) -> str:
    if not isinstance(value, datetime):
        return ""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _import_values(user: User, header: list[str]) -> list[str]:
    values = []
    for column in header:
        if column == "cognito:username":
            values.append(user.username)
        elif column == "cognito:mfa_enabled":
            values.append("true" if (user.mfa_options or user.mfa_settings) else "false")
        else:
            values.append(import_value(column, user.attributes.get(column, "")))
    return values


def _full_values(user: User, groups: dict[str, list[str]]) -> list[str]:
    return [
        user.status,
        "true" if user.enabled else "false",
        _iso(user.created),
        _iso(user.modified),
        ";".join(groups.get(user.username, ())),
    ]


def user_pages(*, pool_id: str, filter_text: str) -> Iterator[Page[User]]:
    """Every page of ListUsers for the filter (PAGE users each), a page retried while
    Cognito throttles it (quota.retry_throttled). Raises CognitoError at the page
    where one happens."""
    token = None
    while True:
        page, _ = retry_throttled(
            lambda token=token: user_list(
                pool_id=pool_id, filter=filter_text, limit=PAGE, token=token
            )
        )
        yield page
        token = page.next_token
        if not token:
            return


def export_pages(*, pool_id: str, filter_text: str, full: bool) -> Iterator[list[str]]:
    """The CSV as lists of lines: first [the header line], then one list per ListUsers
    page (up to PAGE lines, one per user; the last page may be empty).

    `full` adds FULL_COLUMNS; the groups come from the pool's membership read fresh
    (console.cognito.groups.group_membership: ListGroups + ListUsersInGroup per group).
    Raises CognitoError where it happens (GetCSVHeader, the membership, a page).
    """
    header = user_csv_header(pool_id=pool_id)
    groups = group_membership(pool_id=pool_id, fresh=True).user_groups() if full else {}
    yield [csv_line([*header, *FULL_COLUMNS] if full else header)]
    for page in user_pages(pool_id=pool_id, filter_text=filter_text):
        if full:
            yield [csv_line(_import_values(u, header) + _full_values(u, groups)) for u in page]
        else:
            yield [csv_line(_import_values(u, header)) for u in page]


def export_rows(*, pool_id: str, filter_text: str, full: bool) -> Iterator[str]:
    """The CSV, a line at a time (the header first), one ListUsers page in memory at a
    time. Raises CognitoError where it happens."""
    for lines in export_pages(pool_id=pool_id, filter_text=filter_text, full=full):
        yield from lines


# --- The job ------------------------------------------------------------------------


def spool_dir() -> Path:
    """This process's private folder for exports being written
    (console.spool.private_dir: mkdtemp, mode 0700, removed at exit)."""
    return private_dir(SPOOL_PREFIX)


@task()
def export_users(job_id: int) -> str:
    """Write export `job_id` (a Job of kind "users.export") to storage; returns its status.

    A run resumed after its worker died (console.jobs.resume_stalled) starts the file
    again from the top: the lost run's half-written file was private to its process and
    went with it, and ListUsers' page tokens do not outlive a run.
    """
    return jobs.run(job_id, _export_users)


def _export_users(job: Job) -> Outcome | None:
    params = job.params
    pool_id, full = params["pool_id"], params.get("kind") == "full"
    job.state = {}  # from the top (see export_users)
    rows = 0
    try:
        estimate = pool_get(pool_id=pool_id).estimated_users
        checkpoint(job, done=0, total=estimate)
        with tempfile.TemporaryFile("w+b", dir=spool_dir()) as out:
            pages = export_pages(pool_id=pool_id, filter_text=params.get("filter", ""), full=full)
            out.write("".join(next(pages)).encode())
            for lines in pages:
                out.write("".join(lines).encode())
                rows += len(lines)
                checkpoint(job, done=rows, total=max(estimate, rows))
            out.seek(0)
            with jobs.beating(job):  # a big file to S3 takes a while
                name = default_storage.save(_file_name(job), File(out, name="export.csv"))
        job.state.update(file=name, rows=rows)
        try:
            checkpoint(job, done=rows, total=rows)
        except (JobCancelled, JobTakenOver):
            default_storage.delete(name)  # cancelled at the last moment: nothing kept
            raise
    except (JobCancelled, JobTakenOver):
        raise
    except CognitoError as exc:
        message = (
            ngettext(
                "The export stopped after %(rows)s user",
                "The export stopped after %(rows)s users",
                rows,
            )
            % {"rows": f"{rows:,}"}
            + f": {exc.lead()}: {exc.details} No file is kept; start a new export."
        )
        _audit(job, "failed", rows, code=exc.code, message=message)
        return Outcome(Job.Status.FAILED, message)
    except Exception as exc:
        _audit(job, "failed", rows, code=type(exc).__name__, message=str(exc))
        raise
    _audit(job, "succeeded", rows)
    return None


def _file_name(job: Job) -> str:
    return f"{STORAGE_DIR}/{job.params['pool_id']}/{job.pk}-{secrets.token_hex(8)}.csv"


def _audit(job: Job, outcome: str, rows: int, *, code: str = "", message: str = "") -> None:
    record_event(
        action="ExportUsers",
        outcome=outcome,
        pool_id=job.params["pool_id"],
        target_type="export",
        target_id=str(job.pk),
        parameters={
            "Filter": job.params.get("filter", ""),  # exact, Cognito's syntax
            "FilterWords": job.params.get("filter_words", ""),
            "Kind": job.params.get("kind", "import"),
            "Rows": rows,
        },
        error_code=code,
        error_message=message,
    )


# --- Starting, reading, cancelling, expiring ------------------------------------------


def valid_nonce(nonce: str) -> bool:
    """True for a form's nonce the export accepts (8 to 64 letters, digits, - or _)."""
    return bool(_NONCE.fullmatch(nonce or ""))


def export_start(
    *,
    staff,
    request_id: str,
    pool_id: str,
    kind: str,
    filter_text: str,
    query: str,
    nonce: str,
    filter_words: str = "",
) -> Job:
    """Start an export of the users matching `filter_text` (ListUsers' Filter), `kind`
    "import" or "full". `query` is the users list's query string for that filter (to
    show it and to export again), `filter_words` the same filter in the list's words
    (users.forms.filter_words: 'email starts with “ann”'; "" for no filter), kept for
    the export's pages and audit event. The same form sent twice (its `nonce`) is the
    same job. Raises ValueError for an unknown kind or a malformed nonce, and
    users.services.FormAlreadyUsed (a ValueError) when the form's nonce already
    started an export of another pool or filter: nothing starts."""
    if kind not in KINDS:
        raise ValueError(f"Unknown export kind {kind!r}: choose import format or full.")
    if not valid_nonce(nonce):
        raise ValueError("The form came back incomplete; reload the users list.")
    params = {"pool_id": pool_id, "kind": kind, "filter": filter_text, "query": query}
    params["filter_words"] = filter_words  # not compared: the filter says the same
    job = jobs.start(
        task=export_users,
        kind=KIND,
        key=f"{KIND}:{staff.pk}:{kind}:{nonce}",
        params=params,
        user=staff,
        request_id=request_id,
    )
    if job.kind != KIND or not same_request(job, params, ("pool_id", "kind", "filter")):
        what = f"export #{job.pk} ({KINDS.get(job.params.get('kind'), '?')})"
        raise FormAlreadyUsed(job, what, "Reload the page to start another.")
    return job


def filter_words_of(job: Job) -> str:
    """Export `job`'s filter in the list's words ('email starts with “ann”'); for an
    export started before the words were kept, its ListUsers filter as it is; "" for
    every user of the pool."""
    return job.params.get("filter_words") or job.params.get("filter", "")


def export_job(pool_id: str, pk: int) -> Job | None:
    """Export `pk` of this pool, or None."""
    return Job.objects.filter(pk=pk, kind=KIND, connection=here(), params__pool_id=pool_id).first()


def may_open(staff, job: Job) -> bool:
    """Only the staff member who asked for the export, or an Admin, may see or fetch it."""
    mine = job.created_by_id is not None and job.created_by_id == staff.pk
    return mine or has_role(staff, ADMIN)


def recent_exports(staff, pool_id: str, *, limit: int = 10) -> list[Job]:
    """The pool's latest exports that `staff` may open (their own; an Admin's: all)."""
    found = Job.objects.filter(kind=KIND, connection=here(), params__pool_id=pool_id)
    if not has_role(staff, ADMIN):
        found = found.filter(created_by_id=staff.pk)
    return list(found.select_related("created_by")[:limit])


def keep_hours() -> int | float:
    """EXPORT_KEEP_HOURS, as a person reads it (24, not 24.0)."""
    hours = settings.EXPORT_KEEP_HOURS
    return int(hours) if float(hours).is_integer() else hours


def expires_at(job: Job) -> datetime | None:
    """When a finished export's file is deleted, or None while it runs."""
    if job.finished is None:
        return None
    return job.finished + timedelta(hours=settings.EXPORT_KEEP_HOURS)


def is_expired(job: Job) -> bool:
    """True once the export's file was deleted, or is past its time (the sweep deletes
    it soon)."""
    when = expires_at(job)
    return bool(job.state.get("expired")) or (when is not None and when <= timezone.now())


def downloadable(job: Job) -> bool:
    """True for a complete export whose file is still kept."""
    return (
        job.status == Job.Status.SUCCEEDED and bool(job.state.get("file")) and not is_expired(job)
    )


def download_name(job: Job) -> str:
    """users-<pool_id>-<kind>-<stamp>.csv, the stamp the export's end (UTC)."""
    stamp = (job.finished or job.created).astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    return f"users-{job.params['pool_id']}-{job.params.get('kind', 'import')}-{stamp}.csv"


def open_export(job: Job):
    """The export's file, opened (binary) from storage, with the download audited
    ("DownloadExport"). Call only when `downloadable(job)`."""
    file = default_storage.open(job.state["file"], "rb")
    record_event(
        action="DownloadExport",
        outcome="succeeded",
        pool_id=job.params["pool_id"],
        target_type="export",
        target_id=str(job.pk),
        parameters={"Kind": job.params.get("kind", "import"), "Rows": job.state.get("rows", 0)},
    )
    return file


def export_cancel(job: Job) -> bool:
    """Stop an export that is queued or running (audited as "CancelExport"); True when
    it was still going. No file is kept."""
    stopped = jobs.cancel(job)
    if stopped:
        record_event(
            action="CancelExport",
            outcome="succeeded",
            pool_id=job.params["pool_id"],
            target_type="export",
            target_id=str(job.pk),
            parameters={
                "Filter": job.params.get("filter", ""),
                "FilterWords": job.params.get("filter_words", ""),
                "Kind": job.params.get("kind"),
            },
        )
    return stopped


def export_progress(job: Job) -> dict:
    """The status page's facts: the job, its kind's label, its filter in words
    (`filter_words_of`), the percent for the bar (the total is an estimate: at most 99
    while it runs), whether it can be downloaded, when it expires and whether it has."""
    if job.is_finished:
        percent = 100
    else:
        percent = min(99, int(100 * job.done / job.total)) if job.total else 0
    return {
        "export": job,
        "kind_label": KINDS.get(job.params.get("kind"), "?"),
        "filter_words": filter_words_of(job),
        "percent": percent,
        "downloadable": downloadable(job),
        "expires": expires_at(job) if job.status == Job.Status.SUCCEEDED else None,
        "expired": job.status == Job.Status.SUCCEEDED and is_expired(job),
        "rows": job.state.get("rows", job.done),
    }


def discard_expired(*, now: datetime | None = None) -> int:
    """Delete from storage the files of exports older than EXPORT_KEEP_HOURS and mark
    them expired; then files under exports/ that no export names (a run cut off between
    saving its file and recording it), once that old. Returns how many exports expired.
    Called by the worker's sweep (users.tasks.sweep)."""
    now = now or timezone.now()
    before = now - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    expired = 0
    for job in Job.objects.filter(kind=KIND, finished__lt=before).exclude(state__has_key="expired"):
        name = job.state.get("file")
        if name:
            default_storage.delete(name)
        state = {k: v for k, v in job.state.items() if k != "file"}
        Job.objects.filter(pk=job.pk).update(state={**state, "expired": True})
        expired += 1
    _discard_orphans(before)
    return expired


def _discard_orphans(before: datetime) -> None:
    known = set()
    having = Job.objects.filter(kind=KIND, state__has_key="file")
    for state in having.values_list("state", flat=True).iterator():
        known.add(state["file"])
    try:
        pools, _ = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for pool in pools:
        for filename in default_storage.listdir(f"{STORAGE_DIR}/{pool}")[1]:
            name = f"{STORAGE_DIR}/{pool}/{filename}"
            if name in known:
                continue
            try:
                old = default_storage.get_modified_time(name) < before
            except (FileNotFoundError, NotImplementedError):
                continue
            if old:
                log.warning("Deleting export file %s: no export names it.", name)
                default_storage.delete(name)
