"""Forms of the groups pages. Limits come from botocore's service model."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from console.arns import role_arn_problem
from console.cognito.schema import limits
from console.forms import PoolNameConfirmMixin
from console.precedence import Change
from console.snapshot import Conflict, conflicts

# Precedence is a Java Integer in the API: 0 .. 2^31-1.
PRECEDENCE_MAX = 2**31 - 1
MAX_PASTED = 100

GROUP_NAME = limits("CreateGroup", "GroupName")
DESCRIPTION = limits("CreateGroup", "Description")
ROLE_ARN = limits("CreateGroup", "RoleArn")
PRECEDENCE = limits("CreateGroup", "Precedence")
USERNAME = limits("AdminAddUserToGroup", "Username")


def check(value: str, lim, what: str) -> str:
    """`value` when it keeps the model's limits `lim`; else a ValidationError naming
    `what` ("group name") and the broken limit."""
    problem = lim.check(value)
    if problem:
        raise ValidationError(f"Not a valid {what}: {problem}")
    return value


def check_role_arn(value: str) -> str:
    """`value` when it is an IAM role ARN within the model's limits; else a
    ValidationError that says what the value is not (console.arns)."""
    problem = role_arn_problem(value)
    if problem:
        raise ValidationError(problem)
    check(value, ROLE_ARN, "role ARN")
    return value


class GroupFilterForm(forms.Form):
    name = forms.CharField(
        label="Name contains",
        required=False,
        max_length=128,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )


class GroupForm(forms.Form):
    """Create (name editable) or edit (name fixed) a group."""

    name = forms.CharField(
        label="Name",
        strip=False,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=DESCRIPTION.max,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    role_arn = forms.CharField(
        label="IAM role ARN",
        required=False,
        help_text="Optional. Users of this group get it in cognito:roles.",
        widget=forms.TextInput(attrs={"class": "form-control font-monospace"}),
    )
    precedence = forms.IntegerField(
        label="Precedence",
        required=False,
        min_value=PRECEDENCE.min or 0,
        max_value=PRECEDENCE_MAX,
        help_text="0 or more; the lowest value wins. Empty for none (ranks below all).",
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, group=None, **kwargs):
        self.group = group
        if group is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": group.name,
                    "description": group.description,
                    "role_arn": group.role_arn,
                    "precedence": group.precedence,
                },
            )
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["name"].disabled = True
            self.fields["name"].help_text = "A group's name cannot change."
            self.fields["role_arn"].help_text = (
                "Cognito cannot remove a role from a group once set: it can only be replaced."
                if group.role_arn
                else self.fields["role_arn"].help_text
            )
            if group.precedence is not None:
                self.fields["precedence"].help_text = (
                    "0 or more; the lowest value wins. Cognito cannot clear a precedence once "
                    "set: it can only be changed."
                )
        self.fields["name"].widget.attrs["maxlength"] = GROUP_NAME.max

    def clean_name(self):
        return check(self.cleaned_data["name"], GROUP_NAME, "group name")

    def clean_role_arn(self):
        value = self.cleaned_data["role_arn"].strip()
        if not value:
            if self.group is not None and self.group.role_arn:
                raise ValidationError(
                    "Cognito cannot remove a group's role. To drop it, delete the group and "
                    "create it again."
                )
            return ""
        return check_role_arn(value)

    def clean_precedence(self):
        value = self.cleaned_data["precedence"]
        if value is None and self.group is not None and self.group.precedence is not None:
            raise ValidationError(
                "Cognito cannot clear a group's precedence. To drop it, delete the group and "
                "create it again."
            )
        return value


class GroupDeleteForm(PoolNameConfirmMixin, forms.Form):
    confirm = forms.CharField(
        label="Type the group name to confirm",
        strip=False,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )

    def __init__(self, *args, name: str, **kwargs):
        self.name = name
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        if self.cleaned_data["confirm"] != self.name:
            raise ValidationError("That is not the group's name, exactly as shown.")
        return self.cleaned_data["confirm"]


class AddMembersForm(forms.Form):
    usernames = forms.CharField(
        label="Usernames, one per line",
        strip=False,
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 6}),
        help_text=f"Up to {MAX_PASTED} at once. Each line is one username, exactly.",
    )

    def clean_usernames(self):
        # Only line breaks separate names; surrounding blanks are pasting noise.
        lines = [line.strip() for line in self.cleaned_data["usernames"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise ValidationError("Paste at least one username.")
        if len(lines) > MAX_PASTED:
            raise ValidationError(f"At most {MAX_PASTED} usernames at once; got {len(lines)}.")
        return lines


class RemoveMemberForm(PoolNameConfirmMixin, forms.Form):
    username = forms.CharField(strip=False, widget=forms.HiddenInput)


class ClaimsForm(forms.Form):
    username = forms.CharField(
        label="Username",
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


def whatif_snapshot(groups) -> dict[str, list]:
    """What the what-if editor shows of each group: name -> [precedence, role ARN]."""
    return {g.name: [g.precedence, g.role_arn or ""] for g in groups}


class WhatIfForm(forms.Form):
    """One row per group: its precedence and role as they should be.

    Rows are numbered; the group's name travels in a hidden field, so names with any
    punctuation are safe, and a bound form pairs each row with its group by that name
    (a precedence changed in Cognito can reorder the groups, never shift a row onto
    another group). The current values are the initial ones.

    `opened` is `whatif_snapshot` of the groups when the form was opened (see
    console.snapshot). A group whose row the person changed is sent whole (precedence
    and role) by UpdateGroup: if one of those values changed in Cognito since then and
    the row would set another, it is a conflict (`conflicts`), not a change.
    """

    def __init__(self, *args, groups, opened=None, **kwargs):
        self.groups = list(groups)
        self.opened = opened
        self.conflicts: list[Conflict] = []
        self.edited: dict[str, dict] = {}  # group -> the row's values that are not in conflict
        super().__init__(*args, **kwargs)
        self.rows = []
        self.indexed: list[tuple[int, object]] = []
        self.unknown: list[str] = []
        if self.is_bound:
            by_name = {g.name: g for g in self.groups}
            i = 0
            while f"name_{i}" in self.data:
                name = self.data[f"name_{i}"]
                if name in by_name:
                    self.indexed.append((i, by_name.pop(name)))
                else:
                    self.unknown.append(name)
                i += 1
            self.added = sorted(by_name)  # in Cognito, not on the page
        else:
            self.indexed = list(enumerate(self.groups))
            self.added = []
        for i, group in self.indexed:
            self.fields[f"name_{i}"] = forms.CharField(
                strip=False, widget=forms.HiddenInput, initial=group.name
            )
            self.fields[f"precedence_{i}"] = forms.IntegerField(
                label=f"Precedence of {group.name}",
                required=False,
                min_value=0,
                max_value=PRECEDENCE_MAX,
                initial=group.precedence,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"role_{i}"] = forms.CharField(
                label=f"Role ARN of {group.name}",
                required=False,
                initial=group.role_arn,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm font-monospace"}
                ),
            )
            self.rows.append((group, self[f"name_{i}"], self[f"precedence_{i}"], self[f"role_{i}"]))

    def clean(self):
        data = super().clean()
        if self.unknown or self.added:
            parts = []
            if self.unknown:
                parts.append("deleted: " + ", ".join(f"“{n}”" for n in self.unknown))
            if self.added:
                parts.append("added: " + ", ".join(f"“{n}”" for n in self.added))
            raise ValidationError(
                f"The pool's groups changed since this form was opened ({'; '.join(parts)}). "
                "Reload the page."
            )
        changes = []
        for i, group in self.indexed:
            name = group.name
            precedence = data.get(f"precedence_{i}")
            role = (data.get(f"role_{i}") or "").strip()
            if f"precedence_{i}" in self.errors or f"role_{i}" in self.errors:
                continue
            now = [group.precedence, group.role_arn or ""]
            was = (self.opened or {}).get(name, now)
            wanted = [precedence, role]
            if wanted == was:
                continue  # not edited: nothing is sent, whatever Cognito holds now
            found = conflicts(
                dict(zip(("precedence", "role"), was, strict=True)),
                dict(zip(("precedence", "role"), now, strict=True)),
                dict(zip(("precedence", "role"), wanted, strict=True)),
                labels={"precedence": f"{name}: precedence", "role": f"{name}: role ARN"},
            )
            self.edited[name] = {
                f: v
                for f, v in (("precedence", precedence), ("role", role))
                if f not in {c.field for c in found}
            }
            if found:
                self.conflicts.extend(found)
                continue
            if role:
                try:
                    check_role_arn(role)
                except ValidationError as exc:
                    self.add_error(f"role_{i}", exc)
                    continue
            if group.role_arn and not role:
                self.add_error(
                    f"role_{i}",
                    "Cognito cannot remove a group's role; only delete and re-create the group.",
                )
                continue
            if group.precedence is not None and precedence is None:
                self.add_error(
                    f"precedence_{i}",
                    "Cognito cannot clear a precedence; only delete and re-create the group.",
                )
                continue
            if wanted != now:
                changes.append(Change(name=name, precedence=precedence, role_arn=role))
        if self.conflicts:
            raise ValidationError(
                "Changed in Cognito since you opened this form; nothing was applied."
            )
        data["changes"] = changes
        return data

    def refilled(self, groups) -> WhatIfForm:
        """A fresh, unbound form over `groups` (as Cognito holds them now) that keeps
        what the person typed in each row they edited, except the values in conflict,
        which show Cognito's. Rows they did not edit show Cognito's values."""
        fresh = WhatIfForm(groups=groups)
        for i, group in fresh.indexed:
            for field, value in self.edited.get(group.name, {}).items():
                fresh.initial[f"{field}_{i}"] = value
        return fresh
