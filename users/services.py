"""The Users tab's orchestration: what combines the console's database and Cognito.

- the list's attribute columns (a ColumnPreference per staff user and pool, checked
  against the pool's schema);
- the user page's facts: the attribute rows and the token claims of the user's groups;
- bulk actions: queueing a task (users.tasks runs it) and reading its progress.

Views call these and render; the CSV export is in users.export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from console.claims import token_claims
from console.cognito.records import Pool, User
from console.cognito.users import user_groups
from console.models import Task
from console.tasks import enqueue

from . import forms as f
from .models import ColumnPreference
from .tasks import bulk_retry_of


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


def bulk_start(*, staff, request_id: str, pool_id: str, data: Mapping, back: str) -> Task:
    """Queue a bulk action (a valid BulkForm's cleaned data) for the worker; the same
    form sent twice (its nonce) is the same task."""
    usernames = data["usernames"] if data["scope"] == "selected" else []
    return enqueue(
        kind="users.bulk",
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


def bulk_task(pool_id: str, pk: int) -> Task | None:
    """The bulk task `pk` of this pool, or None."""
    return Task.objects.filter(pk=pk, kind="users.bulk", params__pool_id=pool_id).first()


def bulk_progress(task: Task, user_url) -> dict:
    """The bulk status page's facts: a row per user done so far (`user_url(name)` is
    its link), the counts, the action's label and the tasks it retries or is retried by."""
    results = task.state.get("results", {})
    rows = [
        {"username": name, "url": user_url(name), **results[name]}
        for name in task.state.get("usernames", [])
        if name in results
    ]
    return {
        "task": task,
        "action_label": f.BULK_ACTIONS.get(task.params.get("action"), "?"),
        "rows": rows,
        "failed": sum(1 for r in rows if not r["ok"]),
        "succeeded": sum(1 for r in rows if r["ok"]),
        "throttled": task.state.get("throttled", 0),
        "retry_of": task.params.get("retry_of"),
        "retried_by": bulk_retry_of(task),
    }
