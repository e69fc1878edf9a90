"""/pools/<id>/sign-in/edit/sign-in with a tampered POST naming a first factor twice:
Cognito is sent each factor once (tester T1's finding)."""

from __future__ import annotations

from .conftest import described, make_pool, page_values
from .conftest import review_and_save as save


def test_it_sends_each_first_factor_once_when_a_post_names_one_twice(admin_client, idp):
    pool_id = make_pool(idp)
    url = f"/pools/{pool_id}/sign-in/edit/sign-in"
    data = {**page_values(admin_client, url), "first_factors": ["EMAIL_OTP", "EMAIL_OTP"]}
    _review, saved = save(admin_client, url, data)
    assert saved.status_code == 302
    factors = described(idp, pool_id)["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"]
    assert factors == ["PASSWORD", "EMAIL_OTP"]


def test_it_sends_each_checkbox_value_once_in_the_pool_edit(admin_client, idp):
    pool_id = make_pool(idp)
    url = f"/pools/{pool_id}/edit"
    data = {**page_values(admin_client, url), "auto_verified": ["email", "email"]}
    _review, saved = save(admin_client, url, data)
    assert saved.status_code == 302
    assert described(idp, pool_id)["AutoVerifiedAttributes"] == ["email"]
