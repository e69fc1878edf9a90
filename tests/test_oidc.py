"""Single sign-on through OpenID Connect, against a small provider on loopback."""

import importlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.urls import clear_url_caches

from console.oidc import parse_role_map, role_from_claims
from console.roles import role_of

CLIENT_ID = "console-client"
CLIENT_SECRET = "a-client-secret-long-enough-for-hs256-signing"


class FakeProvider:
    """Just enough of an OpenID provider: a token endpoint and a userinfo endpoint."""

    def __init__(self):
        self.id_token = ""
        self.userinfo = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, payload):
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):  # token endpoint
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._json(
                    {
                        "id_token": provider.id_token,
                        "access_token": "opaque",
                        "token_type": "Bearer",
                    }
                )

            def do_GET(self):  # userinfo endpoint
                self._json(provider.userinfo)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def provider(settings):
    op = FakeProvider()
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "console.oidc.ConsoleOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_RP_SCOPES = "openid email"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{op.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{op.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{op.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = None
    settings.LOGIN_REDIRECT_URL_FAILURE = "login"
    settings.OIDC_ROLE_CLAIM = "cognito:groups"
    settings.OIDC_ROLE_MAP = "console-admins=Admin, support=Operator"
    import console.urls

    importlib.reload(console.urls)
    clear_url_caches()
    yield op
    op.server.shutdown()
    settings.OIDC_ENABLED = False
    importlib.reload(console.urls)
    clear_url_caches()


def _sign_in(client, provider, groups):
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    claims = {
        "sub": "staff-123",
        "email": "kim@example.com",
        "cognito:groups": groups,
        "nonce": query["nonce"][0],
        "aud": CLIENT_ID,
    }
    provider.id_token = jwt.encode(claims, CLIENT_SECRET, algorithm="HS256")
    provider.userinfo = {"sub": "staff-123", "email": "kim@example.com"}
    return client.get("/oidc/callback/", {"code": "abc", "state": query["state"][0]})


def test_it_signs_in_through_the_provider_with_a_mapped_role(client, provider, db):
    done = _sign_in(client, provider, ["support", "everyone"])
    assert done.status_code == 302 and "/login/" not in done.headers["Location"]
    page = client.get("/pools/")
    assert page.status_code == 200
    assert role_of(page.wsgi_request.user) == "Operator"
    assert page.wsgi_request.user.username == "kim@example.com"


def test_it_sets_the_role_again_at_each_sign_in(client, provider, db):
    _sign_in(client, provider, ["console-admins"])
    client.post("/logout/")
    _sign_in(client, provider, ["nothing-mapped"])
    response = client.get("/pools/")
    assert response.status_code == 403  # signed in, but no role any more


def test_it_the_login_page_offers_single_sign_on(client, provider, db):
    assert b"Sign in with single sign-on" in client.get("/login/").content


def test_it_local_passwords_can_be_switched_off(client, provider, settings, viewer):
    settings.LOCAL_PASSWORDS_ENABLED = False
    page = client.get("/login/")
    assert b'name="password"' not in page.content
    refused = client.post("/login/", {"username": viewer.username, "password": "pw-for-tests-1"})
    assert refused.status_code == 403


def test_it_the_role_map_is_parsed_strictly(settings):
    assert parse_role_map("a=Admin, b = Operator, c=Root, junk") == {"a": "Admin", "b": "Operator"}
    settings.OIDC_ROLE_CLAIM = "groups"
    settings.OIDC_ROLE_MAP = "a=Viewer,b=Admin"
    assert role_from_claims({"groups": ["a", "b"]}) == "Admin"
    assert role_from_claims({"groups": "a"}) == "Viewer"
    assert role_from_claims({}) is None
