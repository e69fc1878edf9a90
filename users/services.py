"""The Users tab's orchestration: what combines the console's database and Cognito.

- the list's attribute columns (a ColumnPreference per staff user and pool, checked
  against the pool's schema);
- the user page's facts: the attribute rows and the token claims of the user's groups;
- bulk actions: queueing a task (users.tasks runs it; a form's nonce is one job, and
  the same form sent back with other choices is refused: FormAlreadyUsed), reading
  its progress, the pool's recent bulk actions.

Views call these and render; the CSV export is in users.export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import ngettext

from console import jobs
from console.audit import record_event
from console.claims import token_claims
from console.cognito.errors import CognitoError, NotInPlan, ThreatProtectionOff, reworded
from console.cognito.identities import provider_list_names, user_identities
from console.cognito.records import Pool, User
from console.cognito.users import (
    device_forget,
    device_list,
    user_groups,
    user_set_mfa_preference,
    user_sign_out,
    user_update_attributes,
)
from console.connections.services import here
from console.models import Job, JobItem
from console.roles import ADMIN, OPERATOR, has_role
from console.storable import storable
from pools.pool_settings import ThreatProtection, threat_protection_url

from . import forms as f
from .models import ColumnPreference
from .tasks import KIND as BULK_KIND
from .tasks import bulk_retry_of, bulk_users


def columns_available(pool: Pool) -> list[str]:
    """The attributes the list can show beyond its default columns (the pool's schema,
    developer-only attributes left out)."""
    return [
        a.name
        for a in f.pool_attributes(pool)
        if a.name not in f.DEFAULT_COLUMNS and not a.developer_only
    ]


def columns_chosen(staff, pool: Pool) -> list[str]:
    """The extra columns `staff` chose for this pool, those still in its schema."""
    pref = ColumnPreference.objects.filter(
        staff_user=staff, connection=here(), pool_id=pool.id
    ).first()
    available = set(columns_available(pool))
    return [c for c in (pref.columns if pref else []) if c in available]


def columns_save(staff, pool: Pool, names: Iterable[str]) -> list[str]:
    """Save the columns `staff` chose (those the pool has, in the schema's order)."""
    wanted = set(names)
    chosen = [c for c in columns_available(pool) if c in wanted]
    ColumnPreference.objects.update_or_create(
        staff_user=staff, connection=here(), pool_id=pool.id, defaults={"columns": chosen}
    )
    return chosen


def attribute_rows(pool: Pool, user: User) -> list[dict]:
    """The user's attributes for the user page: standard ones first, then custom: and
    dev:, each with whether it is verified (email, phone_number) and read-only (`sub`,
    or not mutable in the pool's schema)."""
    schema = {a.name: a for a in f.pool_attributes(pool)}
    names = sorted(user.attributes, key=lambda n: (n.startswith(("custom:", "dev:")), n))
    return [
        {
            "name": name,
            "value": user.attributes[name],
            "verified": user.attributes.get(f.VERIFIED_FLAG[name]) == "true"
            if name in f.VERIFIED_FLAG
            else None,
            "read_only": name == "sub" or (name in schema and not schema[name].mutable),
            "custom": name.startswith("custom:"),
        }
        for name in names
    ]


def user_facts(pool: Pool, user: User, groups_page=None) -> dict:
    """What the user page shows beside the user: `attributes` (attribute_rows), the
    token `claims` of every group of the user, and `member_of` (the group names).

    `groups_page`: the page 1 of AdminListGroupsForUser the page already read; when it
    is the only page, no further call is made (else every page is read).
    """
    if groups_page is not None and not groups_page.next_token:
        groups = list(groups_page.items)
    else:
        groups = user_groups(pool_id=pool.id, username=user.username)
    return {
        "attributes": attribute_rows(pool, user),
        "claims": token_claims(groups),
        "member_of": {g.name for g in groups},
    }


# --- sign-in history, linked identities, MFA recovery (issue 14) -------------------

#: Auth events a page of the user page's sign-in history shows.
EVENT_PAGE = 20


#: Plain words for the values of AuthEventType (botocore's model: EventType,
#: EventResponseType, ChallengeName x ChallengeResponse, RiskDecisionType).
EVENT_TYPES = {
    "SignIn": "Sign-in",
    "SignUp": "Sign-up",
    "ForgotPassword": "Forgot password",
    "PasswordChange": "Password change",
    "ResendCode": "Code re-sent",
}
_OUTCOMES = {"Pass": "Succeeded", "Fail": "Failed", "InProgress": "In progress"}
_SIGN_IN_OUTCOMES = {
    "Pass": "Signed in",
    "Fail": "Failed",
    "InProgress": "Challenged (not finished)",
}
CHALLENGES = {
    ("Password", "Success"): "Right password",
    ("Password", "Failure"): "Wrong password",
    ("Mfa", "Success"): "Right MFA code",
    ("Mfa", "Failure"): "Wrong MFA code",
}
RISK_DECISIONS = {
    "NoRisk": "No risk",
    "AccountTakeover": "Account takeover risk",
    "Block": "Blocked",
}


def auth_event_rows(events) -> list[dict]:
    """The sign-in history's rows: each AuthEvent (`event`) with its words: `type`,
    `outcome` ("Signed in", "Failed"...), `challenges` ("Wrong password"...) and
    `risk` ("High: Account takeover risk"; "" when Cognito rated none)."""
    rows = []
    for event in events or ():
        outcomes = _SIGN_IN_OUTCOMES if event.type == "SignIn" else _OUTCOMES
        risk = RISK_DECISIONS.get(event.risk_decision, event.risk_decision)
        outcome = outcomes.get(event.response, event.response)
        challenges = [CHALLENGES.get(c, f"{c[0]}: {c[1]}") for c in event.challenges]
        if _refused_before_password(event):
            outcome, challenges = REFUSED_BEFORE_PASSWORD, [REFUSED_BEFORE_PASSWORD_WHY]
        rows.append(
            {
                "event": event,
                "type": EVENT_TYPES.get(event.type, event.type),
                "outcome": outcome,
                "challenges": challenges,
                "risk": ": ".join(part for part in (event.risk_level, risk) if part),
            }
        )
    return rows


REFUSED_BEFORE_PASSWORD = "Refused before the password was checked"
REFUSED_BEFORE_PASSWORD_WHY = (
    "No password checked: locked out, disabled or an expired temporary password"
)


def _refused_before_password(event) -> bool:
    """A failed sign-in with no Password challenge: Cognito refused it before checking
    the password (during the lock-out after repeated wrong passwords, "Password
    attempts exceeded"; a disabled user; an expired temporary password), as the
    backend records it (a Fail event without a "Password" ChallengeResponse)."""
    return (
        event.type == "SignIn"
        and event.response == "Fail"
        and not any(name == "Password" for name, _ in event.challenges)
    )


def auth_events_unavailable(pool: Pool, exc: CognitoError) -> dict:
    """The user page's sign-in history when AdminListUserAuthEvents refused: no events
    (`auth_events` None, no rows, no links, page 1), `auth_events_note` saying why in
    words, and `auth_events_fix_url`, the pool's settings page when the fix is a pool
    setting (threat protection off, or a plan without it), else "".
    """
    return {
        "auth_events": None,
        "auth_event_rows": [],
        "auth_events_links": None,
        "auth_events_page": 1,
        **_unavailable_note(pool, exc),
    }


def _unavailable_note(pool: Pool, exc: CognitoError) -> dict:
    if isinstance(exc, ThreatProtectionOff | NotInPlan):
        why = ThreatProtection.of(pool.raw).why_off or (
            "Cognito says this pool's threat protection is off or not in its plan."
        )
        note = (
            f"Cognito keeps no sign-in history for this user pool. {why} Once it is on, "
            "Cognito records sign-ins from then on, not the ones before."
        )
        return {"auth_events_note": note, "auth_events_fix_url": threat_protection_url(pool.id)}
    note = f"The sign-in history could not be read: {exc.details}"
    return {"auth_events_note": note, "auth_events_fix_url": ""}


def identities_context(pool: Pool, user: User, *, can_operate: bool) -> dict:
    """The user page's linked identities: `identities` (LinkedIdentity records from
    the user's `identities` attribute; an unreadable value is one record with its
    `problem`), and for an Operator `identity_providers` (the pool's provider names,
    ListIdentityProviders) or `identity_providers_error` when they could not be read.
    """
    context = {"identities": user_identities(user), "identity_providers": ()}
    context["identity_providers_error"] = ""
    if can_operate:
        try:
            context["identity_providers"] = provider_list_names(pool_id=pool.id)
        except CognitoError as exc:
            context["identity_providers_error"] = (
                f"The pool's identity providers could not be read: {exc.details}"
            )
    return context


def mfa_recovery(pool: Pool, username: str, data: Mapping) -> str:
    """The guided MFA recovery (MfaRecoveryForm's cleaned data), one audited call per
    ticked step, in this order: the new phone number and email saved as verified
    (AdminUpdateUserAttributes), every MFA method turned off (`turn_off_all_mfa`) or
    else the authenticator app turned off with the user's other methods kept
    (AdminSetUserMFAPreference), every remembered device forgotten
    (AdminListDevices, AdminForgetDevice) and every session ended (AdminUserGlobalSign-
    Out). Returns what was done, in words.

    A step Cognito refuses stops the recovery: the CognitoError raised says which steps
    were done before it, so the person knows where the user stands.
    """
    done: list[str] = []
    try:
        attributes = {}
        if data.get("new_phone"):
            attributes.update(phone_number=data["new_phone"], phone_number_verified="true")
        if data.get("new_email"):
            attributes.update(email=data["new_email"], email_verified="true")
        if attributes:
            user_update_attributes(pool_id=pool.id, username=username, attributes=attributes)
            done.append(
                "saved the new "
                + " and ".join(n for n in ("phone_number", "email") if n in attributes)
                + " as verified"
            )
        if data.get("turn_off_all_mfa"):
            user_set_mfa_preference(pool_id=pool.id, username=username, enabled=(), preferred="")
            done.append("turned off all their MFA methods")
        elif data.get("turn_off_totp"):
            user_set_mfa_preference(
                pool_id=pool.id,
                username=username,
                enabled=data.get("keep_methods") or (),
                preferred=data.get("keep_preferred") or "",
            )
            done.append("turned off the authenticator app")
        if data.get("forget_devices"):
            forgotten = _forget_every_device(pool.id, username)
            done.append(
                ngettext("forgot %d device", "forgot %d devices", forgotten) % forgotten
                if forgotten
                else "found no device to forget"
            )
        if data.get("sign_out"):
            user_sign_out(pool_id=pool.id, username=username)
            done.append("signed them out everywhere")
    except CognitoError as exc:
        before = f"Done before it: {'; '.join(done)}. " if done else "Nothing was done. "
        raise reworded(exc, f"{before}Then: {exc.message}") from exc
    return f"MFA recovery of {username}: {'; '.join(done)}."


def _forget_every_device(pool_id: str, username: str) -> int:
    """Forget every device of the user (every page of AdminListDevices); how many."""
    keys = []
    token = None
    while True:
        page = device_list(pool_id=pool_id, username=username, limit=60, token=token)
        keys.extend(d.key for d in page.items)
        token = page.next_token
        if not token:
            break
    for key in keys:
        device_forget(pool_id=pool_id, username=username, device_key=key)
    return len(keys)


class FormAlreadyUsed(ValueError):
    """A form (its nonce) that already started a job came back asking for something
    else (the browser's Back button, another choice, Run again). `job` is the job it
    started; the message names it and says what to do."""

    # Not "reload": the refused form's page is the POST's answer, so reloading sends it again.
    def __init__(
        self, job: Job, what: str, again: str = "Go back to the users list to start another."
    ):
        self.job = job
        super().__init__(f"This form was already used for {what}. {again}")


def same_request(job: Job, params: Mapping, keys: Iterable[str]) -> bool:
    """True when `job` (the job of a form's nonce) was asked with the same `params` on
    `keys` (an empty value and a missing one are the same)."""
    wanted = storable({k: params.get(k) for k in keys})
    return all((job.params.get(k) or None) == (wanted[k] or None) for k in keys)


#: What makes two bulk requests the same request (not `back`, `filter_words`).
BULK_SAME = ("pool_id", "action", "scope", "usernames", "filter", "group", "selection")


def bulk_start(*, staff, request_id: str, pool_id: str, data: Mapping, back: str) -> Job:
    """Start a bulk action (a valid BulkForm's cleaned data) as a background job; the
    same form sent twice (its nonce) is the same job. Raises FormAlreadyUsed when the
    form's nonce already started a job with other choices (BULK_SAME): nothing starts."""
    usernames = data["usernames"] if data["scope"] == "selected" else []
    params = {
        "pool_id": pool_id,
        "action": data["action"],
        "scope": data["scope"],
        "usernames": usernames,
        "filter": data.get("filter", ""),
        "filter_words": data.get("filter_words", ""),
        "group": data.get("group", ""),
        "back": back,
    }
    if data["scope"] == "snapshot":
        # A report's or a search's users (users.reports.selection), read by the job.
        params["selection"] = data["selection"]
    job = jobs.start(
        task=bulk_users,
        kind=BULK_KIND,
        key=f"users.bulk:{staff.pk}:{data['nonce']}",
        params=params,
        user=staff,
        request_id=request_id,
        total=len(usernames),
        # Each run checks its starter still holds this on the pool (console.jobs).
        role=ADMIN if data["action"] == "delete" else OPERATOR,
    )
    if job.kind != BULK_KIND or not same_request(job, params, BULK_SAME):
        raise FormAlreadyUsed(job, f"bulk action #{job.pk} ({bulk_label(job)})")
    return job


def bulk_label(job: Job) -> str:
    """The bulk action's name ("Disable", "Delete"); "?" for an action this console lost."""
    return f.BULK_ACTIONS.get(job.params.get("action"), "?").removesuffix(" (Admin only)")


def bulk_scope_words(job: Job) -> str:
    """Which users bulk action `job` acts on, in words: "The 3 selected users", "All
    users matching email starts with “ann”", "All users in the pool (no filter)", "The
    users of bulk action #4 that failed or were not done", "The 312 users of the report
    “No verified contact” in the pool's snapshot as of …". A job started before the
    words were kept shows its ListUsers filter as it is."""
    params = job.params
    if params.get("retry_of"):
        return f"The users of bulk action #{params['retry_of']} that failed or were not done"
    if params.get("scope") == "snapshot":
        return (params.get("selection") or {}).get("scope_words") or "Users of the snapshot"
    if params.get("scope") != "all":
        n = len(params.get("usernames") or ())
        selected = ngettext("The %(n)s selected user", "The %(n)s selected users", n)
        return selected % {"n": f"{n:,}"}
    words = params.get("filter_words") or params.get("filter", "")
    return f.all_matching_words(words)


#: Bulk actions the "Recent bulk actions" list shows.
RECENT_BULK = 10


def recent_bulk(pool_id: str, *, limit: int = RECENT_BULK) -> list[dict]:
    """The pool's latest bulk actions (every staff member's), newest first: for each,
    `job`, `label` (the action), `scope` (bulk_scope_words), `succeeded`, `failed`
    (failed or unknown) and `done`. Two queries, whatever the number of users."""
    found = list(
        Job.objects.filter(
            kind=BULK_KIND, connection=here(), params__pool_id=pool_id
        ).select_related("created_by")[:limit]
    )
    counts: dict[int, dict[str, int]] = {job.pk: {} for job in found}
    rows = (
        JobItem.objects.filter(job_id__in=counts)
        .exclude(outcome="")
        .values("job_id", "outcome")
        .order_by()
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["job_id"]][row["outcome"]] = row["n"]
    recent = []
    for job in found:
        mine = counts[job.pk]
        failed = mine.get("failed", 0) + mine.get("unknown", 0)
        recent.append(
            {
                "job": job,
                "label": bulk_label(job),
                "scope": bulk_scope_words(job),
                "succeeded": mine.get("ok", 0),
                "failed": failed,
                "done": mine.get("ok", 0) + failed,
            }
        )
    return recent


def bulk_task(pool_id: str, pk: int) -> Job | None:
    """The bulk job `pk` of this pool, or None."""
    return Job.objects.filter(
        pk=pk, kind=BULK_KIND, connection=here(), params__pool_id=pool_id
    ).first()


#: Users shown on the bulk status page: the failed ones first, then the latest done.
BULK_ROWS = 500


def _eta_seconds(task: Job, done: int) -> int | None:
    """Seconds left at the pace of the run now working on it (the users it did since it
    claimed the job: a dead worker's silence before it does not count), or None: no
    pace yet, finished, or its worker has gone silent (`jobs.time_left`)."""
    if task.status != Job.Status.RUNNING or task.claimed is None or task.total <= done:
        return None
    this_run = task.items.exclude(outcome="").filter(finished__gte=task.claimed).count()
    return jobs.time_left(task, done_this_run=this_run, left=task.total - done)


def duration_words(seconds: int) -> str:
    """A duration as a person reads it: "45 s", "2 min", "1 h 5 min", "3 h"."""
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(seconds // 60, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def worker_notice(job: Job) -> dict:
    """What a job's page says about its worker: `silent_for` (words, "" unless the
    running job's worker has not reported for more than jobs.SILENT_AFTER seconds) and
    `unclaimed` (queued for more than jobs.UNCLAIMED_AFTER seconds, no worker took it),
    with `busy_jobs`, how many other jobs workers are running meanwhile, and
    `picked_up_within`, how soon a live worker takes up a job whose worker went silent."""
    silent = jobs.silence(job)
    unclaimed = jobs.unclaimed(job) is not None
    return {
        "silent_for": duration_words(silent) if silent is not None else "",
        "picked_up_within": duration_words(settings.JOB_STALE_AFTER + settings.JOB_SWEEP_EVERY),
        "unclaimed": unclaimed,
        "busy_jobs": jobs.running_count(exclude=job) if unclaimed else 0,
    }


def _again_label(counts: dict[str, int]) -> str:
    """The words of the button that runs a finished action again for the users that
    failed or were not run (cancelled, or the job stopped); "" when there are none."""
    failed, left = counts["failed"] + counts["unknown"], counts[""]
    retry = ngettext("Retry the %(n)s failed user", "Retry the %(n)s failed users", failed)
    run = ngettext("run the %(n)s user not done", "run the %(n)s users not done", left)
    if failed and left:
        return f"{retry % {'n': f'{failed:,}'}} and {run % {'n': f'{left:,}'}}"
    if failed:
        return retry % {"n": f"{failed:,}"}
    return (run % {"n": f"{left:,}"}).capitalize() if left else ""


def bulk_progress(task: Job, user_url) -> dict:
    """The bulk status page's facts: the counts, the time left, a row per user done
    (the failed users first, BULK_ROWS at most; `user_url(name)` is its link), the
    action's label and the jobs it retries or is retried by."""
    counts = jobs.item_counts(task)
    done_items = task.items.exclude(outcome="")
    failed_first = list(done_items.exclude(outcome=JobItem.Outcome.OK)[:BULK_ROWS])
    latest_ok = done_items.filter(outcome=JobItem.Outcome.OK).order_by("-position")
    shown = failed_first + list(latest_ok[: max(0, BULK_ROWS - len(failed_first))])
    rows = [
        {
            "username": item.name,
            "url": user_url(item.name),
            "ok": item.outcome == JobItem.Outcome.OK,
            "unknown": item.outcome == JobItem.Outcome.UNKNOWN,
            "error": item.error,
        }
        for item in shown
    ]
    done = sum(n for outcome, n in counts.items() if outcome)
    return {
        "task": task,
        "action_label": bulk_label(task),
        "scope_words": bulk_scope_words(task),
        "rows": rows,
        "rows_hidden": max(0, done - len(rows)),
        "failed": counts["failed"] + counts["unknown"],
        "again": _again_label(counts) if task.is_finished else "",
        "succeeded": counts["ok"],
        "eta_seconds": _eta_seconds(task, done),
        "throttled": task.state.get("throttled", 0),
        "retry_of": task.params.get("retry_of"),
        "retried_by": bulk_retry_of(task),
    }


def bulk_page(task: Job, *, staff, user_url) -> dict:
    """Everything the bulk status page shows of action `task` to `staff`: its progress
    (`bulk_progress`), the time left in words, whether it still lists its users,
    whether the page keeps refreshing and how often, the worker notice, the pool's
    recent bulk actions, whether `staff` may cancel it and, once cancelled, what it
    did before it stopped."""
    progress = bulk_progress(task, user_url)
    done = progress["succeeded"] + progress["failed"]
    listing = bulk_listing(task)
    cancelled = task.status == Job.Status.CANCELLED
    return {
        **progress,
        "done": done,
        "listing": listing and not task.is_finished,
        "uncounted": listing,  # listed no users: failed or cancelled while listing
        "eta": eta_words(progress["eta_seconds"]),
        # A big action's page is read less often: each refresh counts its users.
        "poll_seconds": 1 if task.total <= BULK_ROWS else 5,
        "recent": recent_bulk(task.params.get("pool_id", "")),  # refreshed with it
        # Cancelled with a user in flight: refreshed until that user has its result.
        "polling": not task.is_finished or bulk_settling(task),
        **worker_notice(task),
        "can_cancel": not task.is_finished and bulk_may_act(staff, task),
        "cancelled": cancelled_words(task, done) if cancelled else "",
    }


def eta_words(seconds: int | None) -> str:
    """Time left in words: "about 2 h 10 min left", "about 5 min left", "less than a
    minute left"; "" when not known (no pace yet, or finished)."""
    if seconds is None:
        return ""
    if seconds < 60:
        return "less than a minute left"
    return f"about {duration_words(round(seconds / 60) * 60)} left"


def bulk_listing(task: Job) -> bool:
    """True while an "all matching" action still lists its users (no items yet)."""
    return task.params.get("scope") == "all" and not task.state.get("collected")


def bulk_in_flight(task: Job) -> str:
    """The user a stopped bulk action was sending when it stopped and that has no
    result yet ("" when none): its worker may still complete it, and the count with it.

    A run saves the user it is about to send (state "inflight") at its checkpoint; a
    cancel does not wait for that call to end."""
    name = task.state.get("inflight") or ""
    if not name or not task.items.filter(name=name, outcome="").exists():
        return ""
    return name


def bulk_settling(task: Job) -> bool:
    """True while a cancelled bulk action's user in flight may still get its result
    (its worker reported within JOB_STALE_AFTER): its page keeps refreshing until then."""
    if task.status != Job.Status.CANCELLED or task.heartbeat is None:
        return False
    if (timezone.now() - task.heartbeat).total_seconds() > settings.JOB_STALE_AFTER:
        return False
    return bool(bulk_in_flight(task))


def cancelled_words(task: Job, done: int) -> str:
    """What a cancelled bulk action did before it stopped, in words; when a user was
    in flight (sent, no result yet), that it may have completed too."""
    if bulk_listing(task):
        return "Cancelled while it listed the users: no user was changed."
    in_flight = bulk_in_flight(task)
    if not done:
        if in_flight:
            return (
                f"Cancelled during the first user, {in_flight}: it may have been changed "
                "(the call was on its way); no other user was."
            )
        return "Cancelled before any user was done: nothing was changed."
    total = max(task.total, done)
    head = ngettext(
        "Cancelled after %(done)s of %(total)s user",
        "Cancelled after %(done)s of %(total)s users",
        total,
    ) % {"done": f"{done:,}", "total": f"{total:,}"}
    tail = ngettext("it stays done", "those stay done", done)
    if in_flight:
        return (
            f"{head}; {tail}; the one in flight when you cancelled ({in_flight}) "
            "may have completed too."
        )
    return f"{head}; {tail}."


def bulk_may_act(user, task: Job) -> bool:
    """Operators cancel a bulk action or run it again; for a bulk delete, an Admin."""
    return task.params.get("action") != "delete" or has_role(user, ADMIN)


def bulk_cancel(task: Job) -> bool:
    """Stop bulk action `task` before its next user; False when it had already ended.

    Audited as "CancelBulkAction" (parameters: the action, the users done so far and
    the total). The users done so far stay done (`cancelled_words` says how many).
    """
    if not jobs.cancel(task):
        return False
    counts = jobs.item_counts(task)
    done = counts["ok"] + counts["failed"] + counts["unknown"]
    record_event(
        action="CancelBulkAction",
        outcome="succeeded",
        pool_id=task.params.get("pool_id", ""),
        target_type="bulk_task",
        target_id=str(task.pk),
        parameters={"Action": task.params.get("action"), "Done": done, "Total": task.total},
    )
    return True


#: A bulk item's outcome as the results CSV says it (the status page's words).
_OUTCOME_WORDS = {"ok": "done", "failed": "failed", "unknown": "unknown", "": "waiting"}


def bulk_result_rows(task: Job):
    """(header, rows) of every user of bulk action `task` with its result, in the
    action's order: username, outcome (done/failed/unknown/waiting, or "not done" once
    the action stopped or was cancelled before the user), error_code,
    error. Rows are read 2,000 at a time. Each download is audited
    ("DownloadBulkResults"): it names users."""
    record_event(
        action="DownloadBulkResults",
        outcome="succeeded",
        pool_id=task.params.get("pool_id", ""),
        target_type="bulk_task",
        target_id=str(task.pk),
        parameters={"Users": task.total},
    )
    items = task.items.order_by("position").values_list("name", "outcome", "code", "error")
    words = {**_OUTCOME_WORDS, "": "not done"} if task.is_finished else _OUTCOME_WORDS
    rows = (
        (name, words.get(outcome, outcome), code, error)
        for name, outcome, code, error in items.iterator(chunk_size=2000)
    )
    return ("username", "outcome", "error_code", "error"), rows


def user_gone(pool: Pool, username: str, error: CognitoError) -> dict:
    """The context of the page for a user Cognito does not have (AdminGetUser's
    UserNotFoundException): the pool's tabs, the error, and, when the pool's search
    snapshot still lists the user, its freshness (it was there as of then: deleted or
    renamed since)."""
    from .search.services import snapshot_holds

    return {
        "pool": pool,
        "tab": "users",
        "username": username,
        "error": error,
        "listed": snapshot_holds(pool.id, username),
    }
