"""Typed records the service layer returns, built from boto3's reply shapes.

They are frozen: a view cannot change what Cognito said. `raw` keeps the reply as
Cognito sent it where a later update must send the whole configuration back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, and the token of the next page (None at the end)."""

    items: tuple[T, ...]
    next_token: str | None = None

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class FrozenDict(dict):
    """A read-only dict that still pickles (records go into the shared cache)."""

    def _readonly(self, *args, **kwargs):
        raise TypeError("Records are read-only.")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly
    __ior__ = _readonly

    def __reduce__(self):
        return (FrozenDict, (dict(self),))

    def __hash__(self):  # frozen dataclasses hash their fields
        return hash(tuple(sorted((k, repr(v)) for k, v in self.items())))


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return FrozenDict(mapping or {})


# --- pools ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolSummary:
    id: str
    name: str
    region: str
    status: str
    created: datetime | None
    modified: datetime | None
    lambda_triggers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> PoolSummary:
        pool_id = shape["Id"]
        return cls(
            id=pool_id,
            name=shape.get("Name", ""),
            region=pool_id.partition("_")[0],
            status=shape.get("Status", "") or "Enabled",
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
            lambda_triggers=_frozen(shape.get("LambdaConfig")),
        )


@dataclass(frozen=True)
class SchemaAttribute:
    name: str
    data_type: str
    custom: bool
    required: bool
    mutable: bool
    developer_only: bool
    min_length: int | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None

    @property
    def short_name(self) -> str:
        """The name without `custom:` (or `dev:`), as the pool's schema stores it."""
        return self.name.split(":", 1)[1] if ":" in self.name else self.name

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> SchemaAttribute:
        name = shape["Name"]
        strings = shape.get("StringAttributeConstraints") or {}
        numbers = shape.get("NumberAttributeConstraints") or {}

        def as_int(value: Any) -> int | None:
            try:
                return int(value)
            except (TypeError, ValueError):
                return None

        custom = name.startswith(("custom:", "dev:"))
        return cls(
            name=name,
            data_type=shape.get("AttributeDataType", "String"),
            custom=custom,
            required=bool(shape.get("Required", False)),
            mutable=bool(shape.get("Mutable", True)),
            developer_only=bool(shape.get("DeveloperOnlyAttribute", False)),
            min_length=as_int(strings.get("MinLength")),
            max_length=as_int(strings.get("MaxLength")),
            min_value=as_int(numbers.get("MinValue")),
            max_value=as_int(numbers.get("MaxValue")),
        )


@dataclass(frozen=True)
class Pool:
    """A user pool as DescribeUserPool tells it."""

    id: str
    name: str
    region: str
    arn: str
    status: str
    created: datetime | None
    modified: datetime | None
    estimated_users: int
    mfa: str
    deletion_protection: str
    password_policy: Mapping[str, Any]
    auto_verified_attributes: tuple[str, ...]
    alias_attributes: tuple[str, ...]
    username_attributes: tuple[str, ...]
    schema: tuple[SchemaAttribute, ...]
    lambda_triggers: Mapping[str, Any]
    admin_create_user: Mapping[str, Any]
    verification_template: Mapping[str, Any]
    sms_verification_message: str
    email_verification_message: str
    email_verification_subject: str
    sms_authentication_message: str
    email_configuration: Mapping[str, Any]
    email_configuration_failure: str
    sms_configuration: Mapping[str, Any]
    sms_configuration_failure: str
    device_configuration: Mapping[str, Any]
    tags: Mapping[str, str]
    raw: Mapping[str, Any]
    #: False for a pool created with UsernameConfiguration.CaseSensitive = false:
    #: `Casey.Dup` and `casey.dup` are then one user (API reference,
    #: UsernameConfigurationType). A pool created without it is case-sensitive.
    case_sensitive: bool = True

    def username_key(self, username: str) -> str:
        """The username as this pool compares usernames: lower-cased in a
        case-insensitive pool (as the embedded backend and the import pre-flight do),
        unchanged otherwise. Use it to tell whether two usernames are one user."""
        return username if self.case_sensitive else username.lower()

    @property
    def custom_attributes(self) -> tuple[SchemaAttribute, ...]:
        return tuple(a for a in self.schema if a.custom)

    @property
    def required_attributes(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.schema if a.required)

    def attribute(self, name: str) -> SchemaAttribute | None:
        return next((a for a in self.schema if a.name == name), None)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> Pool:
        pool_id = shape["Id"]
        policies = shape.get("Policies") or {}
        return cls(
            id=pool_id,
            name=shape.get("Name", ""),
            region=pool_id.partition("_")[0],
            arn=shape.get("Arn", ""),
            status=shape.get("Status", "") or "Enabled",
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
            estimated_users=int(shape.get("EstimatedNumberOfUsers") or 0),
            mfa=shape.get("MfaConfiguration", "OFF") or "OFF",
            deletion_protection=shape.get("DeletionProtection", "INACTIVE") or "INACTIVE",
            password_policy=_frozen(policies.get("PasswordPolicy")),
            auto_verified_attributes=tuple(shape.get("AutoVerifiedAttributes") or ()),
            alias_attributes=tuple(shape.get("AliasAttributes") or ()),
            username_attributes=tuple(shape.get("UsernameAttributes") or ()),
            schema=tuple(
                SchemaAttribute.from_shape(a) for a in shape.get("SchemaAttributes") or ()
            ),
            lambda_triggers=_frozen(shape.get("LambdaConfig")),
            admin_create_user=_frozen(shape.get("AdminCreateUserConfig")),
            verification_template=_frozen(shape.get("VerificationMessageTemplate")),
            sms_verification_message=shape.get("SmsVerificationMessage", "") or "",
            email_verification_message=shape.get("EmailVerificationMessage", "") or "",
            email_verification_subject=shape.get("EmailVerificationSubject", "") or "",
            sms_authentication_message=shape.get("SmsAuthenticationMessage", "") or "",
            email_configuration=_frozen(shape.get("EmailConfiguration")),
            email_configuration_failure=shape.get("EmailConfigurationFailure", "") or "",
            sms_configuration=_frozen(shape.get("SmsConfiguration")),
            sms_configuration_failure=shape.get("SmsConfigurationFailure", "") or "",
            device_configuration=_frozen(shape.get("DeviceConfiguration")),
            tags=_frozen(shape.get("UserPoolTags")),
            raw=_frozen(shape),
            case_sensitive=(shape.get("UsernameConfiguration") or {}).get("CaseSensitive")
            is not False,
        )


# --- app clients -------------------------------------------------------------------


@dataclass(frozen=True)
class ClientSummary:
    pool_id: str
    id: str
    name: str

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> ClientSummary:
        return cls(
            pool_id=shape["UserPoolId"], id=shape["ClientId"], name=shape.get("ClientName", "")
        )


@dataclass(frozen=True)
class Client:
    """An app client as DescribeUserPoolClient tells it. `has_secret` never holds the secret."""

    pool_id: str
    id: str
    name: str
    has_secret: bool
    created: datetime | None
    modified: datetime | None
    explicit_auth_flows: tuple[str, ...]
    refresh_token_validity: int | None
    token_validity_units: Mapping[str, str]
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> Client:
        safe = {k: v for k, v in shape.items() if k != "ClientSecret"}
        return cls(
            pool_id=shape["UserPoolId"],
            id=shape["ClientId"],
            name=shape.get("ClientName", ""),
            has_secret=bool(shape.get("ClientSecret")),
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
            explicit_auth_flows=tuple(shape.get("ExplicitAuthFlows") or ()),
            refresh_token_validity=shape.get("RefreshTokenValidity"),
            token_validity_units=_frozen(shape.get("TokenValidityUnits")),
            raw=_frozen(safe),
        )


# --- users -------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    """A user from ListUsers, AdminGetUser or AdminCreateUser. Attributes are a mapping."""

    username: str
    status: str
    enabled: bool
    created: datetime | None
    modified: datetime | None
    attributes: Mapping[str, str]
    mfa_options: tuple[Mapping[str, str], ...] = ()
    preferred_mfa: str = ""
    mfa_settings: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return self.attributes.get("email", "")

    @property
    def phone_number(self) -> str:
        return self.attributes.get("phone_number", "")

    @property
    def sub(self) -> str:
        return self.attributes.get("sub", "")

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> User:
        attributes = shape.get("Attributes")
        if attributes is None:
            attributes = shape.get("UserAttributes") or []
        return cls(
            username=shape["Username"],
            status=shape.get("UserStatus", ""),
            enabled=bool(shape.get("Enabled", True)),
            created=shape.get("UserCreateDate"),
            modified=shape.get("UserLastModifiedDate"),
            attributes=_frozen({a["Name"]: a.get("Value", "") for a in attributes}),
            mfa_options=tuple(_frozen(o) for o in shape.get("MFAOptions") or ()),
            preferred_mfa=shape.get("PreferredMfaSetting", "") or "",
            mfa_settings=tuple(shape.get("UserMFASettingList") or ()),
        )


# --- groups ------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    pool_id: str
    name: str
    description: str
    role_arn: str
    precedence: int | None
    created: datetime | None
    modified: datetime | None

    @property
    def sort_key(self) -> tuple:
        """Lowest precedence first, groups without one last, then by name."""
        return (self.precedence is None, self.precedence or 0, self.name)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> Group:
        return cls(
            pool_id=shape.get("UserPoolId", ""),
            name=shape["GroupName"],
            description=shape.get("Description", "") or "",
            role_arn=shape.get("RoleArn", "") or "",
            precedence=shape.get("Precedence"),
            created=shape.get("CreationDate"),
            modified=shape.get("LastModifiedDate"),
        )


# --- import jobs -------------------------------------------------------------------

ACTIVE_JOB_STATUSES = frozenset({"Created", "Pending", "InProgress", "Stopping"})


@dataclass(frozen=True)
class ImportJob:
    pool_id: str
    id: str
    name: str
    status: str
    created: datetime | None
    started: datetime | None
    completed: datetime | None
    role_arn: str
    imported: int
    skipped: int
    failed: int
    completion_message: str
    presigned_url: str = field(default="", repr=False)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> ImportJob:
        return cls(
            pool_id=shape.get("UserPoolId", ""),
            id=shape["JobId"],
            name=shape.get("JobName", ""),
            status=shape.get("Status", ""),
            created=shape.get("CreationDate"),
            started=shape.get("StartDate"),
            completed=shape.get("CompletionDate"),
            role_arn=shape.get("CloudWatchLogsRoleArn", ""),
            imported=int(shape.get("ImportedUsers") or 0),
            skipped=int(shape.get("SkippedUsers") or 0),
            failed=int(shape.get("FailedUsers") or 0),
            completion_message=shape.get("CompletionMessage", "") or "",
            presigned_url=shape.get("PreSignedUrl", "") or "",
        )


# --- sign-in history ---------------------------------------------------------------


@dataclass(frozen=True)
class AuthEvent:
    """One entry of a user's sign-in history (AuthEventType of AdminListUserAuthEvents).

    `type` is SignIn, SignUp, ForgotPassword, PasswordChange or ResendCode; `response`
    is Pass, Fail or InProgress. `risk_level` (Low, Medium, High) and `risk_decision`
    (NoRisk, AccountTakeover, Block) are "" when Cognito gave none. `challenges` are
    (ChallengeName, ChallengeResponse) pairs: ("Password" | "Mfa", "Success" | "Failure").
    `feedback` is "Valid", "Invalid" or "" (AdminUpdateAuthEventFeedback), with who
    gave it (`feedback_provider`: "Admin", "User" or "Cognito") and when.
    """

    id: str
    type: str
    response: str
    created: datetime | None
    risk_level: str = ""
    risk_decision: str = ""
    compromised_credentials: bool = False
    challenges: tuple[tuple[str, str], ...] = ()
    ip_address: str = ""
    device: str = ""
    city: str = ""
    country: str = ""
    timezone: str = ""
    feedback: str = ""
    feedback_provider: str = ""
    feedback_date: datetime | None = None

    @property
    def failed(self) -> bool:
        return self.response == "Fail"

    @property
    def location(self) -> str:
        """ "City, Country" as far as Cognito told it; "" when it told neither."""
        return ", ".join(part for part in (self.city, self.country) if part)

    @classmethod
    def from_shape(cls, shape: Mapping[str, Any]) -> AuthEvent:
        risk = shape.get("EventRisk") or {}
        context = shape.get("EventContextData") or {}
        feedback = shape.get("EventFeedback") or {}
        return cls(
            id=shape.get("EventId", ""),
            type=shape.get("EventType", ""),
            response=shape.get("EventResponse", ""),
            created=shape.get("CreationDate"),
            risk_level=risk.get("RiskLevel", "") or "",
            risk_decision=risk.get("RiskDecision", "") or "",
            compromised_credentials=bool(risk.get("CompromisedCredentialsDetected")),
            challenges=tuple(
                (c.get("ChallengeName", ""), c.get("ChallengeResponse", ""))
                for c in shape.get("ChallengeResponses") or ()
            ),
            ip_address=context.get("IpAddress", "") or "",
            device=context.get("DeviceName", "") or "",
            city=context.get("City", "") or "",
            country=context.get("Country", "") or "",
            timezone=context.get("Timezone", "") or "",
            feedback=feedback.get("FeedbackValue", "") or "",
            feedback_provider=feedback.get("Provider", "") or "",
            feedback_date=feedback.get("FeedbackDate"),
        )
