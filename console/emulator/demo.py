"""Demo data: three realistic user pools, loaded through the public Cognito API, and
two more AWS accounts with a pool each.

`load_demo(endpoint_url=...)` talks to Cognito over HTTP with boto3 exactly as any
client would, so it also runs against a real endpoint. It is idempotent: when a pool
named "Acme Customers (demo)" exists it changes nothing.

`load_accounts(endpoint_url=...)` adds the demo's other accounts (issue 17): a
production account (222222222222) and a staging one (333333333333) besides moto's
default account (123456789012, the development account, the console's own). In each
it makes the console's role (`accounts.provision_console_role`: trusting
123456789012, with an external ID) and, through that role, an "Acme Customers"
pool with a few dozen users, groups with precedence and roles, and an app client.
It returns what `manage.py demo` needs for the Connection rows. Idempotent too.

The sign-in stories (`_sign_in_stories`: a user who failed then signed in, one locked
by failed attempts, expired and expiring invitations, a federated identity linked to
a native user, a federated-only user) use three emulator-side aids where the embedded
backend runs in this process (`make run`, the tests): `auth_events.backdate_user`
(an invitation sent days ago), the add-on's clock (failed attempts spread over the
last 17 minutes, as a person would make them) and `linked_providers.add_federated_user`
(a first sign-in through the identity provider). Against any other endpoint those
three stories are left out; everything else is the public API.

Every demo user that has a password has DEMO_PASSWORD.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import random
import secrets
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from console.cognito.sdk import sdk_client

from .accounts import provision_console_role, role_client

ACME_POOL_NAME = "Acme Customers (demo)"
PARTNER_POOL_NAME = "Partner Portal (demo)"
FIELD_POOL_NAME = "Field Service (demo)"
DEMO_PASSWORD = "Demo-Passw0rd!2024"
ACCOUNT = "123456789012"
ACME_USER_COUNT = 250
PARTNER_USER_COUNT = 15

FIRST_NAMES = [
    "Alice",
    "Bob",
    "Carol",
    "David",
    "Emma",
    "Farah",
    "George",
    "Hannah",
    "Ivan",
    "Julia",
    "Kenji",
    "Laura",
    "Mohammed",
    "Nadia",
    "Oliver",
    "Priya",
    "Quentin",
    "Rosa",
    "Samuel",
    "Tanvi",
    "Uma",
    "Victor",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zoë",
    "José",
    "François",
    "Søren",
    "Łukasz",
    "Ngozi",
    "Mei",
    "Aarav",
    "Björn",
    "Chloé",
    "Dmitri",
    "Élodie",
    "Fatima",
    "Gustavo",
    "Hiroshi",
    "Inès",
    "Jürgen",
    "Kwame",
    "Leilani",
    "Mateo",
    "Noor",
    "Óscar",
    "Paula",
    "Rahul",
    "Siobhán",
]
LAST_NAMES = [
    "Smith",
    "Johnson",
    "Garcia",
    "Müller",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "O'Brien",
    "Muñoz",
    "Dubois",
    "Andersen",
    "Tanaka",
    "Okafor",
    "Haddad",
    "Silva",
    "Patel",
    "Kim",
    "Novák",
    "Jensen",
    "Fernández",
    "Schäfer",
    "Lefèvre",
    "Chen",
    "Ivanova",
    "Mensah",
    "Costa",
    "Yamamoto",
    "Brown",
    "Wilson",
    "Sørensen",
    "Zhang",
    "Łopez",
    "Hernández",
    "Bianchi",
    "Van der Berg",
    "Çelik",
    "Nowak",
    "Ahmed",
    "Da Silva",
    "Lindqvist",
]
DOMAINS = ["example.com", "example.org", "example.net", "acme-customer.test"]
TENANTS = [f"t-{n:04d}" for n in (1001, 1002, 1003, 1007, 1010, 1042, 1066, 1100, 1234, 2001)]
PLANS = ["free", "free", "starter", "starter", "pro", "pro", "enterprise"]
LOCALES = ["en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "pt-BR", "ja-JP"]

#: Usernames a support team meets in real pools migrated from older systems.
ODD_USERNAMES = [
    ("jose.muñoz", "José", "Muñoz"),
    ("ops/alice", "Alice", "Martin"),
    ("ops/bob", "Bob", "Keller"),
    ("bob+test@example.com", "Bob", "Tester"),
    ("zoë@example.org", "Zoë", "Laurent"),
    ("søren.andersen", "Søren", "Andersen"),
    ("françois.dubois", "François", "Dubois"),
    ("o'brien.siobhan", "Siobhán", "O'Brien"),
    ("billing&invoices", "Billing", "Robot"),
    ("qa#7", "Quality", "Assurance"),
    ("李.wei", "Wei", "Li"),
    ("Alice", "Alice", "Upper"),
]

ROLE = "arn:aws:iam::" + ACCOUNT + ":role/{}"
ACME_GROUPS: list[dict[str, Any]] = [
    {
        "GroupName": "admins",
        "Description": "Acme staff with full access",
        "Precedence": 0,
        "RoleArn": ROLE.format("AcmeAdmins"),
    },
    {
        "GroupName": "support-leads",
        "Description": "Team leads of customer support",
        "Precedence": 1,
        "RoleArn": ROLE.format("AcmeSupportLeads"),
    },
    {
        "GroupName": "support",
        "Description": "Customer support agents",
        "Precedence": 5,
        "RoleArn": ROLE.format("AcmeSupport"),
    },
    {
        "GroupName": "billing",
        "Description": "Billing and invoicing",
        "Precedence": 5,
        "RoleArn": ROLE.format("AcmeBilling"),
    },
    {
        "GroupName": "beta-testers",
        "Description": "Customers in the beta programme",
        "RoleArn": ROLE.format("AcmeBetaTesters"),
    },
    {
        "GroupName": "newsletter",
        "Description": "Subscribed to the product newsletter",
        "Precedence": 20,
    },
]

# RFC 3526 group 15, the SRP group of Cognito (for device secret verifiers).
_SRP_N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E34"
    "04DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6"
    "F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A6916"
    "3FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C"
    "32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA95"
    "6AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA7157"
    "5D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D876"
    "02733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E"
    "4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)


def _client(endpoint_url: str, region: str) -> Any:
    return sdk_client("cognito-idp", endpoint_url=endpoint_url, region=region)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _secret_hash(username: str, client_id: str, client_secret: str) -> str:
    digest = hmac.new(
        client_secret.encode(), (username + client_id).encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def _pad_hex(value: int | str) -> str:
    hex_value = value if isinstance(value, str) else format(value, "x")
    if len(hex_value) % 2:
        hex_value = "0" + hex_value
    elif hex_value[0] in "89abcdefABCDEF":
        hex_value = "00" + hex_value
    return hex_value


def device_secret_verifier(device_group_key: str, device_key: str) -> dict[str, str]:
    """A DeviceSecretVerifierConfig as the AWS SDKs compute it (SRP-6a, SHA-256)."""
    password = base64.b64encode(secrets.token_bytes(40)).decode()
    full = hashlib.sha256(f"{device_group_key}{device_key}:{password}".encode()).hexdigest()
    salt = _pad_hex(secrets.token_hex(16))
    x = int(hashlib.sha256(bytes.fromhex(salt + full)).hexdigest(), 16)
    verifier = pow(2, x, _SRP_N)
    return {
        "PasswordVerifier": base64.b64encode(bytes.fromhex(_pad_hex(verifier))).decode(),
        "Salt": base64.b64encode(bytes.fromhex(salt)).decode(),
    }


def _find_pool(cognito: Any, name: str) -> str | None:
    for page in cognito.get_paginator("list_user_pools").paginate(MaxResults=60):
        for pool in page["UserPools"]:
            if pool["Name"] == name:
                return pool["Id"]
    return None


def _people(
    rng: random.Random, count: int, odd: list[tuple[str, str, str]]
) -> list[dict[str, Any]]:
    """`count` distinct people, the odd usernames first."""
    people: list[dict[str, Any]] = []
    taken: set[str] = set()
    emails: set[str] = set()
    for username, given, family in odd:
        taken.add(username)
        people.append({"username": username, "given": given, "family": family})
    while len(people) < count:
        given, family = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        style = rng.random()
        if style < 0.55:
            username = f"{_ascii(given)}.{_ascii(family)}"
        elif style < 0.75:
            username = f"{_ascii(given)[0]}{_ascii(family)}{rng.randint(1, 99)}"
        elif style < 0.9:
            username = f"{_ascii(given)}.{_ascii(family)}@{rng.choice(DOMAINS)}"
        else:
            username = f"{given.lower()}.{family.lower().replace(' ', '')}"
        if username in taken:
            username = f"{username}{rng.randint(2, 999)}"
            if username in taken:
                continue
        taken.add(username)
        people.append({"username": username, "given": given, "family": family})
    for person in people:
        base = f"{_ascii(person['given'])}.{_ascii(person['family'])}"
        # An email-shaped username is its email, unless it is not ASCII: the console (and
        # perhaps Cognito) refuses non-ASCII emails (docs/emulator.md, "Value rules").
        username = person["username"]
        email_like = "@" in username and username.isascii()
        email = username if email_like else f"{base}@{rng.choice(DOMAINS)}"
        while email in emails:
            local, domain = email.split("@", 1)
            email = f"{local}{rng.randint(1, 99)}@{domain}"
        emails.add(email)
        person["email"] = email
    return people


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"+1555{rng.randint(0, 9_999_999):07d}"  # 555: reserved for fiction
    return f"+447700900{rng.randint(0, 999):03d}"  # Ofcom's drama range


def _status_plan(rng: random.Random, count: int) -> list[str]:
    weights = [
        ("CONFIRMED", 0.6),
        ("FORCE_CHANGE_PASSWORD", 0.15),
        ("RESET_REQUIRED", 0.12),
        ("UNCONFIRMED", 0.13),
    ]
    statuses = [name for name, weight in weights for _ in range(round(weight * count))]
    while len(statuses) < count:
        statuses.append("CONFIRMED")
    statuses = statuses[:count]
    rng.shuffle(statuses)
    return statuses


def _create_users(
    cognito: Any,
    rng: random.Random,
    pool_id: str,
    public_client_id: str,
    people: list[dict[str, Any]],
    *,
    custom: bool,
    username_is_email: bool = False,
) -> list[dict[str, Any]]:
    statuses = _status_plan(rng, len(people))
    # Pin the statuses of the first (odd) usernames, so every status has one.
    pinned = (
        "CONFIRMED",
        "CONFIRMED",
        "CONFIRMED",
        "UNCONFIRMED",
        "FORCE_CHANGE_PASSWORD",
        "RESET_REQUIRED",
    )
    for index, status in enumerate(pinned):
        if index < len(statuses):
            statuses[index] = status
    for person, status in zip(people, statuses, strict=True):
        attributes = [
            {"Name": "email", "Value": person["email"]},
            {"Name": "given_name", "Value": person["given"]},
            {"Name": "family_name", "Value": person["family"]},
            {"Name": "name", "Value": f"{person['given']} {person['family']}"},
        ]
        if rng.random() < 0.6:
            attributes.append({"Name": "phone_number", "Value": _phone(rng)})
            if status != "UNCONFIRMED" and rng.random() < 0.5:
                attributes.append({"Name": "phone_number_verified", "Value": "true"})
        if rng.random() < 0.4:
            attributes.append({"Name": "locale", "Value": rng.choice(LOCALES)})
        if custom:
            attributes.append({"Name": "custom:tenant_id", "Value": rng.choice(TENANTS)})
            attributes.append({"Name": "custom:plan", "Value": rng.choice(PLANS)})
        username = person["email"] if username_is_email else person["username"]
        if status == "UNCONFIRMED":
            cognito.sign_up(
                ClientId=public_client_id,
                Username=username,
                Password=DEMO_PASSWORD,
                UserAttributes=attributes,
            )
        else:
            attributes.append({"Name": "email_verified", "Value": "true"})
            cognito.admin_create_user(
                UserPoolId=pool_id,
                Username=username,
                UserAttributes=attributes,
                TemporaryPassword=DEMO_PASSWORD,
                MessageAction="SUPPRESS",
            )
            if status in ("CONFIRMED", "RESET_REQUIRED"):
                cognito.admin_set_user_password(
                    UserPoolId=pool_id, Username=username, Password=DEMO_PASSWORD, Permanent=True
                )
            if status == "RESET_REQUIRED":
                cognito.admin_reset_user_password(UserPoolId=pool_id, Username=username)
        disabled = rng.random() < 0.08
        if disabled:
            cognito.admin_disable_user(UserPoolId=pool_id, Username=username)
        person.update(status=status, disabled=disabled, sign_in=username)
    return people


#: The attributes of every demo account's "Acme Customers" pool.
ACME_SCHEMA = [
    {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
    {
        "Name": "tenant_id",
        "AttributeDataType": "String",
        "Mutable": True,
        "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"},
    },
    {
        "Name": "plan",
        "AttributeDataType": "String",
        "Mutable": True,
        "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "32"},
    },
]
ACME_PASSWORD_POLICY = {
    "MinimumLength": 12,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}


def _create_acme(cognito: Any, rng: random.Random) -> dict[str, Any]:
    pool = cognito.create_user_pool(
        PoolName=ACME_POOL_NAME,
        Policies={"PasswordPolicy": ACME_PASSWORD_POLICY},
        AutoVerifiedAttributes=["email"],
        # Usernames come from Acme's old system (some look like email addresses), so
        # email cannot be an alias; preferred_username can.
        AliasAttributes=["preferred_username"],
        UsernameConfiguration={"CaseSensitive": False},
        VerificationMessageTemplate={
            "DefaultEmailOption": "CONFIRM_WITH_CODE",
            "EmailSubject": "Your Acme verification code",
            "EmailMessage": "Your Acme verification code is {####}.",
            "SmsMessage": "Your Acme code is {####}",
        },
        MfaConfiguration="OFF",
        # The Plus plan with threat protection in audit mode: Cognito keeps each user's
        # sign-in history (AdminListUserAuthEvents) and acts on nothing.
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"},
        DeviceConfiguration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": True,
        },
        EmailConfiguration={"EmailSendingAccount": "COGNITO_DEFAULT"},
        AdminCreateUserConfig={
            "AllowAdminCreateUserOnly": False,
            "InviteMessageTemplate": {
                "EmailSubject": "Welcome to Acme",
                "EmailMessage": (
                    "Hello, your Acme username is {username} and your temporary "
                    "password is {####}. It expires in 7 days."
                ),
                "SMSMessage": "Acme: username {username}, temporary password {####}",
            },
        },
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        Schema=ACME_SCHEMA,
        UserPoolTags={"environment": "demo", "team": "customer-support", "cost-center": "cc-4711"},
    )["UserPool"]
    pool_id = pool["Id"]
    public = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="acme-web",
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        AccessTokenValidity=60,
        IdTokenValidity=60,
        RefreshTokenValidity=30,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        ReadAttributes=[
            "email",
            "email_verified",
            "name",
            "given_name",
            "family_name",
            "phone_number",
            "locale",
            "custom:tenant_id",
            "custom:plan",
        ],
        WriteAttributes=["email", "name", "given_name", "family_name", "phone_number", "locale"],
    )["UserPoolClient"]
    backend = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="acme-support-backend",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        RefreshTokenValidity=7,
        TokenValidityUnits={"RefreshToken": "days"},
    )["UserPoolClient"]

    people = _people(rng, ACME_USER_COUNT, ODD_USERNAMES)
    _create_users(cognito, rng, pool_id, public["ClientId"], people, custom=True)
    # A few users picked a preferred_username (an alias, so unique).
    for index, person in enumerate(p for p in people if p["status"] == "CONFIRMED"):
        if index % 15 == 0:
            cognito.admin_update_user_attributes(
                UserPoolId=pool_id,
                Username=person["username"],
                UserAttributes=[
                    {"Name": "preferred_username", "Value": f"{_ascii(person['given'])}{index}"}
                ],
            )

    for group in ACME_GROUPS:
        cognito.create_group(UserPoolId=pool_id, **group)
    members = _acme_memberships(rng, people)
    for group_name, usernames in members.items():
        for username in usernames:
            cognito.admin_add_user_to_group(
                UserPoolId=pool_id, Username=username, GroupName=group_name
            )

    device_owners = _acme_devices(cognito, pool_id, backend, people)
    stories = _sign_in_stories(cognito, pool_id, backend, people)
    return {
        "id": pool_id,
        "users": len(people),
        "statuses": dict(Counter(p["status"] for p in people)),
        "disabled": sum(1 for p in people if p["disabled"]),
        "groups": {name: len(usernames) for name, usernames in members.items()},
        "clients": 2,
        "devices": len(device_owners),
        "device_users": sorted(set(device_owners)),
        "stories": stories,
    }


def _acme_memberships(rng: random.Random, people: list[dict[str, Any]]) -> dict[str, list[str]]:
    staff = [p["username"] for p in people if p["status"] == "CONFIRMED" and not p["disabled"]]
    everyone = [p["username"] for p in people]
    admins = ["ops/alice", *rng.sample(staff[10:], 2)]
    leads = ["ops/bob", *rng.sample(staff[10:], 3)]
    support = rng.sample(staff[10:], 14)
    # Four agents are in both precedence-5 groups, whose roles differ: their tokens get
    # no cognito:preferred_role.
    billing = [*support[:4], *rng.sample([u for u in staff[10:] if u not in support], 5)]
    return {
        "admins": admins,
        "support-leads": leads,
        "support": support,
        "billing": billing,
        "beta-testers": rng.sample(everyone, 25),
        "newsletter": rng.sample(everyone, 70),
    }


def _password_auth(
    cognito: Any, client: dict[str, Any], username: str, password: str, **extra: Any
) -> dict[str, Any]:
    """InitiateAuth with USER_PASSWORD_AUTH through an app client with a secret (its
    SECRET_HASH added), as an app's server signs a user in; Cognito's reply."""
    return cognito.initiate_auth(
        ClientId=client["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": username,
            "PASSWORD": password,
            "SECRET_HASH": _secret_hash(username, client["ClientId"], client["ClientSecret"]),
        },
        **extra,
    )


def _acme_devices(
    cognito: Any, pool_id: str, client: dict[str, Any], people: list[dict[str, Any]]
) -> list[str]:
    """Sign some users in the way an app does, and confirm the device each time."""
    confirmed = [p for p in people if p["status"] == "CONFIRMED" and not p["disabled"]]
    plan = [
        (confirmed[0], "Chrome 126 on macOS", True),
        (confirmed[0], "Safari on iPhone 15", False),
        (confirmed[1], "Firefox 127 on Windows 11", True),
        (confirmed[2], "Acme Android app (Pixel 8)", True),
    ]
    owners: list[str] = []
    for person, device_name, remember in plan:
        username = person["sign_in"]
        auth = _password_auth(cognito, client, username, DEMO_PASSWORD)
        result = auth.get("AuthenticationResult") or {}
        metadata = result.get("NewDeviceMetadata")
        if not metadata:
            continue
        cognito.confirm_device(
            AccessToken=result["AccessToken"],
            DeviceKey=metadata["DeviceKey"],
            DeviceName=device_name,
            DeviceSecretVerifierConfig=device_secret_verifier(
                metadata["DeviceGroupKey"], metadata["DeviceKey"]
            ),
        )
        if remember:
            cognito.update_device_status(
                AccessToken=result["AccessToken"],
                DeviceKey=metadata["DeviceKey"],
                DeviceRememberedStatus="remembered",
            )
        owners.append(person["username"])
    return owners


#: Where the demo's sign-ins come from (documentation addresses, RFC 5737).
OFFICE_IP = "203.0.113.24"
UNKNOWN_IP = "198.51.100.77"
#: Failed attempts of the locked-out story. AWS locks failure n (n >= 5) for
#: 2^(n-5) seconds, at most 15 minutes (developer guide, "Lockout behavior for failed
#: sign-in attempts"): the 15th failure is locked the full 15 minutes.
LOCK_FAILURES = 15
#: The identity provider of the federation stories.
SSO_PROVIDER = "AcmeSSO"


def _local_aids(pool_id: str) -> tuple[Any, Any] | None:
    """(auth_events, linked_providers) when the embedded backend runs in this process
    and holds `pool_id`; None against any other endpoint."""
    try:
        from console.emulator import auth_events, linked_providers

        auth_events._pool_anywhere(pool_id)
    except (ImportError, LookupError):
        return None
    return auth_events, linked_providers


@contextlib.contextmanager
def _clock(auth_events: Any, at: datetime) -> Iterator[None]:
    """The embedded backend's clock reads `at` for the sign-ins made inside."""
    real = auth_events.now
    auth_events.now = lambda: at
    try:
        yield
    finally:
        auth_events.now = real


def _password_sign_in(
    cognito: Any, client: dict[str, Any], username: str, password: str, ip: str
) -> str:
    """InitiateAuth (USER_PASSWORD_AUTH) from `ip`, as an app's server does: "ok", or
    the refusal's message."""
    try:
        _password_auth(cognito, client, username, password, UserContextData={"IpAddress": ip})
    except cognito.exceptions.NotAuthorizedException as exc:
        return exc.response["Error"]["Message"]
    return "ok"


def _lock_schedule(now: datetime) -> list[datetime]:
    """When the locked-out story's failures happen, oldest first: each after the lock
    the one before it started has ended, the last one now."""
    times = [now]
    for n in range(LOCK_FAILURES - 1, 0, -1):
        gap = 2 ** (n - 5) + 1 if n >= 5 else 20
        times.append(times[-1] - timedelta(seconds=gap))
    return times[::-1]


def _sign_in_stories(
    cognito: Any, pool_id: str, client: dict[str, Any], people: list[dict[str, Any]]
) -> dict[str, Any]:
    """The users a support desk asks "why can't they sign in?" about (module docstring)."""
    confirmed = [p for p in people if p["status"] == "CONFIRMED" and not p["disabled"]]
    invited = [p for p in people if p["status"] == "FORCE_CHANGE_PASSWORD" and not p["disabled"]]
    stories: dict[str, Any] = {}

    # A wrong password twice from the office, then the right one.
    typo = confirmed[5]["sign_in"]
    for password in ("Demo-Passw0rd!2023", "demo-passw0rd!2024", DEMO_PASSWORD):
        _password_sign_in(cognito, client, typo, password, OFFICE_IP)
    stories["failed_then_signed_in"] = typo

    # A federated identity linked to a native user (public API).
    cognito.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName=SSO_PROVIDER,
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "acme-demo-console",
            "client_secret": secrets.token_urlsafe(24),
            "attributes_request_method": "GET",
            "oidc_issuer": "https://sso.acme-customer.test",
            "authorize_scopes": "openid email profile",
        },
        AttributeMapping={"email": "email", "name": "name"},
    )
    linked = confirmed[7]["sign_in"]
    cognito.admin_link_provider_for_user(
        UserPoolId=pool_id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": linked},
        SourceUser={
            "ProviderName": SSO_PROVIDER,
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "acme-sso-4f9c2a71",
        },
    )
    stories["linked_identity"] = linked

    aids = _local_aids(pool_id)
    if aids is None:
        return stories
    auth_events, linked_providers = aids

    # Locked by failed attempts: 15 wrong passwords over the last 17 minutes; the
    # last one locks the user for 15 minutes from now.
    locked = confirmed[6]["sign_in"]
    # A customer of three months, not one made a moment before their failed sign-ins.
    auth_events.backdate_user(pool_id=pool_id, username=locked, days=90)
    for at in _lock_schedule(datetime.now(UTC)):
        with _clock(auth_events, at):
            _password_sign_in(cognito, client, locked, "Summer2024!", UNKNOWN_IP)
    stories["locked_out"] = locked

    # Invitations: four expired (sent 8-20 days ago, valid 7), two expiring soon; the
    # first expired one tried its temporary password and was refused.
    for person, days in zip(invited, (20, 14, 10, 8, 6.5, 5.8), strict=False):
        auth_events.backdate_user(pool_id=pool_id, username=person["sign_in"], days=days)
    stories["expired_invitations"] = [p["sign_in"] for p in invited[:4]]
    stories["expiring_invitations"] = [p["sign_in"] for p in invited[4:6]]
    _password_sign_in(cognito, client, invited[0]["sign_in"], DEMO_PASSWORD, OFFICE_IP)

    # A federated-only user: their first sign-in through AcmeSSO made them.
    stories["federated_only"] = linked_providers.add_federated_user(
        pool_id=pool_id,
        provider_name=SSO_PROVIDER,
        provider_user_id="acme-sso-9b03d6e2",
        attributes={"email": "r.osei@acme-customer.test", "name": "Ruth Osei"},
    )
    return stories


def _set_mfa(cognito: Any, pool_id: str, mode: str, *, totp: bool, product: str) -> None:
    """SetUserPoolMfaConfig: `mode` (OPTIONAL or ON) with SMS codes sent through an SNS
    role named after `product`, and the authenticator app if `totp`."""
    name = product.replace(" ", "")
    cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration=mode,
        SoftwareTokenMfaConfiguration={"Enabled": totp},
        SmsMfaConfiguration={
            "SmsAuthenticationMessage": f"Your {product} code is {{####}}",
            "SmsConfiguration": {
                "SnsCallerArn": ROLE.format(f"{name}Sms"),
                "ExternalId": f"{product.lower().replace(' ', '-')}-demo",
                "SnsRegion": cognito.meta.region_name,
            },
        },
    )


def _create_field(cognito: Any) -> dict[str, Any]:
    """A small pool that requires MFA by SMS only, where one technician has no phone
    number: Cognito cannot send them a code, so they cannot sign in."""
    pool_id = cognito.create_user_pool(
        PoolName=FIELD_POOL_NAME,
        Policies={"PasswordPolicy": {"MinimumLength": 10, "TemporaryPasswordValidityDays": 7}},
        AutoVerifiedAttributes=["phone_number"],
        MfaConfiguration="OFF",
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        UserPoolTags={"environment": "demo", "team": "field-operations"},
    )["UserPool"]["Id"]
    _set_mfa(cognito, pool_id, "ON", totp=False, product="Field Service")
    cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="field-service-app",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
    )
    technicians = [
        ("f.okafor", "+447700900101"),
        ("m.lindqvist", "+46701740605"),
        ("s.tanaka", "+819012345678"),
        ("p.moreau", ""),
    ]
    for username, phone in technicians:
        attributes = [{"Name": "name", "Value": username}]
        if phone:
            attributes += [
                {"Name": "phone_number", "Value": phone},
                {"Name": "phone_number_verified", "Value": "true"},
            ]
        cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=username,
            UserAttributes=attributes,
            TemporaryPassword=DEMO_PASSWORD,
            MessageAction="SUPPRESS",
        )
        cognito.admin_set_user_password(
            UserPoolId=pool_id, Username=username, Password=DEMO_PASSWORD, Permanent=True
        )
    sign_in_pages = _field_sign_in_pages(cognito, pool_id)
    return {
        "id": pool_id,
        "users": len(technicians),
        "mfa_unusable": "p.moreau",
        "sign_in_pages": sign_in_pages,
    }


PARTNER_DOMAIN = "partner-portal-demo"
PARTNER_API = "https://api.partners.example.com"
PARTNER_OIDC = "PartnerSSO"
PARTNER_SES = "arn:aws:ses:us-east-1:" + ACCOUNT + ":identity/partners.example.com"
PARTNER_TERMS = "https://partners.example.com/terms"
PARTNER_LOG_GROUP = (
    "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws/cognito/partner-portal-demo"
)
#: Partner Portal's managed login branding style (the web client's): a few of the
#: branding editor's settings, and a header logo.
PARTNER_BRANDING_SETTINGS = {
    "categories": {
        "global": {"colorSchemeMode": "LIGHT", "pageHeader": {"enabled": True}},
        "form": {"displayGraphics": True, "location": {"horizontal": "CENTER"}},
    }
}
PARTNER_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32">'
    b'<text x="0" y="24" font-size="20">Partners</text></svg>'
)
FIELD_DOMAIN = "field-service-demo"
FIELD_CSS = (
    ".banner-customizable { padding: 25px 0px 25px 0px; background-color: #1f4e3d; }\n"
    ".submitButton-customizable { background-color: #1f4e3d; color: #ffffff; }\n"
)
#: A 1x1 PNG: the Field Service logo of the classic hosted UI.
FIELD_LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _field_sign_in_pages(cognito: Any, pool_id: str) -> dict[str, Any]:
    """Field Service signs in on the classic hosted UI: a prefix domain on version 1
    and the pool's classic customization (ClientId ALL: CSS and a logo), which styles
    classic pages only (API reference, SetUICustomization)."""
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain=FIELD_DOMAIN, ManagedLoginVersion=1)
    cognito.set_ui_customization(
        UserPoolId=pool_id, ClientId="ALL", CSS=FIELD_CSS, ImageFile=FIELD_LOGO
    )
    return {"domain": FIELD_DOMAIN}


def _partner_sign_in(cognito: Any, pool_id: str, client_id: str) -> dict[str, Any]:
    """Everything about how Partner Portal signs people in, set as an administrator
    would, through the public API: the Essentials plan, email sent with SES, email MFA
    beside SMS and the authenticator app, an OIDC identity provider, a prefix domain on
    managed login (version 2), a resource server with two scopes, the web client's OAuth
    settings using them, its managed login branding style and terms of use, and log
    delivery of message errors (userNotification ERROR) to CloudWatch Logs."""
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    update = {
        k: v
        for k, v in pool.items()
        if k
        in (
            "Policies",
            "AutoVerifiedAttributes",
            "SmsAuthenticationMessage",
            "AdminCreateUserConfig",
            "UserPoolTags",
            "MfaConfiguration",
            "SmsConfiguration",
            "UserAttributeUpdateSettings",
        )
    }
    # Email MFA needs email sent with the pool's own SES identity (DEVELOPER).
    cognito.update_user_pool(
        UserPoolId=pool_id,
        **update,
        UserPoolTier="ESSENTIALS",
        EmailConfiguration={
            "EmailSendingAccount": "DEVELOPER",
            "SourceArn": PARTNER_SES,
            "From": "Partner Portal <no-reply@partners.example.com>",
        },
    )
    mfa = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    cognito.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration=mfa["MfaConfiguration"],
        SmsMfaConfiguration=mfa["SmsMfaConfiguration"],
        SoftwareTokenMfaConfiguration=mfa["SoftwareTokenMfaConfiguration"],
        EmailMfaConfiguration={
            "Subject": "Your Partner Portal sign-in code",
            "Message": "Your Partner Portal sign-in code is {####}.",
        },
    )
    cognito.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName=PARTNER_OIDC,
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "partner-portal",
            "client_secret": "demo-oidc-client-secret",
            "attributes_request_method": "GET",
            "oidc_issuer": "https://sso.partners.example.com",
            "authorize_scopes": "openid email profile",
        },
        AttributeMapping={"email": "email", "name": "name", "username": "sub"},
        IdpIdentifiers=["partners.example.com"],
    )
    # Managed login needs the Essentials plan, set above.
    cognito.create_user_pool_domain(
        UserPoolId=pool_id, Domain=PARTNER_DOMAIN, ManagedLoginVersion=2
    )
    cognito.create_resource_server(
        UserPoolId=pool_id,
        Identifier=PARTNER_API,
        Name="Partner API",
        Scopes=[
            {"ScopeName": "orders.read", "ScopeDescription": "Read the partner's orders"},
            {"ScopeName": "orders.write", "ScopeDescription": "Place and change orders"},
        ],
    )
    web = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    web = web["UserPoolClient"]
    cognito.update_user_pool_client(
        UserPoolId=pool_id,
        ClientId=client_id,
        ClientName=web["ClientName"],
        ExplicitAuthFlows=web["ExplicitAuthFlows"],
        PreventUserExistenceErrors="ENABLED",
        EnableTokenRevocation=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email", "profile", f"{PARTNER_API}/orders.read"],
        CallbackURLs=["https://partners.example.com/auth/callback"],
        LogoutURLs=["https://partners.example.com/signed-out"],
        SupportedIdentityProviders=["COGNITO", PARTNER_OIDC],
    )
    branding = cognito.create_managed_login_branding(
        UserPoolId=pool_id,
        ClientId=client_id,
        UseCognitoProvidedValues=False,
        Settings=PARTNER_BRANDING_SETTINGS,
        Assets=[
            {
                "Category": "PAGE_HEADER_LOGO",
                "ColorMode": "LIGHT",
                "Extension": "SVG",
                "Bytes": PARTNER_LOGO,
            }
        ],
    )["ManagedLoginBranding"]
    terms = cognito.create_terms(
        UserPoolId=pool_id,
        ClientId=client_id,
        TermsName="terms-of-use",
        TermsSource="LINK",
        Enforcement="NONE",
        Links={"cognito:default": PARTNER_TERMS},
    )["Terms"]
    cognito.set_log_delivery_configuration(
        UserPoolId=pool_id,
        LogConfigurations=[
            {
                "LogLevel": "ERROR",
                "EventSource": "userNotification",
                "CloudWatchLogsConfiguration": {"LogGroupArn": PARTNER_LOG_GROUP},
            }
        ],
    )
    return {
        "plan": "ESSENTIALS",
        "domain": PARTNER_DOMAIN,
        "identity_provider": PARTNER_OIDC,
        "resource_server": PARTNER_API,
        "branding": branding["ManagedLoginBrandingId"],
        "terms": terms["TermsId"],
        "log_group": PARTNER_LOG_GROUP,
    }


def _create_partner(cognito: Any, rng: random.Random) -> dict[str, Any]:
    pool_id = cognito.create_user_pool(
        PoolName=PARTNER_POOL_NAME,
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 10,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": False,
                "TemporaryPasswordValidityDays": 3,
            }
        },
        AutoVerifiedAttributes=["email"],
        UsernameAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        MfaConfiguration="OFF",
        SmsAuthenticationMessage="Your Partner Portal code is {####}",
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        UserPoolTags={"environment": "demo", "team": "partnerships"},
    )["UserPool"]["Id"]
    # Optional MFA (TOTP or SMS) is switched on after creation, as with real pools.
    _set_mfa(cognito, pool_id, "OPTIONAL", totp=True, product="Partner Portal")
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="partner-portal-web",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
    )["UserPoolClient"]
    signin = _partner_sign_in(cognito, pool_id, client["ClientId"])
    cognito.create_group(
        UserPoolId=pool_id,
        GroupName="partner-admins",
        Description="Administrators of partner organisations",
        Precedence=0,
        RoleArn=ROLE.format("PartnerAdmins"),
    )
    people = _people(rng, PARTNER_USER_COUNT, [])
    # AllowAdminCreateUserOnly: no sign-up here, so no UNCONFIRMED users.
    statuses = ["CONFIRMED"] * 9 + ["FORCE_CHANGE_PASSWORD"] * 4 + ["RESET_REQUIRED"] * 2
    for person, status in zip(people, statuses, strict=True):
        username = person["email"]
        attributes = [
            {"Name": "email", "Value": username},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "name", "Value": f"{person['given']} {person['family']}"},
            {"Name": "phone_number", "Value": _phone(rng)},
        ]
        cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=username,
            UserAttributes=attributes,
            TemporaryPassword=DEMO_PASSWORD,
            MessageAction="SUPPRESS",
        )
        if status != "FORCE_CHANGE_PASSWORD":
            cognito.admin_set_user_password(
                UserPoolId=pool_id, Username=username, Password=DEMO_PASSWORD, Permanent=True
            )
        if status == "RESET_REQUIRED":
            cognito.admin_reset_user_password(UserPoolId=pool_id, Username=username)
        person.update(status=status, disabled=False, sign_in=username)
    for person in people[:3]:
        cognito.admin_add_user_to_group(
            UserPoolId=pool_id, Username=person["sign_in"], GroupName="partner-admins"
        )
    # One user still has the legacy SMS MFA setting of the pre-2019 API.
    cognito.admin_set_user_settings(
        UserPoolId=pool_id,
        Username=people[0]["sign_in"],
        MFAOptions=[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}],
    )
    return {
        "id": pool_id,
        "users": len(people),
        "statuses": dict(Counter(statuses)),
        "disabled": 0,
        "groups": {"partner-admins": 3},
        "clients": 1,
        "client_id": client["ClientId"],
        "devices": 0,
        "sign_in": signin,
    }


def load_demo(*, endpoint_url: str, region: str = "us-east-1") -> dict[str, Any]:
    """Create the demo pools unless they exist; return what is there."""
    cognito = _client(endpoint_url, region)
    existing = _find_pool(cognito, ACME_POOL_NAME)
    if existing:
        return {
            "created": False,
            "pools": {
                ACME_POOL_NAME: existing,
                PARTNER_POOL_NAME: _find_pool(cognito, PARTNER_POOL_NAME),
                FIELD_POOL_NAME: _find_pool(cognito, FIELD_POOL_NAME),
            },
        }
    rng = random.Random(20240611)  # noqa: S311 - demo data, not security
    acme = _create_acme(cognito, rng)
    partner = _create_partner(cognito, rng)
    field = _create_field(cognito)
    return {
        "created": True,
        "pools": {
            ACME_POOL_NAME: acme["id"],
            PARTNER_POOL_NAME: partner["id"],
            FIELD_POOL_NAME: field["id"],
        },
        "details": {ACME_POOL_NAME: acme, PARTNER_POOL_NAME: partner, FIELD_POOL_NAME: field},
        "users": acme["users"] + partner["users"] + field["users"],
    }


# --------------------------------------------------------------- the other accounts
#: The name of the default connection (moto's default account) in the demo.
DEVELOPMENT_NAME = "Development (demo)"
#: The console's role in each of the demo's other accounts.
CONSOLE_ROLE_NAME = "CognitoConsole"


@dataclass(frozen=True)
class DemoAccount:
    """One of the demo's other AWS accounts and the connection that reaches it.

    slug / name / environment: the Connection's; account_id: the 12-digit account;
    external_id: the one the console's role there requires; pool_name, users, seed:
    its "Acme Customers" pool, how many users it has, the random seed they come from.
    """

    slug: str
    name: str
    account_id: str
    environment: str
    external_id: str
    pool_name: str
    users: int
    seed: int
    tier: str = "ESSENTIALS"

    @property
    def role_arn(self) -> str:
        return f"arn:aws:iam::{self.account_id}:role/{CONSOLE_ROLE_NAME}"


PRODUCTION = DemoAccount(
    slug="prod",
    name="Production (demo)",
    account_id="222222222222",
    environment="production",
    external_id="cognito-console-demo-prod",
    pool_name="Acme Customers (production)",
    users=40,
    seed=20240612,
    tier="PLUS",
)
STAGING = DemoAccount(
    slug="staging",
    name="Staging (demo)",
    account_id="333333333333",
    environment="staging",
    external_id="cognito-console-demo-staging",
    pool_name="Acme Customers (staging)",
    users=15,
    seed=20240613,
)
OTHER_ACCOUNTS = (PRODUCTION, STAGING)


def _account_groups(account: DemoAccount) -> list[dict[str, Any]]:
    """The Acme groups, their roles in `account` (a role ARN names its own account)."""
    groups = []
    for group in ACME_GROUPS:
        group = dict(group)
        if "RoleArn" in group:
            group["RoleArn"] = group["RoleArn"].replace(f":{ACCOUNT}:", f":{account.account_id}:")
        groups.append(group)
    return groups


def _account_memberships(rng: random.Random, people: list[dict[str, Any]]) -> dict[str, list[str]]:
    """A small team: 2 admins, 1 lead, 5 agents (2 of them also in billing, a group of
    the same precedence with another role), 3 in billing; a few customers in the other
    two groups."""
    staff = [p["username"] for p in people if p["status"] == "CONFIRMED" and not p["disabled"]]
    everyone = [p["username"] for p in people]
    picked = rng.sample(staff, min(len(staff), 8))
    support = picked[3:8]
    return {
        "admins": picked[:2],
        "support-leads": picked[2:3],
        "support": support,
        "billing": [*support[:2], *[u for u in staff if u not in picked][:1]],
        "beta-testers": rng.sample(everyone, min(len(everyone), 5)),
        "newsletter": rng.sample(everyone, min(len(everyone), 12)),
    }


def _create_account_pool(cognito: Any, account: DemoAccount) -> dict[str, Any]:
    """The account's "Acme Customers" pool: Acme's settings on a smaller scale, with
    deletion protection in production."""
    rng = random.Random(account.seed)  # noqa: S311 - demo data, not security
    pool_id = cognito.create_user_pool(
        PoolName=account.pool_name,
        Policies={"PasswordPolicy": ACME_PASSWORD_POLICY},
        AutoVerifiedAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        MfaConfiguration="OFF",
        UserPoolTier=account.tier,
        DeletionProtection="ACTIVE" if account.environment == "production" else "INACTIVE",
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        Schema=ACME_SCHEMA,
        UserPoolTags={"environment": account.environment, "team": "customer-support"},
    )["UserPool"]["Id"]
    public = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="acme-web",
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
    )["UserPoolClient"]
    people = _people(rng, account.users, [])
    _create_users(cognito, rng, pool_id, public["ClientId"], people, custom=True)
    for group in _account_groups(account):
        cognito.create_group(UserPoolId=pool_id, **group)
    members = _account_memberships(rng, people)
    for group_name, usernames in members.items():
        for username in usernames:
            cognito.admin_add_user_to_group(
                UserPoolId=pool_id, Username=username, GroupName=group_name
            )
    return {
        "id": pool_id,
        "users": len(people),
        "statuses": dict(Counter(p["status"] for p in people)),
        "groups": {name: len(usernames) for name, usernames in members.items()},
        "clients": 1,
    }


def load_accounts(*, endpoint_url: str, region: str = "us-east-1") -> list[dict[str, Any]]:
    """Make the console's role and the "Acme Customers" pool in each of OTHER_ACCOUNTS
    unless they exist; return, per account, what its Connection row needs.

    Each item: slug, name, account_id, environment, role_arn, external_id (the
    Connection's fields), pools ({name: pool ID}), created (False when the pool was
    there) and details (what was created; None when nothing was). The role is made
    from moto's default account through the account's OrganizationAccountAccessRole
    (docs/emulator.md), and the pool through the console's role itself, with its
    external ID, as the console reaches it. Raises botocore's ClientError if a role
    is refused.
    """
    loaded = []
    for account in OTHER_ACCOUNTS:
        role_arn = provision_console_role(
            endpoint_url,
            account.account_id,
            CONSOLE_ROLE_NAME,
            ACCOUNT,
            account.external_id,
            region=region,
        )
        cognito = role_client(
            "cognito-idp",
            endpoint_url=endpoint_url,
            role_arn=role_arn,
            external_id=account.external_id,
            region=region,
        )
        existing = _find_pool(cognito, account.pool_name)
        details = None if existing else _create_account_pool(cognito, account)
        loaded.append(
            {
                "slug": account.slug,
                "name": account.name,
                "account_id": account.account_id,
                "environment": account.environment,
                "role_arn": role_arn,
                "external_id": account.external_id,
                "pools": {account.pool_name: existing or details["id"]},
                "created": details is not None,
                "details": details,
            }
        )
    return loaded
