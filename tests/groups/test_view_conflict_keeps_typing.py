"""An edit refused for a conflict keeps everything the person typed in the fields that
did not conflict; a conflicting field shows Cognito's value (the person's is in the
diff, "yours"), and the page's new snapshot lets a second submit go through.
Pool edit, app client edit, group edit and what-if Apply (finding 2 of issue 10)."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.pools.conftest import form_values

from .conftest import ROLE, make_groups
from .test_view_whatif import form_data, groups, whatif_url


def _open(admin_client, url):
    response = admin_client.get(url)
    data = form_values(response.context["form"])
    data["opened"] = response.context["opened"]
    return data


def _again(response):
    """The refused page's form as the person would submit it again, unchanged."""
    data = form_values(response.context["form"])
    data["opened"] = response.context["opened"]
    return data


def test_it_keeps_the_other_group_fields_the_person_typed(admin_client, idp, pool_id):
    make_groups(idp, pool_id, [("ops", 3, "Ops")])
    edit = reverse("groups:edit", kwargs={"pool_id": pool_id, "name": "ops"})
    data = _open(admin_client, edit)
    idp.update_group(
        UserPoolId=pool_id,
        GroupName="ops",
        Description="On call",
        Precedence=3,
        RoleArn=ROLE.format("Ops"),
    )
    data.update(description="Mine", precedence="4")
    response = admin_client.post(edit, data)
    assert response.status_code == 409
    again = _again(response)
    assert again["description"] == "On call" and again["precedence"] == "4"
    saved = admin_client.post(edit, again)
    assert saved.status_code == 302
    group = idp.get_group(UserPoolId=pool_id, GroupName="ops")["Group"]
    assert (group["Description"], group["Precedence"]) == ("On call", 4)


def test_it_keeps_the_other_whatif_rows_the_person_typed(admin_client, idp, tied_pool):
    html = admin_client.get(whatif_url(tied_pool)).content.decode()
    token = re.search(r'name="opened" value="([^"]+)"', html).group(1)
    idp.update_group(
        UserPoolId=tied_pool, GroupName="billing", Precedence=7, RoleArn=ROLE.format("Billing")
    )
    idp.update_group(UserPoolId=tied_pool, GroupName="news", Precedence=30)  # not edited
    # The person edits billing's precedence (conflict) and role, and support's precedence.
    data = form_data(billing=(6, "Finance"), support=(9, "Support"))
    response = admin_client.post(whatif_url(tied_pool), {**data, "opened": token, "apply": "1"})
    assert response.status_code == 409
    form = response.context["form"]
    shown = {
        g.name: (form[f"precedence_{i}"].value(), form[f"role_{i}"].value())
        for i, g in form.indexed
    }
    assert shown["billing"] == (7, ROLE.format("Finance"))  # Cognito's precedence, your role
    assert shown["support"][0] == 9  # yours
    assert shown["news"][0] == 30  # not edited: Cognito's
    again = {"opened": response.context["opened"], "apply": "1"}
    for i, g in form.indexed:
        precedence, role = shown[g.name]
        again.update(
            {
                f"name_{i}": g.name,
                f"precedence_{i}": "" if precedence is None else str(precedence),
                f"role_{i}": role or "",
            }
        )
    applied = admin_client.post(whatif_url(tied_pool), again)
    assert applied.status_code == 302
    now = groups(idp, tied_pool)
    assert now["billing"] == (7, ROLE.format("Finance")) and now["support"][0] == 9
    assert now["news"][0] == 30
