"""The fast path: one compiled pattern per header that passes a valid row in C.

The pattern joins the columns' fast patterns (rules.ColumnRule.pattern) and holds the
rules across columns (rules.CrossRule) too, as regex conditionals: each column a rule
across columns tests records a flag when it is reached (a one-character lookahead in
an optional group), and its value pattern is a conditional on the flags of the columns
before it, so a row that breaks a rule does not match, with no second scan of the line.
What stays in Python: the uniqueness of usernames, the row length and Number limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import GENERIC, ColumnRule, CrossRule, Flag, PoolRules


@dataclass(frozen=True)
class RowPattern:
    """The compiled pattern (`^row\\n`, multiline) and where its groups are: `username`
    is the index of the username in a findall tuple, `limits` the (index, low, high) of
    each Number with limits."""

    regex: re.Pattern[str]
    username: int
    limits: tuple[tuple[int, int | None, int | None], ...]


def _cross_parts(
    header: list[str], flags: dict[str, Flag], cross: list[CrossRule]
) -> dict[str, str]:
    """The patterns of the columns that rules across columns test, as conditionals."""
    position = {name: header.index(flag.column) for name, flag in flags.items()}
    parts: dict[str, str] = {}
    for name, flag in flags.items():
        earlier = sorted(
            {
                other
                for rule in cross
                if name in rule.uses
                for other in rule.uses
                if other != name and position[other] < position[name]
            }
        )
        # The rules this column decides: those whose other flag comes before it.
        checked = [
            rule
            for rule in cross
            if name in rule.uses and all(position[f] <= position[name] for f in rule.uses)
        ]

        def tree(
            index: int,
            values: dict[str, bool],
            name=name,
            flag=flag,
            checked=checked,
            earlier=earlier,
        ) -> str:
            if index == len(earlier):
                allowed: list[str] = []
                for state, choices in ((True, flag.when_set), (False, flag.when_not)):
                    trial = dict.fromkeys(flags, False) | values | {name: state}
                    if all(rule.test(trial) for rule in checked):
                        allowed.extend(choices)
                return f"(?:{'|'.join(allowed)})" if allowed else "(?!)"
            other = earlier[index]
            yes = tree(index + 1, {**values, other: True})
            no = tree(index + 1, {**values, other: False})
            return f"(?({other}){yes}|{no})"

        # Exactly one of the two holds, so backtracking cannot flip the flag.
        first = flag.first
        parts[flag.column] = f"(?:(?=(?P<{name}>{first}))|(?!{first}))" + tree(0, {})
    return parts


def row_pattern(
    rules: PoolRules,
    header: list[str],
    columns: dict[str, ColumnRule],
    flags: dict[str, Flag],
    cross: list[CrossRule],
) -> RowPattern:
    """The fast pattern of a row of this `header`, from the column and cross rules."""
    cross_parts = _cross_parts(header, flags, cross)
    required = set(rules.required)
    parts, limited = [], []
    for index, column in enumerate(header):
        rule = columns.get(column)
        part = cross_parts.get(column) or (rule.pattern if rule else GENERIC)
        if rule is not None and rule.limits is not None:
            part = f"(?P<n{index}>{part})"
            limited.append((f"n{index}", *rule.limits))
        if column in required:
            part = f"(?=[^,\n]){part}"  # not empty: the optional group must match something
        parts.append(part)
    regex = re.compile("^" + ",".join(parts) + "\n", re.MULTILINE)
    names = {name: number - 1 for name, number in regex.groupindex.items()}
    return RowPattern(
        regex=regex,
        username=names["u"],
        limits=tuple((names[group], low, high) for group, low, high in limited),
    )
