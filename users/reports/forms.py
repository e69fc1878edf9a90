"""Forms of the reports: choosing a bulk action for a report's or a search's users (a
GET form: nothing changes yet), and confirming it (the users list's own BulkForm with
the scope "snapshot", its users named by a signed selection instead of usernames)."""

from __future__ import annotations

from django import forms
from django.core import signing

from users.forms import BULK_ACTIONS, BulkForm

from .selection import unseal

_select = {"class": "form-select form-select-sm"}


class ChooseActionForm(forms.Form):
    """The action (and its group) "Act on all N" is about to confirm (GET)."""

    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Choose…"), *BULK_ACTIONS.items()],
        widget=forms.Select(attrs=_select),
        error_messages={
            "required": "Choose an action.",
            "invalid_choice": "Not a bulk action: choose one from the list.",
        },
    )
    group = forms.ChoiceField(label="Group", required=False, widget=forms.Select(attrs=_select))

    def __init__(self, *args, groups=(), is_admin: bool = False, **kwargs):
        """`groups`: the pool's groups (records with a `name`), for the group actions."""
        super().__init__(*args, **kwargs)
        self.is_admin = is_admin
        names = [g.name for g in groups]
        self.fields["group"].choices = [("", "—"), *[(n, n) for n in names]]
        self.fields["group"].error_messages["invalid_choice"] = "No such group in this pool."

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in ("add_group", "remove_group") and not data.get("group"):
            self.add_error("group", "Choose the group.")
        if action == "delete" and not self.is_admin:
            self.add_error("action", "Deleting users needs the Admin role.")
        if action and not action.endswith("_group"):
            data["group"] = ""
        return data


class ActForm(BulkForm):
    """The confirmation of "Act on all N": BulkForm's action, group, DELETE and nonce
    rules, the scope "snapshot", and `selection` (users.reports.selection.seal: which
    report or search, at which generation and moment), which cleans to its params.
    A selection that did not come back as signed is refused."""

    selection = forms.CharField(widget=forms.HiddenInput, max_length=8000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("snapshot", "The users of the report or search")]
        self.fields["scope"].initial = "snapshot"

    def clean(self):
        data = super().clean()
        try:
            data["selection"] = unseal(self.data.get("selection") or "")
        except signing.BadSignature:
            self.add_error(
                None,
                "The users to act on did not come back as the page sent them, so nothing "
                "was started. Open the report or search again.",
            )
        return data
