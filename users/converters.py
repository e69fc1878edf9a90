"""A username as one URL path segment (the `cognito_username` path converter).

Usernames may hold / # ? % + @ & and any letter. In a URL a username is one path
segment: `~` and `/` are written `~7E` and `~2F` (and `.`, `..` and the names of the
fixed pages get their first character escaped the same way), then the usual
percent-encoding applies. `UsernameConverter` reverses exactly that, so every name
round-trips, and anything not in the canonical form is no match (404).
"""

import re

#: The fixed pages under /pools/<id>/users/: a user with one of these names is escaped.
FIXED = {"new", "export", "bulk"}
_ESCAPE = re.compile(r"~([0-9A-F]{2})")


class UsernameConverter:
    regex = r"[^/]+"

    def to_url(self, value: str) -> str:
        encoded = value.replace("~", "~7E").replace("/", "~2F")
        if value in FIXED or value in (".", ".."):
            encoded = f"~{ord(value[0]):02X}{encoded[1:]}"
        return encoded

    def to_python(self, value: str) -> str:
        decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        if self.to_url(decoded) != value:
            raise ValueError("not a canonical username segment")
        return decoded
