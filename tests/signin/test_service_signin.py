"""pools.signin.services: the rows the Sign-in pages show, read from DescribeUserPool."""

from __future__ import annotations

from console.cognito.pools import pool_get
from pools.plans import FEATURES, plan_problem
from pools.pool_settings import _words_from_model, trigger_members, triggers
from pools.signin.services import factor_rows, feature_rows, signin_overview, trigger_rows

from .conftest import EVERY_TRIGGER, make_pool


def test_it_marks_each_feature_by_the_plan():
    assert [row.included for row in feature_rows("PLUS")] == [True] * len(FEATURES)
    lite = {row.feature: row.included for row in feature_rows("LITE")}
    assert not any(lite.values())
    essentials = {row.feature: row.included for row in feature_rows("ESSENTIALS")}
    assert essentials["passwordless"] and not essentials["threat_protection"]


def test_it_takes_a_pool_without_a_sign_in_policy_as_password_only():
    rows = factor_rows({}, "ESSENTIALS")
    assert [(row.factor, row.allowed) for row in rows] == [
        ("PASSWORD", True),
        ("EMAIL_OTP", False),
        ("SMS_OTP", False),
        ("WEB_AUTHN", False),
    ]
    lite = factor_rows({}, "LITE")
    assert [row.problem for row in lite][1:] == [plan_problem("LITE", "passwordless")] * 3


def test_it_reads_every_trigger_of_the_pool(idp):
    pool = pool_get(pool_id=make_pool(idp, LambdaConfig=EVERY_TRIGGER), fresh=True)
    rows = trigger_rows(pool)
    assert [row.key for row in rows] == [t.key for t in triggers()]
    assert all(row.arn for row in rows)
    assert {row.key for row in rows} == set(trigger_members()) - {"PreTokenGeneration"}


def test_it_reads_the_overview_of_a_pool(idp):
    pool = pool_get(pool_id=make_pool(idp, "PLUS", AliasAttributes=["phone_number"]), fresh=True)
    view = signin_overview(pool)
    assert view.protection.plan == "PLUS"
    assert view.alias_attributes == ("phone_number",) and view.username_attributes == ()
    assert view.webauthn["RelyingPartyId"].startswith("not set")


def test_it_words_a_trigger_it_does_not_know_from_the_model():
    label, does = _words_from_model(
        "PostSignOutCleanup", "<p>A trigger that cleans up. It runs later.</p>"
    )
    assert label == "Post sign out cleanup"
    assert does == "A trigger that cleans up."
