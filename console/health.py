"""Readiness: can this replica serve staff now (its database and Cognito answer)?

/healthz (liveness) asks nothing of either; /readyz asks both, through readiness()
here. Cognito's answer is kept for READINESS_CACHE_SECONDS in the console's cache,
under this host's name: the web processes of one replica (gunicorn's workers) share it,
so a load balancer polling every second costs one cheap read (ListUserPools, one pool)
per replica every few seconds, out of the account's shared quota, not one a poll.
"""

from __future__ import annotations

import logging
import socket

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .cognito.backend import backend_ping

log = logging.getLogger(__name__)


def database_ok() -> bool:
    """True when the default database answers `SELECT 1`; a failure is logged."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        log.warning("Readiness: the database does not answer", exc_info=True)
        return False
    return True


def _cache_key() -> str:
    endpoint = settings.COGNITO_ENDPOINT_URL or "aws"
    return f"console:readyz:{socket.gethostname()}:{endpoint}:{','.join(settings.COGNITO_REGIONS)}"


def cognito_ok() -> bool:
    """True when Cognito answered backend_ping() within the last
    READINESS_CACHE_SECONDS (seconds, from settings); the answer kept is reused, a
    failed one as long as a good one, and a failure is logged.

    The answer is kept in the default cache, keyed by host name, endpoint and Regions.
    When the cache itself fails (a database cache with the database down), Cognito is
    asked every time: readiness never fails for the cache's sake.
    """
    key = _cache_key()
    try:
        kept = cache.get(key)
    except Exception:  # the cache is the database, or Redis, and may be down
        kept = None
    if kept is not None:
        return kept
    ok, problem = backend_ping(within=settings.READINESS_TIMEOUT)
    if not ok:
        log.warning("Readiness: Cognito does not answer: %s", problem)
    try:
        cache.set(key, ok, timeout=settings.READINESS_CACHE_SECONDS)
    except Exception:
        log.warning("Readiness: Cognito's answer could not be cached", exc_info=True)
    return ok


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, report): ready when the database and Cognito both answer; the report
    says "ok" or "unreachable" for each, under "database" and "cognito". The details
    of a failure go to the log, not to the report, which anyone may read."""
    parts = {
        "database": "ok" if database_ok() else "unreachable",
        "cognito": "ok" if cognito_ok() else "unreachable",
    }
    ready = all(value == "ok" for value in parts.values())
    return ready, {"status": "ready" if ready else "unready", **parts}
