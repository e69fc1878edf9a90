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
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.request_id = request_id
        self.operation = operation
        #: The request was sent but no answer came back (a read timeout, a connection
        #: closed mid-way): Cognito may or may not have made the change.
        self.ambiguous = ambiguous

    def __str__(self) -> str:
        return self.message

    @property
    def details(self) -> str:
        """The message with the advice, for a flash message or a form error."""
        return f"{self.message} {self.advice}".strip()


class NotFound(CognitoError):
    status = 404
    title = "Not found"
    advice = "It may have been deleted, or the name is spelled differently."


class AlreadyExists(CognitoError):
    status = 409
    title = "Already exists"
    advice = "Choose another name, or open the existing one."


class InvalidInput(CognitoError):
    status = 400
    title = "Cognito rejected the input"
    advice = "Correct the value and try again."


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
    advice = "The console's AWS credentials lack a permission, or the credentials expired."


class Unavailable(CognitoError):
    status = 503
    title = "Cognito is unavailable"

    @property
    def advice(self) -> str:  # type: ignore[override]
        if self.ambiguous:
            return (
                "The request was sent but no answer came back, so the change may or may "
                "not have been made. Reload the page to see what Cognito holds before "
                "trying again."
            )
        return "Nothing was changed by this request. Try again in a moment."


class NotSupported(CognitoError):
    status = 501
    title = "Not supported by this backend"
    advice = "The Cognito endpoint the console talks to does not offer this operation."


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
