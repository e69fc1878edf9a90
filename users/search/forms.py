"""Forms of the Search tab: the search itself (a GET form, so a search is a shareable
URL), the snapshot's actions (turn on, refresh, turn off) and the header's box."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Mapping
from urllib.parse import urlencode

from django import forms

from console.cognito.users import USER_STATUSES
from console.forms import PoolNameConfirmMixin

from . import query
from .models import PHONE, USERNAME, Snapshot

#: Condition rows shown by default, and the most a search may have.
ROWS = 3
MAX_ROWS = 10
#: The longest value a condition may have (Cognito's own limit on an attribute value).
MAX_VALUE = 2048
#: The group choice for users in no group. It has spaces, which no group name can have
#: (Cognito's pattern is letters, marks, symbols, digits and punctuation), so it never
#: collides with a group; `SearchForm.search()` turns it into `query.NO_GROUP`.
NO_GROUP_CHOICE = "in no group"
ENABLED_CHOICES = {"": None, "enabled": True, "disabled": False}
#: The dates a search accepts (a day after the last would not fit a datetime).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(9999, 12, 30)

_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_:.\-]{1,64}")
_ROW_FIELD = re.compile(r"c[0-9]+_(name|op|value)")
# No space and no control character (Cognito's pattern: letters, marks, symbols, digits
# and punctuation); PostgreSQL refuses a NUL in a query.
_GROUP_NAME = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]{1,128}")
_input = {"class": "form-control"}
_select = {"class": "form-select"}
_date = {"class": "form-control", "type": "date"}


def _condition_prefixes(data: Mapping | None) -> int:
    """How many condition rows `data` holds (the highest row with any field, plus one)."""
    if not data:
        return 0
    present = 0
    for index in range(MAX_ROWS):
        if any(f"c{index}_{part}" in data for part in ("name", "op", "value")):
            present = index + 1
    return present


class SearchForm(forms.Form):
    """A search of one snapshot, from a query string (GET).

    Condition rows are fields `c<i>_name` (an attribute, from
    `query.attribute_names(snapshot)`, cached per generation: `query.choices`),
    `c<i>_op` (exact, starts, contains) and `c<i>_value` (at most 2048 characters;
    empty: no condition). ROWS rows by
    default; a bound form has as many rows as its data names, one more when its
    `more` button was pressed, never more than MAX_ROWS (rows past it are ignored).
    Then `group` ("" any, NO_GROUP_CHOICE, or a group name), `status`, `enabled`
    ("", "enabled", "disabled") and four date bounds (created/modified from/to).

    Use: `form = SearchForm(request.GET, snapshot=snapshot)`; `form.is_valid()`;
    `form.search()` -> `query.Search`.
    """

    group = forms.ChoiceField(label="Group", required=False, widget=forms.Select(attrs=_select))
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *[(s, s) for s in USER_STATUSES]],
        widget=forms.Select(attrs=_select),
    )
    enabled = forms.ChoiceField(
        label="Enabled",
        required=False,
        choices=[("", "Enabled or disabled"), ("enabled", "Enabled"), ("disabled", "Disabled")],
        widget=forms.Select(attrs=_select),
    )
    created_from = forms.DateField(
        label="Created from", required=False, widget=forms.DateInput(attrs=_date)
    )
    created_to = forms.DateField(
        label="Created to", required=False, widget=forms.DateInput(attrs=_date)
    )
    modified_from = forms.DateField(
        label="Modified from", required=False, widget=forms.DateInput(attrs=_date)
    )
    modified_to = forms.DateField(
        label="Modified to", required=False, widget=forms.DateInput(attrs=_date)
    )
    DATE_FIELDS = ("created_from", "created_to", "modified_from", "modified_to")

    def __init__(self, data=None, *args, snapshot: Snapshot, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.snapshot = snapshot
        names, groups = query.choices(snapshot)
        rows = max(ROWS, _condition_prefixes(data))
        if data and data.get("more"):
            rows += 1
        self.rows = min(rows, MAX_ROWS)
        self.more_allowed = self.rows < MAX_ROWS
        defaults = [n for n in (USERNAME, "email", "phone_number") if n in names]
        for index in range(self.rows):
            self._add_row(index, names, defaults[index] if index < len(defaults) else USERNAME)
        self._set_group_choices(groups)
        for name in self.DATE_FIELDS:
            self.fields[name].error_messages["invalid"] = "Enter a date as YYYY-MM-DD."

    @classmethod
    def from_query(cls, params: Mapping, *, snapshot: Snapshot) -> SearchForm:
        """The form for a page's query string: bound when `params` holds any of its
        fields (or its `more` button), else unbound (the default rows, no search).
        Other parameters (sort, page, find) do not bind it."""
        own = set(cls.base_fields) | {"more"}
        bound = any(key in own or _ROW_FIELD.fullmatch(key) for key in params)
        return cls(params if bound else None, snapshot=snapshot)

    def _add_row(self, index: int, names: list[str], default: str) -> None:
        asked = (self.data or {}).get(f"c{index}_name")
        choices = list(names)
        # A shared search may name an attribute no user has now: keep it (no matches).
        if asked and asked not in choices and _ATTRIBUTE_NAME.fullmatch(asked):
            choices.append(asked)
        self.fields[f"c{index}_name"] = forms.ChoiceField(
            label="Attribute",
            required=False,
            initial=default,
            choices=[(n, n) for n in choices],
            widget=forms.Select(attrs=_select),
            error_messages={"invalid_choice": "Not an attribute name: choose one from the list."},
        )
        self.fields[f"c{index}_op"] = forms.ChoiceField(
            label="Comparison",
            required=False,
            initial="contains",
            choices=list(query.OPERATORS.items()),
            widget=forms.Select(attrs=_select),
            error_messages={"invalid_choice": "Choose is, starts with or contains."},
        )
        self.fields[f"c{index}_value"] = forms.CharField(
            label="Value",
            required=False,
            max_length=MAX_VALUE,
            widget=forms.TextInput(attrs={**_input, "type": "search", "autocomplete": "off"}),
            error_messages={
                "max_length": f"Too long: a value has a {MAX_VALUE}-character limit "
                "(this one has %(show_value)d).",
                "null_characters_not_allowed": "A value cannot contain the NUL character.",
            },
        )

    def _set_group_choices(self, groups: list[str]) -> None:
        asked = (self.data or {}).get("group")
        named = list(groups)
        if (
            asked
            and asked != NO_GROUP_CHOICE
            and asked not in named
            and _GROUP_NAME.fullmatch(asked)
        ):
            named.append(asked)  # a shared search's group with no member now
        field = self.fields["group"]
        field.choices = [
            ("", "Any group or none"),
            (NO_GROUP_CHOICE, "In no group"),
            *[(n, n) for n in named],
        ]
        field.error_messages["invalid_choice"] = "Not a group name: choose one from the list."

    def condition_rows(self) -> list[tuple]:
        """(name, operator, value) bound fields per row, for the template."""
        return [
            (self[f"c{i}_name"], self[f"c{i}_op"], self[f"c{i}_value"]) for i in range(self.rows)
        ]

    def clean(self):
        data = super().clean()
        for index in range(self.rows):
            self._check_value(index, data)
        for label in ("created", "modified"):
            start, end = data.get(f"{label}_from"), data.get(f"{label}_to")
            for name, day in ((f"{label}_from", start), (f"{label}_to", end)):
                if day and not FIRST_DAY <= day <= LAST_DAY:
                    self.add_error(
                        name, f"Give a day from {FIRST_DAY:%Y-%m-%d} to {LAST_DAY:%Y-%m-%d}."
                    )
            if start and end and start > end and f"{label}_from" not in self.errors:
                self.add_error(
                    f"{label}_from",
                    f"“From” ({start:%Y-%m-%d}) is after “to” ({end:%Y-%m-%d}): "
                    "swap them, or leave one empty.",
                )
        return data

    def _check_value(self, index: int, data: dict) -> None:
        """A value with a control character (no Cognito attribute holds one, and it
        would not show in the results' words), or a phone number with no digits (it
        would match every number), is refused on its field."""
        field, value = f"c{index}_value", data.get(f"c{index}_value") or ""
        if not value or field in self.errors:
            return
        odd = sorted({f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch) == "Cc"})
        if odd:
            self.add_error(
                field, f"A value cannot hold control characters; this one has {', '.join(odd)}."
            )
            return
        name = data.get(f"c{index}_name") or USERNAME
        condition = query.Condition(
            name=name, op=data.get(f"c{index}_op") or "contains", value=value
        )
        if name == PHONE and not query.folded_query(condition):
            self.add_error(field, f"A phone number search needs digits; “{value}” has none.")

    def search(self) -> query.Search:
        """The search the form asks for. Raises ValueError when the form is not valid
        (call `is_valid()` first and show its errors)."""
        if not self.is_valid():
            raise ValueError("The search form is not valid.")
        data = self.cleaned_data
        conditions = []
        for index in range(self.rows):
            value = data.get(f"c{index}_value") or ""
            if value:
                conditions.append(
                    query.Condition(
                        name=data.get(f"c{index}_name") or USERNAME,
                        op=data.get(f"c{index}_op") or "contains",
                        value=value,
                    )
                )
        group = data.get("group") or ""
        return query.Search(
            conditions=tuple(conditions),
            group=query.NO_GROUP if group == NO_GROUP_CHOICE else group,
            status=data.get("status") or "",
            enabled=ENABLED_CHOICES.get(data.get("enabled") or ""),
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
            modified_from=data.get("modified_from"),
            modified_to=data.get("modified_to"),
        )

    def query_string(self) -> str:
        """The valid form's search as a query string (only the parts it uses, rows
        renumbered from 0), for links that keep the search: sort, pages, exports."""
        search = self.search()
        params: list[tuple[str, str]] = []
        for index, condition in enumerate(search.conditions):
            params += [
                (f"c{index}_name", condition.name),
                (f"c{index}_op", condition.op),
                (f"c{index}_value", condition.value),
            ]
        data = self.cleaned_data
        for name in ("group", "status", "enabled"):
            if data.get(name):
                params.append((name, data[name]))
        for name in self.DATE_FIELDS:
            if data.get(name):
                params.append((name, data[name].isoformat()))
        return urlencode(params)


class EnableForm(forms.Form):
    """Turn a pool's snapshot on (Admins). No fields: the button is the request."""


class RefreshForm(forms.Form):
    """Refresh the snapshot now. `nonce`: the same form sent twice is one refresh."""

    nonce = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{8,64}$",
        widget=forms.HiddenInput,
        error_messages={
            "required": "The form came back incomplete; reload the page.",
            "invalid": "The form came back altered; reload the page.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("nonce", uuid.uuid4().hex)


class DisableForm(PoolNameConfirmMixin, forms.Form):
    """Turn a pool's snapshot off, which deletes its rows: the box must be ticked."""

    confirm = forms.BooleanField(
        required=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Tick the box to turn the snapshot off: it deletes the snapshot's "
            "users from the console's database."
        },
    )

    def __init__(self, *args, user_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        noun = "user" if user_count == 1 else "users"
        label = f"Delete the snapshot's {user_count} {noun} from the console's database"
        self.fields["confirm"].label = label


class FindForm(forms.Form):
    """The header's box: a username, email, phone number or sub."""

    q = forms.CharField(
        label="Find a user (username, email, phone, sub)",
        required=False,
        max_length=MAX_VALUE,
        error_messages={
            "max_length": "That is longer than any username, email or sub.",
            "null_characters_not_allowed": "No username, email, phone number or sub "
            "contains the NUL character.",
        },
    )

    def clean_q(self) -> str:
        """The text, refused when it holds a control character (no username, email,
        phone number or sub holds one), as the search page refuses it."""
        text = self.cleaned_data["q"]
        odd = sorted({f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cc"})
        if odd:
            raise forms.ValidationError(
                f"No username, email, phone number or sub holds a control character; "
                f"this text has {', '.join(odd)}."
            )
        return text
