"""A group's members: paging, bulk add by pasted usernames, remove, audit."""

from __future__ import annotations

from django.urls import reverse

from console.models import AuditEvent

from .conftest import make_groups


def url(view, pool_id, **kwargs):
    return reverse(f"groups:{view}", kwargs={"pool_id": pool_id, **kwargs})


def test_it_pages_members_with_next_and_previous(viewer_client, idp, pool_id):
    make_groups(idp, pool_id, [("big/one", 1, None)], {"big/one": [f"m{i:02d}" for i in range(62)]})
    detail = url("detail", pool_id, name="big/one")
    first = viewer_client.get(detail).content.decode()
    assert first.count('class="btn btn-sm btn-outline-danger"') == 0  # a Viewer cannot remove
    assert 'data-testid="page-number">Page 1<' in first
    next_url = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = viewer_client.get(next_url).content.decode()
    assert 'data-testid="page-number">Page 2<' in second
    names = {f"m{i:02d}" for i in range(62)}
    shown = {n for n in names if f">{n}<" in first} | {n for n in names if f">{n}<" in second}
    assert shown == names
    prev_url = second.split('rel="prev" href="')[1].split('"')[0].replace("&amp;", "&")
    assert viewer_client.get(prev_url).content.decode().count(">m") == first.count(">m")
    stale = viewer_client.get(detail, {"cursor": "made-up"}).content.decode()
    assert "has expired or is not valid" in stale


def test_it_adds_pasted_usernames_and_reports_each(operator_client, idp, pool_id):
    make_groups(idp, pool_id, [("team", 1, None)])
    for name in ("ann@example.com", "bob/x", "Zoë+1"):
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
    pasted = "ann@example.com\r\n  bob/x \n\nghost\nbad name\nZoë+1\nann@example.com\n"
    response = operator_client.post(url("add_members", pool_id, name="team"), {"usernames": pasted})
    html = response.content.decode()
    rows = html.split('id="add-results"')[1].split("</table>")[0].split("<tr>")[2:]
    results = [(r.split("</td>")[0].split(">")[-1], r) for r in rows]
    assert [name for name, _ in results] == [
        "ann@example.com",
        "bob/x",
        "ghost",
        "bad name",
        "Zoë+1",
        "ann@example.com",
    ]
    assert "added" in results[0][1] and "added" in results[1][1] and "added" in results[4][1]
    assert "No such user" in results[2][1]
    assert "Not a username" in results[3][1]
    assert "Listed twice" in results[5][1]
    in_group = idp.list_users_in_group(UserPoolId=pool_id, GroupName="team")["Users"]
    assert sorted(u["Username"] for u in in_group) == ["Zoë+1", "ann@example.com", "bob/x"]
    events = AuditEvent.objects.filter(action="AdminAddUserToGroup")
    assert events.filter(outcome="succeeded").count() == 3
    assert events.filter(outcome="failed", target_id="ghost").count() == 1


def test_it_refuses_too_many_pasted_names(operator_client, idp, pool_id):
    make_groups(idp, pool_id, [("team", 1, None)])
    pasted = "\n".join(f"u{i}" for i in range(101))
    response = operator_client.post(url("add_members", pool_id, name="team"), {"usernames": pasted})
    assert "At most 100 usernames" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_it_removes_a_member_with_an_audit_event(operator_client, idp, pool_id):
    make_groups(idp, pool_id, [("a/b", 1, None)], {"a/b": ["x/y", "keep"]})
    detail = url("detail", pool_id, name="a/b")
    assert "Remove x/y from the group" in operator_client.get(detail).content.decode()
    response = operator_client.post(url("remove_member", pool_id, name="a/b"), {"username": "x/y"})
    assert response.status_code == 302 and response.headers["Location"] == detail
    left = idp.list_users_in_group(UserPoolId=pool_id, GroupName="a/b")["Users"]
    assert [u["Username"] for u in left] == ["keep"]
    event = AuditEvent.objects.get(action="AdminRemoveUserFromGroup")
    assert (event.target_id, event.outcome, event.parameters["GroupName"]) == (
        "x/y",
        "succeeded",
        "a/b",
    )


def test_it_refuses_membership_changes_to_a_viewer(viewer_client, idp, pool_id):
    make_groups(idp, pool_id, [("team", 1, None)], {"team": ["u"]})
    assert (
        viewer_client.post(url("add_members", pool_id, name="team"), {"usernames": "u"}).status_code
        == 403
    )
    assert (
        viewer_client.post(
            url("remove_member", pool_id, name="team"), {"username": "u"}
        ).status_code
        == 403
    )
