from django import forms
from django.db.models import Q

from .models import AuditEvent


class PageSizeMixin:
    """A list filter form whose `size` select always names the page size in use.

    A bound form without `size`, or with one that is not offered, would render the
    select with nothing chosen, so the browser shows the first option ("10") while the
    list shows `DEFAULT_SIZE` rows. Such a query is read as the default size instead.
    """

    DEFAULT_SIZE = 20

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            offered = {str(value) for value, _ in self.base_fields["size"].choices}
            if data.get("size") not in offered:
                data = data.copy()
                data["size"] = str(self.DEFAULT_SIZE)
        super().__init__(data, *args, **kwargs)
        self.fields["size"].initial = self.DEFAULT_SIZE


_text = {"class": "form-control"}
_select = {"class": "form-select"}


class AuditFilterForm(forms.Form):
    staff = forms.CharField(
        label="Staff user", required=False, max_length=150, widget=forms.TextInput(attrs=_text)
    )
    address = forms.GenericIPAddressField(
        label="Address",
        required=False,
        widget=forms.TextInput(attrs={**_text, "placeholder": "e.g. 203.0.113.5"}),
    )
    pool = forms.CharField(
        label="Pool ID", required=False, max_length=64, widget=forms.TextInput(attrs=_text)
    )
    action = forms.CharField(
        label="Action",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={**_text, "placeholder": "e.g. AdminDisableUser"}),
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Any"), *AuditEvent.Outcome.choices],
        widget=forms.Select(attrs=_select),
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={**_text, "type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={**_text, "type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date is before the start date.")
        return data

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("staff"):
            # Who acted, or the staff account acted on (a failed sign-in has no actor).
            queryset = queryset.filter(
                Q(staff_username__icontains=data["staff"])
                | Q(target_type="staff", target_id__icontains=data["staff"])
            )
        if data.get("address"):
            queryset = queryset.filter(ip_address=data["address"])
        if data.get("pool"):
            queryset = queryset.filter(pool_id=data["pool"].strip())
        if data.get("action"):
            queryset = queryset.filter(action__icontains=data["action"].strip())
        if data.get("outcome"):
            queryset = queryset.filter(outcome=data["outcome"])
        if data.get("since"):
            queryset = queryset.filter(created__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(created__date__lte=data["until"])
        return queryset
