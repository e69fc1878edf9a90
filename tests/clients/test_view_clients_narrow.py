"""Every django-tables2 table scrolls inside its own box (issue 15's re-test: the app
clients list made a 390 px page 716 px wide). The kind: the project's table template is
the responsive one, so no list needs its own wrapper."""

from __future__ import annotations


def test_it_wraps_the_app_client_table_in_a_scrolling_box(viewer_client, idp, pool_id):
    idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"],
    )
    html = viewer_client.get(f"/pools/{pool_id}/clients/").content.decode()
    box = html.index('class="table-container table-responsive"')
    assert box < html.index("<table", box)
