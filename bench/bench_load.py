"""Load: gunicorn with production settings in front of the embedded backend.

50 concurrent clients for 30 s (BENCH_DURATION) on the user list and on a user page,
with wrk (loopback only), compared in the same run with raw ListUsers calls against
the same backend. Prints requests per second, p50/p99 latency, errors, the console's
overhead per page, and the number of Cognito calls each main page makes.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DURATION = int(os.environ.get("BENCH_DURATION", "30"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wrk(url: str, *, headers: dict[str, str], script: str | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "--timeout", "30s"]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))

    def latency(pct: str) -> float:
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    detail = {"non-2xx": int(non2xx.group(1)) if non2xx else 0}
    if sockets:
        names = ("connect", "read", "write", "timeout")
        detail.update(zip(names, map(int, sockets.groups()), strict=True))
    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": sum(detail.values()),
        "requests": total,
        "detail": {k: v for k, v in detail.items() if v},
    }


def _report(name: str, r: dict) -> None:
    print(
        f"  {name:<34} {r['rps']:>8.1f} req/s   p50 {r['p50']:>7.1f} ms   "
        f"p99 {r['p99']:>7.1f} ms   errors {r['errors']} of {r['requests']} {r['detail'] or ''}"
    )


def main() -> None:
    if not shutil.which("wrk"):
        print("wrk is missing: install Debian's wrk package (make bench does, as root).")
        return
    os.environ.setdefault("CONSOLE_DEMO", "1")
    from console.emulator import start_server
    from console.emulator.demo import load_demo

    server, backend = start_server()
    load_demo(endpoint_url=backend, region="us-east-1")
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"CONSOLE_DEMO", "DEBUG"}},
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        # The per-page call counts below read the X-Cognito-* headers.
        "CONSOLE_CALL_HEADERS": "1",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/db.sqlite3"),
        "COGNITO_ENDPOINT_URL": backend,
        "COGNITO_REGIONS": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    py = sys.executable
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([py, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [py, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    helper = subprocess.run(
        [py, "-c", _SETUP], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    info = json.loads(helper.stdout.strip().splitlines()[-1])
    port = _free_port()
    gunicorn = subprocess.Popen(
        [
            py,
            "-m",
            "gunicorn",
            "console.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    cookie = {"Cookie": f"sessionid={info['session']}"}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        pages = {
            "user list (60 a page)": info["list_url"],
            "user page": info["user_url"],
            "pool list": "/pools/",
            "pool summary": info["pool_url"],
        }
        print(f"Cognito calls per page (gunicorn, production settings, {backend}):")
        for name, path in pages.items():
            req = urllib.request.Request(base + path, headers=cookie)
            with urllib.request.urlopen(req, timeout=30) as response:
                ops = response.headers.get("X-Cognito-Operations", "")
                print(f"  {name:<24} {response.headers['X-Cognito-Calls']:>3}  {ops}")
        print(f"\nLoad: {CONNECTIONS} connections for {DURATION} s each (wrk):")
        results = {}
        for name in ("user list (60 a page)", "user page"):
            results[name] = _wrk(base + pages[name], headers=cookie)
            _report(f"console: {name}", results[name])
        script = workdir / "listusers.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            f"wrk.body = '{json.dumps({'UserPoolId': info['pool_id'], 'Limit': 60})}'\n"
            'wrk.headers["Content-Type"] = "application/x-amz-json-1.1"\n'
            'wrk.headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.ListUsers"\n'
            'wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20260101/'
            'us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0"\n'
        )
        raw = _wrk(backend + "/", headers={}, script=str(script))
        _report("raw ListUsers on the backend", raw)
        console = results["user list (60 a page)"]
        print(
            f"\n  console overhead on the user list: p50 {console['p50'] / raw['p50']:.2f}x "
            f"the raw call, throughput {raw['rps'] / console['rps']:.2f}x lower"
        )
        total_errors = sum(r["errors"] for r in results.values())
        print(f"  errors on console pages: {total_errors} (target 0)")
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=10)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# Runs in a subprocess with the bench's production environment: a staff session and
# the URLs of the pages to load.
_SETUP = r"""
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from console.cognito.pools import pool_list_all
from console.cognito.users import user_list
user, _ = get_user_model().objects.get_or_create(username="bench")
user.groups.add(Group.objects.get(name="Viewer"))
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
pool = next(p for p in pool_list_all() if p.name.startswith("Acme"))
username = user_list(pool_id=pool.id, limit=1).items[0].username
print(json.dumps({
    "session": s.session_key,
    "pool_id": pool.id,
    "pool_url": reverse("pools:detail", kwargs={"pool_id": pool.id}),
    "list_url": reverse("users:list", kwargs={"pool_id": pool.id}) + "?size=60",
    "user_url": reverse("users:detail", kwargs={"pool_id": pool.id, "username": username}),
}))
"""

if __name__ == "__main__":
    main()
