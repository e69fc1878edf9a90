"""/pools/<id>/sign-in/providers/ (Viewers): the list and the find-by-identifier box."""


def test_it_lists_the_providers_in_one_call(viewer_client, pool_id, oidc):
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/")
    assert response.status_code == 200
    table = response.context["table"]
    assert [(r.name, r.type_words) for r in table.data] == [("Okta", "OpenID Connect (OIDC)")]
    # One ListIdentityProviders, no describe per provider (DescribeUserPool is the pool's).
    operations = response.headers["X-Cognito-Operations"].split(",")
    assert operations.count("ListIdentityProviders") == 1
    assert "DescribeIdentityProvider" not in operations
    page = response.content.decode()
    assert f'href="/pools/{pool_id}/sign-in/providers/Okta/"' in page
    assert "New identity provider" not in page  # a Viewer does not create


def test_it_finds_a_provider_by_identifier(viewer_client, pool_id, oidc):
    url = f"/pools/{pool_id}/sign-in/providers/"
    found = viewer_client.get(url, {"identifier": "corp.example.com"})
    assert found.status_code == 302
    assert found.headers["Location"] == f"{url}Okta/"
    missing = viewer_client.get(url, {"identifier": "nobody.org"})
    assert missing.status_code == 400
    assert "nobody.org" in missing.context["find"].errors["identifier"][0]
    assert missing.context["find"]["identifier"].value() == "nobody.org"


def test_it_shows_a_malformed_provider_name_as_the_not_found_page(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/{'x' * 40}/")
    assert response.status_code == 404


def test_it_says_when_cognito_throttles(viewer_client, faults, pool_id, oidc):
    faults.set("ListIdentityProviders", "throttle")
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/")
    assert response.status_code == 429


def test_it_says_a_long_identifier_is_too_long_once(viewer_client, pool_id):
    response = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/", {"identifier": "x" * 200})
    assert response.status_code == 400
    assert len(response.context["find"].errors["identifier"]) == 1


def test_it_lets_the_list_scroll_in_its_box(viewer_client, pool_id, oidc):
    page = viewer_client.get(f"/pools/{pool_id}/sign-in/providers/").content.decode()
    assert '<div class="table-container table-responsive">' in page
