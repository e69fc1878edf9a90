"""/healthz is liveness: it answers while the process does, asking nothing of Cognito
or the database (console.views.healthz says why)."""


def test_it_is_healthy_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_makes_no_cognito_call_even_when_cognito_is_down(client, db, faults):
    faults.set("*", "error")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert sum(faults.seen.values()) == 0
    assert response.headers["X-Cognito-Calls"] == "0"


def test_it_answers_when_nothing_listens_at_the_cognito_endpoint(client, db, refused_endpoint):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["X-Cognito-Calls"] == "0"


def test_it_does_not_touch_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_it_is_exempt_from_the_https_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/audit/").status_code == 301  # the rule does apply elsewhere


def test_it_answers_a_probe_by_ip_whatever_allowed_hosts_says(client, db, settings):
    """The image's HEALTHCHECK and orchestrators' probes use the replica's address."""
    settings.ALLOWED_HOSTS = ["console.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    for host in ("127.0.0.1:8000", "10.0.3.7:8000", "localhost"):
        assert client.get("/healthz", HTTP_HOST=host).status_code == 200, host
        assert client.get("/readyz", HTTP_HOST=host).status_code == 200, host
    assert client.get("/login/", HTTP_HOST="10.0.3.7:8000").status_code == 400
