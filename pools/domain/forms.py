"""The domain forms: a new prefix or custom domain (CreateUserPoolDomain), and the
edit of what UpdateUserPoolDomain can change (a custom domain's certificate, the
managed login version), through the reviewed diff.

The rules, and where they come from:

- A prefix is botocore's DomainType (1-63 lowercase letters, digits and hyphens, not
  starting or ending with a hyphen) and may not contain ``aws``, ``amazon`` or
  ``cognito`` (developer guide, "Using the Amazon Cognito prefix domain").
- A custom domain is a fully qualified name such as ``auth.example.com`` (developer
  guide, "Using your own domain for managed login"), with an ACM certificate in US East
  (N. Virginia), us-east-1, which CloudFront requires (same page).
- ManagedLoginVersion 1 is the classic hosted UI, 2 managed login; managed login needs
  the Essentials plan or higher (pools.plans, "managed_login"; API reference,
  CreateUserPoolDomain ManagedLoginVersion).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from console.arns import character_problem
from console.cognito import schema
from console.cognito.domains import VERSION_WORDS, domain_get
from pools.fields import StyledForm
from pools.plans import plan_problem
from pools.settings_spec import Codec, Setting, SettingsForm, Spec

CREATE_OP = "CreateUserPoolDomain"
UPDATE_OP = "UpdateUserPoolDomain"
RESERVED = ("aws", "amazon", "cognito")
CERTIFICATE_EXAMPLE = (
    "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
)
_CERTIFICATE = re.compile(
    r"arn:aws(?:-[a-z]+)*:acm:us-east-1:\d{12}:certificate/[\w-]{1,128}", re.ASCII
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_CUSTOM = re.compile(rf"(?:{_LABEL}\.)+[a-z]{{2,63}}", re.ASCII)
VERSION_CHOICES = [(str(v), f"{words} (version {v})") for v, words in VERSION_WORDS.items()]
KINDS = {"prefix": "prefix domain", "custom": "custom domain"}


def certificate_problem(value: str) -> str | None:
    """Why `value` is not an ACM certificate ARN in us-east-1 (None when it is)."""
    if _CERTIFICATE.fullmatch(value):
        return None
    if ":acm:" in value and ":acm:us-east-1:" not in value:
        return (
            f"“{value}” is an ACM certificate outside US East (N. Virginia): CloudFront "
            "takes certificates from us-east-1 only. Request or import it there."
        )
    return (
        character_problem(value, "an ACM certificate ARN")
        or f"“{value}” is not an ACM certificate ARN in us-east-1, like {CERTIFICATE_EXAMPLE}."
    )


def prefix_problem(value: str) -> str | None:
    """Why `value` cannot be a prefix domain (None when it can)."""
    problem = schema.limits(CREATE_OP, "Domain").check(value)
    if problem:
        return (
            f"“{value}” cannot be a prefix: use 1-63 lowercase letters, digits and hyphens, "
            "not starting or ending with a hyphen."
        )
    reserved = [word for word in RESERVED if word in value]
    if reserved:
        return (
            f"“{value}” contains “{reserved[0]}”: a prefix may not contain aws, amazon or cognito."
        )
    return None


#: The domain of Cognito's own (prefix) domains: <prefix>.auth.<Region>.amazoncognito.com.
COGNITO_DOMAIN = "amazoncognito.com"


def custom_problem(value: str) -> str | None:
    """Why `value` cannot be a custom domain (None when it can).

    A custom domain is "a web domain that you own", served with an ACM certificate for
    it (developer guide, "Using your own domain for managed login", prerequisites);
    names under amazoncognito.com are Cognito's own, its prefix domains
    (<prefix>.auth.<Region>.amazoncognito.com, API reference, CreateUserPoolDomain
    Domain), so no one can own one or hold its certificate: refused here, pointing to
    the prefix domain.
    """
    if not (len(value) <= 253 and _CUSTOM.fullmatch(value)):
        return (
            f"“{value}” is not a fully qualified domain name in lowercase, like auth.example.com."
        )
    if value == COGNITO_DOMAIN or value.endswith("." + COGNITO_DOMAIN):
        return (
            f"“{value}” is an address of Cognito's own ({COGNITO_DOMAIN}): a custom domain "
            "must be one you own, like auth.example.com. For an address under "
            f"{COGNITO_DOMAIN}, create a prefix domain instead."
        )
    return None


def _version_field(plan: str) -> forms.TypedChoiceField:
    note = plan_problem(plan, "managed_login")
    return forms.TypedChoiceField(
        label="Sign-in pages",
        choices=VERSION_CHOICES,
        coerce=int,
        initial=1,
        help_text=note or "Managed login is the newer, brandable sign-in pages.",
    )


class DomainCreateForm(StyledForm):
    """A new domain of `kind` ("prefix" or "custom") for a pool on `plan` in `region`
    (the prefix domain's address names it; "" when unknown)."""

    domain = forms.CharField(label="Domain", max_length=253, strip=True)
    certificate_arn = forms.CharField(label="ACM certificate ARN", required=False, max_length=2048)

    def __init__(self, *args, kind: str, plan: str, region: str = "", **kwargs):
        self.kind, self.plan = kind, plan
        super().__init__(*args, **kwargs)
        if kind == "prefix":
            del self.fields["certificate_arn"]
            self.fields["domain"].label = "Prefix"
            self.fields["domain"].max_length = schema.limits(CREATE_OP, "Domain").max
            self.fields["domain"].help_text = (
                f"The pages will be at https://<prefix>.auth.{region or '<Region>'}."
                f"{COGNITO_DOMAIN}."
            )
        else:
            self.fields[
                "domain"
            ].help_text = "Like auth.example.com; you add a CNAME record for it afterwards."
            self.fields["certificate_arn"].required = True
            self.fields[
                "certificate_arn"
            ].help_text = "A certificate for the domain, in ACM in us-east-1."

    def more_fields(self):
        self.fields["version"] = _version_field(self.plan)

    def clean_domain(self):
        value = self.cleaned_data["domain"]
        problem = prefix_problem(value) if self.kind == "prefix" else custom_problem(value)
        if problem:
            raise ValidationError(problem)
        return value

    def clean_certificate_arn(self):
        value = self.cleaned_data.get("certificate_arn", "")
        problem = certificate_problem(value) if value else None
        if problem:
            raise ValidationError(problem)
        return value

    def clean_version(self):
        value = self.cleaned_data["version"]
        note = plan_problem(self.plan, "managed_login")
        if value == 2 and note:
            raise ValidationError(note)
        return value


#: ManagedLoginVersion read from a reply (absent: 1, the classic hosted UI).
VERSION = Codec(read=lambda v: int(v or 1), write=int)


def domain_spec(custom: bool) -> Spec:
    """What UpdateUserPoolDomain can change: the version, and a custom domain's certificate."""
    settings = [
        Setting(
            "version",
            "ManagedLoginVersion",
            "Sign-in pages",
            widget="integer",
            codec=VERSION,
            options={"labels": VERSION_WORDS},
        )
    ]
    if custom:
        settings.append(
            Setting(
                "certificate_arn",
                "CustomDomainConfig.CertificateArn",
                "ACM certificate ARN",
                widget="arn",
                options={"problem": certificate_problem},
            )
        )
    return Spec(UPDATE_OP, UPDATE_OP, settings)


class DomainEditForm(SettingsForm):
    """The edit of `domain` (a domains.Domain) for a pool on `plan`."""

    def __init__(self, *args, domain, plan: str, **kwargs):
        self.domain, self.plan = domain, plan
        self.spec = domain_spec(domain.custom)
        super().__init__(*args, reply=dict(domain.raw), **kwargs)

    def more_fields(self):
        super().more_fields()
        self.fields["version"] = _version_field(self.plan)
        if "certificate_arn" in self.fields:
            self.fields["certificate_arn"].required = True
            self.fields["certificate_arn"].kept = self.initial.get("certificate_arn")

    def clean_version(self):
        value = self.cleaned_data["version"]
        note = plan_problem(self.plan, "managed_login")
        if value == 2 and note and "version" in self.changed_data:
            raise ValidationError(note)
        return value

    @property
    def note(self) -> str:
        return plan_problem(self.plan, "managed_login")

    def fresh(self) -> DomainEditForm:
        """The same form, unbound, of what Cognito holds now (NotFound when the domain
        is gone)."""
        from console.cognito import errors

        domain = domain_get(pool_id=self.domain.pool_id, name=self.domain.name)
        if domain is None:
            raise errors.NotFound(f"The domain {self.domain.name} no longer exists.")
        return DomainEditForm(domain=domain, plan=self.plan)
