"""The Summary tab's forms: the pool filter, a pool's settings (new and edit), and the
typed-name confirmation of a delete. The settings themselves are declared once in
pools.pool_settings."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from console.cognito import schema
from console.cognito.pools import merge
from console.forms import PageSizeMixin

from .fields import CheckedField, StyledForm
from .pool_settings import POOL, threat_protection_problem
from .settings_spec import SettingsForm


class PoolFilterForm(PageSizeMixin, forms.Form):
    name = forms.CharField(
        label="Name or ID contains",
        required=False,
        max_length=128,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    size = forms.TypedChoiceField(
        label="Per page",
        required=False,
        coerce=int,
        empty_value=20,
        choices=[(n, n) for n in (10, 20, 40, 60)],
        initial=20,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


MFA_ON_NOW = (
    "ON (MFA required for everyone) can only be chosen now, when the pool is "
    "created; it cannot be turned on later."
)
MFA_ON_LATER = "ON (MFA required for everyone) can only be chosen when a pool is created."


class PoolForm(SettingsForm):
    """Every user pool setting of pools.pool_settings.POOL.

    With `pool`, it edits that pool: the settings that can only be chosen at creation
    (sign-in attributes, MFA "ON") are left out or shown read-only, and `changes()`
    gives what to apply on top of the pool's full configuration. Without, it is the new
    pool form, with the Region to create it in when there is a choice.
    """

    spec = POOL
    others = ("region",)  # where the pool is created, not one of its settings

    def __init__(self, *args, pool=None, **kwargs):
        self.pool = pool
        super().__init__(*args, reply=pool.raw if pool is not None else None, **kwargs)
        mfa = self.fields["mfa"]
        if pool is None:
            mfa.help_text = MFA_ON_NOW
            for name in ("tier", "threat_protection"):  # not given: Cognito's default
                self.fields[name].required = False
            return
        self.fields[
            "case_insensitive"
        ].help_text = "Chosen when the pool was created; Cognito cannot change it."
        if pool.mfa != "ON":
            mfa.choices = [c for c in mfa.choices if c[0] != "ON"]
        mfa.help_text = MFA_ON_LATER
        for name, field in self.fields.items():
            if isinstance(field, CheckedField):  # what Cognito took is not re-checked
                field.kept = self.initial.get(name) or None

    def more_fields(self):
        super().more_fields()
        regions = list(settings.COGNITO_REGIONS)
        if self.pool is None and len(regions) > 1:
            self.fields["region"] = forms.ChoiceField(
                label="Region", choices=[(r, r) for r in regions]
            )

    def fresh(self) -> "PoolForm":
        """The same form, unbound, of the same pool record."""
        return PoolForm(pool=self.pool)

    @property
    def lambda_fields(self):
        return [self[name] for name in self.fields if name.startswith("lambda_")]

    def clean_name(self):
        value = self.cleaned_data["name"]
        if self.pool is not None and value == self.pool.name:
            return value  # unchanged: not re-checked against today's pattern
        problem = schema.limits(self.spec.op, "PoolName").check(value)
        if problem:
            raise ValidationError(problem)
        return value

    def clean(self):
        data = super().clean()
        if data.get("alias_attributes") and data.get("username_attributes"):
            self.add_error(
                "username_attributes",
                "Choose alias attributes or username attributes, not both.",
            )
        if (
            data.get("email_account") == "DEVELOPER"
            and not data.get("email_source_arn")
            and "email_source_arn" not in self.errors
        ):
            self.add_error("email_source_arn", "Sending with your own SES identity needs its ARN.")
        self._check_plan(data)
        return data

    def _check_plan(self, data) -> None:
        """Threat protection (Audit, Enforced) needs the Plus plan: the error goes on
        the plan when only the plan was changed (a move off Plus), else on threat
        protection. The rule is AWS's (pool_settings.threat_protection_problem)."""
        if "tier" in self.errors or "threat_protection" in self.errors:
            return
        problem = threat_protection_problem(data.get("tier"), data.get("threat_protection"))
        if not problem:
            return
        if "tier" in self.changed_data and "threat_protection" not in self.changed_data:
            self.add_error("tier", problem)
        else:
            self.add_error("threat_protection", problem)

    def changes(self) -> dict:
        """What an edit applies on top of the pool's current full configuration: the
        settings the person changed (tags replaced as a whole); an SMS configuration
        without its role is removed, as Cognito needs the role."""
        changes = super().changes()
        if changes.get("SmsConfiguration") is not None and not self.cleaned_data.get(
            "sms_caller_arn"
        ):
            changes["SmsConfiguration"] = None
        return changes

    def create_config(self, schema_attributes: list[dict]) -> dict:
        """The full CreateUserPool request (empty settings left out), with the
        `schema_attributes` (standard and custom, CreateUserPool's Schema) and Region."""
        config = merge({}, self.request())
        if not (config.get("SmsConfiguration") or {}).get("SnsCallerArn"):
            config.pop("SmsConfiguration", None)
        if self.cleaned_data.get("region"):
            config["Region"] = self.cleaned_data["region"]
        if schema_attributes:
            config["Schema"] = schema_attributes
        return config


class ConfirmNameForm(StyledForm):
    """Type the name of the thing to delete."""

    confirm = forms.CharField(label="Type the name to confirm", max_length=256, strip=False)

    def __init__(self, *args, expected: str, **kwargs):
        self.expected = expected
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"]
        if value != self.expected:
            raise ValidationError("That is not the exact name; nothing was deleted.")
        return value


class ConfirmNamesForm(StyledForm):
    """Type each name of `expected` to confirm: one field for each, `typed_0`,
    `typed_1`... in that order (Add custom attributes' review: each attribute is
    confirmed by its own name, as Cognito will store it)."""

    PREFIX = "typed_"

    def __init__(self, *args, expected: list[str], **kwargs):
        self.expected = list(expected)
        super().__init__(*args, **kwargs)

    def more_fields(self):
        for i, name in enumerate(self.expected):
            self.fields[f"{self.PREFIX}{i}"] = forms.CharField(
                label=f"Type {name} to confirm",
                max_length=256,
                strip=False,
                error_messages={"required": f"Type {name} to confirm it; nothing was sent."},
            )

    @property
    def pairs(self):
        """(name expected, its bound field), in order."""
        return [(name, self[f"{self.PREFIX}{i}"]) for i, name in enumerate(self.expected)]

    def clean(self):
        data = super().clean()
        for i, name in enumerate(self.expected):
            value = data.get(f"{self.PREFIX}{i}")
            if value is not None and value != name:
                self.add_error(f"{self.PREFIX}{i}", mismatch(value, name))
        return data


def mismatch(typed: str, expected: str) -> str:
    """Why `typed` is not exactly `expected`, saying so when it differs only by
    spaces around it ("has a space at the end") or by case ("differs in case"), which
    a person cannot see in the box."""
    hints = []
    if typed.strip() != typed:
        ends = (("start", typed != typed.lstrip()), ("end", typed != typed.rstrip()))
        where = [side for side, extra in ends if extra]
        hints.append(f"has a space at the {' and the '.join(where)}")
    core = typed.strip()
    if core != expected and core.casefold() == expected.casefold():
        hints.append("differs in case")
    if core.casefold() != expected.casefold():
        hints = []  # another name: the spaces are not the only difference
    hint = f" (what you typed {' and '.join(hints)})" if hints else ""
    return f"That is not exactly {expected}{hint}; nothing was sent."
