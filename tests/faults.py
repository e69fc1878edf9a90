"""A fault-injecting HTTP endpoint in front of the moto server, for the tests.

The console is pointed at the proxy instead of the backend. Rules, keyed by the AWS
operation (from the X-Amz-Target header) or "*", say what to do with a request:

- "throttle": answer 400 TooManyRequestsException, as Cognito does over quota;
- "error": answer 500 InternalErrorException;
- "invalid:<message>": answer 400 InvalidParameterException with that message;
- "aws:<status>:<code>:<message>": answer that AWS error, e.g.
  "aws:400:NotAuthorizedException:User is disabled.";
- "limit": answer 400 LimitExceededException (a quota such as custom attributes);
- "page:<status>[:<ErrorType>]": answer that status with a text/html error page, as a
  proxy, a load balancer or a crashed backend does (no AWS error in its body; with an
  x-amzn-ErrorType header when a type is given);
- "drop": close the connection without an answer;
- "slow": wait `delay` seconds before forwarding (past the read timeout);
- "late": forward at once, then hold the answer `delay` seconds (the change is made,
  the answer comes too late);
- "lost": forward at once (the backend applies the request), then close the
  connection without an answer; botocore retries, and the retry meets the change;
- "applied-error": forward at once, then answer 500 InternalErrorException instead of
  the backend's answer (Cognito failed after making the change);
- a `RateLimit(per_second)`: throttle requests beyond that rate, forward the rest.

Each rule can be limited to its first `times` matches. Everything else is forwarded
as it is. Only loopback addresses are used.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class RateLimit:
    per_second: float
    _times: deque = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._times and now - self._times[0] >= 1.0:
                self._times.popleft()
            if len(self._times) >= self.per_second:
                return False
            self._times.append(now)
            return True


@dataclass
class Chaos:
    """Faults at set rates, e.g. Chaos({"throttle": 0.1, "error": 0.05}, seed=1)."""

    rates: dict[str, float]
    seed: int = 0
    _random: random.Random = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def pick(self) -> str | None:
        with self._lock:
            draw = self._random.random()
        for action, rate in self.rates.items():
            if draw < rate:
                return action
            draw -= rate
        return None


@dataclass
class Rule:
    action: str | RateLimit
    times: int | None = None
    delay: float = 0.0


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.rules: dict[str, Rule] = {}
        self.seen: dict[str, int] = defaultdict(int)
        self.faults: dict[str, int] = defaultdict(int)
        #: operation -> the JSON bodies of the requests seen, in order.
        self.bodies: dict[str, list[dict]] = defaultdict(list)
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle's algorithm
            # holds each answer ~40 ms (the proxy would cap a client at ~14 requests/s).
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                target = self.headers.get("X-Amz-Target", "")
                operation = target.rsplit(".", 1)[-1] if target else self.command
                proxy._record(operation, body)
                rule = proxy._take(operation)
                if rule is not None:
                    action = rule.action
                    if isinstance(action, Chaos):
                        action = action.pick() or "pass"
                        if action != "pass":
                            proxy._count_fault(operation)
                    if isinstance(action, RateLimit):
                        if not action.allow():
                            proxy._count_fault(operation)
                            return self._aws_error(
                                400, "TooManyRequestsException", "Too many requests"
                            )
                    elif action == "throttle":
                        return self._aws_error(400, "TooManyRequestsException", "Rate exceeded")
                    elif action.startswith("aws:"):
                        _, status, code, message = action.split(":", 3)
                        return self._aws_error(int(status), code, message)
                    elif action.startswith("invalid:"):
                        return self._aws_error(
                            400, "InvalidParameterException", action.split(":", 1)[1]
                        )
                    elif action == "error":
                        return self._aws_error(500, "InternalErrorException", "Internal error")
                    elif action == "limit":
                        return self._aws_error(
                            400, "LimitExceededException", "The limit for this resource is reached"
                        )
                    elif action.startswith("page:"):
                        _, status, *error_type = action.split(":", 2)
                        return self._html_page(int(status), *error_type)
                    elif action == "drop":
                        self.close_connection = True
                        self.connection.close()
                        return None
                    elif action == "slow":
                        time.sleep(rule.delay)
                    elif action == "late":
                        return self._forward(body, delay=rule.delay)
                    elif action == "lost":
                        self._forward(body, answer=False)
                        self.close_connection = True
                        self.connection.close()
                        return None
                    elif action == "applied-error":
                        self._forward(body, answer=False)
                        return self._aws_error(500, "InternalErrorException", "Internal error")
                self._forward(body)
                return None

            def _aws_error(self, status, code, message):
                payload = json.dumps({"__type": code, "message": message}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("x-amzn-RequestId", "fault-proxy-request")
                self.send_header("x-amzn-ErrorType", code)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _html_page(self, status, error_type=""):
                payload = (
                    f"<!doctype html>\n<html><head><title>{status} Internal Server Error"
                    "</title></head><body><h1>Internal Server Error</h1>"
                    "<p>KeyError: 'eu-west-9'</p></body></html>"
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                if error_type:
                    self.send_header("x-amzn-ErrorType", error_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _forward(self, body, delay=0.0, answer=True):
                conn = http.client.HTTPConnection(
                    proxy.upstream.hostname, proxy.upstream.port, timeout=60
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers["Host"] = proxy.upstream.netloc
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                if not answer:
                    conn.close()
                    return
                time.sleep(delay)
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _take(self, operation: str) -> Rule | None:
        with self._lock:
            self.seen[operation] += 1
            rule = self.rules.get(operation) or self.rules.get("*")
            if rule is None:
                return None
            if rule.times is not None:
                if rule.times <= 0:
                    return None
                rule.times -= 1
            if not isinstance(rule.action, RateLimit | Chaos):
                self.faults[operation] += 1
            return rule

    def _record(self, operation: str, body: bytes) -> None:
        try:
            parsed = json.loads(body) if body else {}
        except ValueError:
            parsed = {}
        with self._lock:
            self.bodies[operation].append(parsed if isinstance(parsed, dict) else {})

    def _count_fault(self, operation: str) -> None:
        with self._lock:
            self.faults[operation] += 1

    def set(
        self,
        operation: str,
        action: str | RateLimit,
        *,
        times: int | None = None,
        delay: float = 0.0,
    ) -> None:
        with self._lock:
            self.rules[operation] = Rule(action=action, times=times, delay=delay)

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()
            self.seen.clear()
            self.faults.clear()
            self.bodies.clear()

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
