"""The user list: filter, paging across the demo pool, columns, stale cursors."""

import re

from console.emulator.demo import load_demo
from users.models import ColumnPreference

from .conftest import add_user

NEXT = re.compile(r'rel="next" href="([^"]+)"')
PREV = re.compile(r'rel="prev" href="([^"]+)"')
USER_LINK = re.compile(r'<a href="/pools/[^/]+/users/([^"/]+)/">')


def _names(html):
    return USER_LINK.findall(html)


def test_it_pages_forward_and_back_across_the_demo_pool(viewer_client, cognito_server, faults):
    summary = load_demo(endpoint_url=cognito_server, region="us-east-1")
    pool_id = summary["pools"]["Acme Customers (demo)"]
    url = f"/pools/{pool_id}/users/?size=60"
    pages, seen = [], []
    faults.clear()
    while url:
        response = viewer_client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        html = response.content.decode()
        pages.append((url, _names(html)))
        seen += _names(html)
        match = NEXT.search(html)
        url = match.group(1) if match else None
    assert faults.seen["ListUsers"] == len(pages)  # one ListUsers call per page view
    assert len(seen) == len(set(seen)) == 251  # 250 people and one federated user (a sign-in story)
    assert len(pages) == 5
    # Back from the last page, and a reload, give the same pages.
    html = viewer_client.get(pages[-1][0].replace("&amp;", "&")).content.decode()
    assert "Page 5" in html
    prev = PREV.search(html).group(1).replace("&amp;", "&")
    assert _names(viewer_client.get(prev).content.decode()) == pages[3][1]


def test_it_keeps_the_filter_while_paging(operator_client, idp, users_pool):
    for i in range(12):
        add_user(idp, users_pool, f"match{i:02d}", f"m{i:02d}@example.com")
    for i in range(5):
        add_user(idp, users_pool, f"other{i}", f"o{i}@example.org")
    url = f"/pools/{users_pool}/users/?attribute=email&match=prefix&value=m&size=10"
    html = operator_client.get(url).content.decode()
    first = _names(html)
    assert len(first) == 10 and all(n.startswith("match") for n in first)
    nxt = NEXT.search(html).group(1).replace("&amp;", "&")
    assert "value=m" in nxt and "cursor=" in nxt
    second = _names(operator_client.get(nxt).content.decode())
    assert sorted(first + second) == [f"match{i:02d}" for i in range(12)]


def test_it_renders_only_the_table_for_htmx(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    response = viewer_client.get(f"/pools/{users_pool}/users/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="user-results"' in html and "<html" not in html


def test_it_restarts_on_a_stale_or_forged_cursor(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    response = viewer_client.get(f"/pools/{users_pool}/users/?cursor=forged123")
    assert response.status_code == 200
    assert "start" in response.content.decode().lower()
    assert _names(response.content.decode()) == ["ann"]


def test_it_refuses_two_filters_at_once(viewer_client, users_pool):
    response = viewer_client.get(f"/pools/{users_pool}/users/?value=a&user_status=CONFIRMED")
    assert response.status_code == 400
    assert "one attribute at a time" in response.content.decode()


def test_it_filters_by_quick_choices(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "on")
    add_user(idp, users_pool, "off")
    idp.admin_disable_user(UserPoolId=users_pool, Username="off")
    html = viewer_client.get(f"/pools/{users_pool}/users/?enabled=Disabled").content.decode()
    assert _names(html) == ["off"]
    html = viewer_client.get(
        f"/pools/{users_pool}/users/?user_status=FORCE_CHANGE_PASSWORD"
    ).content.decode()
    assert sorted(_names(html)) == ["off", "on"]


def test_it_remembers_the_columns_per_staff_user(viewer_client, viewer, idp, users_pool, faults):
    add_user(idp, users_pool, "ann", custom__tenant_id="tenant-42")
    page = viewer_client.get(f"/pools/{users_pool}/users/").content.decode()
    # The page's own form: a POST to the list, which a Viewer may send.
    assert re.search(r'<form method="post" action="[^"]*/users/"[^>]*id="columns-form"', page)
    response = viewer_client.post(
        f"/pools/{users_pool}/users/",
        {"col": ["custom:tenant_id"], "value": "ann", "attribute": "username", "match": "exact"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?attribute=username&match=exact&value=ann")
    assert ColumnPreference.objects.get(staff_user=viewer).columns == ["custom:tenant_id"]
    faults.clear()
    html = viewer_client.get(f"/pools/{users_pool}/users/").content.decode()
    assert "tenant-42" in html
    assert re.search(r"<th[^>]*>\s*custom:tenant_id\s*</th>", html, re.IGNORECASE)
    assert faults.seen["ListUsers"] == 1


def test_it_changes_no_column_on_a_get(viewer_client, viewer, idp, users_pool):
    add_user(idp, users_pool, "ann", custom__tenant_id="tenant-42")
    response = viewer_client.get(f"/pools/{users_pool}/users/?set_columns=1&col=custom:tenant_id")
    assert response.status_code == 200
    assert not ColumnPreference.objects.filter(staff_user=viewer).exists()
    assert "tenant-42" not in response.content.decode()


def test_it_keeps_only_the_pools_columns(viewer_client, viewer, idp, users_pool):
    response = viewer_client.post(
        f"/pools/{users_pool}/users/", {"col": ["custom:tenant_id", "bogus"]}
    )
    assert response.status_code == 302
    assert ColumnPreference.objects.get(staff_user=viewer).columns == ["custom:tenant_id"]


def test_it_keeps_the_page_when_the_columns_change(viewer_client, idp, users_pool):
    for i in range(12):
        idp.admin_create_user(UserPoolId=users_pool, Username=f"user{i:02}")
    first = viewer_client.get(f"/pools/{users_pool}/users/?size=10")
    next_url = first.context["page"].links.next_url
    cursor = next_url.split("cursor=")[1].split("&")[0]
    second = viewer_client.get(next_url).content.decode()
    assert f'name="cursor" value="{cursor}"' in second  # the columns form carries it
    response = viewer_client.post(
        f"/pools/{users_pool}/users/", {"col": ["custom:tenant_id"], "size": "10", "cursor": cursor}
    )
    assert response.status_code == 302 and f"cursor={cursor}" in response["Location"]
    assert viewer_client.get(response["Location"]).context["page"].links.page == 2
