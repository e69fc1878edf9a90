"""The Connections page's forms: a connection (add, edit) and its deletion."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings

from console.cognito.callers import account_id_problem, external_id_problem, role_arn_problem
from console.cognito.transport import cognito_regions

from .models import SLUG_RE, Connection

_text = {"class": "form-control", "autocomplete": "off"}

SLUG_WORDS = (
    "1-32 characters: lowercase letters a-z, digits and hyphens, starting and ending "
    "with a letter or a digit (like prod-eu)."
)


def region_choices() -> list[tuple[str, str]]:
    """Every Region where Cognito exists (transport.cognito_regions), sorted."""
    return [(r, r) for r in sorted(cognito_regions())]


class ConnectionForm(forms.ModelForm):
    """A connection: its address name (slug, set once), name, account ID, role ARN and
    external ID (AssumeRole), Regions and environment.

    The default connection (the console's own credentials, the standard chain) has no
    role and no external ID; every other one needs a role in its account. The slug is
    set when the connection is made and never changed after: audit events, jobs and
    snapshots keep it.
    """

    regions = forms.MultipleChoiceField(
        label="Regions",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="The Regions whose pools are listed. None chosen: the console's "
        "COGNITO_REGIONS setting.",
    )

    class Meta:
        model = Connection
        fields = ["slug", "name", "account_id", "role_arn", "external_id", "regions", "environment"]
        labels = {
            "slug": "Address name",
            "account_id": "AWS account ID",
            "role_arn": "Role ARN",
            "external_id": "External ID",
        }
        help_texts = {
            "slug": f"Its pages are at /c/<address name>/…. {SLUG_WORDS} Set once.",
            "name": "How pages and lists name it, like “Payments production”.",
            "account_id": "12 digits.",
            "role_arn": "The IAM role in that account the console assumes (STS AssumeRole); "
            "its trust policy must let the console's own identity assume it.",
            "external_id": "Optional: the sts:ExternalId the role's trust policy requires.",
        }
        widgets = {
            "slug": forms.TextInput(attrs=_text),
            "name": forms.TextInput(attrs=_text),
            "account_id": forms.TextInput(attrs={**_text, "inputmode": "numeric"}),
            "role_arn": forms.TextInput(attrs={**_text, "class": "form-control font-monospace-sm"}),
            "external_id": forms.TextInput(attrs=_text),
            "environment": forms.RadioSelect(attrs={"class": "form-check-input"}),
        }
        error_messages = {
            "slug": {"unique": "Another connection has this address name: choose another."},
            "name": {"unique": "Another connection has this name: choose another."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = region_choices()
        self.fields["slug"].validators = []  # SLUG_RE's check, in words, is clean_slug
        self.fields["name"].strip = True
        if self.instance.pk is not None or self.instance.is_default:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = "Set when the connection was made; it does not change."
        if self.instance.is_default:
            for name in ("role_arn", "external_id"):
                self.fields[name].disabled = True
            self.fields["role_arn"].help_text = (
                "None: the default connection uses the console's own credentials "
                "(the standard credential chain)."
            )
            self.fields["account_id"].help_text = "Optional for the default connection: 12 digits."
        else:
            self.fields["account_id"].required = True
            self.fields["role_arn"].required = True
        if settings.COGNITO_REGIONS:
            self.fields["regions"].help_text = (
                "The Regions whose pools are listed. None chosen: the console's "
                f"COGNITO_REGIONS ({', '.join(settings.COGNITO_REGIONS)})."
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.instance.pk is not None or self.instance.is_default:
            return self.instance.slug
        if not re.match(SLUG_RE, slug):
            raise forms.ValidationError(f"Not an address name: use {SLUG_WORDS}")
        if slug == "default":
            raise forms.ValidationError(
                "“default” is the address name of the default connection: choose another."
            )
        return slug

    def clean_account_id(self):
        value = self.cleaned_data["account_id"].strip()
        if value:
            problem = account_id_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean_role_arn(self):
        if self.instance.is_default:
            return ""
        return self.cleaned_data["role_arn"].strip()

    def clean_external_id(self):
        if self.instance.is_default:
            return ""
        value = self.cleaned_data["external_id"]
        problem = external_id_problem(value)
        if problem:
            raise forms.ValidationError(f"Not an external ID: {problem[0].lower()}{problem[1:]}")
        return value

    def clean(self):
        """The role ARN's shape, and its account must be the account ID entered; an
        account already connected is refused (`account_problem`)."""
        data = super().clean()
        account = data.get("account_id")
        if account and "account_id" not in self.errors:
            problem = account_problem(account, self.instance)
            if problem:
                self.add_error("account_id", problem)
        arn = data.get("role_arn")
        if arn and "account_id" not in self.errors:
            problem = role_arn_problem(arn, account_id=data.get("account_id", ""))
            if problem:
                self.add_error("role_arn", problem)
        return data


def account_problem(account_id: str, instance) -> str:
    """Why `account_id` cannot be this connection's ("" when it can): another
    connection reaches that account already. Two connections to one account would
    split its grants ("No access" on one, not the other) and its audit trail."""
    from console.cognito.accounts import DEFAULT, using
    from console.cognito.quota import account_id as account_now

    from .services import every_connection

    for other in every_connection():
        if other.slug == instance.slug:
            continue
        known = other.account_id
        if not known and other.is_default:
            with using(DEFAULT):
                known = account_now()
        if known == account_id:
            return (
                f"Account {account_id} is already connected as “{other.name}”. One "
                "connection per account keeps its grants and its audit trail in one "
                "place: edit that connection instead."
            )
    return ""


class DeleteConnectionForm(forms.Form):
    """The connection's name, typed exactly, to confirm its deletion."""

    confirm = forms.CharField(
        label="Type the connection's name to confirm",
        strip=False,
        widget=forms.TextInput(attrs=_text),
    )

    def __init__(self, *args, name: str, **kwargs):
        self.name = name
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        if self.cleaned_data["confirm"] != self.name:
            raise forms.ValidationError("That is not the connection's name, exactly as shown.")
        return self.cleaned_data["confirm"]
