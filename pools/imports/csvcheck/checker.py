"""The check of one file: the fast path where it can, the detailed path where it must.

A 1 MB block of lines whose every line passes the row pattern (fastpath.py) is
accepted in C, bar the uniqueness of usernames; any other block is read line by line,
and a line the pattern does not pass goes through the detailed checks (the same
rules.py rules), which say what is wrong and how to fix it. Both paths give the same
verdicts (tests/imports/test_csvcheck.py compares them, `fast=False`).
"""

from __future__ import annotations

from operator import itemgetter
from typing import IO

from console.csvsafe import escape_value, restore_line, split_values

from . import limits
from .clean import CleanFile, Usernames
from .fastpath import row_pattern
from .pool import PoolRules
from .reader import Source, first_line_problem, read_header, width_message
from .report import RejectedRows, Report
from .rules import (
    ORDER,
    QUOTES_MESSAGE,
    column_rules,
    cross_rules,
    duplicate_message,
    flags,
    in_range,
)
from .values import formula_warnings, value_errors


def too_long(length: int | None) -> str:
    shown = f"{length:,}" if length else "more than 16,000"
    return (
        f"the row has {shown} characters; Cognito takes at most {limits.MAX_ROW_CHARS:,}. "
        "Shorten its values."
    )


class Checker:
    """Check `source` (binary) against `rules`; write clean and rejected rows as it goes.

    `fast=False` sends every row through the detailed checks (the tests compare).
    """

    def __init__(
        self,
        rules: PoolRules,
        *,
        clean: IO[bytes] | None = None,
        rejected: IO[bytes] | None = None,
        max_problems: int = limits.MAX_PROBLEMS_SHOWN,
        fast: bool = True,
    ) -> None:
        self.rules, self.fast, self.max_problems = rules, fast, max_problems
        self.report = Report()
        self.clean = CleanFile(clean)
        self._rejected_out = rejected
        self.rejected: RejectedRows | None = None
        self.usernames = Usernames()
        self.number = 1  # the line last read
        self.rows = 0
        self._restored_rows = self._trimmed_rows = 0
        self._last_username = ""
        self._clean_line: str | None = None  # the row as uploaded, if the check changed it

    def row_map(self) -> bytes:
        """The compressed row map: usernames of the clean file, then original line numbers."""
        return self.clean.row_map()

    def run(self, source: IO[bytes]) -> Report:
        """Check the whole stream; the report (file size and hash of every byte)."""
        report, stream = self.report, Source(source)
        try:
            self._run(stream)
        finally:
            stream.finish()
            report.file_size, report.sha256 = stream.size, stream.digest.hexdigest()
        if stream.size > limits.MAX_FILE_BYTES and not report.fatal:
            report.fatal = (
                f"The file is {stream.size / 1024 / 1024:.1f} MB; an import job takes at most "
                "100 MB. Split it into several files."
            )
        if report.fatal:
            report.valid_rows = 0
        return report

    def _run(self, stream: Source) -> None:
        report = self.report
        first = stream.readline()
        report.fatal = first_line_problem(first) or self.rules.blocker
        header = None if report.fatal else read_header(first, self.rules.header, report)
        if header is None:
            return
        self._setup(header)
        for data, over_long in stream.blocks():
            if over_long:
                self.number += 1
                self.rows += 1
                self._reject(self.number, data, [("", too_long(None))])
            elif not self._chunk(data):
                return
        report.rows, report.valid_rows = self.rows, self.clean.valid
        report.problem_rows = self.rows - self.clean.valid
        for count, what in (
            (
                self._restored_rows,
                "values starting with a single quote that the console's "
                "export adds so that a spreadsheet does not run them as formulas (like '=…, "
                "'+…, '@…). The console removed that quote from the file it uploads, so "
                "Cognito gets the real values.",
            ),
            (
                self._trimmed_rows,
                "spaces before or after values (after a comma, say). "
                "Cognito trims them, and so does the file the console uploads; a cell of "
                "spaces is an empty value.",
            ),
        ):
            if count:
                report.notices.append(f"{count:,} valid row{'s' if count != 1 else ''} had {what}")
        if self.rows == 0 and not report.fatal:
            report.fatal = (
                "The file has a header but no user rows. Add one row per user under the header."
            )

    def _setup(self, header: list[str]) -> None:
        rules = self.rules
        self.header, self.width = header, len(header)
        col = {name: i for i, name in enumerate(header)}
        columns = column_rules(rules)
        self._flags = {name: (col[f.column], f.of) for name, f in flags(rules).items()}
        self._cross = cross_rules(rules)
        self._ordered = [(col[name], name, columns[name].check) for name in ORDER]
        self._required = [(col[n], n) for n in rules.required if n in col]
        self._custom = [(col[n], n, columns[n].check) for n, *_ in rules.custom if n in col]
        self.pattern = (
            row_pattern(rules, header, columns, flags(rules), self._cross) if self.fast else None
        )
        self.clean.header(",".join(header).encode())
        if self._rejected_out is not None:
            self.rejected = RejectedRows(self._rejected_out, header)

    def _too_many(self) -> bool:
        self.report.fatal = (
            f"The file has more than {limits.MAX_ROWS:,} user rows; an import job takes at "
            "most 500,000. Split it into several files."
        )
        self.rows = self.report.rows = limits.MAX_ROWS
        self.report.too_many_rows = True
        return False

    # ---- the fast path
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
        if self.pattern is None:
            return self._segment(text)
        if self._chunk_at_once(data, text):
            return True
        pos = run = 0  # next unread position; start of the current run of valid lines
        for match in self.pattern.regex.finditer(text):
            start, end = match.span()
            if start != pos:  # lines the fast pattern did not match
                self.clean.write(text[run:pos].encode())
                if not self._segment(text[pos:start]):
                    return False
                run = start
            pos = end
            self.number += 1
            self.rows += 1
            if self.rows > limits.MAX_ROWS:
                return self._too_many()
            groups = match.groups()
            username = groups[self.pattern.username]
            if (
                end - start <= limits.MAX_ROW_CHARS + 1
                and self._in_limits(groups)
                and self.usernames.add(self.rules.username_key(username))
            ):
                self.clean.rows(self.number, [username])
                continue
            # The length, a limit or a duplicate: in detail.
            self.clean.write(text[run:start].encode())
            run = end
            self._detailed_line(text[start : end - 1].encode(), text[start : end - 1])
        self.clean.write(text[run:pos].encode())
        if pos < len(text) and not self._segment(text[pos:]):
            return False
        self.clean.flush()
        return True

    def _in_limits(self, groups: tuple[str, ...]) -> bool:
        return all(
            not groups[i] or in_range(groups[i], low, high) for i, low, high in self.pattern.limits
        )

    def _chunk_at_once(self, data: bytes, text: str) -> bool:
        """The common case, mostly in C: every line of the chunk passes the fast pattern.

        `findall` gives the groups of each line the pattern matches. If there is one per
        line, only the uniqueness, the length and the Number limits are left to Python;
        otherwise False, and the chunk is read line by line (which explains each problem).
        """
        found = self.pattern.regex.findall(text)
        count = text.count("\n")
        if len(found) != count or self.rows + count > limits.MAX_ROWS:
            return False
        if max(map(len, text.split("\n"))) > limits.MAX_ROW_CHARS:
            return False
        if self.pattern.limits and not all(map(self._in_limits, found)):
            return False
        users = list(map(itemgetter(self.pattern.username), found))
        keys = users if self.rules.case_sensitive else [u.lower() for u in users]
        if not self.usernames.add_all(keys):
            return False
        self.clean.rows(self.number + 1, users)
        self.number += count
        self.rows += count
        self.clean.write(data if len(text) == len(data) and "\r" not in text else text.encode())
        self.clean.flush()
        return True

    # ---- the detailed path
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
        if self.rows > limits.MAX_ROWS:
            return self._too_many()
        self._detailed_line(body, line)
        return True

    def _detailed_line(self, body: bytes, line: str | None) -> None:
        """The detailed check of the line just counted; a valid one goes to the clean file."""
        if self._detailed(self.number, body, line):
            self.clean.rows(self.number, [self._last_username])
            fixed = self._clean_line
            self.clean.write(body + b"\n" if fixed is None else fixed.encode() + b"\n")

    def _reject(self, number: int, body: bytes, errors, values=None) -> None:
        """Record a rejected row's problems and write it to the report. `values`: the
        row's values as the check read them, if it split into the header's columns."""
        for column, message in errors:
            self.report.add(number, column, message, "error", self.max_problems)
        if self.rejected is not None:
            reason = "; ".join(f"{c}: {m}" if c else m for c, m in errors)
            text = body[: 4 * limits.MAX_ROW_CHARS + 2].decode("utf-8", "replace")
            self.rejected.add(number, text, reason, values)

    def _detailed(self, number: int, body: bytes, line: str | None) -> bool:
        """Check one row in detail; record its problems. True if the row is valid."""
        errors: list[tuple[str, str]] = []
        if line is None:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                errors.append(
                    (
                        "",
                        f"not UTF-8 (byte 0x{body[exc.start]:02x} at position "
                        f"{exc.start + 1}, typical of Latin-1 or Windows-1252). Save "
                        "the file as “CSV UTF-8”.",
                    )
                )
            line = body.decode("utf-8", "replace")
        if len(line) > limits.MAX_ROW_CHARS:
            errors.append(("", too_long(len(line))))
        restored, quotes_removed = restore_line(line)
        values = split_values(restored)
        read = list(values)  # as read, before any trimming: for the rejected-rows report
        if len(values) != self.width:
            if '"' in line:
                errors.append(("", "the row contains a double quote. " + QUOTES_MESSAGE))
            errors.append(("", width_message(len(values), self.width, restored, self.header)))
            self._reject(number, body, errors)
            return False
        raw_values = split_values(line) if '"' in line or quotes_removed else list(values)
        trimmed = value_errors(self.header, values, errors)
        errors.extend(self._rule_errors(values))
        if errors:
            self._reject(number, body, errors, read)
            return False
        self.usernames.add(self.rules.username_key(self._last_username))
        self._clean_line = None
        if quotes_removed or trimmed:
            self._clean_line = ",".join(escape_value(v) for v in values)
            self._restored_rows += bool(quotes_removed)
            self._trimmed_rows += trimmed
        self._warn(number, values, raw_values)
        return True

    def _rule_errors(self, values: list[str]) -> list[tuple[str, str]]:
        """The rules of rules.py on a row's trimmed values, in their order."""
        errors, passed = [], {}
        for index, name, check in self._ordered:
            message = check(values[index])
            if name == "cognito:username":
                self._last_username = values[index]
                key = self.rules.username_key(values[index])
                if message is None and key in self.usernames:
                    message = duplicate_message(values[index], self.rules.case_sensitive)
            if message:
                errors.append((name, message))
            passed[name] = message is None
            for rule in self._cross:
                if rule.after == name and all(passed[c] for c in rule.needs):
                    found = {f: self._flags[f][1](values[self._flags[f][0]]) for f in rule.uses}
                    if not rule.test(found):
                        errors.append((rule.column, rule.message))
        for index, name in self._required:
            if not values[index]:
                errors.append((name, "empty, but the pool requires it. Fill it in."))
        for index, name, check in self._custom:
            message = check(values[index])
            if message:
                errors.append((name, message))
        return errors

    def _warn(self, number: int, values: list[str], raw_values: list[str]) -> None:
        """Values a spreadsheet would run as formulas (the row is still imported)."""
        warned = False
        for column, message in formula_warnings(self.header, values, raw_values):
            self.report.add(number, column, message, "warning", self.max_problems)
            warned = True
        self.report.warning_rows += warned


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
