"""/pools/<id>/sign-in/: the Sign-in tab's landing page (Viewers): the feature plan and
what it includes, the sign-in attributes, the first factors and the passkey settings."""

from __future__ import annotations

from pools.plans import plan_problem

from .conftest import make_pool


def _page(client, pool_id):
    response = client.get(f"/pools/{pool_id}/sign-in/")
    assert response.status_code == 200
    return response


def test_it_shows_the_plan_and_each_plan_bound_feature_for_this_pool(viewer_client, idp):
    pool_id = make_pool(idp, "LITE")
    response = _page(viewer_client, pool_id)
    view = response.context["view"]
    assert view.protection.plan == "LITE"
    rows = {row.feature: row for row in view.features}
    assert not rows["passwordless"].included and rows["passwordless"].needs == "Essentials"
    assert not rows["threat_protection"].included and rows["threat_protection"].needs == "Plus"
    html = response.content.decode()
    assert "needs Essentials" in html and "needs Plus" in html
    assert 'data-testid="plan"' in html and "Lite" in html


def test_it_says_the_plus_plan_includes_every_feature(viewer_client, idp):
    pool_id = make_pool(idp, "PLUS")
    view = _page(viewer_client, pool_id).context["view"]
    assert all(row.included for row in view.features)
    assert "needs " not in _page(viewer_client, pool_id).content.decode().split("feature-table")[1]


def test_it_marks_the_passwordless_factors_the_lite_plan_lacks(viewer_client, idp):
    pool_id = make_pool(idp, "LITE")
    view = _page(viewer_client, pool_id).context["view"]
    factors = {row.factor: row for row in view.factors}
    assert factors["PASSWORD"].allowed and factors["PASSWORD"].problem == ""
    assert not factors["EMAIL_OTP"].allowed
    for factor in ("EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"):
        assert factors[factor].problem == plan_problem("LITE", "passwordless")
    assert "SOFTWARE_TOKEN" not in factors  # not supported as a first factor


def test_it_shows_the_first_factors_the_pool_allows(viewer_client, idp):
    policies = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}}
    pool_id = make_pool(idp, "ESSENTIALS", Policies=policies)
    view = _page(viewer_client, pool_id).context["view"]
    allowed = [row.factor for row in view.factors if row.allowed]
    assert allowed == ["PASSWORD", "WEB_AUTHN"]
    assert all(row.problem == "" for row in view.factors)


def test_it_shows_the_sign_in_attributes_as_fixed_at_creation(viewer_client, idp):
    pool_id = make_pool(
        idp,
        UsernameAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
    )
    html = _page(viewer_client, pool_id).content.decode()
    assert "Users sign in with email instead of a username." in html
    assert "Case-insensitive" in html
    assert html.count("Cognito cannot change it.") == 3


def test_it_says_a_pool_created_without_a_username_configuration_is_case_sensitive(
    viewer_client, idp
):
    pool_id = make_pool(idp, AliasAttributes=["email", "preferred_username"])
    response = _page(viewer_client, pool_id)
    assert response.context["view"].case_sensitive
    html = response.content.decode()
    assert "Case-sensitive" in html
    assert "with their username or email or preferred_username" in html


def test_it_shows_the_passkey_settings_and_links_to_the_mfa_section(viewer_client, idp):
    pool_id = make_pool(idp)
    response = _page(viewer_client, pool_id)
    assert response.context["view"].webauthn["UserVerification"] == "not set"
    assert response.context["view"].webauthn_problem == ""
    assert 'data-testid="webauthn"' in response.content.decode()


def test_it_says_when_the_passkey_settings_cannot_be_read(viewer_client, idp, faults):
    pool_id = make_pool(idp)
    faults.set("GetUserPoolMfaConfig", "aws:400:NotAuthorizedException:Not allowed here.")
    response = _page(viewer_client, pool_id)
    problem = response.context["view"].webauthn_problem
    assert problem.startswith("The passkey settings could not be read")
    assert 'data-testid="webauthn-problem"' in response.content.decode()


def _edit_links(pool_id):
    return (f"/pools/{pool_id}/sign-in/edit/plan", f"/pools/{pool_id}/sign-in/edit/sign-in")


def test_it_gives_admins_the_edit_links(admin_client, idp):
    pool_id = make_pool(idp)
    html = _page(admin_client, pool_id).content.decode()
    assert all(link in html for link in _edit_links(pool_id))


def test_it_gives_viewers_no_edit_link(viewer_client, idp):
    pool_id = make_pool(idp)
    html = _page(viewer_client, pool_id).content.decode()
    assert not any(link in html for link in _edit_links(pool_id))


def test_it_is_the_sign_in_tab_and_its_first_section(viewer_client, idp):
    html = _page(viewer_client, make_pool(idp)).content.decode()
    assert 'data-testid="signin-nav"' in html
    assert 'aria-current="page" href="/pools/' in html


def test_it_is_a_404_for_a_pool_that_does_not_exist(viewer_client):
    response = viewer_client.get("/pools/us-east-1_Nothing1/sign-in/")
    assert response.status_code == 404


def test_it_says_the_backend_is_down_instead_of_failing(viewer_client, refused_endpoint):
    response = viewer_client.get("/pools/us-east-1_Nothing1/sign-in/")
    assert response.status_code == 503
    assert response.templates[0].name == "errors/cognito.html"
