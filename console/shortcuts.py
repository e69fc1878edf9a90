"""The one pool lookup of every /pools/<pool_id>/ page.

A malformed pool ID never reaches a view (the middleware answers it with the same
404 page everywhere, console.middleware.CognitoErrorMiddleware); a well-formed ID that
names no pool is answered here, the same way on every tab: errors.NotFound, which the
middleware renders as a 404 page that says which pool and where it was looked for.
"""

from __future__ import annotations

from .cognito import errors
from .cognito.accounts import current
from .cognito.pools import pool_get
from .cognito.records import Pool
from .cognito.transport import region_of


def pool_or_404(pool_id: str, *, fresh: bool = False) -> Pool:
    """The pool `pool_id` names, from DescribeUserPool (cached unless `fresh`).

    Raises errors.NotFound ("No user pool … in …", a 404 page) when Cognito has no
    such pool, errors.InvalidPoolId for a malformed ID, and any other CognitoError
    (throttling, an outage) as the service layer raises it.
    """
    try:
        return pool_get(pool_id=pool_id, fresh=fresh)
    except errors.NotFound as exc:
        account = current()
        where = (
            "for these AWS credentials"
            if account.is_default
            else f"in the connection “{account.name}”"
            + (f" (account {account.account_id})" if account.account_id else "")
        )
        raise errors.reworded(
            exc,
            f"No user pool {pool_id} in {region_of(pool_id)} {where}. Another account's "
            "pools are under their own connection: open the pool from the pool list.",
        ) from exc
