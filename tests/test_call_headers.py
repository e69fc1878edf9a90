"""X-Cognito-Calls and X-Cognito-Operations (console.middleware.AuditContextMiddleware)
are sent only with CONSOLE_CALL_HEADERS on: the tests and `make bench` turn it on,
production leaves it off."""

import secrets

import pytest

from tests.test_security import _settings_of


def test_it_is_off_unless_the_environment_turns_it_on(monkeypatch):
    monkeypatch.delenv("CONSOLE_CALL_HEADERS", raising=False)
    assert _settings_of("CONSOLE_CALL_HEADERS", SECRET_KEY=secrets.token_urlsafe(50)) == ["False"]
    assert _settings_of("CONSOLE_CALL_HEADERS", CONSOLE_DEMO="1") == ["False"]
    assert _settings_of("CONSOLE_CALL_HEADERS", CONSOLE_CALL_HEADERS="1", CONSOLE_DEMO="1") == [
        "True"
    ]


def test_it_sends_no_call_headers_when_off(admin_client, pool_id, settings):
    settings.CONSOLE_CALL_HEADERS = False
    response = admin_client.get("/pools/")
    assert response.status_code == 200
    assert "X-Cognito-Calls" not in response.headers
    assert "X-Cognito-Operations" not in response.headers
    assert response.headers["X-Request-ID"]  # the other headers are still there


@pytest.mark.django_db
def test_it_sends_no_call_headers_on_any_answer_when_off(client, settings, refused_endpoint):
    settings.CONSOLE_CALL_HEADERS = False
    for url in ("/healthz", "/readyz", "/login/", "/pools/"):
        response = client.get(url)
        assert not [h for h in response.headers if h.lower().startswith("x-cognito-")], url


def test_it_counts_the_calls_when_on(admin_client, pool_id, settings):
    settings.CONSOLE_CALL_HEADERS = True
    response = admin_client.get(f"/pools/{pool_id}/")
    assert response.status_code == 200
    operations = response.headers["X-Cognito-Operations"].split(",")
    assert "DescribeUserPool" in operations
    assert int(response.headers["X-Cognito-Calls"]) == len(operations)
