"""The resource server form: identifier (at creation only), name and the scopes editor.

The settings are declared once (`SERVER`, a pools.settings_spec.Spec over
CreateResourceServer / UpdateResourceServer), so the edit goes through the reviewed
diff like every configuration Cognito replaces whole. The scopes are one setting
(`Scopes`, the whole list), edited as rows of (name, description) with a Remove box
each and a "More rows" button: no JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from console.cognito import schema
from console.cognito.resource_servers import MAX_SCOPES
from pools.settings_spec import Codec, Setting, SettingsForm, Spec

CREATE_OP = "CreateResourceServer"
UPDATE_OP = "UpdateResourceServer"
#: Empty rows the editor shows below the scopes, and how many "More rows" adds.
ROWS_STEP = 3
#: The POST key of the "More rows" button.
MORE_ROWS = "more_rows"

SCOPES = Codec(
    read=lambda v: [
        {"ScopeName": s.get("ScopeName", ""), "ScopeDescription": s.get("ScopeDescription", "")}
        for s in v or ()
    ],
    write=lambda v: [dict(s) for s in v] if v else None,
)


class ScopeRowsWidget(forms.Widget):
    """Rows of scope name, description and Remove (`<name>-name-<i>`,
    `<name>-description-<i>`, `<name>-remove-<i>`), then `extra` empty rows; at most
    MAX_SCOPES rows in all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra = 1

    def value_from_datadict(self, data, files, name):
        prefix = f"{name}-name-"
        indexes = sorted(
            int(k[len(prefix) :])
            for k in data
            if k.startswith(prefix) and k[len(prefix) :].isdigit() and len(k) - len(prefix) < 4
        )
        if not indexes:
            return None
        return [
            {
                "ScopeName": data.get(f"{name}-name-{i}", ""),
                "ScopeDescription": data.get(f"{name}-description-{i}", ""),
                "remove": bool(data.get(f"{name}-remove-{i}")),
            }
            for i in indexes
        ]

    def value_omitted_from_data(self, data, files, name):
        return not any(k.startswith(f"{name}-name-") for k in data)

    def render(self, name, value, attrs=None, renderer=None):
        rows = [dict(r) for r in value or ()] if isinstance(value, list | tuple) else []
        rows += [{"ScopeName": "", "ScopeDescription": ""}] * self.extra
        rows = rows[: max(MAX_SCOPES, len(value or ()))]
        invalid = " is-invalid" if "is-invalid" in (self.attrs.get("class") or "") else ""
        body = format_html_join(
            "",
            '<tr><td><input type="text" class="form-control form-control-sm{}" name="{}-name-{}" '
            'value="{}" aria-label="Scope name, row {}" maxlength="256"></td>'
            '<td><input type="text" class="form-control form-control-sm{}" '
            'name="{}-description-{}" value="{}" aria-label="Description, row {}" '
            'maxlength="256"></td>'
            '<td class="text-center"><input type="checkbox" class="form-check-input" '
            'name="{}-remove-{}" value="1" aria-label="Remove row {}"{}></td></tr>',
            (
                (
                    invalid,
                    name,
                    i,
                    row.get("ScopeName", ""),
                    i + 1,
                    invalid,
                    name,
                    i,
                    row.get("ScopeDescription", ""),
                    i + 1,
                    name,
                    i,
                    i + 1,
                    format_html(" checked") if row.get("remove") else "",
                )
                for i, row in enumerate(rows)
            ),
        )
        return format_html(
            '<table class="table table-sm align-middle mb-1" id="{}" data-testid="scope-rows">'
            '<thead><tr><th scope="col">Scope name</th><th scope="col">Description</th>'
            '<th scope="col" class="text-center">Remove</th></tr></thead><tbody>{}</tbody></table>',
            (attrs or {}).get("id", f"id_{name}"),
            body,
        )


class ScopesField(forms.Field):
    """The server's scopes: a list of {"ScopeName", "ScopeDescription"} (empty rows and
    rows ticked Remove left out), each checked against botocore's model (name 1-256
    characters without `/`, `"` or `\\`; description 1-256), names unique, at most
    MAX_SCOPES."""

    widget = ScopeRowsWidget

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.name_limits = schema.limits(CREATE_OP, "Scopes[].ScopeName")
        self.description_limits = schema.limits(CREATE_OP, "Scopes[].ScopeDescription")

    def to_python(self, value: Any) -> list[dict[str, str]]:
        kept = []
        for row in value or ():
            if not isinstance(row, dict) or row.get("remove"):
                continue
            name = str(row.get("ScopeName") or "").strip()
            description = str(row.get("ScopeDescription") or "").strip()
            if name or description:
                kept.append({"ScopeName": name, "ScopeDescription": description})
        return kept

    def validate(self, value: list[dict[str, str]]) -> None:
        super().validate(value)
        problems, seen = [], set()
        for i, scope in enumerate(value, 1):
            name, description = scope["ScopeName"], scope["ScopeDescription"]
            shown = f"“{name}”" if name else f"Scope {i}"
            if not name:
                problems.append(f"{shown}: give the scope a name (or tick Remove).")
            else:
                problem = self.name_limits.check(name)
                if problem:
                    problems.append(f"{shown}: the name: {problem}")
                elif name in seen:
                    problems.append(f"{shown} is listed twice: scope names are unique.")
                seen.add(name)
            if not description:
                problems.append(f"{shown}: give the scope a description; Cognito needs one.")
            else:
                problem = self.description_limits.check(description)
                if problem:
                    problems.append(f"{shown}: the description: {problem}")
        if len(value) > MAX_SCOPES:
            problems.append(
                f"A resource server has at most {MAX_SCOPES} scopes; these rows have {len(value)}."
            )
        if problems:
            raise ValidationError(problems)

    def has_changed(self, initial, data) -> bool:
        return SCOPES.read(initial) != self.to_python(data)


SERVER = Spec(
    CREATE_OP,
    UPDATE_OP,
    [
        Setting(
            "identifier",
            "Identifier",
            "Identifier",
            required=True,
            after_creation="hide",
            help="Usually the API's URL, like https://api.example.com. Scopes are named "
            "<identifier>/<scope name>. It cannot be changed later.",
        ),
        Setting("name", "Name", "Name", required=True, help="A name for people to read."),
        Setting(
            "scopes",
            "Scopes",
            "Custom scopes",
            "textarea",
            codec=SCOPES,
            help=f"At most {MAX_SCOPES}. Tick Remove to take a scope out; an empty row is ignored.",
        ),
    ],
)


class ServerForm(SettingsForm):
    """CreateResourceServer (no `server`) or UpdateResourceServer (`server`, a
    ResourceServer record: its reply fills the form). `more` adds ROWS_STEP empty rows
    to the scopes editor (the "More rows" button)."""

    spec = SERVER

    def __init__(self, *args, server=None, more: bool = False, **kwargs):
        self.server = server
        reply = dict(server.raw) if server is not None else None
        super().__init__(*args, reply=reply, **kwargs)
        if more:
            self.fields["scopes"].widget.extra = ROWS_STEP

    def more_fields(self):
        super().more_fields()
        old = self.fields["scopes"]
        self.fields["scopes"] = ScopesField(label=old.label, help_text=old.help_text)

    def fresh(self) -> ServerForm:
        """The same form, unbound, of what Cognito holds now."""
        from console.cognito.resource_servers import server_get

        if self.server is None:
            return ServerForm()
        now = server_get(pool_id=self.server.pool_id, identifier=self.server.identifier)
        return ServerForm(server=now)

    def scopes_removed(self) -> list[str]:
        """The full names (`<identifier>/<scope>`) of the server's scopes this edit takes
        out ([] for a new server or an invalid form)."""
        if self.server is None or not hasattr(self, "cleaned_data"):
            return []
        kept = {s["ScopeName"] for s in self.cleaned_data.get("scopes") or ()}
        return [
            f"{self.server.identifier}/{s.name}" for s in self.server.scopes if s.name not in kept
        ]
