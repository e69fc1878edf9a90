"""The Users tab's orchestration: what combines the console's database and Cognito.

- the list's attribute columns (a ColumnPreference per staff user and pool, checked
  against the pool's schema);
- the user page's facts: the attribute rows and the token claims of the user's groups;
- bulk actions: queueing a task (users.tasks runs it) and reading its progress.

Views call these and render; the CSV export is in users.export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils import timezone
from django.utils.translation import ngettext

from console import jobs
from console.audit import record_event
from console.claims import token_claims
from console.cognito.records import Pool, User
from console.cognito.users import user_groups
from console.models import Job, JobItem
from console.roles import ADMIN, has_role

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
    pref = ColumnPreference.objects.filter(staff_user=staff, pool_id=pool.id).first()
    available = set(columns_available(pool))
    return [c for c in (pref.columns if pref else []) if c in available]


def columns_save(staff, pool: Pool, names: Iterable[str]) -> list[str]:
    """Save the columns `staff` chose (those the pool has, in the schema's order)."""
    wanted = set(names)
    chosen = [c for c in columns_available(pool) if c in wanted]
    ColumnPreference.objects.update_or_create(
        staff_user=staff, pool_id=pool.id, defaults={"columns": chosen}
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


def bulk_start(*, staff, request_id: str, pool_id: str, data: Mapping, back: str) -> Job:
    """Start a bulk action (a valid BulkForm's cleaned data) as a background job; the
    same form sent twice (its nonce) is the same job."""
    usernames = data["usernames"] if data["scope"] == "selected" else []
    return jobs.start(
        task=bulk_users,
        kind=BULK_KIND,
        key=f"users.bulk:{staff.pk}:{data['nonce']}",
        params={
            "pool_id": pool_id,
            "action": data["action"],
            "scope": data["scope"],
            "usernames": usernames,
            "filter": data.get("filter", ""),
            "group": data.get("group", ""),
            "back": back,
        },
        user=staff,
        request_id=request_id,
        total=len(usernames),
    )


def bulk_task(pool_id: str, pk: int) -> Job | None:
    """The bulk job `pk` of this pool, or None."""
    return Job.objects.filter(pk=pk, kind=BULK_KIND, params__pool_id=pool_id).first()


#: Users shown on the bulk status page: the failed ones first, then the latest done.
BULK_ROWS = 500


def _eta_seconds(task: Job, done: int) -> int | None:
    """Seconds left at the pace so far, or None before there is a pace."""
    if task.is_finished or not task.started or not done or task.total <= done:
        return None
    elapsed = (timezone.now() - task.started).total_seconds()
    return int(elapsed / done * (task.total - done)) if elapsed > 0 else None


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
        "action_label": f.BULK_ACTIONS.get(task.params.get("action"), "?"),
        "rows": rows,
        "rows_hidden": max(0, done - len(rows)),
        "failed": counts["failed"] + counts["unknown"],
        "succeeded": counts["ok"],
        "eta_seconds": _eta_seconds(task, done),
        "throttled": task.state.get("throttled", 0),
        "retry_of": task.params.get("retry_of"),
        "retried_by": bulk_retry_of(task),
    }


def eta_words(seconds: int | None) -> str:
    """Time left in words: "about 2 h 10 min left", "about 5 min left", "less than a
    minute left"; "" when not known (no pace yet, or finished)."""
    if seconds is None:
        return ""
    if seconds < 60:
        return "less than a minute left"
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return f"about {minutes} min left"
    return f"about {hours} h {minutes} min left" if minutes else f"about {hours} h left"


def bulk_listing(task: Job) -> bool:
    """True while an "all matching" action still lists its users (no items yet)."""
    return task.params.get("scope") == "all" and not task.state.get("collected")


def cancelled_words(task: Job, done: int) -> str:
    """What a cancelled bulk action did before it stopped, in words."""
    if bulk_listing(task):
        return "Cancelled while it listed the users: no user was changed."
    if not done:
        return "Cancelled before any user was done: nothing was changed."
    total = max(task.total, done)
    head = ngettext(
        "Cancelled after %(done)s of %(total)s user",
        "Cancelled after %(done)s of %(total)s users",
        total,
    ) % {"done": f"{done:,}", "total": f"{total:,}"}
    return f"{head}; {ngettext('it stays done', 'those stay done', done)}."


def bulk_may_cancel(user, task: Job) -> bool:
    """Operators cancel a bulk action; a bulk delete, like its retry, needs an Admin."""
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
    action's order: username, outcome (done/failed/unknown/waiting), error_code,
    error. Rows are read 2,000 at a time."""
    items = task.items.order_by("position").values_list("name", "outcome", "code", "error")
    rows = (
        (name, _OUTCOME_WORDS.get(outcome, outcome), code, error)
        for name, outcome, code, error in items.iterator(chunk_size=2000)
    )
    return ("username", "outcome", "error_code", "error"), rows
