"""Production settings are the default; the demo and the tests are the only relaxed modes."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "PYTEST_VERSION",
            "CONSOLE_DEMO",
            "DEBUG",
            "SECRET_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checks_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "a-long-random-production-key-0123456789",
        ALLOWED_HOSTS="console.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key", ["", "insecure-local-only-key-never-use-in-production", "django-insecure-abc"]
)
def test_it_refuses_to_start_without_a_real_secret_key(key):
    result = _manage("check", SECRET_KEY=key)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_it_sends_the_security_headers(viewer_client):
    response = viewer_client.get("/audit/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_it_no_template_has_inline_script_or_handlers():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        lowered = path.read_text().lower()
        for tag in re.findall(r"<script\b[^>]*>", lowered):
            if "src=" not in tag:
                offenders.append(f"{path}: inline <script>")
        for handler in re.findall(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", lowered):
            offenders.append(f"{path}: {handler}")
    assert not offenders, offenders


def test_it_ends_a_session_after_its_absolute_lifetime(viewer_client, settings):
    assert viewer_client.get("/audit/").status_code == 200
    settings.SESSION_ABSOLUTE_LIFETIME = -1
    response = viewer_client.get("/audit/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    settings.SESSION_ABSOLUTE_LIFETIME = 3600
    assert viewer_client.get("/audit/").status_code == 302  # the session was flushed


def test_it_signing_out_clears_the_session_on_the_server(viewer_client):
    from django.contrib.sessions.models import Session

    viewer_client.get("/audit/")
    key = viewer_client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    viewer_client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_it_locks_out_repeated_failed_sign_ins_and_audits_it(client, viewer, settings):
    from console.models import AuditEvent

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": viewer.username, "password": "wrong"})
    response = client.post("/login/", {"username": viewer.username, "password": "pw-for-tests-1"})
    assert b"Sign-in locked" in response.content
    event = AuditEvent.objects.filter(action="StaffSignInLockedOut").first()
    assert event is not None
    assert event.target_id == viewer.username
    assert event.parameters["ip_address"]
