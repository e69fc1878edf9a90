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

from console import jobs
from console.claims import token_claims
from console.cognito.records import Pool, User
from console.cognito.users import user_groups
from console.models import Job, JobItem

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
