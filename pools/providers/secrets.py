"""A typed provider secret carried across the form's round trips ("More rows", a
form error, the review and "Back to the form") without its plain text in the page.

The write-only ProviderDetails (`client_secret`, Apple's `private_key`) are never
rendered back into a form field (a password box stays empty). So that a secret the
person typed is not lost (a new provider created without it, or an edit that keeps
the old secret while the person believes they rotated it), the POST's typed secrets
are moved into one hidden field, `KEPT`, encrypted with Fernet (AES-128-CBC and an
HMAC, `cryptography`): the key is derived from SECRET_KEY with a salt of the pool and
the provider (or the new provider's type), so a token opens only on the page it was
made for, and it expires after `MAX_AGE` seconds.
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import salted_hmac

from console.cognito.providers import SECRET_DETAILS

#: The hidden field that carries the typed secrets.
KEPT = "kept_secrets"
#: A token older than this (seconds) is refused: the person types the secret again.
MAX_AGE = 4 * 3600
STALE = (
    "The secret you typed earlier could not be kept (the page is too old or was "
    "altered): type it again."
)


def salt(pool_id: str, provider: str) -> str:
    """The salt of one page: the pool and the provider's name (an edit) or "new:<type>"."""
    return f"{pool_id}|{provider}"


def _fernet(page: str) -> Fernet:
    digest = salted_hmac(
        "pools.providers.secrets", page, secret=settings.SECRET_KEY, algorithm="sha256"
    ).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secrets: dict[str, str], page: str) -> str:
    """The Fernet token of `secrets` ({detail key: typed value}) for the page salt
    `page`; "" when there is nothing to keep."""
    if not secrets:
        return ""
    return _fernet(page).encrypt(json.dumps(secrets).encode()).decode()


def opened(token: str | None, page: str) -> tuple[dict[str, str], str]:
    """({detail key: value}, problem) of a token: ({}, "") for none, ({}, STALE) for
    one that is expired, altered or made for another page."""
    if not token:
        return {}, ""
    try:
        raw = _fernet(page).decrypt(token.encode(), ttl=MAX_AGE)
        kept = json.loads(raw)
    except (InvalidToken, ValueError):
        return {}, STALE
    return {k: str(v) for k, v in kept.items() if k in SECRET_DETAILS and v}, ""


def sealed_post(post, page: str):
    """A copy of `post` (a QueryDict, or None) whose typed secrets are moved into the
    KEPT token (merged over the secrets it already carried): the review page carries
    every POST field as hidden fields, so no secret is left in plain text there."""
    if post is None:
        return None
    typed = {k: post.get(k) for k in SECRET_DETAILS if post.get(k)}
    if not typed:
        return post
    kept, _problem = opened(post.get(KEPT), page)
    post = post.copy()
    for key in typed:
        post.pop(key, None)
    post[KEPT] = seal({**kept, **typed}, page)
    return post
