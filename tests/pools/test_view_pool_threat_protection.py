"""The pool's feature plan (UserPoolTier) and threat protection
(UserPoolAddOns.AdvancedSecurityMode) on /pools/<id>/edit and the Summary page (issue 14):
set through the reviewed diff, refused without the Plus plan (AWS's rule), and kept by
an edit of any other setting."""

import pytest

from console.models import AuditEvent
from pools.pool_settings import ThreatProtection, threat_protection_url

from .conftest import form_values


def _edit_values(admin_client, pool_id, **changes) -> dict:
    """The edit form's current values as POST data, with `changes`."""
    data = form_values(admin_client.get(f"/pools/{pool_id}/edit").context["form"])
    data.update(changes)
    return data


def _save(admin_client, pool_id, data):
    """Review then confirm an edit; the review's response and the confirmation's."""
    review = admin_client.post(f"/pools/{pool_id}/edit", data)
    assert review.status_code == 200 and "preview" in review.context, (
        review.context["form"].errors if review.context else review.status_code
    )
    confirm = {**data, "confirmed": "yes", "fingerprint": review.context["preview"].fingerprint}
    return review, admin_client.post(f"/pools/{pool_id}/edit", confirm)


def _add_ons(idp, pool_id) -> tuple:
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    return pool.get("UserPoolTier"), pool.get("UserPoolAddOns")


@pytest.fixture
def plus_pool(idp):
    """A pool on the Plus plan with threat protection in audit mode, and threat
    protection for custom authentication enforced."""
    return idp.create_user_pool(
        PoolName="Plus pool",
        UserPoolTier="PLUS",
        UserPoolAddOns={
            "AdvancedSecurityMode": "AUDIT",
            "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "ENFORCED"},
        },
    )["UserPool"]["Id"]


def test_it_links_to_the_section_of_the_edit_form(admin_client, pool_id):
    url = threat_protection_url(pool_id)
    assert url == f"/pools/{pool_id}/edit#threat-protection"
    response = admin_client.get(url.partition("#")[0])
    html = response.content.decode()
    assert 'id="threat-protection"' in html
    form = response.context["form"]
    assert [c for c in form.fields["tier"].choices] == [
        ("LITE", "Lite"),
        ("ESSENTIALS", "Essentials"),
        ("PLUS", "Plus"),
    ]
    assert [c for c in form.fields["threat_protection"].choices] == [
        ("OFF", "Off"),
        ("AUDIT", "Audit (log only)"),
        ("ENFORCED", "Enforced (act on risk)"),
    ]
    assert "needs the Plus plan" in form.fields["threat_protection"].label
    assert "Plus: everything in Essentials, plus threat protection" in form.fields["tier"].help_text


def test_it_sets_plus_and_audit_then_keeps_them_through_another_edit(admin_client, idp, pool_id):
    data = _edit_values(admin_client, pool_id, tier="PLUS", threat_protection="AUDIT")
    review, saved = _save(admin_client, pool_id, data)
    # The review shows each choice in the form's words (Spec.shown).
    rows = [(label, c.path, c.new_text) for label, c in review.context["rows"]]
    assert ("Feature plan", "UserPoolTier", "Plus") in rows
    assert (
        "Threat protection (needs the Plus plan)",
        "UserPoolAddOns.AdvancedSecurityMode",
        "Audit (log only)",
    ) in rows
    assert saved.status_code == 302
    assert _add_ons(idp, pool_id) == ("PLUS", {"AdvancedSecurityMode": "AUDIT"})

    # Another setting edited: the full configuration goes back, plan and mode with it.
    data = _edit_values(admin_client, pool_id, pw_min_length="14")
    assert (data["tier"], data["threat_protection"]) == ("PLUS", "AUDIT")
    review, saved = _save(admin_client, pool_id, data)
    assert [c.path for c in review.context["preview"].changes] == [
        "Policies.PasswordPolicy.MinimumLength"
    ]
    assert saved.status_code == 302
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 14
    assert _add_ons(idp, pool_id) == ("PLUS", {"AdvancedSecurityMode": "AUDIT"})


def test_it_keeps_custom_authentication_threat_protection_untouched(admin_client, idp, plus_pool):
    data = _edit_values(admin_client, plus_pool, threat_protection="ENFORCED")
    review, saved = _save(admin_client, plus_pool, data)
    assert [(c.path, c.old, c.new) for c in review.context["preview"].changes] == [
        ("UserPoolAddOns.AdvancedSecurityMode", "AUDIT", "ENFORCED")
    ]
    assert saved.status_code == 302
    assert _add_ons(idp, plus_pool) == (
        "PLUS",
        {
            "AdvancedSecurityMode": "ENFORCED",
            "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "ENFORCED"},
        },
    )


def test_it_refuses_threat_protection_without_the_plus_plan(admin_client, idp, pool_id):
    before = _add_ons(idp, pool_id)
    data = _edit_values(admin_client, pool_id, tier="ESSENTIALS", threat_protection="ENFORCED")
    response = admin_client.post(f"/pools/{pool_id}/edit", data)
    assert response.status_code == 200 and "preview" not in response.context
    errors = response.context["form"].errors
    assert errors["threat_protection"] == [
        "Threat protection set to Enforced (act on risk) needs the Plus feature plan, and "
        "the plan chosen is Essentials. Choose the Plus plan, or set threat protection to Off."
    ]
    assert "tier" not in errors
    html = response.content.decode()
    assert 'data-field-error="threat_protection"' in html
    # Confirming anyway sends nothing.
    response = admin_client.post(f"/pools/{pool_id}/edit", {**data, "confirmed": "yes"})
    assert "threat_protection" in response.context["form"].errors
    assert _add_ons(idp, pool_id) == before
    assert not AuditEvent.objects.filter(action="UpdateUserPool").exists()


def test_it_refuses_leaving_plus_while_threat_protection_is_on(admin_client, idp, plus_pool):
    data = _edit_values(admin_client, plus_pool, tier="LITE")
    response = admin_client.post(f"/pools/{plus_pool}/edit", data)
    errors = response.context["form"].errors
    assert "the plan chosen is Lite" in errors["tier"][0]
    assert "threat_protection" not in errors
    assert _add_ons(idp, plus_pool)[0] == "PLUS"


def test_it_leaves_plus_with_threat_protection_turned_off(admin_client, idp):
    pool_id = idp.create_user_pool(
        PoolName="Audited", UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}
    )["UserPool"]["Id"]
    data = _edit_values(admin_client, pool_id, tier="ESSENTIALS", threat_protection="OFF")
    _, saved = _save(admin_client, pool_id, data)
    assert saved.status_code == 302
    assert _add_ons(idp, pool_id) == ("ESSENTIALS", {"AdvancedSecurityMode": "OFF"})


def test_it_shows_cognitos_refusal_of_a_plan_without_a_feature_in_use(
    admin_client, idp, plus_pool, faults
):
    # Threat protection for custom authentication is not on the form and is sent back
    # as it is: leaving Plus while it is set is Cognito's to refuse.
    refusal = "The following features need to be disabled for the ESSENTIALS pricing tier configured: Threat Protection"  # noqa: E501
    faults.set("UpdateUserPool", f"aws:400:FeatureUnavailableInTierException:{refusal}")
    data = _edit_values(admin_client, plus_pool, tier="ESSENTIALS", threat_protection="OFF")
    review = admin_client.post(f"/pools/{plus_pool}/edit", data)
    confirm = {**data, "confirmed": "yes", "fingerprint": review.context["preview"].fingerprint}
    response = admin_client.post(f"/pools/{plus_pool}/edit", confirm)
    assert response.status_code == 200
    html = response.content.decode()
    assert refusal in html and "FeatureUnavailableInTierException" in html
    assert _add_ons(idp, plus_pool)[0] == "PLUS"


def test_it_refuses_threat_protection_on_a_new_pool_without_plus(admin_client, idp):
    from .conftest import new_pool_data

    response = admin_client.post("/pools/new", new_pool_data(threat_protection="AUDIT"))
    assert response.status_code == 200
    assert "needs the Plus feature plan" in response.context["form"].errors["threat_protection"][0]
    assert idp.list_user_pools(MaxResults=60)["UserPools"] == []


def test_it_creates_a_pool_on_plus_with_threat_protection_enforced(admin_client, idp):
    from .conftest import new_pool_data

    data = new_pool_data(name="Guarded", tier="PLUS", threat_protection="ENFORCED")
    response = admin_client.post("/pools/new", data)
    assert response.status_code == 302, response.context["form"].errors
    (summary,) = idp.list_user_pools(MaxResults=60)["UserPools"]
    assert _add_ons(idp, summary["Id"]) == ("PLUS", {"AdvancedSecurityMode": "ENFORCED"})


def test_it_says_the_plan_and_threat_protection_on_the_summary(admin_client, plus_pool):
    html = admin_client.get(f"/pools/{plus_pool}/").content.decode()
    assert "Plus: everything in Essentials, plus threat protection" in html
    assert "Audit (log only): each sign-in&#x27;s risk is rated" in html
    assert "For custom authentication: enforced." in html
    assert f'href="/pools/{plus_pool}/edit#threat-protection"' not in html  # it is on


def test_it_says_why_a_pool_has_no_threat_protection_and_links_to_it(
    client, admin, viewer, pool_id
):
    client.force_login(admin)
    html = client.get(f"/pools/{pool_id}/").content.decode()
    assert "Essentials: everything in Lite" in html
    assert "Off: sign-ins are not rated for risk" in html
    assert "This pool is on the Essentials feature plan, which has no threat protection" in html
    assert f'href="/pools/{pool_id}/edit#threat-protection"' in html
    # A viewer reads the same words, without a link to a form they cannot use.
    client.force_login(viewer)
    html = client.get(f"/pools/{pool_id}/").content.decode()
    assert "which has no threat protection" in html
    assert f'href="/pools/{pool_id}/edit#threat-protection"' not in html


def test_it_reads_the_plan_and_mode_of_a_reply():
    assert ThreatProtection.of({}) == ThreatProtection(plan="ESSENTIALS", mode="OFF")
    on = ThreatProtection.of(
        {"UserPoolTier": "PLUS", "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"}}
    )
    assert on.on and on.why_off == ""
    off = ThreatProtection.of({"UserPoolTier": "PLUS", "UserPoolAddOns": {}})
    assert not off.on
    assert off.why_off == "This pool's threat protection is off: set it to Audit or Enforced."


def test_it_refuses_exactly_what_the_backend_refuses(idp):
    import botocore.exceptions

    from pools.pool_settings import threat_protection_problem

    for tier in ("LITE", "ESSENTIALS", "PLUS", None):
        for mode in ("OFF", "AUDIT", "ENFORCED"):
            params = {"PoolName": "Plan", "UserPoolAddOns": {"AdvancedSecurityMode": mode}}
            if tier:
                params["UserPoolTier"] = tier
            try:
                idp.create_user_pool(**params)
                refused = None
            except botocore.exceptions.ClientError as exc:
                refused = exc.response["Error"]["Code"]
            expected = (
                "FeatureUnavailableInTierException"
                if threat_protection_problem(tier, mode)
                else None
            )
            assert refused == expected, (tier, mode)
