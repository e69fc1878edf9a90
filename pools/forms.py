import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from console.arns import (
    LAMBDA_EXAMPLE,
    lambda_arn_problem,
    role_arn_problem,
    ses_identity_arn_problem,
)
from console.client_rules import (
    auth_session_problem,
    oauth_flow_problems,
    redirect_url_problem,
    token_validity_problem,
)
from console.cognito import schema
from console.cognito.pools import merge
from console.forms import PageSizeMixin
from console.password_policy import describe_policy, password_problems


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


# --- pool and client configuration (issue 3) -----------------------------------------
# Every limit (min, max, pattern, enum) comes from botocore's service model through
# console.cognito.schema; only the rules the model cannot express come from the API
# reference text (the {username} and {####} placeholders of the invite template).

POOL_OP = "CreateUserPool"
#: Tags per resource: AWS's tagging limit, which the service model does not carry
#: (Cognito developer guide, "Tagging Amazon Cognito resources": at most 50 tags,
#: keys unique, the aws: prefix reserved).
MAX_TAGS = 50
CLIENT_OP = "CreateUserPoolClient"

# The eight Lambda triggers of the API reference's LambdaConfigType. Triggers the
# current API adds (pre token generation, user migration, custom senders...) are kept
# unchanged by an edit, since the update sends the full configuration.
LAMBDA_TRIGGERS = (
    ("PreSignUp", "Pre sign-up"),
    ("CustomMessage", "Custom message"),
    ("PostConfirmation", "Post confirmation"),
    ("PreAuthentication", "Pre authentication"),
    ("PostAuthentication", "Post authentication"),
    ("DefineAuthChallenge", "Define auth challenge"),
    ("CreateAuthChallenge", "Create auth challenge"),
    ("VerifyAuthChallengeResponse", "Verify auth challenge response"),
)

# The standard attributes of a user pool (OpenID Connect's standard claims, as the
# Cognito developer guide lists them), with their data types.
STANDARD_ATTRIBUTES = (
    ("address", "String"),
    ("birthdate", "String"),
    ("email", "String"),
    ("family_name", "String"),
    ("gender", "String"),
    ("given_name", "String"),
    ("locale", "String"),
    ("middle_name", "String"),
    ("name", "String"),
    ("nickname", "String"),
    ("phone_number", "String"),
    ("picture", "String"),
    ("preferred_username", "String"),
    ("profile", "String"),
    ("zoneinfo", "String"),
    ("updated_at", "Number"),
    ("website", "String"),
)


class ModelLimitValidator:
    """Checks a string against a member's limits in botocore's service model."""

    def __init__(self, limits: schema.Limits, *, check_length: bool = True):
        self.limits = limits
        self.check_length = check_length

    def __call__(self, value):
        limits = self.limits
        if not self.check_length:
            limits = schema.Limits(pattern=limits.pattern, enum=limits.enum)
        problem = limits.check(str(value))
        if problem:
            raise ValidationError(problem)


class MustContain:
    def __init__(self, *needles: str):
        self.needles = needles

    def __call__(self, value):
        missing = [n for n in self.needles if n not in value]
        if missing:
            raise ValidationError(f"The message must contain {' and '.join(missing)}.")


def from_address_problem(value: str) -> str | None:
    """Why `value` is no EmailConfiguration.From: an address, or a name and address
    ("Team <a@b.example>", API reference, EmailConfigurationType.From); the address is
    checked as the Reply-to address is, by the model's email pattern. None when fine."""
    match = re.fullmatch(r"\s*(?:[^<>]*<\s*([^<>]*?)\s*>|([^<>]*?))\s*", value)
    address = (match.group(1) or match.group(2) or "") if match else ""
    limits = schema.limits("UpdateUserPool", "EmailConfiguration.ReplyToEmailAddress")
    if not address or limits.check(address) is not None:
        return (
            f"“{value}” is not an email address: give one like no-reply@example.com, "
            "or a name and address like Team <no-reply@example.com>."
        )
    return None


def text(op, path, label, *, required=False, textarea=False, help_text="", extra=()):
    lim = schema.limits(op, path)
    return forms.CharField(
        label=label,
        required=required,
        min_length=lim.min or None,
        max_length=lim.max,
        strip=False,  # messages keep their exact text, trailing spaces included
        help_text=help_text,
        validators=[ModelLimitValidator(lim, check_length=False), *extra],
        widget=forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput,
    )


def number(op, path, label, *, required=False, initial=None, help_text=""):
    lim = schema.limits(op, path)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=lim.min,
        max_value=lim.max,
        initial=initial,
        help_text=help_text,
    )


def choice(op, path, label, *, required=True, blank=None, initial=None, only=None):
    values = [v for v in schema.enum(op, path) if only is None or only(v)]
    choices = [(v, v) for v in values]
    if blank is not None:
        choices.insert(0, ("", blank))
    return forms.ChoiceField(label=label, required=required, choices=choices, initial=initial)


def multi(op, path, label, *, help_text="", only=None):
    if not path.endswith("[]"):
        path += "[]"  # the choices are the list member's enum
    values = [v for v in schema.enum(op, path) if only is None or only(v)]
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=[(v, v) for v in values],
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """One value a line, each checked against a list member's limits in the model."""

    def __init__(self, op, path, label, **kwargs):
        self.member = schema.limits(op, path + "[]")
        self.list_limits = schema.limits(op, path)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(label=label, **kwargs)

    def to_python(self, value):
        return lines(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if self.list_limits.max is not None and len(value) > self.list_limits.max:
            limit = self.list_limits.max
            raise ValidationError(
                ngettext("At most %(n)d value.", "At most %(n)d values.", limit) % {"n": limit}
            )
        for item in value:
            problem = self.member.check(item)
            if problem:
                raise ValidationError(f"“{item}”: {problem}")

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value


class UrlLinesField(LinesField):
    """One redirect URL a line; a URL Cognito refuses is named with the rule it breaks
    (console.client_rules) before the model's character check."""

    def validate(self, value):
        problems = [p for p in map(redirect_url_problem, value) if p]
        if problems:
            raise ValidationError([f"{self.label}: {p}" for p in problems])
        super().validate(value)


class CheckedField(forms.CharField):
    """A value of one kind (an ARN, an address): `problem` (e.g. console.arns) says
    what a value is not, before the model's length and character limits would say
    "Use at least 20 characters.". `kept`, set by an edit form, is the value Cognito
    holds: sent back unchanged, it is not re-checked (Cognito took it)."""

    kept = None

    def __init__(self, op, path, label, *, problem, **kwargs):
        lim = schema.limits(op, path)
        self.problem = problem
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", lim.max)
        kwargs.setdefault("validators", [ModelLimitValidator(lim, check_length=False)])
        super().__init__(label=label, **kwargs)

    def validate(self, value):
        super().validate(value)
        problem = self.problem(value) if value and value != self.kept else None
        if problem:
            raise ValidationError(problem)


class ArnField(CheckedField):
    """An ARN field, in a monospaced font."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs["class"] = "form-control font-monospace-sm"


class RedirectUrlField(forms.CharField):
    """One redirect URL, checked like UrlLinesField's lines."""

    def __init__(self, op, path, label, **kwargs):
        lim = schema.limits(op, path)
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", lim.max)
        kwargs.setdefault("validators", [ModelLimitValidator(lim, check_length=False)])
        super().__init__(label=label, **kwargs)

    def validate(self, value):
        super().validate(value)
        problem = redirect_url_problem(value) if value else None
        if problem:
            raise ValidationError(f"{self.label}: {problem}")


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


def _get(config: dict, path: str):
    for part in path.split("."):
        if not isinstance(config, dict) or part not in config:
            return None
        config = config[part]
    return config


def _set(config: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for part in parents:
        config = config.setdefault(part, {})
    config[last] = value


def only_changed(form, settings: dict, paths: dict[str, tuple[str, ...]]) -> dict:
    """The part of `settings` that the fields the person changed map to.

    An edit applies only these on top of the full current configuration, so a
    setting the person did not touch is sent back exactly as Cognito holds it.
    """
    changes: dict = {}
    for name in form.changed_data:
        for path in paths.get(name, ()):
            _set(changes, path, _get(settings, path))
    return changes


def _none_if_blank(value):
    return value if value not in ("", None, [], ()) else None


class PoolForm(StyledForm):
    """Every CreateUserPool setting of the API reference (and what the API adds).

    With `pool`, it edits that pool: the settings that can only be chosen at creation
    (sign-in attributes, schema, MFA "ON") are left out, and `changes()` gives what
    to apply on top of the pool's full configuration.
    """

    # The pattern is checked in clean_name: an unchanged name is not re-checked.
    name = forms.CharField(label="Pool name", max_length=schema.limits(POOL_OP, "PoolName").max)
    # UsernameConfiguration.CaseSensitive = false, as AWS's console sets it by default;
    # Cognito cannot change it after creation, so the edit form shows it read-only.
    case_insensitive = forms.BooleanField(
        label="Usernames are case-insensitive (recommended; cannot be changed later)",
        required=False,
        initial=True,
        help_text="Then Casey and casey are one user, as they are for email addresses.",
    )
    deletion_protection = forms.BooleanField(
        label="Deletion protection",
        required=False,
        help_text="While it is on, Cognito refuses to delete the pool.",
    )
    # Password policy
    pw_min_length = number(
        POOL_OP,
        "Policies.PasswordPolicy.MinimumLength",
        "Minimum length",
        required=True,
        initial=8,
    )
    pw_upper = forms.BooleanField(label="Require uppercase letters", required=False, initial=True)
    pw_lower = forms.BooleanField(label="Require lowercase letters", required=False, initial=True)
    pw_numbers = forms.BooleanField(label="Require numbers", required=False, initial=True)
    pw_symbols = forms.BooleanField(label="Require symbols", required=False, initial=True)
    pw_temp_days = number(
        POOL_OP,
        "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
        "Temporary password valid for (days)",
        initial=7,
    )
    # MFA and verification
    mfa = choice(POOL_OP, "MfaConfiguration", "MFA", initial="OFF")
    auto_verified = multi(POOL_OP, "AutoVerifiedAttributes", "Auto-verified attributes")
    alias_attributes = multi(
        POOL_OP,
        "AliasAttributes",
        "Alias attributes",
        help_text="Users sign in with their username or one of these.",
    )
    username_attributes = multi(
        POOL_OP,
        "UsernameAttributes",
        "Username attributes",
        help_text="Users sign in with one of these instead of a username. "
        "Choose alias attributes or username attributes, not both.",
    )
    # Messages
    sms_verification_message = text(
        POOL_OP,
        "SmsVerificationMessage",
        "SMS verification message",
        help_text="Must contain {####}.",
    )
    sms_authentication_message = text(
        POOL_OP,
        "SmsAuthenticationMessage",
        "SMS authentication message",
        help_text="Must contain {####}.",
    )
    email_verification_subject = text(
        POOL_OP, "EmailVerificationSubject", "Email verification subject"
    )
    email_verification_message = text(
        POOL_OP,
        "EmailVerificationMessage",
        "Email verification message",
        textarea=True,
        help_text="Must contain {####}.",
    )
    invite_sms = text(
        POOL_OP,
        "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
        "Invitation SMS",
        help_text="Must contain {username} and {####}.",
        extra=[MustContain("{username}", "{####}")],
    )
    invite_email_subject = text(
        POOL_OP,
        "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
        "Invitation email subject",
    )
    invite_email_message = text(
        POOL_OP,
        "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
        "Invitation email",
        textarea=True,
        help_text="Must contain {username} and {####}.",
        extra=[MustContain("{username}", "{####}")],
    )
    # Admin-create-user config
    admin_only = forms.BooleanField(
        label="Only administrators create users (no self sign-up)", required=False
    )
    unused_days = number(
        POOL_OP,
        "AdminCreateUserConfig.UnusedAccountValidityDays",
        "Unused account valid for (days)",
        initial=7,
    )
    # Devices
    device_challenge = forms.BooleanField(label="Challenge on a new device", required=False)
    device_prompt = forms.BooleanField(
        label="Remember devices only when the user asks", required=False
    )
    # Email configuration
    email_account = choice(
        POOL_OP,
        "EmailConfiguration.EmailSendingAccount",
        "Email sending account",
        initial="COGNITO_DEFAULT",
    )
    email_source_arn = ArnField(
        POOL_OP,
        "EmailConfiguration.SourceArn",
        "SES identity ARN",
        problem=ses_identity_arn_problem,
    )
    email_reply_to = text(POOL_OP, "EmailConfiguration.ReplyToEmailAddress", "Reply-to address")
    email_from = CheckedField(
        POOL_OP,
        "EmailConfiguration.From",
        "From address",
        problem=from_address_problem,
        help_text="An email address, or a name and address: Team <no-reply@example.com>.",
    )
    email_configuration_set = text(
        POOL_OP, "EmailConfiguration.ConfigurationSet", "SES configuration set"
    )
    # SMS configuration
    sms_caller_arn = ArnField(
        POOL_OP, "SmsConfiguration.SnsCallerArn", "SNS caller role ARN", problem=role_arn_problem
    )
    sms_external_id = text(POOL_OP, "SmsConfiguration.ExternalId", "SNS external ID")
    sms_region = text(POOL_OP, "SmsConfiguration.SnsRegion", "SNS Region")
    tags = forms.CharField(
        label="Tags",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One key=value a line.",
    )

    def __init__(self, *args, pool=None, **kwargs):
        self.pool = pool
        if pool is not None:
            kwargs.setdefault("initial", self.initial_from(pool.raw))
        super().__init__(*args, **kwargs)
        if pool is not None:
            self.fields["case_insensitive"].disabled = True
            self.fields[
                "case_insensitive"
            ].help_text = "Chosen when the pool was created; Cognito cannot change it."
        for key, label in LAMBDA_TRIGGERS:
            self.fields[f"lambda_{key}"] = ArnField(
                POOL_OP,
                f"LambdaConfig.{key}",
                label,
                problem=lambda_arn_problem,
                help_text=f"A Lambda function ARN, like {LAMBDA_EXAMPLE}.",
            )
        for name, field in self.fields.items():
            if pool is not None and isinstance(field, CheckedField):
                field.kept = self.initial.get(name) or None
        if pool is None:
            regions = list(settings.COGNITO_REGIONS)
            if len(regions) > 1:
                self.fields["region"] = forms.ChoiceField(
                    label="Region",
                    choices=[(r, r) for r in regions],
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
            for attr, _type in STANDARD_ATTRIBUTES:
                self.fields[f"std_{attr}_required"] = forms.BooleanField(
                    label=f"{attr} required",
                    required=False,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )
                self.fields[f"std_{attr}_mutable"] = forms.BooleanField(
                    label=f"{attr} mutable",
                    required=False,
                    initial=True,
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )
            self.fields["mfa"].help_text = (
                "ON (MFA required for everyone) can only be chosen now, when the pool is "
                "created; it cannot be turned on later."
            )
        else:
            for name in ("alias_attributes", "username_attributes"):
                del self.fields[name]
            if pool.mfa != "ON":
                self.fields["mfa"].choices = [c for c in self.fields["mfa"].choices if c[0] != "ON"]
            self.fields[
                "mfa"
            ].help_text = (
                "ON (MFA required for everyone) can only be chosen when a pool is created."
            )

    @property
    def standard_rows(self):
        return [
            (attr, self[f"std_{attr}_required"], self[f"std_{attr}_mutable"])
            for attr, _ in STANDARD_ATTRIBUTES
            if f"std_{attr}_required" in self.fields
        ]

    @property
    def lambda_fields(self):
        return [self[f"lambda_{key}"] for key, _ in LAMBDA_TRIGGERS]

    @staticmethod
    def initial_from(raw) -> dict:
        policy = (raw.get("Policies") or {}).get("PasswordPolicy") or {}
        template = raw.get("VerificationMessageTemplate") or {}
        admin = raw.get("AdminCreateUserConfig") or {}
        invite = admin.get("InviteMessageTemplate") or {}
        device = raw.get("DeviceConfiguration") or {}
        email = raw.get("EmailConfiguration") or {}
        sms = raw.get("SmsConfiguration") or {}
        lambdas = raw.get("LambdaConfig") or {}
        initial = {
            "name": raw.get("Name", ""),
            "case_insensitive": (raw.get("UsernameConfiguration") or {}).get("CaseSensitive")
            is False,
            "deletion_protection": raw.get("DeletionProtection") == "ACTIVE",
            "pw_min_length": policy.get("MinimumLength"),
            "pw_upper": bool(policy.get("RequireUppercase")),
            "pw_lower": bool(policy.get("RequireLowercase")),
            "pw_numbers": bool(policy.get("RequireNumbers")),
            "pw_symbols": bool(policy.get("RequireSymbols")),
            "pw_temp_days": policy.get("TemporaryPasswordValidityDays"),
            "mfa": raw.get("MfaConfiguration") or "OFF",
            "auto_verified": list(raw.get("AutoVerifiedAttributes") or ()),
            "sms_verification_message": template.get("SmsMessage")
            or raw.get("SmsVerificationMessage", ""),
            "sms_authentication_message": raw.get("SmsAuthenticationMessage", ""),
            "email_verification_subject": template.get("EmailSubject")
            or raw.get("EmailVerificationSubject", ""),
            "email_verification_message": template.get("EmailMessage")
            or raw.get("EmailVerificationMessage", ""),
            "invite_sms": invite.get("SMSMessage", ""),
            "invite_email_subject": invite.get("EmailSubject", ""),
            "invite_email_message": invite.get("EmailMessage", ""),
            "admin_only": bool(admin.get("AllowAdminCreateUserOnly")),
            "unused_days": admin.get("UnusedAccountValidityDays"),
            "device_challenge": bool(device.get("ChallengeRequiredOnNewDevice")),
            "device_prompt": bool(device.get("DeviceOnlyRememberedOnUserPrompt")),
            "email_account": email.get("EmailSendingAccount") or "COGNITO_DEFAULT",
            "email_source_arn": email.get("SourceArn", ""),
            "email_reply_to": email.get("ReplyToEmailAddress", ""),
            "email_from": email.get("From", ""),
            "email_configuration_set": email.get("ConfigurationSet", ""),
            "sms_caller_arn": sms.get("SnsCallerArn", ""),
            "sms_external_id": sms.get("ExternalId", ""),
            "sms_region": sms.get("SnsRegion", ""),
            "tags": "\n".join(f"{k}={v}" for k, v in (raw.get("UserPoolTags") or {}).items()),
        }
        for key, _ in LAMBDA_TRIGGERS:
            initial[f"lambda_{key}"] = lambdas.get(key, "")
        return initial

    def clean_name(self):
        value = self.cleaned_data["name"]
        if self.pool is not None and value == self.pool.name:
            return value  # unchanged: not re-checked against today's pattern
        problem = schema.limits(POOL_OP, "PoolName").check(value)
        if problem:
            raise ValidationError(problem)
        return value

    def clean_tags(self):
        key_limits = schema.limits(POOL_OP, "UserPoolTags{}")
        value_limits = schema.limits(POOL_OP, "UserPoolTags{=}")
        tags = {}
        for line in lines(self.cleaned_data.get("tags", "")):
            key, sep, value = line.partition("=")
            key, value = key.strip(), value.strip()
            if not sep:
                raise ValidationError(f"“{line}” is not key=value.")
            problem = key_limits.check(key) or value_limits.check(value)
            if problem:
                raise ValidationError(f"“{line}”: {problem}")
            if key in tags:
                raise ValidationError(f"The key “{key}” is given twice: each key once.")
            if key.lower().startswith("aws:"):
                raise ValidationError(f"“{key}”: keys beginning with aws: are AWS's own.")
            tags[key] = value
        if len(tags) > MAX_TAGS:
            raise ValidationError(f"At most {MAX_TAGS} tags; there are {len(tags)}.")
        return tags

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
        return data

    def _settings(self) -> dict:
        """The settings this form manages, as UpdateUserPool / CreateUserPool shapes.

        A blank optional field is None: the key is removed and Cognito's default applies.
        """
        d = self.cleaned_data
        blank = _none_if_blank
        sms_verification = blank(d.get("sms_verification_message"))
        email_subject = blank(d.get("email_verification_subject"))
        email_message = blank(d.get("email_verification_message"))
        return {
            "PoolName": d["name"],
            "DeletionProtection": "ACTIVE" if d.get("deletion_protection") else "INACTIVE",
            "Policies": {
                "PasswordPolicy": {
                    "MinimumLength": d["pw_min_length"],
                    "RequireUppercase": bool(d.get("pw_upper")),
                    "RequireLowercase": bool(d.get("pw_lower")),
                    "RequireNumbers": bool(d.get("pw_numbers")),
                    "RequireSymbols": bool(d.get("pw_symbols")),
                    "TemporaryPasswordValidityDays": d.get("pw_temp_days"),
                }
            },
            "MfaConfiguration": d["mfa"],
            "AutoVerifiedAttributes": list(d.get("auto_verified") or []),
            "LambdaConfig": {key: blank(d.get(f"lambda_{key}")) for key, _ in LAMBDA_TRIGGERS},
            "SmsVerificationMessage": sms_verification,
            "EmailVerificationSubject": email_subject,
            "EmailVerificationMessage": email_message,
            "VerificationMessageTemplate": {
                "SmsMessage": sms_verification,
                "EmailSubject": email_subject,
                "EmailMessage": email_message,
            },
            "SmsAuthenticationMessage": blank(d.get("sms_authentication_message")),
            "AdminCreateUserConfig": {
                "AllowAdminCreateUserOnly": bool(d.get("admin_only")),
                "UnusedAccountValidityDays": d.get("unused_days"),
                "InviteMessageTemplate": {
                    "SMSMessage": blank(d.get("invite_sms")),
                    "EmailSubject": blank(d.get("invite_email_subject")),
                    "EmailMessage": blank(d.get("invite_email_message")),
                },
            },
            "DeviceConfiguration": {
                "ChallengeRequiredOnNewDevice": bool(d.get("device_challenge")),
                "DeviceOnlyRememberedOnUserPrompt": bool(d.get("device_prompt")),
            },
            "EmailConfiguration": {
                "EmailSendingAccount": d.get("email_account") or "COGNITO_DEFAULT",
                "SourceArn": blank(d.get("email_source_arn")),
                "ReplyToEmailAddress": blank(d.get("email_reply_to")),
                "From": blank(d.get("email_from")),
                "ConfigurationSet": blank(d.get("email_configuration_set")),
            },
            "SmsConfiguration": {
                "SnsCallerArn": blank(d.get("sms_caller_arn")),
                "ExternalId": blank(d.get("sms_external_id")),
                "SnsRegion": blank(d.get("sms_region")),
            },
            "UserPoolTags": d.get("tags") or {},
        }

    # Which settings each field holds (dotted paths into the UpdateUserPool request).
    PATHS = {
        "name": ("PoolName",),
        "deletion_protection": ("DeletionProtection",),
        "pw_min_length": ("Policies.PasswordPolicy.MinimumLength",),
        "pw_upper": ("Policies.PasswordPolicy.RequireUppercase",),
        "pw_lower": ("Policies.PasswordPolicy.RequireLowercase",),
        "pw_numbers": ("Policies.PasswordPolicy.RequireNumbers",),
        "pw_symbols": ("Policies.PasswordPolicy.RequireSymbols",),
        "pw_temp_days": ("Policies.PasswordPolicy.TemporaryPasswordValidityDays",),
        "mfa": ("MfaConfiguration",),
        "auto_verified": ("AutoVerifiedAttributes",),
        "sms_verification_message": (
            "SmsVerificationMessage",
            "VerificationMessageTemplate.SmsMessage",
        ),
        "email_verification_subject": (
            "EmailVerificationSubject",
            "VerificationMessageTemplate.EmailSubject",
        ),
        "email_verification_message": (
            "EmailVerificationMessage",
            "VerificationMessageTemplate.EmailMessage",
        ),
        "sms_authentication_message": ("SmsAuthenticationMessage",),
        "invite_sms": ("AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",),
        "invite_email_subject": ("AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",),
        "invite_email_message": ("AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",),
        "admin_only": ("AdminCreateUserConfig.AllowAdminCreateUserOnly",),
        "unused_days": ("AdminCreateUserConfig.UnusedAccountValidityDays",),
        "device_challenge": ("DeviceConfiguration.ChallengeRequiredOnNewDevice",),
        "device_prompt": ("DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt",),
        "email_account": ("EmailConfiguration.EmailSendingAccount",),
        "email_source_arn": ("EmailConfiguration.SourceArn",),
        "email_reply_to": ("EmailConfiguration.ReplyToEmailAddress",),
        "email_from": ("EmailConfiguration.From",),
        "email_configuration_set": ("EmailConfiguration.ConfigurationSet",),
        "sms_caller_arn": ("SmsConfiguration.SnsCallerArn",),
        "sms_external_id": ("SmsConfiguration.ExternalId",),
        "sms_region": ("SmsConfiguration.SnsRegion",),
        **{f"lambda_{key}": (f"LambdaConfig.{key}",) for key, _ in LAMBDA_TRIGGERS},
    }

    def changes(self) -> dict:
        """What an edit applies on top of the pool's current full configuration.

        Only the fields the person changed are included; everything else is sent
        back exactly as DescribeUserPool gave it.
        """
        settings = self._settings()
        changes = only_changed(self, settings, self.PATHS)
        if "tags" in self.changed_data:
            # Tags are replaced as a whole (a removed line removes the tag).
            current = (self.pool.raw.get("UserPoolTags") or {}) if self.pool else {}
            changes["UserPoolTags"] = {
                **{k: None for k in current},
                **settings["UserPoolTags"],
            }
        sms = changes.get("SmsConfiguration")
        if sms is not None and not self.cleaned_data.get("sms_caller_arn"):
            changes["SmsConfiguration"] = None  # an SMS configuration needs its role
        return changes

    def create_config(self, custom_attributes: list[dict]) -> dict:
        """The full CreateUserPool request (empty settings left out)."""
        config = merge({}, self._settings())
        sms = config.get("SmsConfiguration") or {}
        if not sms.get("SnsCallerArn"):
            config.pop("SmsConfiguration", None)
        d = self.cleaned_data
        if d.get("alias_attributes"):
            config["AliasAttributes"] = list(d["alias_attributes"])
        if d.get("username_attributes"):
            config["UsernameAttributes"] = list(d["username_attributes"])
        config["UsernameConfiguration"] = {"CaseSensitive": not d.get("case_insensitive")}
        if d.get("region"):
            config["Region"] = d["region"]
        schema_attrs = []
        for attr, data_type in STANDARD_ATTRIBUTES:
            required = bool(d.get(f"std_{attr}_required"))
            mutable = bool(d.get(f"std_{attr}_mutable"))
            if required or not mutable:
                schema_attrs.append(
                    {
                        "Name": attr,
                        "AttributeDataType": data_type,
                        "Required": required,
                        "Mutable": mutable,
                    }
                )
        schema_attrs.extend(custom_attributes)
        if schema_attrs:
            config["Schema"] = schema_attrs
        return config


class CustomAttributeForm(StyledForm):
    """One custom attribute. The `custom:` prefix is added by Cognito, never typed."""

    name = text(
        POOL_OP,
        "Schema[].Name",
        "Name",
        help_text="Without the custom: prefix; Cognito adds it.",
    )
    data_type = choice(POOL_OP, "Schema[].AttributeDataType", "Type", initial="String")
    developer_only = forms.BooleanField(label="Developer only", required=False)
    mutable = forms.BooleanField(label="Mutable", required=False, initial=True)
    min_length = forms.IntegerField(label="Min length", required=False, min_value=0)
    max_length = forms.IntegerField(label="Max length", required=False, min_value=0)
    min_value = forms.IntegerField(label="Min value", required=False)
    max_value = forms.IntegerField(label="Max value", required=False)

    def clean_name(self):
        value = self.cleaned_data.get("name", "")
        if value.lower().startswith(("custom:", "dev:")):
            raise ValidationError("Leave out the prefix: Cognito adds custom: itself.")
        return value

    def clean(self):
        d = super().clean()
        # A name with its own problem (its one message) still gets its limits checked.
        if not d.get("name") and "name" not in self.errors:
            if any(
                d.get(k) not in (None, "")
                for k in ("min_length", "max_length", "min_value", "max_value")
            ):
                self.add_error("name", "Give the attribute a name.")
            return d
        kind = d.get("data_type")
        if kind != "String" and (
            d.get("min_length") is not None or d.get("max_length") is not None
        ):
            self.add_error("min_length", "Length limits apply to String attributes only.")
        if kind != "Number" and (d.get("min_value") is not None or d.get("max_value") is not None):
            self.add_error("min_value", "Value limits apply to Number attributes only.")
        for low, high in (("min_length", "max_length"), ("min_value", "max_value")):
            if d.get(low) is not None and d.get(high) is not None and d[low] > d[high]:
                self.add_error(high, "The maximum is below the minimum.")
        return d

    def attribute(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("name"):
            return None
        attr = {
            "Name": d["name"],
            "AttributeDataType": d["data_type"],
            "DeveloperOnlyAttribute": bool(d.get("developer_only")),
            "Mutable": bool(d.get("mutable")),
        }
        if d["data_type"] == "String":
            strings = {
                k: str(d[f])
                for k, f in (("MinLength", "min_length"), ("MaxLength", "max_length"))
                if d.get(f) is not None
            }
            if strings:
                attr["StringAttributeConstraints"] = strings
        if d["data_type"] == "Number":
            numbers = {
                k: str(d[f])
                for k, f in (("MinValue", "min_value"), ("MaxValue", "max_value"))
                if d.get(f) is not None
            }
            if numbers:
                attr["NumberAttributeConstraints"] = numbers
        return attr


class BaseCustomAttributeFormSet(forms.BaseFormSet):
    def __init__(self, *args, existing=(), operation=POOL_OP, **kwargs):
        self.existing = {name.split(":", 1)[-1] for name in existing}
        self.operation = operation
        super().__init__(*args, **kwargs)

    def attributes(self) -> list[dict]:
        return [a for a in (f.attribute() for f in self.forms if f.is_valid()) if a]

    def clean(self):
        if any(self.errors):
            return
        names = [a["Name"] for a in self.attributes()]
        seen = set(self.existing)
        for form in self.forms:
            name = form.cleaned_data.get("name")
            if not name:
                continue
            if name in seen:
                form.add_error("name", f"custom:{name} is already in the pool or this form.")
            seen.add(name)
        limit = schema.limits(
            self.operation, "CustomAttributes" if self.operation != POOL_OP else "Schema"
        ).max
        if limit is not None and len(names) > limit:
            raise ValidationError(
                ngettext(
                    "At most %(n)d attribute at once.", "At most %(n)d attributes at once.", limit
                )
                % {"n": limit}
            )


CustomAttributeFormSet = forms.formset_factory(
    CustomAttributeForm, formset=BaseCustomAttributeFormSet, extra=3, max_num=25
)


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


# --- app clients ---------------------------------------------------------------------

TOKEN_UNITS = schema.enum(CLIENT_OP, "TokenValidityUnits.RefreshToken")


class ClientForm(StyledForm):
    """CreateUserPoolClient / UpdateUserPoolClient settings."""

    name = text(CLIENT_OP, "ClientName", "Client name", required=True)
    generate_secret = forms.BooleanField(
        label="Generate a client secret",
        required=False,
        help_text="Only at creation. Apps using the secret send SECRET_HASH when signing in.",
    )
    refresh_validity = number(
        CLIENT_OP, "RefreshTokenValidity", "Refresh token validity", initial=30
    )
    refresh_unit = choice(
        CLIENT_OP, "TokenValidityUnits.RefreshToken", "Refresh token unit", initial="days"
    )
    access_validity = number(CLIENT_OP, "AccessTokenValidity", "Access token validity")
    access_unit = choice(
        CLIENT_OP, "TokenValidityUnits.AccessToken", "Access token unit", initial="hours"
    )
    id_validity = number(CLIENT_OP, "IdTokenValidity", "ID token validity")
    id_unit = choice(CLIENT_OP, "TokenValidityUnits.IdToken", "ID token unit", initial="hours")
    # 3 to 15 minutes, checked in clean() with a message that names the range.
    auth_session_validity = forms.IntegerField(
        label="Sign-in session validity (minutes)", required=False
    )
    read_attributes = forms.MultipleChoiceField(
        label="Read attributes", required=False, widget=forms.CheckboxSelectMultiple
    )
    write_attributes = forms.MultipleChoiceField(
        label="Write attributes", required=False, widget=forms.CheckboxSelectMultiple
    )
    auth_flows = multi(
        CLIENT_OP,
        "ExplicitAuthFlows[]",
        "Explicit auth flows",
        only=lambda v: v.startswith("ALLOW_"),
    )
    oauth_enabled = forms.BooleanField(
        label="Allow OAuth flows with this user pool (AllowedOAuthFlowsUserPoolClient)",
        required=False,
    )
    oauth_flows = multi(CLIENT_OP, "AllowedOAuthFlows[]", "Allowed OAuth flows")
    oauth_scopes = LinesField(
        CLIENT_OP, "AllowedOAuthScopes", "Allowed OAuth scopes", help_text="One a line."
    )
    callback_urls = UrlLinesField(
        CLIENT_OP, "CallbackURLs", "Callback URLs", help_text="One a line."
    )
    logout_urls = UrlLinesField(CLIENT_OP, "LogoutURLs", "Sign-out URLs", help_text="One a line.")
    default_redirect = RedirectUrlField(CLIENT_OP, "DefaultRedirectURI", "Default redirect URI")
    identity_providers = LinesField(
        CLIENT_OP,
        "SupportedIdentityProviders",
        "Supported identity providers",
        help_text="One a line, e.g. COGNITO.",
    )
    prevent_errors = choice(
        CLIENT_OP,
        "PreventUserExistenceErrors",
        "Prevent user existence errors",
        required=False,
        blank="(not set)",
    )
    token_revocation = forms.BooleanField(
        label="Enable token revocation", required=False, initial=True
    )

    def __init__(self, *args, pool=None, client=None, **kwargs):
        self.client = client
        if client is not None:
            kwargs.setdefault("initial", self.initial_from(client.raw))
        super().__init__(*args, **kwargs)
        names = [a.name for a in pool.schema] if pool is not None else []
        if client is not None:
            raw = client.raw
            for name in [*(raw.get("ReadAttributes") or ()), *(raw.get("WriteAttributes") or ())]:
                if name not in names:
                    names.append(name)
            del self.fields["generate_secret"]
        choices = [(n, n) for n in names]
        self.fields["read_attributes"].choices = choices
        self.fields["write_attributes"].choices = choices
        if not names:
            help_text = "The pool's schema lists no attributes."
            self.fields["read_attributes"].help_text = help_text

    @staticmethod
    def initial_from(raw) -> dict:
        units = raw.get("TokenValidityUnits") or {}
        return {
            "name": raw.get("ClientName", ""),
            "refresh_validity": raw.get("RefreshTokenValidity"),
            "refresh_unit": units.get("RefreshToken") or "days",
            "access_validity": raw.get("AccessTokenValidity"),
            "access_unit": units.get("AccessToken") or "hours",
            "id_validity": raw.get("IdTokenValidity"),
            "id_unit": units.get("IdToken") or "hours",
            "auth_session_validity": raw.get("AuthSessionValidity"),
            "read_attributes": list(raw.get("ReadAttributes") or ()),
            "write_attributes": list(raw.get("WriteAttributes") or ()),
            "auth_flows": list(raw.get("ExplicitAuthFlows") or ()),
            "oauth_enabled": bool(raw.get("AllowedOAuthFlowsUserPoolClient")),
            "oauth_flows": list(raw.get("AllowedOAuthFlows") or ()),
            "oauth_scopes": list(raw.get("AllowedOAuthScopes") or ()),
            "callback_urls": list(raw.get("CallbackURLs") or ()),
            "logout_urls": list(raw.get("LogoutURLs") or ()),
            "default_redirect": raw.get("DefaultRedirectURI", ""),
            "identity_providers": list(raw.get("SupportedIdentityProviders") or ()),
            "prevent_errors": raw.get("PreventUserExistenceErrors", ""),
            "token_revocation": raw.get("EnableTokenRevocation", True),
        }

    def clean(self):
        """Cognito's client rules (console.client_rules), each on its field."""
        d = super().clean()
        flows = d.get("oauth_flows") or []
        if d.get("oauth_enabled") and not flows:
            self.add_error("oauth_flows", "Choose at least one OAuth flow, or turn OAuth off.")
        creating = self.client is None
        has_secret = bool(d.get("generate_secret")) if creating else self.client.has_secret
        for problem in oauth_flow_problems(flows, has_secret=has_secret, creating=creating):
            self.add_error("oauth_flows", f"Allowed OAuth flows: {problem}")
        needs_callback = [f for f in ("code", "implicit") if f in flows]
        if needs_callback and "callback_urls" not in self.errors and not d.get("callback_urls"):
            self.add_error(
                "callback_urls",
                f"The {' and '.join(needs_callback)} flow needs at least one callback URL.",
            )
        for token in ("access", "id", "refresh"):
            if f"{token}_validity" in self.errors or f"{token}_unit" in self.errors:
                continue
            problem = token_validity_problem(
                token, d.get(f"{token}_validity"), d.get(f"{token}_unit")
            )
            if problem:
                self.add_error(f"{token}_validity", problem)
        problem = auth_session_problem(d.get("auth_session_validity"))
        if problem:
            self.add_error("auth_session_validity", problem)
        if (
            d.get("default_redirect")
            and "callback_urls" not in self.errors
            and d["default_redirect"] not in (d.get("callback_urls") or [])
        ):
            self.add_error("default_redirect", "The default redirect must be a callback URL.")
        return d

    def settings(self) -> dict:
        d = self.cleaned_data
        blank = _none_if_blank
        return {
            "ClientName": d["name"],
            "RefreshTokenValidity": d.get("refresh_validity"),
            "AccessTokenValidity": d.get("access_validity"),
            "IdTokenValidity": d.get("id_validity"),
            "TokenValidityUnits": {
                "RefreshToken": d.get("refresh_unit") or "days",
                "AccessToken": d.get("access_unit") or "hours",
                "IdToken": d.get("id_unit") or "hours",
            },
            "AuthSessionValidity": d.get("auth_session_validity"),
            "ReadAttributes": blank(list(d.get("read_attributes") or [])),
            "WriteAttributes": blank(list(d.get("write_attributes") or [])),
            "ExplicitAuthFlows": blank(list(d.get("auth_flows") or [])),
            "AllowedOAuthFlowsUserPoolClient": bool(d.get("oauth_enabled")),
            "AllowedOAuthFlows": blank(list(d.get("oauth_flows") or [])),
            "AllowedOAuthScopes": blank(d.get("oauth_scopes") or []),
            "CallbackURLs": blank(d.get("callback_urls") or []),
            "LogoutURLs": blank(d.get("logout_urls") or []),
            "DefaultRedirectURI": blank(d.get("default_redirect")),
            "SupportedIdentityProviders": blank(d.get("identity_providers") or []),
            "PreventUserExistenceErrors": blank(d.get("prevent_errors")),
            "EnableTokenRevocation": bool(d.get("token_revocation")),
        }

    PATHS = {
        "name": ("ClientName",),
        "refresh_validity": ("RefreshTokenValidity",),
        "refresh_unit": ("TokenValidityUnits.RefreshToken",),
        "access_validity": ("AccessTokenValidity",),
        "access_unit": ("TokenValidityUnits.AccessToken",),
        "id_validity": ("IdTokenValidity",),
        "id_unit": ("TokenValidityUnits.IdToken",),
        "auth_session_validity": ("AuthSessionValidity",),
        "read_attributes": ("ReadAttributes",),
        "write_attributes": ("WriteAttributes",),
        "auth_flows": ("ExplicitAuthFlows",),
        "oauth_enabled": ("AllowedOAuthFlowsUserPoolClient",),
        "oauth_flows": ("AllowedOAuthFlows",),
        "oauth_scopes": ("AllowedOAuthScopes",),
        "callback_urls": ("CallbackURLs",),
        "logout_urls": ("LogoutURLs",),
        "default_redirect": ("DefaultRedirectURI",),
        "identity_providers": ("SupportedIdentityProviders",),
        "prevent_errors": ("PreventUserExistenceErrors",),
        "token_revocation": ("EnableTokenRevocation",),
    }

    def changes(self) -> dict:
        """The settings the person changed, to apply on the client's full configuration."""
        settings = self.settings()
        changes = only_changed(self, settings, self.PATHS)
        if "TokenValidityUnits" in changes:
            # The three units travel together, as the form shows them.
            changes["TokenValidityUnits"] = settings["TokenValidityUnits"]
        return changes

    def create_config(self) -> dict:
        config = merge({}, self.settings())
        if self.cleaned_data.get("generate_secret"):
            config["GenerateSecret"] = True
        return config


PASSWORD_CHANGE_WARNING = (
    "This is not a test value: Cognito sets it as the user's real password, the one "
    "they must sign in with from now on. The change is recorded in the audit log."
)


class NewPasswordChecked:
    """A form whose `new_password` is checked against the pool's password policy
    (`policy`, records.Pool.password_policy) before anything is sent, in words, as the
    user page's Set password does (console.password_policy); its help names the policy."""

    def __init__(self, *args, policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        field = self.fields["new_password"]
        field.help_text = f"{describe_policy(policy)} {field.help_text}"

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password") or ""
        problems = password_problems(password, self.policy) if password else []
        if problems:
            raise ValidationError(problems)
        return password


class TestSignInForm(NewPasswordChecked, StyledForm):
    """A username and password for a test sign-in; nothing here is kept."""

    username = forms.CharField(label="Username", max_length=128)
    password = forms.CharField(
        label="Password", max_length=256, strip=False, widget=forms.PasswordInput
    )
    new_password = forms.CharField(
        label="New password (used only if Cognito asks for one)",
        required=False,
        max_length=256,
        strip=False,
        widget=forms.PasswordInput,
        help_text=PASSWORD_CHANGE_WARNING,
    )
    confirm_new_password = forms.BooleanField(
        label="I understand: the new password becomes this user's real password",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and not data.get("confirm_new_password"):
            self.add_error(
                "confirm_new_password",
                "Tick this to use the new password: it changes the user's real password. "
                "Nothing was sent.",
            )
        return data


class AnswerNewPasswordForm(NewPasswordChecked, StyledForm):
    username = forms.CharField(widget=forms.HiddenInput, max_length=128)
    session = forms.CharField(widget=forms.HiddenInput, max_length=4096)
    new_password = forms.CharField(
        label="New password",
        max_length=256,
        strip=False,
        widget=forms.PasswordInput,
        help_text=PASSWORD_CHANGE_WARNING,
    )
    confirm = forms.BooleanField(
        label="I understand: the new password becomes this user's real password",
        error_messages={
            "required": "Tick this to set the new password: it changes the user's real "
            "password. Nothing was sent."
        },
    )
