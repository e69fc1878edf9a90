"""console.cognito.schema: limits from botocore's service model."""

import botocore.session

from console.cognito import schema


def test_it_reads_limits_from_the_service_model():
    model = botocore.session.get_session().get_service_model("cognito-idp")
    shape = model.shape_for("PasswordPolicyMinLengthType")
    limits = schema.limits("CreateUserPool", "Policies.PasswordPolicy.MinimumLength")
    assert (limits.min, limits.max) == (shape.metadata["min"], shape.metadata["max"])
    assert schema.enum("CreateUserPool", "MfaConfiguration") == ("OFF", "ON", "OPTIONAL")
    assert schema.limits("CreateUserPool", "Schema[].Name").max == 20


def test_it_checks_java_style_unicode_patterns():
    pattern = schema.limits("CreateUserPool", "EmailVerificationMessage").pattern
    assert schema.matches(pattern, "Votre code é: {####}")
    assert not schema.matches(pattern, "No placeholder here")
    sms = schema.limits("CreateUserPool", "SmsVerificationMessage").pattern
    assert schema.matches(sms, "Code {####}")


def test_it_checks_arns_against_the_model_pattern():
    limits = schema.limits("CreateUserPool", "LambdaConfig.PreSignUp")
    assert limits.check("arn:aws:lambda:us-east-1:123456789012:function:pre") is None
    assert "ARN" in limits.check("arn:aws:lambda:us-east-1:notanaccount:function:pre")
    assert "at least" in limits.check("arn:a")


def test_it_keeps_only_the_keys_an_operation_accepts():
    reply = {
        "Id": "us-east-1_x",
        "Arn": "arn",
        "Name": "n",
        "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
        "EstimatedNumberOfUsers": 3,
        "AliasAttributes": ["email"],
    }
    assert schema.accepted_by("UpdateUserPool", reply) == {
        "Policies": {"PasswordPolicy": {"MinimumLength": 8}}
    }
