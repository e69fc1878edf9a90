"""Form fields built from botocore's service model, and the form base of the pool tabs.

Every limit (min, max, pattern, enum) comes from botocore's service model through
console.cognito.schema; only the rules the model cannot express come from the API
reference text (the {username} and {####} placeholders of the invite template).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from console.arns import character_problem
from console.client_rules import redirect_url_problem
from console.cognito import schema

POOL_OP = "CreateUserPool"
#: Tags per resource: AWS's tagging limit, which the service model does not carry
#: (Cognito developer guide, "Tagging Amazon Cognito resources": at most 50 tags,
#: keys unique, the aws: prefix reserved).
MAX_TAGS = 50


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
    """A text field with the length and pattern of `op`'s member at `path` (the pattern
    said in words); `extra` validators add the rules the model cannot carry."""
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
    """An integer field with the min and max of `op`'s member at `path`."""
    lim = schema.limits(op, path)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=lim.min,
        max_value=lim.max,
        initial=initial,
        help_text=help_text,
    )


def choice(op, path, label, *, required=True, blank=None, initial=None, only=None, labels=None):
    """A select of the enum of `op`'s member at `path` (those `only` keeps); `blank`
    is the label of an empty first choice ("not set"); `labels` maps a value to the
    words shown for it (the value itself when it has none)."""
    values = [v for v in schema.enum(op, path) if only is None or only(v)]
    choices = [(v, (labels or {}).get(v, v)) for v in values]
    if blank is not None:
        choices.insert(0, ("", blank))
    return forms.ChoiceField(label=label, required=required, choices=choices, initial=initial)


class UniqueChoicesField(forms.MultipleChoiceField):
    """Checkboxes whose value lists each choice once, in the order sent: a POST naming
    a box twice (a tampered or replayed form) does not send Cognito a list with a value
    twice (AllowedFirstAuthFactors PASSWORD, EMAIL_OTP, EMAIL_OTP)."""

    def to_python(self, value):
        return list(dict.fromkeys(super().to_python(value)))


def multi(op, path, label, *, help_text="", only=None):
    """Checkboxes of the enum of the list member at `path` (those `only` keeps); each
    value once (UniqueChoicesField)."""
    if not path.endswith("[]"):
        path += "[]"  # the choices are the list member's enum
    values = [v for v in schema.enum(op, path) if only is None or only(v)]
    return UniqueChoicesField(
        label=label,
        required=False,
        choices=[(v, v) for v in values],
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def lines(value: str) -> list[str]:
    """The non-blank lines of `value`, stripped."""
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

    def __init__(self, op, path, label, *, problem, tidy=None, **kwargs):
        lim = schema.limits(op, path)
        self.problem, self.tidy = problem, tidy
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", lim.max)
        kwargs.setdefault("validators", [ModelLimitValidator(lim, check_length=False)])
        super().__init__(label=label, **kwargs)

    def to_python(self, value):
        """The value, put in the form Cognito takes by `tidy` when the field has one
        (a log group ARN's trailing :* left off)."""
        value = super().to_python(value)
        return self.tidy(value) if self.tidy and value else value

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

    def run_validators(self, value):
        """The model's limits; an ARN `problem` took whose characters the model refuses
        is said with this field's own kind of ARN (console.arns.character_problem), not
        the model's one sentence for every ARN pattern (an IAM role's example)."""
        try:
            super().run_validators(value)
        except ValidationError:
            said = character_problem(value, f"the {self.label}") if value else None
            if said is None:
                raise
            raise ValidationError(said) from None


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


class TagsField(forms.CharField):
    """A map of tags, one key=value a line; cleans to a dict. Keys and values keep the
    model's limits for `path`{} and `path`{=}; AWS's tagging rules (MAX_TAGS, keys
    unique, aws: reserved) are checked too. The text stays the field's value, so an
    unchanged map compares as unchanged."""

    def __init__(self, op, path, label, **kwargs):
        self.key_limits = schema.limits(op, path + "{}")
        self.value_limits = schema.limits(op, path + "{=}")
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("help_text", "One key=value a line.")
        super().__init__(label=label, **kwargs)

    def clean(self, value):
        tags = {}
        for line in lines(super().clean(value)):
            key, sep, val = line.partition("=")
            key, val = key.strip(), val.strip()
            if not sep:
                raise ValidationError(f"“{line}” is not key=value.")
            problem = self.key_limits.check(key) or self.value_limits.check(val)
            if problem:
                raise ValidationError(f"“{line}”: {problem}")
            if key in tags:
                raise ValidationError(f"The key “{key}” is given twice: each key once.")
            if key.lower().startswith("aws:"):
                raise ValidationError(f"“{key}”: keys beginning with aws: are AWS's own.")
            tags[key] = val
        if len(tags) > MAX_TAGS:
            raise ValidationError(f"At most {MAX_TAGS} tags; there are {len(tags)}.")
        return tags


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, those of `more_fields` included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.more_fields()
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def more_fields(self):
        """Add the fields made for this instance (a hook: none by default)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
