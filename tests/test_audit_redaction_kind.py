"""The audit log redacts exactly the secrets (finding T1-2): every member botocore's
model marks sensitive in every operation the console calls, and nothing that is
configuration (PreTokenGenerationConfig, SoftwareTokenMfaConfiguration, token
validities, PasswordPolicy...), which a person reading the log needs to see.

A request holding every member of the operation (at every depth) is built from the
model and redacted as the audit log records it; each leaf is then checked against the
model: sensitive (outside the identifiers the log keeps) means redacted, anything else
kept as sent.
"""

from __future__ import annotations

import botocore.session
import pytest

from console.audit import REDACTED, audit_context, redact
from console.cognito.sensitive import KEPT_SHAPES
from console.cognito.transport import write
from console.models import AuditEvent
from tests.test_cognito_coverage import called_operations, model_operations, service_layer_sources

MODEL = botocore.session.get_session().get_service_model("cognito-idp")


def _called() -> list[str]:
    return sorted(called_operations(service_layer_sources(), set(model_operations())))


def _secret(shape) -> bool:
    if shape.name in KEPT_SHAPES:
        return False
    if shape.metadata.get("sensitive"):
        return True
    inner = getattr(shape, "member", None) or getattr(shape, "value", None)
    return inner is not None and _secret(inner)


def _sample(shape, depth=0):
    """A value of `shape`: every member of a structure, one item of a list or map."""
    if depth > 6:
        return None
    if shape.type_name == "structure":
        return {name: _sample(member, depth + 1) for name, member in shape.members.items()}
    if shape.type_name == "list":
        return [_sample(shape.member, depth + 1)]
    if shape.type_name == "map":
        return {"somekey": _sample(shape.value, depth + 1)}
    if shape.type_name == "boolean":
        return True
    if shape.type_name in ("integer", "long"):
        return 7
    if shape.type_name == "blob":
        return "blob"
    return f"value-of-{shape.name}"


def _problems(shape, sent, recorded, path="") -> list[str]:
    """Where `recorded` (the redacted `sent`) hides a non-secret or shows a secret."""
    found = []
    if shape.type_name != "structure":
        return found
    for name, member in shape.members.items():
        if sent.get(name) is None:
            continue
        where = f"{path}.{name}" if path else name
        if _secret(member):
            if _shows(recorded.get(name)):
                found.append(f"{where} (sensitive) is shown: {recorded.get(name)!r}")
        elif member.type_name == "structure":
            found += _problems(member, sent[name], recorded.get(name) or {}, where)
        elif member.type_name == "list" and member.member.type_name == "structure":
            found += _problems(member.member, sent[name][0], (recorded.get(name) or [{}])[0], where)
        elif member.type_name in ("list", "map"):
            if recorded.get(name) != sent[name]:
                found.append(f"{where} (not sensitive) is hidden: {recorded.get(name)!r}")
        elif recorded.get(name) != sent[name]:
            found.append(f"{where} (not sensitive) is hidden: {recorded.get(name)!r}")
    return found


def _shows(value) -> bool:
    """Whether any leaf of `value` is not REDACTED (a secret map keeps its USERNAME)."""
    if isinstance(value, dict):
        return any(_shows(v) for k, v in value.items() if k.upper() != "USERNAME")
    if isinstance(value, list):
        return any(_shows(v) for v in value)
    return value != REDACTED


def test_it_knows_the_operations_the_console_calls():
    called = _called()
    assert {"UpdateUserPool", "SetUserPoolMfaConfig", "AdminCreateUser"} <= set(called)


@pytest.mark.parametrize("operation", _called())
def test_it_redacts_every_sensitive_member_and_nothing_else(operation):
    shape = MODEL.operation_model(operation).input_shape
    if shape is None:
        return
    sent = _sample(shape)
    assert _problems(shape, sent, redact(sent, operation=operation)) == []


def test_it_keeps_the_configuration_the_tester_saw_hidden():
    pool = {
        "UserPoolId": "us-east-1_x",
        "LambdaConfig": {
            "PreTokenGeneration": "arn:aws:lambda:us-east-1:123456789012:function:Claims",
            "PreTokenGenerationConfig": {"LambdaArn": "arn:x", "LambdaVersion": "V2_0"},
        },
        "Policies": {"PasswordPolicy": {"MinimumLength": 12}},
        "VerificationMessageTemplate": {"EmailMessage": "Your code is {####}"},
    }
    mfa = {"UserPoolId": "us-east-1_x", "SoftwareTokenMfaConfiguration": {"Enabled": True}}
    client = {
        "UserPoolId": "us-east-1_x",
        "ClientId": "abc",
        "RefreshTokenValidity": 30,
        "TokenValidityUnits": {"AccessToken": "hours", "RefreshToken": "days"},
        "AuthSessionValidity": 3,
        "EnableTokenRevocation": True,
    }
    assert redact(pool, operation="UpdateUserPool") == pool
    assert redact(mfa, operation="SetUserPoolMfaConfig") == mfa
    assert redact(client, operation="UpdateUserPoolClient") == client


def test_it_redacts_the_secrets_the_model_does_not_mark():
    provider = redact(
        {"ProviderDetails": {"client_id": "id", "client_secret": "s", "private_key": "k"}},
        operation="UpdateIdentityProvider",
    )
    answer = redact(
        {"ChallengeResponses": {"USERNAME": "bob", "NEW_PASSWORD": "p", "SMS_MFA_CODE": "1"}},
        operation="AdminRespondToAuthChallenge",
    )
    cleaned = {**provider, **answer}
    assert cleaned == {
        "ProviderDetails": {"client_id": "id", "client_secret": REDACTED, "private_key": REDACTED},
        "ChallengeResponses": {
            "USERNAME": "bob",
            "NEW_PASSWORD": REDACTED,
            "SMS_MFA_CODE": REDACTED,
        },
    }


def test_it_records_a_trigger_change_readably(admin, pool_id):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:Claims"
    with audit_context(user=admin):
        write(
            "UpdateUserPool",
            region="us-east-1",
            pool_id=pool_id,
            UserPoolId=pool_id,
            LambdaConfig={
                "PreTokenGeneration": arn,
                "PreTokenGenerationConfig": {"LambdaArn": arn, "LambdaVersion": "V1_0"},
            },
        )
    event = AuditEvent.objects.get(action="UpdateUserPool")
    assert event.parameters["LambdaConfig"]["PreTokenGeneration"] == arn
    assert event.parameters["LambdaConfig"]["PreTokenGenerationConfig"]["LambdaVersion"] == "V1_0"
