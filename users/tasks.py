"""Bulk actions on users, run by `manage.py worker` from the database queue.

The handler first fixes the list of usernames (the selection, or every user matching
the filter up to BULK_CAP) in `task.state`, then acts on each user once, paced below
Cognito's quota and retrying throttled calls (console.cognito.ratelimit). Each user's
outcome is saved as it goes, so a resumed task skips users already done.
"""

from __future__ import annotations

from console.cognito import CognitoError
from console.cognito.client import region_of
from console.cognito.groups import group_add_user, group_remove_user
from console.cognito.ratelimit import paced
from console.cognito.users import (
    user_delete,
    user_disable,
    user_enable,
    user_iter,
    user_reset_password,
    user_sign_out,
)
from console.roles import ADMIN, has_role
from console.tasks import checkpoint, register

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
    for username in state["usernames"]:
        if username in results:
            continue
        try:
            _, throttled = paced(
                lambda username=username: run(pool_id, username, group),
                region=region,
                operation=operation,
            )
            state["throttled"] += throttled
            results[username] = {"ok": True}
        except CognitoError as exc:
            results[username] = {"ok": False, "code": exc.code, "error": exc.details}
        checkpoint(task, done=len(results))
