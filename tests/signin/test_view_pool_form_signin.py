"""The full pool forms (/pools/new, /pools/<id>/edit) carry the Sign-in tab's settings
too: every Lambda trigger with its event version, and the passwordless first factors,
with the same rules as the section edits."""

from __future__ import annotations

from pools.plans import plan_problem
from tests.pools.conftest import new_pool_data

from .conftest import KMS, LAMBDA, described, make_pool


def _created(admin_client, idp, **overrides):
    response = admin_client.post("/pools/new", new_pool_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    pool_id = response.headers["Location"].rstrip("/").split("/")[-1]
    return described(idp, pool_id)


def test_it_creates_a_pool_with_versioned_triggers_and_passwordless_factors(admin_client, idp):
    pool = _created(
        admin_client,
        idp,
        tier="ESSENTIALS",
        first_factors=["EMAIL_OTP", "WEB_AUTHN"],
        lambda_PreTokenGeneration=LAMBDA.format("token"),
        lambda_PreTokenGenerationConfig_version="V2_0",
        lambda_CustomSMSSender=LAMBDA.format("sms"),
        lambda_KMSKeyID=KMS,
    )
    assert pool["Policies"]["SignInPolicy"] == {
        "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]
    }
    assert pool["LambdaConfig"] == {
        "PreTokenGeneration": LAMBDA.format("token"),
        "PreTokenGenerationConfig": {"LambdaArn": LAMBDA.format("token"), "LambdaVersion": "V2_0"},
        "CustomSMSSender": {"LambdaArn": LAMBDA.format("sms"), "LambdaVersion": "V1_0"},
        "KMSKeyID": KMS,
    }


def test_it_creates_a_pool_without_triggers_sending_none(admin_client, idp):
    pool = _created(admin_client, idp)
    assert not pool.get("LambdaConfig")
    assert pool["Policies"]["SignInPolicy"] == {"AllowedFirstAuthFactors": ["PASSWORD"]}


def test_it_refuses_passwordless_sign_in_on_a_new_lite_pool(admin_client):
    data = new_pool_data(tier="LITE", first_factors=["SMS_OTP"])
    response = admin_client.post("/pools/new", data)
    assert response.status_code == 200
    assert response.context["form"].errors["first_factors"] == [
        plan_problem("LITE", "passwordless", chosen=True)  # no pool yet: the plan chosen
    ]


def test_it_shows_every_trigger_and_the_factors_on_the_pool_edit_form(admin_client, idp):
    pool_id = make_pool(idp)
    response = admin_client.get(f"/pools/{pool_id}/edit")
    form = response.context["form"]
    html = response.content.decode()
    for trigger, arn, version in form.trigger_rows:
        assert f'name="{arn.name}"' in html, trigger.key
        if version is not None:
            assert f'name="{version.name}"' in html, trigger.key
    assert 'name="first_factors"' in html
