"""Groups and group membership.

The membership functions are shared by the users pages (a user's groups, add to /
remove from a group) and the groups pages (members).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from .client import list_page, region_of, write
from .records import Group, Page, User


def _groups_key(pool_id: str) -> str:
    return f"cognito:groups:{pool_id}"


def group_list(*, pool_id: str, limit: int = 60, token: str | None = None) -> Page[Group]:
    """One page of ListGroups, in Cognito's order."""
    return list_page(
        "ListGroups",
        region=region_of(pool_id),
        items_key="Groups",
        build=Group.from_shape,
        limit=limit,
        token=token,
        UserPoolId=pool_id,
    )


def group_list_all(*, pool_id: str, fresh: bool = False) -> list[Group]:
    """Every group of the pool (up to 10,000), by precedence, cached briefly."""
    key = _groups_key(pool_id)
    if not fresh:
        groups = cache.get(key)
        if groups is not None:
            return groups
    groups: list[Group] = []
    token = None
    while True:
        page = group_list(pool_id=pool_id, limit=60, token=token)
        groups.extend(page.items)
        token = page.next_token
        if not token:
            break
    groups.sort(key=lambda g: g.sort_key)
    cache.set(key, groups, settings.COGNITO_METADATA_TTL)
    return groups


def group_forget(*, pool_id: str) -> None:
    """Drop the cached group list after a change."""
    cache.delete(_groups_key(pool_id))


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


def group_add_user(*, pool_id: str, group_name: str, username: str) -> None:
    """AdminAddUserToGroup, audited."""
    write(
        "AdminAddUserToGroup",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="user",
        target_id=username,
        UserPoolId=pool_id,
        Username=username,
        GroupName=group_name,
    )


def group_remove_user(*, pool_id: str, group_name: str, username: str) -> None:
    """AdminRemoveUserFromGroup, audited."""
    write(
        "AdminRemoveUserFromGroup",
        region=region_of(pool_id),
        pool_id=pool_id,
        target_type="user",
        target_id=username,
        UserPoolId=pool_id,
        Username=username,
        GroupName=group_name,
    )
