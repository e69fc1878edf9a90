"""Production settings are the default; the demo and the tests are the only relaxed modes."""

import os
import re
import secrets
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


def _settings_of(*names, **env):
    """The named settings as production (or `env`) loads them, one repr a line."""
    code = "from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    result = _manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[: len(names)]


def _check_deploy(**env):
    """`check --deploy --fail-level WARNING` in production, with a strong key."""
    return _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="console.example.com",
        **env,
    )


def test_it_passes_the_deployment_checks_with_production_settings():
    from console import settings as console_settings

    assert not hasattr(console_settings, "SILENCED_SYSTEM_CHECKS")
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_turns_hsts_on_by_default_in_production_only():
    production = _settings_of(
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert production == ["31536000", "True", "True"]
    assert _settings_of("SECURE_HSTS_SECONDS", CONSOLE_DEMO="1") == ["0"]


def test_it_lets_the_operator_opt_out_of_hsts_and_check_deploy_says_so():
    result = _check_deploy(SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("", "is not set"),
        ("insecure-local-only-key-never-use-in-production", "is the local-only default"),
        # Fixed values, not secrets.token_urlsafe(): test IDs must be the same in every
        # process that collects them (pytest-xdist compares them).
        (
            "django-insecure-" + "p9WYf0rL8QPvXBVfVowiFnx4EMUO9up3dNbq258CdwOPloJ5g_Db",
            "is Django's 'django-insecure'",
        ),
        ("abcdefghij" * 5, "looks guessable"),
    ],
)
def test_it_refuses_to_start_without_a_strong_secret_key(key, says):
    result = _manage("check", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"SECRET_KEY {says}" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # how to make one


def test_it_refuses_debug_without_a_secret_key_except_for_the_demo():
    result = _manage("check", DEBUG="1")
    assert result.returncode != 0
    assert "SECRET_KEY is not set (DEBUG needs one too)" in result.stderr
    assert _manage("check", DEBUG="1", CONSOLE_DEMO="1").returncode == 0
    assert _manage("check", CONSOLE_DEMO="1").returncode == 0
    # DEBUG with a key of its own starts; the strength rule is production's.
    assert _manage("check", DEBUG="1", SECRET_KEY="a-short-dev-key").returncode == 0


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


def _openssl(*args: str) -> str:
    return subprocess.run(
        ["openssl", "rand", *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_it_accepts_keys_from_every_usual_generator():
    """The rule's entropy estimate never refuses a key made as docs/deploy.md says."""
    import base64
    import shutil

    from django.core.management.utils import get_random_secret_key

    from console.secret_key import MIN_BITS, entropy_bits, secret_key_problem

    makers = {
        "secrets.token_urlsafe(50)": lambda: secrets.token_urlsafe(50),
        "get_random_secret_key()": get_random_secret_key,
        # What `openssl rand -hex 32` and `openssl rand -base64 48` print.
        "hex 32": lambda: secrets.token_hex(32),
        "base64 48": lambda: base64.b64encode(secrets.token_bytes(48)).decode(),
    }
    if shutil.which("openssl"):
        makers["openssl rand -hex 32"] = lambda: _openssl("-hex", "32")
        makers["openssl rand -base64 48"] = lambda: _openssl("-base64", "48")
    for name, make in makers.items():
        for _ in range(20 if name.startswith("openssl") else 500):
            key = make()
            assert secret_key_problem(key) is None, (name, key)
            assert entropy_bits(key) > MIN_BITS * 1.5, (name, key)  # far from the line


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("", "is not set"),
        ("local-key", "local-only default"),
        ("django-insecure-" + "x1y2z3" * 10, "django-insecure"),
        ("CdORVk0OTkt4zJ0WooKCt-pSMCQ533JwgvqpswbGqsphH08E", "48 characters; it needs at least 50"),
        ("abcd" * 20, "4 distinct characters"),
        ("abcdefghij" * 5, "looks guessable"),  # varied characters, one chunk repeated
        ("password" * 7, "looks guessable"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN", "looks guessable"),  # a run
        ("a1" * 10 + "b2c3d4e5" * 5, "looks guessable"),
        ("MyCompanyName2024!" * 3, "looks guessable"),  # a long chunk typed again
        ("qwertyuiopasdfghjklzxcvbnm" * 2, "looks guessable"),  # keyboard rows
        ("qwertyuiopasdfghjklzxcvbnm1234567890qwertyuiopasdfghjklzxcvbnm", "looks guessable"),
        ("x" + "y" * 60, "2 distinct characters"),
        ("z" * 60, "1 distinct character;"),
    ],
)
def test_it_refuses_a_weak_key_and_says_why(key, says):
    from console.secret_key import secret_key_message, secret_key_problem

    problem = secret_key_problem(key, local_key="local-key")
    assert problem is not None and says in problem
    message = secret_key_message(problem)
    assert message.startswith(f"SECRET_KEY {problem}.")
    assert 'python -c "import secrets; print(secrets.token_urlsafe(50))"' in message


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SECURE_HSTS_SECONDS", "-1", "SECURE_HSTS_SECONDS is -1: it must be at least 0."),
        ("SECURE_HSTS_SECONDS", "1e6", "SECURE_HSTS_SECONDS is '1e6': it must be a whole number"),
        ("CONSOLE_TRUSTED_PROXIES", "x", "CONSOLE_TRUSTED_PROXIES is 'x'"),
        ("SIGNIN_LOCK_FAILURES", "0", "SIGNIN_LOCK_FAILURES is 0: it must be at least 1."),
        ("SECURE_SSL_REDIRECT", "ture", "SECURE_SSL_REDIRECT is 'ture': use 1/true/yes/on"),
        ("COGNITO_QUOTA_WAIT", "soon", "COGNITO_QUOTA_WAIT is 'soon': it must be a number."),
    ],
)
def test_it_refuses_a_setting_it_cannot_read_and_says_which(name, value, says):
    """A typo must not switch a protection off, nor end in a bare ValueError."""
    result = _manage("check", CONSOLE_DEMO="1", **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and says in result.stderr
    assert "ValueError" not in result.stderr


def test_it_refuses_an_address_limit_below_the_account_limit():
    result = _manage("check", CONSOLE_DEMO="1", SIGNIN_ADDRESS_FAILURES="2")
    assert result.returncode != 0
    assert "SIGNIN_ADDRESS_FAILURES (2) is below SIGNIN_LOCK_FAILURES (5)" in result.stderr
