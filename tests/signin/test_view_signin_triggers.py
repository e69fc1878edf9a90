"""/pools/<id>/sign-in/triggers/: every Lambda trigger of the pool (Viewers), and the
forms' coverage of botocore's LambdaConfigType."""

from __future__ import annotations

from console.cognito import schema
from console.cognito.pools import pool_get
from pools.forms import PoolForm
from pools.pool_settings import POOL, TRIGGER_WORDS, trigger_members, triggers
from pools.settings_spec import unmatched
from pools.signin.forms import PlanForm, SignInForm, TriggersForm

from .conftest import EVERY_TRIGGER, KMS, LAMBDA, make_pool


def _rows(client, pool_id):
    response = client.get(f"/pools/{pool_id}/sign-in/triggers/")
    assert response.status_code == 200
    return response, {row.key: row for row in response.context["table"].data}


def test_it_shows_every_trigger_with_its_function_version_and_purpose(viewer_client, idp):
    pool_id = make_pool(idp, "ESSENTIALS", LambdaConfig=EVERY_TRIGGER)
    response, rows = _rows(viewer_client, pool_id)
    assert rows["PreSignUp"].arn == LAMBDA.format("pre-sign-up")
    assert rows["PreSignUp"].version == ""
    assert rows["PreTokenGenerationConfig"].arn == LAMBDA.format("token")
    assert rows["PreTokenGenerationConfig"].version == "V2_0"
    assert rows["CustomSMSSender"].version == "V1_0"
    assert rows["KMSKeyID"].arn == KMS
    assert rows["InboundFederation"].arn == LAMBDA.format("federate")
    html = response.content.decode()
    for key, (label, does) in TRIGGER_WORDS.items():
        assert label in html and does.replace("'", "&#x27;") in html, key
    assert "not set" not in html.split('id="trigger-table"')[1]


def test_it_shows_the_legacy_pre_token_generation_trigger_as_v1(viewer_client, idp):
    pool_id = make_pool(idp, LambdaConfig={"PreTokenGeneration": LAMBDA.format("old")})
    _, rows = _rows(viewer_client, pool_id)
    assert (rows["PreTokenGenerationConfig"].arn, rows["PreTokenGenerationConfig"].version) == (
        LAMBDA.format("old"),
        "V1_0",
    )
    assert rows["PreSignUp"].arn == ""


def test_it_says_which_triggers_are_not_set(viewer_client, idp):
    response, rows = _rows(viewer_client, make_pool(idp))
    assert all(row.arn == "" and row.version == "" for row in rows.values())
    assert "not set" in response.content.decode()


def test_it_gives_admins_the_edit_link_and_viewers_none(viewer_client, idp):
    pool_id = make_pool(idp)
    response, _ = _rows(viewer_client, pool_id)
    assert f"/pools/{pool_id}/sign-in/triggers/edit" not in response.content.decode()


def test_it_gives_admins_the_edit_link(admin_client, idp):
    pool_id = make_pool(idp)
    response, _ = _rows(admin_client, pool_id)
    assert f"/pools/{pool_id}/sign-in/triggers/edit" in response.content.decode()


def test_it_has_a_field_for_every_member_of_lambda_config_type():
    """A member a newer botocore adds to LambdaConfigType gets a field by itself."""
    members = schema.members("UpdateUserPool", "LambdaConfig")
    assert members == trigger_members()
    paths = [path for s in TriggersForm.spec for path in s.paths]
    for member in members:
        own = f"LambdaConfig.{member}"
        assert any(p == own or p.startswith(own + ".") for p in paths), member
    for member in members:  # the full pool form shows them all too
        own = f"LambdaConfig.{member}"
        assert any(p == own or p.startswith(own + ".") for s in POOL for p in s.paths), member


def test_it_writes_both_pre_token_generation_members_from_one_field():
    setting = POOL.by_name["lambda_PreTokenGeneration"]
    assert setting.paths == (
        "LambdaConfig.PreTokenGeneration",
        "LambdaConfig.PreTokenGenerationConfig.LambdaArn",
    )


def test_it_gives_each_versioned_trigger_the_versions_of_the_model():
    for trigger in triggers():
        if trigger.versioned:
            field = PoolForm().fields[trigger.version_field]
            wanted = schema.enum("UpdateUserPool", trigger.version_path)
            assert [value for value, _ in field.choices] == list(wanted), trigger.key


def test_it_matches_every_section_form_with_its_settings(idp):
    pool = pool_get(pool_id=make_pool(idp, LambdaConfig=EVERY_TRIGGER), fresh=True)
    for form_class in (PlanForm, SignInForm, TriggersForm):
        form = form_class(pool=pool)
        assert unmatched(form, form_class.spec, creating=False, others=form.others) == []
