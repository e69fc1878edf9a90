"""The identity providers section's steps: the provider page (pool, provider and, for
SAML, the signing certificate), creating a provider, its reviewed edit, deleting it.

Each takes bound forms and returns what the view shows; a Cognito refusal is put on
the form (`pools.services.show_refusal`), so the person sees why and keeps what they
typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.cognito import CognitoError
from console.cognito.app_clients import client_list
from console.cognito.providers import (
    Provider,
    provider_create,
    provider_delete,
    provider_find,
    provider_get,
    provider_signing_certificate,
    provider_update,
    provider_update_preview,
)
from console.cognito.records import Pool
from console.cognito.transport import region_of
from console.shortcuts import pool_or_404
from console.snapshot import FIELD, seal
from pools.services import Edit, confirmed_delete, form_sent, reviewed_update

from . import secrets
from .forms import ProviderForm, detail_label


@dataclass(frozen=True)
class ProviderPage:
    """What a provider's page shows: the pool, the provider and, for a SAML provider,
    the pool's signing certificate (PEM; "" and `certificate_problem` when it could
    not be read)."""

    pool: Pool
    provider: Provider
    certificate: str = ""
    certificate_problem: str = ""
    clients: tuple[str, ...] = ()
    clients_problem: str = ""

    @property
    def detail_rows(self) -> list[tuple[str, str, str]]:
        """(the form's words, the API key, value) of each ProviderDetails key held."""
        return [(detail_label(k), k, v) for k, v in self.provider.details.items()]

    @property
    def hosts(self) -> list[str]:
        """The pool's domain hosts (DescribeUserPool's Domain: a prefix domain,
        <prefix>.auth.<region>.amazoncognito.com; CustomDomain: its own name)."""
        raw = self.pool.raw
        found = []
        if raw.get("Domain"):
            found.append(f"{raw['Domain']}.auth.{region_of(self.pool.id)}.amazoncognito.com")
        if raw.get("CustomDomain"):
            found.append(raw["CustomDomain"])
        return found

    @property
    def reply_urls(self) -> list[str]:
        """Where the provider sends users back, one per domain: a SAML provider's ACS
        URL https://<domain>/saml2/idpresponse (developer guide, "Adding and managing
        SAML identity providers in a user pool"), the OIDC and social providers'
        redirect URI https://<domain>/oauth2/idpresponse (developer guide, "Using OIDC
        identity providers with a user pool" and "Using social identity providers with
        a user pool"). Empty when the pool has no domain."""
        path = "saml2" if self.provider.type == "SAML" else "oauth2"
        return [f"https://{host}/{path}/idpresponse" for host in self.hosts]

    @property
    def sp_entity_id(self) -> str:
        """The SAML service provider's entity ID (audience) the IdP is given:
        urn:amazon:cognito:sp:<pool ID> (developer guide, "Adding and managing SAML
        identity providers in a user pool")."""
        return f"urn:amazon:cognito:sp:{self.pool.id}"

    @property
    def delete_warning(self) -> str:
        """What deleting the provider does, in words, for the delete page."""
        name = self.provider.name
        text = (
            f"Users who sign in through {name} will no longer be able to sign in through "
            "it; their user profiles stay in the pool. This cannot be undone."
        )
        if self.clients:
            text += (
                " These app clients list it among their identity providers: "
                f"{', '.join(self.clients)}. Remove it from them too."
            )
        elif self.clients_problem:
            text += f" The app clients that list it could not be read: {self.clients_problem}"
        return text


def naming_clients(pool_id: str, name: str) -> tuple[str, ...]:
    """The names of the pool's app clients whose SupportedIdentityProviders list the
    provider `name` (every page of app clients, each described, cached)."""
    found, token = [], None
    while True:
        page = client_list(pool_id=pool_id, limit=60, token=token)
        found += [
            c.name or c.id
            for c in page.items
            if name in (c.raw.get("SupportedIdentityProviders") or ())
        ]
        token = page.next_token
        if not token:
            return tuple(found)


def provider_page(
    pool_id: str, name: str, *, certificate: bool = False, clients: bool = False
) -> ProviderPage:
    """The pool (404 page when there is none) and the provider (NotFound: 404); with
    `certificate`, a SAML provider's page also reads GetSigningCertificate; with
    `clients`, the app clients that list the provider (its page and the delete page).
    A failure of either is said on the page, not raised."""
    pool = pool_or_404(pool_id)
    provider = provider_get(pool_id=pool_id, name=name)
    found: dict = {}
    if clients:
        try:
            found["clients"] = naming_clients(pool_id, name)
        except CognitoError as exc:
            found["clients_problem"] = exc.details
    if certificate and provider.type == "SAML":
        try:
            found["certificate"] = provider_signing_certificate(pool_id=pool_id)
        except CognitoError as exc:
            found["certificate_problem"] = exc.details
    return ProviderPage(pool, provider, **found)


def uploaded(post, files):
    """(post, files) for the provider form: a SAML metadata file that reads as UTF-8
    text within the model's limit is moved into the MetadataFile field (so the review
    step carries it as text); anything else is left for the form to refuse."""
    if post is None:
        return None, None
    upload = files.get("metadata_upload") if files else None
    if upload is None:
        return post, files
    limit = 131072
    raw = upload.read(limit + 1)
    upload.seek(0)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return post, files
    if len(raw) > limit:
        return post, files
    post = post.copy()
    post["MetadataFile"] = text
    return post, None


def form_data(post, files, *, page: str):
    """(post, files) for a bound provider form: an uploaded metadata file moved into
    MetadataFile (`uploaded`), the typed secrets moved into the encrypted KEPT field
    for the page salt `page` (pools.providers.secrets.salt)."""
    post, files = uploaded(post, files)
    return secrets.sealed_post(post, page), files


def create_provider(pool: Pool, form: ProviderForm) -> Provider | None:
    """CreateIdentityProvider from the bound form; None (the reason on the form) when
    the form is invalid or Cognito refused."""
    if "more_rows" in form.data:
        return None

    def send() -> Provider:
        details, mapping, identifiers = form.request_parts()
        return provider_create(
            pool_id=pool.id,
            name=form.cleaned_data["name"],
            provider_type=form.type,
            details=details,
            mapping=mapping,
            identifiers=identifiers,
        )

    made = form_sent(form, send)
    if made is None and hasattr(form, "cleaned_data"):
        name_holder(pool, form, own=form.cleaned_data.get("name", ""))
    return made


def name_holder(pool: Pool, form: ProviderForm, *, own: str) -> None:
    """After Cognito refused an identifier another provider holds (the refusal, on the
    form, names the identifier), say on the identifiers field which provider holds it:
    one GetIdentityProviderByIdentifier. `own` is the provider being made or edited."""
    refusal = f" {' '.join(str(e) for e in form.non_field_errors())} "
    if "already" not in refusal:
        return
    typed = form.cleaned_data.get("identifiers") or []
    taken = next((i for i in typed if f" {i} " in refusal), None)
    if taken is None:
        return
    try:
        holder = provider_find(pool_id=pool.id, identifier=taken)
    except CognitoError:
        return
    if holder.name != own:
        form.add_error(
            "identifiers",
            f"“{taken}” is an identifier of the provider “{holder.name}”: an identifier "
            "belongs to one provider. Remove it here, or from that provider first.",
        )


def edit_provider(pool: Pool, provider: Provider, form: ProviderForm, post) -> Edit:
    """One request of the provider's reviewed edit (pools.services.reviewed_edit),
    UpdateIdentityProvider with the whole configuration once the person confirmed the
    diff. "More rows" shows the form again with more mapping rows, nothing checked."""
    if post is not None and "more_rows" in post:
        more = ProviderForm(pool=pool, provider_type=provider.type, provider=provider, typed=post)
        return Edit("form", more, opened=post.get(FIELD) or seal(form.initial))
    edit = reviewed_update(
        form,
        post,
        update=provider_update,
        preview=provider_update_preview,
        pool_id=pool.id,
        name=provider.name,
    )
    if edit.step == "form" and hasattr(form, "cleaned_data"):
        name_holder(pool, form, own=provider.name)
    return edit


def delete_provider(provider: Provider, form) -> bool:
    """DeleteIdentityProvider once the bound ConfirmNameForm holds the provider's name;
    False (the reason on the form when Cognito refused) otherwise."""
    return confirmed_delete(
        form, lambda: provider_delete(pool_id=provider.pool_id, name=provider.name)
    )


def provider_form(pool: Pool, provider_type: str, post, files) -> ProviderForm:
    """The new-provider form of `provider_type`: bound to the POST (an upload moved
    into MetadataFile, typed secrets into the encrypted KEPT field: `form_data`), or,
    for "More rows", unbound with what was typed (the upload and the secrets too)."""
    post, files = form_data(post, files, page=secrets.salt(pool.id, f"new:{provider_type}"))
    if post is not None and "more_rows" in post:
        return ProviderForm(pool=pool, provider_type=provider_type, typed=post)
    return ProviderForm(post, files, pool=pool, provider_type=provider_type)


def find_provider(pool_id: str, form) -> Provider | None:
    """GetIdentityProviderByIdentifier for the bound FindForm; None with the reason on
    the form when it is invalid, no provider has the identifier, or Cognito refused."""
    if not form.is_valid():
        return None
    try:
        return provider_find(pool_id=pool_id, identifier=form.cleaned_data["identifier"])
    except CognitoError as exc:
        form.add_error("identifier", exc.message)
        return None
