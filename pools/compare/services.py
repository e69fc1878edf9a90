"""Compare two pools side by side, in one AWS account or across accounts (staging
against production): every setting, app client, group, identity provider, domain,
log delivery and resource server, the differences marked.

Each side is a connection and a pool (`"<connection slug>:<pool ID>"`), read with
console.cognito.configuration in its connection's account (`accounts.using`). A pool
the person may not see (console.roles.may_see) is refused (PermissionDenied, 403); a
side that cannot be read (a connection whose role cannot be assumed, a pool that is
gone) is a message on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied

from console.cognito import CognitoError
from console.cognito.accounts import using
from console.cognito.configuration import PoolConfiguration, configuration_get
from console.cognito.pools import pool_list_all
from console.connections.models import Connection
from console.connections.services import every_connection
from console.roles import grants_of, may_see
from pools.history.diff import Row, compare_documents

#: Members that name the pool or item rather than configure it: they always differ
#: between two pools, so Compare leaves them out (the page's heading names each pool).
IDENTITY = {
    "pool": ("Id", "Arn"),
    "clients": ("ClientId",),
    "domains": ("CloudFrontDistribution", "S3Bucket"),
}


def side_value(connection: str, pool_id: str) -> str:
    """The form's value of a pool: "<connection slug>:<pool ID>"."""
    return f"{connection}:{pool_id}"


@dataclass(frozen=True)
class Choices:
    """The pools a person may see, by connection: [(connection name, [(value, label)])],
    and a sentence for each connection whose pools could not be listed."""

    groups: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def flat(self) -> list[tuple[str, str]]:
        return [choice for _, choices in self.groups for choice in choices]


def _may_look(user, connection: Connection) -> bool:
    """Whether listing the connection's pools can show the person anything."""
    if may_see(user, connection.slug):
        return True
    return any(
        slug == connection.slug and pool_id and role != "none"
        for (slug, pool_id), role in grants_of(user).items()
    )


def pool_choices(user) -> Choices:
    """Every pool `user` may see, across every connection (each listed in its account,
    cached briefly by pool_list_all). A connection that cannot be listed (its role
    cannot be assumed, its account refuses) is named in `problems`, not raised."""
    groups, problems = [], []
    for connection in every_connection():
        if not _may_look(user, connection):
            continue
        try:
            with using(connection.account()):
                pools = pool_list_all()
        except CognitoError as exc:
            problems.append(f"The pools of “{connection.name}” could not be listed: {exc.message}")
            continue
        choices = [
            (side_value(connection.slug, p.id), f"{p.name} ({p.id})")
            for p in pools
            if may_see(user, connection.slug, p.id)
        ]
        if choices:
            groups.append((f"{connection.name} ({connection.slug})", choices))
    return Choices(groups=groups, problems=problems)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its connection, pool ID, and either the configuration
    read or the `problem` that kept it from being read."""

    connection: Connection
    pool_id: str
    configuration: PoolConfiguration | None = None
    problem: str = ""

    @property
    def name(self) -> str:
        found = self.configuration.pool_name if self.configuration else self.pool_id
        return f"{found} · {self.connection.name}"


@dataclass(frozen=True)
class Comparison:
    """Two sides, and their rows when both were read (every setting, or only the
    differences when `only_differences`)."""

    a: Side
    b: Side
    rows: list[Row]
    only_differences: bool

    @property
    def ready(self) -> bool:
        return self.a.configuration is not None and self.b.configuration is not None

    @property
    def difference_count(self) -> int:
        return sum(1 for r in self.rows if r.differs)


def _read(user, connection: Connection, pool_id: str) -> Side:
    if not may_see(user, connection.slug, pool_id):
        raise PermissionDenied(
            f"You have no role on pool {pool_id} of “{connection.name}”, so it cannot be compared."
        )
    try:
        with using(connection.account()):
            return Side(connection, pool_id, configuration=configuration_get(pool_id=pool_id))
    except CognitoError as exc:
        return Side(
            connection,
            pool_id,
            problem=f"Pool {pool_id} of “{connection.name}” could not be read: "
            f"{exc.message} {exc.advice}".strip(),
        )


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """A document without the members that name its pool or items (IDENTITY), an app
    client's secrets counted rather than listed."""
    out = {section: value for section, value in document.items()}
    out["pool"] = {
        k: v for k, v in (document.get("pool") or {}).items() if k not in IDENTITY["pool"]
    }
    for section in ("clients", "domains"):
        out[section] = {
            name: {k: v for k, v in item.items() if k not in IDENTITY[section]}
            for name, item in (document.get(section) or {}).items()
        }
    for item in out["clients"].values():
        if "ClientSecrets" in item:
            item["ClientSecrets"] = len(item["ClientSecrets"])
    return out


def compare(user, form) -> Comparison | None:
    """The comparison the bound CompareForm `form` asks for; None when the form is
    unbound or invalid (its errors say why). Raises PermissionDenied for a pool the
    person may not see; a side that cannot be read carries its problem."""
    if not form.is_valid():
        return None
    (ca, pa), (cb, pb) = form.cleaned_data["a"], form.cleaned_data["b"]
    a, b = _read(user, ca, pa), _read(user, cb, pb)
    only = bool(form.cleaned_data.get("only"))
    rows: list[Row] = []
    if a.configuration is not None and b.configuration is not None:
        rows = compare_documents(
            comparable(a.configuration.document),
            comparable(b.configuration.document),
            every=not only,
        )
    return Comparison(a=a, b=b, rows=rows, only_differences=only)
