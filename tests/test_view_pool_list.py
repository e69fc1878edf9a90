from console.cognito.transport import clear_clients


def test_it_lists_the_pools(viewer_client, idp):
    idp.create_user_pool(PoolName="Acme Customers (demo)")
    response = viewer_client.get("/pools/")
    assert response.status_code == 200
    assert b"Acme Customers (demo)" in response.content
    assert b"Local demo backend (in memory)" in response.content


def test_it_pages_forward_and_back_with_short_links(viewer_client, idp):
    for i in range(25):
        idp.create_user_pool(PoolName=f"pool-{i:02d}")
    first = viewer_client.get("/pools/", {"size": 10})
    nxt = first.context["page"].links.next_url
    assert nxt and len(nxt) < 120
    second = viewer_client.get(nxt)
    assert second.context["page"].links.page == 2
    names_2 = [p.name for p in second.context["table"].data]
    # Reloading the page shows the same page.
    again = viewer_client.get(nxt)
    assert [p.name for p in again.context["table"].data] == names_2
    third = viewer_client.get(second.context["page"].links.next_url)
    assert third.context["page"].links.page == 3
    assert third.context["page"].links.next_url is None
    back = viewer_client.get(third.context["page"].links.prev_url)
    assert [p.name for p in back.context["table"].data] == names_2
    assert len({*names_2, *[p.name for p in third.context["table"].data]}) == 15


def test_it_explains_a_forged_cursor(viewer_client, idp):
    idp.create_user_pool(PoolName="Only")
    response = viewer_client.get("/pools/", {"cursor": "forged-or-expired"})
    assert response.status_code == 200
    assert b"starts again from page 1" in response.content
    assert b"Only" in response.content


def test_it_refuses_a_cursor_from_another_filter(viewer_client, idp):
    for i in range(12):
        idp.create_user_pool(PoolName=f"p{i}")
    nxt = viewer_client.get("/pools/", {"size": 10}).context["page"].links.next_url
    key = nxt.split("cursor=")[1]
    response = viewer_client.get("/pools/", {"size": 20, "cursor": key})
    assert b"starts again from page 1" in response.content


def test_it_renders_only_the_table_for_htmx(viewer_client, idp):
    idp.create_user_pool(PoolName="Partial")
    response = viewer_client.get("/pools/", {"name": "part"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'id="pool-results"' in response.content
    assert b"<html" not in response.content
    assert b"Partial" in response.content


def test_it_ignores_a_bad_page_size(viewer_client, idp):
    idp.create_user_pool(PoolName="Any")
    response = viewer_client.get("/pools/", {"size": "9999"})
    assert response.status_code == 200
    assert b"Any" in response.content


def test_it_shows_a_readable_error_when_throttled(viewer_client, faults):
    faults.set("ListUserPools", "throttle")
    clear_clients()
    response = viewer_client.get("/pools/")
    assert response.status_code == 429
    assert b"throttling" in response.content
