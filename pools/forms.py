"""The Summary tab's forms: the pool filter, a pool's settings (new and edit), and the
typed-name confirmation of a delete. The settings themselves are declared once in
pools.pool_settings."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from console.arns import place_problems
from console.cognito import schema
from console.cognito.domains import domain_list
from console.cognito.errors import CognitoError
from console.cognito.mfa import mfa_config_get
from console.cognito.pools import merge
from console.connections.models import Connection
from console.forms import PageSizeMixin, PoolNameConfirmMixin

from .fields import CheckedField, StyledForm
from .plans import plan_problem
from .pool_settings import (
    ACCESS_TOKEN_VERSIONS,
    CUSTOM_SENDERS,
    DEFAULT_PLAN,
    FACTOR_WORDS,
    KMS_KEY,
    POOL,
    PRE_TOKEN,
    ThreatProtection,
    Trigger,
    threat_protection_problem,
    triggers,
)
from .settings_spec import SettingsForm


class PoolFilterForm(PageSizeMixin, forms.Form):
    """The pool list's filter: name or ID, connection, environment, Region, page size.

    `connections` are those the person may see (the choices); the connection filter
    and its neighbours are shown only when there is more than one connection."""

    name = forms.CharField(
        label="Name or ID contains",
        required=False,
        max_length=128,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    connection = forms.ChoiceField(
        label="Connection", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    environment = forms.ChoiceField(
        label="Environment", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    region = forms.ChoiceField(
        label="Region", required=False, widget=forms.Select(attrs={"class": "form-select"})
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

    def __init__(self, *args, connections=(), **kwargs):
        super().__init__(*args, **kwargs)
        connections = list(connections)
        self.several = len(connections) > 1
        self.fields["connection"].choices = [("", "All connections")] + [
            (c.slug, f"{c.name} ({c.get_environment_display()})") for c in connections
        ]
        environments = {c.environment for c in connections}
        self.fields["environment"].choices = [("", "All environments")] + [
            (value, label)
            for value, label in Connection.Environment.choices
            if value in environments
        ]
        regions = sorted({r for c in connections for r in c.region_list()})
        self.fields["region"].choices = [("", "All Regions")] + [(r, r) for r in regions]


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
        if "first_factors" in self.fields:
            factors = self.fields["first_factors"]
            factors.choices = [(v, FACTOR_WORDS.get(v, v)) for v, _ in factors.choices]
        for trigger in triggers():  # no version chosen: V1_0 (_whole_trigger)
            if trigger.version_field in self.fields:
                self.fields[trigger.version_field].required = False
        mfa = self.fields.get("mfa")
        if pool is None:
            if mfa is not None:
                mfa.help_text = MFA_ON_NOW
            for name in ("tier", "threat_protection"):  # not given: Cognito's default
                if name in self.fields:
                    self.fields[name].required = False
            return
        if "case_insensitive" in self.fields:
            self.fields[
                "case_insensitive"
            ].help_text = "Chosen when the pool was created; Cognito cannot change it."
        if mfa is not None:
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
        """The same form (the same class: a section form stays one), unbound, of the
        same pool record."""
        return type(self)(pool=self.pool)

    @property
    def lambda_fields(self):
        return [self[name] for name in self.fields if name.startswith("lambda_")]

    @property
    def trigger_rows(self):
        """(Trigger, its ARN's bound field, its event version's bound field or None),
        for each Lambda trigger of the form."""
        return [
            (t, self[t.arn_field], self[t.version_field] if t.versioned else None)
            for t in triggers()
            if t.arn_field in self.fields
        ]

    def value(self, name: str):
        """The value of setting `name` (a POOL setting) this form stands for: the cleaned
        value when the form has the field, else what the pool holds (a section form edits
        some settings; the rules still see the others), else the new pool's."""
        if name in self.fields and hasattr(self, "cleaned_data"):
            return self.cleaned_data.get(name)
        setting = POOL.by_name[name]
        if self.pool is not None:
            return setting.read(self.pool.raw)
        return setting.initial

    def plan(self) -> str:
        """The feature plan the form would leave the pool on (UserPoolTier)."""
        if "tier" in self.fields:
            return self.cleaned_data.get("tier") or DEFAULT_PLAN
        if self.pool is not None:
            return ThreatProtection.of(self.pool.raw).plan
        return DEFAULT_PLAN

    def _refuse(self, names, message: str) -> None:
        """Put `message` on the first of `names` the form has (else on the form), once."""
        name = next((n for n in names if n in self.fields), None)
        if name is not None and name in self.errors:
            return
        self.add_error(name, message)

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
        self._check_features_in_use()
        self._check_factors()
        self._check_triggers()
        return data

    def _check_plan(self, data) -> None:
        """Threat protection (Audit, Enforced) needs the Plus plan: the error goes on
        the plan when only the plan was changed (a move off Plus), else on threat
        protection. The rule is AWS's (pool_settings.threat_protection_problem)."""
        if "tier" in self.errors or "threat_protection" in self.errors:
            return
        problem = threat_protection_problem(self.plan(), self.value("threat_protection"))
        if not problem:
            return
        if "tier" in self.changed_data and "threat_protection" not in self.changed_data:
            self._refuse(("tier", "threat_protection"), problem)
        else:
            self._refuse(("threat_protection", "tier"), problem)

    def _plan_refusal(self, feature: str, field: str, what: str) -> None:
        """`feature` (plans.FEATURES) is on (`what` says how) but the plan lacks it: on
        the plan when the plan is what changed ("the plan chosen is Lite"), else on
        `field` (the pool's plan: "this pool is on Lite")."""
        if "tier" in self.errors:
            return
        if "tier" in self.changed_data and field not in self.changed_data:
            problem = plan_problem(self.plan(), feature, chosen=True)
            if problem:
                self._refuse(("tier", field), f"{problem} {what}")
        else:
            problem = plan_problem(self.plan(), feature, chosen="tier" in self.changed_data)
            if problem:
                self._refuse((field, "tier"), problem)

    def _check_features_in_use(self) -> None:
        """A move to a plan that lacks a feature the pool uses outside this form is
        refused on the plan, one sentence a feature, as Cognito refuses UpdateUserPool
        with FeatureUnavailableInTierException ("The following features need to be
        disabled for the LITE pricing tier configured: ..."; the message AWS gives for
        threat protection, pool_settings.threat_protection_problem). The features (the
        developer guide, "Essentials plan features"): email MFA and passkeys as MFA
        (GetUserPoolMfaConfig: EmailMfaConfiguration, WebAuthnConfiguration.
        FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION), managed login (a domain
        of the pool with ManagedLoginVersion 2, DescribeUserPoolDomain) and password
        reuse prevention (Policies.PasswordPolicy.PasswordHistorySize above 0). Only when
        the plan is what changed, on an existing pool; a Cognito error while reading
        these is said on the plan (nothing is sent unchecked)."""
        if self.pool is None or "tier" not in self.changed_data or "tier" in self.errors:
            return
        plan = self.plan()
        try:
            in_use = features_in_use(self.pool)
        except CognitoError as exc:
            self._refuse(
                ("tier",),
                f"Could not check which features the pool uses, so the plan was not changed: {exc}",
            )
            return
        for feature, what in in_use:
            problem = plan_problem(plan, feature, chosen=True)
            if problem:
                self.add_error("tier", f"{problem} {what}")

    def _check_factors(self) -> None:
        """The allowed first factors: any but Password is passwordless sign-in, which
        needs the Essentials plan (SignInPolicyType: "your user pool must be in the
        Essentials tier or higher"; Cognito refuses with
        FeatureUnavailableInTierException).
        """
        if "first_factors" in self.errors:
            return
        factors = POOL.by_name["first_factors"].kind.write(self.value("first_factors"))
        passwordless = [FACTOR_WORDS.get(f, f) for f in factors if f != "PASSWORD"]
        if passwordless:
            self._plan_refusal(
                "passwordless",
                "first_factors",
                f"Allow only Password first ({', '.join(passwordless)} allowed now).",
            )

    def _check_triggers(self) -> None:
        """The Lambda trigger rules, each said on its field: a custom sender needs the KMS
        key and the key is only for custom senders (developer guide, "Custom sender
        Lambda triggers"); pre token generation V2_0 / V3_0 needs the Essentials plan
        (plans.FEATURES "access_token_customization")."""
        by_key = {t.key: t for t in triggers()}
        senders = [by_key[k] for k in CUSTOM_SENDERS if self.value(by_key[k].arn_field)]
        kms = by_key[KMS_KEY].arn_field
        if kms not in self.errors and not any(
            by_key[k].arn_field in self.errors for k in CUSTOM_SENDERS
        ):
            if senders and not self.value(kms):
                self._refuse(
                    (kms,),
                    f"{senders[0].label} needs the KMS key Cognito encrypts the codes with: "
                    "give its ARN.",
                )
            elif self.value(kms) and not senders:
                self._refuse(
                    (kms,),
                    "The KMS key is used only by a custom SMS or email sender: add one, or "
                    "clear the key.",
                )
        pre = by_key[PRE_TOKEN]
        version = self.value(pre.version_field)
        if self.value(pre.arn_field) and version in ACCESS_TOKEN_VERSIONS:
            self._plan_refusal(
                "access_token_customization",
                pre.version_field,
                f"Set the pre token generation event version to V1_0 first ({version} now).",
            )
        self._check_trigger_places()

    def _check_trigger_places(self) -> None:
        """Each function and KMS key ARN this form changes must be in the pool's
        partition (refused on its field) and should be in the pool's Region (a sentence
        in `cautions`, said on the review): console.arns.place_problems."""
        self.cautions = []
        region = (
            self.pool.region
            if self.pool is not None
            else self.cleaned_data.get("region") or next(iter(settings.COGNITO_REGIONS))
        )
        for t in triggers():
            name = t.arn_field
            value = self.cleaned_data.get(name) if name in self.changed_data else None
            if not value or name in self.errors:
                continue
            what = "The KMS key" if t.key == KMS_KEY else f"The {t.label.lower()} function"
            refusal, caution = place_problems(value, region=region, what=what)
            if refusal:
                self.add_error(name, refusal)
            elif caution:
                self.cautions.append(caution)

    def changes(self) -> dict:
        """What an edit applies on top of the pool's current full configuration: the
        settings the person changed (tags replaced as a whole); an SMS configuration
        without its role is removed, as Cognito needs the role."""
        changes = super().changes()
        if changes.get("SmsConfiguration") is not None and not self.cleaned_data.get(
            "sms_caller_arn"
        ):
            changes["SmsConfiguration"] = None
        for trigger in triggers():
            names = (trigger.arn_field, trigger.version_field)
            if trigger.versioned and any(n in self.changed_data for n in names):
                _whole_trigger(changes, trigger, self.cleaned_data)
        return changes

    def request(self) -> dict:
        """The whole request of the cleaned data; a versioned trigger without its ARN
        is left out whole (Cognito needs LambdaArn and LambdaVersion together)."""
        request = super().request()
        for trigger in triggers():
            if trigger.versioned and trigger.arn_field in self.cleaned_data:
                _whole_trigger(request, trigger, self.cleaned_data)
        return request

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


def features_in_use(pool) -> list[tuple[str, str]]:
    """The plan-bound features (plans.FEATURES keys) `pool` (a Pool record) uses that
    its settings form does not edit, each with the sentence that says how to stop
    using it: (feature, sentence). Reads GetUserPoolMfaConfig (cached) and each of the
    pool's domains (DescribeUserPoolDomain). Raises the CognitoError family."""
    found = []
    history = (pool.raw.get("Policies") or {}).get("PasswordPolicy") or {}
    if (history.get("PasswordHistorySize") or 0) > 0:
        found.append(
            (
                "password_history",
                f"Set password history to 0 first ({history['PasswordHistorySize']} now).",
            )
        )
    mfa = mfa_config_get(pool_id=pool.id)
    if mfa.email:
        found.append(("email_mfa", "Turn email MFA off first (MFA and passkeys)."))
    passkeys = mfa.raw.get("WebAuthnConfiguration") or {}
    if passkeys.get("FactorConfiguration") == "MULTI_FACTOR_WITH_USER_VERIFICATION":
        found.append(
            (
                "passwordless",
                "Set passkeys back to one factor first (MFA and passkeys: passkeys and MFA).",
            )
        )
    for domain in domain_list(pool_id=pool.id, raw_pool=pool.raw):
        if domain.version >= 2:
            found.append(
                (
                    "managed_login",
                    f"Set the domain {domain.name} to the classic hosted UI first "
                    "(managed login version 1).",
                )
            )
    return found


def _whole_trigger(config: dict, trigger: Trigger, data) -> None:
    """Put a versioned trigger into `config` (a request or changes) whole: LambdaArn and
    LambdaVersion together, both required by its shape in botocore's model; None (left
    out, Cognito removes it) when it has no ARN. Pre token generation's ARN goes into
    the legacy PreTokenGeneration member too: "its value must be identical" (botocore's
    doc of LambdaConfigType.PreTokenGeneration and PreTokenGenerationConfig)."""
    arn = data.get(trigger.arn_field) or None
    version = data.get(trigger.version_field) or "V1_0"
    whole = {"LambdaArn": arn, "LambdaVersion": version} if arn else None
    lambda_config = config.setdefault("LambdaConfig", {})
    lambda_config[trigger.key] = whole
    if trigger.key == PRE_TOKEN:
        lambda_config["PreTokenGeneration"] = arn


class ConfirmNameForm(PoolNameConfirmMixin, StyledForm):
    """Type the name of the thing to delete (and, built with `confirm_pool` on a
    production pool, the pool's name: console.forms.PoolNameConfirmMixin)."""

    confirm = forms.CharField(label="Type the name to confirm", max_length=256, strip=False)

    def __init__(self, *args, expected: str, **kwargs):
        self.expected = expected
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        """The name typed, which must be the name; spaces typed around it (a copy and
        paste) do not count, unless the name itself has them."""
        value = self.cleaned_data["confirm"]
        if value != self.expected and value.strip() != self.expected:
            raise ValidationError("That is not the exact name; nothing was deleted.")
        return self.expected


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
