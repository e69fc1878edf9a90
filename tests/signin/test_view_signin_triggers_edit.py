"""/pools/<id>/sign-in/triggers/edit: every Lambda trigger, edited through the reviewed
diff over UpdateUserPool (Admins), with the trigger rules said on the form."""

from __future__ import annotations

from console.models import AuditEvent
from pools.plans import plan_problem

from .conftest import EVERY_TRIGGER, KMS, LAMBDA, described, make_pool, page_values, with_snapshot
from .conftest import review_and_save as save


def _url(pool_id):
    return f"/pools/{pool_id}/sign-in/triggers/edit"


def _lambda_config(idp, pool_id):
    return described(idp, pool_id).get("LambdaConfig") or {}


def test_it_sets_a_custom_email_sender_with_its_kms_key(admin_client, idp):
    pool_id = make_pool(idp)
    data = page_values(admin_client, _url(pool_id))
    data.update(lambda_CustomEmailSender=LAMBDA.format("email"), lambda_KMSKeyID=KMS)
    review, saved = save(admin_client, _url(pool_id), data)
    paths = [c.path for c in review.context["preview"].changes]
    assert paths == [
        "LambdaConfig.CustomEmailSender.LambdaArn",
        "LambdaConfig.CustomEmailSender.LambdaVersion",
        "LambdaConfig.KMSKeyID",
    ]
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/pools/{pool_id}/sign-in/triggers/"
    assert _lambda_config(idp, pool_id) == {
        "CustomEmailSender": {"LambdaArn": LAMBDA.format("email"), "LambdaVersion": "V1_0"},
        "KMSKeyID": KMS,
    }
    assert AuditEvent.objects.get(action="UpdateUserPool").outcome == "succeeded"


def test_it_refuses_a_custom_sender_without_the_kms_key(admin_client, idp):
    pool_id = make_pool(idp)
    data = {"lambda_CustomSMSSender": LAMBDA.format("sms")}
    response = admin_client.post(_url(pool_id), data)
    errors = response.context["form"].errors["lambda_KMSKeyID"]
    assert errors == [
        "Custom SMS sender needs the KMS key Cognito encrypts the codes with: give its ARN."
    ]
    assert response.context["form"]["lambda_CustomSMSSender"].value() == LAMBDA.format("sms")
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()


def test_it_refuses_a_kms_key_without_a_custom_sender(admin_client, idp):
    response = admin_client.post(_url(make_pool(idp)), {"lambda_KMSKeyID": KMS})
    assert (
        "used only by a custom SMS or email sender"
        in (response.context["form"].errors["lambda_KMSKeyID"][0])
    )


def test_it_refuses_what_is_not_a_kms_key_arn(admin_client, idp):
    data = {"lambda_CustomSMSSender": LAMBDA.format("sms"), "lambda_KMSKeyID": LAMBDA.format("x")}
    response = admin_client.post(_url(make_pool(idp)), data)
    assert "is not a KMS key ARN" in response.context["form"].errors["lambda_KMSKeyID"][0]


def test_it_refuses_access_token_customization_on_lite(admin_client, idp):
    pool_id = make_pool(idp, "LITE")
    page = admin_client.get(_url(pool_id)).content.decode()
    assert plan_problem("LITE", "access_token_customization") in page  # marked up front
    data = {
        "lambda_PreTokenGeneration": LAMBDA.format("token"),
        "lambda_PreTokenGenerationConfig_version": "V2_0",
    }
    response = admin_client.post(_url(pool_id), data)
    assert response.context["form"].errors["lambda_PreTokenGenerationConfig_version"] == [
        plan_problem("LITE", "access_token_customization")
    ]
    data["lambda_PreTokenGenerationConfig_version"] = "V1_0"
    _, saved = save(admin_client, _url(pool_id), data)
    assert saved.status_code == 302


def test_it_sends_the_pre_token_generation_function_in_both_members(admin_client, idp):
    pool_id = make_pool(idp, "ESSENTIALS")
    data = {
        "lambda_PreTokenGeneration": LAMBDA.format("token"),
        "lambda_PreTokenGenerationConfig_version": "V3_0",
    }
    _, saved = save(admin_client, _url(pool_id), data)
    assert saved.status_code == 302
    assert _lambda_config(idp, pool_id) == {
        "PreTokenGeneration": LAMBDA.format("token"),
        "PreTokenGenerationConfig": {"LambdaArn": LAMBDA.format("token"), "LambdaVersion": "V3_0"},
    }


def test_it_moves_a_legacy_pre_token_trigger_to_a_new_version(admin_client, idp):
    pool_id = make_pool(idp, LambdaConfig={"PreTokenGeneration": LAMBDA.format("old")})
    data = page_values(admin_client, _url(pool_id))
    assert data["lambda_PreTokenGeneration"] == LAMBDA.format("old")
    data["lambda_PreTokenGenerationConfig_version"] = "V2_0"
    _, saved = save(admin_client, _url(pool_id), data)
    assert saved.status_code == 302
    assert _lambda_config(idp, pool_id)["PreTokenGenerationConfig"] == {
        "LambdaArn": LAMBDA.format("old"),
        "LambdaVersion": "V2_0",
    }


def test_it_removes_a_versioned_trigger_whole_when_its_function_is_cleared(admin_client, idp):
    pool_id = make_pool(idp, LambdaConfig=EVERY_TRIGGER)
    data = page_values(admin_client, _url(pool_id))
    for name in ("lambda_InboundFederation", "lambda_PreTokenGeneration"):
        data.pop(name)
    review, saved = save(admin_client, _url(pool_id), data)
    removed = {c.path for c in review.context["preview"].changes if c.new is None}
    assert "LambdaConfig.InboundFederation.LambdaVersion" in removed
    assert saved.status_code == 302
    held = _lambda_config(idp, pool_id)
    gone = {"InboundFederation", "PreTokenGeneration", "PreTokenGenerationConfig"}
    assert set(held) == set(EVERY_TRIGGER) - gone
    assert {k: held[k] for k in held} == {k: v for k, v in EVERY_TRIGGER.items() if k not in gone}


def test_it_resets_nothing_else_of_the_pool(admin_client, idp, rich_pool):
    before = described(idp, rich_pool)
    mfa_before = idp.get_user_pool_mfa_config(UserPoolId=rich_pool)
    data = page_values(admin_client, _url(rich_pool))
    data["lambda_PreSignUp"] = LAMBDA.format("new-pre-sign-up")
    review, saved = save(admin_client, _url(rich_pool), data)
    assert [c.path for c in review.context["preview"].changes] == ["LambdaConfig.PreSignUp"]
    assert saved.status_code == 302
    after = described(idp, rich_pool)
    assert after["LambdaConfig"]["PreSignUp"] == LAMBDA.format("new-pre-sign-up")
    after["LambdaConfig"]["PreSignUp"] = before["LambdaConfig"]["PreSignUp"]
    for key in sorted(set(before) | set(after)):
        assert before.get(key) == after.get(key), key
    mfa_after = idp.get_user_pool_mfa_config(UserPoolId=rich_pool)
    for key in ("MfaConfiguration", "SoftwareTokenMfaConfiguration"):
        assert mfa_before.get(key) == mfa_after.get(key), key


def test_it_refuses_viewers(viewer_client, idp):
    pool_id = make_pool(idp)
    assert viewer_client.get(_url(pool_id)).status_code == 403
    response = viewer_client.post(_url(pool_id), {"lambda_PreSignUp": LAMBDA.format("x")})
    assert response.status_code == 403
    assert _lambda_config(idp, pool_id) == {}


def test_it_reads_back_an_update_whose_answer_was_lost(admin_client, idp, faults):
    pool_id = make_pool(idp)
    data = with_snapshot(
        admin_client, _url(pool_id), {"lambda_UserMigration": LAMBDA.format("migrate")}
    )
    review = admin_client.post(_url(pool_id), data)
    faults.set("UpdateUserPool", "lost", times=1)
    confirm = dict(data, confirmed="yes", fingerprint=review.context["preview"].fingerprint)
    saved = admin_client.post(_url(pool_id), confirm)
    assert saved.status_code == 302
    assert _lambda_config(idp, pool_id) == {"UserMigration": LAMBDA.format("migrate")}
    event = AuditEvent.objects.filter(action="UpdateUserPool").latest("pk")
    assert event.outcome == "succeeded"


def test_it_labels_each_triggers_event_versions_in_its_own_words(admin_client, idp):
    from pools.pool_settings import TRIGGER_VERSION_WORDS, VERSION_WORDS

    pool_id = make_pool(idp)
    response = admin_client.get(f"/pools/{pool_id}/sign-in/triggers/edit")
    form = response.context["form"]
    for key in ("CustomSMSSender", "CustomEmailSender", "InboundFederation"):
        labels = dict(form.fields[f"lambda_{key}_version"].choices)
        assert labels == TRIGGER_VERSION_WORDS[key], key
        assert VERSION_WORDS["V1_0"] not in labels.values(), key
    labels = dict(form.fields["lambda_PreTokenGenerationConfig_version"].choices)
    assert labels == VERSION_WORDS


def test_it_refuses_a_function_in_another_partition_and_keeps_it(admin_client, idp):
    pool_id = make_pool(idp)
    arn = "arn:aws-cn:lambda:cn-north-1:123456789012:function:sign-up"
    data = {**page_values(admin_client, _url(pool_id)), "lambda_PreSignUp": arn}
    response = admin_client.post(_url(pool_id), data)
    assert "preview" not in response.context
    errors = response.context["form"].errors["lambda_PreSignUp"]
    assert errors == [
        "The pre sign-up function is in the aws-cn partition and the pool in aws "
        "(us-east-1): AWS's partitions cannot reach each other. Use an ARN starting arn:aws:."
    ]
    assert response.context["form"]["lambda_PreSignUp"].value() == arn  # kept
    assert _lambda_config(idp, pool_id) == {}


def test_it_warns_on_the_review_about_a_function_or_key_in_another_region(admin_client, idp):
    pool_id = make_pool(idp)
    data = page_values(admin_client, _url(pool_id))
    data.update(
        lambda_CustomEmailSender="arn:aws:lambda:eu-west-1:123456789012:function:email",
        lambda_KMSKeyID=KMS.replace("us-east-1", "eu-west-1"),
    )
    review, saved = save(admin_client, _url(pool_id), data)
    said = [str(m) for m in review.context["messages"]]
    assert any(m.startswith("The custom email sender function is in eu-west-1") for m in said)
    assert any(m.startswith("The KMS key is in eu-west-1") for m in said), said
    assert saved.status_code == 302  # a caution, not a refusal


def test_it_says_which_characters_a_function_arn_cannot_have(admin_client, idp):
    pool_id = make_pool(idp)
    arn = "arn:aws:lambda:us-east-1:123456789012:function:grüße"
    data = {**page_values(admin_client, _url(pool_id)), "lambda_PreSignUp": arn}
    errors = admin_client.post(_url(pool_id), data).context["form"].errors["lambda_PreSignUp"]
    assert errors == [
        f"“{arn}” has characters a Lambda function ARN cannot have: “ü”, “ß”. Use only "
        "letters a-z and A-Z, digits and + = / , . @ : _ -."
    ]


def test_it_shows_the_event_version_change_in_words_on_the_review(admin_client, idp):
    pool_id = make_pool(idp)
    data = page_values(admin_client, _url(pool_id))
    data.update(
        lambda_PreTokenGeneration=LAMBDA.format("token"),
        lambda_PreTokenGenerationConfig_version="V2_0",
    )
    review = admin_client.post(_url(pool_id), data)
    html = review.content.decode()
    assert "V2_0 (ID and access tokens)" in html
