"""The log delivery section's steps: what the page shows (one row per event source,
with its plan note) and the reviewed edit of one source (SetLogDeliveryConfiguration,
the other source sent back as Cognito holds it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from console.cognito.log_delivery import (
    LEVEL_OF,
    SOURCE_WORDS,
    SOURCES,
    LogConfig,
    LogDelivery,
    log_delivery_get,
    log_delivery_preview,
    log_delivery_update,
)
from console.cognito.records import Pool
from console.shortcuts import pool_or_404
from pools.plans import plan_problem
from pools.pool_settings import ThreatProtection
from pools.services import Edit, reviewed_edit

from .forms import LogForm

#: What each source's logs hold, for the page.
SOURCE_HELP = {
    "userNotification": "Errors Cognito met sending email and SMS messages (level ERROR).",
    "userAuthEvents": (
        "Threat protection's record of each user's sign-in and other activity (level INFO); "
        "produced only while threat protection is on."
    ),
}


@dataclass(frozen=True)
class SourceRow:
    """One row of the page: an event source, its configuration (None: not exported)
    and why the pool's plan cannot export it ("" when it can)."""

    source: str
    words: str
    help: str
    level: str
    config: LogConfig | None
    problem: str


def log_page(pool_id: str) -> tuple[Pool, LogDelivery]:
    """The pool (fresh: its plan decides what can be exported) and its log delivery.
    NotFound for no such pool."""
    return pool_or_404(pool_id, fresh=True), log_delivery_get(pool_id=pool_id)


def rows(pool: Pool, delivery: LogDelivery) -> list[SourceRow]:
    """Both event sources, exported or not, each with its plan note."""
    plan = ThreatProtection.of(pool.raw).plan
    return [
        SourceRow(
            source=source,
            words=SOURCE_WORDS[source],
            help=SOURCE_HELP[source],
            level=LEVEL_OF[source],
            config=delivery.of(source),
            problem=plan_problem(plan, "auth_event_export") if source == "userAuthEvents" else "",
        )
        for source in SOURCES
    ]


def log_form(pool: Pool, delivery: LogDelivery, source: str, post) -> LogForm:
    """The edit form of `source` (Http404 for a source Cognito does not have)."""
    if source not in SOURCES:
        raise Http404("No such event source.")
    plan = ThreatProtection.of(pool.raw).plan
    account = (pool.arn or "").split(":")[4:5]  # arn:aws:cognito-idp:<Region>:<account>:...
    return LogForm(
        post,
        pool_id=pool.id,
        source=source,
        current=delivery.of(source),
        plan=plan,
        account=account[0] if account else "",
    )


def edit_source(pool: Pool, form: LogForm, post) -> Edit:
    """One request of the reviewed edit of `form.source`'s configuration."""
    return reviewed_edit(
        form,
        post,
        save=lambda changes, expected: log_delivery_update(
            pool_id=pool.id, source=form.source, entry=changes["entry"], expected=expected
        ),
        preview=lambda changes: log_delivery_preview(
            pool_id=pool.id, source=form.source, entry=changes["entry"]
        ),
    )
