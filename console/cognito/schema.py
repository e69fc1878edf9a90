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
            return f"Use at least {characters(self.min)}."
        if self.max is not None and len(value) > self.max:
            return f"Use at most {characters(self.max)}."
        if self.pattern and not matches(self.pattern, value):
            return pattern_problem(self.pattern)
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
    # Java's \w, \d and \s are ASCII-only (no UNICODE_CHARACTER_CLASS): so are these.
    return re.compile("".join(out), re.DOTALL | re.ASCII)


def matches(pattern: str, value: str) -> bool:
    """Whether the whole value matches a pattern from the service model."""
    return python_pattern(pattern).fullmatch(value) is not None


def characters(count: int) -> str:
    """A length limit in words: "1 character", "2 characters"."""
    return f"{count} character" if count == 1 else f"{count} characters"


# --- patterns in words ---------------------------------------------------------------
# A validation message never shows a raw regular expression: the model's patterns are
# put into words. A pattern that is one character class with + or * becomes "Only
# letters, digits and + = , . @ - are allowed here"; the compound ones the console's
# forms meet (a {####} placeholder, an ARN, an email address, an https:// URL) have a
# sentence each.

_CLASS_ESCAPES = {
    "p{L}": ("letters",),
    "p{M}": ("accent marks",),
    "p{S}": ("symbols",),
    "p{N}": ("digits",),
    "p{P}": ("punctuation",),
    "p{Z}": ("spaces",),
    "w": ("letters A-Z and a-z", "digits", "underscores"),
    "d": ("digits",),
    "s": ("spaces", "tabs", "line breaks"),
    "t": ("tabs",),
    "n": ("line breaks",),
    "r": ("line breaks",),
}
_RANGE_WORDS = {"a-z": "lowercase letters", "A-Z": "capital letters", "0-9": "digits"}
_LITERAL_WORDS = {" ": "spaces", "_": "underscores"}
_CLASS_ONLY = re.compile(r"\^?\[(?P<body>(?:\\.|[^\]\\])+)\](?P<quantity>[+*])\$?")


def _class_members(body: str) -> list[str] | None:
    """The words for the members of a character class body, or None if it is unusual.

    Named classes come first ("letters", "digits"), then the single characters
    allowed besides them ("+ = , . @ -").
    """
    words: list[str] = []
    literals: list[str] = []
    i = 0
    while i < len(body):
        property_match = re.match(r"\\(p\{[A-Z]\})", body[i:])
        if property_match:
            if property_match.group(1) not in _CLASS_ESCAPES:
                return None
            words.extend(_CLASS_ESCAPES[property_match.group(1)])
            i += property_match.end()
            continue
        hex_match = re.match(r"\\x([0-9A-Fa-f]{2})(?:-\\x([0-9A-Fa-f]{2}))?", body[i:])
        if hex_match:
            low = int(hex_match.group(1), 16)
            high = int(hex_match.group(2) or hex_match.group(1), 16)
            literals.extend(chr(c) for c in range(low, high + 1))
            i += hex_match.end()
            continue
        if body.startswith("\\", i) and i + 1 < len(body):
            escape = body[i + 1]
            if escape in _CLASS_ESCAPES:
                words.extend(_CLASS_ESCAPES[escape])
            elif escape.isalnum():
                return None  # \S, \D, \b...: not a plain list of members
            else:
                literals.append(escape)
            i += 2
            continue
        piece = body[i : i + 3]
        if piece in _RANGE_WORDS:
            words.append(_RANGE_WORDS[piece])
            i += 3
            continue
        if len(piece) == 3 and piece[1] == "-":
            return None  # another range: the general sentence says it
        if body[i] in _LITERAL_WORDS:
            words.append(_LITERAL_WORDS[body[i]])
        else:
            literals.append(body[i])
        i += 1
    if "lowercase letters" in words and "capital letters" in words:
        words = ["letters A-Z and a-z" if w.endswith(" letters") else w for w in words]
    visible = {chr(c) for c in range(0x21, 0x7F)}
    if len(set(literals)) > 20 and set(literals) <= visible:
        missing = " ".join(sorted(visible - set(literals)))
        words.append("visible ASCII characters" + (f" except {missing}" if missing else ""))
    elif literals:
        words.append(" ".join(dict.fromkeys(literals)))
    return list(dict.fromkeys(words))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_AWS_PATTERN_CONSTRAINT = re.compile(
    r"Member must satisfy regular expression pattern: (?P<pattern>.+?)(?=; |$)", re.DOTALL
)


def readable_message(message: str) -> str:
    """Cognito's own message with every regular expression in it put into words.

    The service refuses a request that breaks the model with "... failed to satisfy
    constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"
    (several such constraints are joined by "; "); each pattern becomes the sentence
    `pattern_problem` gives, without its final period. Other messages are unchanged.
    """
    return _AWS_PATTERN_CONSTRAINT.sub(
        lambda m: pattern_problem(m.group("pattern")).rstrip("."), message
    )


@functools.cache
def pattern_problem(pattern: str) -> str:
    """What a value breaking one of the model's patterns should be, in words.

    Never the pattern itself: [\\w\\s+=,.@-]+ gives "Only letters, digits, underscores,
    spaces, tabs, line breaks and + = , . @ - are allowed here." Raises nothing; a
    pattern it cannot read gets a general sentence.
    """
    if pattern in ("\\S+", "[\\S]+"):
        return "Use no spaces, tabs or line breaks."
    if "\\{####\\}" in pattern:
        return "The text must contain the code placeholder {####}."
    if "\\{##" in pattern:
        return "The text must contain a link placeholder, like {##Verify email##}."
    if pattern.lstrip("(^").startswith("arn"):
        return "Enter an ARN, like arn:aws:iam::123456789012:role/Name."
    if "https://" in pattern:
        return "Enter an https:// URL without spaces."
    if "]+@[" in pattern:
        return "Enter an email address, like name@example.com."
    match = _CLASS_ONLY.fullmatch(pattern)
    members = _class_members(match.group("body")) if match else None
    if members:
        sentence = f"Only {_and(members)} are allowed here."
        if any("letters" in word for word in members) and not any(
            "spaces" in word for word in members
        ):
            # A name-like value (letters allowed) where a space is what people type.
            sentence += " Spaces are not."
        return sentence
    return "Cognito does not accept this value here."


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
