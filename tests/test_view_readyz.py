"""/readyz is readiness: 200 when the database and Cognito answer, 503 saying which
did not; Cognito's answer is reused for READINESS_CACHE_SECONDS."""

import time

from django.db.utils import OperationalError


def test_it_is_ready_when_the_database_and_cognito_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "cognito": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_it_is_unready_when_nothing_listens_at_the_cognito_endpoint(client, db, refused_endpoint):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unready", "database": "ok", "cognito": "unreachable"}


def test_it_is_unready_when_cognito_fails(client, db, faults, settings):
    settings.COGNITO_MAX_ATTEMPTS = 1
    faults.set("*", "error")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cognito"] == "unreachable"
    assert "Internal" not in response.content.decode()  # details go to the log only


def test_it_is_unready_when_the_database_fails(client, db):
    from django.db import connection

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(refuse):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unready", "database": "unreachable", "cognito": "ok"}
    assert "could not connect" not in response.content.decode()


def test_it_asks_cognito_once_within_the_cache_window(client, db, faults, settings):
    settings.READINESS_CACHE_SECONDS = 60
    assert client.get("/readyz").status_code == 200
    assert faults.seen["ListUserPools"] == 1
    second = client.get("/readyz")
    assert second.status_code == 200
    assert second.headers["X-Cognito-Calls"] == "0"
    assert faults.seen["ListUserPools"] == 1


def test_it_keeps_a_failed_answer_for_the_window_too(client, db, faults, settings):
    settings.READINESS_CACHE_SECONDS = 60
    settings.COGNITO_MAX_ATTEMPTS = 1
    faults.set("*", "error")
    assert client.get("/readyz").status_code == 503
    assert sum(faults.seen.values()) == 1
    faults.clear()  # Cognito is back, but within the window it is not asked again
    assert client.get("/readyz").status_code == 503
    assert sum(faults.seen.values()) == 0


def test_it_asks_cognito_again_once_the_window_has_passed(client, db, faults, settings):
    settings.READINESS_CACHE_SECONDS = 1
    assert client.get("/readyz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert faults.seen["ListUserPools"] == 1
    time.sleep(1.2)
    assert client.get("/readyz").status_code == 200
    assert faults.seen["ListUserPools"] == 2


def test_it_stays_right_when_the_cache_is_the_database_and_the_database_is_down(
    client, db, faults, settings
):
    from django.db import connection

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "console_cache",
        }
    }

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(refuse):
        for _ in range(2):  # nothing can be kept: Cognito is asked each time
            response = client.get("/readyz")
            assert response.status_code == 503
            assert response.json()["database"] == "unreachable"
            assert response.json()["cognito"] == "ok"
    assert faults.seen["ListUserPools"] == 2


def test_it_is_exempt_from_the_https_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200


def test_it_gives_a_hung_cognito_one_short_attempt(client, db, faults, settings):
    """An endpoint that takes the connection and never answers: 503 after about
    READINESS_TIMEOUT, one attempt, not the client's ~40 s of timeouts and retries."""
    settings.READINESS_TIMEOUT = 0.5
    settings.COGNITO_READ_TIMEOUT = 10
    settings.COGNITO_MAX_ATTEMPTS = 4
    faults.set("ListUserPools", "slow", delay=3)
    began = time.monotonic()
    response = client.get("/readyz")
    took = time.monotonic() - began
    assert response.status_code == 503 and response.json()["cognito"] == "unreachable"
    assert took < 2.5, took
    assert faults.seen["ListUserPools"] == 1
