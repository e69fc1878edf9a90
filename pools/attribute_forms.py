"""A pool's attributes: the standard ones chosen when a pool is created, and the
custom ones (the rows of the new-pool form and of Add custom attributes)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from console.cognito import schema

from .fields import POOL_OP, StyledForm, choice, text

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


class StandardAttributesForm(StyledForm):
    """Required and mutable, for each standard attribute of a new pool (CreateUserPool's
    Schema; Cognito cannot change them once the pool exists)."""

    def more_fields(self):
        for attr, _type in STANDARD_ATTRIBUTES:
            self.fields[f"std_{attr}_required"] = forms.BooleanField(
                label=f"{attr} required", required=False
            )
            self.fields[f"std_{attr}_mutable"] = forms.BooleanField(
                label=f"{attr} mutable", required=False, initial=True
            )

    @property
    def rows(self):
        """(attribute, its required field, its mutable field), for the table."""
        return [
            (attr, self[f"std_{attr}_required"], self[f"std_{attr}_mutable"])
            for attr, _ in STANDARD_ATTRIBUTES
        ]

    def attributes(self) -> list[dict]:
        """The Schema entries of the attributes that differ from Cognito's default
        (not required, mutable)."""
        chosen = []
        for attr, data_type in STANDARD_ATTRIBUTES:
            required = bool(self.cleaned_data.get(f"std_{attr}_required"))
            mutable = bool(self.cleaned_data.get(f"std_{attr}_mutable"))
            if required or not mutable:
                chosen.append(
                    {
                        "Name": attr,
                        "AttributeDataType": data_type,
                        "Required": required,
                        "Mutable": mutable,
                    }
                )
        return chosen


#: The longest a custom String attribute's MinLength or MaxLength may be: Cognito
#: refuses more ("String attributes cannot have a length of more than 2048"; developer
#: guide, "Custom attributes": a string custom attribute holds up to 2,048 characters;
#: the embedded backend, moto, refuses the same).
STRING_MAX_LENGTH = 2048

#: The largest NumberAttributeConstraints.MaxValue: "Must be a number less than or equal
#: to 2^1023" (botocore's service model, cognito-idp 2016-04-18,
#: NumberAttributeConstraintsType.MaxValue). AWS documents no lower bound for MinValue,
#: so the console sets none: a MinValue Cognito refuses (the embedded backend refuses a
#: negative one, "Invalid NumberAttributeConstraints") is shown on its row's field once
#: Cognito answers (pools.services.add_custom_attributes).
NUMBER_MAX_VALUE = 2**1023


class CustomAttributeForm(StyledForm):
    """One custom attribute. The `custom:` prefix is added by Cognito, never typed.

    Checked before the review, each on its field: the String length limits (0 to
    STRING_MAX_LENGTH; a MaxLength of 0 is refused, as such an attribute could never
    hold a value and can never be changed: a console rule, AWS does not document it),
    a Number MaxValue up to NUMBER_MAX_VALUE, and minimum <= maximum.
    """

    name = text(
        POOL_OP,
        "Schema[].Name",
        "Name",
        help_text="Without the custom: prefix; Cognito adds it.",
    )
    data_type = choice(POOL_OP, "Schema[].AttributeDataType", "Type", initial="String")
    developer_only = forms.BooleanField(label="Developer only", required=False)
    mutable = forms.BooleanField(label="Mutable", required=False, initial=True)
    min_length = forms.IntegerField(
        label="Min length",
        required=False,
        min_value=0,
        max_value=STRING_MAX_LENGTH,
        error_messages={
            "max_value": f"At most {STRING_MAX_LENGTH}: Cognito refuses String "
            f"attributes longer than {STRING_MAX_LENGTH} characters."
        },
    )
    max_length = forms.IntegerField(
        label="Max length",
        required=False,
        min_value=1,
        max_value=STRING_MAX_LENGTH,
        error_messages={
            "min_value": "At least 1: with a max length of 0 the attribute could never "
            "hold a value, and it can never be changed.",
            "max_value": f"At most {STRING_MAX_LENGTH}: Cognito refuses String "
            f"attributes longer than {STRING_MAX_LENGTH} characters.",
        },
    )
    min_value = forms.IntegerField(label="Min value", required=False)
    max_value = forms.IntegerField(
        label="Max value",
        required=False,
        max_value=NUMBER_MAX_VALUE,
        error_messages={"max_value": "At most 2^1023: Cognito refuses a larger maximum."},
    )

    def more_fields(self):
        # The server says a name is too long (Django's "Ensure this value has at most
        # 20 characters (it has 22).") rather than the browser cutting it short, and
        # checks Max value's 2^1023 (not a 309-digit `max` attribute in the page).
        self.fields["name"].widget.attrs.pop("maxlength", None)
        self.fields["max_value"].widget.attrs.pop("max", None)

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


#: The most custom attributes a user pool holds: "Custom attributes per user pool: 50"
#: (Amazon Cognito developer guide, "Quotas in Amazon Cognito", resource quotas; the
#: facts file and the API reference text say nothing of it). Cognito refuses an
#: AddCustomAttributes past it; the embedded backend does the same
#: (console/emulator/aws_rules.py, MAX_CUSTOM_ATTRIBUTES).
POOL_CUSTOM_MAX = 50


class BaseCustomAttributeFormSet(forms.BaseFormSet):
    """The custom-attribute rows. `existing` are the names the pool has, as Cognito
    stores them (`custom:x`, `dev:custom:x`): a row may not reuse one, nor another
    row's name, and the pool's attributes plus the named rows may not pass
    POOL_CUSTOM_MAX. `operation` is the request the rows go into (its limit on how
    many at once)."""

    def __init__(self, *args, existing=(), operation=POOL_OP, **kwargs):
        # The name typed (no prefix) -> the name the pool holds it under.
        self.existing = {
            name.removeprefix("dev:").removeprefix("custom:"): name for name in existing
        }
        self.operation = operation
        #: How many custom attributes the pool has, and how many more it can take.
        self.held = len(self.existing)
        self.room = max(0, POOL_CUSTOM_MAX - self.held)
        #: The pool's names the rows asked for again (filled in by clean), e.g. an
        #: attribute someone added since the rows were reviewed.
        self.taken: list[str] = []
        #: (the pool's name, the row's attribute as AddCustomAttributes would send it,
        #: or None when the row has another problem) for each row of `taken`.
        self.taken_rows: list[tuple[str, dict | None]] = []
        #: How many rows have a name (filled in by clean).
        self.named = 0
        super().__init__(*args, **kwargs)

    def attributes(self) -> list[dict]:
        return [a for a in (f.attribute() for f in self.forms if f.is_valid()) if a]

    def clean(self):
        self.taken, self.taken_rows, self.named = [], [], 0
        seen = set()
        for form in self.forms:
            name = (getattr(form, "cleaned_data", None) or {}).get("name")
            if not name:
                continue
            self.named += 1
            if name in self.existing:
                self.taken.append(self.existing[name])
                self.taken_rows.append(
                    (self.existing[name], None if form.errors else form.attribute())
                )
                form.add_error("name", f"{self.existing[name]} is already in the pool.")
            elif name in seen:
                form.add_error("name", f"custom:{name} is already in this form.")
            seen.add(name)
        if any(self.errors):
            return
        names = [a["Name"] for a in self.attributes()]
        if len(names) > self.room:
            raise ValidationError(
                f"A user pool can have at most {POOL_CUSTOM_MAX} custom attributes. This "
                f"pool has {self.held}, so it can take {self.room} more; these rows add "
                f"{len(names)}. Leave {len(names) - self.room} of them empty. Nothing "
                "was sent to Cognito."
            )
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


#: How many rows the form starts with, and how many "More rows" adds.
ROWS_STEP = 3
#: The most rows: AddCustomAttributes takes 25 attributes at most (botocore's service
#: model, CustomAttributesListType max 25).
ROWS_MAX = 25

CustomAttributeFormSet = forms.formset_factory(
    CustomAttributeForm, formset=BaseCustomAttributeFormSet, extra=ROWS_STEP, max_num=ROWS_MAX
)
