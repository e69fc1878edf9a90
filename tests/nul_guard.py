"""PostgreSQL's refusal of NUL, applied on every database the suite runs on.

SQLite stores "\\x00" where PostgreSQL refuses it (in text, and as \\u0000 in jsonb),
so a path that writes a NUL passed on SQLite and was a 500 in production. The suite
installs `refuse_nul` around every query of the test thread's connection, so any such
path fails on SQLite too.
"""

from __future__ import annotations

import json
from typing import Any


class NulWrite(AssertionError):
    """A query parameter holds a NUL character, which PostgreSQL would refuse."""


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        if "\x00" in value:
            return True
        if value[:1] in '{["' and "\\u0000" in value:
            try:
                return _holds_nul(json.loads(value))
            except ValueError:
                return False
        return False
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    return False


def refuse_nul(execute, sql, params, many, context):
    """A Django execute_wrapper: raise NulWrite before a query whose parameters hold a NUL."""
    rows = params if many else [params]
    for row in rows or ():
        if _holds_nul(list(row.values()) if isinstance(row, dict) else row):
            raise NulWrite(f"A NUL character would reach the database: {sql[:120]}")
    return execute(sql, params, many, context)
