"""Reading an import file: its bytes (hashed and measured), its header, its lines.

Cognito's CSV dialect (facts file): UTF-8 without a byte-order mark, every column of
GetCSVHeader in any order, values NOT quoted, a comma inside a value escaped with a
backslash. So this is not Python's csv module's dialect: a value that starts with a
double quote is refused (Cognito does not unquote), a double quote inside a value is
kept as it is, and two backslashes are one backslash (console/csvsafe.py has the
dialect, shared with the export and the embedded backend's parser).

The file is read in 1 MB blocks of whole lines: what stays in memory is one block.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import IO

from console.csvsafe import split_values

from . import limits
from .report import BAD_CHARS, BOM, WHOLE_LINE_COLUMN, Report, char_name, show
from .rules import QUOTES_MESSAGE

LINE_LIMIT = 4 * limits.MAX_ROW_CHARS + 2  # bytes: a row of 16,000 characters fits in UTF-8
CHUNK = 1 << 20
EMPTY = "The file is empty. Download the template and fill in one row per user."
SEPARATORS = {";": "; (semicolons)", "\t": "tabs", "|": "| (vertical bars)"}


class Source:
    """A binary stream read through: its SHA-256 and size include every byte read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def _seen(self, data: bytes) -> bytes:
        self.size += len(data)
        self.digest.update(data)
        return data

    def readline(self) -> bytes:
        return self._seen(self.stream.readline(LINE_LIMIT))

    def read(self) -> bytes:
        return self._seen(self.stream.read(CHUNK))

    def finish(self) -> None:
        """Read the rest: the hash and size are of the whole file, even after a fatal error."""
        while self.read():
            pass

    def blocks(self) -> Iterator[tuple[bytes, bool]]:
        """(whole lines, False), about 1 MB at a time, or (the start of a line longer
        than any row may be, True); that line's rest is skipped."""
        rest = b""
        skipping = False  # inside an over-long line: drop to its end
        while block := self.read():
            data = rest + block if rest else block
            if skipping:
                cut = data.find(b"\n")
                rest = b""
                if cut < 0:
                    continue
                data, skipping = data[cut + 1 :], False
            cut = data.rfind(b"\n")
            if cut >= 0:
                rest = data[cut + 1 :]
                yield data[: cut + 1], False
            elif len(data) > LINE_LIMIT:
                rest, skipping = b"", True
                yield data[:LINE_LIMIT], True
            else:
                rest = data
        if rest and not skipping:
            yield rest, False


def first_line_problem(first: bytes) -> str:
    """Why the first line cannot be a header at all, or ""."""
    if not first:
        return EMPTY
    if b"\r" in first.rstrip(b"\r\n"):
        return (
            "Line 1: the lines of this file end with a carriage return (CR) alone, as on "
            "old Macs; Cognito reads the whole file as one line. Save it with Windows "
            "(CRLF) or Unix (LF) line endings, for example as “CSV UTF-8”."
        )
    return ""


def read_header(raw: bytes, expected: tuple[str, ...], report: Report) -> list[str] | None:
    """The header's column names; None, with `report.fatal` set, if it is unusable."""
    if not raw.endswith(b"\n") and len(raw) >= LINE_LIMIT:
        report.fatal = "The header line is far too long; download the template."
        return None
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
    report.fatal = _header_problem(text, header, expected)
    return None if report.fatal else header


def _header_problem(text: str, header: list[str], expected: tuple[str, ...]) -> str:
    if not any(header):
        return EMPTY
    separator = _other_separator(text, expected)
    if separator:
        return (
            f"This file uses {separator} between values; Cognito's import needs commas. "
            "Save it as comma-separated CSV (in Excel, “CSV UTF-8 (Comma delimited)”; in "
            "LibreOffice, tick “Edit filter settings” and choose the comma as the field "
            "delimiter) and upload it again."
        )
    if header[:2] == ["line", "reason"] and WHOLE_LINE_COLUMN in header:
        return (
            "This is the console's rejected-rows report, which is for reading, not for "
            "importing. Fix the rows it lists in your original file and upload that file."
        )
    quoted = [(i, c) for i, c in enumerate(header) if c.startswith('"') or c.endswith('"')]
    if quoted:
        return " ".join(
            f"Line 1, column {i + 1}: the column name {show(c)} is in quotes. "
            for i, c in quoted[:5]
        ) + QUOTES_MESSAGE.replace("values", "values or column names")
    bad = next(((i, c) for i, c in enumerate(header) if BAD_CHARS.search(c)), None)
    if bad is not None:
        return (
            f"Line 1, column {bad[0] + 1}: the column name {show(bad[1])} contains "
            f"{char_name(BAD_CHARS.search(bad[1]).group())}. Remove it, or download the "
            "template again."
        )
    seen: set[str] = set()
    duplicates = [c for c in header if c in seen or seen.add(c)]
    missing = [c for c in expected if c not in seen]
    unknown = [c for c in header if c not in expected]
    messages = []
    if missing:
        messages.append(
            "The header lacks these columns: " + ", ".join(missing) + ". Every column of "
            "the template must be present (in any order), even if its values are empty."
        )
    if unknown:
        messages.append(
            "The header has columns this pool does not know: " + ", ".join(unknown) + ". "
            "Remove them or rename them to a column of the template."
        )
    if duplicates:
        messages.append("The header repeats these columns: " + ", ".join(duplicates) + ".")
    return " ".join(messages)


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
    for sep, words in SEPARATORS.items():
        if sep in header_line and hits(sep) > max(by_comma, 1):
            return words
    return ""


def escaped_separators(line: str, missing: int, header: list[str]) -> str:
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


def width_message(values: int, width: int, line: str, header: list[str]) -> str:
    """Why a row with `values` values does not fit a header of `width` columns."""
    if values > width:
        hint = "A comma inside a value must be escaped as \\,."
    else:
        hint = escaped_separators(line, width - values, header) or next(
            (
                f"It uses {words} between values; Cognito's import needs commas."
                for sep, words in SEPARATORS.items()
                if line.count(sep) + 1 == width
            ),
            "Add the missing commas (an empty value is still a column).",
        )
    plural = "" if values == 1 else "s"
    return f"the row has {values} value{plural} but the header has {width} columns. {hint}"
