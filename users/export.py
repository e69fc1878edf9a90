"""The users CSV export: Cognito's import format (GetCSVHeader's columns), or "full"
with the status, dates and groups of each user, a line at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from console.cognito import CognitoError
from console.cognito.groups import group_membership
from console.cognito.records import User
from console.cognito.users import user_csv_header, user_iter
from console.csvsafe import escape_value, import_line, import_value, neutralise_line

FULL_COLUMNS = ("status", "enabled", "created", "modified", "groups")


def csv_cell(value: str) -> str:
    """A value in Cognito's import format, neutralised against formula injection
    (console.csvsafe: the import dialect, and a guard on every comma-separated cell)."""
    return neutralise_line(escape_value(value))


def csv_line(values) -> str:
    """One CSV line (with its newline) in the import dialect, every cell guarded."""
    return import_line(values)


def _iso(value) -> str:
    if not isinstance(value, datetime):
        return ""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _import_values(user: User, header: list[str]) -> list[str]:
    values = []
    for column in header:
        if column == "cognito:username":
            values.append(user.username)
        elif column == "cognito:mfa_enabled":
            values.append("true" if (user.mfa_options or user.mfa_settings) else "false")
        else:
            values.append(import_value(column, user.attributes.get(column, "")))
    return values


def _full_values(user: User, groups: dict[str, list[str]]) -> list[str]:
    return [
        user.status,
        "true" if user.enabled else "false",
        _iso(user.created),
        _iso(user.modified),
        ";".join(groups.get(user.username, ())),
    ]


def export_rows(*, pool_id: str, filter_text: str, full: bool) -> Iterator[str]:
    """The CSV, a line at a time. The header and the first page are read before the
    first line is yielded, so an error there is a page, not a broken download; an
    error later ends the file with a `# EXPORT INCOMPLETE` line.

    `full` adds FULL_COLUMNS; the groups come from the pool's membership read fresh
    (console.cognito.groups.group_membership: ListGroups + ListUsersInGroup per group).
    Raises CognitoError (before the first line) as the service layer does.
    """
    header = user_csv_header(pool_id=pool_id)
    columns = [*header, *FULL_COLUMNS] if full else header
    groups = group_membership(pool_id=pool_id, fresh=True).user_groups() if full else {}
    users = user_iter(pool_id=pool_id, filter=filter_text)
    first = next(users, None)

    def generate():
        yield csv_line(columns)
        user = first
        try:
            while user is not None:
                values = _import_values(user, header)
                if full:
                    values += _full_values(user, groups)
                yield csv_line(values)
                user = next(users, None)
        except CognitoError as exc:
            yield neutralise_line(f"# EXPORT INCOMPLETE: {exc.details}".replace("\n", " ")) + "\n"

    return generate()
