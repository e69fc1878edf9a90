"""The threat protection section's steps: what the page shows (the pool's plan and mode,
its risk configuration, its app clients with theirs) and the reviewed edits
(SetRiskConfiguration for the pool or one app client; an app client back to the pool's)."""

from __future__ import annotations

from dataclasses import dataclass

from console.cognito import CognitoError
from console.cognito.app_clients import client_get, client_list
from console.cognito.errors import ThreatProtectionOff
from console.cognito.records import Client, Page, Pool
from console.cognito.risk import (
    RISK_LEVELS,
    RiskConfig,
    risk_configuration_get,
    risk_configuration_inherit,
    risk_configuration_update,
    risk_configuration_update_preview,
)
from console.shortcuts import pool_or_404
from pools.plans import plan_problem
from pools.pool_settings import ThreatProtection
from pools.services import Edit, confirmed_delete, reviewed_update

#: App clients a page of the section (each is described, and its configuration read).
CLIENT_PAGE = 10


@dataclass(frozen=True)
class ThreatPage:
    """What the section shows: the pool, its plan and mode (`protection`), the sentence
    that says the plan lacks threat protection ("" when it has it), and the pool's risk
    configuration (None when Cognito shows none: threat protection off, `off` says why)."""

    pool: Pool
    protection: ThreatProtection
    plan_note: str
    config: RiskConfig | None
    off: str = ""


#: What Audit mode does with the risk configuration's actions (developer guide, "Threat
#: protection": in audit-only mode Cognito rates and logs each sign-in's risk and takes
#: no action; the actions apply in full-function, Enforced, mode).
AUDIT_NOTE = (
    "Threat protection is in Audit mode: Cognito rates each sign-in's risk and records it, "
    "but takes none of the actions below (block, ask for MFA, notify) until the mode is "
    "Enforced."
)


def audit_note(page: ThreatPage) -> str:
    """AUDIT_NOTE when the pool's threat protection is in Audit mode, else ""."""
    return AUDIT_NOTE if page.protection.mode == "AUDIT" else ""


def threat_page(pool_id: str, client_id: str = "") -> ThreatPage:
    """The pool (fresh) and the risk configuration of the pool, or of the app client
    `client_id` (for a client without its own: the pool's). Cognito answers
    UserPoolAddOnNotEnabledException while threat protection is off: then `config` is
    None and `off` says why. Raises NotFound for no such pool or app client."""
    pool = pool_or_404(pool_id, fresh=True)
    protection = ThreatProtection.of(pool.raw)
    note = plan_problem(protection.plan, "threat_protection")
    try:
        config = risk_configuration_get(pool_id=pool_id, client_id=client_id)
    except ThreatProtectionOff as exc:
        off = protection.why_off or exc.details
        return ThreatPage(pool, protection, note, None, off)
    return ThreatPage(pool, protection, note, config)


@dataclass(frozen=True)
class ClientRisk:
    """An app client of the section's table: the client and whether it has its own risk
    configuration (None when it could not be read: `problem` says why)."""

    pool_id: str
    client: Client
    own: bool | None
    problem: str = ""


def client_rows(page: ThreatPage, token: str | None) -> Page[ClientRisk]:
    """A page of the pool's app clients, each with whether it has its own risk
    configuration (read only while threat protection is on: Cognito shows none else)."""
    clients = client_list(pool_id=page.pool.id, limit=CLIENT_PAGE, token=token)
    rows = []
    for client in clients.items:
        own, problem = None, ""
        if page.config is not None:
            try:
                own = risk_configuration_get(pool_id=page.pool.id, client_id=client.id).own
            except CognitoError as exc:
                problem = exc.message
        rows.append(ClientRisk(page.pool.id, client, own, problem))
    return Page(tuple(rows), clients.next_token)


def risk_client(pool_id: str, client_id: str) -> Client:
    """The app client (cached record); NotFound when the pool has none by that ID."""
    return client_get(pool_id=pool_id, client_id=client_id)


def edit_risk(pool: Pool, client_id: str, form, post) -> Edit:
    """One request of the risk configuration's reviewed edit, for the pool (`client_id`
    "") or one app client: SetRiskConfiguration with the whole configuration once the
    person confirmed the diff."""
    return reviewed_update(
        form,
        post,
        update=risk_configuration_update,
        preview=risk_configuration_update_preview,
        pool_id=pool.id,
        client_id=client_id,
    )


def inherit(pool: Pool, client_id: str, form) -> bool:
    """Remove the app client's own risk configuration once the bound confirmation `form`
    is valid (the client then uses the pool's); False, with Cognito's refusal on the
    form when there is one, otherwise."""
    return confirmed_delete(
        form, lambda: risk_configuration_inherit(pool_id=pool.id, client_id=client_id)
    )


def edit_intro(page: ThreatPage, client: Client | None) -> str:
    """What saving the edit form sends, in words, for the pool or an app client."""
    whole = (
        "The console sends the whole risk configuration with your changes, and shows you "
        "the differences first. Notification email templates are sent back as they are."
    )
    if client is None:
        return f"{whole} App clients with a configuration of their own do not use the pool's."
    if page.config is not None and not page.config.own:
        return (
            f"{whole} This app client uses the pool's configuration now: the form starts from "
            "it, and saving gives the client its own."
        )
    return f"{whole} This app client has its own configuration, used instead of the pool's."


def levels(config: RiskConfig | None) -> list[tuple[str, tuple[str, bool] | None]]:
    """Adaptive authentication by risk level, in words: (level, (action, notify) or
    None when the level has no action)."""
    from .forms import ACTION_LABELS

    if config is None:
        return []
    rows = []
    for level in RISK_LEVELS:
        found = config.action(level)
        rows.append((level, (ACTION_LABELS.get(found[0], found[0]), found[1]) if found else None))
    return rows
