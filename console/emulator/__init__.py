"""The embedded Cognito backend: moto's server plus the add-on in `addon`.

Only `make run`, the demo command and the tests use this. The console itself only
sees an endpoint URL.
"""

from __future__ import annotations

import logging
import urllib.parse
import urllib.request

from moto.server import ThreadedMotoServer

from .addon import install

__all__ = ["install", "reset", "start_server"]


def start_server(port: int = 0) -> tuple[ThreadedMotoServer, str]:
    """Start moto's server with the add-on in a daemon thread; return it and its URL.

    The server's one-line-per-request access log (the "werkzeug" logger at INFO) is
    silenced unless that logger has been configured already.
    """
    install()
    access_log = logging.getLogger("werkzeug")
    if access_log.level == logging.NOTSET:
        access_log.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    _, bound_port = server.get_host_and_port()
    return server, f"http://127.0.0.1:{bound_port}"


def reset(url: str) -> None:
    """Wipe every backend of the server at `url` (POST /moto-api/reset)."""
    target = url.rstrip("/") + "/moto-api/reset"
    if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
        raise ValueError(f"Not an HTTP URL: {url}")
    request = urllib.request.Request(target, data=b"", method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        response.read()
