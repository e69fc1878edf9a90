"""A user pool's whole configuration as one document: what the configuration history
(pools.history) keeps and diffs, and what Compare (pools.compare) lays side by side.

The document is read fresh from Cognito with the service layer's own functions, and
holds only configuration: what changes without anyone changing a setting (the
estimated number of users, the last-modified dates, a domain's status, the delivery
failures Cognito reports) is left out, so two reads of an unchanged pool give the same
document, byte for byte, and the same digest.

Sections (each a JSON object; `KEYED` sections are keyed by a name, so two documents
are matched item by item):

- "pool": DescribeUserPool's UserPool (Schema keyed by attribute name);
- "mfa": GetUserPoolMfaConfig (mode, SMS, TOTP, email, passkeys);
- "risk": the pool's DescribeRiskConfiguration, only when its threat protection is on
  (Cognito refuses the call otherwise);
- "log_delivery": GetLogDeliveryConfiguration, keyed by event source;
- "domains": DescribeUserPoolDomain of each domain, keyed "prefix" / "custom";
- "clients": every app client (ListUserPoolClients + DescribeUserPoolClient), keyed by
  ClientName ("name (2)" for a second client of the same name, by client ID), with the
  IDs and creation dates of its secrets (ListUserPoolClientSecrets) but never a secret:
  ClientSecret is dropped at once;
- "groups": every group (ListGroups): description, precedence, IAM role ARN;
- "providers": every identity provider (ListIdentityProviders +
  DescribeIdentityProvider), ProviderDetails' secrets (client_secret, private_key)
  redacted by the audit log's rule (console.audit.redact);
- "resource_servers": every resource server (ListResourceServers), scopes keyed by name.

Cost (`PoolConfiguration.calls`): DescribeUserPool, GetUserPoolMfaConfig,
GetLogDeliveryConfiguration, ListGroups, ListIdentityProviders, ListResourceServers and
ListUserPoolClients (one each, a page of 60), plus one DescribeUserPoolClient per app
client, one ListUserPoolClientSecrets per client that has a secret, one
DescribeIdentityProvider per provider, one DescribeUserPoolDomain per domain and one
DescribeRiskConfiguration when threat protection is on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import errors
from .app_clients import client_descriptions, client_secret_list
from .domains import domain_list
from .groups import group_list_all
from .log_delivery import log_delivery_get
from .mfa import mfa_config_get
from .pools import pool_get
from .providers import provider_get
from .resource_servers import server_all
from .risk import risk_configuration_get
from .transport import every_item, recording_calls, region_of

#: The sections keyed by item name (matched item by item); the others are one object.
KEYED = ("log_delivery", "domains", "clients", "groups", "providers", "resource_servers")
#: Every section, in the order pages show them.
SECTIONS = ("pool", "mfa", "risk", *KEYED)

#: DescribeUserPool members that change without a configuration change (or say nothing
#: about it): the user count estimate, dates, the deprecated Status, and the delivery
#: problems Cognito reports about SES/SNS.
POOL_VOLATILE = frozenset(
    {
        "EstimatedNumberOfUsers",
        "LastModifiedDate",
        "CreationDate",
        "Status",
        "SmsConfigurationFailure",
        "EmailConfigurationFailure",
    }
)
#: DescribeUserPoolClient members left out: the secret itself (never kept), the dates
#: and the pool's ID.
CLIENT_LEFT_OUT = frozenset({"ClientSecret", "CreationDate", "LastModifiedDate", "UserPoolId"})
#: DescribeUserPoolDomain members left out: its status (CREATING, ACTIVE...) moves by
#: itself; the pool and account IDs are the pool's.
DOMAIN_LEFT_OUT = frozenset({"Status", "UserPoolId", "AWSAccountId"})
#: DescribeIdentityProvider members left out.
PROVIDER_LEFT_OUT = frozenset({"CreationDate", "LastModifiedDate", "UserPoolId"})


@dataclass(frozen=True)
class PoolConfiguration:
    """One read of a pool's configuration.

    `document`: the sections above (plain JSON values); `text`: the document as
    canonical JSON (sorted keys, no spaces, UTF-8 as is); `digest`: the sha256 of
    `text`, hex. Two reads of an unchanged pool have the same digest. `calls`: the
    Cognito operations the read made, in order.
    """

    pool_id: str
    pool_name: str
    region: str
    document: Mapping[str, Any] = field(repr=False)
    text: str = field(repr=False)
    digest: str
    calls: tuple[str, ...] = ()


def canonical(document: Mapping[str, Any]) -> str:
    """`document` as canonical JSON: sorted keys, compact separators, non-ASCII kept;
    datetimes in ISO 8601."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def digest_of(text: str) -> str:
    """The sha256 of canonical JSON `text`, 64 hex digits."""
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


def _json(value: Any) -> Any:
    """A deep copy of `value` made of plain JSON values (records hold FrozenDicts,
    tuples and datetimes)."""
    return json.loads(json.dumps(value, default=_plain))


def configuration_get(*, pool_id: str) -> PoolConfiguration:
    """The pool's whole configuration, read fresh from Cognito (no cached metadata).

    Raises errors.NotFound when the pool does not exist, and the rest of the
    CognitoError family as the reads raise it (errors.RoleRefused for a connection
    whose role cannot be assumed). A client or provider deleted between its list and
    its describe is left out (it is gone).
    """
    with recording_calls() as calls:
        pool = pool_get(pool_id=pool_id, fresh=True)
        raw = _json(pool.raw)
        document = {
            "pool": _pool_section(raw),
            "mfa": _mfa_section(pool_id),
            "risk": _risk_section(pool_id, raw),
            "log_delivery": _log_section(pool_id),
            "domains": _domain_section(pool_id, pool.raw),
            "clients": _client_section(pool_id),
            "groups": _group_section(pool_id),
            "providers": _provider_section(pool_id),
            "resource_servers": _server_section(pool_id),
        }
    document = _json(document)
    text = canonical(document)
    return PoolConfiguration(
        pool_id=pool_id,
        pool_name=pool.name,
        region=region_of(pool_id),
        document=document,
        text=text,
        digest=digest_of(text),
        calls=tuple(calls),
    )


def _pool_section(raw: Mapping[str, Any]) -> dict:
    kept = {k: v for k, v in raw.items() if k not in POOL_VOLATILE}
    schema = kept.pop("SchemaAttributes", None)
    if schema is not None:
        kept["SchemaAttributes"] = {a.get("Name", ""): a for a in schema}
    return kept


def _mfa_section(pool_id: str) -> dict:
    return dict(mfa_config_get(pool_id=pool_id, fresh=True).raw)


def _risk_section(pool_id: str, raw: Mapping[str, Any]) -> dict:
    """The pool's risk configuration; {} when threat protection is off (Cognito keeps
    none then: DescribeRiskConfiguration answers UserPoolAddOnNotEnabledException)."""
    mode = (raw.get("UserPoolAddOns") or {}).get("AdvancedSecurityMode") or "OFF"
    if mode == "OFF":
        return {}
    try:
        return dict(risk_configuration_get(pool_id=pool_id).raw)
    except (errors.ThreatProtectionOff, errors.NotInPlan):
        return {}


def _log_section(pool_id: str) -> dict:
    return {c.source: dict(c.raw) for c in log_delivery_get(pool_id=pool_id).configs}


def _domain_section(pool_id: str, raw_pool: Mapping[str, Any]) -> dict:
    return {
        "custom" if d.custom else "prefix": {
            k: v for k, v in d.raw.items() if k not in DOMAIN_LEFT_OUT
        }
        for d in domain_list(pool_id=pool_id, raw_pool=raw_pool)
    }


def _client_section(pool_id: str) -> dict:
    clients: dict[str, dict] = {}
    try:
        described = list(client_descriptions(pool_id=pool_id))
    except errors.NotFound:  # a client deleted mid-read: read the list again, once
        described = list(client_descriptions(pool_id=pool_id))
    for shape in sorted(described, key=lambda s: (s.get("ClientName", ""), s["ClientId"])):
        had_secret = bool(shape.get("ClientSecret"))
        kept = {k: v for k, v in shape.items() if k not in CLIENT_LEFT_OUT}
        if had_secret:
            kept["ClientSecrets"] = _secret_ids(pool_id, shape["ClientId"])
        clients[_unique(clients, shape.get("ClientName", ""))] = kept
    return clients


def _secret_ids(pool_id: str, client_id: str) -> list[dict]:
    """The client's secrets without their values: ID and creation date."""
    try:
        found = client_secret_list(pool_id=pool_id, client_id=client_id)
    except errors.NotFound:
        return []
    return [{"ClientSecretId": s.id, "ClientSecretCreateDate": s.created} for s in found]


def _unique(taken: Mapping[str, Any], name: str) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def _group_section(pool_id: str) -> dict:
    return {
        g.name: {"Description": g.description, "Precedence": g.precedence, "RoleArn": g.role_arn}
        for g in group_list_all(pool_id=pool_id, fresh=True)
    }


def _provider_section(pool_id: str) -> dict:
    from console.audit import redact  # the audit log's rule, one for both

    providers = {}
    for summary in every_item(
        "ListIdentityProviders",
        region=region_of(pool_id),
        items_key="Providers",
        UserPoolId=pool_id,
    ):
        name = summary["ProviderName"]
        try:
            provider = provider_get(pool_id=pool_id, name=name)
        except errors.NotFound:  # deleted between the list and its describe
            continue
        details = dict(provider.details)
        details.update({k: "set" for k in provider.secrets})
        providers[name] = {
            "ProviderType": provider.type,
            "ProviderDetails": redact(
                {"ProviderDetails": details}, operation="UpdateIdentityProvider"
            )["ProviderDetails"],
            "AttributeMapping": dict(provider.mapping),
            "IdpIdentifiers": list(provider.identifiers),
        }
    return providers


def _server_section(pool_id: str) -> dict:
    return {
        s.identifier: {
            "Name": s.name,
            "Scopes": {scope.name: scope.description for scope in s.scopes},
        }
        for s in server_all(pool_id=pool_id, fresh=True)
    }
