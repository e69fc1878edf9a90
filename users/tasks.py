"""Bulk actions on users, run by `manage.py worker` from the database queue.

The handler first fixes the list of usernames (the selection, or every user matching
the filter up to BULK_CAP) in `task.state`, then acts on each user once, paced below
Cognito's quota and retrying throttled calls (console.cognito.ratelimit). Each user's
outcome is saved as it goes, so a resumed task skips users already done. The user in
flight is saved before its call: a task resumed after its worker died sends that one
again under `resending()`, so a refusal that is the first send's own change (the user
already deleted) is read back and counted as done.

The task is "Succeeded" only when every user succeeded; otherwise "Finished with
errors" or, when none succeeded, "Failed". `bulk_retry_failed` queues a new task for
the failed users only.
"""

from __future__ import annotations

import contextlib

from django.utils.translation import ngettext

from console.audit import record_event
from console.cognito import CognitoError
from console.cognito.groups import group_add_user, group_remove_user
from console.cognito.ratelimit import paced
from console.cognito.transport import region_of, resending
from console.cognito.users import (
    user_delete,
    user_disable,
    user_enable,
    user_iter,
    user_reset_password,
    user_sign_out,
)
from console.models import Task
from console.roles import ADMIN, has_role
from console.tasks import Outcome, checkpoint, enqueue, register

from .forms import BULK_ACTIONS, BULK_CAP

KIND = "users.bulk"

#: action -> (Cognito operation, function(pool_id, username, group))
OPERATIONS = {
    "enable": ("AdminEnableUser", lambda p, u, g: user_enable(pool_id=p, username=u)),
    "disable": ("AdminDisableUser", lambda p, u, g: user_disable(pool_id=p, username=u)),
    "add_group": (
        "AdminAddUserToGroup",
        lambda p, u, g: group_add_user(pool_id=p, group_name=g, username=u),
    ),
    "remove_group": (
        "AdminRemoveUserFromGroup",
        lambda p, u, g: group_remove_user(pool_id=p, group_name=g, username=u),
    ),
    "sign_out": ("AdminUserGlobalSignOut", lambda p, u, g: user_sign_out(pool_id=p, username=u)),
    "reset_password": (
        "AdminResetUserPassword",
        lambda p, u, g: user_reset_password(pool_id=p, username=u),
    ),
    "delete": ("AdminDeleteUser", lambda p, u, g: user_delete(pool_id=p, username=u)),
}
assert set(OPERATIONS) == set(BULK_ACTIONS)


class TooManyUsers(Exception):
    pass


def _usernames(params: dict) -> list[str]:
    if params.get("scope") != "all":
        return list(params.get("usernames") or [])
    names: list[str] = []
    for user in user_iter(pool_id=params["pool_id"], filter=params.get("filter", "")):
        names.append(user.username)
        if len(names) > BULK_CAP:
            raise TooManyUsers(
                f"More than {BULK_CAP:,} users match the filter, so nothing was changed. "
                "Narrow the filter and try again."
            )
    return names


@register(KIND)
def bulk_users(task) -> None:
    params = task.params
    action = params["action"]
    if action == "delete" and not has_role(task.created_by, ADMIN):
        raise PermissionError("Deleting users needs the Admin role.")
    operation, run = OPERATIONS[action]
    pool_id, group = params["pool_id"], params.get("group", "")
    region = region_of(pool_id)
    state = task.state
    if "usernames" not in state:
        state["usernames"] = _usernames(params)
        state["results"] = {}
        state["throttled"] = 0
        checkpoint(task, done=0, total=len(state["usernames"]))
    results = state["results"]
    # Sent by a worker that died before it recorded the answer: it may have been made.
    resent = state.pop("inflight", None)
    for username in state["usernames"]:
        if username in results:
            continue
        state["inflight"] = username
        checkpoint(task)
        try:
            with resending() if username == resent else contextlib.nullcontext():
                _, throttled = paced(
                    lambda username=username: run(pool_id, username, group),
                    region=region,
                    operation=operation,
                )
            state["throttled"] += throttled
            results[username] = {"ok": True}
        except CognitoError as exc:
            results[username] = {
                "ok": False,
                "code": exc.code,
                "error": exc.details,
                "unknown": exc.ambiguous,
            }
        state.pop("inflight", None)
        checkpoint(task, done=len(results))
    return bulk_outcome(results)


def bulk_outcome(results: dict) -> Outcome | None:
    """None (Succeeded) when every user succeeded; else Finished with errors or Failed."""
    failed = sum(1 for r in results.values() if not r["ok"])
    if not failed:
        return None
    total = len(results)
    if failed == total:
        message = ngettext(
            "The user failed; see its error.",
            "All %(total)d users failed; see each user's error.",
            total,
        ) % {"total": total}
        return Outcome(Task.Status.FAILED, message)
    message = ngettext(
        "%(failed)d of %(total)d users failed; see its error. "
        "Retry the failed user to run the action again for it only.",
        "%(failed)d of %(total)d users failed; see each user's error. "
        "Retry the failed users to run the action again for them only.",
        failed,
    ) % {"failed": failed, "total": total}
    return Outcome(Task.Status.PARTIAL, message)


def failed_usernames(task: Task) -> list[str]:
    """The users of a finished bulk task whose action failed, in the task's order."""
    results = task.state.get("results", {})
    return [n for n in task.state.get("usernames", []) if not results.get(n, {"ok": True})["ok"]]


def _retry_key(task: Task) -> str:
    return f"users.bulk:retry:{task.pk}"


def bulk_retry_of(task: Task) -> Task | None:
    """The bulk task that retries `task`'s failed users, once it was asked for."""
    return Task.objects.filter(key=_retry_key(task), kind=KIND).first()


def bulk_retry_failed(*, task: Task, user, request_id: str = "") -> Task:
    """Queue a new bulk task, same action, for the failed users of `task` only.

    Audited as "RetryBulkFailures" (target: the old task; parameters: the new task and
    the users). Once per task: asking again gives back the same new task. Raises
    ValueError when the task is not finished or nothing failed.
    """
    key = _retry_key(task)
    existing = bulk_retry_of(task)
    if existing is not None:
        return existing
    if not task.is_finished:
        raise ValueError("The bulk action is still running; wait until it has finished.")
    names = failed_usernames(task)
    if not names:
        raise ValueError("No user failed in this bulk action, so there is nothing to retry.")
    params = {**task.params, "scope": "selected", "usernames": names, "filter": ""}
    params["retry_of"] = task.pk
    new = enqueue(
        kind=KIND,
        key=key,
        params=params,
        user=user,
        request_id=request_id,
        total=len(names),
    )
    record_event(
        action="RetryBulkFailures",
        outcome="succeeded",
        pool_id=task.params.get("pool_id", ""),
        target_type="bulk_task",
        target_id=str(task.pk),
        parameters={"NewTask": new.pk, "Action": task.params.get("action"), "Usernames": names},
    )
    return new
