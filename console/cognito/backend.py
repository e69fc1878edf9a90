"""What the console is talking to, for the banner on every page."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from . import errors
from .transport import call, quick


@dataclass(frozen=True)
class BackendInfo:
    label: str
    is_production: bool
    detail: str = ""


def backend_info() -> BackendInfo:
    """A label for the backend: the configured one, or the AWS Region(s) and account."""
    regions = ", ".join(settings.COGNITO_REGIONS)
    if settings.COGNITO_BACKEND_LABEL:
        return BackendInfo(label=settings.COGNITO_BACKEND_LABEL, is_production=False)
    if settings.COGNITO_ENDPOINT_URL:
        return BackendInfo(
            label=f"Endpoint {settings.COGNITO_ENDPOINT_URL}",
            is_production=False,
            detail=f"Region {regions}",
        )
    account = cache.get("cognito:account")
    if account is None:
        try:
            account = call(
                "GetCallerIdentity", region=settings.COGNITO_REGIONS[0], service="sts"
            ).get("Account", "")
        except errors.CognitoError:
            account = ""
        cache.set("cognito:account", account, 300 if account else 30)
    label = f"AWS {regions}" + (f" · account {account}" if account else "")
    return BackendInfo(label=label, is_production=True)


def backend_ping(*, within: float | None = None) -> tuple[bool, str]:
    """Whether Cognito answers a cheap read, and what went wrong if not; with `within`
    (seconds), an answer that takes longer (one attempt, no retry) counts as none."""
    problem = backend_problem(within=within)
    return (True, "") if problem is None else (False, problem.message)


def backend_problem(*, within: float | None = None) -> errors.CognitoError | None:
    """None when Cognito answers a cheap read (ListUserPools, one pool), else the
    error: a `NoCredentials`/`NotAuthorized` one when this process cannot use Cognito at
    all, `Unavailable` when Cognito is out of reach. `within`: as `backend_ping`."""
    try:
        with quick(within) if within is not None else contextlib.nullcontext():
            call("ListUserPools", region=settings.COGNITO_REGIONS[0], MaxResults=1)
    except errors.CognitoError as exc:
        return exc
    return None
