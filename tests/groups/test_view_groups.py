"""The groups list, create, edit and delete pages."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse

from console.models import AuditEvent

from .conftest import ROLE, make_groups

ODD_NAMES = ["review", "a/edit", "new", "ops/eu#1?&%+@", "Zürich/ü", "g/x/", "100%", "x+y=z"]


def url(view, pool_id, **kwargs):
    return reverse(f"groups:{view}", kwargs={"pool_id": pool_id, **kwargs})


@pytest.mark.parametrize("name", ODD_NAMES)
def test_it_round_trips_group_names_in_urls(name):
    for view in ("detail", "edit", "delete", "add_members"):
        path = url(view, "us-east-1_P", name=name)
        match = resolve(unquote(path))
        assert match.url_name == view and match.kwargs["name"] == name, (view, path)


def test_it_keeps_the_review_page_apart_from_a_group_called_review():
    assert resolve("/pools/us-east-1_P/groups/review").url_name == "review"
    assert resolve("/pools/us-east-1_P/groups/g/review/").kwargs["name"] == "review"


def test_it_lists_groups_in_precedence_order_and_filters_by_name(viewer_client, idp, pool_id):
    make_groups(
        idp,
        pool_id,
        [
            ("zeta", None, None),
            ("beta", 5, "B"),
            ("alpha", 5, "A"),
            ("top", 0, "T"),
            ("mid", 2, None),
        ],
    )
    html = viewer_client.get(url("list", pool_id)).content.decode()
    order = [html.index(f">{n}</a>") for n in ("top", "mid", "alpha", "beta", "zeta")]
    assert order == sorted(order)
    assert ROLE.format("T") in html
    assert "New group" not in html  # a Viewer cannot create
    filtered = viewer_client.get(url("list", pool_id), {"name": "ET"}).content.decode()
    assert ">beta</a>" in filtered and ">zeta</a>" in filtered and ">alpha</a>" not in filtered
    partial = viewer_client.get(url("list", pool_id), {"name": "top"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b">top</a>" in partial.content


def test_it_pages_a_long_group_list(viewer_client, idp, pool_id):
    make_groups(idp, pool_id, [(f"g{i:03d}", i, None) for i in range(65)])
    first = viewer_client.get(url("list", pool_id)).content.decode()
    assert ">g049</a>" in first and ">g050</a>" not in first
    assert "65 groups" in first
    next_url = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = viewer_client.get(next_url).content.decode()
    assert ">g050</a>" in second and ">g064</a>" in second and ">g049</a>" not in second


def test_it_creates_a_group_with_an_odd_name(admin_client, idp, pool_id):
    name = "ops/eu#1?&%+@"
    response = admin_client.post(
        url("new", pool_id),
        {"name": name, "description": "EU ops", "role_arn": ROLE.format("Ops"), "precedence": "3"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == url("detail", pool_id, name=name)
    group = idp.get_group(UserPoolId=pool_id, GroupName=name)["Group"]
    assert (group["Precedence"], group["RoleArn"], group["Description"]) == (
        3,
        ROLE.format("Ops"),
        "EU ops",
    )
    detail = admin_client.get(response.headers["Location"])
    assert detail.status_code == 200 and "ops/eu#1?&amp;%+@" in detail.content.decode()


FORM_CASES = [
    ({"name": "has space"}, "Only letters, accent marks, symbols, digits and punctuation"),
    ({"name": "x" * 129}, "at most 128"),
    ({"name": "g", "role_arn": "arn:aws:s3:::bucket-name-long"}, "IAM role ARN"),
    ({"name": "g", "precedence": "-1"}, "greater than or equal to 0"),
    ({"name": "g", "description": "d" * 2049}, "at most 2048"),
]


def test_it_checks_the_form_before_calling_cognito(admin_client, pool_id):
    for data, error in FORM_CASES:
        response = admin_client.post(url("new", pool_id), data)
        assert response.status_code == 200
        assert error in response.content.decode(), data
    assert not AuditEvent.objects.exists()


def test_it_shows_cognitos_error_on_the_form(admin_client, idp, pool_id):
    make_groups(idp, pool_id, [("taken", 1, None)])
    response = admin_client.post(url("new", pool_id), {"name": "taken", "description": "kept"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in html.lower() and "kept" in html


def test_it_refuses_creating_to_an_operator(operator_client, pool_id):
    assert operator_client.get(url("new", pool_id)).status_code == 403
    assert operator_client.post(url("new", pool_id), {"name": "x"}).status_code == 403


def test_it_edits_a_group_but_not_its_name(admin_client, idp, pool_id):
    make_groups(idp, pool_id, [("a/b", 1, "A")])
    edit = url("edit", pool_id, name="a/b")
    page = admin_client.get(edit)
    assert 'value="a/b"' in page.content.decode()
    response = admin_client.post(
        edit,
        {
            "name": "renamed",
            "description": "new",
            "role_arn": ROLE.format("B"),
            "precedence": "4",
            "opened": page.context["opened"],
        },
    )
    assert response.status_code == 302
    group = idp.get_group(UserPoolId=pool_id, GroupName="a/b")["Group"]
    assert (group["Description"], group["RoleArn"], group["Precedence"]) == (
        "new",
        ROLE.format("B"),
        4,
    )


def test_it_explains_that_cognito_cannot_clear_a_role_or_precedence(admin_client, idp, pool_id):
    make_groups(idp, pool_id, [("g", 1, "A")])
    response = admin_client.post(
        url("edit", pool_id, name="g"), {"description": "", "role_arn": "", "precedence": ""}
    )
    html = response.content.decode()
    assert "cannot remove a group&#x27;s role" in html
    assert "cannot clear a group&#x27;s precedence" in html
    assert idp.get_group(UserPoolId=pool_id, GroupName="g")["Group"]["Precedence"] == 1


def test_it_deletes_a_group_after_the_name_is_typed(admin_client, idp, pool_id):
    make_groups(idp, pool_id, [("a/b", 1, None)], {"a/b": ["u1", "u2"]})
    delete = url("delete", pool_id, name="a/b")
    page = admin_client.get(delete).content.decode()
    assert "2 members will lose this group" in page
    wrong = admin_client.post(delete, {"confirm": "a"})
    assert wrong.status_code == 200 and "not the group" in wrong.content.decode()
    response = admin_client.post(delete, {"confirm": "a/b"})
    assert response.status_code == 302
    assert idp.list_groups(UserPoolId=pool_id)["Groups"] == []
    assert AuditEvent.objects.filter(action="DeleteGroup", target_id="a/b").count() == 1


def test_it_answers_404_for_a_missing_group(viewer_client, pool_id):
    assert viewer_client.get(url("detail", pool_id, name="nope")).status_code == 404
