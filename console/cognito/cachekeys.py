"""Cache keys for metadata read from Cognito.

IDs come from URLs, so a key may meet any text: spaces, control characters, 128-character
group names. Django's cache backends refuse or warn on such keys (memcached allows 250
printable ASCII characters, no spaces). `metadata_key()` builds a key that is safe for
every backend and still one-to-one with its parts.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

_MAX = 200  # leaves room for Django's prefix and version within memcached's 250


def metadata_key(kind: str, *parts: str) -> str:
    """`cognito:<kind>:<part>:...` with each part percent-encoded (str -> str); in a
    connection other than the default, `cognito@<connection>:<kind>:...`, so that two
    accounts' metadata (the same pool ID in both, say) never share a key.

    A key longer than 200 characters is replaced by `cognito:<kind>:sha256:<hex digest>`
    of the encoded parts, so distinct parts never share a key.
    """
    from .accounts import current

    account = current()
    prefix = "cognito" if account.is_default else f"cognito@{quote(account.key, safe='')}"
    encoded = ":".join(quote(part, safe="") for part in parts)
    key = f"{prefix}:{kind}:{encoded}"
    if len(key) <= _MAX:
        return key
    digest = hashlib.sha256(encoded.encode()).hexdigest()
    return f"{prefix}:{kind}:sha256:{digest}"
