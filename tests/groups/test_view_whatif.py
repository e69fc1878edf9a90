"""The what-if editor: preview, apply, partial failure."""

from __future__ import annotations

import re

from django.urls import reverse

from console.models import AuditEvent

from .conftest import ROLE

# tied_pool's groups in ladder order: admins 0, billing 5, support 5, news 20, readers none.
ORDER = ["admins", "billing", "support", "news", "readers"]
CURRENT = {
    "admins": (0, "Admins"),
    "billing": (5, "Billing"),
    "support": (5, "Support"),
    "news": (20, None),
    "readers": (None, "Readers"),
}


def whatif_url(pool_id):
    return reverse("groups:whatif", kwargs={"pool_id": pool_id})


def form_data(**overrides):
    data = {}
    for i, name in enumerate(ORDER):
        precedence, role = overrides.get(name, CURRENT[name])
        data[f"name_{i}"] = name
        data[f"precedence_{i}"] = "" if precedence is None else str(precedence)
        data[f"role_{i}"] = ROLE.format(role) if role else ""
    return data


def apply(client, pool_id, data, **kwargs):
    """POST the what-if's Apply as the page does: with the snapshot of a fresh editor."""
    html = client.get(whatif_url(pool_id)).content.decode()
    token = re.search(r'name="opened" value="([^"]+)"', html).group(1)
    return client.post(whatif_url(pool_id), {**data, "opened": token, "apply": "1"}, **kwargs)


def groups(idp, pool_id):
    return {
        g["GroupName"]: (g.get("Precedence"), g.get("RoleArn"))
        for g in idp.list_groups(UserPoolId=pool_id)["Groups"]
    }


def test_it_shows_the_current_values_in_the_editor(viewer_client, tied_pool):
    html = viewer_client.get(whatif_url(tied_pool)).content.decode()
    assert 'name="precedence_1" value="5"' in html and 'name="name_1" value="billing"' in html
    assert "Apply changes" not in html  # only an Admin applies
    bare = viewer_client.get(whatif_url(tied_pool), {"preview": "1"}).content.decode()
    assert 'name="precedence_1" value="5"' in bare and "changed since" not in bare


def test_it_previews_fixing_the_tie(viewer_client, idp, tied_pool):
    response = viewer_client.get(
        whatif_url(tied_pool), {**form_data(billing=(6, "Billing")), "preview": "1"}
    )
    html = response.content.decode()
    assert "“billing”: precedence 5 → 6" in html
    assert 'data-testid="tie-vanishes">Tie gone: billing, support at 5' in html
    assert "cleared the preferred role of 2 users" in html
    assert 'data-testid="users-changed">2 of 7 users' in html
    assert f'<td class="font-monospace-sm">{ROLE.format("Support")}</td><td>2</td>' in html
    assert groups(idp, tied_pool)["billing"] == (5, ROLE.format("Billing"))  # nothing applied


def test_it_previews_a_tie_that_appears(admin_client, tied_pool):
    html = admin_client.post(
        whatif_url(tied_pool), {**form_data(admins=(5, "Admins")), "preview": "1"}
    ).content.decode()
    appears = (
        'data-testid="tie-appears">New tie: admins, billing, support at 5 with different roles'
    )
    assert appears in html
    assert "3 users would get no preferred role" in html  # ann, bob, cat
    assert 'data-testid="users-changed">1 of 7 users' in html  # ann loses Admins
    cell = '<td class="font-monospace-sm">{}</td>'
    assert cell.format(ROLE.format("Admins")) + cell.format("(not set)") + "<td>1</td>" in html


def test_it_applies_one_update_per_changed_group(admin_client, idp, tied_pool, faults):
    faults.clear()
    data = form_data(billing=(6, "Billing"), readers=(30, "Other"))
    response = apply(admin_client, tied_pool, data)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("groups:review", kwargs={"pool_id": tied_pool})
    assert faults.seen["UpdateGroup"] == 2
    after = groups(idp, tied_pool)
    assert after["billing"] == (6, ROLE.format("Billing"))
    assert after["readers"] == (30, ROLE.format("Other"))
    assert after["support"] == (5, ROLE.format("Support"))
    described = idp.get_group(UserPoolId=tied_pool, GroupName="billing")["Group"]
    assert described.get("Description", "") == ""
    events = AuditEvent.objects.filter(action="UpdateGroup", outcome="succeeded")
    assert sorted(events.values_list("target_id", flat=True)) == ["billing", "readers"]
    review = admin_client.get(response.headers["Location"]).content.decode()
    assert 'data-testid="tie-warning"' not in review


def test_it_says_exactly_which_updates_failed(admin_client, idp, tied_pool, faults, settings):
    from console.cognito.transport import clear_clients

    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    # COGNITO_MAX_ATTEMPTS counts every attempt: one, no retry. The first group's
    # UpdateGroup fails, the others go through.
    faults.set("UpdateGroup", "error", times=1)
    data = form_data(admins=(1, "Admins"), billing=(6, "Billing"), support=(4, "Support"))
    html = apply(admin_client, tied_pool, data).content.decode()
    outcome = html.split('id="apply-outcome"')[1].split("</div>")[0]
    failed = [s.split("</span>")[0] for s in outcome.split('data-testid="failed-group">')[1:]]
    updated = [s.split("</span>")[0] for s in outcome.split('data-testid="updated-group">')[1:]]
    assert failed == ["“admins”"]
    assert updated == ["“billing”", "“support”"]
    after = groups(idp, tied_pool)
    assert after["admins"][0] == 0 and after["billing"][0] == 6 and after["support"][0] == 4
    # The form shows the pool as it is now.
    assert 'name="precedence_0" value="0"' in html
    outcomes = dict(
        AuditEvent.objects.filter(action="UpdateGroup").values_list("target_id", "outcome")
    )
    # A 5xx: Cognito may or may not have made it, and the read-back did not find it.
    assert outcomes == {"admins": "unknown", "billing": "succeeded", "support": "succeeded"}
    assert "may or may not have been made" in outcome and "not confirmed" in outcome


def test_it_refuses_clearing_what_cognito_cannot_clear(admin_client, idp, tied_pool):
    data = form_data(billing=(None, None))
    html = apply(admin_client, tied_pool, data).content.decode()
    assert "Cognito cannot remove a group&#x27;s role" in html
    assert "Cognito cannot clear a precedence" in html
    assert not AuditEvent.objects.exists()
    assert groups(idp, tied_pool)["billing"] == (5, ROLE.format("Billing"))


def test_it_refuses_a_form_for_groups_that_changed(admin_client, idp, tied_pool):
    idp.create_group(UserPoolId=tied_pool, GroupName="aaa-new", Precedence=0)
    from django.core.cache import cache

    cache.clear()
    html = apply(admin_client, tied_pool, form_data()).content.decode()
    assert "changed since this form was opened" in html
    assert not AuditEvent.objects.exists()


def test_it_refuses_applying_to_an_operator(operator_client, tied_pool):
    data = {**form_data(billing=(6, "Billing")), "apply": "1"}
    assert operator_client.post(whatif_url(tied_pool), data).status_code == 403


def test_it_counts_the_updated_groups_in_words(admin_client, tied_pool):
    one = apply(admin_client, tied_pool, form_data(billing=(6, "Billing")), follow=True)
    assert "Updated 1 group. The review shows the result." in one.content.decode()
    two = apply(
        admin_client,
        tied_pool,
        form_data(billing=(6, "Billing"), news=(21, None), readers=(30, "Readers")),
        follow=True,
    )
    assert "Updated 2 groups." in two.content.decode()


def test_it_refuses_an_apply_without_the_forms_snapshot(admin_client, idp, tied_pool):
    data = {**form_data(billing=(6, "Billing")), "apply": "1"}
    html = admin_client.post(whatif_url(tied_pool), data).content.decode()
    assert "The form&#x27;s snapshot is missing" in html
    assert groups(idp, tied_pool)["billing"] == (5, ROLE.format("Billing"))
