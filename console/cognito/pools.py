"""User pool operations."""

from __future__ import annotations

import base64
import json

from django.conf import settings
from django.core.cache import cache

from . import errors
from .client import call, check_limit, region_of
from .records import Page, Pool, PoolSummary


def _encode(state: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


def _decode(token: str) -> dict:
    try:
        state = json.loads(base64.urlsafe_b64decode(token.encode()))
        if not isinstance(state, dict):
            raise ValueError
        return state
    except (ValueError, TypeError) as exc:
        raise errors.InvalidInput(
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
    regions = list(settings.COGNITO_REGIONS)
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
        raise errors.InvalidInput("That page link is no longer valid.", code="InvalidToken")
    items: list[PoolSummary] = []
    cognito_token = state.get("token")
    while region_index < len(regions) and len(items) < limit:
        params = {"MaxResults": limit - len(items)}
        if cognito_token:
            params["NextToken"] = cognito_token
        response = call("ListUserPools", region=regions[region_index], **params)
        items.extend(PoolSummary.from_shape(p) for p in response.get("UserPools", []))
        cognito_token = response.get("NextToken")
        if not cognito_token:
            region_index += 1
    next_token = None
    if region_index < len(regions):
        next_token = _encode({"region": region_index, "token": cognito_token})
    return Page(items=tuple(items), next_token=next_token)


def pool_list_all(*, fresh: bool = False) -> list[PoolSummary]:
    """Every pool in every configured Region, cached briefly."""
    key = "cognito:pools:all"
    pools = None if fresh else cache.get(key)
    if pools is None:
        pools = []
        for region in settings.COGNITO_REGIONS:
            token = None
            while True:
                params = {"MaxResults": 60}
                if token:
                    params["NextToken"] = token
                response = call("ListUserPools", region=region, **params)
                pools.extend(PoolSummary.from_shape(p) for p in response.get("UserPools", []))
                token = response.get("NextToken")
                if not token:
                    break
        pools.sort(key=lambda p: (p.name.casefold(), p.id))
        cache.set(key, pools, settings.COGNITO_METADATA_TTL)
    return pools


def _pool_key(pool_id: str) -> str:
    return f"cognito:pool:{pool_id}"


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
    cache.delete_many([_pool_key(pool_id), "cognito:pools:all"])
