"""The existing user a refused AdminCreateUser ran into, to link it on the create page."""

from __future__ import annotations

from console.cognito import CognitoError
from console.cognito.records import Pool, User
from console.cognito.users import user_get


def existing_user(*, pool: Pool, username: str, error: CognitoError) -> User | None:
    """The user `username` collided with, as Cognito stores it, after `error`; None
    when `error` is not UsernameExistsException or the user cannot be read.

    AdminGetUser finds a user by any spelling a case-insensitive pool treats as the
    same (API reference, UsernameConfigurationType), so `CASEY.dup` finds `casey.dup`.
    """
    if error.code != "UsernameExistsException":
        return None
    try:
        return user_get(pool_id=pool.id, username=username)
    except CognitoError:
        return None
