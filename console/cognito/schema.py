"""Limits and shapes from botocore's service model for cognito-idp.

Forms read min / max / pattern / enum from here instead of copying numbers by hand,
and the update functions use the input shapes to keep only the keys an Update*
operation accepts when they send a Describe* reply back.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import botocore.session


@functools.cache
def service_model():
    return botocore.session.get_session().get_service_model("cognito-idp")


def input_shape(operation: str):
    return service_model().operation_model(operation).input_shape


def shape_at(operation: str, path: str):
    """The shape of a member of an operation's input, by a dotted path.

    "Policies.PasswordPolicy.MinimumLength" walks structures; "Schema[]" steps into
    a list's member; "UserPoolTags{}" / "UserPoolTags{=}" into a map's key / value.
    """
    shape = input_shape(operation)
    for part in path.split("."):
        step = part.rstrip("[]{}=")
        shape = shape.members[step]
        if part.endswith("[]"):
            shape = shape.member
        elif part.endswith("{=}"):
            shape = shape.value
        elif part.endswith("{}"):
            shape = shape.key
    return shape


@dataclass(frozen=True)
class Limits:
    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    enum: tuple[str, ...] = ()

    def check(self, value: str) -> str | None:
        """Why a string breaks these limits, or None when it keeps them."""
        if self.min is not None and len(value) < self.min:
            return f"Use at least {self.min} characters."
        if self.max is not None and len(value) > self.max:
            return f"Use at most {self.max} characters."
        if self.pattern and not matches(self.pattern, value):
            return f"This does not match the pattern Cognito requires ({self.pattern})."
        if self.enum and value not in self.enum:
            return f"Choose one of {', '.join(self.enum)}."
        return None


def limits(operation: str, path: str) -> Limits:
    shape = shape_at(operation, path)
    meta = shape.metadata
    return Limits(
        min=meta.get("min"),
        max=meta.get("max"),
        pattern=meta.get("pattern"),
        enum=tuple(getattr(shape, "enum", None) or ()),
    )


def enum(operation: str, path: str) -> tuple[str, ...]:
    return limits(operation, path).enum


def members(operation: str, path: str = "") -> tuple[str, ...]:
    shape = shape_at(operation, path) if path else input_shape(operation)
    return tuple(shape.members)


# --- patterns ------------------------------------------------------------------------
# The model's patterns are Java regexes: \p{L}, \p{M}... are Unicode categories that
# Python's `re` lacks. They are expanded into character ranges, built once.

_PROPERTY = re.compile(r"\\p\{([A-Z][a-z]?)\}")


@functools.cache
def _all_ranges() -> dict[str, list[tuple[int, int]]]:
    """Code point ranges of each major Unicode category (L, M, N, P, S, Z, C), one pass."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    category = unicodedata.category
    for code in range(sys.maxunicode + 1):
        spans = ranges.setdefault(category(chr(code))[0], [])
        if spans and spans[-1][1] == code - 1:
            spans[-1] = (spans[-1][0], code)
        else:
            spans.append((code, code))
    return ranges


@functools.cache
def _category_ranges(category: str) -> str:
    spans = _all_ranges().get(category[0], [])
    if len(category) > 1:  # a minor category: filter code point by code point
        spans = [
            (c, c)
            for a, b in spans
            for c in range(a, b + 1)
            if unicodedata.category(chr(c)) == category
        ]
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in spans)


@functools.cache
def python_pattern(pattern: str) -> re.Pattern:
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        m = _PROPERTY.match(pattern, i)
        if m:
            ranges = _category_ranges(m.group(1))
            out.append(ranges if depth else f"[{ranges}]")
            i = m.end()
            continue
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        out.append(ch)
        i += 1
    return re.compile("".join(out), re.DOTALL)


def matches(pattern: str, value: str) -> bool:
    """Whether the whole value matches a pattern from the service model."""
    return python_pattern(pattern).fullmatch(value) is not None


# --- shapes --------------------------------------------------------------------------


def accepted(value: Any, shape) -> Any:
    """`value` with only the members `shape` (an input shape) accepts, recursively.

    Describe* replies carry read-only keys (Id, Arn, Status, dates...) that the
    Update* operations refuse; this drops them and keeps everything else.
    """
    if shape.type_name == "structure" and isinstance(value, Mapping):
        return {
            key: accepted(item, shape.members[key])
            for key, item in value.items()
            if key in shape.members
        }
    if shape.type_name == "list" and isinstance(value, list | tuple):
        return [accepted(item, shape.member) for item in value]
    if shape.type_name == "map" and isinstance(value, Mapping):
        return {key: accepted(item, shape.value) for key, item in value.items()}
    return value


def accepted_by(operation: str, value: Mapping[str, Any]) -> dict:
    return accepted(dict(value), input_shape(operation))
