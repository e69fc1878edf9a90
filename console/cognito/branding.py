"""Managed login branding styles, terms documents and the classic hosted UI
customization of a user pool, read only (DescribeManagedLoginBrandingByClient,
DescribeManagedLoginBranding, ListTerms, DescribeTerms, GetUICustomization).

Each app client has at most one branding style (ManagedLoginBrandingType: an ID,
UseCognitoProvidedValues, a Settings JSON document and image Assets, dates); a client
without one answers ResourceNotFoundException, here None. Terms documents
(TermsType) are links to an app client's terms of use or privacy policy, per
language, shown on managed login's sign-up page. The classic hosted UI customization
(UICustomizationType: CSS and a logo) styles the pages of a domain on
ManagedLoginVersion 1 only; the pool has a default (ClientId ``ALL``) and an app
client may have its own, which overrides it. Sources: API reference for each
operation, ManagedLoginBrandingType, AssetType, TermsType, UICustomizationType;
developer guide, "Apply branding to managed login pages", "Terms documents",
"Customizing hosted UI (classic) branding".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import errors
from .lookups import unless_missing
from .records import FrozenDict
from .transport import call, every_item, region_of

#: The most terms documents a page lists (one ListTerms page).
TERMS_MAX = 60


@dataclass(frozen=True)
class Asset:
    """One AssetType, without its bytes: category, colour mode, file type, size."""

    category: str
    color_mode: str
    extension: str
    size: int
    resource_id: str


@dataclass(frozen=True)
class Branding:
    """One ManagedLoginBrandingType of app client `client_id`."""

    pool_id: str
    client_id: str
    id: str
    cognito_values: bool
    settings: Mapping[str, Any]
    assets: tuple[Asset, ...]
    created: datetime | None
    modified: datetime | None

    @property
    def settings_json(self) -> str:
        """The Settings document, indented (for reading, not for copying into a form)."""
        return json.dumps(dict(self.settings), indent=2, sort_keys=True, default=str)

    @classmethod
    def from_shape(cls, client_id: str, shape: Mapping[str, Any]) -> Branding:
        assets = tuple(
            Asset(
                category=a.get("Category", ""),
                color_mode=a.get("ColorMode", ""),
                extension=a.get("Extension", ""),
                size=len(a.get("Bytes") or b""),
                resource_id=a.get("ResourceId", ""),
            )
            for a in shape.get("Assets") or ()
        )
        return cls(
            pool_id=shape.get("UserPoolId", ""),
            client_id=client_id,
            id=shape.get("ManagedLoginBrandingId", ""),
            cognito_values=bool(shape.get("UseCognitoProvidedValues")),
            settings=FrozenDict(shape.get("Settings") or {}),
            assets=assets,
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
        )


@dataclass(frozen=True)
class Terms:
    """One TermsType: its links by language ID (cognito:default, cognito:english...)."""

    pool_id: str
    id: str
    name: str
    client_id: str
    source: str
    enforcement: str
    links: Mapping[str, str] = field(default_factory=FrozenDict)
    created: datetime | None = None
    modified: datetime | None = None

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> Terms:
        return cls(
            pool_id=shape.get("UserPoolId", ""),
            id=shape.get("TermsId", ""),
            name=shape.get("TermsName", ""),
            client_id=shape.get("ClientId", ""),
            source=shape.get("TermsSource", ""),
            enforcement=shape.get("Enforcement", ""),
            links=FrozenDict(shape.get("Links") or {}),
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
        )


@dataclass(frozen=True)
class UICustomization:
    """One UICustomizationType: the classic hosted UI's CSS and logo URL for app client
    `client_id`, or for the whole pool when `client_id` is ``ALL``."""

    pool_id: str
    client_id: str
    css: str
    css_version: str
    image_url: str
    created: datetime | None
    modified: datetime | None

    @property
    def pool_wide(self) -> bool:
        """True for the pool's default (ClientId ALL), False for an app client's own."""
        return self.client_id in ("", ALL_CLIENTS)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> UICustomization:
        return cls(
            pool_id=shape.get("UserPoolId", ""),
            client_id=shape.get("ClientId") or ALL_CLIENTS,
            css=shape.get("CSS") or "",
            css_version=shape.get("CSSVersion") or "",
            image_url=shape.get("ImageUrl") or "",
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
        )


#: The ClientId of the pool's default classic hosted UI customization (API reference,
#: SetUICustomization).
ALL_CLIENTS = "ALL"


def branding_of_client(*, pool_id: str, client_id: str) -> Branding | None:
    """The app client's branding style as DescribeManagedLoginBrandingByClient gives it
    (one call: its ID, UseCognitoProvidedValues, Settings, Assets, dates); None when
    the client has none (ResourceNotFoundException). Raises the CognitoError family as
    `transport.call` does."""
    found = unless_missing(
        lambda: call(
            "DescribeManagedLoginBrandingByClient",
            region=region_of(pool_id),
            UserPoolId=pool_id,
            ClientId=client_id,
        )
    )
    shape = (found or {}).get("ManagedLoginBranding") or {}
    if not shape.get("ManagedLoginBrandingId"):
        return None
    return Branding.from_shape(client_id, shape)


def branding_get(*, pool_id: str, client_id: str, branding_id: str) -> Branding | None:
    """Branding style `branding_id` of app client `client_id`, described in full by its
    ID (DescribeManagedLoginBranding); None when it no longer exists
    (ResourceNotFoundException). Raises the CognitoError family as `transport.call`
    does."""
    detail = unless_missing(
        lambda: call(
            "DescribeManagedLoginBranding",
            region=region_of(pool_id),
            UserPoolId=pool_id,
            ManagedLoginBrandingId=branding_id,
        )
    )
    if detail is None:
        return None
    return Branding.from_shape(client_id, detail.get("ManagedLoginBranding") or {})


def branding_by_client(*, pool_id: str, client_id: str) -> Branding | None:
    """The app client's branding style, described in full
    (DescribeManagedLoginBrandingByClient for its ID, then DescribeManagedLoginBranding);
    None when the client has none. Raises the CognitoError family as `transport.call`
    does."""
    found = branding_of_client(pool_id=pool_id, client_id=client_id)
    if found is None:
        return None
    return branding_get(pool_id=pool_id, client_id=client_id, branding_id=found.id)


def ui_customization_get(*, pool_id: str, client_id: str = ALL_CLIENTS) -> UICustomization | None:
    """The classic hosted UI customization (GetUICustomization) of the pool
    (`client_id` ALL, sent without a ClientId) or of an app client: Cognito answers the
    client's own or, when it has none, the pool's (then `client_id` of the record is
    ALL). None when neither is set (Cognito answers an empty UICustomization). Raises
    NotFound for an unknown pool or app client, and the rest of the CognitoError family
    as `transport.call` does. Source: API reference, GetUICustomization."""
    params: dict[str, Any] = {"UserPoolId": pool_id}
    if client_id != ALL_CLIENTS:
        params["ClientId"] = client_id
    reply = call("GetUICustomization", region=region_of(pool_id), **params)
    shape = reply.get("UICustomization") or {}
    if not (shape.get("CSS") or shape.get("ImageUrl")):
        return None
    return UICustomization.from_shape(shape)


def terms_list(*, pool_id: str) -> tuple[Terms, ...]:
    """The pool's terms documents, at most TERMS_MAX (ListTerms, then DescribeTerms of
    each for its app client and links), oldest first as Cognito lists them. Raises the
    CognitoError family as `transport.call` does."""
    region = region_of(pool_id)
    listed = []
    for item in every_item("ListTerms", region=region, items_key="Terms", UserPoolId=pool_id):
        listed.append(item)
        if len(listed) >= TERMS_MAX:
            break
    found = []
    for item in listed:
        try:
            reply = call(
                "DescribeTerms", region=region, UserPoolId=pool_id, TermsId=item["TermsId"]
            )
        except errors.NotFound:
            continue  # deleted between the list and the describe
        found.append(Terms.from_shape(reply.get("Terms") or {}))
    return tuple(found)
