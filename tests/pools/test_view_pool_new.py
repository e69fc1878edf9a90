"""/pools/new: create a pool with every CreateUserPool setting (Admin only)."""

from console.models import AuditEvent

from .conftest import LAMBDA, formset_data, new_pool_data


def _pool_named(idp, name):
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    ids = [p["Id"] for p in pools if p["Name"] == name]
    return idp.describe_user_pool(UserPoolId=ids[0])["UserPool"] if ids else None


def test_it_shows_the_form_with_the_mfa_note(admin_client):
    html = admin_client.get("/pools/new").content.decode()
    assert "ON (MFA required for everyone) can only be chosen now" in html
    assert 'name="lambda_VerifyAuthChallengeResponse"' in html
    assert 'for="id_std_email_required"' in html


def test_it_is_for_admins_only(operator_client):
    assert operator_client.get("/pools/new").status_code == 403
    assert operator_client.post("/pools/new", new_pool_data()).status_code == 403


def test_it_creates_a_pool_with_every_setting(admin_client, idp):
    data = new_pool_data(
        name="Shop customers",
        pw_min_length="11",
        pw_symbols=None,
        mfa="OPTIONAL",
        auto_verified=["email"],
        alias_attributes=["email", "preferred_username"],
        std_email_required="on",
        lambda_PreSignUp=LAMBDA.format("pre"),
        lambda_VerifyAuthChallengeResponse=LAMBDA.format("verify"),
        sms_verification_message="Your code: {####}",
        sms_authentication_message="Sign-in code {####}",
        email_verification_subject="Please verify",
        email_verification_message="Verify with {####}",
        invite_sms="Hi {username}, use {####}",
        invite_email_subject="Welcome aboard",
        invite_email_message="Hello {username}, your password is {####}",
        admin_only="on",
        unused_days="4",
        device_challenge="on",
        email_reply_to="help@example.com",
        sms_caller_arn="arn:aws:iam::123456789012:role/sms",
        sms_external_id="ext",
        deletion_protection="on",
        tags="team=support\nenv = test",
    )
    data.update(
        formset_data(
            "custom",
            [
                {"name": "tenant", "data_type": "String", "mutable": True, "max_length": "40"},
                {"name": "seats", "data_type": "Number", "min_value": "1", "max_value": "9"},
            ],
        )
    )
    response = admin_client.post("/pools/new", data)
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["attributes"].errors,
        response.context["form"].non_field_errors(),
    )
    pool = _pool_named(idp, "Shop customers")
    assert response.headers["Location"] == f"/pools/{pool['Id']}/"
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == 11 and policy["RequireSymbols"] is False
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["AliasAttributes"] == ["email", "preferred_username"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["LambdaConfig"]["VerifyAuthChallengeResponse"].endswith("function:verify")
    assert pool["SmsAuthenticationMessage"] == "Sign-in code {####}"
    assert pool["VerificationMessageTemplate"]["EmailSubject"] == "Please verify"
    admin = pool["AdminCreateUserConfig"]
    assert admin["AllowAdminCreateUserOnly"] is True and admin["UnusedAccountValidityDays"] == 4
    assert admin["InviteMessageTemplate"]["SMSMessage"] == "Hi {username}, use {####}"
    assert pool["DeviceConfiguration"]["ChallengeRequiredOnNewDevice"] is True
    assert pool["SmsConfiguration"]["ExternalId"] == "ext"
    assert pool["DeletionProtection"] == "ACTIVE"
    assert pool["UserPoolTags"] == {"team": "support", "env": "test"}
    attributes = {a["Name"]: a for a in pool["SchemaAttributes"]}
    assert attributes["custom:tenant"]["StringAttributeConstraints"]["MaxLength"] == "40"
    assert attributes["custom:seats"]["AttributeDataType"] == "Number"
    assert AuditEvent.objects.filter(action="CreateUserPool", outcome="succeeded").count() == 1


def test_it_shows_field_errors_and_sends_nothing(admin_client, idp):
    data = new_pool_data(
        name="Bad (name)",
        pw_min_length="5",
        unused_days="366",
        lambda_PreSignUp="arn:aws:lambda:nowhere",
        sms_verification_message="No placeholder",
        invite_email_message="Hello, your password is {####}",
        alias_attributes="email",
        username_attributes="email",
        tags="no-equals-sign",
    )
    data.update(formset_data("custom", [{"name": "custom:x", "data_type": "String"}]))
    response = admin_client.post("/pools/new", data)
    assert response.status_code == 200
    form = response.context["form"]
    for field in (
        "name",
        "pw_min_length",
        "unused_days",
        "lambda_PreSignUp",
        "sms_verification_message",
        "invite_email_message",
        "username_attributes",
        "tags",
    ):
        assert field in form.errors, field
    assert "greater than or equal to 6" in str(form.errors["pw_min_length"])
    assert "{username}" in str(form.errors["invite_email_message"])
    assert "Leave out the prefix" in str(response.context["attributes"].forms[0].errors)
    html = response.content.decode()
    assert 'value="Bad (name)"' in html  # the person's input is kept
    assert 'data-field-error="pw_min_length"' in html
    assert idp.list_user_pools(MaxResults=60)["UserPools"] == []
    assert not AuditEvent.objects.exists()


def test_it_shows_cognitos_refusal_on_the_form(admin_client, faults):
    faults.set("CreateUserPool", "error", times=5)
    response = admin_client.post("/pools/new", new_pool_data(name="Refused pool"))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    # A 5xx: Cognito may or may not have made it (it looked for the pool by name first).
    assert errors and "may or may not have been made" in errors[0]
    assert "Nothing was changed" not in errors[0]
    assert 'value="Refused pool"' in response.content.decode()
