"""Text the database can store, whatever a URL, a file or Cognito's reply brought.

PostgreSQL refuses the NUL character in text columns ("A string literal cannot contain
NUL (0x00) characters") and its escape in jsonb ("unsupported Unicode escape sequence"),
where SQLite stores it: a client ID of "%00" in a URL, echoed into an audit event,
turned a page into a 500 on PostgreSQL only. Every model save passes `clean_instance`
(a pre_save receiver for all models), and the few queryset `.update()` writes pass
`storable` themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

NUL = "\x00"
#: What a NUL becomes: U+FFFD REPLACEMENT CHARACTER, so the record still shows that
#: something unprintable was there.
REPLACEMENT = "\ufffd"


def storable(value: Any) -> Any:
    """`value` with every NUL in its strings replaced by U+FFFD.

    Strings, and the keys and values of mappings, lists and tuples (a JSON document),
    at any depth; anything else is returned as it is.
    """
    if isinstance(value, str):
        return value.replace(NUL, REPLACEMENT) if NUL in value else value
    if isinstance(value, Mapping):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    return value


_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def clean_instance(sender, instance, **kwargs) -> None:
    """pre_save receiver: make every text and JSON field of `instance` storable."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, _TEXT_FIELDS):
            value = getattr(instance, field.attname)
            cleaned = storable(value)
            if cleaned is not value:
                setattr(instance, field.attname, cleaned)
