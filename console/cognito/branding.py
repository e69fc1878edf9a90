"""Managed login branding styles and terms documents of a user pool, read only
(DescribeManagedLoginBrandingByClient, DescribeManagedLoginBranding, ListTerms,
DescribeTerms).

Each app client has at most one branding style (ManagedLoginBrandingType: an ID,
UseCognitoProvidedValues, a Settings JSON document and image Assets, dates); a client
without one answers ResourceNotFoundException, here None. Terms documents
(TermsType) are links to an app client's terms of use or privacy policy, per
language, shown on managed login's sign-up page. Sources: API reference for each
operation, ManagedLoginBrandingType, AssetType, TermsType; developer guide, "Apply
branding to managed login pages", "Terms documents".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import errors
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


def branding_by_client(*, pool_id: str, client_id: str) -> Branding | None:
    """The app client's branding style, described in full
    (DescribeManagedLoginBrandingByClient then DescribeManagedLoginBranding); None when
    the client has none (ResourceNotFoundException of the first call). Raises the
    CognitoError family as `transport.call` does."""
    region = region_of(pool_id)
    try:
        found = call(
            "DescribeManagedLoginBrandingByClient",
            region=region,
            UserPoolId=pool_id,
            ClientId=client_id,
        )
    except errors.NotFound:
        return None
    branding_id = (found.get("ManagedLoginBranding") or {}).get("ManagedLoginBrandingId")
    if not branding_id:
        return None
    detail = call(
        "DescribeManagedLoginBranding",
        region=region,
        UserPoolId=pool_id,
        ManagedLoginBrandingId=branding_id,
    )
    return Branding.from_shape(client_id, detail.get("ManagedLoginBranding") or {})


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
