"""Forms of the invitations report: which invitations it shows, and which users a
re-send is for (the confirmation page then posts users:bulk's own form)."""

from __future__ import annotations

from django import forms

from ..forms import BULK_SELECTED_CAP, USERNAME
from .services import SHOW


class InvitationFilterForm(forms.Form):
    """Which of the invitations read the report shows (services.SHOW)."""

    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=list(SHOW.items()),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def clean_show(self):
        return self.cleaned_data.get("show") or "expired"


class ResendForm(forms.Form):
    """The users to re-send the invitation to: the rows ticked (`usernames`, with
    which=selected), or every expired invitation the page listed (`expired`, with
    which=expired). At most BULK_SELECTED_CAP, the bulk form's own cap."""

    which = forms.ChoiceField(
        choices=[("selected", "The selected users"), ("expired", "Every expired invitation")],
        error_messages={"required": "Choose the selected users or every expired invitation."},
    )
    back = forms.CharField(required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        which = data.get("which")
        if not which:
            return data
        names = list(
            dict.fromkeys(self.data.getlist("usernames" if which == "selected" else "expired"))
        )
        if not names:
            raise forms.ValidationError(
                "Tick at least one user first."
                if which == "selected"
                else "No expired invitation was listed, so there is nobody to re-send to."
            )
        if len(names) > BULK_SELECTED_CAP:
            raise forms.ValidationError(
                f"Too many users: a re-send takes {BULK_SELECTED_CAP:,} at most; tick fewer."
            )
        bad = [name for name in names if USERNAME.check(name)]
        if bad:
            raise forms.ValidationError(
                f"{len(bad):,} of the names sent are not Cognito usernames; reload the list."
            )
        data["usernames"] = names
        return data
