"""One paged list: the cursor in the URL, stale links, the pager's links, the partial.

`paged` is what every list view calls; the rest is how it keeps Cognito's
forward-only tokens as Next / Previous links that reload.

Cognito's page tokens can be 131,072 characters long, too long for a URL. The token
is kept in the shared cache (database or Redis, so every replica sees it) under a
short key, and the link carries only the key. The key is derived from the scope
(the list and its filter) and the token, so reloading a page or opening its link in
a new tab gives the same page, and a key from another list or filter is refused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache

from .cognito.errors import StaleToken
from .cognito.records import Page

CURSOR_PARAM = "cursor"
TTL = 60 * 60 * 24


class StaleCursor(Exception):
    """The link's page is unknown: expired, or from another list, or made up."""

    message = "That page link has expired or is not valid. The list starts again from page 1."


@dataclass(frozen=True)
class Cursor:
    scope: str
    key: str | None
    token: str | None
    page: int
    prev_key: str | None

    @property
    def has_prev(self) -> bool:
        return self.page > 1


_KEY_RE = re.compile(r"[0-9a-f]{32}")


def _key(scope: str, token: str) -> str:
    return hashlib.sha256(f"{scope}\0{token}".encode()).hexdigest()[:32]


def _cache_key(key: str) -> str:
    return f"cursor:{key}"


def open_cursor(scope: str, key: str | None) -> Cursor:
    """The cursor a request names; page 1 when it names none. Raises StaleCursor."""
    if not key:
        return Cursor(scope=scope, key=None, token=None, page=1, prev_key=None)
    if not _KEY_RE.fullmatch(key):
        raise StaleCursor()
    state = cache.get(_cache_key(key))
    if not isinstance(state, dict) or state.get("scope") != scope:
        raise StaleCursor()
    return Cursor(
        scope=scope, key=key, token=state["token"], page=state["page"], prev_key=state["prev"]
    )


def next_key(cursor: Cursor, next_token: str | None) -> str | None:
    """Store the token of the page after `cursor`, and return its key for the link."""
    if not next_token:
        return None
    key = _key(cursor.scope, next_token)
    cache.set(
        _cache_key(key),
        {"scope": cursor.scope, "token": next_token, "page": cursor.page + 1, "prev": cursor.key},
        TTL,
    )
    return key


@dataclass(frozen=True)
class PageLinks:
    """What the pager template needs: the page number and the two links."""

    page: int
    next_url: str | None
    prev_url: str | None
    first_url: str


def page_links(path: str, params: dict, cursor: Cursor, next_token: str | None) -> PageLinks:
    """Links to the pages around `cursor`, keeping the filter `params`."""
    base = {k: v for k, v in params.items() if v not in (None, "") and k != CURSOR_PARAM}

    def url(key: str | None) -> str:
        query = dict(base)
        if key:
            query[CURSOR_PARAM] = key
        encoded = urlencode(query, doseq=True)
        return f"{path}?{encoded}" if encoded else path

    nxt = next_key(cursor, next_token)
    return PageLinks(
        page=cursor.page,
        next_url=url(nxt) if nxt else None,
        prev_url=url(cursor.prev_key) if cursor.has_prev else None,
        first_url=url(None),
    )


@dataclass(frozen=True)
class ListPage:
    """One page of a list as a view shows it.

    `items` are the service records of the page; `links` the pager's links; `notice`
    is "" or why the list started again from page 1 (a stale or foreign link).
    """

    items: tuple
    links: PageLinks
    notice: str


def paged(
    request,
    *,
    scope: str,
    fetch: Callable[[str | None], Page],
    keep: Mapping[str, Any] | None = None,
) -> ListPage:
    """The page of a Cognito list that `request` asks for, by its `cursor` parameter.

    `scope` names the list and its filter (a cursor of another scope is refused);
    `fetch(token)` returns one service-layer Page for a Cognito token (None: the
    first page); `keep` are the query parameters the links keep (the filter). A cursor
    that is unknown, expired or from another scope, and a token Cognito refuses
    (errors.StaleToken, by error code in the service layer), both start the list again
    from page 1 with a notice. Any other CognitoError propagates.
    """
    notice = ""
    try:
        cursor = open_cursor(scope, request.GET.get(CURSOR_PARAM))
    except StaleCursor:
        notice, cursor = StaleCursor.message, open_cursor(scope, None)
    try:
        page = fetch(cursor.token)
    except StaleToken:
        if cursor.token is None:
            raise
        notice, cursor = StaleCursor.message, open_cursor(scope, None)
        page = fetch(None)
    links = page_links(request.path, dict(keep or {}), cursor, page.next_token)
    return ListPage(items=tuple(page.items), links=links, notice=notice)


def list_template(request, template: str, partial: str) -> str:
    """`template`, or its `partial` (django-template-partials) for an htmx request: the
    part of a list page that changes when the filter or the page does."""
    return f"{template}#{partial}" if getattr(request, "htmx", False) else template
