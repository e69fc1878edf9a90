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
    connection = forms.ChoiceField(
        label="Connection", required=False, widget=forms.Select(attrs=_select)
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

    def __init__(self, *args, **kwargs):
        from console.connections.services import every_connection

        super().__init__(*args, **kwargs)
        self.fields["connection"].choices = [("", "Any")] + [
            (c.slug, c.name) for c in every_connection()
        ]

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
        if data.get("connection"):
            queryset = queryset.filter(connection=data["connection"])
        if data.get("action"):
            queryset = queryset.filter(action__icontains=data["action"].strip())
        if data.get("outcome"):
            queryset = queryset.filter(outcome=data["outcome"])
        if data.get("since"):
            queryset = queryset.filter(created__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(created__date__lte=data["until"])
        return queryset


# --- production: the pool's name typed to confirm (issue 17) ---------------------------
#: The field a production pool's destructive forms and bulk job starts add.
CONFIRM_POOL_NAME = "confirm_pool_name"


def production_here() -> bool:
    """True when the calls made now go to a production connection: the connection of
    `console.cognito.accounts.current()` (the request's, set by the connections
    middleware; a job's, set by `jobs.run`) has environment "production"."""
    from console.cognito.accounts import current
    from console.connections.services import connection_named

    connection = connection_named(current().key)
    return connection is not None and connection.is_production


class PoolNameConfirmMixin:
    """On a production pool, a required "Type the pool's name to confirm" field.

    A form of a destructive action or of a bulk job's start mixes this in and is
    built with `confirm_pool=<the pool record>` (anything with `.name`, Cognito's
    PoolName). When the current connection is production (`production_here`), the
    form gets the field CONFIRM_POOL_NAME, checked against the pool's name exactly
    (spaces pasted around it aside, as ConfirmNameForm allows); a mismatch is an error
    on that field, so the form is invalid and nothing is done, and the page shown again
    keeps every other value the person entered (the form is bound to what they sent).
    Elsewhere (staging, development, or no `confirm_pool`) the form is unchanged.

    `pool_name_needed()` says whether this submission needs it (default: always);
    a form where only some choices are destructive overrides it (its cleaned data so
    far is `self.cleaned_data`).
    """

    def __init__(self, *args, confirm_pool=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_pool_name = None
        if confirm_pool is not None and production_here():
            self.expected_pool_name = confirm_pool.name
            self.fields[CONFIRM_POOL_NAME] = pool_name_field(confirm_pool.name)
            # Several such forms share a page (the user page): one id for each form.
            self.fields[CONFIRM_POOL_NAME].widget.attrs["id"] = (
                f"id_{CONFIRM_POOL_NAME}_{type(self).__name__}"
            )

    def pool_name_needed(self) -> bool:
        return True

    def clean_confirm_pool_name(self) -> str:
        value = self.cleaned_data.get(CONFIRM_POOL_NAME) or ""
        expected = self.expected_pool_name
        if not self.pool_name_needed() or expected in (value, value.strip()):
            return value
        raise forms.ValidationError(
            f"This is a production pool: type its name, {expected}, exactly to confirm. "
            "Nothing was done.",
            code="pool_name",
        )


def pool_name_field(name: str) -> forms.CharField:
    """The CONFIRM_POOL_NAME field of a production pool named `name`."""
    return forms.CharField(
        label=f"Type the pool's name, {name}, to confirm (a production pool)",
        required=False,  # checked by clean_confirm_pool_name, with its own message
        strip=False,
        max_length=512,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "off",
                "spellcheck": "false",
                "data-testid": "confirm-pool-name",
            }
        ),
    )


class PoolNameConfirmForm(PoolNameConfirmMixin, forms.Form):
    """Only the pool's name on a production pool: for a destructive button that has no
    form of its own (disable a user, global sign-out, retry a bulk action, start an
    import job). Always valid elsewhere."""


def pool_name_to_type(pool) -> str:
    """The name a destructive form of `pool` (a record with `.name`) asks to be typed:
    the pool's name on a production connection (`production_here`), "" elsewhere. For
    a button rendered outside a template (a table's cell), which adds the box itself."""
    return pool.name if production_here() else ""
