"""What the console is talking to, for the banner on every page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from . import errors
from .transport import call


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


def backend_ping() -> tuple[bool, str]:
    """Whether Cognito answers a cheap read, and what went wrong if not."""
    problem = backend_problem()
    return (True, "") if problem is None else (False, problem.message)


def backend_problem() -> errors.CognitoError | None:
    """None when Cognito answers a cheap read (ListUserPools, one pool), else the
    error: a `NoCredentials`/`NotAuthorized` one when this process cannot use Cognito at
    all, `Unavailable` when Cognito is out of reach."""
    try:
        call("ListUserPools", region=settings.COGNITO_REGIONS[0], MaxResults=1)
    except errors.CognitoError as exc:
        return exc
    return None
