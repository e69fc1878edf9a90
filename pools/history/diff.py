"""Two configuration documents (console.cognito.configuration) compared setting by
setting: what the history's diff page and Compare show.

Single sections (the pool's settings, MFA, risk configuration) are compared path by
path; keyed sections (app clients, groups, identity providers, domains, log delivery,
resource servers) are matched by name, then compared path by path, an item on one side
only being one row ("only in A" / "only in B"; in the history, "added" / "removed").
A list is one value (Cognito sends lists whole). Labels are the Summary tab's and the
App clients tab's (pools.pool_settings.POOL, pools.clients.client_settings.CLIENT)
where they declare the setting, else the path in Cognito's words.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from console.cognito.configuration import KEYED, SECTIONS

SECTION_WORDS = {
    "pool": "Pool settings",
    "mfa": "MFA and passkeys",
    "risk": "Threat protection (risk configuration)",
    "log_delivery": "Log delivery",
    "domains": "Domains",
    "clients": "App clients",
    "groups": "Groups",
    "providers": "Identity providers",
    "resource_servers": "Resource servers",
}
#: Row states.
SAME, CHANGED, ONLY_A, ONLY_B = "same", "changed", "only-a", "only-b"
WHOLE = "(the whole item)"
#: Between the parts of a path in words (U+203A, a single right-pointing angle quote).
SEPARATOR = " \u203a "


@dataclass(frozen=True)
class Row:
    """One setting in two documents. `item` is the client, group, provider... name (""
    in a single section); `path` the setting's path inside it; `state` SAME, CHANGED,
    ONLY_A (the item or setting is only in the first document) or ONLY_B."""

    section: str
    item: str
    path: tuple[str, ...]
    label: str
    a: Any
    b: Any
    state: str

    @property
    def section_words(self) -> str:
        return SECTION_WORDS.get(self.section, self.section)

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def a_text(self) -> str:
        return text(self.a) if self.state != ONLY_B or self.path else "—"

    @property
    def b_text(self) -> str:
        return text(self.b) if self.state != ONLY_A or self.path else "—"

    @property
    def differs(self) -> bool:
        return self.state != SAME


def text(value: Any) -> str:
    """A value in words: "(not set)", "yes"/"no", a list comma-separated, a mapping as
    "key: value; …"."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == "":
        return "(empty)"
    if isinstance(value, list):
        if all(not isinstance(v, Mapping | list) for v in value):
            return ", ".join(text(v) for v in value) or "(none)"
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_inner(v)}" for k, v in sorted(value.items())) or "(none)"
    return str(value)


def _inner(value: Any) -> str:
    return f"({text(value)})" if isinstance(value, Mapping) and value else text(value)


def _leaves(section: str, value: Any) -> Any:
    """The section with the members shown as one value each: a pool's attribute (its
    type, constraints and flags in one row, the name left out), not one row a flag."""
    if section != "pool" or not isinstance(value, Mapping):
        return value
    schema = value.get("SchemaAttributes")
    if not isinstance(schema, Mapping):
        return value
    words = {n: text({k: v for k, v in a.items() if k != "Name"}) for n, a in schema.items()}
    return {**value, "SchemaAttributes": words}


def _flatten(value: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(value, Mapping) and value:
        flat: dict[tuple[str, ...], Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, (*prefix, str(key))))
        return flat
    if isinstance(value, Mapping | list) and not value:
        return {prefix: None} if prefix else {}
    return {prefix: value}


@functools.cache
def _specs():
    from pools.clients.client_settings import CLIENT
    from pools.pool_settings import POOL

    return {"pool": POOL, "clients": CLIENT}


def label(section: str, path: tuple[str, ...]) -> str:
    """The setting's label as the console's forms name it, else its path in words, its
    parts joined by SEPARATOR ("SoftwareTokenMfaConfiguration \u203a Enabled")."""
    spec = _specs().get(section)
    dotted = ".".join(path)
    if spec is not None and path:
        for setting in spec:
            if setting.reply and (
                dotted == setting.reply or dotted.startswith(setting.reply + ".")
            ):
                return setting.label
        found = spec.label(dotted)
        if found:
            return found
    if section == "pool" and path[:1] == ("SchemaAttributes",) and len(path) > 1:
        return SEPARATOR.join(("Attribute " + path[1], *path[2:]))
    return SEPARATOR.join(path) or WHOLE


def _rows(section: str, item: str, a: Any, b: Any, every: bool) -> Iterable[Row]:
    before, after = _flatten(_leaves(section, a)), _flatten(_leaves(section, b))
    for path in sorted(set(before) | set(after)):
        x, y = before.get(path), after.get(path)
        if x == y and not every:
            continue
        if x == y:
            state = SAME
        elif y is None:
            state = ONLY_A
        elif x is None:
            state = ONLY_B
        else:
            state = CHANGED
        yield Row(section, item, path, label(section, path), x, y, state)


def compare_documents(
    a: Mapping[str, Any], b: Mapping[str, Any], *, every: bool = False
) -> list[Row]:
    """The rows of two documents, section by section (SECTIONS' order), items by name:
    only the differences, or every setting with `every`. An item of a keyed section on
    one side only is one row (path ())."""
    rows: list[Row] = []
    for section in SECTIONS:
        x, y = a.get(section) or {}, b.get(section) or {}
        if section not in KEYED:
            rows.extend(_rows(section, "", x, y, every))
            continue
        for name in sorted(set(x) | set(y), key=lambda n: (n.casefold(), n)):
            if name not in y:
                rows.append(Row(section, name, (), WHOLE, x[name], None, ONLY_A))
            elif name not in x:
                rows.append(Row(section, name, (), WHOLE, None, y[name], ONLY_B))
            else:
                rows.extend(_rows(section, name, x[name], y[name], every))
    return rows
