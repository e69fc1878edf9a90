"""Two gunicorn replicas against one database: a session and a page cursor made on
one replica work on the other, so nothing lives in a process's memory."""

import html
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser for plain HTTP: cookies, GET and POST."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(body)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response.status, response.headers, response.read().decode()


@pytest.fixture
def replicas(tmp_path, cognito_server, transactional_db):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"PYTEST_VERSION", "CONSOLE_DEMO", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/shared.sqlite3",
        "COGNITO_ENDPOINT_URL": cognito_server,
        "COGNITO_REGIONS": "us-east-1",
    }
    py = sys.executable
    for args in (
        ["migrate", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--noinput", "-v0"],
        ["createstaff", "rita", "--role", "Viewer", "--password", "Replica-pass-1"],
    ):
        subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    ports = [_free_port(), _free_port()]
    procs = [
        subprocess.Popen(
            [
                py,
                "-m",
                "gunicorn",
                "console.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
        yield ports
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _next_link(page):
    match = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"', page) or re.search(
        r'<a[^>]*href="([^"]+)"[^>]*rel="next"', page
    )
    return html.unescape(match.group(1)) if match else None


def _prev_link(page):
    match = re.search(r'<a[^>]*rel="prev"[^>]*href="([^"]+)"', page) or re.search(
        r'<a[^>]*href="([^"]+)"[^>]*rel="prev"', page
    )
    return html.unescape(match.group(1)) if match else None


def test_it_pages_through_users_alternating_between_replicas(replicas, idp):
    pool_id = idp.create_user_pool(PoolName="Replicated")["UserPool"]["Id"]
    expected = {f"user-{i:02d}" for i in range(35)}
    for name in expected:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
    a, b = replicas
    browser = Browser()
    status, _, page = browser.request(a, "GET", "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _, _ = browser.request(
        a,
        "POST",
        "/login/",
        {"username": "rita", "password": "Replica-pass-1", "csrfmiddlewaretoken": token},
    )
    assert status == 302, "sign-in on replica A failed"

    seen, pages, path, ports = [], [], f"/pools/{pool_id}/users/?size=10", [b, a]
    while path:
        port = ports[len(pages) % 2]
        status, _, page = browser.request(port, "GET", path)
        assert status == 200, (port, path, status)
        names = re.findall(r"user-\d\d", page)
        pages.append((path, sorted(set(names))))
        seen.extend(sorted(set(names)))
        path = _next_link(page)
    assert sorted(seen) == sorted(expected)
    assert len(pages) == 4
    # Previous, on the other replica, shows exactly the page before.
    last_path = pages[-1][0]
    _, _, last = browser.request(a if len(pages) % 2 else b, "GET", last_path)
    _, _, before = browser.request(b if len(pages) % 2 else a, "GET", _prev_link(last))
    assert sorted(set(re.findall(r"user-\d\d", before))) == pages[-2][1]
