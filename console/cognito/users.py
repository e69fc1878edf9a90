"""Users: listing with ListUsers' filter, reading, every admin action, devices, CSV header.

Every mutating call goes through `write` (one audit event per call). Limits come from
botocore's service model (`model_limit`), not hand-copied numbers.
"""

from __future__ import annotations

import functools
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import botocore.session

from . import errors
from .records import FrozenDict, Group, Page, User
from .transport import call, every_item, list_page, made_recently, region_of, write

#: The attributes ListUsers can filter on (facts file, "ListUsers filter").
FILTERABLE_ATTRIBUTES: tuple[str, ...] = (
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
)
USER_STATUSES: tuple[str, ...] = (
    "UNCONFIRMED",
    "CONFIRMED",
    "ARCHIVED",
    "UNKNOWN",
    "RESET_REQUIRED",
    "FORCE_CHANGE_PASSWORD",
    "EXTERNAL_PROVIDER",
)


@functools.cache
def _model():
    return botocore.session.get_session().get_service_model("cognito-idp")


def model_limit(shape_name: str, key: str) -> Any:
    """`min`, `max`, `pattern` or `enum` of a shape in botocore's cognito-idp model."""
    shape = _model().shape_for(shape_name)
    if key == "enum":
        return tuple(shape.enum)
    return shape.metadata.get(key)


def is_username(value: str) -> bool:
    """The UsernameType pattern [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+ and its length."""
    low, high = model_limit("UsernameType", "min"), model_limit("UsernameType", "max")
    if not low <= len(value) <= high:
        return False
    return all(unicodedata.category(ch)[0] in "LMSNP" for ch in value)


def user_filter(attribute: str, value: str, *, prefix: bool) -> str:
    """A ListUsers Filter: `attribute = "value"` or `attribute ^= "value"`.

    `"` and `\\` inside the value are escaped with a backslash, so no value can change
    the filter's syntax. Attributes Cognito cannot filter on are refused, and so is a
    filter longer than UserFilterType's maximum (256).
    """
    if attribute not in FILTERABLE_ATTRIBUTES:
        raise errors.InvalidInput(
            f"Cognito cannot filter users on “{attribute}”. Filter on one of: "
            + ", ".join(FILTERABLE_ATTRIBUTES)
            + ".",
            code="InvalidFilter",
        )
    if not isinstance(value, str):
        raise errors.InvalidInput("A filter value must be text.", code="InvalidFilter")
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    text = f'{attribute} {"^=" if prefix else "="} "{escaped}"'
    limit = model_limit("UserFilterType", "max")
    if len(text) > limit:
        raise errors.InvalidInput(
            f"The filter is {len(text)} characters long; Cognito takes at most {limit}. "
            "Use a shorter value.",
            code="InvalidFilter",
        )
    return text


def _pool_args(pool_id: str) -> dict[str, Any]:
    return {"region": region_of(pool_id)}


def user_list(
    *,
    pool_id: str,
    filter: str = "",
    limit: int = 60,
    token: str | None = None,
) -> Page[User]:
    """One page of ListUsers, every attribute of every user.

    `AttributesToGet` is never sent: AWS refuses the whole call
    (InvalidParameterException, "One or more requested attributes do not exist.") when
    one listed user lacks a requested attribute, and it refuses `sub` outright (facts
    file, "ListUsers filter"; aws-sdk-js #3091). Callers pick the columns they show
    from `User.attributes`, where a missing attribute is simply absent.
    """
    params: dict[str, Any] = {"UserPoolId": pool_id}
    if filter:
        params["Filter"] = filter
    return list_page(
        "ListUsers",
        **_pool_args(pool_id),
        items_key="Users",
        build=User.from_shape,
        limit=limit,
        token=token,
        **params,
    )


def user_iter(*, pool_id: str, filter: str = "") -> Iterator[User]:
    """Every user matching the filter (ListUsers, 60 a page, one page in memory at a
    time; `transport.every_item`). Raises CognitoError as `call` does, at the page
    where it happens."""
    params: dict[str, Any] = {"UserPoolId": pool_id}
    if filter:
        params["Filter"] = filter
    for shape in every_item("ListUsers", **_pool_args(pool_id), items_key="Users", **params):
        yield User.from_shape(shape)


def user_groups(*, pool_id: str, username: str) -> list[Group]:
    """Every group of the user (AdminListGroupsForUser, every page), in Cognito's order."""
    return [
        Group.from_shape(shape)
        for shape in every_item(
            "AdminListGroupsForUser",
            **_pool_args(pool_id),
            items_key="Groups",
            UserPoolId=pool_id,
            Username=username,
        )
    ]


def user_get(*, pool_id: str, username: str) -> User:
    """AdminGetUser: attributes, status, MFA settings and the legacy MFAOptions."""
    response = call("AdminGetUser", **_pool_args(pool_id), UserPoolId=pool_id, Username=username)
    return User.from_shape(response)


def _attribute_list(attributes: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Name": name, "Value": value} for name, value in attributes.items()]


def _audited(
    operation: str,
    pool_id: str,
    username: str,
    *,
    verify: Callable[[], bool] | None = None,
    **params: Any,
) -> dict:
    return write(
        operation,
        **_pool_args(pool_id),
        pool_id=pool_id,
        target_type="user",
        target_id=username,
        verify=verify,
        UserPoolId=pool_id,
        Username=username,
        **params,
    )


def user_create(
    *,
    pool_id: str,
    username: str,
    attributes: Mapping[str, str] | None = None,
    temporary_password: str = "",
    message_action: str = "",
    delivery: Iterable[str] = (),
    force_alias_creation: bool = False,
) -> User:
    """AdminCreateUser.

    `message_action` is "" (send the invitation), "SUPPRESS" or "RESEND". RESEND
    re-sends the invitation to an existing FORCE_CHANGE_PASSWORD user and keeps the user
    as it is, so only Username, MessageAction and DesiredDeliveryMediums are sent.
    """
    params: dict[str, Any] = {}
    delivery = list(delivery)
    if delivery:
        params["DesiredDeliveryMediums"] = delivery
    if message_action == "RESEND":
        response = _audited("AdminCreateUser", pool_id, username, MessageAction="RESEND", **params)
        return User.from_shape(response["User"])
    if message_action:
        params["MessageAction"] = message_action
    if attributes:
        params["UserAttributes"] = _attribute_list(attributes)
    if temporary_password:
        params["TemporaryPassword"] = temporary_password
    if force_alias_creation:
        params["ForceAliasCreation"] = True
    since = time.time()

    def created() -> dict | None:
        # After a lost answer the retry meets UsernameExistsException: this request's
        # own user if it was created just now with the attributes sent.
        shape = _read_user(pool_id, username)
        if shape is None or not made_recently(shape.get("UserCreateDate"), since):
            return None
        return {"User": shape} if _has_attributes(shape, attributes or {}) else None

    response = _audited("AdminCreateUser", pool_id, username, verify=created, **params)
    return User.from_shape(response["User"])


def _read_user(pool_id: str, username: str) -> dict | None:
    """AdminGetUser's reply, or None when the user does not exist (for read-backs)."""
    try:
        return call("AdminGetUser", **_pool_args(pool_id), UserPoolId=pool_id, Username=username)
    except errors.NotFound:
        return None


def _has_attributes(shape: Mapping[str, Any], attributes: Mapping[str, str]) -> bool:
    held = {a["Name"]: a.get("Value", "") for a in shape.get("UserAttributes") or ()}
    for name, value in attributes.items():
        if name.endswith("_verified"):
            if held.get(name, "false").lower() != str(value).lower():
                return False
        elif held.get(name) != value:
            return False
    return True


def _gone(pool_id: str, username: str) -> Callable[[], bool]:
    return lambda: _read_user(pool_id, username) is None


def _status_is(pool_id: str, username: str, *statuses: str) -> Callable[[], bool]:
    def check() -> bool:
        shape = _read_user(pool_id, username)
        return shape is not None and shape.get("UserStatus") in statuses

    return check


def user_update_attributes(*, pool_id: str, username: str, attributes: Mapping[str, str]) -> None:
    """AdminUpdateUserAttributes (email_verified / phone_number_verified included)."""
    _audited(
        "AdminUpdateUserAttributes",
        pool_id,
        username,
        verify=lambda: _has_attributes(_read_user(pool_id, username) or {}, attributes),
        UserAttributes=_attribute_list(attributes),
    )


def user_delete_attributes(*, pool_id: str, username: str, names: Iterable[str]) -> None:
    """AdminDeleteUserAttributes."""
    names = list(names)

    def deleted() -> bool:
        shape = _read_user(pool_id, username)
        held = {a["Name"] for a in (shape or {}).get("UserAttributes") or ()}
        return shape is not None and not held & set(names)

    _audited(
        "AdminDeleteUserAttributes", pool_id, username, verify=deleted, UserAttributeNames=names
    )


def user_enable(*, pool_id: str, username: str) -> None:
    _audited(
        "AdminEnableUser",
        pool_id,
        username,
        verify=lambda: user_get(pool_id=pool_id, username=username).enabled,
    )


def user_disable(*, pool_id: str, username: str) -> None:
    _audited(
        "AdminDisableUser",
        pool_id,
        username,
        verify=lambda: not user_get(pool_id=pool_id, username=username).enabled,
    )


def user_reset_password(*, pool_id: str, username: str) -> None:
    """AdminResetUserPassword: the user must set a new password with a code.

    Cognito refuses it (NotAuthorizedException, "User password cannot be reset in the
    current state.") for a FORCE_CHANGE_PASSWORD user, whose invitation is re-sent
    instead; `errors.Refused` carries that advice.
    """
    _audited(
        "AdminResetUserPassword",
        pool_id,
        username,
        verify=_status_is(pool_id, username, "RESET_REQUIRED"),
    )


def user_set_password(*, pool_id: str, username: str, password: str, permanent: bool) -> None:
    """AdminSetUserPassword (the password itself is redacted in the audit log)."""
    _audited("AdminSetUserPassword", pool_id, username, Password=password, Permanent=permanent)


def user_confirm(*, pool_id: str, username: str) -> None:
    """AdminConfirmSignUp (a retry after a lost answer is refused: already CONFIRMED)."""
    _audited(
        "AdminConfirmSignUp", pool_id, username, verify=_status_is(pool_id, username, "CONFIRMED")
    )


def user_sign_out(*, pool_id: str, username: str) -> None:
    """AdminUserGlobalSignOut: every refresh token of the user is revoked."""
    _audited("AdminUserGlobalSignOut", pool_id, username)


# What Cognito refuses by the user's status (AdminResetUserPassword answers
# NotAuthorizedException "User password cannot be reset in the current state." for a
# user who is not CONFIRMED or RESET_REQUIRED, and "User is disabled." for a disabled
# one; AdminConfirmSignUp takes only UNCONFIRMED users; MessageAction RESEND only
# FORCE_CHANGE_PASSWORD users; a federated user, EXTERNAL_PROVIDER, has no password).
_NO_PASSWORD = "A federated user (EXTERNAL_PROVIDER) signs in through their identity provider"
_RULED_OUT: dict[str, dict[str, str]] = {
    "FORCE_CHANGE_PASSWORD": {
        "reset_password": "Cognito cannot reset the password of a user who has not yet "
        "signed in with their temporary password. Re-send the invitation, or set a new "
        "temporary password, instead.",
    },
    "UNCONFIRMED": {
        "reset_password": "Cognito cannot reset the password of an unconfirmed user. "
        "Confirm the sign-up first.",
    },
    "EXTERNAL_PROVIDER": {
        "reset_password": f"{_NO_PASSWORD}; Cognito holds no password to reset.",
        "set_password": f"{_NO_PASSWORD}; Cognito holds no password to set.",
    },
}
#: The actions whose fate depends on the user's status (see `user_ruled_out`).
STATUS_BOUND_ACTIONS = frozenset({"reset_password", "set_password", "confirm", "resend_invite"})


def user_ruled_out(user: User) -> dict[str, str]:
    """Action name -> why Cognito refuses it for this user as they are now.

    The names are the user page's actions: reset_password, set_password, confirm
    (only an UNCONFIRMED user), resend_invite (only FORCE_CHANGE_PASSWORD). An action
    not in the result is offered.
    """
    ruled_out = dict(_RULED_OUT.get(user.status, {}))
    if user.status != "UNCONFIRMED":
        ruled_out["confirm"] = (
            f"Only an UNCONFIRMED user can be confirmed; this one is {user.status}."
        )
    if user.status != "FORCE_CHANGE_PASSWORD":
        ruled_out["resend_invite"] = (
            "Only a user an administrator created who has not signed in yet "
            f"(FORCE_CHANGE_PASSWORD) has an invitation to re-send; this one is {user.status}."
        )
    if not user.enabled:
        ruled_out.setdefault(
            "reset_password",
            "Cognito does not reset the password of a disabled user. Enable the user first.",
        )
    return ruled_out


MFA_METHODS = {
    "SMS": "SMSMfaSettings",
    "SOFTWARE_TOKEN": "SoftwareTokenMfaSettings",
    "EMAIL": "EmailMfaSettings",
}
#: How AdminGetUser names each method in UserMFASettingList and PreferredMfaSetting.
MFA_SETTING_NAMES = {"SMS": "SMS_MFA", "SOFTWARE_TOKEN": "SOFTWARE_TOKEN_MFA", "EMAIL": "EMAIL_OTP"}


def user_set_mfa_preference(
    *, pool_id: str, username: str, enabled: Iterable[str], preferred: str = ""
) -> None:
    """AdminSetUserMFAPreference for SMS, TOTP (SOFTWARE_TOKEN) and EMAIL.

    Every method is sent: those in `enabled` are enabled, the others disabled;
    `preferred` (one of the enabled methods, or "") is marked preferred.
    """
    enabled = set(enabled)
    unknown = enabled - set(MFA_METHODS) | ({preferred} - set(MFA_METHODS) - {""})
    if unknown:
        raise errors.InvalidInput(f"Unknown MFA method {sorted(unknown)}.", code="InvalidMfa")
    if preferred and preferred not in enabled:
        raise errors.InvalidInput(
            "The preferred MFA method must also be enabled.", code="InvalidMfa"
        )
    params = {
        key: {"Enabled": method in enabled, "PreferredMfa": method == preferred}
        for method, key in MFA_METHODS.items()
    }

    def applied() -> bool:
        shape = _read_user(pool_id, username)
        if shape is None:
            return False
        held = set(shape.get("UserMFASettingList") or ())
        wanted = {MFA_SETTING_NAMES[m] for m in enabled}
        preferred_name = MFA_SETTING_NAMES.get(preferred, "")
        return held == wanted and (shape.get("PreferredMfaSetting") or "") == preferred_name

    _audited("AdminSetUserMFAPreference", pool_id, username, verify=applied, **params)


def user_set_settings(*, pool_id: str, username: str, sms_mfa: bool) -> None:
    """AdminSetUserSettings: the legacy MFAOptions (SMS to phone_number, or none)."""
    options = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}] if sms_mfa else []
    _audited(
        "AdminSetUserSettings",
        pool_id,
        username,
        verify=lambda: (
            list((_read_user(pool_id, username) or {}).get("MFAOptions") or []) == options
        ),
        MFAOptions=options,
    )


def user_delete(*, pool_id: str, username: str) -> None:
    """AdminDeleteUser. A retry after a lost answer meets UserNotFoundException: read back."""
    _audited("AdminDeleteUser", pool_id, username, verify=_gone(pool_id, username))


# --- devices -----------------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    key: str
    attributes: Mapping[str, str]
    created: datetime | None
    modified: datetime | None
    last_authenticated: datetime | None

    @property
    def name(self) -> str:
        return self.attributes.get("device_name", "")

    @property
    def last_ip(self) -> str:
        return self.attributes.get("last_ip_used", "")

    @property
    def remembered(self) -> str:
        return self.attributes.get("dev:device_remembered_status", "")

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> Device:
        return cls(
            key=shape["DeviceKey"],
            attributes=FrozenDict(
                {a["Name"]: a.get("Value", "") for a in shape.get("DeviceAttributes") or ()}
            ),
            created=shape.get("DeviceCreateDate"),
            modified=shape.get("DeviceLastModifiedDate"),
            last_authenticated=shape.get("DeviceLastAuthenticatedDate"),
        )


def device_list(
    *, pool_id: str, username: str, limit: int = 60, token: str | None = None
) -> Page[Device]:
    """One page of AdminListDevices."""
    return list_page(
        "AdminListDevices",
        **_pool_args(pool_id),
        items_key="Devices",
        build=Device.from_shape,
        limit=limit,
        token=token,
        UserPoolId=pool_id,
        Username=username,
    )


def device_forget(*, pool_id: str, username: str, device_key: str) -> None:
    """AdminForgetDevice. A retry after a lost answer meets ResourceNotFound: read back."""

    def forgotten() -> bool:
        try:
            call(
                "AdminGetDevice",
                **_pool_args(pool_id),
                UserPoolId=pool_id,
                Username=username,
                DeviceKey=device_key,
            )
        except errors.NotFound:
            return True
        return False

    _audited("AdminForgetDevice", pool_id, username, verify=forgotten, DeviceKey=device_key)


#: DeviceRememberedStatusType (botocore's model): a remembered device may skip MFA when
#: the pool lets remembered devices do so (developer guide, "Working with devices").
DEVICE_STATUSES = ("remembered", "not_remembered")


def device_set_status(*, pool_id: str, username: str, device_key: str, status: str) -> None:
    """AdminUpdateDeviceStatus: mark the user's device "remembered" or "not_remembered"
    (DEVICE_STATUSES), audited. A lost answer is settled by reading the device back
    (AdminGetDevice's `dev:device_remembered_status`).

    Raises errors.InvalidInput for a status outside DEVICE_STATUSES (nothing sent),
    errors.NotFound when the user or the device does not exist (ResourceNotFound-
    Exception "Device does not exist."), and the CognitoError family otherwise.
    """
    if status not in DEVICE_STATUSES:
        raise errors.InvalidInput(
            f"A device is “remembered” or “not_remembered”, not “{status[:40]}”.",
            code="InvalidDeviceStatus",
        )

    def in_place() -> bool:
        shape = call(
            "AdminGetDevice",
            **_pool_args(pool_id),
            UserPoolId=pool_id,
            Username=username,
            DeviceKey=device_key,
        )["Device"]
        return Device.from_shape(shape).remembered == status

    _audited(
        "AdminUpdateDeviceStatus",
        pool_id,
        username,
        verify=in_place,
        DeviceKey=device_key,
        DeviceRememberedStatus=status,
    )


# --- CSV ---------------------------------------------------------------------------


def user_csv_header(*, pool_id: str) -> list[str]:
    """GetCSVHeader: the exact columns of a user import file for this pool."""
    response = call("GetCSVHeader", **_pool_args(pool_id), UserPoolId=pool_id)
    return list(response.get("CSVHeader") or [])


csv_header = user_csv_header
