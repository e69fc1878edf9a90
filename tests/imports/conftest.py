"""Fixtures for the CSV import tests: a pool that can import, CSV builders, a log-denying proxy."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from console.cognito.transport import clear_clients
from console.emulator.addon import STANDARD_CSV_COLUMNS

ROLE_ARN = "arn:aws:iam::123456789012:role/CognitoImportLogs"

# The header GetCSVHeader gives for a pool with these two custom attributes.
HEADER = [
    *STANDARD_CSV_COLUMNS,
    "custom:tenant_id",
    "custom:plan",
    "cognito:mfa_enabled",
    "cognito:username",
]


def row(username: str, **values: str) -> dict[str, str]:
    base = {
        "cognito:username": username,
        "email": f"{username}@example.com",
        "email_verified": "true",
        "cognito:mfa_enabled": "false",
    }
    base.update(values)
    return base


def csv_bytes(rows, header=HEADER, *, newline="\n") -> bytes:
    lines = [",".join(header)]
    for r in rows:
        lines.append(",".join(r.get(c, "") for c in header) if isinstance(r, dict) else r)
    return (newline.join(lines) + newline).encode()


@pytest.fixture
def import_pool(idp):
    """A pool that can import users: email auto-verified, two custom attributes, MFA off."""
    return idp.create_user_pool(
        PoolName="Import pool",
        AutoVerifiedAttributes=["email"],
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {"Name": "tenant_id", "AttributeDataType": "String", "Mutable": True},
            {"Name": "plan", "AttributeDataType": "String", "Mutable": True},
        ],
    )["UserPool"]["Id"]


@pytest.fixture(autouse=True)
def _spool(settings, tmp_path):
    """Each test checks files in its own spool and keeps them in its own storage folder."""
    settings.COGNITO_IMPORT_SPOOL_DIR = str(tmp_path / "spool")
    default = settings.STORAGES["default"]  # the console's, in its own folder
    options = {**default.get("OPTIONS", {}), "location": str(tmp_path / "files")}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    settings.COGNITO_IMPORT_ROLE_ARN = ROLE_ARN
    settings.COGNITO_IMPORT_KEEP_FILES = False


class _DenyLogs:
    """Forwards everything to the backend except CloudWatch Logs reads: AccessDenied."""

    def __init__(self, upstream: str) -> None:
        up = urlsplit(upstream)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                target = self.headers.get("X-Amz-Target", "")
                if target.startswith("Logs_"):
                    payload = (
                        b'{"__type":"AccessDeniedException","message":"User: arn:aws:sts::1:'
                        b"assumed-role/console is not authorized to perform: "
                        b'logs:GetLogEvents"}'
                    )
                    self.send_response(400)
                    self.send_header("Content-Type", "application/x-amz-json-1.1")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                conn = http.client.HTTPConnection(up.hostname, up.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                self.send_response(response.status)
                for k, v in response.getheaders():
                    if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def deny_logs(cognito_server, settings):
    proxy = _DenyLogs(cognito_server)
    settings.COGNITO_ENDPOINT_URL = proxy.url
    clear_clients()
    yield proxy
    proxy.stop()
    clear_clients()
