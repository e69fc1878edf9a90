"""A page for something that is not there says what was looked for, and where."""

from __future__ import annotations

from console.cognito.schema import pattern_problem


def test_it_names_the_app_client_that_is_not_there(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/clients/nosuchclient1/")
    assert response.status_code == 404
    assert f"No app client nosuchclient1 in user pool {pool_id}." in response.content.decode()


def test_it_names_the_group_that_is_not_there(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/groups/g/nosuch/")
    assert response.status_code == 404
    assert f"No group “nosuch” in user pool {pool_id}." in response.content.decode()


def test_it_names_the_pool_that_is_not_there_once(viewer_client):
    response = viewer_client.get("/pools/us-east-1_Nope12345/users/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "No user pool us-east-1_Nope12345 in us-east-1" in html
    assert html.count("deleted") == 1


def test_it_shows_no_resolver_internals_on_a_404(viewer_client):
    response = viewer_client.get("/pools/a%2Fb/c/d/e/")
    assert response.status_code == 404
    assert "Resolver404" not in response.content.decode()


def test_it_says_spaces_are_not_allowed_in_a_name():
    assert pattern_problem(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+").endswith("Spaces are not.")
    assert "Spaces" not in pattern_problem(r"[\w\s+=,.@-]+")
