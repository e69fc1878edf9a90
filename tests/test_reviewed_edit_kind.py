"""No reviewed edit saves without its review and its snapshot (finding T1-1).

Every page whose view answers through `pools.views.edit_response` (the reviewed edit:
pools.services.reviewed_edit) is listed in CASES, and the list is checked against the
URL configuration, so a new reviewed edit cannot be left out. For each, hand-made POSTs
that skip a step (confirmed=yes with no fingerprint, an empty one, no snapshot, or only
the one field changed, as a script would send) must write nothing: no audit event of a
write, and the form shows what Cognito held before. The same data through the whole
flow (form, review, confirm with its fingerprint) does save, so the refusals are not
the form being invalid.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import get_resolver, reverse
from django.utils.html import escape

from console.cognito.resource_servers import identifier_key
from console.models import AuditEvent
from console.snapshot import FIELD
from tests.pools.conftest import form_values

#: What marks a view that answers with a reviewed edit's steps.
MARKERS = ("edit_response(",)
ARN = "arn:aws:lambda:us-east-1:123456789012:function:Only"
API = "https://api.example.com"


@dataclass(frozen=True)
class Case:
    name: str  # the URL name
    arrange: Callable[[Any], dict]  # idp -> the URL's kwargs
    change: dict  # the one field the POSTs change
    data: Callable[[Any], dict] | None = None  # form -> its POST data (form_values)


def _pool(idp, tier="ESSENTIALS", **extra) -> str:
    name = f"Kind {uuid.uuid4().hex[:8]}"
    return idp.create_user_pool(PoolName=name, UserPoolTier=tier, **extra)["UserPool"]["Id"]


def _client(idp, pool_id) -> str:
    reply = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="Web app")
    return reply["UserPoolClient"]["ClientId"]


def _pool_only(idp):
    return {"pool_id": _pool(idp)}


def _with_client(idp):
    pool_id = _pool(idp)
    return {"pool_id": pool_id, "client_id": _client(idp, pool_id)}


def _with_provider(idp):
    pool_id = _pool(idp)
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Okta",
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "okta-client",
            "client_secret": "okta-secret-value",
            "attributes_request_method": "GET",
            "oidc_issuer": "https://okta.example.com",
            "authorize_scopes": "openid email",
        },
        AttributeMapping={"username": "sub"},
    )
    return {"pool_id": pool_id, "provider_name": "Okta"}


def _with_domain(idp):
    pool_id = _pool(idp)
    domain = f"kind-{uuid.uuid4().hex[:12]}"
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    return {"pool_id": pool_id, "domain": domain}


def _with_logs(idp):
    pool_id = _pool(idp, "PLUS")
    group = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/pool"
    idp.set_log_delivery_configuration(
        UserPoolId=pool_id,
        LogConfigurations=[
            {
                "EventSource": "userNotification",
                "LogLevel": "ERROR",
                "CloudWatchLogsConfiguration": {"LogGroupArn": group},
            }
        ],
    )
    return {"pool_id": pool_id, "source": "userNotification"}


def _with_server(idp):
    pool_id = _pool(idp)
    scopes = [{"ScopeName": "orders.read", "ScopeDescription": "Read orders"}]
    idp.create_resource_server(UserPoolId=pool_id, Identifier=API, Name="Orders", Scopes=scopes)
    return {"pool_id": pool_id, "server": identifier_key(API)}


def _server_data(form) -> dict:
    data = {"name": form.initial["name"]}
    for i, scope in enumerate(form.initial["scopes"]):
        data[f"scopes-name-{i}"] = scope["ScopeName"]
        data[f"scopes-description-{i}"] = scope["ScopeDescription"]
    return data


def _protected(idp):
    return {"pool_id": _pool(idp, "PLUS", UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})}


def _protected_client(idp):
    ids = _protected(idp)
    return {**ids, "client_id": _client(idp, ids["pool_id"])}


CASES = [
    Case("pools:edit", _pool_only, {"pw_min_length": "10"}),
    Case("clients:edit", _with_client, {"name": "Web app v2"}),
    Case("mfa:edit", _pool_only, {"mode": "OPTIONAL", "totp": "on"}),
    Case("providers:edit", _with_provider, {"authorize_scopes": "openid"}),
    Case("domain:edit", _with_domain, {"version": "2"}),
    Case(
        "logdelivery:edit",
        _with_logs,
        {"log_group_arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/other"},
    ),
    Case("resourceservers:edit", _with_server, {"name": "Orders v2"}, _server_data),
    Case("signin:edit", lambda idp: {**_pool_only(idp), "section": "plan"}, {"tier": "PLUS"}),
    Case(
        "signin:edit",
        lambda idp: {**_pool_only(idp), "section": "sign-in"},
        {"first_factors": ["EMAIL_OTP"]},
    ),
    Case("signin:triggers_edit", _pool_only, {"lambda_PreSignUp": ARN}),
    Case("threats:edit", _protected, {"blocked_ranges": "203.0.113.0/24"}),
    Case("threats:client_edit", _protected_client, {"blocked_ranges": "203.0.113.0/24"}),
]
IDS = [f"{c.name}-{i}" for i, c in enumerate(CASES)]


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            namespace = f"{pattern.namespace}:" if pattern.namespace else prefix
            yield from _patterns(pattern, namespace)
        elif pattern.name:
            yield prefix + pattern.name, pattern.callback


def _source(func, depth=2) -> str:
    """The view's source and that of its own module's functions it calls (`depth`
    levels), so a view whose body is a shared helper (`_section_edit`) is found."""
    func = inspect.unwrap(func)
    try:
        text = inspect.getsource(func)
    except (OSError, TypeError):
        return ""
    if depth:
        module = inspect.getmodule(func)
        for name, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and value.__module__ == module.__name__
                and value is not func
                and f"{name}(" in text
            ):
                text += _source(value, depth - 1)
    return text


def test_it_lists_every_reviewed_edit():
    found = {
        name
        for name, callback in _patterns(get_resolver())
        if any(marker in _source(callback) for marker in MARKERS)
    }
    assert found == {c.name for c in CASES}


def _writes() -> int:
    return AuditEvent.objects.count()


def _shown(client, url) -> dict:
    values = form_values(client.get(url).context["form"])
    values.pop(FIELD, None)
    return values


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_it_saves_nothing_without_the_review_or_the_snapshot(admin_client, idp, case):
    url = reverse(case.name, kwargs=case.arrange(idp))
    page = admin_client.get(url)
    assert page.status_code == 200
    opened = page.context["opened"]
    base = case.data(page.context["form"]) if case.data else _shown(admin_client, url)
    before, writes = _shown(admin_client, url), _writes()
    changed = {**base, **case.change}

    # No snapshot: refused, nothing saved, what was typed kept.
    for data in (
        {**changed, "confirmed": "yes"},
        {**case.change, "confirmed": "yes"},  # only the changed field, as a script sends
    ):
        response = admin_client.post(url, data)
        assert response.status_code == 400, response.status_code
        html = response.content.decode()
        assert "The form&#x27;s snapshot is missing: open the form again" in html
        typed = [v for v in case.change.values() if isinstance(v, str) and v != "on"]
        assert all(escape(v) in html for v in typed), typed
    # A snapshot but no fingerprint (missing or empty): the review, never a save.
    for extra in ({}, {"fingerprint": ""}):
        response = admin_client.post(url, {**changed, FIELD: opened, "confirmed": "yes", **extra})
        assert response.status_code == 200
        assert "preview" in response.context, response.context["form"].errors
        # The heading reads "Review the changes to the <what>": no second "the".
        assert not response.context["what"].lower().startswith("the ")
    fingerprint = response.context["preview"].fingerprint
    # The review's fingerprint without the snapshot: still refused.
    response = admin_client.post(url, {**changed, "confirmed": "yes", "fingerprint": fingerprint})
    assert response.status_code == 400
    assert _writes() == writes
    assert _shown(admin_client, url) == before

    # The whole flow with the same data saves: the refusals above were not the data.
    confirm = {**changed, FIELD: opened, "confirmed": "yes", "fingerprint": fingerprint}
    saved = admin_client.post(url, confirm)
    assert saved.status_code == 302, saved.context["form"].errors
    assert _writes() > writes


def test_it_saves_no_group_edit_without_its_snapshot(admin_client, idp):
    """The group edit checks its snapshot with the same console.snapshot.edit_conflicts:
    a POST without one (the fields it leaves out would be blanked) saves nothing."""
    pool_id = _pool(idp)
    idp.create_group(UserPoolId=pool_id, GroupName="ops", Description="On call", Precedence=3)
    url = reverse("groups:edit", kwargs={"pool_id": pool_id, "name": "ops"})
    opened = admin_client.get(url).context["opened"]
    response = admin_client.post(url, {"precedence": "4"})
    assert "The form&#x27;s snapshot is missing: open the form again" in response.content.decode()
    assert 'value="4"' in response.content.decode()
    group = idp.get_group(UserPoolId=pool_id, GroupName="ops")["Group"]
    assert (group["Description"], group["Precedence"]) == ("On call", 3)
    assert not AuditEvent.objects.exists()
    saved = admin_client.post(url, {"description": "On call", "precedence": "4", FIELD: opened})
    assert saved.status_code == 302
    assert idp.get_group(UserPoolId=pool_id, GroupName="ops")["Group"]["Precedence"] == 4
