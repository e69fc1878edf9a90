"""/pools/<id>/sign-in/threat-protection/: the risk configuration (Viewers)."""

from __future__ import annotations

from .conftest import make_pool


def test_it_shows_the_plan_mode_and_configuration(viewer_client, risky):
    pool_id, client_id = risky
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/threat-protection/")
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["section"] == "threats"
    assert "Plus" in page and "Enforced" in page
    assert "Block on SIGN_IN, SIGN_UP" in page
    assert "Block the sign-in, the user is notified" in page
    assert "192.0.2.0/24" in page and "2001:db8::/32" in page
    assert client_id in page and "The pool&#x27;s" in page
    assert "Edit its configuration" not in page  # Viewers do not edit
    assert "plan-note" not in page


def test_it_shows_admins_the_edit_links(admin_client, risky):
    pool_id, client_id = risky
    page = admin_client.get(f"/pools/{pool_id}/sign-in/threat-protection/").content.decode()
    assert f'href="/pools/{pool_id}/sign-in/threat-protection/edit"' in page
    assert f'href="/pools/{pool_id}/sign-in/threat-protection/clients/{client_id}/edit"' in page


def test_it_marks_a_plan_without_threat_protection(admin_client, idp):
    pool_id, _ = make_pool(idp, tier="ESSENTIALS", mode=None)
    response = admin_client.get(f"/pools/{pool_id}/sign-in/threat-protection/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "needs the Plus feature plan; this pool is on Essentials." in page
    assert f'href="/pools/{pool_id}/edit#threat-protection"' in page
    assert "Cognito shows no risk configuration while threat protection is off" in page
    assert "Not shown while threat protection is off" in page
    edit = admin_client.get(f"/pools/{pool_id}/sign-in/threat-protection/edit")
    assert edit.status_code == 409
    assert "Threat protection is off" in edit.content.decode()


def test_it_says_when_a_plus_pool_has_it_off(viewer_client, idp):
    pool_id, _ = make_pool(idp, mode="OFF")
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/threat-protection/").content.decode()
    assert "set it to Audit or Enforced" in page
    assert "plan-note" not in page


def test_it_marks_an_app_client_with_its_own(viewer_client, idp, risky):
    pool_id, client_id = risky
    idp.set_risk_configuration(
        UserPoolId=pool_id,
        ClientId=client_id,
        RiskExceptionConfiguration={"BlockedIPRangeList": ["203.0.113.0/24"]},
    )
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/threat-protection/").content.decode()
    assert "Its own" in page


def test_it_is_a_404_for_a_pool_that_does_not_exist(viewer_client):
    url = "/pools/us-east-1_Nothere1/sign-in/threat-protection/"
    assert viewer_client.get(url).status_code == 404


def test_it_says_audit_mode_takes_no_action_and_links_the_mode_for_admins(admin_client, idp):
    pool_id, _ = make_pool(idp, mode="AUDIT")
    page = admin_client.get(f"/pools/{pool_id}/sign-in/threat-protection/").content.decode()
    assert 'data-testid="audit-note"' in page and "until the mode is Enforced" in page
    assert f'href="/pools/{pool_id}/edit#threat-protection"' in page


def test_it_says_audit_mode_to_viewers_without_the_admin_link(viewer_client, idp):
    pool_id, _ = make_pool(idp, mode="AUDIT")
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/threat-protection/").content.decode()
    assert 'data-testid="audit-note"' in page and "An Admin can change the mode." in page
    assert f'href="/pools/{pool_id}/edit#threat-protection"' not in page


def test_it_shows_a_client_without_any_configuration_as_the_pools(admin_client, idp):
    pool_id, client_id = make_pool(idp)
    page = admin_client.get(f"/pools/{pool_id}/sign-in/threat-protection/").content.decode()
    assert "Its own" not in page and "The pool's" in page
    assert f"/clients/{client_id}/inherit" not in page


def test_it_offers_no_client_edit_while_threat_protection_is_off(admin_client, idp):
    pool_id, client_id = make_pool(idp, mode="OFF")
    page = admin_client.get(f"/pools/{pool_id}/sign-in/threat-protection/").content.decode()
    assert f"/clients/{client_id}/edit" not in page
    assert "Turn threat protection on to edit" in page


def test_it_keeps_the_client_table_in_a_scrolling_box(viewer_client, risky):
    page = viewer_client.get(f"/pools/{risky[0]}/sign-in/threat-protection/").content.decode()
    box = page.index('<div class="table-responsive">')
    assert box < page.index('id="client-risk-table"')
