"""Single sign-on through OpenID Connect, against a small provider on loopback."""

import importlib
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.contrib.auth import get_user_model
from django.urls import clear_url_caches

from console.models import AuditEvent, StaffIdentity
from console.oidc import LOCAL_PASSWORD_MESSAGE, parse_role_map, role_from_claims
from console.roles import role_of

CLIENT_ID = "console-client"
CLIENT_SECRET = "a-client-secret-long-enough-for-hs256-signing"
ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff"
OTHER_ISSUER = "https://login.other.example/"
ROOT = Path(__file__).resolve().parent.parent


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
        "console.signin.UsernameIgnoringCaseBackend",
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
    settings.OIDC_OP_ISSUER = ISSUER
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


def _sign_in(client, provider, groups=(), *, follow=False, userinfo=None, **claims):
    """Sign in through the provider; `claims` change or (None) drop the ID token's."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    token = {
        "iss": ISSUER,
        "sub": "staff-123",
        "aud": CLIENT_ID,
        "exp": int(time.time()) + 300,
        "iat": int(time.time()),
        "email": "kim@example.com",
        "email_verified": True,
        "cognito:groups": list(groups),
        "nonce": query["nonce"][0],
        **claims,
    }
    token = {k: v for k, v in token.items() if v is not None}
    provider.id_token = jwt.encode(token, CLIENT_SECRET, algorithm="HS256")
    provider.userinfo = userinfo if userinfo is not None else {"sub": token.get("sub")}
    return client.get("/oidc/callback/", {"code": "abc", "state": query["state"][0]}, follow=follow)


def _signed_in_user(client):
    return client.get("/pools/").wsgi_request.user


def _refusal(reason):
    """The StaffSignInFailed event recorded for a refusal with `reason`."""
    events = AuditEvent.objects.filter(action="StaffSignInFailed", parameters__reason=reason)
    assert len(events) == 1, list(AuditEvent.objects.values("action", "parameters"))
    event = events[0]
    assert event.outcome == "failed" and event.target_type == "staff"
    assert event.parameters["method"] == "sso"
    return event


def _assert_refused(client, response, reason, words):
    """Back on the sign-in page, with the message shown, signed out, and audited."""
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert words in response.content.decode()
    assert not _signed_in_user(client).is_authenticated
    event = _refusal(reason)
    assert words in event.error_message
    return event


def _local(username, email, *, password=True, active=True):
    user = get_user_model().objects.create_user(
        username, email=email, password="a-local-pw-1234" if password else None
    )
    user.is_active = active
    user.save()
    return user


def test_it_signs_in_through_the_provider_with_a_mapped_role(client, provider, db):
    done = _sign_in(client, provider, ["support", "everyone"])
    assert done.status_code == 302 and "/login/" not in done.headers["Location"]
    page = client.get("/pools/")
    assert page.status_code == 200
    assert role_of(page.wsgi_request.user) == "Operator"
    assert page.wsgi_request.user.username == "kim@example.com"
    identity = StaffIdentity.objects.get()
    assert (identity.issuer, identity.subject, identity.user) == (
        ISSUER,
        "staff-123",
        page.wsgi_request.user,
    )
    assert identity.last_sign_in is not None
    assert AuditEvent.objects.get(action="StaffBindIdentity").parameters["created"] is True
    assert not page.wsgi_request.user.has_usable_password()


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


# --- which account a sign-in opens: (iss, sub), never the email alone -------------------


def test_it_the_same_sub_with_a_changed_email_opens_the_same_account(client, provider, db):
    _sign_in(client, provider, ["support"])
    first = _signed_in_user(client)
    client.post("/logout/")
    _sign_in(client, provider, ["support"], email="kim.new@example.com", email_verified=False)
    again = _signed_in_user(client)
    assert again.is_authenticated and again.pk == first.pk
    assert StaffIdentity.objects.count() == 1
    assert get_user_model().objects.count() == 1


def test_it_another_sub_with_a_colleagues_email_cannot_take_over_a_local_account(
    client, provider, db
):
    colleague = _local("kim", "Kim@Example.com")
    done = _sign_in(client, provider, ["console-admins"], sub="attacker-9", follow=True)
    event = _assert_refused(client, done, "local_password", LOCAL_PASSWORD_MESSAGE)
    assert event.target_id == "kim@example.com"
    assert event.parameters["issuer"] == ISSUER
    assert event.parameters["subject"] == "attacker-9"
    assert not StaffIdentity.objects.exists()
    colleague.refresh_from_db()
    assert colleague.has_usable_password() and not colleague.groups.exists()


def test_it_a_username_equal_to_the_email_is_not_taken_over_either(client, provider, db):
    _local("kim@example.com", "")
    done = _sign_in(client, provider, ["support"], follow=True)
    _assert_refused(client, done, "local_password", LOCAL_PASSWORD_MESSAGE)


@pytest.mark.parametrize("verified", [False, "false", "True", 1, None])
def test_it_refuses_a_first_sign_in_whose_email_is_not_verified(client, provider, db, verified):
    done = _sign_in(client, provider, ["support"], email_verified=verified, follow=True)
    _assert_refused(client, done, "email_not_verified", "must have verified it")
    assert not get_user_model().objects.exists()


def test_it_refuses_a_first_sign_in_without_an_email(client, provider, db):
    done = _sign_in(client, provider, ["support"], email=None, email_verified=None, follow=True)
    event = _assert_refused(client, done, "email_not_verified", "must send your")
    assert event.target_id == "staff-123"


def test_it_takes_the_string_true_from_the_userinfo_as_cognito_sends_it(client, provider, db):
    userinfo = {"sub": "staff-123", "email": "kim@example.com", "email_verified": "true"}
    _sign_in(client, provider, ["support"], email=None, email_verified=None, userinfo=userinfo)
    assert _signed_in_user(client).email == "kim@example.com"


def test_it_takes_email_and_its_verification_from_one_source(client, provider, db):
    # The ID token's email is unverified; the userinfo's "verified" is about another one.
    userinfo = {"sub": "staff-123", "email": "other@example.com", "email_verified": True}
    done = _sign_in(
        client, provider, ["support"], email_verified=None, userinfo=userinfo, follow=True
    )
    _assert_refused(client, done, "email_not_verified", "must have verified it")


def test_it_binds_a_verified_email_to_an_account_invited_for_single_sign_on(client, provider, db):
    invited = _local("kim", "KIM@example.com", password=False)
    _sign_in(client, provider, ["support"])
    user = _signed_in_user(client)
    assert user.pk == invited.pk and role_of(user) == "Operator"
    identity = StaffIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject) == (invited, ISSUER, "staff-123")
    bind = AuditEvent.objects.get(action="StaffBindIdentity")
    assert bind.target_id == "kim" and bind.outcome == "succeeded"
    assert bind.parameters["subject"] == "staff-123" and bind.parameters["created"] is False
    assert not AuditEvent.objects.filter(action="StaffSignInFailed").exists()


def test_it_an_invited_account_is_bound_to_one_identity_per_issuer(client, provider, db):
    invited = _local("kim", "kim@example.com", password=False)
    StaffIdentity.objects.create(user=invited, issuer=ISSUER, subject="staff-1")
    done = _sign_in(client, provider, ["support"], sub="staff-2", follow=True)
    _assert_refused(client, done, "already_linked", "linked to another identity")


def test_it_another_issuer_with_the_same_sub_is_another_identity(client, provider, db):
    elsewhere = _local("kim-elsewhere", "kim@other.example", password=False)
    StaffIdentity.objects.create(user=elsewhere, issuer=OTHER_ISSUER, subject="staff-123")
    _sign_in(client, provider, ["support"])
    user = _signed_in_user(client)
    assert user.is_authenticated and user.pk != elsewhere.pk
    assert user.username == "kim@example.com"
    assert set(StaffIdentity.objects.values_list("issuer", "user")) == {
        (OTHER_ISSUER, elsewhere.pk),
        (ISSUER, user.pk),
    }


def test_it_refuses_a_deactivated_bound_account(client, provider, db):
    _sign_in(client, provider, ["support"])
    user = _signed_in_user(client)
    client.post("/logout/")
    user.is_active = False
    user.save()
    done = _sign_in(client, provider, ["support"], follow=True)
    _assert_refused(client, done, "account_deactivated", "deactivated")


def test_it_a_deactivated_account_with_the_email_is_not_replaced_by_a_new_one(client, provider, db):
    _local("kim", "kim@example.com", password=False, active=False)
    done = _sign_in(client, provider, ["support"], follow=True)
    _assert_refused(client, done, "account_deactivated", "deactivated")
    assert get_user_model().objects.count() == 1


def test_it_a_new_account_gets_a_unique_username(client, provider, db):
    email = "k" * 60 + "@" + "d" * 50 + "." + "e" * 40 + ".example.com"
    _local(email[:150], "someone@example.com")
    _sign_in(client, provider, ["support"], email=email)
    user = _signed_in_user(client)
    assert user.username == email[:148] + "-2" and user.email == email


def test_it_audits_a_role_changed_at_sign_in(client, provider, db):
    _sign_in(client, provider, ["support"])
    client.post("/logout/")
    _sign_in(client, provider, ["support"])  # unchanged: nothing more recorded
    client.post("/logout/")
    _sign_in(client, provider, ["console-admins"])
    assert role_of(_signed_in_user(client)) == "Admin"
    changes = [
        (e.target_id, e.parameters)
        for e in AuditEvent.objects.filter(action="StaffChangeRole").order_by("id")
    ]
    assert changes == [
        ("kim@example.com", {"from": None, "to": "Operator", "via": "sso"}),
        ("kim@example.com", {"from": "Operator", "to": "Admin", "via": "sso"}),
    ]


# --- the ID token must come from the configured issuer, for this client ---------------


def test_it_refuses_a_token_from_another_issuer(client, provider, db):
    done = _sign_in(client, provider, ["console-admins"], iss=OTHER_ISSUER, follow=True)
    event = _assert_refused(client, done, "wrong_issuer", "does not trust")
    assert not get_user_model().objects.exists()
    assert event.parameters["issuer"] == OTHER_ISSUER


def test_it_refuses_a_token_whose_issuer_differs_by_a_slash(client, provider, db):
    done = _sign_in(client, provider, ["support"], iss=ISSUER + "/", follow=True)
    _assert_refused(client, done, "wrong_issuer", "does not trust")


def test_it_refuses_a_token_issued_for_another_client(client, provider, db):
    done = _sign_in(client, provider, ["support"], aud=["another-app"], follow=True)
    _assert_refused(client, done, "wrong_audience", "another application")


def test_it_refuses_userinfo_about_someone_else(client, provider, db):
    userinfo = {"sub": "someone-else", "email": "kim@example.com", "email_verified": "true"}
    done = _sign_in(client, provider, ["support"], userinfo=userinfo, follow=True)
    _assert_refused(client, done, "userinfo_mismatch", "did not match")


def test_it_refuses_an_expired_token_with_a_message_not_an_error_page(client, provider, db):
    done = _sign_in(client, provider, ["support"], exp=int(time.time()) - 60, follow=True)
    assert done.status_code == 200
    _assert_refused(client, done, "token_invalid", "could not be verified")


def test_it_refuses_to_start_without_the_issuer():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "CONSOLE_DEMO", "DEBUG", "OIDC_OP_ISSUER"}
    }
    env.update(SECRET_KEY=secrets.token_urlsafe(50), OIDC_ENABLED="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "OIDC_ENABLED needs OIDC_OP_ISSUER" in result.stderr
