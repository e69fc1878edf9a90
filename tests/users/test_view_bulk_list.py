"""The pool's recent bulk actions (users:bulk_list, GET /pools/<id>/users/bulk/): a
bulk action can be found again after its page was closed. Operators only."""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

from console.models import Job
from tests.conftest import make_staff
from tests.jobs import run_one

from .conftest import add_user, list_filter_of
from .test_view_bulk_cancel import _hook_checkpoint


def _start(client, pool_id, nonce, **data):
    data = {"action": "disable", "scope": "selected", "nonce": nonce, **data}
    response = client.post(reverse("users:bulk", kwargs={"pool_id": pool_id}), data)
    assert response.status_code == 302, response.content[:300]
    return Job.objects.get(key__endswith=f":{nonce}")


def _rows(html: str) -> list[str]:
    body = re.search(r'<table[^>]*id="bulk-recent".*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, "no recent bulk actions table"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", unescape(r)).split()) for r in rows]


def _list_page(client, pool_id):
    return client.get(reverse("users:bulk_list", kwargs={"pool_id": pool_id}))


def test_it_lists_the_pools_recent_bulk_actions_with_status_counts_who_and_scope(
    operator_client, operator, idp, users_pool, pool_id
):
    for name in ("ann", "bob"):
        add_user(idp, users_pool, name)
    first = _start(operator_client, users_pool, "b1", usernames=["ann", "ghost"])
    run_one()
    every = list_filter_of(operator_client, users_pool, attribute="username", value="b")
    second = _start(
        operator_client, users_pool, "b2", scope="all", confirmed="1", list_filter=every
    )
    _start(operator_client, pool_id, "other-pool", usernames=["x"])  # not this pool's
    response = _list_page(operator_client, users_pool)
    assert response.status_code == 200
    rows = _rows(response.content.decode())
    assert len(rows) == 2
    assert rows[0].startswith(f"#{second.pk} Disable All users matching username starts with “b”")
    assert "Queued" in rows[0] and "0 of 0" in rows[0]
    assert rows[1].startswith(f"#{first.pk} Disable The 2 selected users Finished with errors")
    assert "2 of 2 · 1 succeeded · 1 failed" in rows[1]
    assert operator.get_username() in rows[1]
    status_url = reverse("users:bulk_status", kwargs={"pool_id": users_pool, "pk": first.pk})
    assert f'href="{status_url}"' in response.content.decode()


def test_it_shows_the_latest_ten_newest_first(operator_client, users_pool):
    started = [_start(operator_client, users_pool, f"n{i}", usernames=["u"]) for i in range(12)]
    rows = _rows(_list_page(operator_client, users_pool).content.decode())
    assert [r.split()[0] for r in rows] == [f"#{j.pk}" for j in reversed(started[2:])]


def test_it_shows_every_staff_members_bulk_actions(operator_client, client, users_pool):
    mine = _start(operator_client, users_pool, "mine", usernames=["u"])
    client.force_login(make_staff("other-operator", "Operator"))
    theirs = _start(client, users_pool, "theirs", usernames=["v"])
    rows = _rows(_list_page(client, users_pool).content.decode())
    assert [r.split()[0] for r in rows] == [f"#{theirs.pk}", f"#{mine.pk}"]
    assert "other-operator" in rows[0]


def test_it_says_when_there_is_none_yet(operator_client, users_pool):
    html = _list_page(operator_client, users_pool).content.decode()
    assert 'data-testid="bulk-recent-none"' in html and "No bulk action in this pool yet." in html


def test_it_is_for_operators_only(viewer_client, users_pool):
    assert _list_page(viewer_client, users_pool).status_code == 403


def test_it_links_the_recent_bulk_actions_from_the_users_list(operator_client, users_pool):
    html = operator_client.get(reverse("users:list", kwargs={"pool_id": users_pool})).content
    url = reverse("users:bulk_list", kwargs={"pool_id": users_pool})
    assert f'href="{url}" data-testid="bulk-recent-link"' in html.decode()


def test_it_lists_the_recent_bulk_actions_on_a_bulk_actions_page_marking_it(
    operator_client, users_pool
):
    older = _start(operator_client, users_pool, "o", usernames=["u"])
    newer = _start(operator_client, users_pool, "n", usernames=["v"])
    url = reverse("users:bulk_status", kwargs={"pool_id": users_pool, "pk": older.pk})
    html = operator_client.get(url).content.decode()
    assert [r.split()[0] for r in _rows(html)] == [f"#{newer.pk}", f"#{older.pk}"]
    marked = rf'<tr class="table-active" aria-current="page"><td><a [^>]*>#{older.pk}<'
    assert re.search(marked, html)
    polled = operator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="bulk-recent"' in polled  # refreshed with the progress (below)


def test_it_refreshes_the_recent_bulk_actions_with_the_progress(
    operator_client, idp, users_pool, monkeypatch
):
    """The tester saw "Running 7 of 250" above and "Queued 0 of 0" in the table: the
    table is in the polled part, so each refresh (and the last, at the end) updates it."""
    names = [f"r-{i}" for i in range(5)]
    for name in names:
        add_user(idp, users_pool, name)
    job = _start(operator_client, users_pool, "live", usernames=names)
    url = reverse("users:bulk_status", kwargs={"pool_id": users_pool, "pk": job.pk})
    seen = []

    def look(_job):
        polled = operator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
        seen.append((_status_line(polled), _rows(polled)[0]))

    _hook_checkpoint(monkeypatch, 2, look, after=True)
    assert run_one().status == "succeeded"
    status, row = seen[0]
    assert "Running" in status and "2 of 5 users done" in status
    assert row.startswith(f"#{job.pk} Disable The 5 selected users Running 2 of 5 · 2 succeeded")
    final = operator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every' not in final  # the last swap: finished, no more polling
    assert _rows(final)[0].startswith(f"#{job.pk} Disable The 5 selected users Succeeded 5 of 5")
    page = operator_client.get(url).content.decode()  # without a script: the whole page
    assert _rows(page)[0].startswith(f"#{job.pk} Disable The 5 selected users Succeeded 5 of 5")


def _status_line(html: str) -> str:
    found = re.search(r'data-testid="bulk-status">(.*?)</p>', html, re.S)
    assert found
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(found.group(1))).split())


def test_it_still_starts_a_bulk_action_on_post(operator_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    job = _start(operator_client, users_pool, "p", usernames=["ann"])
    assert run_one().pk == job.pk
    assert idp.admin_get_user(UserPoolId=users_pool, Username="ann")["Enabled"] is False
