"""Which AWS account the service layer talks to: the current connection's.

The console reaches pools in several AWS accounts. Each is a *connection*
(console.connections: a name, the account ID, a role to assume, the Regions to list).
The service layer does not take the account as an argument of every function: the
request (console.connections.middleware, from the URL's `/c/<connection>/` prefix),
the background job (console.jobs, from the job's record) or the code that spans
accounts (the pool list, compare) says which one with `using(account)`, and every
call made inside the block goes to that account:

- `transport.client_for` builds the account's botocore client: the standard
  credential chain for the default connection, or credentials of the assumed role
  (STS AssumeRole with the external ID), refreshed by botocore before they expire;
- the quota's buckets are the account's (`quota.account_id`);
- cached metadata is the account's (`cachekeys.metadata_key`);
- audit events record the connection and the account ID (`console.audit`).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

DEFAULT_KEY = "default"


@dataclass(frozen=True)
class Account:
    """Where calls go: one connection's account.

    key: the connection's slug ("default" for the standard credential chain);
    role_arn: the IAM role to assume ("" for none: the standard chain's own identity);
    external_id: the AssumeRole external ID ("" for none);
    account_id: the 12-digit account ID when known ("" lets STS say);
    regions: the Regions whose pools are listed (() for settings.COGNITO_REGIONS);
    name: the connection's name, for messages.
    """

    key: str = DEFAULT_KEY
    role_arn: str = ""
    external_id: str = ""
    account_id: str = ""
    regions: tuple[str, ...] = ()
    name: str = "Default"

    @property
    def is_default(self) -> bool:
        return self.key == DEFAULT_KEY and not self.role_arn


DEFAULT = Account()

_current: contextvars.ContextVar[Account] = contextvars.ContextVar(
    "cognito_account", default=DEFAULT
)


def current() -> Account:
    """The account calls made now go to (DEFAULT outside any `using` block)."""
    return _current.get()


@contextlib.contextmanager
def using(account: Account) -> Iterator[Account]:
    """Send every call made inside the block to `account`. Blocks nest."""
    token = _current.set(account)
    try:
        yield account
    finally:
        _current.reset(token)


def regions() -> tuple[str, ...]:
    """The Regions whose pools the current account's lists span: its own, or
    settings.COGNITO_REGIONS for an account that names none."""
    return current().regions or tuple(settings.COGNITO_REGIONS)
