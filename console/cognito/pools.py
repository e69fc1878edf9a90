"""User pool operations."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from . import accounts, errors
from .cachekeys import metadata_key
from .mfa import mfa_key
from .records import Page, Pool, PoolSummary
from .schema import accepted_by
from .transport import (
    call,
    check_limit,
    every_item,
    list_page,
    made_recently,
    region_of,
    write,
)


def _encode(state: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


def _decode(token: str) -> dict:
    try:
        state = json.loads(base64.urlsafe_b64decode(token.encode()))
        if not isinstance(state, dict):
            raise ValueError
        return state
    except (ValueError, TypeError) as exc:
        raise errors.StaleToken(
            "That page link is no longer valid. Start again from the first page.",
            code="InvalidToken",
        ) from exc


def pool_list(*, limit: int = 60, token: str | None = None, name: str = "") -> Page[PoolSummary]:
    """Pools in every configured Region, a page at a time.

    Without a name filter this is ListUserPools' own NextToken paging, Region after
    Region (the token says which Region and which Cognito token). ListUserPools has
    no filter, so with a name the pools of every Region are read (1,000 at most per
    Region) and matched case-insensitively, and the token is an offset.
    """
    check_limit(limit)
    regions = list(accounts.regions())
    state = _decode(token) if token else {}
    if name:
        needle = name.casefold()
        # A new filter reads the pools afresh; its later pages page through the same
        # (cached) list, so they stay consistent.
        pools = pool_list_all(fresh=not token)
        matches = [p for p in pools if needle in p.name.casefold() or needle in p.id.casefold()]
        offset = int(state.get("offset", 0))
        items = tuple(matches[offset : offset + limit])
        more = offset + limit < len(matches)
        return Page(items=items, next_token=_encode({"offset": offset + limit}) if more else None)

    region_index = int(state.get("region", 0))
    if region_index >= len(regions):
        raise errors.StaleToken("That page link is no longer valid.", code="InvalidToken")
    items: list[PoolSummary] = []
    cognito_token = state.get("token")
    while region_index < len(regions) and len(items) < limit:
        page = list_page(
            "ListUserPools",
            region=regions[region_index],
            items_key="UserPools",
            build=PoolSummary.from_shape,
            limit=limit - len(items),
            token=cognito_token,
        )
        items.extend(page.items)
        cognito_token = page.next_token
        if not cognito_token:
            region_index += 1
    next_token = None
    if region_index < len(regions):
        next_token = _encode({"region": region_index, "token": cognito_token})
    return Page(items=tuple(items), next_token=next_token)


def pool_list_all(*, fresh: bool = False) -> list[PoolSummary]:
    """Every pool in every Region of the current connection (`accounts.regions()`),
    cached briefly per connection."""
    key = _all_pools_key()
    pools = None if fresh else cache.get(key)
    if pools is None:
        pools = [
            PoolSummary.from_shape(shape)
            for region in accounts.regions()
            for shape in every_item("ListUserPools", region=region, items_key="UserPools")
        ]
        pools.sort(key=lambda p: (p.name.casefold(), p.id))
        cache.set(key, pools, settings.COGNITO_METADATA_TTL)
    return pools


def _all_pools_key() -> str:
    return metadata_key("pools", "all")


def _pool_key(pool_id: str) -> str:
    return metadata_key("pool", pool_id)


def pool_get(*, pool_id: str, fresh: bool = False) -> Pool:
    """DescribeUserPool (with its MFA configuration), cached for COGNITO_METADATA_TTL seconds.

    Views that only need the schema or the password policy use the cached record;
    pages that show or change the configuration pass fresh=True.
    """
    region = region_of(pool_id)
    key = _pool_key(pool_id)
    if not fresh:
        pool = cache.get(key)
        if pool is not None:
            return pool
    response = call("DescribeUserPool", region=region, UserPoolId=pool_id)
    pool = Pool.from_shape(response["UserPool"])
    cache.set(key, pool, settings.COGNITO_METADATA_TTL)
    return pool


def pool_forget(*, pool_id: str) -> None:
    """Drop cached metadata after a change to the pool."""
    cache.delete_many(
        [
            _pool_key(pool_id),
            mfa_key(pool_id),
            metadata_key("providers", pool_id),
            _all_pools_key(),
        ]
    )


# --- changing pools (issue 3) ---------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One setting that an update changes: its dotted path, old and new value."""

    path: str
    old: Any
    new: Any

    @staticmethod
    def _text(value: Any) -> str:
        if value is None:
            return "(not set)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value) or "(none)"
        return str(value)

    @property
    def old_text(self) -> str:
        return self._text(self.old)

    @property
    def new_text(self) -> str:
        return self._text(self.new)


def _plain(value: Any) -> Any:
    """A deep, mutable copy of a reply (records hold read-only mappings)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict:
    """`base` with `changes` applied: mappings merge, other values replace, None removes."""
    out = _plain(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping):
            merged = merge(out.get(key) or {}, value)
            if merged or key in out:
                out[key] = merged
        else:
            out[key] = _plain(value)
    return out


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat if flat or not prefix else {prefix: {}}
    return {prefix: value}


def config_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every leaf setting that differs between two configurations, sorted by path."""
    before, after = _flatten(old), _flatten(new)
    changes = []
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path), after.get(path)
        if a in ({}, []):
            a = None
        if b in ({}, []):
            b = None
        if a != b:
            changes.append(Change(path=path, old=a, new=b))
    return changes


def in_place(config: Mapping[str, Any], wanted: list[Change]) -> bool:
    """True when every change of `wanted` (from `config_diff`) holds in `config`.

    For reading an update back: the settings it changes are compared, nothing else, so
    values Cognito fills in by itself cannot make a change that was made look unmade.
    """
    flat = _flatten(config)
    for change in wanted:
        value = flat.get(change.path)
        if value in ({}, []):
            value = None
        if value != change.new:
            return False
    return bool(wanted)


def _describe_raw(pool_id: str) -> dict:
    return call("DescribeUserPool", region=region_of(pool_id), UserPoolId=pool_id)["UserPool"]


def pool_update_request(*, pool_id: str, changes: Mapping[str, Any]) -> tuple[dict, dict]:
    """The current configuration and the full UpdateUserPool request with `changes`.

    UpdateUserPool resets every setting it is not sent, so the request is the whole
    of DescribeUserPool's reply (keeping only the keys UpdateUserPool accepts, per
    botocore's input shape) with the changes applied.
    """
    raw = _describe_raw(pool_id)
    current = accepted_by("UpdateUserPool", raw)
    current["UserPoolId"] = pool_id
    if raw.get("Name"):  # DescribeUserPool says Name; UpdateUserPool takes PoolName
        current["PoolName"] = raw["Name"]
    return current, merge(current, changes)


@dataclass(frozen=True)
class Preview:
    """What an update would change, and a fingerprint of the configuration it starts from."""

    changes: tuple[Change, ...]
    fingerprint: str


def fingerprint(config: Mapping[str, Any]) -> str:
    text = json.dumps(_plain(config), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def check_fingerprint(current: Mapping[str, Any], expected: str | None) -> None:
    if expected and fingerprint(current) != expected:
        raise errors.InvalidInput(
            "The configuration changed since you reviewed the differences; nothing was "
            "saved. Review the new differences and confirm again.",
            code="ConfigurationChanged",
        )


def pool_update_preview(*, pool_id: str, changes: Mapping[str, Any]) -> Preview:
    """What an update would change, for the person to confirm before it is sent."""
    current, request = pool_update_request(pool_id=pool_id, changes=changes)
    return Preview(changes=tuple(config_diff(current, request)), fingerprint=fingerprint(current))


def pool_create(*, config: Mapping[str, Any]) -> Pool:
    """CreateUserPool with a full configuration (PoolName included); the new pool."""
    params = _plain(config)
    name = params.get("PoolName", "")
    region = params.pop("Region", None) or accounts.regions()[0]
    since = time.time()

    def find() -> dict | None:
        # Pool names are not unique: a retry would create a second pool. After a lost
        # answer, the pool of this name created just now is this request's.
        for summary in every_item("ListUserPools", region=region, items_key="UserPools"):
            if summary.get("Name") == name and made_recently(summary.get("CreationDate"), since):
                return call("DescribeUserPool", region=region, UserPoolId=summary["Id"])
        return None

    response = write(
        "CreateUserPool", region=region, target_type="pool", target_id=name, find=find, **params
    )
    created = response["UserPool"]
    cache.delete(_all_pools_key())
    pool_forget(pool_id=created["Id"])
    return Pool.from_shape(created)


def pool_update(*, pool_id: str, changes: Mapping[str, Any], expected: str | None = None) -> Pool:
    """UpdateUserPool with the whole current configuration and `changes` applied.

    With `expected` (a Preview's fingerprint), nothing is sent if the configuration
    changed since the preview was shown.
    """
    current, request = pool_update_request(pool_id=pool_id, changes=changes)
    check_fingerprint(current, expected)
    wanted = config_diff(current, request)
    request.pop("UserPoolId", None)

    def applied() -> bool:
        # Every setting the update changes now holds its new value.
        now, _ = pool_update_request(pool_id=pool_id, changes={})
        return in_place(now, wanted)

    try:
        write(
            "UpdateUserPool",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="pool",
            target_id=pool_id,
            verify=applied,
            UserPoolId=pool_id,
            **request,
        )
    finally:
        pool_forget(pool_id=pool_id)
    return pool_get(pool_id=pool_id, fresh=True)


DELETION_PROTECTED = (
    "Deletion protection is on for this pool, so Cognito refuses to delete it. "
    "Turn deletion protection off in the pool's settings first."
)


def _pool_gone(pool_id: str) -> bool:
    try:
        call("DescribeUserPool", region=region_of(pool_id), UserPoolId=pool_id)
    except errors.NotFound:
        return True
    return False


def pool_delete(*, pool_id: str, confirm_name: str) -> None:
    """DeleteUserPool, after checking the typed name and the deletion protection."""
    pool = pool_get(pool_id=pool_id, fresh=True)
    if confirm_name != pool.name:
        raise errors.InvalidInput(
            "The name typed does not match the pool's name; nothing was deleted.",
            code="ConfirmationMismatch",
        )
    if pool.deletion_protection == "ACTIVE":
        raise errors.InvalidInput(DELETION_PROTECTED, code="DeletionProtectionActive")
    try:
        write(
            "DeleteUserPool",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="pool",
            target_id=pool_id,
            verify=lambda: _pool_gone(pool_id),
            UserPoolId=pool_id,
        )
    finally:
        pool_forget(pool_id=pool_id)


def custom_attribute_name(attribute: Mapping[str, Any]) -> str:
    """The name Cognito stores a custom attribute under, from its AddCustomAttributes or
    CreateUserPool Schema entry (`Name` typed without a prefix): `custom:<Name>`, or
    `dev:custom:<Name>` when `DeveloperOnlyAttribute` is true. That is how
    DescribeUserPool names them (the embedded backend too); the API reference's
    SchemaAttributeType.Name shortens the second to `dev:<Name>`."""
    name = f"custom:{attribute['Name']}"
    return f"dev:{name}" if attribute.get("DeveloperOnlyAttribute") else name


def pool_add_custom_attributes(*, pool_id: str, attributes: list[Mapping[str, Any]]) -> Pool:
    """AddCustomAttributes (names without `custom:`; Cognito adds the prefix); the pool
    as it is afterwards.

    Permanent: "You can't delete custom attributes after you create them" (API
    reference, AddCustomAttributes); once added, an attribute cannot be renamed nor its
    type, mutability or constraints changed (developer guide, "Custom attributes"; and
    UpdateUserPool has no Schema member in botocore's model). So the console sends it
    only after a reviewed, typed confirmation (pools.services.add_custom_attributes).
    A name the pool already has is refused (InvalidInput, InvalidParameterException).
    A retry after a lost answer is refused (the attributes exist): read back, by the
    names of `custom_attribute_name`.
    """
    wanted = {custom_attribute_name(a) for a in attributes}

    def added() -> bool:
        shape = call("DescribeUserPool", region=region_of(pool_id), UserPoolId=pool_id)
        held = {a.get("Name") for a in shape["UserPool"].get("SchemaAttributes") or ()}
        return wanted <= held

    try:
        write(
            "AddCustomAttributes",
            region=region_of(pool_id),
            pool_id=pool_id,
            target_type="pool",
            target_id=pool_id,
            verify=added,
            UserPoolId=pool_id,
            CustomAttributes=[_plain(a) for a in attributes],
        )
    finally:
        pool_forget(pool_id=pool_id)
    return pool_get(pool_id=pool_id, fresh=True)
