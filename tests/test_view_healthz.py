def test_it_is_healthy_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cognito": "ok"}


def test_it_reports_an_unreachable_backend_without_failing(client, db, refused_endpoint):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cognito"].startswith("unreachable")
