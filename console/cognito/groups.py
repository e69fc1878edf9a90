"""Groups and group membership.

The membership functions are shared by the users pages (a user's groups, add to /
remove from a group) and the groups pages (members).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache

from . import errors
from .app_clients import client_descriptions
from .cachekeys import metadata_key
from .lookups import read_one, unless_missing
from .records import FrozenDict, Group, Page, User
from .sign_in import ADMIN_PASSWORD_FLOWS, PASSWORD_FLOWS
from .transport import call, every_item, list_page, made_recently, recording_calls, region_of, write


def _groups_key(pool_id: str) -> str:
    return metadata_key("groups", pool_id)


def group_list_all(*, pool_id: str, fresh: bool = False) -> list[Group]:
    """Every group of the pool (up to 10,000), by precedence, cached briefly."""
    key = _groups_key(pool_id)
    if not fresh:
        groups = cache.get(key)
        if groups is not None:
            return groups
    groups = _every_group(pool_id)
    cache.set(key, groups, settings.COGNITO_METADATA_TTL)
    return groups


def _every_group(pool_id: str) -> list[Group]:
    """Every group of the pool (ListGroups, every page), by precedence."""
    shapes = every_item(
        "ListGroups", region=region_of(pool_id), items_key="Groups", UserPoolId=pool_id
    )
    return sorted((Group.from_shape(shape) for shape in shapes), key=lambda g: g.sort_key)


def _every_member(pool_id: str, group_name: str) -> Iterator[dict]:
    """Every member of a group (ListUsersInGroup, every page), as Cognito's user shapes."""
    return every_item(
        "ListUsersInGroup",
        region=region_of(pool_id),
        items_key="Users",
        UserPoolId=pool_id,
        GroupName=group_name,
    )


def group_list_for_user(
    *, pool_id: str, username: str, limit: int = 60, token: str | None = None
) -> Page[Group]:
    """One page of AdminListGroupsForUser."""
    return list_page(
        "AdminListGroupsForUser",
        region=region_of(pool_id),
        items_key="Groups",
        build=Group.from_shape,
        limit=limit,
        token=token,
        UserPoolId=pool_id,
        Username=username,
    )


def group_members(
    *, pool_id: str, group_name: str, limit: int = 60, token: str | None = None
) -> Page[User]:
    """One page of ListUsersInGroup."""
    return list_page(
        "ListUsersInGroup",
        region=region_of(pool_id),
        items_key="Users",
        build=User.from_shape,
        limit=limit,
        token=token,
        UserPoolId=pool_id,
        GroupName=group_name,
    )


def _is_member(pool_id: str, group_name: str, username: str) -> bool:
    """Whether the user is in the group now (AdminListGroupsForUser, the pages up to
    the group)."""
    shapes = every_item(
        "AdminListGroupsForUser",
        region=region_of(pool_id),
        items_key="Groups",
        UserPoolId=pool_id,
        Username=username,
    )
    return any(shape.get("GroupName") == group_name for shape in shapes)


def _membership_write(operation: str, pool_id: str, group_name: str, username: str) -> None:
    wanted = operation == "AdminAddUserToGroup"
    try:
        write(
            operation,
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="user",
            target_id=username,
            verify=lambda: _is_member(pool_id, group_name, username) is wanted,
            UserPoolId=pool_id,
            Username=username,
            GroupName=group_name,
        )
    finally:
        cache.delete(_membership_key(pool_id))


def group_add_user(*, pool_id: str, group_name: str, username: str) -> None:
    """AdminAddUserToGroup, audited."""
    _membership_write("AdminAddUserToGroup", pool_id, group_name, username)


def group_remove_user(*, pool_id: str, group_name: str, username: str) -> None:
    """AdminRemoveUserFromGroup, audited."""
    _membership_write("AdminRemoveUserFromGroup", pool_id, group_name, username)


# --- one group ---------------------------------------------------------------------


def group_get(*, pool_id: str, name: str) -> Group:
    """GetGroup as a Group record.

    Raises errors.NotFound ("No group … in user pool …") when there is none.
    """
    response = read_one(
        "GetGroup",
        region=region_of(pool_id),
        missing=f"No group “{name}” in user pool {pool_id}.",
        UserPoolId=pool_id,
        GroupName=name,
    )
    return Group.from_shape(response["Group"])


def _read_group(pool_id: str, name: str) -> dict | None:
    """GetGroup's "Group", or None when there is no such group (for read-backs)."""
    return unless_missing(
        lambda: call("GetGroup", region=region_of(pool_id), UserPoolId=pool_id, GroupName=name)[
            "Group"
        ]
    )


def _group_holds(shape: Mapping[str, Any] | None, params: Mapping[str, Any]) -> bool:
    if shape is None:
        return False
    return all(
        (shape.get(key) or "") == (value or "") if key != "Precedence" else shape.get(key) == value
        for key, value in params.items()
    )


def _group_params(description: str, role_arn: str, precedence: int | None) -> dict[str, Any]:
    params: dict[str, Any] = {"Description": description or ""}
    if role_arn:
        params["RoleArn"] = role_arn
    if precedence is not None:
        params["Precedence"] = precedence
    return params


def group_create(
    *,
    pool_id: str,
    name: str,
    description: str = "",
    role_arn: str = "",
    precedence: int | None = None,
) -> Group:
    """CreateGroup, audited. An empty role ARN or a None precedence leaves them unset.

    A retry after a lost answer meets GroupExistsException: the group is read back, and
    one created just now with these fields is this request's own.
    """
    params = _group_params(description, role_arn, precedence)
    since = time.time()

    def created() -> dict | None:
        shape = _read_group(pool_id, name)
        if shape is None or not made_recently(shape.get("CreationDate"), since):
            return None
        return {"Group": shape} if _group_holds(shape, params) else None

    response = write(
        "CreateGroup",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="group",
        target_id=name,
        verify=created,
        UserPoolId=pool_id,
        GroupName=name,
        **params,
    )
    _forget_all(pool_id)
    return Group.from_shape(response["Group"])


class CannotClear(errors.InvalidInput):
    """UpdateGroup cannot take a group's role or precedence away."""

    title = "Cognito cannot clear this"
    advice = (
        "UpdateGroup leaves a field it is not sent unchanged, and refuses an empty role ARN. "
        "To remove a group's role or precedence, delete the group and create it again "
        "(its members must then be added again)."
    )


def group_update(
    *,
    pool_id: str,
    name: str,
    description: str,
    role_arn: str,
    precedence: int | None,
    current: Group | None = None,
) -> Group:
    """UpdateGroup, audited, sending the fields as they should end up.

    Cognito's UpdateGroup leaves out-of-request fields as they are, and refuses an
    empty RoleArn (20 characters at least): a role or a precedence, once set, cannot
    be cleared. When `current` is given and the update would need that, this raises
    CannotClear before calling Cognito, rather than silently keeping the old value.
    """
    if current is not None:
        lost = []
        if current.role_arn and not role_arn:
            lost.append("role ARN")
        if current.precedence is not None and precedence is None:
            lost.append("precedence")
        if lost:
            raise CannotClear(
                f"Cognito cannot clear the {' and '.join(lost)} of group “{name}”.",
                code="CannotClear",
                operation="UpdateGroup",
            )
    params = _group_params(description, role_arn, precedence)

    def updated() -> dict | None:
        shape = _read_group(pool_id, name)
        return {"Group": shape} if _group_holds(shape, params) else None

    try:
        response = write(
            "UpdateGroup",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="group",
            target_id=name,
            verify=updated,
            UserPoolId=pool_id,
            GroupName=name,
            **params,
        )
    finally:
        _forget_all(pool_id)
    return Group.from_shape(response["Group"])


def group_delete(*, pool_id: str, name: str) -> None:
    """DeleteGroup, audited. Its members lose the group; the users stay.

    A retry after a lost answer meets ResourceNotFoundException: read back.
    """
    try:
        write(
            "DeleteGroup",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="group",
            target_id=name,
            verify=lambda: _read_group(pool_id, name) is None,
            UserPoolId=pool_id,
            GroupName=name,
        )
    finally:
        _forget_all(pool_id)


def group_member_count(*, pool_id: str, name: str) -> int:
    """How many users are in the group (ListUsersInGroup, every page)."""
    return sum(1 for _ in _every_member(pool_id, name))


# --- the membership of the whole pool ----------------------------------------------


@dataclass(frozen=True)
class Membership:
    """Every group of a pool and its members, read with ListGroups + ListUsersInGroup.

    `calls` is how many Cognito calls building it took; `cached` says whether this
    copy came from the cache (then the page made no call for it).
    """

    pool_id: str
    groups: tuple[Group, ...]
    members: Mapping[str, tuple[str, ...]]
    calls: int
    cached: bool = False

    @property
    def users(self) -> tuple[str, ...]:
        """Every user in at least one group, sorted."""
        return tuple(sorted({u for names in self.members.values() for u in names}))

    def groups_of(self, username: str) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if username in self.members.get(g.name, ()))

    def user_groups(self) -> dict[str, list[str]]:
        """username -> the names of the user's groups."""
        out: dict[str, list[str]] = {}
        for group in self.groups:
            for username in self.members.get(group.name, ()):
                out.setdefault(username, []).append(group.name)
        return out


def _membership_key(pool_id: str) -> str:
    return metadata_key("membership", pool_id)


def group_membership(*, pool_id: str, fresh: bool = False) -> Membership:
    """The pool's groups and their members, one paged ListUsersInGroup pass per group.

    Never AdminListGroupsForUser per user: for a pool of N users in G groups this
    costs ceil(G/60) + sum(ceil(members/60)) calls. Cached briefly.
    """
    key = _membership_key(pool_id)
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return replace(cached, cached=True)
    with recording_calls() as calls:
        groups = _every_group(pool_id)
        members = {
            group.name: tuple(user["Username"] for user in _every_member(pool_id, group.name))
            for group in groups
        }
    membership = Membership(
        pool_id=pool_id, groups=tuple(groups), members=FrozenDict(members), calls=len(calls)
    )
    cache.set(key, membership, settings.COGNITO_METADATA_TTL)
    cache.set(_groups_key(pool_id), groups, settings.COGNITO_METADATA_TTL)
    return membership


def _forget_all(pool_id: str) -> None:
    """Drop the cached group list and membership after a change to a group."""
    cache.delete_many([_groups_key(pool_id), _membership_key(pool_id)])


# --- app clients that can sign in with a password (for the test sign-in link) -------

#: The flows the test sign-in can use: USER_PASSWORD_AUTH, or AdminInitiateAuth's
#: ADMIN_USER_PASSWORD_AUTH (console.cognito.sign_in.sign_in_flow).
_PASSWORD_FLOWS = PASSWORD_FLOWS | ADMIN_PASSWORD_FLOWS


def group_password_clients(*, pool_id: str) -> list[tuple[str, str]]:
    """(client ID, client name) of the pool's app clients whose test sign-in works: they
    allow USER_PASSWORD_AUTH or the admin password flow.

    ListUserPoolClients, then DescribeUserPoolClient per client (the list does not
    carry the flows); cached briefly. The secret in the reply is dropped at once.
    """
    key = metadata_key("password-clients", pool_id)
    found = cache.get(key)
    if found is not None:
        return found
    found = []
    for detail in client_descriptions(pool_id=pool_id):
        if _PASSWORD_FLOWS & set(detail.get("ExplicitAuthFlows") or ()):
            found.append((detail["ClientId"], detail.get("ClientName", "")))
    cache.set(key, found, settings.COGNITO_METADATA_TTL)
    return found
