"""Forms of the user pages. Limits come from botocore's model (console.cognito.users)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django import forms
from django.core import signing
from django.utils.translation import ngettext

from console.cognito import InvalidInput
from console.cognito.attribute_values import (
    control_character,
    is_birthdate,
    is_email,
    is_epoch_seconds,
    is_phone_number,
    is_quoted,
)
from console.cognito.auth_events import FEEDBACK_VALUES
from console.cognito.identities import ATTRIBUTE_NAME, SUBJECT
from console.cognito.records import Pool, SchemaAttribute
from console.cognito.schema import characters, limits
from console.cognito.users import (
    FILTERABLE_ATTRIBUTES,
    MFA_METHODS,
    MFA_SETTING_NAMES,
    USER_STATUSES,
    is_username,
    model_limit,
    user_filter,
)
from console.forms import CONFIRM_POOL_NAME, PageSizeMixin, PoolNameConfirmMixin
from console.password_policy import describe_policy, password_problems

#: Standard attributes every pool has, even when DescribeUserPool lists only some.
STANDARD_ATTRIBUTES = (
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "address",
    "updated_at",
)
#: Attributes Cognito maintains itself or that have their own field.
NOT_EDITABLE = {"sub", "email_verified", "phone_number_verified", "identities"}
VERIFIED_FLAG = {"email": "email_verified", "phone_number": "phone_number_verified"}
DEFAULT_COLUMNS = ("email", "phone_number")
PAGE_SIZES = (10, 20, 30, 40, 50, 60)

_input = {"class": "form-control"}
_select = {"class": "form-select"}
_check = {"class": "form-check-input"}


def pool_attributes(pool: Pool) -> list[SchemaAttribute]:
    """The pool's schema, with the standard attributes DescribeUserPool left out added."""
    known = {a.name: a for a in pool.schema}
    merged = [
        known.get(name)
        or SchemaAttribute(
            name=name,
            data_type="String",
            custom=False,
            required=False,
            mutable=True,
            developer_only=False,
        )
        for name in STANDARD_ATTRIBUTES
    ]
    merged += [a for a in pool.schema if a.name not in STANDARD_ATTRIBUTES]
    return merged


def attribute_value_problem(attr: SchemaAttribute, value: str) -> str | None:
    """What is wrong with `value` for `attr`, in words, or None.

    Length and Number limits from the pool's schema; the value rules shared with the
    import pre-flight and the embedded backend's import job
    (console.cognito.attribute_values), so every value the form takes exports and
    re-imports unchanged.
    """
    max_len = attr.max_length
    if max_len is None:
        max_len = model_limit("AttributeValueType", "max")
    if len(value) > max_len:
        return f"At most {characters(max_len)}."
    if attr.min_length is not None and len(value) < attr.min_length:
        return f"At least {characters(attr.min_length)}."
    if attr.name == "email" and not is_email(value):
        return "Enter a valid email address, like name@example.com."
    if attr.name == "phone_number" and not is_phone_number(value):
        return (
            "Use the E.164 format: + then the country code and number, 7 to 15 digits, like "
            "+12065551212."
        )
    if attr.name == "birthdate" and not is_birthdate(value):
        # Cognito keeps birthdate as YYYY-MM-DD (OpenID Connect); the CSV export turns it
        # into the import's mm/dd/yyyy, so any other form could not be exported.
        return "Use the date format YYYY-MM-DD, like 1990-04-23 (a real date)."
    if attr.name == "updated_at" and not is_epoch_seconds(value):
        return "Seconds since the epoch, like 1700000000 (digits only, at most 2147483647)."
    if control_character(value):
        return "No line breaks or control characters: a CSV export could not carry them."
    if is_quoted(value):
        return "Do not start with a double quote: a CSV import would not read it back as it is."
    if attr.data_type == "Number":
        try:
            number = int(value)
        except ValueError:
            return "Enter a whole number."
        if attr.min_value is not None and number < attr.min_value:
            return f"At least {attr.min_value}."
        if attr.max_value is not None and number > attr.max_value:
            return f"At most {attr.max_value}."
    return None


def field_name(attribute: str) -> str:
    return "attr__" + attribute.replace(":", "__")


class UserFilterForm(PageSizeMixin, forms.Form):
    """Builds ListUsers' Filter: one attribute, exact or starts-with, or a quick choice."""

    attribute = forms.ChoiceField(
        label="Attribute",
        required=False,
        choices=[
            (a, a) for a in FILTERABLE_ATTRIBUTES if a not in ("status", "cognito:user_status")
        ],
        widget=forms.Select(attrs=_select),
    )
    match = forms.ChoiceField(
        label="Match",
        required=False,
        choices=[("prefix", "starts with"), ("exact", "is exactly")],
        widget=forms.Select(attrs=_select),
    )
    value = forms.CharField(
        label="Value",
        required=False,
        max_length=256,
        strip=False,
        widget=forms.TextInput(attrs={**_input, "type": "search", "autocomplete": "off"}),
    )
    user_status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *[(s, s) for s in USER_STATUSES]],
        widget=forms.Select(attrs=_select),
    )
    enabled = forms.ChoiceField(
        label="Enabled",
        required=False,
        choices=[("", "Enabled or disabled"), ("Enabled", "Enabled"), ("Disabled", "Disabled")],
        widget=forms.Select(attrs=_select),
    )
    size = forms.TypedChoiceField(
        label="Per page",
        required=False,
        coerce=int,
        empty_value=20,
        choices=[(n, n) for n in PAGE_SIZES],
        widget=forms.Select(attrs=_select),
    )

    def clean(self):
        data = super().clean()
        chosen = [k for k in ("value", "user_status", "enabled") if data.get(k)]
        if len(chosen) > 1:
            raise forms.ValidationError(
                "Cognito filters on one attribute at a time: give a value, a status "
                "or enabled/disabled, not several."
            )
        try:
            if data.get("value"):
                data["filter"] = user_filter(
                    data.get("attribute") or "username",
                    data["value"],
                    prefix=(data.get("match") or "prefix") == "prefix",
                )
            elif data.get("user_status"):
                data["filter"] = user_filter(
                    "cognito:user_status", data["user_status"], prefix=False
                )
            elif data.get("enabled"):
                data["filter"] = user_filter("status", data["enabled"], prefix=False)
            else:
                data["filter"] = ""
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from exc
        return data

    def params(self) -> dict:
        """The filter as query parameters, for links that keep it."""
        data = self.cleaned_data
        return {
            "attribute": data.get("attribute") if data.get("value") else "",
            "match": data.get("match") if data.get("value") else "",
            "value": data.get("value", ""),
            "user_status": data.get("user_status", ""),
            "enabled": data.get("enabled", ""),
        }


class CreateUserForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=model_limit("UsernameType", "max"),
        strip=False,
        widget=forms.TextInput(attrs={**_input, "autocomplete": "off"}),
    )
    message_action = forms.ChoiceField(
        label="Invitation",
        required=False,
        choices=[
            ("", "Send the invitation"),
            ("SUPPRESS", "Do not send anything (SUPPRESS)"),
            ("RESEND", "Re-send the invitation to an existing user (RESEND)"),
        ],
        widget=forms.Select(attrs=_select),
        help_text="RESEND works on an existing user in FORCE_CHANGE_PASSWORD: it renews the "
        "temporary password's expiry and keeps the user as it is (other fields are not sent).",
    )
    delivery_email = forms.BooleanField(
        label="Deliver by email", required=False, widget=forms.CheckboxInput(attrs=_check)
    )
    delivery_sms = forms.BooleanField(
        label="Deliver by SMS", required=False, widget=forms.CheckboxInput(attrs=_check)
    )
    temporary_password = forms.CharField(
        label="Temporary password (optional)",
        required=False,
        strip=False,
        max_length=model_limit("PasswordType", "max"),
        widget=forms.PasswordInput(attrs={**_input, "autocomplete": "new-password"}),
    )
    email_verified = forms.BooleanField(
        label="Email verified", required=False, widget=forms.CheckboxInput(attrs=_check)
    )
    phone_number_verified = forms.BooleanField(
        label="Phone number verified", required=False, widget=forms.CheckboxInput(attrs=_check)
    )
    force_alias_creation = forms.BooleanField(
        label="Force alias creation",
        required=False,
        widget=forms.CheckboxInput(attrs=_check),
        help_text="If another user already holds this email or phone number as a sign-in "
        "alias, move the alias to the new user. Without it, Cognito refuses the new user "
        "(AliasExistsException).",
    )

    def __init__(self, *args, pool: Pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = pool
        self.fields["temporary_password"].help_text = (
            describe_policy(pool.password_policy) + " Leave empty and Cognito generates one."
        )
        self.attribute_fields = []
        for attr in pool_attributes(pool):
            if attr.name in NOT_EDITABLE or attr.developer_only:
                continue
            name = field_name(attr.name)
            self.fields[name] = forms.CharField(
                label=attr.name,
                required=False,
                strip=True,
                widget=forms.TextInput(attrs=_input),
                help_text="Required by the pool" if attr.required else "",
            )
            self.fields[name].schema = attr
            self.attribute_fields.append(name)

    def attribute_bound_fields(self):
        return [self[name] for name in self.attribute_fields]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if not is_username(username):
            raise forms.ValidationError(
                "A username is 1-128 letters, digits, symbols or punctuation, without spaces."
            )
        if is_quoted(username):
            raise forms.ValidationError(
                "Do not start with a double quote: a CSV import would not read it back as it is."
            )
        return username

    def clean(self):
        data = super().clean()
        action = data.get("message_action") or ""
        delivery = [
            m
            for m, on in (("EMAIL", data.get("delivery_email")), ("SMS", data.get("delivery_sms")))
            if on
        ]
        data["delivery"] = delivery
        attributes: dict[str, str] = {}
        if action != "RESEND":
            for name in self.attribute_fields:
                attr = self.fields[name].schema
                value = data.get(name) or ""
                if not value:
                    if attr.required:
                        self.add_error(name, f"The pool requires {attr.name}.")
                    continue
                problem = attribute_value_problem(attr, value)
                if problem:
                    self.add_error(name, problem)
                attributes[attr.name] = value
            for attribute, flag in VERIFIED_FLAG.items():
                if data.get(flag):
                    if attribute not in attributes:
                        self.add_error(flag, f"Give an {attribute} to mark it verified.")
                    attributes[flag] = "true"
            password = data.get("temporary_password") or ""
            if password:
                for problem in password_problems(password, self.pool.password_policy):
                    self.add_error("temporary_password", problem)
            if action == "SUPPRESS" and delivery:
                self.add_error("message_action", "Nothing is sent with SUPPRESS: untick delivery.")
        if "EMAIL" in delivery and action != "RESEND" and "email" not in attributes:
            self.add_error("delivery_email", "Delivery by email needs an email attribute.")
        if "SMS" in delivery and action != "RESEND" and "phone_number" not in attributes:
            self.add_error("delivery_sms", "Delivery by SMS needs a phone_number attribute.")
        data["attributes"] = attributes
        return data


class EditAttributesForm(forms.Form):
    """The user's mutable attributes; only changed ones are sent."""

    def __init__(self, *args, pool: Pool, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.attribute_fields = []
        for attr in pool_attributes(pool):
            if attr.name in NOT_EDITABLE or attr.developer_only or not attr.mutable:
                continue
            name = field_name(attr.name)
            self.fields[name] = forms.CharField(
                label=attr.name,
                required=False,
                initial=user.attributes.get(attr.name, ""),
                widget=forms.TextInput(attrs=_input),
            )
            self.fields[name].schema = attr
            self.attribute_fields.append(name)
            if attr.name in VERIFIED_FLAG:
                flag = VERIFIED_FLAG[attr.name]
                self.fields[flag] = forms.BooleanField(
                    label=f"Mark {attr.name} verified",
                    required=False,
                    initial=user.attributes.get(flag) == "true",
                    widget=forms.CheckboxInput(attrs=_check),
                )

    def clean(self):
        data = super().clean()
        changes: dict[str, str] = {}
        for name in self.attribute_fields:
            attr = self.fields[name].schema
            value = (data.get(name) or "").strip()
            current = self.user.attributes.get(attr.name, "")
            if value == current:
                continue
            if not value:
                self.add_error(name, "To remove a value, use Delete attributes.")
                continue
            problem = attribute_value_problem(attr, value)
            if problem:
                self.add_error(name, problem)
            changes[attr.name] = value
        for attribute, flag in VERIFIED_FLAG.items():
            if flag not in self.fields:
                continue
            wanted = bool(data.get(flag))
            current = self.user.attributes.get(flag) == "true"
            if wanted and (not current or attribute in changes):
                changes[flag] = "true"
            elif not wanted and current and attribute not in changes:
                changes[flag] = "false"
        if not changes:
            raise forms.ValidationError("Nothing changed.")
        data["changes"] = changes
        return data


class DeleteAttributesForm(PoolNameConfirmMixin, forms.Form):
    names = forms.MultipleChoiceField(
        label="Attributes to delete", widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, pool: Pool, user, **kwargs):
        super().__init__(*args, **kwargs)
        schema = {a.name: a for a in pool_attributes(pool)}
        self.fields["names"].choices = [
            (name, name)
            for name in sorted(user.attributes)
            if name not in NOT_EDITABLE
            and not (schema.get(name) and (schema[name].required or not schema[name].mutable))
        ]


class SetPasswordForm(PoolNameConfirmMixin, forms.Form):
    """A new password for the user (AdminSetUserPassword): their old one stops working,
    so on a production pool the pool's name is typed too."""

    password = forms.CharField(
        label="New password",
        strip=False,
        max_length=model_limit("PasswordType", "max"),
        widget=forms.PasswordInput(attrs={**_input, "autocomplete": "new-password"}),
    )
    permanent = forms.BooleanField(
        label="Permanent (otherwise the user must change it at next sign-in)",
        required=False,
        widget=forms.CheckboxInput(attrs=_check),
    )

    def __init__(self, *args, pool: Pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = pool
        self.fields["password"].help_text = describe_policy(pool.password_policy)

    def clean_password(self):
        password = self.cleaned_data["password"]
        problems = password_problems(password, self.pool.password_policy)
        if problems:
            raise forms.ValidationError(problems)
        return password


MFA_LABELS = {
    "SMS": "SMS text message",
    "SOFTWARE_TOKEN": "Authenticator app (TOTP)",
    "EMAIL": "Email",
}


class MfaPreferenceForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label="Enabled methods",
        required=False,
        choices=[(m, MFA_LABELS[m]) for m in MFA_METHODS],
        widget=forms.CheckboxSelectMultiple,
    )
    preferred = forms.ChoiceField(
        label="Preferred method",
        required=False,
        choices=[("", "None"), *[(m, MFA_LABELS[m]) for m in MFA_METHODS]],
        widget=forms.Select(attrs=_select),
    )

    def clean(self):
        data = super().clean()
        if data.get("preferred") and data["preferred"] not in (data.get("enabled") or []):
            self.add_error("preferred", "The preferred method must also be enabled.")
        return data


class LegacySettingsForm(forms.Form):
    sms_mfa = forms.BooleanField(
        label="SMS MFA to phone_number (legacy MFAOptions)",
        required=False,
        widget=forms.CheckboxInput(attrs=_check),
    )


class GroupChoiceForm(PoolNameConfirmMixin, forms.Form):
    group = forms.ChoiceField(label="Group", choices=(), widget=forms.Select(attrs=_select))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.name, g.name) for g in groups]


class ForgetDeviceForm(PoolNameConfirmMixin, forms.Form):
    device_key = forms.CharField(
        max_length=model_limit("DeviceKeyType", "max"), widget=forms.HiddenInput
    )
    #: The device's name as the page showed it (DeviceAttributes device_name), used only
    #: to name the device in the message that says what was done; never sent to Cognito.
    device_name = forms.CharField(required=False, max_length=256, widget=forms.HiddenInput)


def device_words(data) -> str:
    """A device of a ForgetDeviceForm's cleaned data in words: “name” (key), or the key
    alone when it has no name."""
    key, name = data["device_key"], data.get("device_name")
    return f"“{name}” ({key})" if name else key


class DeviceStatusForm(ForgetDeviceForm):
    """AdminUpdateDeviceStatus: one device marked remembered or not remembered."""

    status = forms.ChoiceField(
        choices=[("remembered", "Remembered"), ("not_remembered", "Not remembered")],
        error_messages={"invalid_choice": "A device is “remembered” or “not_remembered”."},
        widget=forms.HiddenInput,
    )


class ResetPasswordForm(PoolNameConfirmMixin, forms.Form):
    """Reset the user's password (AdminResetUserPassword): their current password stops
    working at once and they must set a new one with the code Cognito sends. Staff
    tick `confirmed` first (the user page's button and the diagnosis fix send it)."""

    confirmed = forms.BooleanField(
        label="Yes, reset it: their current password stops working now",
        widget=forms.CheckboxInput(attrs=_check),
        error_messages={
            "required": "Tick that you want to reset the password. Nothing was changed."
        },
    )


def autofocus_first_error(form) -> None:
    """Give `form`'s first invalid visible field (or its first visible field when only
    the form as a whole was refused) the `autofocus` attribute, so the page a refused
    form is shown again on (400) opens at it, without JavaScript. Only for a bound form
    with errors; changes this form instance's widgets only."""
    if not form.is_bound or not form.errors:
        return
    visible = form.visible_fields()
    invalid = [bf for bf in visible if bf.errors]
    chosen = (invalid or visible or [None])[0]
    if chosen is not None:  # form.fields (and their widgets) are this instance's copies
        chosen.field.widget.attrs["autofocus"] = True


class DeleteUserForm(PoolNameConfirmMixin, forms.Form):
    confirm = forms.CharField(
        label="Type the username to confirm",
        strip=False,
        widget=forms.TextInput(attrs={**_input, "autocomplete": "off"}),
    )

    def __init__(self, *args, username: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username

    def clean_confirm(self):
        if self.cleaned_data["confirm"] != self.username:
            raise forms.ValidationError("That is not the username. Nothing was deleted.")
        return self.cleaned_data["confirm"]


class VerifyContactForm(forms.Form):
    """Mark the user's email or phone number verified (AdminUpdateUserAttributes with
    email_verified / phone_number_verified "true"), so Cognito sends password reset
    codes there. Staff tick that they confirmed the address is the person's: Cognito
    sends no code to check it."""

    attribute = forms.ChoiceField(choices=[(a, a) for a in VERIFIED_FLAG], widget=forms.HiddenInput)
    confirmed = forms.BooleanField(
        label="I have confirmed with the person that this address is theirs",
        widget=forms.CheckboxInput(attrs=_check),
        error_messages={
            "required": "Tick that you confirmed the address with the person. Nothing was changed."
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        attribute = data.get("attribute")
        if attribute and not self.user.attributes.get(attribute):
            raise forms.ValidationError(
                f"{self.user.username} has no {attribute} to verify. Nothing was changed."
            )
        if attribute and self.user.attributes.get(VERIFIED_FLAG[attribute]) == "true":
            raise forms.ValidationError(
                f"The {attribute} of {self.user.username} is already verified."
            )
        return data


# --- sign-in history, linked identities, MFA recovery ------------------------------

_EVENT_ID = limits("AdminUpdateAuthEventFeedback", "EventId")
_PROVIDER_VALUE_MAX = 2048  # our cap: AWS's StringType allows 131,072 characters


class EventFeedbackForm(forms.Form):
    """Valid / Invalid feedback on one auth event (AdminUpdateAuthEventFeedback)."""

    event_id = forms.CharField(max_length=_EVENT_ID.max, widget=forms.HiddenInput)
    value = forms.ChoiceField(choices=[(v, v) for v in FEEDBACK_VALUES])

    def clean_event_id(self):
        event_id = self.cleaned_data["event_id"]
        broken = _EVENT_ID.check(event_id)
        if broken:
            raise forms.ValidationError(f"Not an auth event ID: {broken}")
        return event_id


class LinkProviderForm(forms.Form):
    """Link the user to an identity of one of the pool's identity providers that has
    not signed in yet (AdminLinkProviderForUser)."""

    provider_name = forms.ChoiceField(
        label="Identity provider", choices=(), widget=forms.Select(attrs=_select)
    )
    attribute_name = forms.CharField(
        label="Match the identity on",
        initial=SUBJECT,
        max_length=128,
        help_text=(
            f"{SUBJECT}: the provider's own user ID (the only choice for Google, Facebook, "
            "Login with Amazon and Sign in with Apple). For OIDC or SAML, the name of a "
            "claim or SAML attribute the provider sends and the pool maps, such as email: "
            "letters, digits and _ : . - only, at most 128 characters."
        ),
        widget=forms.TextInput(attrs={**_input, "autocomplete": "off"}),
    )
    attribute_value = forms.CharField(
        label="Value",
        max_length=_PROVIDER_VALUE_MAX,
        help_text=(
            "The identity's user ID at the provider (its sub, id or user_id), or the mapped "
            "attribute's value. That identity must not have signed in to this pool yet. "
            "Whoever signs in with it will be this user: link only identities you trust."
        ),
        widget=forms.TextInput(attrs={**_input, "autocomplete": "off"}),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_name"].choices = [(name, name) for name in providers]

    def clean_attribute_name(self):
        return _provider_attribute_name(self.cleaned_data["attribute_name"])

    def clean(self):
        data = super().clean()
        value = data.get("attribute_value") or ""
        if control_character(value):
            self.add_error(
                "attribute_value", "Remove the control character (a tab, a line break...)."
            )
        return data


def _provider_attribute_name(value: str) -> str:
    """A SourceUser / User ProviderAttributeName: Cognito_Subject or a claim or SAML
    attribute name (console.cognito.identities.ATTRIBUTE_NAME)."""
    value = value.strip()
    if not ATTRIBUTE_NAME.fullmatch(value):
        raise forms.ValidationError(
            f"Not an attribute name: use {SUBJECT}, or the name of the provider's claim or "
            "SAML attribute (letters, digits and _ : . - only, at most 128 characters)."
        )
    return value


class UnlinkProviderForm(PoolNameConfirmMixin, forms.Form):
    """Remove one linked identity (AdminDisableProviderForUser); the box confirms it."""

    provider_name = forms.CharField(max_length=128, widget=forms.HiddenInput)
    attribute_name = forms.CharField(max_length=128, initial=SUBJECT, widget=forms.HiddenInput)
    attribute_value = forms.CharField(max_length=_PROVIDER_VALUE_MAX, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="Yes, unlink it",
        error_messages={
            "required": "Tick “Yes, unlink it” to unlink the identity. Nothing was changed."
        },
        widget=forms.CheckboxInput(attrs=_check),
    )

    def clean_attribute_name(self):
        return _provider_attribute_name(self.cleaned_data["attribute_name"])


class MfaRecoveryForm(PoolNameConfirmMixin, forms.Form):
    """The guided recovery of a user who lost an authenticator: each ticked step is one
    audited call (users.services.mfa_recovery). Offered steps follow the user and the
    pool: "turn off the authenticator app" only when it is enabled for them; "turn off
    all their MFA methods" only when they have one and the pool's MFA is OPTIONAL (in a
    pool that requires MFA their next sign-in would ask them to set up a factor again:
    UpdateUserPool MfaConfiguration, "When ON, all users must set up MFA before they
    can sign in")."""

    turn_off_all_mfa = forms.BooleanField(
        label="Turn off all of their MFA methods (SMS, authenticator app, email)",
        required=False,
        help_text=(
            "MFA is optional in this pool: they then sign in with their password alone, "
            "and can set up MFA again from the app. This includes the authenticator app."
        ),
        widget=forms.CheckboxInput(attrs=_check),
    )
    turn_off_totp = forms.BooleanField(
        label="Turn off their authenticator app (TOTP)",
        required=False,
        initial=True,
        help_text=(
            "Cognito stops asking for codes from the lost app. If the pool requires MFA, "
            "their next sign-in asks them to set up a new authenticator (or sends a code "
            "by SMS or email, if that is enabled for them)."
        ),
        widget=forms.CheckboxInput(attrs=_check),
    )
    new_phone = forms.CharField(
        label="New phone number for SMS codes",
        required=False,
        max_length=model_limit("AttributeValueType", "max"),
        help_text=(
            "Only when they lost the phone number itself. + and the country code, e.g. "
            "+447700900123. Saved as verified (you vouch for it): Cognito sends no "
            "verification code."
        ),
        widget=forms.TextInput(attrs={**_input, "autocomplete": "off"}),
    )
    new_email = forms.CharField(
        label="New email address for email codes",
        required=False,
        max_length=model_limit("AttributeValueType", "max"),
        help_text="Only when they lost access to the mailbox. Saved as verified.",
        widget=forms.TextInput(attrs={**_input, "autocomplete": "off"}),
    )
    forget_devices = forms.BooleanField(
        label="Forget their remembered devices",
        required=False,
        initial=True,
        help_text="A remembered device may skip MFA; the lost phone may be one of them.",
        widget=forms.CheckboxInput(attrs=_check),
    )
    sign_out = forms.BooleanField(
        label="Sign them out everywhere",
        required=False,
        initial=True,
        help_text=(
            "Revokes every refresh token: the lost device's sessions end when their "
            "access tokens expire (an hour by default)."
        ),
        widget=forms.CheckboxInput(attrs=_check),
    )
    identity_checked = forms.BooleanField(
        label="I have checked who is asking, through a channel other than the lost one",
        error_messages={
            "required": "Confirm that you checked who is asking: MFA recovery hands the "
            "account to whoever asked. Nothing was changed."
        },
        widget=forms.CheckboxInput(attrs=_check),
    )

    STEPS = (
        "turn_off_all_mfa",
        "turn_off_totp",
        "new_phone",
        "new_email",
        "forget_devices",
        "sign_out",
    )

    def __init__(self, *args, pool: Pool, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool, self.user = pool, user
        if pool.mfa != "OPTIONAL" or not user.mfa_settings:
            del self.fields["turn_off_all_mfa"]
        if MFA_SETTING_NAMES["SOFTWARE_TOKEN"] not in user.mfa_settings:
            del self.fields["turn_off_totp"]

    def clean_new_phone(self):
        value = self.cleaned_data["new_phone"].strip()
        if value and not is_phone_number(value):
            raise forms.ValidationError(
                "Write the number with + and the country code, digits only, e.g. +447700900123."
            )
        return value

    def clean_new_email(self):
        value = self.cleaned_data["new_email"].strip()
        if value and not is_email(value):
            raise forms.ValidationError("This is not an email address.")
        return value

    def clean(self):
        data = super().clean()
        if not any(data.get(step) for step in self.STEPS if step in self.fields):
            raise forms.ValidationError("Choose at least one step. Nothing was changed.")
        # What the user keeps when the app is turned off: the other enabled methods.
        by_name = {n: m for m, n in MFA_SETTING_NAMES.items()}
        methods = [by_name[n] for n in self.user.mfa_settings if n in by_name]
        data["keep_methods"] = [m for m in methods if m != "SOFTWARE_TOKEN"]
        preferred = by_name.get(self.user.preferred_mfa, "")
        data["keep_preferred"] = preferred if preferred in data["keep_methods"] else ""
        return data


def recovery_forms(pool: Pool, user, providers) -> dict:
    """The unbound forms of the user page's sign-in parts, by context name: linking an
    identity (`link_provider_form`, None when the pool has no identity provider) and
    the MFA recovery (`mfa_recovery_form`)."""
    return {
        "link_provider_form": LinkProviderForm(providers=providers) if providers else None,
        "mfa_recovery_form": MfaRecoveryForm(pool=pool, user=user, confirm_pool=pool),
    }


# --- bulk ----------------------------------------------------------------------------

#: Users an "all matching" bulk action may reach (it lists them in the background).
BULK_CAP = 100_000
#: Users a bulk action may name one by one: the ticked boxes of the list, one form post.
BULK_SELECTED_CAP = 1_000
#: Cognito's Username (UsernameType: length and pattern) from botocore's model.
USERNAME = limits("AdminDisableUser", "Username")
#: Bad usernames a refused bulk form names one by one; the rest are counted.
BAD_NAMES_SHOWN = 5
BULK_ACTIONS = {
    "enable": "Enable",
    "disable": "Disable",
    "add_group": "Add to group",
    "remove_group": "Remove from group",
    "sign_out": "Global sign-out",
    "reset_password": "Reset password",
    # AdminCreateUser RESEND: only users in FORCE_CHANGE_PASSWORD (users/invitations).
    "resend_invite": "Re-send invitation",
    "delete": "Delete (Admin only)",
}


_LIST_FILTER_SALT = "users.bulk.list-filter"


def seal_list_filter(params: Mapping[str, str]) -> str:
    """The users list's filter parameters (`UserFilterForm.params()`), signed, for the
    bulk form's "all matching" to carry back (see `BulkForm.clean`)."""
    plain = {k: str(v) for k, v in params.items() if k != "size" and v not in (None, "")}
    return signing.dumps(plain, salt=_LIST_FILTER_SALT)


def filter_words(params: Mapping[str, str]) -> str:
    """The users list's filter (`UserFilterForm.params()`) in the list's own words, not
    Cognito's syntax: 'email starts with “ann”', 'email is exactly “a@b.test”', 'status
    is “CONFIRMED”', 'enabled is “Disabled”'; "" when the list has no filter. The verb
    is the list's own (its `match` choices)."""
    if params.get("value"):
        verb = dict(UserFilterForm.base_fields["match"].choices)[params.get("match") or "prefix"]
        return f"{params.get('attribute') or 'username'} {verb} “{params['value']}”"
    if params.get("user_status"):
        return f"status is “{params['user_status']}”"
    if params.get("enabled"):
        return f"enabled is “{params['enabled']}”"
    return ""


def all_matching_words(words: str) -> str:
    """The "all matching" choice for a filter in words (`filter_words`): "All users
    matching email starts with “ann”", or "All users in the pool (no filter)"."""
    return f"All users matching {words}" if words else "All users in the pool (no filter)"


#: The bulk form's refusal when the filter boxes no longer say what the list shows.
FILTER_NOT_APPLIED = (
    "The filter was changed but not applied: press Filter first, then choose the users."
)


def form_problems(form: forms.Form) -> list[str]:
    """Every error of a bound form, each field's prefixed with its label
    ("Bulk action: Choose an action."), so a message names what to fix."""
    problems = []
    # A form may name a field differently in its errors (`problem_labels`).
    names = getattr(form, "problem_labels", {})
    for name, errs in form.errors.items():
        field = form.fields.get(name)
        label = names.get(name) or (field.label if field is not None else "")
        label = f"{label}: " if label else ""
        problems.extend(f"{label}{e}" for e in errs)
    return problems


def _shown(name: str, limit: int = 40) -> str:
    """A posted username as a message shows it: control characters and spaces other
    than " " escaped (\\t, \\n, \\x00), at most `limit` characters then "…"."""
    text = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in name
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


class BulkForm(PoolNameConfirmMixin, forms.Form):
    # The confirm field's label is an instruction ("To delete, type DELETE").
    problem_labels = {"confirm": "Delete"}

    action = forms.ChoiceField(
        label="Bulk action",
        choices=[("", "Choose…"), *BULK_ACTIONS.items()],
        widget=forms.Select(attrs=_select),
        error_messages={"required": "Choose an action."},
    )
    scope = forms.ChoiceField(
        label="Users",
        choices=[
            ("selected", "The users selected on this page"),
            ("all", "All users matching the list's filter"),  # see describe_list
        ],
        initial="selected",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the selected users or all matching users."},
    )
    group = forms.CharField(
        label="Group", required=False, max_length=128, widget=forms.Select(attrs=_select)
    )
    confirm = forms.CharField(
        label="To delete, type DELETE",
        required=False,
        widget=forms.TextInput(attrs={**_input, "autocomplete": "off"}),
    )
    nonce = forms.CharField(
        label="Form",
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": "The form came back incomplete; reload the list."},
    )
    # The list's filter parameters, signed (seal_list_filter), for "all matching": the
    # ListUsers filter is rebuilt from them by UserFilterForm, never taken from the page.
    # The filter boxes as they were when Run was pressed come as "live-<name>" (the
    # list's script adds them): when they say another filter, the form is refused.
    list_filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    LIVE_PREFIX = "live"
    # "All matching" runs only once confirmed on the page that names its users in words
    # (users/bulk_confirm.html): the list's form never sends it, the Confirm button does.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    #: The fields the confirmation page sends again, as they came (and "live-…").
    #: On a production pool, the pool's name typed on the list (PoolNameConfirmMixin) too.
    CONFIRM_FIELDS = (
        "action",
        "scope",
        "group",
        "confirm",
        "nonce",
        "list_filter",
        CONFIRM_POOL_NAME,
    )

    def __init__(
        self, *args, is_admin: bool = False, groups=(), username_key=lambda name: name, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.is_admin = is_admin
        # Pool.username_key: in a case-insensitive pool `Casey.Dup` and `casey.dup`
        # are one user, and are acted on once.
        self.username_key = username_key
        self.group_names = [g.name for g in groups]
        self.fields["group"].widget.choices = [("", "—"), *[(n, n) for n in self.group_names]]
        if not self.is_bound:
            self.initial.setdefault("nonce", uuid.uuid4().hex)

    def describe_list(self, params: Mapping[str, str]) -> None:
        """Name the "all matching" choice after the list's applied filter (`params`,
        `UserFilterForm.params()`): what "all" acts on, in words."""
        self.fields["scope"].choices = [
            self.fields["scope"].choices[0],
            ("all", all_matching_words(filter_words(params))),
        ]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        names = self.data.getlist("usernames") if hasattr(self.data, "getlist") else []
        unique: dict[str, str] = {}
        for name in names:
            unique.setdefault(self.username_key(name), name)
        data["usernames"] = list(unique.values())
        if len(data["usernames"]) > BULK_SELECTED_CAP:
            self.add_error(
                "scope",
                f"Too many users ticked: at most {BULK_SELECTED_CAP:,} can be chosen one by "
                "one. For more, choose all users matching the filter.",
            )
        else:
            self._check_usernames(names)
        if data.get("scope") == "selected" and not data.get("usernames"):
            self.add_error("scope", "Select at least one user, or choose all matching users.")
        data["filter"], data["filter_words"] = "", ""
        if data.get("scope") == "all":
            self._all_matching(data)
        if action in ("add_group", "remove_group"):
            if not data.get("group"):
                self.add_error("group", "Choose the group.")
            elif data["group"] not in self.group_names:
                self.add_error("group", "No such group in this pool.")
        if action == "delete":
            if not self.is_admin:
                self.add_error("action", "Deleting users needs the Admin role.")
            elif data.get("confirm") != "DELETE":
                self.add_error("confirm", "Type DELETE to confirm. Nothing was deleted.")
        return data

    def needs_confirming(self) -> bool:
        """True for a valid "all matching" form not yet confirmed: its users are known
        only once listed, so the person first reads which, in words, and confirms."""
        return self.cleaned_data.get("scope") == "all" and not self.cleaned_data.get("confirmed")

    def confirmation(self) -> dict:
        """What the confirmation page (users/bulk_confirm.html) says and sends again:
        `action_label` ("Global sign-out", "Delete"), `group`, `filter_words` (the filter
        applied to the list, in words; "" for every user of the pool) and `fields`,
        the (name, value) pairs its Confirm button posts: the form as it came
        (CONFIRM_FIELDS and the "live-…" boxes) and confirmed=1."""
        data, prefix = self.cleaned_data, f"{self.LIVE_PREFIX}-"
        names = [*self.CONFIRM_FIELDS, *(k for k in self.data if k.startswith(prefix))]
        fields = [(name, value) for name in names for value in self.data.getlist(name)]
        return {
            "action_label": BULK_ACTIONS[data["action"]].removesuffix(" (Admin only)"),
            "action": data["action"],
            "group": data.get("group", "") if data["action"].endswith("_group") else "",
            "filter_words": data.get("filter_words", ""),
            "fields": [*fields, ("confirmed", "1")],
        }

    def live_boxes(self) -> dict[str, str]:
        """The filter boxes as they were when Run was pressed ("live-…"), by the list's
        field names; {} when the form came without them. A refused form shows them
        again as they were, so Filter applies what was typed."""
        prefix = f"{self.LIVE_PREFIX}-"
        return {k.removeprefix(prefix): v for k, v in self.data.items() if k.startswith(prefix)}

    def _check_usernames(self, names: list[str]) -> None:
        """An error naming each posted username that Cognito's Username pattern or
        length refuses (the first BAD_NAMES_SHOWN, then how many more): a bulk action
        is not queued with a name no user can have."""
        bad = [(name, USERNAME.check(name)) for name in dict.fromkeys(names)]
        bad = [(name, problem) for name, problem in bad if problem]
        for name, problem in bad[:BAD_NAMES_SHOWN]:
            self.add_error("scope", f"“{_shown(name)}” is not a Cognito username: {problem}")
        more = len(bad) - BAD_NAMES_SHOWN
        if more > 0:
            self.add_error(
                "scope",
                ngettext(
                    "%(n)s more username is not valid either.",
                    "%(n)s more usernames are not valid either.",
                    more,
                )
                % {"n": f"{more:,}"},
            )

    def _all_matching(self, data: dict) -> None:
        """`filter` (ListUsers' syntax) and `filter_words` (the list's words) of "all
        matching": the filter APPLIED to the list the form was shown with, rebuilt by
        the list's own UserFilterForm from its signed parameters, so a filter edited on
        the page (or none at all) cannot widen the selection. When the filter boxes
        posted with the form ("live-…") say another filter than that, the form is
        refused (FILTER_NOT_APPLIED) rather than guessing which one was meant."""
        try:
            params = signing.loads(self.data.get("list_filter") or "", salt=_LIST_FILTER_SALT)
        except signing.BadSignature:
            self.add_error(
                "scope",
                "The list's filter did not come back as the list sent it, so no user was "
                "chosen. Open the list again and choose all matching users there.",
            )
            return
        list_form = UserFilterForm(params)
        if not list_form.is_valid():
            self.add_error("scope", " ".join(form_problems(list_form)))
            return
        data["filter"] = list_form.cleaned_data["filter"]
        data["filter_words"] = filter_words(list_form.params())
        if any(k.startswith(f"{self.LIVE_PREFIX}-") for k in self.data):
            live = UserFilterForm(self.data, prefix=self.LIVE_PREFIX)
            if not live.is_valid() or live.cleaned_data["filter"] != data["filter"]:
                self.add_error("scope", FILTER_NOT_APPLIED)


class ColumnsForm(forms.Form):
    """The attribute columns of the users list, as the page shows them (the POST is
    saved by services.columns_save, which keeps only the pool's attributes)."""

    col = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, available: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["col"].choices = [(name, name) for name in available]


def user_action_forms(pool: Pool, user, groups) -> dict:
    """The unbound forms of the user page's actions, by context name, filled in from
    the user (`user`, a User record) and the pool's groups the user is not in."""
    return {
        "edit_form": EditAttributesForm(pool=pool, user=user),
        "delete_attributes_form": DeleteAttributesForm(pool=pool, user=user, confirm_pool=pool),
        "set_password_form": SetPasswordForm(pool=pool, confirm_pool=pool),
        "mfa_form": MfaPreferenceForm(
            initial={
                "enabled": [m for m, n in MFA_SETTING_NAMES.items() if n in user.mfa_settings],
                "preferred": next(
                    (m for m, n in MFA_SETTING_NAMES.items() if n == user.preferred_mfa), ""
                ),
            }
        ),
        "settings_form": LegacySettingsForm(initial={"sms_mfa": bool(user.mfa_options)}),
        "add_group_form": GroupChoiceForm(groups=groups),
        "delete_form": DeleteUserForm(username=user.username, confirm_pool=pool),
    }
