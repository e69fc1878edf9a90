"""Bulk actions on users: the `bulk_users` @task (Django's Tasks framework).

The job first records its users as items (console.models.JobItem): the selection, or
every user matching the filter up to BULK_CAP. It then acts on each user once, each
Cognito call waiting for the console's share of the account's quota
(console.cognito.quota) and retried while Cognito still throttles it. Each user's
outcome is saved as it goes, so a resumed job skips users already done. The user in
flight is saved before its call: a job resumed after its worker died sends that one
again under `resending()`, so a refusal that is the first send's own change (the user
already deleted) is read back and counted as done.

The job is "Succeeded" only when every user succeeded; otherwise "Finished with
errors" or, when none succeeded, "Failed". `bulk_retry_failed` starts a new job for
the users that failed or were not done.
"""

from __future__ import annotations

import contextlib
import time

from django.utils.translation import ngettext
from django_tasks import task

from console import jobs
from console.audit import record_event
from console.cognito import CognitoError, NotAuthorized, Throttled, Unavailable
from console.cognito.groups import group_add_user, group_remove_user
from console.cognito.quota import retry_throttled
from console.cognito.transport import resending
from console.cognito.users import (
    user_delete,
    user_disable,
    user_enable,
    user_iter,
    user_reset_password,
    user_sign_out,
)
from console.jobs import Outcome, checkpoint
from console.models import Job, JobItem
from console.roles import ADMIN, has_role

from .forms import BULK_ACTIONS, BULK_CAP
from .invitations.services import resend_invitation
from .search.services import forget_user

KIND = "users.bulk"

#: action -> function(pool_id, username, group): one Cognito call for one user.
OPERATIONS = {
    "enable": lambda p, u, g: user_enable(pool_id=p, username=u),
    "disable": lambda p, u, g: user_disable(pool_id=p, username=u),
    "add_group": lambda p, u, g: group_add_user(pool_id=p, group_name=g, username=u),
    "remove_group": lambda p, u, g: group_remove_user(pool_id=p, group_name=g, username=u),
    "sign_out": lambda p, u, g: user_sign_out(pool_id=p, username=u),
    "reset_password": lambda p, u, g: user_reset_password(pool_id=p, username=u),
    "resend_invite": lambda p, u, g: resend_invitation(pool_id=p, username=u),
    "delete": lambda p, u, g: (user_delete(pool_id=p, username=u), forget_user(p, u))[0],
}
assert set(OPERATIONS) == set(BULK_ACTIONS)


class TooManyUsers(Exception):
    pass


#: Seconds between tries of a call that found Cognito unreachable (nothing sent), before
#: the job stops: about a minute and a half in all.
OUTAGE_PAUSES = (2, 5, 10, 20, 30, 30)


def about_the_console(exc: CognitoError) -> bool:
    """A failure that says nothing about the user but about the console's access to
    Cognito: no credentials, an IAM denial, Cognito unreachable with nothing sent, or
    still throttled after backing off. The next user would fail the same way."""
    return isinstance(exc, NotAuthorized | Throttled) or (
        isinstance(exc, Unavailable) and not exc.ambiguous
    )


def _through_outages(call, pause):
    """`call()`, tried again while Cognito is unreachable (nothing was sent), with the
    pauses of OUTAGE_PAUSES; then the last error is raised."""
    for seconds in (*OUTAGE_PAUSES, None):
        try:
            return call()
        except Unavailable as exc:
            if exc.ambiguous or seconds is None:
                raise
            pause(seconds)
    raise AssertionError("unreachable")


class BulkStopped(Exception):
    """The job stops: a failure about the console, not the user (`about_the_console`).
    The users not tried stay "not run", for "Run again"."""

    def __init__(self, job: Job, done: int, exc: CognitoError) -> None:
        left = max(job.total - done, 0)
        head = ngettext(
            "Stopped after %(done)s of %(total)s user",
            "Stopped after %(done)s of %(total)s users",
            job.total,
        ) % {"done": f"{done:,}", "total": f"{job.total:,}"}
        super().__init__(
            f"{head}: {exc.message} {exc.advice} "
            + ngettext(
                "The other user was not tried; once this is fixed, run the action again for it.",
                "The other %(left)s users were not tried; once this is fixed, run the "
                "action again for them.",
                left,
            )
            % {"left": f"{left:,}"}
        )


def _snapshot_usernames(params: dict):
    """The usernames of a report's or a search's users in the pool's snapshot (scope
    "snapshot": users.reports.selection), as counted when the action was confirmed.
    Raises users.reports.selection.SelectionGone when the snapshot was refreshed or
    turned off since, TooManyUsers past BULK_CAP; both before any user is listed."""
    from .reports.selection import selected_usernames

    names = selected_usernames(params["pool_id"], params.get("selection") or {})
    if names.count() > BULK_CAP:
        raise TooManyUsers(
            f"More than {BULK_CAP:,} users are selected, so nothing was changed. "
            "Narrow the search and try again."
        )
    yield from names.iterator()


def _usernames(job: Job):
    """The job's users, in order: the selection, the users of the job it runs again
    that failed or were not done, a report's or a search's users in the snapshot, or
    every user matching the filter (raises TooManyUsers past BULK_CAP)."""
    params = job.params
    if params.get("retry_of"):
        again = items_to_run_again(params["retry_of"])
        yield from again.values_list("name", flat=True).iterator()
        return
    if params.get("scope") == "snapshot":
        yield from _snapshot_usernames(params)
        return
    if params.get("scope") != "all":
        yield from params.get("usernames") or []
        return
    for count, user in enumerate(
        user_iter(pool_id=params["pool_id"], filter=params.get("filter", "")), start=1
    ):
        if count > BULK_CAP:
            raise TooManyUsers(
                f"More than {BULK_CAP:,} users match the filter, so nothing was changed. "
                "Narrow the filter and try again."
            )
        if count % 600 == 0:
            checkpoint(job, total=count)  # a live count while the users are listed
        yield user.username


def _collect(job: Job) -> None:
    """Record the job's users as its items, once (a resumed job keeps what it has)."""
    try:
        total = jobs.add_items(job, _usernames(job))
    except TooManyUsers:
        JobItem.objects.filter(job=job).delete()
        raise
    job.state.update(collected=True, throttled=job.state.get("throttled", 0))
    checkpoint(job, total=total, done=0)


@task()
def bulk_users(job_id: int) -> str:
    """Run bulk action `job_id` (a Job of kind "users.bulk"); returns its status."""
    return jobs.run(job_id, _bulk_users)


def _bulk_users(job: Job) -> Outcome | None:
    params = job.params
    action = params["action"]
    if action == "delete" and not has_role(job.created_by, ADMIN):
        raise PermissionError("Deleting users needs the Admin role.")
    act = OPERATIONS[action]
    pool_id, group = params["pool_id"], params.get("group", "")
    if not job.state.get("collected"):
        from .reports.selection import SelectionGone

        try:
            _collect(job)
        except SelectionGone as exc:  # expected: the snapshot moved; said, not logged
            return Outcome(Job.Status.FAILED, str(exc))
    done = JobItem.objects.filter(job=job).exclude(outcome="").count()

    def pause(seconds: float) -> None:  # backing off after a throttle: still alive
        time.sleep(seconds)
        jobs.heartbeat(job)

    # Sent by a run that died before it recorded the answer: it may have been made.
    resent = job.state.pop("inflight", None)
    for item in jobs.pending_items(job):
        job.state["inflight"] = item.name
        checkpoint(job, done=done)
        try:
            with resending() if item.name == resent else contextlib.nullcontext():
                _, throttled = retry_throttled(
                    lambda name=item.name: _through_outages(
                        lambda: act(pool_id, name, group), pause
                    ),
                    sleep=pause,
                )
            job.state["throttled"] += throttled
            jobs.record_item(item, outcome=JobItem.Outcome.OK)
        except CognitoError as exc:
            if about_the_console(exc):
                raise BulkStopped(job, done, exc) from exc
            outcome = JobItem.Outcome.UNKNOWN if exc.ambiguous else JobItem.Outcome.FAILED
            jobs.record_item(item, outcome=outcome, code=exc.code, error=exc.details)
        done += 1
    job.state.pop("inflight", None)
    checkpoint(job, done=done)
    if params.get("scope") == "snapshot":
        # The report or search it came from should show what it changed: refresh now.
        from .search.tasks import refresh_start

        refresh_start(pool_id, key=f"after-bulk-{job.pk}", user=job.created_by)
    return bulk_outcome(jobs.item_counts(job))


def bulk_outcome(counts: dict[str, int]) -> Outcome | None:
    """None (Succeeded) when every user succeeded; else Finished with errors or Failed.

    `counts` is `jobs.item_counts`: {"ok": n, "failed": n, "unknown": n, "": waiting}.
    """
    failed = counts.get("failed", 0) + counts.get("unknown", 0)
    if not failed:
        return None
    total = sum(counts.values())
    if failed == total:
        message = ngettext(
            "The user failed; see its error.",
            "All %(total)d users failed; see each user's error.",
            total,
        ) % {"total": total}
        return Outcome(Job.Status.FAILED, message)
    message = ngettext(
        "%(failed)d of %(total)d users failed; see its error. "
        "Retry the failed user to run the action again for it only.",
        "%(failed)d of %(total)d users failed; see each user's error. "
        "Retry the failed users to run the action again for them only.",
        failed,
    ) % {"failed": failed, "total": total}
    return Outcome(Job.Status.PARTIAL, message)


#: The outcomes "Run again" takes up: failed, unknown, and not run (a job that stopped or
#: was cancelled before it reached the user).
AGAIN = [JobItem.Outcome.FAILED, JobItem.Outcome.UNKNOWN, JobItem.Outcome.PENDING]


def items_to_run_again(job_id: int):
    """The items of finished bulk job `job_id` to run again (failed, unknown or not
    run), in the job's order (a queryset)."""
    return JobItem.objects.filter(job_id=job_id, outcome__in=AGAIN).order_by("position")


def _retry_key(job: Job) -> str:
    return f"users.bulk:retry:{job.pk}"


def bulk_retry_of(job: Job) -> Job | None:
    """The bulk job that retries `job`'s failed users, once it was asked for."""
    return Job.objects.filter(key=_retry_key(job), kind=KIND).first()


def bulk_retry_failed(*, task: Job, user, request_id: str = "") -> Job:
    """Start a new bulk job, same action, for the users of `task` that failed or were
    not done (it stopped, or was cancelled, before them).

    Audited as "RetryBulkFailures" (target: the old job; parameters: the new job, how
    many users and the first 1,000 of them). Once per job: asking again gives back the
    same new job. Raises ValueError when the job is not finished or has no such user.
    """
    existing = bulk_retry_of(task)
    if existing is not None:
        return existing
    if not task.is_finished:
        raise ValueError("The bulk action is still running; wait until it has finished.")
    again = items_to_run_again(task.pk)
    count = again.count()
    if not count:
        raise ValueError(
            "No user failed or was left out in this bulk action, so there is nothing to retry."
        )
    params = {**task.params, "scope": "selected", "usernames": [], "filter": ""}
    params["retry_of"] = task.pk
    new = jobs.start(
        task=bulk_users,
        kind=KIND,
        key=_retry_key(task),
        params=params,
        user=user,
        request_id=request_id,
        total=count,
    )
    record_event(
        action="RetryBulkFailures",
        outcome="succeeded",
        pool_id=task.params.get("pool_id", ""),
        target_type="bulk_task",
        target_id=str(task.pk),
        parameters={
            "NewTask": new.pk,
            "Action": task.params.get("action"),
            "Users": count,
            # The first thousand: the new job lists them all.
            "Usernames": list(again.values_list("name", flat=True)[:1000]),
        },
    )
    return new


def sweep() -> None:
    """The worker's sweep (every JOB_SWEEP_EVERY seconds): delete the files of users
    exports older than EXPORT_KEEP_HOURS (users.export.discard_expired)."""
    from .export import discard_expired

    discard_expired()
