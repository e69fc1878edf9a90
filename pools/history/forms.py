"""The history's one form: which two snapshots to diff (GET, so a diff is a URL)."""

from __future__ import annotations

from django import forms

from pools.fields import StyledForm


class DiffForm(StyledForm):
    """Two snapshots of the pool, by number: `a` and `b` (any order; the page shows the
    older first)."""

    # max_value: the database's largest key (a bigger number would fail its query).
    a = forms.IntegerField(
        label="From",
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "required": "Pick a snapshot to compare from.",
            "max_value": "No snapshot has this number.",
        },
    )
    b = forms.IntegerField(
        label="To",
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "required": "Pick a snapshot to compare with.",
            "max_value": "No snapshot has this number.",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise forms.ValidationError("Pick two different snapshots.")
        return data

    def picked(self) -> list[int]:
        return [self.cleaned_data["a"], self.cleaned_data["b"]]
