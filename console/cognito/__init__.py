"""The service layer: the only code in the project that talks to AWS.

Functions are named `<entity>_<action>`, take keyword-only arguments and return the
typed records of `records`. Every failure is a `CognitoError` (see `errors`); every
write records an AuditEvent (see `transport.write`).
"""

from .errors import (
    AlreadyExists,
    CognitoError,
    InvalidInput,
    LimitExceeded,
    NoCredentials,
    NotAuthorized,
    NotFound,
    NotSupported,
    Refused,
    Throttled,
    Unavailable,
)
from .records import Client, ClientSummary, Group, ImportJob, Page, Pool, PoolSummary, User

__all__ = [
    "AlreadyExists",
    "Client",
    "ClientSummary",
    "CognitoError",
    "Group",
    "ImportJob",
    "InvalidInput",
    "LimitExceeded",
    "NoCredentials",
    "NotAuthorized",
    "NotFound",
    "NotSupported",
    "Page",
    "Pool",
    "PoolSummary",
    "Refused",
    "Throttled",
    "Unavailable",
    "User",
]
