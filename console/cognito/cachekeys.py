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
    """`cognito:<kind>:<part>:...` with each part percent-encoded (str -> str).

    A key longer than 200 characters is replaced by `cognito:<kind>:sha256:<hex digest>`
    of the encoded parts, so distinct parts never share a key.
    """
    encoded = ":".join(quote(part, safe="") for part in parts)
    key = f"cognito:{kind}:{encoded}"
    if len(key) <= _MAX:
        return key
    digest = hashlib.sha256(encoded.encode()).hexdigest()
    return f"cognito:{kind}:sha256:{digest}"
