"""The domain and managed login section's steps: what the page shows (the pool's
domains, each app client's branding style, the terms documents, the classic hosted
UI customization), one app client's branding page, creating a domain, its reviewed
edit and its deletion. Cognito's refusals go on the form."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from console.cognito.app_clients import client_get, client_list
from console.cognito.branding import (
    Branding,
    Terms,
    UICustomization,
    branding_get,
    branding_of_client,
    terms_list,
    ui_customization_get,
)
from console.cognito.domains import (
    Domain,
    domain_create,
    domain_delete,
    domain_get,
    domain_list,
    domain_update,
    domain_update_preview,
)
from console.cognito.records import Client, Pool
from console.shortcuts import pool_or_404
from pools.plans import plan_problem
from pools.pool_settings import ThreatProtection
from pools.services import Edit, confirmed_delete, form_sent, reviewed_update

from .forms import KINDS, DomainCreateForm, DomainEditForm

#: App clients whose branding the page shows: one ListUserPoolClients page.
CLIENT_PAGE = 60


@dataclass(frozen=True)
class ClientBranding:
    """One app client and its branding style (None: it has none)."""

    client: Client
    branding: Branding | None


@dataclass(frozen=True)
class DomainPage:
    """Everything the section shows. `more_clients` is True when the pool has more app
    clients than the page lists; `managed_login_note` is the plan's sentence when the
    pool's plan lacks managed login ("" when it has it)."""

    pool: Pool
    domains: tuple[Domain, ...]
    clients: tuple[ClientBranding, ...]
    more_clients: bool
    terms: tuple[Terms, ...]
    managed_login_note: str
    client_names: dict
    classic: UICustomization | None = None

    @property
    def classic_domains(self) -> tuple[Domain, ...]:
        """The domains on the classic hosted UI (ManagedLoginVersion 1), which the
        classic customization styles."""
        return tuple(d for d in self.domains if d.version == 1)

    @property
    def missing_kinds(self) -> list[tuple[str, str]]:
        """The kinds of domain the pool can still get: [(kind, words)]."""
        held = {"custom" if d.custom else "prefix" for d in self.domains}
        return [(kind, words) for kind, words in KINDS.items() if kind not in held]


def plan_of(pool: Pool) -> str:
    return ThreatProtection.of(pool.raw).plan


def domain_page(pool_id: str) -> DomainPage:
    """The pool (fresh: its Domain and CustomDomain), its domains described, the first
    CLIENT_PAGE app clients with their branding styles (one
    DescribeManagedLoginBrandingByClient each: the full detail is on each client's
    branding page), the terms documents, and, when a domain is on the classic hosted
    UI (version 1), the pool's classic customization (one GetUICustomization).
    NotFound for no such pool; the rest of the CognitoError family as raised."""
    pool = pool_or_404(pool_id, fresh=True)
    domains = domain_list(pool_id=pool_id, raw_pool=pool.raw)
    page = client_list(pool_id=pool_id, limit=CLIENT_PAGE)
    clients = tuple(
        ClientBranding(client=c, branding=branding_of_client(pool_id=pool_id, client_id=c.id))
        for c in page.items
    )
    classic = None
    if any(d.version == 1 for d in domains):
        classic = ui_customization_get(pool_id=pool_id)
    return DomainPage(
        pool=pool,
        domains=domains,
        clients=clients,
        more_clients=bool(page.next_token),
        terms=terms_list(pool_id=pool_id),
        managed_login_note=plan_problem(plan_of(pool), "managed_login"),
        client_names={c.id: c.name for c in page.items},
        classic=classic,
    )


@dataclass(frozen=True)
class BrandingPage:
    """One app client's sign-in page styles: its managed login branding style in full
    (None: it has none), its classic hosted UI customization (its own, or the pool's
    when `classic.pool_wide`; None: neither is set) and the pool's domains (which
    version each serves)."""

    pool: Pool
    client: Client
    branding: Branding | None
    classic: UICustomization | None
    domains: tuple[Domain, ...]

    @property
    def classic_domains(self) -> tuple[Domain, ...]:
        return tuple(d for d in self.domains if d.version == 1)

    @property
    def managed_domains(self) -> tuple[Domain, ...]:
        return tuple(d for d in self.domains if d.version == 2)


def branding_page(pool_id: str, client_id: str) -> BrandingPage:
    """App client `client_id`'s branding page: the pool (fresh: its domains), its domains, the
    client (NotFound when the pool has no such client: a 404 page), its branding style
    found by DescribeManagedLoginBrandingByClient and described in full by ID
    (DescribeManagedLoginBranding), and its classic customization (GetUICustomization).
    The rest of the CognitoError family as raised."""
    pool = pool_or_404(pool_id, fresh=True)
    client = client_get(pool_id=pool_id, client_id=client_id)
    found = branding_of_client(pool_id=pool_id, client_id=client_id)
    branding = None
    if found is not None:
        branding = branding_get(pool_id=pool_id, client_id=client_id, branding_id=found.id)
    return BrandingPage(
        pool=pool,
        client=client,
        branding=branding,
        classic=ui_customization_get(pool_id=pool_id, client_id=client_id),
        domains=domain_list(pool_id=pool_id, raw_pool=pool.raw),
    )


def kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        raise Http404("No such kind of domain.")
    return kind


def create_domain(pool: Pool, form: DomainCreateForm) -> Domain | None:
    """CreateUserPoolDomain from a bound form; None with the errors (or Cognito's
    refusal) on the form."""
    return form_sent(
        form,
        lambda: domain_create(
            pool_id=pool.id,
            name=form.cleaned_data["domain"],
            certificate_arn=form.cleaned_data.get("certificate_arn", ""),
            version=form.cleaned_data["version"],
        ),
    )


def domain_or_404(pool: Pool, name: str) -> Domain:
    """The pool's domain `name` (Http404 when the pool has no such domain)."""
    domain = domain_get(pool_id=pool.id, name=name)
    if domain is None:
        raise Http404("This user pool has no such domain.")
    return domain


def edit_domain(pool: Pool, form: DomainEditForm, post) -> Edit:
    """One request of the domain's reviewed edit (UpdateUserPoolDomain once confirmed)."""
    return reviewed_update(
        form,
        post,
        update=domain_update,
        preview=domain_update_preview,
        pool_id=pool.id,
        name=form.domain.name,
    )


def delete_domain(pool: Pool, domain: Domain, form) -> bool:
    """DeleteUserPoolDomain once the name was typed; False with the errors on the form."""
    return confirmed_delete(form, lambda: domain_delete(pool_id=pool.id, name=domain.name))
