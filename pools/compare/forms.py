"""Compare's form (GET, so a comparison is a URL): two pools, each "<connection
slug>:<pool ID>", and whether to show only the differences."""

from __future__ import annotations

from django import forms

from console.cognito.transport import pool_id_problem
from console.connections.services import connection_named
from pools.fields import StyledForm


class SideField(forms.CharField):
    """A pool as "<connection slug>:<pool ID>", cleaned to (Connection, pool ID). The
    select lists the pools the person may see; any other value is checked here (the
    connection exists, the pool ID is one) and its role by the service (403)."""

    def __init__(self, *, choices=(), **kwargs):
        super().__init__(widget=forms.Select(choices=[("", "Choose a pool…"), *choices]), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        slug, sep, pool_id = value.partition(":")
        if not sep or not slug or not pool_id:
            raise forms.ValidationError("Choose a pool from the list.")
        connection = connection_named(slug)
        if connection is None:
            raise forms.ValidationError(f"There is no connection “{slug[:40]}”.")
        problem = pool_id_problem(pool_id)
        if problem:
            raise forms.ValidationError(problem)
        return connection, pool_id


class CompareForm(StyledForm):
    """Pool A, pool B, only the differences. `choices` are pools.compare.services
    .pool_choices(...).groups: [(connection, [(value, label)])]; a pool asked for that
    they do not list (created since the list was cached) is kept as an option, so the
    form submits it again (its role is still checked)."""

    a = SideField(label="Pool A", error_messages={"required": "Choose pool A."})
    b = SideField(label="Pool B", error_messages={"required": "Choose pool B."})
    only = forms.BooleanField(label="Only the differences", required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        listed = {value for _, group in choices for value, _ in group}
        chosen = [self[name].value() for name in ("a", "b")]
        extra = [(v, v) for v in dict.fromkeys(chosen) if v and v not in listed]
        every = [*choices, ("Chosen (not in the lists above yet)", extra)] if extra else choices
        for name in ("a", "b"):
            self.fields[name].widget.choices = [("", "Choose a pool…"), *every]

    def clean(self):
        data = super().clean()
        a, b = data.get("a"), data.get("b")
        if a and b and a[0].slug == b[0].slug and a[1] == b[1]:
            raise forms.ValidationError("Choose two different pools.")
        return data
