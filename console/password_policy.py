"""Check a password against a user pool's PasswordPolicy before sending it to Cognito.

The rules are Cognito's (developer guide, "Password requirements"): a minimum length
(default 8), and optionally at least one upper-case and one lower-case letter of the
basic Latin alphabet, one digit, and one of Cognito's special characters. A password
must not begin or end with a space, and is at most 256 characters (PasswordType).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import ngettext

#: Cognito's special characters (the space counts when it is neither first nor last).
SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
MAX_LENGTH = 256


def password_problems(password: str, policy: Mapping[str, Any] | None) -> list[str]:
    """What is wrong with `password` under `policy` (records.Pool.password_policy)."""
    policy = policy or {}
    problems: list[str] = []
    minimum = int(policy.get("MinimumLength") or 8)
    if len(password) < minimum:
        problems.append(
            ngettext(
                "It must be at least %(n)d character long.",
                "It must be at least %(n)d characters long.",
                minimum,
            )
            % {"n": minimum}
        )
    if len(password) > MAX_LENGTH:
        problems.append(f"It must be at most {MAX_LENGTH} characters long.")
    if password != password.strip(" ") or any(c.isspace() and c != " " for c in password):
        problems.append("It must not begin or end with a space, or hold tabs or line breaks.")
    if policy.get("RequireUppercase") and not any("A" <= c <= "Z" for c in password):
        problems.append("It needs an upper-case letter (A-Z).")
    if policy.get("RequireLowercase") and not any("a" <= c <= "z" for c in password):
        problems.append("It needs a lower-case letter (a-z).")
    if policy.get("RequireNumbers") and not any("0" <= c <= "9" for c in password):
        problems.append("It needs a digit (0-9).")
    if policy.get("RequireSymbols") and not any(c in SYMBOLS for c in password.strip(" ")):
        problems.append("It needs a special character, such as ! @ # $ % ^ & * - _ or +.")
    return problems


def describe_policy(policy: Mapping[str, Any] | None) -> str:
    """The policy in one sentence, for help text next to a password field."""
    policy = policy or {}
    minimum = int(policy.get("MinimumLength") or 8)
    parts = [
        ngettext("at least %(n)d character", "at least %(n)d characters", minimum) % {"n": minimum}
    ]
    for key, text in (
        ("RequireUppercase", "an upper-case letter"),
        ("RequireLowercase", "a lower-case letter"),
        ("RequireNumbers", "a digit"),
        ("RequireSymbols", "a special character"),
    ):
        if policy.get(key):
            parts.append(text)
    return "The pool's policy: " + ", ".join(parts) + "."
