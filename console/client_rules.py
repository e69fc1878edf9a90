"""Cognito's rules for an app client's settings, checked by the app client form before
anything is sent, in words that name the setting, the value and the rule.

Sources (the same as the emulator's, console/emulator/aws_rules.py, and
docs/emulator.md): API reference, CreateUserPoolClient —
AccessTokenValidity and IdTokenValidity 5 minutes to 1 day, RefreshTokenValidity
60 minutes to 10 years, each in its TokenValidityUnits unit; AuthSessionValidity
3 to 15 minutes; CallbackURLs / LogoutURLs / DefaultRedirectURI absolute, with no
fragment, HTTPS except http://localhost (and 127.0.0.1, [::1]), app schemes such as
myapp://example allowed, javascript: refused; AllowedOAuthFlows: client_credentials
neither with code nor implicit, and only on a client with a secret.
"""

from __future__ import annotations

import urllib.parse

from django.utils.translation import ngettext

#: Minutes in one of TokenValidityUnits' units.
UNIT_MINUTES = {"seconds": 1 / 60, "minutes": 1, "hours": 60, "days": 24 * 60}
_YEAR = 365 * 24 * 60

#: token -> (label, lowest and highest validity in minutes)
TOKEN_LIMITS = {
    "access": ("Access token validity", 5, 24 * 60),
    "id": ("ID token validity", 5, 24 * 60),
    "refresh": ("Refresh token validity", 60, 10 * _YEAR),
}
AUTH_SESSION_MINUTES = (3, 15)
_LOOPBACK = ("localhost", "127.0.0.1", "::1")
EXAMPLE_URL = "https://app.example.com/callback"


def _amount(n: float, unit: str) -> str:
    """'1 day', '2000 minutes' ('days', 'hours'... are TokenValidityUnits' names)."""
    singular = unit[:-1]
    n = int(n) if float(n).is_integer() else n
    return ngettext("%(n)s " + singular, "%(n)s " + unit, n) % {"n": n}


def _span(minutes: float) -> str:
    """A limit in the largest unit it is a whole number of: '1 day', '10 years'."""
    for size, unit in ((_YEAR, "years"), (24 * 60, "days"), (60, "hours")):
        if minutes >= size and minutes % size == 0:
            return _amount(minutes // size, unit)
    return _amount(minutes, "minutes")


def token_validity_problem(token: str, value: int | None, unit: str | None) -> str | None:
    """Why Cognito refuses `value` `unit` as the validity of `token` ('access', 'id',
    'refresh'), e.g. "ID token validity must be between 5 minutes and 1 day; 2000
    minutes is more."; None when it is allowed or not set. Unknown units count as
    minutes (the form's unit field refuses them first)."""
    if value is None:
        return None
    label, low, high = TOKEN_LIMITS[token]
    unit = unit or ("days" if token == "refresh" else "hours")
    minutes = value * UNIT_MINUTES.get(unit, 1)
    if low <= minutes <= high:
        return None
    side = "less" if minutes < low else "more"
    return (
        f"{label} must be between {_span(low)} and {_span(high)}; {_amount(value, unit)} is {side}."
    )


def auth_session_problem(minutes: int | None) -> str | None:
    """Why Cognito refuses `minutes` as AuthSessionValidity (3 to 15), or None."""
    low, high = AUTH_SESSION_MINUTES
    if minutes is None or low <= minutes <= high:
        return None
    side = "less" if minutes < low else "more"
    return (
        f"Sign-in session validity must be between {low} and {high} minutes; "
        f"{_amount(minutes, 'minutes')} is {side}."
    )


def redirect_url_problem(url: str) -> str | None:
    """Why Cognito refuses `url` as a callback, sign-out or default redirect URL, said
    for a person ("“x” is not a URL: ..."), or None."""
    shown = f"“{url}”"
    try:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return f"{shown} is not a URL: give an absolute URL, like {EXAMPLE_URL}."
    scheme = parts.scheme.lower()
    if not scheme or any(c.isspace() for c in url):
        return f"{shown} is not a URL: give an absolute URL, like {EXAMPLE_URL}."
    if scheme == "javascript":
        return f"{shown} uses the javascript: scheme, which Cognito refuses."
    if "#" in url:
        return f"{shown} has a fragment (#…), which Cognito refuses in a redirect URL."
    if scheme == "http" and host not in _LOOPBACK:
        return (
            f"{shown} uses http://, which Cognito allows only for localhost, 127.0.0.1 "
            "and [::1]: use https://."
        )
    if scheme in ("http", "https") and not host:
        return f"{shown} has no host: give an absolute URL, like {EXAMPLE_URL}."
    return None


def oauth_flow_problems(flows, *, has_secret: bool, creating: bool) -> list[str]:
    """Why Cognito refuses the AllowedOAuthFlows `flows` on a client with or without a
    secret (`creating`: the secret is still to be chosen on the form)."""
    problems = []
    if "client_credentials" in flows:
        if "code" in flows or "implicit" in flows:
            problems.append(
                "client_credentials cannot be chosen with code or implicit: use one app "
                "client for machine-to-machine access and another for people."
            )
        if not has_secret:
            problems.append(
                "client_credentials needs a client secret: tick “Generate a client secret”."
                if creating
                else "client_credentials needs a client secret, and this client has none "
                "(a secret is chosen only when a client is created): create a new app "
                "client with a secret."
            )
    return problems
