"""The row rules of Cognito's import job, each written once.

A column's rule (`ColumnRule`) holds its fast-path pattern (a regular expression that
matches only values the rule passes as they are; the fast path, fastpath.py, joins
them into one pattern per row) and its detailed check (what is wrong, in words). A rule
across columns (`CrossRule`) holds its test on the row's flags (facts like "email is
not empty"), which fastpath.py turns into regex conditionals, and its message.

The rules (AWS's import guide, the facts file): a username, unique (ignoring case in
a pool whose usernames are case-insensitive); cognito:mfa_enabled fitting the pool's
MFA setting; at least one of the pool's auto-verified attributes verified in every
row; the verified attribute present; the pool's required attributes; custom attribute
constraints (String length, Number range, Boolean); email, E.164 phone, mm/dd/yyyy
birthdate, epoch-seconds updated_at. The value rules are shared with the user forms and
the embedded backend's import job (console.cognito.attribute_values).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from console.cognito.attribute_values import (
    EMAIL_LOCAL_MAX,
    EMAIL_MAX,
    EMAIL_PATTERN,
    PHONE_PATTERN,
    birthdate_from_import,
    is_email,
    is_epoch_seconds,
    is_phone_number,
)

from . import limits
from .pool import PoolRules
from .report import show

QUOTES_MESSAGE = (
    "Cognito does not unquote values: remove the quotes, and escape a comma inside a value as \\,."
)
TRUE_FALSE = frozenset({"true", "false"})
_ASCII_USERNAME = re.compile(r"[!-~]+")  # printable ASCII without space: all L/N/P/S
_WHITESPACE = re.compile(r"\s")
_INTEGER = re.compile(r"-?[0-9]+")
_WHAT = {"email": "address", "phone_number": "number"}

# Fast-path pieces: printable text without the characters that need a closer look
# (comma, quote, backslash, control characters) and, first, the spreadsheet-formula
# characters. What the detailed path would refuse or change (a control character, a
# quote, the export's single quote, spaces around a value) does not match.
_CTRL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
_PLAIN = rf'[^,"\\{_CTRL}]'
_PLAIN_FIRST = rf"""[^,"\\{_CTRL}=+\-@'\s]"""
_PLAIN_LAST = rf'[^,"\\{_CTRL}\s]'
GENERIC = rf"(?:{_PLAIN_FIRST}{_PLAIN}*+(?<!\s))?"
TRUE, FALSE = "[Tt][Rr][Uu][Ee]", "[Ff][Aa][Ll][Ss][Ee]"
_TF = f"(?:{TRUE}|{FALSE})"
# The shared email rule with its length limits as lookaheads, and no leading = + - '
# (those go to the detailed path, which knows the export's spreadsheet guard).
EMAIL_FAST = (
    rf"(?![=+\-'])(?=[^@,\n]{{1,{EMAIL_LOCAL_MAX}}}@)(?=[^,\n]{{1,{EMAIL_MAX}}}[,\n])"
    rf"{EMAIL_PATTERN}"
)


@dataclass(frozen=True)
class ColumnRule:
    """One column's rule: `pattern` matches only values that `check` passes unchanged
    (the fast path; anything else goes to `check`); `check(value)` is the message for a
    bad value (the value trimmed; "" is an empty value), or None."""

    pattern: str
    check: Callable[[str], str | None]
    #: (low, high) for a Number with limits: the fast path compares them in Python.
    limits: tuple[int | None, int | None] | None = None


def _ok(value: str) -> None:
    return None


def _true_false(value: str) -> str | None:
    if value.lower() in TRUE_FALSE:
        return None
    return f"{show(value)} must be true or false."


def _username(username: str) -> str | None:
    if not username:
        return "missing. Every user needs a username."
    if _WHITESPACE.search(username):
        return f"{show(username)} contains whitespace. Remove it."
    if len(username) > limits.USERNAME_MAX:
        return f"{len(username)} characters; at most {limits.USERNAME_MAX}. Shorten it."
    if not _ASCII_USERNAME.fullmatch(username) and not all(
        unicodedata.category(ch)[0] in "LMSNP" for ch in username
    ):
        return (
            f"{show(username)} has characters a username cannot have (only letters, marks, "
            "symbols, digits and punctuation)."
        )
    return None


def duplicate_message(username: str, case_sensitive: bool) -> str:
    """The message for a username that an earlier row of the file already has."""
    case = (
        ""
        if case_sensitive
        else " (this pool's usernames ignore case, so “Ann” and “ann” are one user)"
    )
    return (
        f"{show(username)} appears earlier in the file{case}. Usernames must be unique: "
        "remove or rename one of the rows."
    )


def _mfa(mode: str) -> ColumnRule:
    def check(value: str) -> str | None:
        mfa = value.lower()
        if mfa not in TRUE_FALSE:
            return f"{show(value)} must be true or false."
        if mfa == "true" and mode == "OFF":
            return "true, but MFA is off in this pool. Set it to false."
        if mfa == "false" and mode == "ON":
            return (
                "false, but MFA is required in this pool. Set it to true (and give the user "
                "a phone_number)."
            )
        return None

    pattern = {"OFF": FALSE, "ON": TRUE}.get(mode, _TF)
    return ColumnRule(pattern, check)


def _email(value: str) -> str | None:
    if value and not is_email(value):
        return f"{show(value)} is not an email address, like name@example.com."
    return None


def _phone(value: str) -> str | None:
    if value and not is_phone_number(value):
        return (
            f"{show(value)} is not in E.164 format: + then country code and number, 7 to 15 "
            "digits, no spaces, like +12065551212."
        )
    return None


def _birthdate(value: str) -> str | None:
    if value and birthdate_from_import(value) is None:
        return f"{show(value)} is not a date as mm/dd/yyyy, like 04/23/1990."
    return None


def _updated_at(value: str) -> str | None:
    if value and not is_epoch_seconds(value):
        return (
            f"{show(value)} must be seconds since the epoch, like 1700000000 (digits only, "
            "no leading zero, at most 2147483647)."
        )
    return None


def in_range(value: str, low: int | None, high: int | None) -> bool:
    """A whole number within the limits (None: no limit on that side)."""
    number = int(value)
    return (low is None or number >= low) and (high is None or number <= high)


def _number(low: int | None, high: int | None) -> ColumnRule:
    def check(value: str) -> str | None:
        if not value:
            return None
        if not _INTEGER.fullmatch(value):
            return f"{show(value)} must be a whole number."
        if in_range(value, low, high):
            return None
        if low is not None and high is not None:
            return f"{value} is outside the allowed range {low} to {high}."
        if low is not None:
            return f"{value} is below the minimum, {low}."
        return f"{value} is above the maximum, {high}."

    limited = None if low is None and high is None else (low, high)
    return ColumnRule("(?:-?[0-9]+)?", check, limited)


def _string(low: int | None, high: int | None) -> ColumnRule:
    top = limits.STRING_ATTRIBUTE_MAX if high is None else high

    def check(value: str) -> str | None:
        if value and (len(value) > top or (low is not None and len(value) < low)):
            plural = "" if len(value) == 1 else "s"
            return f"{len(value)} character{plural}; the schema allows {low or 0} to {top}."
        return None

    least = max(1, low or 0)
    if top < least:
        return ColumnRule("(?!)", check)
    # one character, or first + middle + last (no spaces around)
    one = [_PLAIN_FIRST] if least <= 1 else []
    middle = f"{_PLAIN}{{{max(0, least - 2)},{top - 2}}}"
    more = [f"{_PLAIN_FIRST}{middle}{_PLAIN_LAST}"] if top >= 2 else []
    return ColumnRule(f"(?:{'|'.join(more + one)})?", check)


_DATE_FAST = (
    r"(?:(?:0[1-9]|1[0-2])/(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])/(?:29|30)|(?:0[13578]|1[02])/31)/(?!0000)[0-9]{4}"
)
#: The standard columns' rules. The fast patterns are narrower than the checks where
#: that is simpler (updated_at up to 2,099,999,999, no 29 February): the rest goes to
#: the detailed path, which knows the exact rule.
STANDARD = {
    "cognito:username": ColumnRule(r"(?P<u>[!#$%&()*.-<>?A-~][!#-+\--\[\]-~]{0,127})", _username),
    "email_verified": ColumnRule(f"{_TF}?", lambda v: _true_false(v) if v else None),
    "phone_number_verified": ColumnRule(f"{_TF}?", lambda v: _true_false(v) if v else None),
    "email": ColumnRule(f"(?:{EMAIL_FAST})?", _email),
    "phone_number": ColumnRule(f"(?:{PHONE_PATTERN})?", _phone),
    "birthdate": ColumnRule(f"(?:{_DATE_FAST})?", _birthdate),
    "updated_at": ColumnRule(r"(?:0|[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8})?", _updated_at),
}
#: The order in which a row's messages are given: these columns, then the required
#: ones, then the custom attributes (the rules across columns after their `after`).
ORDER = (
    "cognito:username",
    "cognito:mfa_enabled",
    "email_verified",
    "phone_number_verified",
    "email",
    "phone_number",
    "birthdate",
    "updated_at",
)


def column_rules(rules: PoolRules) -> dict[str, ColumnRule]:
    """Every column's rule for this pool: standard, MFA, custom; others take any text."""
    found = dict(STANDARD, **{"cognito:mfa_enabled": _mfa(rules.mfa_mode)})
    for name, kind, low, high in rules.custom:
        if kind == "Number":
            found[name] = _number(low, high)
        elif kind == "String":
            found[name] = _string(low, high)
        elif kind == "Boolean":
            found[name] = ColumnRule(f"{_TF}?", lambda v: _true_false(v) if v else None)
    return found


@dataclass(frozen=True)
class Flag:
    """A fact about one column that rules across columns test: set when the value's
    first character is `first`; the value is then one of `when_set`, else of `when_not`
    (regex alternatives for the fast path); `of(value)` is the same fact in Python."""

    column: str
    first: str
    when_set: tuple[str, ...]
    when_not: tuple[str, ...]
    of: Callable[[str], bool]


def flags(rules: PoolRules) -> dict[str, Flag]:
    mode = rules.mfa_mode
    return {
        "evt": Flag("email_verified", "[Tt]", (TRUE,), (f"(?:{FALSE})?",), _is_true),
        "pvt": Flag("phone_number_verified", "[Tt]", (TRUE,), (f"(?:{FALSE})?",), _is_true),
        "en": Flag("email", "[^,\n]", (EMAIL_FAST,), ("",), bool),
        "pn": Flag("phone_number", "[^,\n]", (PHONE_PATTERN,), ("",), bool),
        "mf": Flag(
            "cognito:mfa_enabled",
            "[Ff]",
            () if mode == "ON" else (FALSE,),
            () if mode == "OFF" else (TRUE,),
            lambda v: v.lower() == "false",
        ),
    }


def _is_true(value: str) -> bool:
    return value.lower() == "true"


@dataclass(frozen=True)
class CrossRule:
    """A rule across columns: `test(flags)` on two flags; when it fails, `message` for
    `column`. Checked in detail only when the `needs` columns passed their own rules,
    and told after the column `after`."""

    uses: tuple[str, str]
    test: Callable[[dict[str, bool]], bool]
    column: str
    message: str
    needs: tuple[str, ...]
    after: str


def cross_rules(rules: PoolRules) -> list[CrossRule]:
    auto = rules.auto_verified
    by_email, by_phone = "email" in auto, "phone_number" in auto
    flags_ok = ("email_verified", "phone_number_verified")
    if len(auto) == 1:
        what = auto[0]
        column, verified = (
            f"{what}_verified",
            (
                f"not true, but {what} is this pool's only auto-verified attribute, so "
                f"Cognito's import needs {what}_verified true in every row (with the {what} "
                f"filled in). Set it to true only if the {_WHAT[what]} is known to be the "
                "user's; otherwise leave this user out of the import."
            ),
        )
    else:
        column, verified = (
            "email_verified",
            (
                "neither email_verified nor phone_number_verified is true, and Cognito's import "
                "needs one of them true (with its attribute filled in), or the user could not "
                "reset the password. Set one to true only if that address or number is known "
                "to be the user's; otherwise leave this user out of the import."
            ),
        )
    return [
        CrossRule(
            ("evt", "pvt"),
            lambda f: not auto or (by_email and f["evt"]) or (by_phone and f["pvt"]),
            column,
            verified,
            flags_ok,
            "phone_number_verified",
        ),
        CrossRule(
            ("evt", "en"),
            lambda f: not f["evt"] or f["en"],
            "email",
            "email_verified is true but email is empty.",
            flags_ok,
            "phone_number_verified",
        ),
        CrossRule(
            ("pvt", "pn"),
            lambda f: not f["pvt"] or f["pn"],
            "phone_number",
            "phone_number_verified is true but phone_number is empty.",
            flags_ok,
            "phone_number_verified",
        ),
        CrossRule(
            ("pn", "mf"),
            lambda f: f["pn"] or f["mf"],
            "cognito:mfa_enabled",
            "true, but the user has no phone_number to receive codes. Add the phone number "
            "or set it to false.",
            ("cognito:mfa_enabled",),
            "cognito:mfa_enabled",
        ),
    ]
