"""Rules for user attribute values, shared by the console and the embedded backend.

The user forms (users/forms.py), the import pre-flight (pools/imports/csvcheck/) and the
embedded backend's import job (console/emulator/addon.py) all decide with these
functions, so none of them can pass a value another refuses (issue 10: "the pre-flight
and the job disagree" is a kind, and one definition is how it stays fixed). The
pre-flight's fast path builds its regular expressions from the ``*_PATTERN`` strings.

This module is pure standard library on purpose: the emulator may import nothing of the
console outside console/cognito/, and nothing that needs Django or boto3, and the
console must never depend on the emulator. Importing it runs console/cognito/__init__.py,
which imports only the pure `errors` and `records` modules.

Where AWS documents a rule, the rule is AWS's. Where it does not, the rule is our
choice, at least as strict as any plausible AWS rule, so the console never passes a
value that AWS may refuse or change. docs/emulator.md ("Value rules") says which is
which and gives the sources.
"""

from __future__ import annotations

import calendar
import re

#: A phone number: ``+``, a country code (not starting with 0), digits only, 7 to 15
#: digits in all. AWS documents the + sign, the country code and "only the + sign and
#: digits" (developer guide, "User pool attributes"); 15 digits is E.164's maximum. The
#: minimum of 7 is our choice (AWS undocumented): the shortest numbers in use are a
#: 3-digit country code and 4 digits (Niue, Tokelau).
PHONE_PATTERN = r"\+[1-9][0-9]{6,14}"

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
#: An email address, without its length limits (see `is_email`): an ASCII dot-atom local
#: part, ``@``, and a domain of at least two labels whose last is 2-63 letters. AWS
#: documents only "the standard email format with @ symbol and domain"; the rest is our
#: choice (no quoted local parts, IP literals, non-ASCII or single-label domains).
EMAIL_PATTERN = rf"{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}"
EMAIL_LOCAL_MAX = 64  # RFC 5321
EMAIL_MAX = 254  # RFC 5321 (a 256-octet path less its angle brackets)

#: Characters no value may hold: control characters other than the tab (NUL, CR, LF,
#: \x1c-\x1f, DEL, C1 such as NEL) and the Unicode line and paragraph separators, which
#: line-splitting parsers take for line ends. Our choice: AWS does not document them.
CONTROL_PATTERN = r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]"

#: The largest updated_at we accept: 2^31 - 1 (2038-01-19). Our choice (see
#: `is_epoch_seconds`).
UPDATED_AT_MAX = 2**31 - 1

_PHONE = re.compile(PHONE_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)
_CONTROL = re.compile(CONTROL_PATTERN)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_IMPORT_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")
_EPOCH = re.compile(r"0|[1-9][0-9]{0,9}")


def is_phone_number(value: str) -> bool:
    """True if `value` is a phone number as `PHONE_PATTERN` says (nothing trimmed)."""
    return _PHONE.fullmatch(value) is not None


def is_email(value: str) -> bool:
    """True if `value` is an email address as `EMAIL_PATTERN` says, with a local part of
    at most 64 characters and at most 254 in all (RFC 5321; our choice, AWS undocumented
    beyond its 2048-character attribute limit)."""
    if len(value) > EMAIL_MAX or _EMAIL.fullmatch(value) is None:
        return False
    return value.index("@") <= EMAIL_LOCAL_MAX


def _real_date(year: int, month: int, day: int) -> bool:
    if year < 1 or not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def is_birthdate(value: str) -> bool:
    """True if `value` is a birthdate as Cognito stores it: ``YYYY-MM-DD`` (OpenID
    Connect; AWS's schema gives birthdate 10 characters), a real calendar date in the
    years 0001-9999. Refusing impossible dates such as 1990-02-30 is our choice."""
    match = _ISO_DATE.fullmatch(value)
    return match is not None and _real_date(*map(int, match.groups()))


def birthdate_from_import(value: str) -> str | None:
    """The ``YYYY-MM-DD`` of an import file's ``mm/dd/yyyy`` birthdate, or None if it is
    not one. AWS's import guide documents mm/dd/yyyy ("02/01/1985" for February 1,
    1985); refusing impossible dates such as 02/30/1990 and the year 0000 is our
    choice (AWS undocumented)."""
    match = _IMPORT_DATE.fullmatch(value)
    if match is None:
        return None
    month, day, year = match.groups()
    if not _real_date(int(year), int(month), int(day)):
        return None
    return f"{year}-{month}-{day}"


def is_epoch_seconds(value: str) -> bool:
    """True if `value` is an updated_at value: epoch seconds (AWS's import guide:
    "epoch time in seconds, for example 1471453471"). Our choice, AWS undocumented:
    ASCII digits only (no sign, no other script's digits), no leading zero, and at most
    `UPDATED_AT_MAX`, so a service that reads it into a 32-bit integer takes it too."""
    return _EPOCH.fullmatch(value) is not None and int(value) <= UPDATED_AT_MAX


def control_character(value: str) -> re.Match[str] | None:
    """The first character of `value` that no value may hold (`CONTROL_PATTERN`), or None."""
    return _CONTROL.search(value)


def is_quoted(value: str) -> bool:
    """True if `value` starts with a double quote once leading spaces are trimmed.

    AWS's import guide says string values "should not be in quotation marks" and does
    not say what the job does with one (unquote it, keep it, or fail the row). Our
    choice: such a value is refused everywhere, so no value can change on its way
    through an import. A double quote later in a value is kept as it is.
    """
    return value.lstrip().startswith('"')
