"""What-if Apply and the group edit refuse, with a diff, to overwrite a change another
admin made in Cognito after the form was opened."""

from __future__ import annotations

import re

from django.urls import reverse

from console.models import AuditEvent

from .conftest import ROLE, make_groups
from .test_view_whatif import form_data, groups, whatif_url


def opened_token(html: str) -> str:
    found = re.search(r'name="opened" value="([^"]+)"', html)
    assert found, "the form carries no snapshot"
    return found.group(1)


def test_it_refuses_to_put_back_another_admins_precedence_change(admin_client, idp, tied_pool):
    token = opened_token(admin_client.get(whatif_url(tied_pool)).content.decode())
    # Another admin moves billing from 5 to 7 while this form is open.
    idp.update_group(
        UserPoolId=tied_pool, GroupName="billing", Precedence=7, RoleArn=ROLE.format("Billing")
    )
    # This admin changes billing's role only; the row still shows precedence 5.
    data = form_data(billing=(5, "Finance"))
    response = admin_client.post(whatif_url(tied_pool), {**data, "opened": token, "apply": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="edit-conflicts"' in html
    assert "billing: precedence: 5 → 7" in html and "(yours: 5)" in html
    assert not AuditEvent.objects.filter(action="UpdateGroup").exists()
    assert groups(idp, tied_pool)["billing"] == (7, ROLE.format("Billing"))
    # The form now shows what Cognito holds, with a new snapshot: applying again works.
    assert 'value="7"' in html
    again = form_data(billing=(7, "Finance"))
    again = {k: v for k, v in again.items() if not k.startswith(("name_", "precedence_", "role_"))}
    rows = dict(re.findall(r'name="(name_\d+)" value="([^"]*)"', html))
    by_name = {v: k.split("_")[1] for k, v in rows.items()}
    for name, (precedence, role) in {
        "admins": (0, "Admins"),
        "billing": (7, "Finance"),
        "support": (5, "Support"),
        "news": (20, None),
        "readers": (None, "Readers"),
    }.items():
        i = by_name[name]
        again[f"name_{i}"] = name
        again[f"precedence_{i}"] = "" if precedence is None else str(precedence)
        again[f"role_{i}"] = ROLE.format(role) if role else ""
    applied = admin_client.post(
        whatif_url(tied_pool), {**again, "opened": opened_token(html), "apply": "1"}
    )
    assert applied.status_code == 302
    assert groups(idp, tied_pool)["billing"] == (7, ROLE.format("Finance"))


def test_it_leaves_alone_a_group_changed_elsewhere_that_was_not_edited(
    admin_client, idp, tied_pool
):
    token = opened_token(admin_client.get(whatif_url(tied_pool)).content.decode())
    idp.update_group(UserPoolId=tied_pool, GroupName="news", Precedence=25)
    data = form_data(admins=(1, "Admins"))  # news still shows 20
    response = admin_client.post(whatif_url(tied_pool), {**data, "opened": token, "apply": "1"})
    assert response.status_code == 302
    after = groups(idp, tied_pool)
    assert after["admins"] == (1, ROLE.format("Admins"))
    assert after["news"][0] == 25  # not put back to 20
    updated = AuditEvent.objects.filter(action="UpdateGroup").values_list("target_id", flat=True)
    assert list(updated) == ["admins"]


def test_it_takes_a_reordering_change_elsewhere_as_no_reason_to_refuse(
    admin_client, idp, tied_pool
):
    """Rows are matched by name: a precedence change that reorders the list shifts nothing."""
    token = opened_token(admin_client.get(whatif_url(tied_pool)).content.decode())
    idp.update_group(UserPoolId=tied_pool, GroupName="news", Precedence=1)  # now second
    data = form_data(readers=(30, "Readers"))
    response = admin_client.post(whatif_url(tied_pool), {**data, "opened": token, "apply": "1"})
    assert response.status_code == 302
    after = groups(idp, tied_pool)
    assert after["readers"] == (30, ROLE.format("Readers")) and after["news"][0] == 1


def test_it_refuses_a_tampered_snapshot(admin_client, tied_pool, idp):
    data = form_data(admins=(1, "Admins"))
    response = admin_client.post(whatif_url(tied_pool), {**data, "opened": "x:y", "apply": "1"})
    assert "snapshot is not valid" in response.content.decode()
    assert groups(idp, tied_pool)["admins"][0] == 0


def test_it_refuses_a_group_edit_that_would_overwrite_a_change_made_elsewhere(
    admin_client, idp, pool_id
):
    make_groups(idp, pool_id, [("ops", 3, "Ops")])
    edit = reverse("groups:edit", kwargs={"pool_id": pool_id, "name": "ops"})
    token = opened_token(admin_client.get(edit).content.decode())
    idp.update_group(
        UserPoolId=pool_id,
        GroupName="ops",
        Description="On call",
        Precedence=3,
        RoleArn=ROLE.format("Ops"),
    )
    response = admin_client.post(
        edit,
        {"description": "", "role_arn": ROLE.format("Ops"), "precedence": "4", "opened": token},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Description: (not set) → On call" in html and "(yours: (not set))" in html
    group = idp.get_group(UserPoolId=pool_id, GroupName="ops")["Group"]
    assert (group["Description"], group["Precedence"]) == ("On call", 3)
    assert not AuditEvent.objects.exists()
    assert "On call</textarea>" in html  # the fresh form shows Cognito's value
    saved = admin_client.post(
        edit,
        {
            "description": "On call",
            "role_arn": ROLE.format("Ops"),
            "precedence": "4",
            "opened": opened_token(html),
        },
    )
    assert saved.status_code == 302
    group = idp.get_group(UserPoolId=pool_id, GroupName="ops")["Group"]
    assert (group["Description"], group["Precedence"]) == ("On call", 4)
