"""The identity provider forms: the type chooser, the provider form (ProviderDetails of
the type, identifiers, the attribute-mapping rows) for creating and editing, the
find-by-identifier box.

ProviderDetails keys per type are console.cognito.providers.DETAIL_KEYS (botocore's
model, CreateIdentityProvider). Limits: ProviderName, IdpIdentifiers,
AttributeMapping keys and values and ProviderDetails values from botocore's model
(CreateIdentityProvider); the model types ProviderDetails as a map, so its keys are
fields of this form, not request paths a `Spec` can walk.

The attribute mapping (AttributeMapping: user pool attribute <- provider attribute) is
rows of two fields, `map_attr_<i>` (a choice of `username` and the pool's attributes)
and `map_from_<i>` (free text); "More rows" (`more_rows`) adds rows without
JavaScript. Refused: a pool attribute mapped twice, and one that is not mutable
(API reference, SchemaAttributeType `Mutable`: "Any user pool attribute whose value you
map from an IdP attribute must be mutable ... If an attribute is immutable, Amazon
Cognito throws an error when it attempts to update the attribute").
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any
from urllib.parse import urlsplit
from xml.parsers import expat

from django import forms
from django.core.exceptions import ValidationError

from console.cognito import schema
from console.cognito.providers import (
    DEFAULT_MAPPING,
    DETAIL_KEYS,
    MAX_IDENTIFIERS,
    PROVIDER_TYPES,
    SECRET_DETAILS,
    SOCIAL_TYPES,
    TYPE_WORDS,
    Provider,
    provider_get,
    provider_name_problem,
)
from console.cognito.records import Pool
from pools.attribute_forms import STANDARD_ATTRIBUTES
from pools.fields import ModelLimitValidator, StyledForm

from . import secrets

OP = "CreateIdentityProvider"
#: Rows "More rows" adds, and the most rows the form takes.
ROWS_STEP = 3
ROWS_MAX = 60
#: The pseudo-attribute that maps the provider's value into the username.
USERNAME = "username"
#: The standard attributes of every pool, and the two verification flags a provider
#: may fill (developer guide, "Mapping IdP attributes to profiles and tokens").
STANDARD = (
    *(name for name, _type in STANDARD_ATTRIBUTES),
    "email_verified",
    "phone_number_verified",
)
FLAGS = ("IDPSignout", "IDPInit", "EncryptedResponses")

_LABELS = {
    "MetadataURL": ("Metadata document URL", "Where Cognito reads the IdP's SAML metadata."),
    "MetadataFile": (
        "Metadata document (XML)",
        "Paste the IdP's SAML metadata, or upload it below. Give a URL or a document, not both.",
    ),
    "IDPSignout": ("Sign-out flow: sign users out of the IdP too", ""),
    "IDPInit": ("Accept IdP-initiated SAML assertions", ""),
    "EncryptedResponses": ("Require encrypted SAML assertions", ""),
    "RequestSigningAlgorithm": (
        "Sign SAML requests",
        "rsa-sha256 signs the requests Cognito sends with the pool's signing certificate.",
    ),
    "client_id": ("Client ID", "The ID of the app registered with the provider."),
    "client_secret": ("Client secret", ""),
    "attributes_request_method": (
        "Attributes request method",
        "How Cognito calls the userInfo endpoint.",
    ),
    "oidc_issuer": ("Issuer URL", "Cognito reads the endpoints from its discovery document."),
    "authorize_scopes": ("Authorized scopes", "Separated by spaces (Facebook: by commas)."),
    "authorize_url": ("Authorization endpoint", "Only when discovery cannot find it."),
    "token_url": ("Token endpoint", "Only when discovery cannot find it."),
    "attributes_url": ("UserInfo endpoint", "Only when discovery cannot find it."),
    "jwks_uri": ("JWKS URI", "Only when discovery cannot find it."),
    "api_version": ("Facebook API version", "For example v17.0; blank for Cognito's default."),
    "team_id": ("Apple team ID", ""),
    "key_id": ("Key ID", ""),
    "private_key": ("Private key", "The key Apple gave you, PEM text."),
}
#: The details that are URLs Cognito calls or reads: https only. Sources: developer
#: guide, "Using OIDC identity providers with a user pool" (the IdP "only uses HTTPS
#: for OIDC endpoints such as openid_configuration, userInfo, and jwks_uri"); API
#: reference, CreateIdentityProvider ProviderDetails (every example URL is https).
#: Whether the API itself refuses an http URL is not documented, so the emulator has
#: no such rule; the console refuses, as Cognito could not use the URL anyway.
URL_DETAILS = (
    "MetadataURL",
    "oidc_issuer",
    "authorize_url",
    "token_url",
    "attributes_url",
    "jwks_uri",
)


def detail_label(key: str) -> str:
    """The form's words for a ProviderDetails key (the key itself when it has none):
    one table for the form, the review and the provider's page."""
    return _LABELS.get(key, (key,))[0]


def url_problem(value: str) -> str:
    """Why `value` is not an https URL with a host ("" when it is). Never fetched."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() != "https":
        shown = f"“{parts.scheme}:”" if parts.scheme else "no scheme"
        return f"An https:// URL is needed (this one has {shown})."
    if not parts.hostname or " " in value.strip():
        return "This is not a URL: give https://host/path."
    return ""


#: SAML 2.0 metadata's namespace (OASIS, "Metadata for the OASIS Security Assertion
#: Markup Language (SAML) V2.0", section 2.3).
SAML_METADATA = "urn:oasis:names:tc:SAML:2.0:metadata"


def xml_problem(text: str) -> str:
    """Why `text` is not a SAML 2.0 identity provider's metadata document ("" when it is):
    well-formed XML (parsed with expat, a document type declaration refused as it is met,
    so no entity is ever defined or expanded, and nothing fetched) holding an
    EntityDescriptor with an IDPSSODescriptor in SAML 2.0 metadata's namespace, which is
    what Cognito reads from it (developer guide, "Adding and managing a SAML identity
    provider in a user pool": the metadata document of the IdP)."""
    seen: set[str] = set()

    def refuse(*_args) -> None:
        raise ValueError("The metadata document may not have a DOCTYPE (entities).")

    def start(name: str, _attributes) -> None:
        seen.add(name)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(text.strip().encode("utf-8"), True)
    except ValueError as exc:
        return str(exc)
    except expat.ExpatError as exc:
        where = f"{expat.ErrorString(exc.code)}, line {exc.lineno}"
        return f"The metadata document is not well-formed XML ({where})."
    if f"{SAML_METADATA} EntityDescriptor" not in seen:
        return (
            "The metadata document is XML but not SAML 2.0 metadata: it has no EntityDescriptor "
            f"in the namespace {SAML_METADATA}. Download the metadata from your identity "
            "provider's SAML application."
        )
    if f"{SAML_METADATA} IDPSSODescriptor" not in seen:
        return (
            "The metadata document has no IDPSSODescriptor: it does not describe an identity "
            "provider (it may be a service provider's metadata)."
        )
    return ""


def same_text(a: str | None, b: str | None) -> bool:
    """Equal once line endings are made alike (a textarea sends CRLF)."""
    return _lf(a) == _lf(b)


def _lf(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


class MappingWidget(forms.Widget):
    """Reads the attribute-mapping rows of the POST as one value, a sorted list of
    "attr ← source" (never rendered: the rows are their own fields)."""

    def __init__(self, rows: int):
        super().__init__()
        self.rows = rows

    def value_from_datadict(self, data, files, name):
        found = {}
        for i in range(self.rows):
            attr, source = data.get(f"map_attr_{i}"), (data.get(f"map_from_{i}") or "").strip()
            if attr and source and attr not in found:
                found[attr] = source
        return mapping_lines(found)

    def value_omitted_from_data(self, data, files, name):
        return False


def mapping_lines(mapping: dict) -> list[str]:
    """The attribute mapping as sorted "attr ← source" lines: compared by pool
    attribute, not by row (the edit's conflict check)."""
    return [f"{attr} ← {source}" for attr, source in sorted(mapping.items())]


class MappingField(forms.Field):
    """The attribute mapping as a whole, for the edit's conflict check only."""

    def has_changed(self, initial, data):
        return sorted(initial or []) != sorted(data or [])


class OptionsSelect(forms.Select):
    """A Select whose options in `disabled_values` are shown but cannot be chosen."""

    def __init__(self, *args, disabled_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = set(disabled_values)

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


#: The details a provider of each type must have (the model's examples of each type's
#: create request; a SAML provider needs MetadataURL or MetadataFile, said in clean()).
REQUIRED = {
    "OIDC": ("client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"),
    "Google": ("client_id", "client_secret", "authorize_scopes"),
    "LoginWithAmazon": ("client_id", "client_secret", "authorize_scopes"),
    "Facebook": ("client_id", "client_secret", "authorize_scopes"),
    "SignInWithApple": ("client_id", "team_id", "key_id", "private_key"),
    "SAML": (),
}


def _row_names(rows: int) -> list[str]:
    return [f"map_{part}_{i}" for i in range(rows) for part in ("attr", "from")]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class TypeForm(StyledForm):
    """The first step of a new provider: its type."""

    provider_type = forms.ChoiceField(
        label="Provider type",
        choices=[(t, TYPE_WORDS[t]) for t in PROVIDER_TYPES],
        widget=forms.RadioSelect,
    )


class FindForm(StyledForm):
    """GetIdentityProviderByIdentifier's identifier (its model limits)."""

    # No max_length: the model's validator says what is wrong with a long one, once.
    identifier = forms.CharField(
        label="Find by identifier",
        validators=[
            ModelLimitValidator(schema.limits("GetIdentityProviderByIdentifier", "IdpIdentifier"))
        ],
        help_text="An email domain or other identifier a provider lists (IdpIdentifiers).",
    )


class Labels:
    """`label(path)` for the reviewed diff (pools.views.edit_response)."""

    def label(self, path: str) -> str:
        """The words for a request path of the diff ("" when it has none)."""
        head, _, key = path.partition(".")
        if head == "ProviderDetails":
            return _LABELS.get(key, (key,))[0]
        return {
            "AttributeMapping": "Attribute mapping",
            "IdpIdentifiers": "Identifiers",
        }.get(head, "")

    def shown(self, change):
        """The diff's `change` as it is shown (its texts need no words)."""
        return change


class ProviderForm(StyledForm):
    """A provider of `provider_type`: creating (`provider` None: a name field) or
    editing `provider` (its record, secrets left out). `pool` gives the attribute
    choices. `request_parts()` gives (details, mapping, identifiers) for a create,
    `changes()` what an edit applies (only what the person changed)."""

    spec = Labels()

    def __init__(
        self,
        data=None,
        files=None,
        *,
        pool: Pool,
        provider_type: str,
        provider: Provider | None = None,
        typed=None,
    ):
        self.pool, self.type, self.provider = pool, provider_type, provider
        self.keys = DETAIL_KEYS.get(provider_type, ())
        self.page_salt = secrets.salt(
            pool.id, provider.name if provider else f"new:{provider_type}"
        )
        source = data if data is not None else typed
        self.kept, self.kept_problem = secrets.opened(
            source.get(secrets.KEPT) if source is not None else None, self.page_salt
        )
        mapping = dict(provider.mapping) if provider else {}
        if provider is None and provider_type == "OIDC":
            mapping = dict(DEFAULT_MAPPING)
        self.current_mapping = mapping
        self.rows = self._rows(data if data is not None else typed, len(mapping))
        initial = self._initial(provider, mapping)
        if typed is not None:  # "More rows": an unbound form of what was typed
            for key in [*self.keys, "name", "identifiers", *_row_names(self.rows)]:
                if key in FLAGS:
                    initial[key] = typed.get(key) == "on"
                elif key in typed:
                    initial[key] = typed.get(key)
        super().__init__(data, files, initial=initial)
        # Not in `initial`: the conflict check compares the mapping by pool attribute
        # (`mapping`), never the rows by position nor the row count.
        self.fields["rows"].initial = initial.pop("rows")
        for name in _row_names(self.rows):
            if name in initial:
                self.fields[name].initial = initial.pop(name)
        self.initial["mapping"] = mapping_lines(mapping) if provider else []

    @functools.cached_property
    def kept_token(self) -> str:
        """The KEPT hidden field's value: the secrets typed so far, encrypted (once a
        form: a Fernet token differs at each encryption)."""
        return secrets.seal(self.kept, self.page_salt)

    @property
    def unmappable(self) -> list[str]:
        """The pool's attributes that cannot be mapped (not mutable)."""
        return sorted(n for n, m in self._mutable().items() if not m)

    def fresh(self) -> ProviderForm:
        """The same form, unbound, of what Cognito holds now (the reviewed edit's
        conflict step)."""
        assert self.provider is not None
        provider = provider_get(pool_id=self.pool.id, name=self.provider.name)
        return ProviderForm(pool=self.pool, provider_type=self.type, provider=provider)

    @staticmethod
    def _rows(data, held: int) -> int:
        wanted = held + 1
        if data is not None:
            with contextlib.suppress(TypeError, ValueError):
                wanted = max(int(data.get("rows", wanted)), 1)
            if "more_rows" in data:
                wanted += ROWS_STEP
        return min(max(wanted, held), ROWS_MAX)

    def _initial(self, provider: Provider | None, mapping: dict) -> dict[str, Any]:
        initial: dict[str, Any] = {"rows": self.rows}
        details = dict(provider.details) if provider else {}
        for key in self.keys:
            if key in FLAGS:
                initial[key] = str(details.get(key, "")).lower() == "true"
            elif key not in SECRET_DETAILS:
                initial[key] = details.get(key, "")
        initial["identifiers"] = "\n".join(provider.identifiers) if provider else ""
        for i, (attr, source) in enumerate(sorted(mapping.items())):
            initial[f"map_attr_{i}"], initial[f"map_from_{i}"] = attr, source
        return initial

    def more_fields(self):
        if self.provider is None and self.type not in SOCIAL_TYPES:
            self.fields["name"] = forms.CharField(
                label="Provider name",
                max_length=schema.limits(OP, "ProviderName").max,
                help_text="Users and app clients name the provider by it. It cannot be changed.",
            )
        value_limits = schema.limits(OP, "ProviderDetails{=}")
        for key in self.keys:
            self.fields[key] = self._detail_field(key, value_limits)
        if self.type == "SAML":
            self.fields["metadata_upload"] = forms.FileField(
                label="Upload the metadata document",
                required=False,
                help_text=f"An XML file of at most {value_limits.max:,} bytes.",
            )
        self.fields["identifiers"] = forms.CharField(
            label="Identifiers",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=(
                f"One a line, at most {MAX_IDENTIFIERS}: email domains or other names that "
                "send users to this provider (IdpIdentifiers)."
            ),
        )
        self.fields["rows"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        self.fields["mapping"] = MappingField(
            label="Attribute mapping", required=False, widget=MappingWidget(self.rows)
        )
        choices = self._attribute_choices()
        fixed = [n for n in self.unmappable if n not in self.current_mapping]
        source = schema.limits(OP, "AttributeMapping{=}")
        for i in range(self.rows):
            self.fields[f"map_attr_{i}"] = forms.ChoiceField(
                label=f"User pool attribute {i + 1}",
                choices=choices,
                required=False,
                widget=OptionsSelect(disabled_values=fixed),
            )
            self.fields[f"map_from_{i}"] = forms.CharField(
                label=f"Provider attribute {i + 1}",
                required=False,
                max_length=source.max,
                strip=True,
            )

    def _detail_field(self, key: str, limits: schema.Limits) -> forms.Field:
        label, help_text = _LABELS.get(key, (key, ""))
        # A blank secret keeps the current one (an edit) or the one typed before.
        kept = key in SECRET_DETAILS and (self.provider is not None or key in self.kept)
        required = key in REQUIRED.get(self.type, ()) and not kept
        if key in FLAGS:
            return forms.BooleanField(label=label, required=False, help_text=help_text)
        if key == "RequestSigningAlgorithm":
            choices = [("", "Do not sign"), ("rsa-sha256", "rsa-sha256")]
            return forms.ChoiceField(label=label, choices=choices, required=False)
        if key == "attributes_request_method":
            return forms.ChoiceField(label=label, choices=[("GET", "GET"), ("POST", "POST")])
        if key in SECRET_DETAILS:
            if key in self.kept:
                help_text = (
                    f"The {label.lower()} you typed is kept (not shown); type a new one "
                    "to replace it."
                )
            elif self.provider is not None:
                help_text = "Write-only: leave blank to keep the current one."
            widget: forms.Widget = (
                forms.Textarea(attrs={"rows": 3, "autocomplete": "off"})
                if key == "private_key"
                else forms.PasswordInput(attrs={"autocomplete": "new-password"})
            )
        elif key == "MetadataFile":
            widget = forms.Textarea(attrs={"rows": 4})
        else:
            widget = forms.TextInput
        return forms.CharField(
            label=label,
            required=required,
            max_length=limits.max,
            help_text=help_text,
            widget=widget,
        )

    def _mutable(self) -> dict[str, bool]:
        """Every attribute of the pool and whether it is mutable: the standard ones
        (every pool has them, mutable unless its schema says otherwise) and the schema's."""
        mutable = {name: True for name in STANDARD}
        mutable.update({a.name: a.mutable for a in self.pool.schema})
        return mutable

    def _attribute_choices(self) -> list[tuple[str, str]]:
        mutable = self._mutable()
        names = [USERNAME, *mutable]
        names += [n for n in sorted(self.current_mapping) if n not in names]
        words = {n: "" if m else " (not mutable)" for n, m in mutable.items()}
        return [("", "—")] + [(n, n + words.get(n, "")) for n in names]

    # --- cleaning ---------------------------------------------------------------------

    def clean_name(self):
        name = self.cleaned_data["name"]
        problem = provider_name_problem(name, self.type)
        if problem:
            raise ValidationError(problem)
        return name

    def clean_identifiers(self):
        identifiers = _lines(self.cleaned_data.get("identifiers", ""))
        limits = schema.limits(OP, "IdpIdentifiers[]")
        for identifier in identifiers:
            problem = limits.check(identifier)
            if problem:
                raise ValidationError(f"“{identifier[:64]}”: {problem}")
        if len(identifiers) > MAX_IDENTIFIERS:
            raise ValidationError(
                f"At most {MAX_IDENTIFIERS} identifiers; this list has {len(identifiers)}."
            )
        twice = sorted({i for i in identifiers if identifiers.count(i) > 1})
        if twice:
            raise ValidationError(f"Each identifier once: {', '.join(twice)} is listed twice.")
        return identifiers

    def clean(self):
        data = super().clean()
        if self.kept_problem:
            self.add_error(None, self.kept_problem)
        for key in SECRET_DETAILS:
            if key in self.keys and not data.get(key) and key in self.kept:
                data[key] = self.kept[key]
        if self.provider is None and self.type in SOCIAL_TYPES:
            data["name"] = self.type
        for key in URL_DETAILS:
            if key in self.keys and data.get(key) and url_problem(data[key]):
                self.add_error(key, url_problem(data[key]))
        if self.type == "SAML":
            self._clean_metadata(data)
        data["mapping"] = self._clean_mapping(data)
        return data

    def _clean_metadata(self, data: dict) -> None:
        upload = data.get("metadata_upload")
        if upload:
            limit = schema.limits(OP, "ProviderDetails{=}").max
            raw = upload.read(limit + 1)
            if len(raw) > limit:
                self.add_error("metadata_upload", f"The file is over {limit:,} bytes.")
                return
            try:
                data["MetadataFile"] = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("metadata_upload", "The file is not UTF-8 text (XML).")
                return
        url, document = data.get("MetadataURL"), data.get("MetadataFile")
        if url and document:
            self.add_error("MetadataURL", "Give a metadata URL or a document, not both.")
        elif not url and not document:
            self.add_error("MetadataURL", "Give the metadata document's URL, or the document.")
        elif document and "MetadataFile" in data:
            data["MetadataFile"] = _lf(document)
            if xml_problem(document):
                self.add_error("MetadataFile", xml_problem(document))

    def _clean_mapping(self, data: dict) -> dict[str, str]:
        mutable = self._mutable()
        key_limits = schema.limits(OP, "AttributeMapping{}")
        mapping: dict[str, str] = {}
        for i in range(self.rows):
            attr = data.get(f"map_attr_{i}") or ""
            source = (data.get(f"map_from_{i}") or "").strip()
            if not attr and not source:
                continue
            if not attr:
                self.add_error(f"map_attr_{i}", "Choose the user pool attribute it fills.")
            elif not source:
                self.add_error(f"map_from_{i}", "Name the provider's attribute (or claim).")
            elif attr in mapping:
                self.add_error(f"map_attr_{i}", f"{attr} is mapped twice: map it once.")
            elif attr != USERNAME and attr not in mutable:
                self.add_error(f"map_attr_{i}", f"The pool has no attribute {attr}.")
            elif attr != USERNAME and not mutable[attr]:
                self.add_error(
                    f"map_attr_{i}",
                    f"{attr} is not mutable: Cognito writes mapped attributes at every "
                    "sign-in and cannot write an immutable one (choose a mutable attribute).",
                )
            elif key_limits.check(attr):
                self.add_error(f"map_attr_{i}", key_limits.check(attr))
            else:
                mapping[attr] = source
        return mapping

    # --- what is sent -----------------------------------------------------------------

    def details(self) -> dict[str, str]:
        """ProviderDetails of the cleaned data: flags as "true"/"false", blanks left out."""
        out: dict[str, str] = {}
        for key in self.keys:
            value = self.cleaned_data.get(key)
            if key in FLAGS:
                out[key] = "true" if value else "false"
            elif value:
                out[key] = value
        return out

    def request_parts(self) -> tuple[dict[str, str], dict[str, str], list[str]]:
        """(ProviderDetails, AttributeMapping, IdpIdentifiers) of a new provider."""
        return self.details(), self.cleaned_data["mapping"], self.cleaned_data["identifiers"]

    def changes(self) -> dict[str, Any]:
        """What the edit applies on the provider's whole configuration: each detail the
        person changed (None removes one; a blank secret keeps the current one), the
        attribute mapping as a whole when it changed, the identifiers when they changed."""
        assert self.provider is not None
        held = dict(self.provider.details)
        changes: dict[str, Any] = {}
        details: dict[str, Any] = {}
        for key in self.keys:
            value = self.cleaned_data.get(key)
            if key in FLAGS:
                was = str(held.get(key, "")).lower() == "true"
                if bool(value) != was:
                    details[key] = "true" if value else "false"
            elif key in SECRET_DETAILS:
                if value:
                    details[key] = value
            elif key == "MetadataFile":
                if not same_text(value, held.get(key)):
                    details[key] = _lf(value) or None
            elif (value or "") != (held.get(key) or ""):
                details[key] = value or None
        if details:
            changes["ProviderDetails"] = details
        mapping = self.cleaned_data["mapping"]
        if mapping != dict(self.provider.mapping):
            changes["AttributeMapping"] = {
                **{k: None for k in self.provider.mapping},
                **mapping,
            }
        identifiers = self.cleaned_data["identifiers"]
        if identifiers != list(self.provider.identifiers):
            changes["IdpIdentifiers"] = identifiers
        return changes

    @property
    def mapping_rows(self):
        """(pool attribute field, provider attribute field) for each row."""
        return [(self[f"map_attr_{i}"], self[f"map_from_{i}"]) for i in range(self.rows)]

    @property
    def detail_fields(self):
        """The bound fields of the type's ProviderDetails keys, in DETAIL_KEYS order."""
        return [self[k] for k in self.keys]
