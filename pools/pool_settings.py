"""Every user pool setting the console shows, declared once (pools.settings_spec).

The paths are CreateUserPool's and UpdateUserPool's (DescribeUserPool answers with the
same shapes, except Name for PoolName); the limits come from botocore's model.
"""

from console.arns import LAMBDA_EXAMPLE, lambda_arn_problem, role_arn_problem
from console.arns import ses_identity_arn_problem as ses_problem

from .fields import MustContain, from_address_problem
from .settings_spec import ACTIVE, LIST_OR_EMPTY, NOT, Setting, Spec

# The eight Lambda triggers of the API reference's LambdaConfigType. Triggers the
# current API adds (pre token generation, user migration, custom senders...) are kept
# unchanged by an edit, since the update sends the full configuration.
LAMBDA_TRIGGERS = (
    ("PreSignUp", "Pre sign-up"),
    ("CustomMessage", "Custom message"),
    ("PostConfirmation", "Post confirmation"),
    ("PreAuthentication", "Pre authentication"),
    ("PostAuthentication", "Post authentication"),
    ("DefineAuthChallenge", "Define auth challenge"),
    ("CreateAuthChallenge", "Create auth challenge"),
    ("VerifyAuthChallengeResponse", "Verify auth challenge response"),
)

CODE = "Must contain {####}."
INVITE = "Must contain {username} and {####}."
_INVITE_CHECK = {"extra": (MustContain("{username}", "{####}"),)}


def _lambda(key: str, label: str) -> Setting:
    return Setting(
        f"lambda_{key}",
        f"LambdaConfig.{key}",
        label,
        "arn",
        help=f"A Lambda function ARN, like {LAMBDA_EXAMPLE}.",
        options={"problem": lambda_arn_problem},
    )


POOL = Spec(
    "CreateUserPool",
    "UpdateUserPool",
    [
        # The pattern is checked by the form's clean_name: an unchanged name is not
        # re-checked against today's pattern.
        Setting("name", "PoolName", "Pool name", "name", required=True, reply="Name"),
        # CaseSensitive false, as AWS's console sets it by default; Cognito cannot
        # change it after creation, so the edit form shows it read-only.
        Setting(
            "case_insensitive",
            "UsernameConfiguration.CaseSensitive",
            "Usernames are case-insensitive (recommended; cannot be changed later)",
            "checkbox",
            help="Then Casey and casey are one user, as they are for email addresses.",
            initial=True,
            codec=NOT,
            after_creation="show",
        ),
        Setting(
            "deletion_protection",
            "DeletionProtection",
            "Deletion protection",
            "checkbox",
            help="While it is on, Cognito refuses to delete the pool.",
            codec=ACTIVE,
        ),
        Setting(
            "pw_min_length",
            "Policies.PasswordPolicy.MinimumLength",
            "Minimum length",
            "number",
            required=True,
            initial=8,
        ),
        *(
            Setting(name, f"Policies.PasswordPolicy.{key}", label, "checkbox", initial=True)
            for name, key, label in (
                ("pw_upper", "RequireUppercase", "Require uppercase letters"),
                ("pw_lower", "RequireLowercase", "Require lowercase letters"),
                ("pw_numbers", "RequireNumbers", "Require numbers"),
                ("pw_symbols", "RequireSymbols", "Require symbols"),
            )
        ),
        Setting(
            "pw_temp_days",
            "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
            "Temporary password valid for (days)",
            "number",
            initial=7,
        ),
        Setting("mfa", "MfaConfiguration", "MFA", "choice", initial="OFF"),
        Setting(
            "auto_verified",
            "AutoVerifiedAttributes",
            "Auto-verified attributes",
            "checkboxes",
            codec=LIST_OR_EMPTY,
        ),
        Setting(
            "alias_attributes",
            "AliasAttributes",
            "Alias attributes",
            "checkboxes",
            help="Users sign in with their username or one of these.",
            after_creation="hide",
        ),
        Setting(
            "username_attributes",
            "UsernameAttributes",
            "Username attributes",
            "checkboxes",
            help="Users sign in with one of these instead of a username. "
            "Choose alias attributes or username attributes, not both.",
            after_creation="hide",
        ),
        # The verification messages are sent twice, as the API still reads both: in
        # VerificationMessageTemplate and in the older top-level members.
        Setting(
            "sms_verification_message",
            "VerificationMessageTemplate.SmsMessage",
            "SMS verification message",
            help=CODE,
            also=("SmsVerificationMessage",),
        ),
        Setting(
            "sms_authentication_message",
            "SmsAuthenticationMessage",
            "SMS authentication message",
            help=CODE,
        ),
        Setting(
            "email_verification_subject",
            "VerificationMessageTemplate.EmailSubject",
            "Email verification subject",
            also=("EmailVerificationSubject",),
        ),
        Setting(
            "email_verification_message",
            "VerificationMessageTemplate.EmailMessage",
            "Email verification message",
            "textarea",
            help=CODE,
            also=("EmailVerificationMessage",),
        ),
        Setting(
            "invite_sms",
            "AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
            "Invitation SMS",
            help=INVITE,
            options=_INVITE_CHECK,
        ),
        Setting(
            "invite_email_subject",
            "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
            "Invitation email subject",
        ),
        Setting(
            "invite_email_message",
            "AdminCreateUserConfig.InviteMessageTemplate.EmailMessage",
            "Invitation email",
            "textarea",
            help=INVITE,
            options=_INVITE_CHECK,
        ),
        Setting(
            "admin_only",
            "AdminCreateUserConfig.AllowAdminCreateUserOnly",
            "Only administrators create users (no self sign-up)",
            "checkbox",
        ),
        Setting(
            "unused_days",
            "AdminCreateUserConfig.UnusedAccountValidityDays",
            "Unused account valid for (days)",
            "number",
            initial=7,
        ),
        Setting(
            "device_challenge",
            "DeviceConfiguration.ChallengeRequiredOnNewDevice",
            "Challenge on a new device",
            "checkbox",
        ),
        Setting(
            "device_prompt",
            "DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt",
            "Remember devices only when the user asks",
            "checkbox",
        ),
        Setting(
            "email_account",
            "EmailConfiguration.EmailSendingAccount",
            "Email sending account",
            "choice",
            initial="COGNITO_DEFAULT",
        ),
        Setting(
            "email_source_arn",
            "EmailConfiguration.SourceArn",
            "SES identity ARN",
            "arn",
            options={"problem": ses_problem},
        ),
        Setting("email_reply_to", "EmailConfiguration.ReplyToEmailAddress", "Reply-to address"),
        Setting(
            "email_from",
            "EmailConfiguration.From",
            "From address",
            "checked",
            help="An email address, or a name and address: Team <no-reply@example.com>.",
            options={"problem": from_address_problem},
        ),
        Setting(
            "email_configuration_set",
            "EmailConfiguration.ConfigurationSet",
            "SES configuration set",
        ),
        Setting(
            "sms_caller_arn",
            "SmsConfiguration.SnsCallerArn",
            "SNS caller role ARN",
            "arn",
            options={"problem": role_arn_problem},
        ),
        Setting("sms_external_id", "SmsConfiguration.ExternalId", "SNS external ID"),
        Setting("sms_region", "SmsConfiguration.SnsRegion", "SNS Region"),
        Setting("tags", "UserPoolTags", "Tags", "tags", whole=True),
        *(_lambda(key, label) for key, label in LAMBDA_TRIGGERS),
    ],
)
