"""The pre-flight check of a user-import CSV file, before anything is sent to Cognito.

Pure Python, streaming, constant memory: the file is read from disk in 1 MB chunks of
whole lines; valid lines go straight to a clean file (what will be uploaded), rejected
lines to a rejected-rows report for people (RFC 4180 CSV with a byte-order mark: line,
reason, the values as read, and the whole line where its values do not fit the
columns; every cell formula-guarded; not an import file), and the username of every clean line
to a compressed row map (so CloudWatch's "Line Number N" can be joined back to a
username). What stays in memory is bounded whatever the file's size: one chunk, the
first 100 problems, a fixed 8 MB table of username hashes for the uniqueness check,
and the compressed map (a few MB for 500,000 users).

Speed: a chunk whose every line passes one compiled pattern built from the header
(the rules across columns included, as regex conditionals) is accepted in C, bar the
uniqueness check; any other chunk is read line by line, and a line the pattern does
not pass goes through the detailed checks, which say what is wrong and how to fix it.
Both paths give the same verdicts (tests/imports/test_csvcheck.py compares them).

Cognito's CSV dialect (facts file): UTF-8 without a byte-order mark, every column of
GetCSVHeader in any order, values NOT quoted, a comma inside a value escaped with a
backslash. So this is not Python's csv module's dialect: a value that starts with a
double quote is refused (Cognito does not unquote), a double quote inside a value is
kept as it is, and two backslashes are one backslash (console/csvsafe.py has the
dialect, shared with the export and the embedded backend's parser).

What the check changes, each with a notice, so the uploaded (clean) file holds what
Cognito would store: spaces around values are trimmed (Cognito trims them too); a
leading single quote that the console's own export adds before a value a spreadsheet
would run as a formula is removed (console.csvsafe.restore_line).

The rules of the import job it applies (AWS's import guide, the facts file): the
columns of GetCSVHeader; a username, unique (ignoring case in a pool whose usernames
are case-insensitive); cognito:mfa_enabled fitting the pool's MFA setting; at least one
of the pool's auto-verified attributes verified in every row (a pool without one
cannot import at all); the verified attribute present; the pool's required
attributes; custom attribute constraints (String length, Number range, Boolean);
email, E.164 phone, mm/dd/yyyy birthdate, epoch-seconds updated_at, no control
characters and no value in quotes. The value rules are shared with the user forms and
the embedded backend's import job (console.cognito.attribute_values).
"""

from __future__ import annotations

import csv
import hashlib
import io
import operator
import re
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from console.cognito.attribute_values import (
    CONTROL_PATTERN,
    EMAIL_LOCAL_MAX,
    EMAIL_MAX,
    EMAIL_PATTERN,
    PHONE_PATTERN,
    birthdate_from_import,
    is_email,
    is_epoch_seconds,
    is_phone_number,
    is_quoted,
)
from console.csvsafe import (
    FORMULA_PREFIXES,
    escape_value,
    neutralise,
    restore_line,
    split_values,
)

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 500_000
MAX_ROW_CHARS = 16_000
MAX_PROBLEMS_SHOWN = 100
USERNAME_MAX = 128
STRING_ATTRIBUTE_MAX = 2048
BOM = b"\xef\xbb\xbf"

_ASCII_USERNAME = re.compile(r"[!-~]+")  # printable ASCII without space: all L/N/P/S
_WHITESPACE = re.compile(r"\s")
_INTEGER = re.compile(r"-?[0-9]+")
# A value that a spreadsheet would run as a formula: "=...", or +, - or @ before
# something that is not a digit (so phone numbers and negative numbers pass).
_FORMULA = re.compile(r"=|[+\-@][^0-9]")
_TRUE_FALSE = frozenset({"true", "false"})
QUOTES_MESSAGE = (
    "Cognito does not unquote values: remove the quotes, and escape a comma inside a "
    "value as \\,."
)
_BOOL_OR_EMPTY = frozenset({"", "true", "false"})
_WHAT = {"email": "address", "phone_number": "number"}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str
    severity: str = "error"  # or "warning": shown, but the row is still imported

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Report:
    """What the check found. `fatal` means nothing in the file can be imported."""

    file_size: int = 0
    sha256: str = ""
    rows: int = 0
    valid_rows: int = 0
    problem_rows: int = 0
    warning_rows: int = 0
    #: Messages found, errors and warnings (`problems` keeps the first 100 of them).
    problem_count: int = 0
    #: Of those, the warnings (the rows they are in are still imported).
    warning_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    fatal: str = ""
    header: list[str] = field(default_factory=list)
    #: True when the file has more than MAX_ROWS rows: the check stopped counting there,
    #: so `rows` is only a lower bound.
    too_many_rows: bool = False

    @property
    def error_count(self) -> int:
        """Messages about problems (rows with one are not imported)."""
        return self.problem_count - self.warning_count

    @property
    def ok(self) -> bool:
        return not self.fatal and self.problem_rows == 0

    @property
    def can_import_valid_rows(self) -> bool:
        return not self.fatal and self.valid_rows > 0

    @property
    def more_problems(self) -> int:
        return self.problem_count - len(self.problems)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        data = dict(data)
        problems = [Problem(**p) for p in data.pop("problems", [])]
        if "warning_count" not in data:  # a report from before the count was kept
            data["warning_count"] = sum(p.severity == "warning" for p in problems)
        known = {f for f in cls.__dataclass_fields__}
        return cls(problems=problems, **{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class PoolRules:
    """What the check needs to know about the pool (from GetCSVHeader and DescribeUserPool)."""

    header: tuple[str, ...]
    mfa: str = "OFF"  # OFF, ON or OPTIONAL
    required: tuple[str, ...] = ()
    # custom attribute name -> (data type, min length/value, max length/value)
    custom: tuple[tuple[str, str, int | None, int | None], ...] = ()
    #: The pool's auto-verified attributes (email, phone_number): a row must verify one
    #: of them; with none, the pool cannot import (AWS's import guide).
    auto_verified: tuple[str, ...] = ("email", "phone_number")
    #: False for a pool with UsernameConfiguration.CaseSensitive = false: `Casey.Dup`
    #: and `casey.dup` are one user, so the second is a duplicate.
    case_sensitive: bool = True

    @property
    def blocker(self) -> str:
        """Why no row of any file can be imported into this pool, or ""."""
        if self.auto_verified:
            return ""
        return (
            "This pool has no auto-verified attribute (email or phone number), so Cognito "
            "cannot import users into it: an import job would not start. Choose email or "
            "phone number verification in the pool's settings first."
        )

    def username_key(self, username: str) -> str:
        """The username as the pool compares it (Unicode lower case if case-insensitive)."""
        return username if self.case_sensitive else username.lower()

    @classmethod
    def for_pool(cls, pool: Any, header: Iterable[str]) -> PoolRules:
        raw = getattr(pool, "raw", None) or {}
        config = raw.get("UsernameConfiguration") or {}
        return cls(
            header=tuple(header),
            auto_verified=tuple(
                a for a in pool.auto_verified_attributes if a in ("email", "phone_number")
            ),
            case_sensitive=config.get("CaseSensitive", True) is not False,
            mfa=pool.mfa,
            required=tuple(a.name for a in pool.schema if a.required),
            custom=tuple(
                (
                    a.name,
                    a.data_type,
                    a.min_value if a.data_type == "Number" else a.min_length,
                    a.max_value if a.data_type == "Number" else a.max_length,
                )
                for a in pool.schema
                if a.custom and a.name.startswith("custom:")
            ),
        )


def split_line(line: str) -> list[str]:
    """Cognito's split: commas, except ``\\,``; ``\\\\`` is one backslash."""
    return split_values(line)


#: The rejected-rows report's extra last column: a row whose values do not split into
#: the header's columns is shown whole there (its value columns stay empty).
WHOLE_LINE_COLUMN = "the line as written (when its values do not fit the columns)"
#: A spreadsheet cell holds at most 32,767 characters (Excel); longer text is cut.
_CELL_MAX = 32_000


_GUARDED_FIRST = frozenset("".join(FORMULA_PREFIXES))


def _report_cells(cells: list[str]) -> list[str]:
    """Cells of the rejected-rows report: formula-guarded (console.csvsafe.neutralise),
    each at most 32,000 characters."""
    return [
        neutralise(c[:_CELL_MAX] + "…" if len(c) > _CELL_MAX else c)
        if c[:1] in _GUARDED_FIRST or len(c) > _CELL_MAX
        else c
        for c in cells
    ]


# Characters that cannot be in a value: control characters other than the tab (NUL,
# CR, and so on) and the Unicode line and paragraph separators, which line-splitting
# parsers take for line ends.
_BAD_CHARS = re.compile(CONTROL_PATTERN)  # shared with the forms and the import job
_CHAR_NAMES = {0: "NUL", 9: "tab", 10: "line feed", 13: "carriage return", 0x7F: "DEL"}


def show(value: str, limit: int = 60) -> str:
    """A value for a message, its spaces and invisible characters made visible."""
    shown = value[:limit]
    out = []
    for ch in shown:
        if ch == " ":
            out.append("␣")
        elif ch == "\t":
            out.append("\\t")
        elif _BAD_CHARS.match(ch):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "“" + "".join(out) + ("…" if len(value) > limit else "") + "”"


def _char_name(ch: str) -> str:
    code = ord(ch)
    name = _CHAR_NAMES.get(code) or unicodedata.name(ch, "control character")
    return f"U+{code:04X} ({name})"


def _is_username(value: str) -> bool:
    if _ASCII_USERNAME.fullmatch(value):
        return True
    return all(unicodedata.category(ch)[0] in "LMSNP" for ch in value)


_LINE_LIMIT = 4 * MAX_ROW_CHARS + 2  # bytes: a row of 16,000 characters fits in UTF-8
_CHUNK = 1 << 20
# Fast-path pieces: printable ASCII without the characters that need a closer look
# (comma, quote, backslash) and, first, the spreadsheet-formula characters.
# Anything the detailed path would refuse or change (control characters, a quote or a
# single quote before a value, spaces around a value) does not match, so it goes there.
_CTRL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
_PLAIN = rf'[^,"\\{_CTRL}]'
_PLAIN_FIRST = rf"""[^,"\\{_CTRL}=+\-@'\s]"""
_PLAIN_LAST = rf'[^,"\\{_CTRL}\s]'
_GENERIC = rf"(?:{_PLAIN_FIRST}{_PLAIN}*(?<!\s))?"
_USERNAME_FAST = r"(?P<u>[!#$%&()*.-<>?A-~][!#-+\--\[\]-~]{0,127})"
# The shared email rule (console.cognito.attribute_values) with its length limits as
# lookaheads, and no leading = + - ' (those go to the detailed path, which knows the
# export's spreadsheet guard).
_EMAIL_FAST = (
    rf"(?![=+\-'])(?=[^@,\n]{{1,{EMAIL_LOCAL_MAX}}}@)(?=[^,\n]{{1,{EMAIL_MAX}}}[,\n])"
    rf"{EMAIL_PATTERN}"
)
# Epoch seconds up to 2,099,999,999: within the shared rule; larger ones go to the
# detailed path, which knows its exact maximum.
_UPDATED_AT_FAST = r"(?:0|[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8})?"
_TF = "(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])"
_DATE_FAST = (
    r"(?:(?:0[1-9]|1[0-2])/(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])/(?:29|30)|(?:0[13578]|1[02])/31)/(?!0000)[0-9]{4}"
)


class Checker:
    """Check `source` (binary) against `rules`; write clean and rejected rows as it goes.

    A row goes through one compiled regular expression built from the header (the
    fast path, in C). A row it does not match, or that fails the few cross-column
    rules, goes through the detailed checks, which say what is wrong and how to fix it.
    """

    def __init__(
        self,
        rules: PoolRules,
        *,
        clean: IO[bytes] | None = None,
        rejected: IO[bytes] | None = None,
        max_problems: int = MAX_PROBLEMS_SHOWN,
        fast: bool = True,
    ) -> None:
        self.fast = fast  # False: every row through the detailed checks (tests compare)
        self.rules = rules
        self.clean = clean
        self.rejected = rejected
        self.max_problems = max_problems
        self.report = Report()
        self._report_buffer = io.StringIO()
        self._report_writer = csv.writer(self._report_buffer, lineterminator="\n")
        self._usernames: list[str] = []
        self._map_chunks: list[bytes] = []
        self._compress = zlib.compressobj(1)
        # Where the uploaded file's row index stops matching the original line number
        # (after a rejected or blank line): pairs (row index, original line), flattened.
        self._breaks = array("I")
        self._delta = -1

    def row_map(self) -> bytes:
        """The compressed row map: usernames of the clean file, then original line numbers."""
        return pack_row_map(self._map_chunks, self._compress, self._breaks)

    def _problem(self, line: int, column: str, message: str, severity: str = "error") -> None:
        self.report.problem_count += 1
        self.report.warning_count += severity == "warning"
        if len(self.report.problems) < self.max_problems:
            self.report.problems.append(Problem(line, column, message, severity))

    # ---- the fast path
    def _cross_columns(self, header: list[str]) -> dict[str, str]:
        """Column patterns that also hold the rules across columns, for the whole-chunk path.

        Each of the five columns in those rules records a flag when it is reached
        (a one-character lookahead in an optional group), and its value pattern is a
        conditional on the flags of the columns before it, so a row that breaks a
        rule does not match, with no second scan of the line.
        """
        mode = (self.rules.mfa or "OFF").upper()
        true, false = "[Tt][Rr][Uu][Ee]", "[Ff][Aa][Ll][Ss][Ee]"
        email = _EMAIL_FAST
        phone = PHONE_PATTERN
        mfa_true = [] if mode == "OFF" else [true]
        mfa_false = [] if mode == "ON" else [false]
        # flag -> (column, first-character test, values when set, values when not set)
        flags = {
            "evt": ("email_verified", "[Tt]", [true], [f"(?:{false})?"]),
            "pvt": ("phone_number_verified", "[Tt]", [true], [f"(?:{false})?"]),
            "en": ("email", "[^,\n]", [email], [""]),
            "pn": ("phone_number", "[^,\n]", [phone], [""]),
            "mf": ("cognito:mfa_enabled", "[Ff]", mfa_false, mfa_true),
        }
        auto = self.rules.auto_verified
        by_email, by_phone = "email" in auto, "phone_number" in auto
        rules = [
            lambda v: (by_email and v["evt"]) or (by_phone and v["pvt"]),
            lambda v: not v["evt"] or v["en"],
            lambda v: not v["pvt"] or v["pn"],
            lambda v: v["pn"] or v["mf"],
        ]
        pairs = [("evt", "pvt"), ("evt", "en"), ("pvt", "pn"), ("pn", "mf")]
        position = {flag: header.index(spec[0]) for flag, spec in flags.items()}
        parts: dict[str, str] = {}
        for flag, (column, first, when_set, when_not) in flags.items():
            earlier = sorted(
                {
                    other
                    for pair in pairs
                    if flag in pair
                    for other in pair
                    if other != flag and position[other] < position[flag]
                }
            )
            checked = [
                rule
                for rule, pair in zip(rules, pairs, strict=True)
                if flag in pair and all(position[f] <= position[flag] for f in pair)
            ]

            def tree(
                index: int,
                values: dict[str, bool],
                flag=flag,
                checked=checked,
                earlier=earlier,
                when_set=when_set,
                when_not=when_not,
            ) -> str:
                if index == len(earlier):
                    allowed = []
                    for state, choices in ((True, when_set), (False, when_not)):
                        trial = {f: False for f in flags} | values | {flag: state}
                        if all(rule(trial) for rule in checked):
                            allowed.extend(choices)
                    return f"(?:{'|'.join(allowed)})" if allowed else "(?!)"
                name = earlier[index]
                yes = tree(index + 1, {**values, name: True})
                no = tree(index + 1, {**values, name: False})
                return f"(?({name}){yes}|{no})"

            # Exactly one of the two holds, so backtracking cannot flip the flag.
            parts[column] = f"(?:(?=(?P<{flag}>{first}))|(?!{first}))" + tree(0, {})
        return parts

    def _fast_pattern(self, header: list[str], cross: bool = False) -> re.Pattern[str]:
        rules = self.rules
        cross_parts = self._cross_columns(header) if cross else {}
        mfa_mode = (rules.mfa or "OFF").upper()
        required = set(rules.required)
        custom = {name: (kind, lo, hi) for name, kind, lo, hi in rules.custom}
        self._ranges: list[tuple[str, int | None, int | None]] = []
        parts = []
        for index, column in enumerate(header):
            if column in cross_parts:
                part = cross_parts[column]
            elif column == "cognito:username":
                part = _USERNAME_FAST
            elif column == "cognito:mfa_enabled":
                part = {"OFF": "(?P<m>[Ff][Aa][Ll][Ss][Ee])", "ON": "(?P<m>[Tt][Rr][Uu][Ee])"}.get(
                    mfa_mode, f"(?P<m>{_TF})"
                )
            elif column == "email_verified":
                part = f"(?P<ev>{_TF}?)"
            elif column == "phone_number_verified":
                part = f"(?P<pv>{_TF}?)"
            elif column == "email":
                part = f"(?P<e>(?:{_EMAIL_FAST})?)"
            elif column == "phone_number":
                part = f"(?P<p>(?:{PHONE_PATTERN})?)"
            elif column == "birthdate":
                part = f"(?:{_DATE_FAST})?"
            elif column == "updated_at":
                part = _UPDATED_AT_FAST
            elif column in custom:
                kind, lo, hi = custom[column]
                if kind == "Number":
                    if lo is not None or hi is not None:
                        part = f"(?P<n{index}>(?:-?[0-9]+)?)"
                        self._ranges.append((f"n{index}", lo, hi))
                    else:
                        part = "(?:-?[0-9]+)?"
                elif kind == "String":
                    low = max(1, lo or 0)
                    high = STRING_ATTRIBUTE_MAX if hi is None else hi
                    if high < low:
                        part = "(?!)"
                    else:
                        # one character, or first + middle + last (no spaces around)
                        one = [_PLAIN_FIRST] if low <= 1 else []
                        more = (
                            [f"{_PLAIN_FIRST}{_PLAIN}{{{max(0, low - 2)},{high - 2}}}{_PLAIN_LAST}"]
                            if high >= 2
                            else []
                        )
                        part = f"(?:{'|'.join(more + one)})?"
                elif kind == "Boolean":
                    part = f"{_TF}?"
                else:
                    part = _GENERIC
            else:
                part = _GENERIC
            if column in required:
                # Not empty: the optional group must match something.
                part = f"(?=[^,\n]){part}"
            parts.append(part)
        return re.compile(",".join(parts))

    def run(self, source: IO[bytes]) -> Report:
        report = self.report
        digest = hashlib.sha256()
        self._size = 0
        try:
            self._run(source, digest)
        finally:
            while True:  # hash and measure the whole file, even after a fatal error
                block = source.read(_CHUNK)
                if not block:
                    break
                self._size += len(block)
                digest.update(block)
            report.file_size = self._size
            report.sha256 = digest.hexdigest()
            self._flush_map()
        size = self._size
        if size > MAX_FILE_BYTES and not report.fatal:
            report.fatal = (
                f"The file is {size / 1024 / 1024:.1f} MB; an import job takes at most 100 MB. "
                "Split it into several files."
            )
        if report.fatal:
            report.valid_rows = 0
        return report

    def _header(self, raw: bytes) -> list[str] | None:
        report = self.report
        if raw.startswith(BOM):
            raw = raw[len(BOM) :]
            report.notices.append(
                "The file started with a byte-order mark (BOM). Cognito refuses files with "
                "one, so the console removed it from the file it uploads."
            )
        if raw.endswith(b"\r\n"):
            report.notices.append("The file has Windows (CRLF) line endings; that is fine.")
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            report.fatal = (
                f"The header line is not UTF-8 (byte 0x{raw[exc.start]:02x} at position "
                f"{exc.start + 1}). Save the file as “CSV UTF-8” and upload it again."
            )
            return None
        header = [c.strip() for c in text.split(",")]
        report.header = header
        if not any(header):
            report.fatal = "The file is empty. Download the template and fill in one row per user."
            return None
        expected = self.rules.header
        separator = _other_separator(text, expected)
        if separator:
            report.fatal = (
                f"This file uses {separator} between values; Cognito's import needs commas. "
                "Save it as comma-separated CSV (in Excel, “CSV UTF-8 (Comma delimited)”; in "
                "LibreOffice, tick “Edit filter settings” and choose the comma as the field "
                "delimiter) and upload it again."
            )
            return None
        if header[:2] == ["line", "reason"] and WHOLE_LINE_COLUMN in header:
            report.fatal = (
                "This is the console's rejected-rows report, which is for reading, not for "
                "importing. Fix the rows it lists in your original file and upload that file."
            )
            return None
        quoted = [(i, c) for i, c in enumerate(header) if c.startswith('"') or c.endswith('"')]
        if quoted:
            report.fatal = " ".join(
                f"Line 1, column {i + 1}: the column name {show(c)} is in quotes. "
                for i, c in quoted[:5]
            ) + QUOTES_MESSAGE.replace("values", "values or column names")
            return None
        bad = next(((i, c) for i, c in enumerate(header) if _BAD_CHARS.search(c)), None)
        if bad is not None:
            char = _BAD_CHARS.search(bad[1]).group()
            report.fatal = (
                f"Line 1, column {bad[0] + 1}: the column name {show(bad[1])} contains "
                f"{_char_name(char)}. Remove it, or download the template again."
            )
            return None
        seen: set[str] = set()
        duplicates = [c for c in header if c in seen or seen.add(c)]
        missing = [c for c in expected if c not in seen]
        unknown = [c for c in header if c not in expected]
        messages = []
        if missing:
            messages.append(
                "The header lacks these columns: "
                + ", ".join(missing)
                + ". Every column of the template must be present (in any order), even if "
                "its values are empty."
            )
        if unknown:
            messages.append(
                "The header has columns this pool does not know: "
                + ", ".join(unknown)
                + ". Remove them or rename them to a column of the template."
            )
        if duplicates:
            messages.append("The header repeats these columns: " + ", ".join(duplicates) + ".")
        if messages:
            report.fatal = " ".join(messages)
            return None
        line = ",".join(header).encode()
        if self.clean is not None:
            self.clean.write(line + b"\n")
        if self.rejected is not None:
            # A report to read, not an import file: UTF-8 with a byte-order mark, so
            # that Excel reads it as UTF-8.
            self.rejected.write(BOM)
            self._report_line(["line", "reason", *header, WHOLE_LINE_COLUMN])
        return header

    def _run(self, source: IO[bytes], digest: Any) -> None:
        report = self.report
        first = source.readline(_LINE_LIMIT)
        self._size += len(first)
        digest.update(first)
        if not first:
            report.fatal = "The file is empty. Download the template and fill in one row per user."
            return
        if b"\r" in first.rstrip(b"\r\n"):
            report.fatal = (
                "Line 1: the lines of this file end with a carriage return (CR) alone, as on "
                "old Macs; Cognito reads the whole file as one line. Save it with Windows "
                "(CRLF) or Unix (LF) line endings, for example as “CSV UTF-8”."
            )
            return
        if self.rules.blocker:
            report.fatal = self.rules.blocker
            return
        if not first.endswith(b"\n") and len(first) >= _LINE_LIMIT:
            report.fatal = "The header line is far too long; download the template."
            return
        header = self._header(first)
        if header is None:
            return
        self._slow_setup(header)
        self._ranges = []
        fast = self._fast_pattern(header).pattern if self.fast else "(?!)"
        self._fullmatch_iter = re.compile("^" + fast + "\n", re.MULTILINE).finditer
        self._whole = None
        if self.fast and not self._ranges:
            whole = self._fast_pattern(header, cross=True).pattern
            names = re.findall(r"\(\?P<(\w+)>", whole)
            self._username_of = operator.itemgetter(names.index("u"))
            self._whole = re.compile("^" + whole + "\n", re.MULTILINE).findall
        self.number = 1
        self.rows = self.valid = 0
        rest = b""
        skipping = False  # inside a row longer than any row may be: drop to its end
        while True:
            block = source.read(_CHUNK)
            self._size += len(block)
            digest.update(block)
            if not block:
                if rest and not skipping:
                    self._chunk(rest)
                break
            data = rest + block if rest else block
            if skipping:
                cut = data.find(b"\n")
                if cut < 0:
                    rest = b""
                    continue
                data = data[cut + 1 :]
                skipping = False
            cut = data.rfind(b"\n")
            if cut < 0:
                if len(data) > _LINE_LIMIT:
                    self.number += 1
                    self.rows += 1
                    self._reject(self.number, data[:_LINE_LIMIT], [("", _too_long(None))])
                    skipping = True
                    rest = b""
                else:
                    rest = data
                continue
            rest = data[cut + 1 :]
            if not self._chunk(data[: cut + 1]):
                return
        report.rows = self.rows
        report.valid_rows = self.valid
        report.problem_rows = self.rows - self.valid
        if self._restored_rows:
            report.notices.append(
                f"{self._restored_rows:,} valid row{'s' if self._restored_rows != 1 else ''} had "
                "values starting with a single quote that the console's export adds so that a "
                "spreadsheet does not run them as formulas (like '=…, '+…, '@…). The console "
                "removed that quote from the file it uploads, so Cognito gets the real values."
            )
        if self._trimmed_rows:
            report.notices.append(
                f"{self._trimmed_rows:,} valid row{'s' if self._trimmed_rows != 1 else ''} had "
                "spaces before or after values (after a comma, say). Cognito trims them, and "
                "so does the file the console uploads; a cell of spaces is an empty value."
            )
        if not report.fatal and self.rows == 0:
            report.fatal = (
                "The file has a header but no user rows. Add one row per user under the header."
            )

    def _too_many(self) -> bool:
        self.report.fatal = (
            f"The file has more than {MAX_ROWS:,} user rows; an import job takes at most "
            "500,000. Split it into several files."
        )
        self.rows = MAX_ROWS
        self.report.rows = MAX_ROWS
        self.report.too_many_rows = True
        return False

    def _chunk(self, data: bytes) -> bool:
        """Check whole lines; False once the file is over the row limit."""
        try:
            text = data.decode()
        except UnicodeDecodeError:
            return self._bytes_lines(data)
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if not text.endswith("\n"):
            text += "\n"
        if self._whole is not None and self._chunk_at_once(data, text):
            return not self.report.fatal
        clean = self.clean
        usernames = self._usernames
        breaks, delta = self._breaks, self._delta
        table, mask = self._table, self._mask
        ranges = self._ranges
        by_email = "email" in self.rules.auto_verified
        by_phone = "phone_number" in self.rules.auto_verified
        fold = not self.rules.case_sensitive
        number, rows, valid = self.number, self.rows, self.valid
        pos = run = 0  # next unread position; start of the current run of valid lines
        for match in self._fullmatch_iter(text):
            start = match.start()
            if start != pos:  # lines the fast pattern did not match
                if clean is not None and run < pos:
                    clean.write(text[run:pos].encode())
                self.number, self.rows, self.valid, self._delta = number, rows, valid, delta
                if not self._segment(text[pos:start]):
                    return False
                number, rows, valid, delta = self.number, self.rows, self.valid, self._delta
                run = start
            end = match.end()
            pos = end
            number += 1
            rows += 1
            if rows > MAX_ROWS:
                return self._too_many()
            username, mfa, ev, pv, email, phone = match.group("u", "m", "ev", "pv", "e", "p")
            ev_true = ev != "" and ev[0] in "Tt"
            pv_true = pv != "" and pv[0] in "Tt"
            ok = (
                end - start <= MAX_ROW_CHARS + 1
                and ((ev_true and by_email) or (pv_true and by_phone))
                and (email or not ev_true)
                and (phone or not pv_true)
                and (phone or mfa[0] in "Ff")
            )
            if ok and ranges:
                for group, low, high in ranges:
                    value = match.group(group)
                    if value and (
                        (low is not None and int(value) < low)
                        or (high is not None and int(value) > high)
                    ):
                        ok = False
            if ok:
                h = (hash(username.lower() if fold else username) & 0xFFFFFFFFFFFFFFFF) or 1
                i = h & mask
                while True:
                    slot = table[i]
                    if slot == 0:
                        table[i] = h
                        break
                    if slot == h:
                        ok = False  # a duplicate: the detailed path says so
                        break
                    i = (i + 1) & mask
            if ok:
                if number - valid != delta:
                    delta = number - valid
                    breaks.extend((valid, number))
                valid += 1
                usernames.append(username)
                continue
            # A cross-column rule, a range, the length or a duplicate: in detail.
            if clean is not None and run < start:
                clean.write(text[run:start].encode())
            run = end
            line = text[start : end - 1]
            if self._slow(number, line.encode(), line):
                if number - valid != delta:
                    delta = number - valid
                    breaks.extend((valid, number))
                valid += 1
                usernames.append(self._last_username)
                if clean is not None:
                    fixed = self._clean_line
                    out = text[start:end] if fixed is None else fixed + "\n"
                    clean.write(out.encode())
        if clean is not None and run < pos:
            clean.write(text[run:pos].encode())
        self.number, self.rows, self.valid, self._delta = number, rows, valid, delta
        if pos < len(text) and not self._segment(text[pos:]):
            return False
        self._flush_map()
        return True

    def _chunk_at_once(self, data: bytes, text: str) -> bool:
        """The common case, mostly in C: every line of the chunk passes the fast pattern.

        `findall` gives the (username, mfa, verified flags, email, phone) of each line
        the pattern matches. If there is one per line, only the rules across columns
        and the uniqueness check run in Python; otherwise False, and the chunk is read
        line by line (which explains each problem).
        """
        found = self._whole(text)
        count = text.count("\n")
        if len(found) != count or max(map(len, text.split("\n"))) > MAX_ROW_CHARS:
            return False
        table, mask = self._table, self._mask
        added: list[int] = []
        users = list(map(self._username_of, found))
        ok = True
        keys = users if self.rules.case_sensitive else [u.lower() for u in users]
        for username in keys:
            h = (hash(username) & 0xFFFFFFFFFFFFFFFF) or 1
            i = h & mask
            while True:
                slot = table[i]
                if slot == 0:
                    table[i] = h
                    added.append(i)
                    break
                if slot == h:
                    ok = False
                    break
                i = (i + 1) & mask
            if not ok:
                break
        if not ok or self.rows + count > MAX_ROWS:
            for j in reversed(added):  # undo this chunk's entries: line by line instead
                table[j] = 0
            return False
        number = self.number + 1
        if number - self.valid != self._delta:
            self._delta = number - self.valid
            self._breaks.extend((self.valid, number))
        self.number += count
        self.rows += count
        self.valid += count
        self._usernames.extend(users)
        if self.clean is not None:
            plain = len(text) == len(data) and "\r" not in text
            self.clean.write(data if plain else text.encode())
        self._flush_map()
        return True

    def _segment(self, text: str) -> bool:
        """Lines (each ending with a newline) that the fast pattern did not match."""
        return all(self._one(line.encode(), line) for line in text.split("\n")[:-1])

    def _bytes_lines(self, data: bytes) -> bool:
        """A chunk that is not valid UTF-8: line by line, so each bad line is named."""
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        for raw in lines:
            body = raw[:-1] if raw.endswith(b"\r") else raw
            try:
                line = body.decode()
            except UnicodeDecodeError:
                line = None
            if not self._one(body, line):
                return False
        return True

    def _one(self, body: bytes, line: str | None) -> bool:
        """One line in detail; False once the file is over the row limit."""
        self.number += 1
        if not body.strip():
            return True  # blank lines (a trailing newline, say) are not rows
        self.rows += 1
        if self.rows > MAX_ROWS:
            return self._too_many()
        if self._slow(self.number, body, line):
            if self.number - self.valid != self._delta:
                self._delta = self.number - self.valid
                self._breaks.extend((self.valid, self.number))
            self.valid += 1
            self._usernames.append(self._last_username)
            if self.clean is not None:
                fixed = self._clean_line
                self.clean.write(body + b"\n" if fixed is None else fixed.encode() + b"\n")
        return True

    def _flush_map(self) -> None:
        if self._usernames:
            data = "\n".join(self._usernames).encode() + b"\n"
            self._map_chunks.append(self._compress.compress(data))
            self._usernames.clear()

    def _report_line(self, cells: list[str]) -> None:
        """One line of the rejected-rows report (RFC 4180 CSV, guarded cells)."""
        buffer = self._report_buffer
        buffer.seek(0)
        buffer.truncate()
        self._report_writer.writerow(_report_cells(cells))
        self.rejected.write(buffer.getvalue().encode())

    def _reject(
        self,
        number: int,
        body: bytes,
        errors: list[tuple[str, str]],
        values: list[str] | None = None,
    ) -> None:
        """Record a rejected row's problems and write it to the report. `values`: the
        row's values as the check read them, if it split into the header's columns."""
        for column, message in errors:
            self._problem(number, column, message)
        if self.rejected is not None:
            reason = "; ".join(f"{c}: {m}" if c else m for c, m in errors)
            text = body[:_LINE_LIMIT].decode("utf-8", "replace")
            if _BAD_CHARS.search(text):  # shown, not kept: a spreadsheet would break the row
                text = _BAD_CHARS.sub(lambda m: show(m.group())[1:-1], text)
                values = None
            if values is None:
                # The values as the check read them (the export's guard removed, \, a
                # comma); a row that does not split into the columns is shown whole.
                values = split_line(restore_line(text)[0])
            whole = ""
            if len(values) != len(self._header_names):
                values, whole = [""] * len(self._header_names), text
            self._report_line([str(number), reason, *values, whole])

    # ---- the detailed path
    def _slow_setup(self, header: list[str]) -> None:
        rules = self.rules
        col = {name: i for i, name in enumerate(header)}
        self._header_names = header
        self._width = len(header)
        self._i = (
            col["cognito:username"],
            col["cognito:mfa_enabled"],
            col["email"],
            col["phone_number"],
            col["email_verified"],
            col["phone_number_verified"],
            col["birthdate"],
            col["updated_at"],
        )
        self._required = [(col[n], n) for n in rules.required if n in col]
        self._custom = [(col[n], n, t, lo, hi) for n, t, lo, hi in rules.custom if n in col]
        self._mfa_mode = (rules.mfa or "OFF").upper()
        # Username hashes for the uniqueness check: a fixed 8 MB open-addressing table
        # (a set of half a million strings would take ~40 MB). Two usernames sharing a
        # 64-bit hash (about 1 in 10^8 for a full file) would be flagged as duplicates.
        self._table = array("Q", bytes(8 * (1 << 20)))
        self._mask = (1 << 20) - 1
        self._last_username = ""
        self._clean_line: str | None = None  # the row as uploaded, if the check changed it
        self._restored_rows = 0
        self._trimmed_rows = 0

    def _slow(
        self,
        number: int,
        body: bytes,
        line: str | None,
    ) -> bool:
        """Check one row in detail; record its problems. True if the row is valid."""
        errors: list[tuple[str, str]] = []
        warnings: list[tuple[str, str]] = []
        if line is None:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                errors.append(
                    (
                        "",
                        f"not UTF-8 (byte 0x{body[exc.start]:02x} at position {exc.start + 1}, "
                        "typical of Latin-1 or Windows-1252). Save the file as “CSV UTF-8”.",
                    )
                )
            line = body.decode("utf-8", "replace")
        if len(line) > MAX_ROW_CHARS:
            errors.append(("", _too_long(len(line))))
        header, width = self._header_names, self._width
        restored, quotes_removed = restore_line(line)
        values = split_line(restored)
        read = list(values)  # as read, before any trimming: for the rejected-rows report
        if len(values) != width and '"' in line:
            errors.append(("", "the row contains a double quote. " + QUOTES_MESSAGE))
        if len(values) != width:
            escaped = _escaped_separators(restored, width - len(values), header) or next(
                (
                    f"It uses {words} between values; Cognito's import needs commas."
                    for sep, words in _SEPARATORS.items()
                    if len(values) < width and restored.count(sep) + 1 == width
                ),
                "",
            )
            errors.append(
                (
                    "",
                    f"the row has {len(values)} value{'' if len(values) == 1 else 's'} but the "
                    f"header has {width} columns. "
                    + (
                        "A comma inside a value must be escaped as \\,."
                        if len(values) > width
                        else escaped or "Add the missing commas (an empty value is still a column)."
                    ),
                )
            )
            self._reject(number, body, errors)
            return False
        raw_values = split_line(line) if '"' in line or quotes_removed else list(values)
        trimmed = False
        for index, value in enumerate(values):
            bad = _BAD_CHARS.search(value)
            if bad:
                hint = (
                    " A carriage return inside a row: if the file's lines end with CR alone "
                    "(old Mac), save it with Windows (CRLF) or Unix (LF) line endings."
                    if bad.group() == "\r"
                    else ""
                )
                errors.append(
                    (
                        header[index],
                        f"{show(value)} contains {_char_name(bad.group())} at position "
                        f"{bad.start() + 1}. Remove it: control characters cannot be imported."
                        + hint,
                    )
                )
            # The value Cognito would get: a quote the console's export put before a
            # leading double quote is gone by then, so that value is refused too.
            if is_quoted(value):
                errors.append((header[index], f"{show(value)} is in quotes. " + QUOTES_MESSAGE))
            stripped = value.strip()
            if stripped != value:
                values[index] = stripped
                trimmed = True
        i_user, i_mfa, i_email, i_phone, i_ev, i_pv, i_birth, i_updated = self._i
        username = values[i_user]
        self._last_username = username
        key = self.rules.username_key(username)
        if not username:
            errors.append(("cognito:username", "missing. Every user needs a username."))
        elif _WHITESPACE.search(username):
            errors.append(("cognito:username", f"{show(username)} contains whitespace. Remove it."))
        elif len(username) > USERNAME_MAX:
            errors.append(
                (
                    "cognito:username",
                    f"{len(username)} characters; at most {USERNAME_MAX}. Shorten it.",
                )
            )
        elif not _is_username(username):
            errors.append(
                (
                    "cognito:username",
                    f"{show(username)} has characters a username cannot have (only letters, "
                    "marks, symbols, digits and punctuation).",
                )
            )
        elif _has_hash(self._table, self._mask, key):
            errors.append(
                (
                    "cognito:username",
                    f"{show(username)} appears earlier in the file"
                    + (
                        ""
                        if self.rules.case_sensitive
                        else " (this pool's usernames ignore case, so “Ann” and “ann” are one user)"
                    )
                    + ". Usernames must be unique: remove or rename one of the rows.",
                )
            )
        mfa = values[i_mfa].lower()
        mode = self._mfa_mode
        if mfa not in _TRUE_FALSE:
            errors.append(("cognito:mfa_enabled", f"{show(values[i_mfa])} must be true or false."))
        elif mfa == "true" and mode == "OFF":
            errors.append(
                ("cognito:mfa_enabled", "true, but MFA is off in this pool. Set it to false.")
            )
        elif mfa == "false" and mode == "ON":
            errors.append(
                (
                    "cognito:mfa_enabled",
                    "false, but MFA is required in this pool. Set it to true (and give the "
                    "user a phone_number).",
                )
            )
        elif mfa == "true" and not values[i_phone]:
            errors.append(
                (
                    "cognito:mfa_enabled",
                    "true, but the user has no phone_number to receive codes. Add the phone "
                    "number or set it to false.",
                )
            )
        ev, pv = values[i_ev].lower(), values[i_pv].lower()
        flags_ok = True
        for value, name in ((ev, "email_verified"), (pv, "phone_number_verified")):
            if value not in _BOOL_OR_EMPTY:
                flags_ok = False
                errors.append((name, f"{show(value)} must be true or false."))
        if flags_ok:
            auto = self.rules.auto_verified
            verified = {"email": ev == "true", "phone_number": pv == "true"}
            if auto and not any(verified[a] for a in auto):
                if len(auto) == 1:
                    errors.append(
                        (
                            f"{auto[0]}_verified",
                            f"not true, but {auto[0]} is this pool's only auto-verified "
                            f"attribute, so Cognito's import needs {auto[0]}_verified true in "
                            f"every row (with the {auto[0]} filled in). Set it to true only if "
                            f"the {_WHAT[auto[0]]} is known to be the user's; otherwise leave "
                            "this user out of the import.",
                        )
                    )
                else:
                    errors.append(
                        (
                            "email_verified",
                            "neither email_verified nor phone_number_verified is true, and "
                            "Cognito's import needs one of them true (with its attribute filled "
                            "in), or the user could not reset the password. Set one to true only "
                            "if that address or number is known to be the user's; otherwise "
                            "leave this user out of the import.",
                        )
                    )
            if ev == "true" and not values[i_email]:
                errors.append(("email", "email_verified is true but email is empty."))
            if pv == "true" and not values[i_phone]:
                errors.append(
                    ("phone_number", "phone_number_verified is true but phone_number is empty.")
                )
        email = values[i_email]
        if email and not is_email(email):
            errors.append(
                ("email", f"{show(email)} is not an email address, like name@example.com.")
            )
        phone = values[i_phone]
        if phone and not is_phone_number(phone):
            errors.append(
                (
                    "phone_number",
                    f"{show(phone)} is not in E.164 format: + then country code and number, "
                    "7 to 15 digits, no spaces, like +12065551212.",
                )
            )
        birth = values[i_birth]
        if birth and birthdate_from_import(birth) is None:
            errors.append(
                ("birthdate", f"{show(birth)} is not a date as mm/dd/yyyy, like 04/23/1990.")
            )
        updated = values[i_updated]
        if updated and not is_epoch_seconds(updated):
            errors.append(
                (
                    "updated_at",
                    f"{show(updated)} must be seconds since the epoch, like 1700000000 (digits "
                    "only, no leading zero, at most 2147483647).",
                )
            )
        for index, name in self._required:
            if not values[index]:
                errors.append((name, "empty, but the pool requires it. Fill it in."))
        for index, name, kind, low, high in self._custom:
            value = values[index]
            if not value:
                continue
            if kind == "Number":
                if not _INTEGER.fullmatch(value):
                    errors.append((name, f"{show(value)} must be a whole number."))
                elif (low is not None and int(value) < low) or (
                    high is not None and int(value) > high
                ):
                    if low is not None and high is not None:
                        problem = f"is outside the allowed range {low} to {high}"
                    elif low is not None:
                        problem = f"is below the minimum, {low}"
                    else:
                        problem = f"is above the maximum, {high}"
                    errors.append((name, f"{value} {problem}."))
            elif kind == "String":
                top = STRING_ATTRIBUTE_MAX if high is None else high
                if len(value) > top or (low is not None and len(value) < low):
                    errors.append(
                        (
                            name,
                            f"{len(value)} character{'' if len(value) == 1 else 's'}; "
                            f"the schema allows {low or 0} to {top}.",
                        )
                    )
            elif kind == "Boolean" and value.lower() not in _TRUE_FALSE:
                errors.append((name, f"{show(value)} must be true or false."))
        for index, value in enumerate(values):
            # A value the console's export guarded (and this check restored) is no news.
            if value and _FORMULA.match(value) and raw_values[index].strip() == value:
                warnings.append(
                    (
                        header[index],
                        f"{show(value, 40)} looks like a spreadsheet formula. Cognito stores it "
                        "as plain text; check that the export did not lose the real value.",
                    )
                )
        if errors:
            self._reject(number, body, errors, read)
            return False
        _add_hash(self._table, self._mask, key)
        self._clean_line = None
        if quotes_removed or trimmed:
            self._clean_line = ",".join(escape_value(v) for v in values)
            self._restored_rows += bool(quotes_removed)
            self._trimmed_rows += trimmed
        if warnings:
            self.report.warning_rows += 1
            for column, message in warnings:
                self._problem(number, column, message, "warning")
        return True


def _escaped_separators(line: str, missing: int, header: list[str]) -> str:
    """Why a row is `missing` values short if backslashes ate its commas, or "".

    In the import dialect ``\\,`` is a comma inside a value, so a value that ends with
    a backslash (``C:\\dir\\``) swallows the comma after it and the row loses a
    column. If the row has exactly `missing` such escaped commas, reading each as a
    backslash and a separator gives the header's width: those values are named.
    """
    if missing < 1:
        return ""
    # The commas the dialect read as escaped: after an odd run of backslashes.
    spots = [m.end() - 1 for m in re.finditer(r"(?<!\\)(?:\\\\)*\\,", line)]
    if not spots:
        return ""
    if len(spots) != missing:
        return (
            "A backslash just before a comma escapes it (\\, is a comma inside a value): "
            "if a value ends with a backslash, write \\\\ for a literal backslash."
        )
    fixed, start, ends = [], 0, []
    for spot in spots:  # one more backslash: the value keeps it, the comma separates
        fixed.append(line[start:spot] + "\\")
        ends.append(sum(map(len, fixed)))
        start = spot
    fixed.append(line[start:])
    whole = "".join(fixed)
    if len(split_values(whole)) != len(header):
        return ""
    names = [header[len(split_values(whole[:end])) - 1] for end in ends]
    which = " and ".join(f"{name}'s value" for name in names)
    return (
        f"A backslash at the end of {which} escapes the comma after it; write \\\\ for a "
        "literal backslash."
    )


_SEPARATORS = {";": "; (semicolons)", "\t": "tabs", "|": "| (vertical bars)"}


def _other_separator(header_line: str, expected: Iterable[str]) -> str:
    """The separator a header line uses instead of the comma, as words, or "".

    A spreadsheet set to a European locale saves ";" between values, and "Text (tab
    delimited)" saves tabs: the header then names the template's columns between
    those separators, and more of them than between its commas.
    """
    known = set(expected)

    def hits(sep: str) -> int:
        return sum(c.strip().strip('"') in known for c in header_line.split(sep))

    by_comma = hits(",")
    for sep, words in _SEPARATORS.items():
        if sep in header_line and hits(sep) > max(by_comma, 1):
            return words
    return ""


def pool_blocker(pool: Any) -> str:
    """Why no user can be imported into `pool` (a records.Pool) at all, or "".

    AWS's import guide: the pool needs at least one auto-verified attribute (email or
    phone number); without one, an import job does not start.
    """
    return PoolRules.for_pool(pool, ()).blocker


def _too_long(length: int | None) -> str:
    shown = f"{length:,}" if length else "more than 16,000"
    return (
        f"the row has {shown} characters; Cognito takes at most {MAX_ROW_CHARS:,}. "
        "Shorten its values."
    )


def _has_hash(table: Any, mask: int, value: str) -> bool:
    """True if a username's hash is in the table (see `_add_hash`)."""
    h = (hash(value) & 0xFFFFFFFFFFFFFFFF) or 1
    i = h & mask
    while True:
        slot = table[i]
        if slot == 0:
            return False
        if slot == h:
            return True
        i = (i + 1) & mask


def _add_hash(table: Any, mask: int, value: str) -> bool:
    """Add a username's hash to the fast path's table; False if it was there."""
    h = (hash(value) & 0xFFFFFFFFFFFFFFFF) or 1
    i = h & mask
    while True:
        slot = table[i]
        if slot == 0:
            table[i] = h
            return True
        if slot == h:
            return False
        i = (i + 1) & mask


def pack_row_map(chunks: list[bytes], compress: Any, breaks: array) -> bytes:
    """Usernames (zlib) + the line-number breaks (zlib), with a small length prefix."""
    names = b"".join(chunks) + compress.flush()
    lines = zlib.compress(breaks.tobytes(), 6)
    return len(names).to_bytes(8, "big") + names + lines


def check_file(
    source: IO[bytes],
    rules: PoolRules,
    *,
    clean: IO[bytes] | None = None,
    rejected: IO[bytes] | None = None,
) -> tuple[Report, bytes]:
    """Check a binary stream; return the report and the compressed row map."""
    checker = Checker(rules, clean=clean, rejected=rejected)
    report = checker.run(source)
    return report, checker.row_map()


def _unpack(data: bytes) -> tuple[bytes, array]:
    size = int.from_bytes(data[:8], "big")
    breaks = array("I")
    breaks.frombytes(zlib.decompress(data[8 + size :]))
    return data[8 : 8 + size], breaks


def _usernames(names: bytes) -> Iterator[str]:
    decompress = zlib.decompressobj()
    rest = b""
    step = 1 << 16
    for start in range(0, len(names), step):
        block = rest + decompress.decompress(names[start : start + step])
        parts = block.split(b"\n")
        rest = parts.pop()
        for part in parts:
            yield part.decode()
    block = rest + decompress.flush()
    for part in block.split(b"\n"):
        if part:
            yield part.decode()


def iter_row_map(data: bytes) -> Iterator[tuple[int, int, str]]:
    """(uploaded line number, original line number, username), streaming the usernames."""
    if not data:
        return
    names, breaks = _unpack(data)
    pairs = [(breaks[i], breaks[i + 1]) for i in range(0, len(breaks), 2)]
    nxt = 0
    delta = 0
    for index, username in enumerate(_usernames(names)):
        while nxt < len(pairs) and pairs[nxt][0] <= index:
            delta = pairs[nxt][1] - pairs[nxt][0]
            nxt += 1
        yield index + 2, index + delta, username


def lookup_lines(data: bytes, wanted: Iterable[int]) -> dict[int, tuple[int, str]]:
    """For line numbers of the uploaded file, (line number in the original, username).

    The uploaded file's header is line 1, so its first user is line 2.
    """
    wanted = set(wanted)
    found: dict[int, tuple[int, str]] = {}
    if not wanted or not data:
        return found
    last = max(wanted)
    for uploaded, original, username in iter_row_map(data):
        if uploaded in wanted:
            found[uploaded] = (original, username)
        if uploaded >= last:
            break
    return found
