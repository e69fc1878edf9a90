"""One family of errors for everything that can go wrong talking to Cognito.

botocore raises ClientError with an AWS error code, or a BotoCoreError subclass for
the transport. The service layer turns both into a CognitoError subclass whose
message a support person can act on. Views never see botocore.
"""

from __future__ import annotations


class CognitoError(Exception):
    """Cognito (or the path to it) refused or failed a request."""

    #: The HTTP status a page answers with when this error ends the request.
    status = 502
    #: A short title for the error page.
    title = "Cognito refused the request"
    #: What the person can do about it.
    advice = ""

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        request_id: str = "",
        operation: str = "",
        ambiguous: bool = False,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.request_id = request_id
        self.operation = operation
        #: The request was sent but no answer came back (a read timeout, a connection
        #: closed mid-way), or Cognito answered 5xx: it may or may not have made the
        #: change. `transport.write()` also sets it when an earlier attempt of the same
        #: write went unanswered.
        self.ambiguous = ambiguous
        #: The HTTP status of Cognito's answer (None when no answer came).
        self.http_status = http_status

    def __str__(self) -> str:
        return self.message

    @property
    def details(self) -> str:
        """The message with the advice, for a flash message or a form error.

        For an ambiguous error the advice is AMBIGUOUS_ADVICE, whatever the class: the
        change may have been made, so "correct the value" or "choose another name"
        would mislead.
        """
        return f"{self.message} {self.guidance}".strip()

    def lead(self, refused: str = "") -> str:
        """`refused` ("The job did not start"), unless the change may have been made:
        then "Cognito did not confirm it" (a page must not say it failed). Without
        `refused`: "Cognito refused" when Cognito answered with this error, "Not done"
        when the console refused before sending or never reached Cognito (a page must
        not put the console's own refusal in Cognito's mouth)."""
        if self.ambiguous:
            return "Cognito did not confirm it"
        if refused:
            return refused
        return "Cognito refused" if self.http_status is not None else "Not done"

    @property
    def guidance(self) -> str:
        """The advice to show: AMBIGUOUS_ADVICE when the change may have been made."""
        return AMBIGUOUS_ADVICE if self.ambiguous else self.advice


#: What a person is told when Cognito may or may not have made the change.
AMBIGUOUS_ADVICE = (
    "Cognito did not confirm the request (no answer, or an internal error), so the change "
    "may or may not have been made. Reload the page to see what Cognito holds before "
    "trying again."
)


class NotFound(CognitoError):
    status = 404
    title = "Not found"
    advice = "It may have been deleted, or the name is spelled differently."


def reworded(exc: CognitoError, message: str) -> CognitoError:
    """`exc` again (same class, code, request ID, operation) with `message`: for a
    service function that knows better than Cognito's terse text what was not found
    ("No app client abc in user pool eu-west-1_X.", where the answer said "abc")."""
    return type(exc)(
        message,
        code=exc.code,
        request_id=exc.request_id,
        operation=exc.operation,
        ambiguous=exc.ambiguous,
        http_status=exc.http_status,
    )


class AlreadyExists(CognitoError):
    status = 409
    title = "Already exists"
    advice = "Choose another name, or open the existing one."


class InvalidInput(CognitoError):
    status = 400
    title = "Cognito rejected the input"
    advice = "Correct the value and try again."


class MalformedId(InvalidInput):
    """A URL names a Cognito thing with a value no such thing can have (a NUL, a slash
    in a pool ID, a 3,000-character client ID), found before any call: a 404."""

    status = 404
    title = "Nothing can have this ID"
    advice = "Check the address, or open the item from its list."


class InvalidPoolId(MalformedId):
    """Not a user pool ID (malformed, or naming a Region where Cognito does not exist),
    found before any call: no such pool can exist, so the page is a 404."""

    status = 404
    title = "Not a user pool ID"
    advice = "Check the ID (it looks like eu-west-1_AbC123), or pick the pool from the list."


class StaleToken(InvalidInput):
    """A list call refused the page token it was sent (expired, from another filter, or
    made up). Raised by `client.list_page` only when a token was sent, so the list can
    start again from its first page (`console.lists.paged`)."""

    title = "That page link has expired"
    advice = "The list starts again from its first page."


class LimitExceeded(InvalidInput):
    title = "A Cognito limit was reached"
    advice = "Remove something first, or ask AWS to raise the quota."


class Throttled(CognitoError):
    status = 429
    title = "Cognito is throttling requests"
    advice = (
        "The account's request quota is used up for the moment. Wait a few seconds and try again."
    )


class NotAuthorized(CognitoError):
    status = 403
    title = "Not authorized by AWS"
    advice = (
        "The console's AWS credentials lack a permission (its IAM policy must allow this "
        "cognito-idp action on the pool), or the credentials expired. Ask whoever runs the "
        "console to check its IAM policy; see docs/deploy.md."
    )


class NoCredentials(NotAuthorized):
    """botocore found no AWS credentials: nothing was sent."""

    title = "The console has no AWS credentials"
    advice = (
        "Give every console process, web and worker alike, AWS credentials through the "
        "standard chain: environment variables, the shared config file, or an instance "
        "or task role. See docs/deploy.md."
    )


class RoleRefused(NotAuthorized):
    """STS refused the connection's role (AssumeRole failed): nothing reached Cognito.

    Only the pages of that connection show it; the others work as before."""

    title = "The connection's role could not be assumed"
    advice = (
        "Check the connection on the Connections page: the role ARN, the external ID, and "
        "the role's trust policy, which must let the console's own identity assume it "
        "(sts:AssumeRole, with the sts:ExternalId condition when one is set)."
    )


class Refused(CognitoError):
    """Cognito's NotAuthorizedException about the user, not about the console's IAM rights.

    Cognito answers NotAuthorizedException both when IAM denies the caller ("User:
    arn:aws:iam::... is not authorized to perform: cognito-idp:...") and when the user's
    state rules the action out ("User password cannot be reset in the current state.",
    "User is disabled.", "Incorrect username or password."). `translate` tells them
    apart by the message (`is_iam_denial`).
    """

    status = 409
    title = "Not allowed for this user's current state"
    advice = (
        "Cognito refused this because of the user's status or settings, not because of "
        "the console's permissions. Check the user's status on the user page and use an "
        "action that fits it (for FORCE_CHANGE_PASSWORD: Re-send invitation; for "
        "UNCONFIRMED: Confirm sign-up; for a disabled user: Enable first)."
    )


# What IAM's denial says (AWS's wording: "User: arn:aws:iam::123456789012:user/x is not
# authorized to perform: cognito-idp:AdminGetUser on resource: ..."), and the
# credential refusals that come back as NotAuthorizedException.
_IAM_MARKERS = (
    "not authorized to perform",
    "arn:aws:iam::",
    "arn:aws:sts::",
    "security token",
    "explicit deny",
    "no identity-based policy",
)


def is_iam_denial(message: str) -> bool:
    """True when a NotAuthorizedException's message is IAM's (or the credentials')."""
    lowered = (message or "").lower()
    return any(marker in lowered for marker in _IAM_MARKERS)


class Unavailable(CognitoError):
    status = 503
    title = "Cognito is unavailable"

    @property
    def advice(self) -> str:  # type: ignore[override]
        if self.ambiguous:
            return AMBIGUOUS_ADVICE
        return "Try again in a moment."


class NotSupported(CognitoError):
    status = 501
    title = "Not supported by this backend"
    advice = "The Cognito endpoint the console talks to does not offer this operation."


class ThreatProtectionOff(InvalidInput):
    """UserPoolAddOnNotEnabledException: the pool's threat protection (UserPoolAddOns.
    AdvancedSecurityMode) is OFF, so Cognito keeps no sign-in history (AdminListUser-
    AuthEvents), takes no event feedback (AdminUpdateAuthEventFeedback) and has no risk
    configuration. It is a setting of the pool, not a fault: the user page says so in its
    place rather than ending on an error page (API reference, AdminListUserAuthEvents;
    developer guide, "Threat protection")."""

    status = 409
    title = "Threat protection is off in this user pool"
    advice = (
        "Sign-in history, risk ratings and event feedback need the pool's threat "
        "protection in Audit or Enforced mode, which needs the Plus feature plan. An Admin "
        "can turn it on in the pool's settings; Cognito records events from then on, not "
        "the ones before."
    )


class NotInPlan(InvalidInput):
    """FeatureUnavailableInTierException: the pool's feature plan (UserPoolTier: LITE,
    ESSENTIALS or PLUS) does not include what was asked (threat protection needs PLUS;
    botocore's model, FeatureUnavailableInTierException)."""

    status = 409
    title = "Not in the pool's feature plan"
    advice = (
        "The user pool's feature plan (Lite, Essentials or Plus) does not include this "
        "feature. An Admin can change the plan in the pool's settings; a higher plan costs "
        "more per monthly active user."
    )


# AWS error codes, grouped. Anything not listed is a plain CognitoError.
_CODES: dict[type[CognitoError], frozenset[str]] = {
    NotFound: frozenset(
        {"ResourceNotFoundException", "UserNotFoundException", "NoSuchBucket", "NoSuchKey"}
    ),
    AlreadyExists: frozenset(
        {
            "UsernameExistsException",
            "GroupExistsException",
            "AliasExistsException",
            "DuplicateProviderException",
        }
    ),
    LimitExceeded: frozenset({"LimitExceededException"}),
    ThreatProtectionOff: frozenset({"UserPoolAddOnNotEnabledException"}),
    NotInPlan: frozenset({"FeatureUnavailableInTierException"}),
    InvalidInput: frozenset(
        {
            "InvalidParameterException",
            "InvalidPasswordException",
            "InvalidUserPoolConfigurationException",
            "InvalidEmailRoleAccessPolicyException",
            "InvalidSmsRoleAccessPolicyException",
            "InvalidSmsRoleTrustRelationshipException",
            "InvalidOAuthFlowException",
            "ScopeDoesNotExistException",
            "PreconditionNotMetException",
            "UnsupportedUserStateException",
            "UserImportInProgressException",
            "UserPoolTaggingException",
            "ConcurrentModificationException",
            "CodeMismatchException",
            "ExpiredCodeException",
            "MFAMethodNotFoundException",
            "UserNotConfirmedException",
            "PasswordResetRequiredException",
            "PasswordHistoryPolicyViolationException",
            "ValidationException",
            "SerializationException",
            "InvalidParameterValue",
        }
    ),
    Throttled: frozenset(
        {
            "TooManyRequestsException",
            "ThrottlingException",
            "Throttling",
            "RequestLimitExceeded",
            "TooManyFailedAttemptsException",
        }
    ),
    NotAuthorized: frozenset(
        {
            "NotAuthorizedException",
            "AccessDeniedException",
            "AccessDenied",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "ExpiredTokenException",
            "ForbiddenException",
            "UserLambdaValidationException",
        }
    ),
    Unavailable: frozenset(
        {"InternalErrorException", "InternalFailure", "ServiceUnavailable", "InternalError"}
    ),
    NotSupported: frozenset(
        {"UnknownOperationException", "InvalidAction", "NotImplemented", "UnsupportedOperation"}
    ),
}


def class_for_code(code: str) -> type[CognitoError]:
    for cls, codes in _CODES.items():
        if code in codes:
            return cls
    return CognitoError
