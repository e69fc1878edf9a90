"""The Staff page's forms: the list's filter, an invitation, a role, a grant."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm

from console.cognito.accounts import using
from console.cognito.transport import pool_id_problem
from console.connections.models import Grant
from console.roles import ROLES

_text = {"class": "form-control"}
_select = {"class": "form-select"}

ROLE_FILTERS = [("", "Any role"), *[(r, r) for r in ROLES], ("none", "No role")]
STATE_FILTERS = [
    ("", "Any state"),
    ("active", "Active"),
    ("deactivated", "Deactivated"),
    ("locked", "Locked"),
]


class StaffFilterForm(forms.Form):
    """The staff list's filter (GET): a role and a state. A value not offered is
    refused (the list then shows nothing and says why)."""

    role = forms.ChoiceField(
        label="Role", required=False, choices=ROLE_FILTERS, widget=forms.Select(attrs=_select)
    )
    state = forms.ChoiceField(
        label="State", required=False, choices=STATE_FILTERS, widget=forms.Select(attrs=_select)
    )


class InviteForm(forms.ModelForm):
    """A new staff account: Django's username rules (150 characters at most; letters,
    digits and @ . + - _), an email address and a role. A username or an email another
    account has, in any case, is refused by name."""

    role = forms.ChoiceField(
        label="Role",
        choices=[(r, r) for r in ROLES],
        initial=ROLES[0],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="Viewer: reads only. Operator: users, groups, imports. "
        "Admin: everything, including pools, app clients and staff.",
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "email"]
        widgets = {
            "username": forms.TextInput(attrs={**_text, "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={**_text, "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = (
            "Where the person reads mail; with single sign-on, the email the provider "
            "knows them by."
        )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                "A staff account named “%(name)s” already exists (usernames are compared "
                "ignoring case). Choose another username, or find that account in the list.",
                params={"name": username},
            )
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        other = get_user_model().objects.filter(email__iexact=email).first()
        if other is not None:
            raise forms.ValidationError(
                "The staff account “%(name)s” already has this email address: one person, "
                "one account.",
                params={"name": other.get_username()},
            )
        return email


class RoleForm(forms.Form):
    """The role a staff account is to have, and (hidden) the role it had when the form
    was opened: `was`, a role or "none" (services.NO_ROLE). A form without it, or with
    a value that is no role, is refused (open it again): without it, a change made
    meanwhile in another tab would be overwritten unseen."""

    role = forms.ChoiceField(
        label="New role",
        choices=[(r, r) for r in ROLES],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    was = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        """`was` must be a role or "none"; its error is the form's own (shown above the
        form: the field is hidden)."""
        data = super().clean()
        if data.get("was") not in (*ROLES, "none"):
            raise forms.ValidationError(
                "This form does not say which role the account had when it was opened, "
                "so it cannot tell whether someone changed it since: open the form again "
                "from the staff list. Nothing was changed."
            )
        return data


class ConsoleSetPasswordForm(SetPasswordForm):
    """Django's SetPasswordForm (AUTH_PASSWORD_VALIDATORS, the two fields must match),
    in the console's look."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


GRANT_ROLE_HELP = (
    "The role there, instead of the console-wide one: a pool's grant wins over its "
    "connection's. No access takes every access away there."
)


class GrantForm(forms.Form):
    """A grant: a connection, optionally one of its pools (chosen from its pools, or a
    pool ID typed when it is not listed), and a role (or no access).

    `connections` are the connections offered (services.grant_connections());
    `pools` the chosen connection's pools (PoolSummary records). The typed pool ID must
    be one (transport.pool_id_problem, in that connection's Regions); a pool chosen
    from the list must be one of the connection's listed pools."""

    connection = forms.ChoiceField(label="Connection", widget=forms.Select(attrs=_select))
    pool = forms.ChoiceField(
        label="Pool",
        required=False,
        widget=forms.Select(attrs=_select),
        error_messages={
            "invalid_choice": "This pool is not one of the pools of the connection chosen: "
            "choose the pool again from that connection's list."
        },
    )
    pool_typed = forms.CharField(
        label="Or a pool ID not listed",
        required=False,
        max_length=55,
        widget=forms.TextInput(
            attrs={**_text, "autocomplete": "off", "placeholder": "eu-west-1_AbC123"}
        ),
        help_text="A pool of this connection the list does not show (its pools could not "
        "be listed, or it is new).",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Grant.ROLE_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=GRANT_ROLE_HELP,
    )

    def __init__(self, *args, connections, pools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.connections = {c.slug: c for c in connections}
        self.fields["connection"].choices = [
            (c.slug, f"{c.name} ({c.get_environment_display()})") for c in connections
        ]
        self.fields["pool"].choices = [
            ("", "The whole connection"),
            *[(p.id, f"{p.name} ({p.id})") for p in pools],
        ]

    def clean(self):
        """The chosen connection as `connection_obj`; the pool as `pool_id` (the typed
        ID over the chosen one; "" for the whole connection)."""
        data = super().clean()
        connection = self.connections.get(data.get("connection", ""))
        typed = (data.get("pool_typed") or "").strip()
        data["connection_obj"] = connection
        data["pool_id"] = typed or data.get("pool") or ""
        if connection is not None and typed:
            with using(connection.account()):
                problem = pool_id_problem(typed)
            if problem:
                self.add_error("pool_typed", problem)
        return data


class GrantRoleForm(forms.Form):
    """A grant's new role (or no access)."""

    role = forms.ChoiceField(
        label="Role",
        choices=Grant.ROLE_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=GRANT_ROLE_HELP,
    )
