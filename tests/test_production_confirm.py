"""On a production pool every destructive action and every bulk job start needs the
pool's name typed (issue 17; console.forms.PoolNameConfirmMixin).

The kind: "a destructive POST on production that goes through without the pool's name".
DESTRUCTIVE names each such URL with a way to arrange its target in the production
account (`other_idp`, the "prod" connection) and to read back whether it was done.
For each: refused without the name and with a wrong one (nothing done, read back from
Cognito or the console's database), done with it. `test_it_knows_every_destructive_url`
keeps the list complete: every URL name (and every action of the user page) whose name
says delete/disable/remove/sign-out/reset/bulk/act/start/secret/inherit/... is either in
DESTRUCTIVE or in NOT_DESTRUCTIVE with the reason.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from console.cognito.accounts import using
from console.cognito.resource_servers import identifier_key
from console.forms import CONFIRM_POOL_NAME
from console.models import AuditEvent, Job
from tests.jobs import run_all
from tests.test_url_access import _walk
from users.actions import ACTIONS

POOL_NAME = "Prod pool"
PREFIX = "/c/prod"
REFUSAL = "type its name"


def at(viewname: str, **kwargs) -> str:
    """The address of `viewname` in the production connection."""
    return PREFIX + reverse(viewname, kwargs=kwargs)


@dataclass
class Case:
    url: str
    data: dict
    done: Callable[[], bool]
    #: The field the pool's name is typed in (pools:delete: its own `confirm`).
    typed: str = CONFIRM_POOL_NAME
    files: dict = field(default_factory=dict)


def _user(idp, pool_id, name="u1", **attributes):
    attrs = [{"Name": "email", "Value": f"{name}@example.com"}]
    attrs += [{"Name": k, "Value": v} for k, v in attributes.items()]
    idp.admin_create_user(
        UserPoolId=pool_id, Username=name, UserAttributes=attrs, MessageAction="SUPPRESS"
    )
    return name


def _client(idp, pool_id, **kwargs):
    made = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web", **kwargs)
    return made["UserPoolClient"]["ClientId"]


def _audited(action: str) -> Callable[[], bool]:
    return lambda: AuditEvent.objects.filter(action=action).exists()


def _groups_of(idp, pool_id, username):
    found = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=username)
    return [g["GroupName"] for g in found["Groups"]]


def _gone(call, **kwargs) -> bool:
    try:
        call(**kwargs)
    except Exception as exc:  # botocore's ResourceNotFoundException / UserNotFound
        return "NotFound" in type(exc).__name__
    return False


# --- the arrangements, one per destructive URL -----------------------------------------


def pool_delete(idp, pool_id):
    return Case(
        at("pools:delete", pool_id=pool_id),
        {"confirm": POOL_NAME},
        lambda: _gone(idp.describe_user_pool, UserPoolId=pool_id),
        typed="confirm",
    )


def client_delete(idp, pool_id):
    client_id = _client(idp, pool_id)
    return Case(
        at("clients:delete", pool_id=pool_id, client_id=client_id),
        {"confirm": "web"},
        lambda: not idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"],
    )


def _secrets(idp, pool_id, client_id):
    listed = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)
    return listed["ClientSecrets"]


def secret_delete(idp, pool_id):
    client_id = _client(idp, pool_id, GenerateSecret=True)
    idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client_id)
    first = _secrets(idp, pool_id, client_id)[0]["ClientSecretId"]
    return Case(
        at("clients:secret_delete", pool_id=pool_id, client_id=client_id),
        {"secret_id": first, "confirm": "on"},
        lambda: len(_secrets(idp, pool_id, client_id)) == 1,
    )


def secret_add(idp, pool_id):
    client_id = _client(idp, pool_id, GenerateSecret=True)
    once = signing.dumps({"c": client_id, "n": uuid.uuid4().hex}, salt="pools.clients.add_secret")
    return Case(
        at("clients:secret_add", pool_id=pool_id, client_id=client_id),
        {"once": once, "value": ""},
        lambda: len(_secrets(idp, pool_id, client_id)) == 2,
    )


def provider_delete(idp, pool_id):
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="CorpOIDC",
        ProviderType="OIDC",
        ProviderDetails={
            "client_id": "c",
            "client_secret": "s",
            "attributes_request_method": "GET",
            "oidc_issuer": "https://sso.example.com",
            "authorize_scopes": "openid",
        },
    )
    return Case(
        at("providers:delete", pool_id=pool_id, provider_name="CorpOIDC"),
        {"confirm": "CorpOIDC"},
        lambda: not idp.list_identity_providers(UserPoolId=pool_id)["Providers"],
    )


def server_delete(idp, pool_id):
    identifier = "https://api.example.com"
    idp.create_resource_server(UserPoolId=pool_id, Identifier=identifier, Name="API")
    return Case(
        at("resourceservers:delete", pool_id=pool_id, server=identifier_key(identifier)),
        {"confirm": identifier},
        lambda: not idp.list_resource_servers(UserPoolId=pool_id, MaxResults=10)["ResourceServers"],
    )


def domain_delete(idp, pool_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="prod-confirm-domain")
    return Case(
        at("domain:delete", pool_id=pool_id, domain="prod-confirm-domain"),
        {"confirm": "prod-confirm-domain"},
        lambda: not idp.describe_user_pool(UserPoolId=pool_id)["UserPool"].get("Domain"),
    )


def client_inherit(idp, pool_id):
    client_id = _client(idp, pool_id)
    idp.set_risk_configuration(
        UserPoolId=pool_id,
        ClientId=client_id,
        CompromisedCredentialsRiskConfiguration={"Actions": {"EventAction": "BLOCK"}},
    )
    return Case(
        at("threats:client_inherit", pool_id=pool_id, client_id=client_id),
        {"confirm": "on"},
        _audited("SetRiskConfiguration"),
    )


def group_delete(idp, pool_id):
    idp.create_group(UserPoolId=pool_id, GroupName="staff")
    return Case(
        at("groups:delete", pool_id=pool_id, name="staff"),
        {"confirm": "staff"},
        lambda: not idp.list_groups(UserPoolId=pool_id)["Groups"],
    )


def member_remove(idp, pool_id):
    idp.create_group(UserPoolId=pool_id, GroupName="staff")
    _user(idp, pool_id)
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="u1", GroupName="staff")
    return Case(
        at("groups:remove_member", pool_id=pool_id, name="staff"),
        {"username": "u1"},
        lambda: _groups_of(idp, pool_id, "u1") == [],
    )


def _user_action(action: str, data: dict, done_of):
    def arrange(idp, pool_id):
        _user(idp, pool_id, given_name="Ann")
        idp.admin_set_user_password(  # CONFIRMED: a password reset is not ruled out
            UserPoolId=pool_id, Username="u1", Password="Correct-Horse-9", Permanent=True
        )
        idp.create_group(UserPoolId=pool_id, GroupName="staff")
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username="u1", GroupName="staff")
        return Case(
            at(f"users:user_{action}", pool_id=pool_id, username="u1"),
            data,
            done_of(idp, pool_id),
        )

    return arrange


def _user_gone(idp, pool_id):
    return lambda: _gone(idp.admin_get_user, UserPoolId=pool_id, Username="u1")


def _user_disabled(idp, pool_id):
    return lambda: not idp.admin_get_user(UserPoolId=pool_id, Username="u1")["Enabled"]


def _given_name_gone(idp, pool_id):
    def done():
        user = idp.admin_get_user(UserPoolId=pool_id, Username="u1")
        return "given_name" not in {a["Name"] for a in user["UserAttributes"]}

    return done


def _out_of_staff(idp, pool_id):
    return lambda: _groups_of(idp, pool_id, "u1") == []


def _unlink(idp, pool_id):
    _user(idp, pool_id, name="linked")
    provider_delete(idp, pool_id)  # CorpOIDC
    idp.admin_link_provider_for_user(
        UserPoolId=pool_id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "linked"},
        SourceUser={
            "ProviderName": "CorpOIDC",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "corp-1",
        },
    )
    return Case(
        at("users:user_unlink_provider", pool_id=pool_id, username="linked"),
        {
            "provider_name": "CorpOIDC",
            "attribute_name": "Cognito_Subject",
            "attribute_value": "corp-1",
            "confirm": "on",
        },
        _audited("AdminDisableProviderForUser"),
    )


def bulk_start(idp, pool_id):
    _user(idp, pool_id)
    return Case(
        at("users:bulk", pool_id=pool_id),
        {"action": "disable", "scope": "selected", "usernames": "u1", "nonce": "n-prod-1"},
        lambda: Job.objects.exists(),
    )


def bulk_retry(idp, pool_id, client):
    # A bulk action on a user who does not exist fails; its retry is a new job.
    started = client.post(
        at("users:bulk", pool_id=pool_id),
        {
            "action": "disable",
            "scope": "selected",
            "usernames": "ghost",
            "nonce": "n-ghost",
            CONFIRM_POOL_NAME: POOL_NAME,
        },
    )
    assert started.status_code == 302, started.content.decode()[-2000:]
    run_all()
    job = Job.objects.get()
    return Case(
        at("users:bulk_retry", pool_id=pool_id, pk=job.pk),
        {},
        lambda: Job.objects.count() > 1,
    )


def snapshot_disable(idp, pool_id):
    from users.search.models import Snapshot

    return Case(
        at("search:snapshot", pool_id=pool_id),
        {"action": "disable", "confirm": "on"},
        lambda: not Snapshot.objects.exists(),
    )


def _csv(idp, pool_id) -> bytes:
    header = idp.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    values = {
        "cognito:username": "imported1",
        "email": "imported1@example.com",
        "email_verified": "true",
        "cognito:mfa_enabled": "false",
    }
    return (",".join(header) + "\n" + ",".join(values.get(c, "") for c in header) + "\n").encode()


def import_new(idp, pool_id):
    return Case(
        at("imports:new", pool_id=pool_id),
        {
            "job_name": "Batch 1",
            "role_arn": "arn:aws:iam::222222222222:role/CognitoImportLogs",
            "mode": "start",
        },
        lambda: bool(
            idp.list_user_import_jobs(UserPoolId=pool_id, MaxResults=10)["UserImportJobs"]
        ),
        files={"csv_file": ("users.csv", _csv(idp, pool_id))},
    )


DESTRUCTIVE: dict[str, Callable] = {
    "pools:delete": pool_delete,
    "clients:delete": client_delete,
    "clients:secret_delete": secret_delete,
    "clients:secret_add": secret_add,
    "providers:delete": provider_delete,
    "resourceservers:delete": server_delete,
    "domain:delete": domain_delete,
    "threats:client_inherit": client_inherit,
    "groups:delete": group_delete,
    "groups:remove_member": member_remove,
    "users:user_delete": _user_action("delete", {"confirm": "u1"}, _user_gone),
    "users:user_disable": _user_action("disable", {}, _user_disabled),
    "users:user_sign_out": _user_action(
        "sign_out", {}, lambda i, p: _audited("AdminUserGlobalSignOut")
    ),
    "users:user_reset_password": _user_action(
        "reset_password", {"confirmed": "on"}, lambda i, p: _audited("AdminResetUserPassword")
    ),
    "users:user_set_password": _user_action(
        "set_password",
        {"password": "Another-Horse-42x"},
        lambda i, p: _audited("AdminSetUserPassword"),
    ),
    "users:user_delete_attributes": _user_action(
        "delete_attributes", {"names": "given_name"}, _given_name_gone
    ),
    "users:user_remove_group": _user_action("remove_group", {"group": "staff"}, _out_of_staff),
    "users:user_forget_device": _user_action(
        "forget_device",
        {"device_key": "us-east-1_0f1e2d3c-aaaa-bbbb-cccc-000000000001"},
        lambda i, p: _audited("AdminForgetDevice"),
    ),
    "users:user_unlink_provider": _unlink,
    "users:user_mfa_recovery": _user_action(
        "mfa_recovery",
        {"sign_out": "on", "identity_checked": "on"},
        lambda i, p: _audited("AdminUserGlobalSignOut"),
    ),
    "users:bulk": bulk_start,
    "users:bulk_retry": bulk_retry,
    "search:snapshot": snapshot_disable,
    "imports:new": import_new,
}

#: URL names (and user page actions) whose names sound destructive but are not, or that
#: start nothing themselves: why each is left out.
NOT_DESTRUCTIVE = {
    "users:bulk_list": "GET only: the same address as users:bulk, listing bulk actions",
    "users:bulk_status": "GET: a bulk action's page",
    "users:bulk_results": "GET: a bulk action's results as CSV",
    "users:bulk_cancel": "stops a running bulk action: nothing more is changed",
    "users:export_cancel": "stops an export: a read",
    "users:user_enable": "restores sign-in",
    "users:user_confirm": "confirms a sign-up",
    "users:user_resend_invite": "re-sends one user's invitation (the bulk re-send is users:bulk)",
    "users:user_device_status": "marks a device remembered or not",
    "users:user_add_group": "adds to a group",
    "invitations:resend": "a confirmation page only: its Confirm posts users:bulk",
    "imports:stop": "stops an import job: nothing more is imported",
    "imports:start": "checked in test_it_refuses_to_start_an_import_job_without_the_name",
    "reports:act": "checked in test_it_refuses_act_on_all_without_the_name",
    "clients:secret": "reveals the secret (a read, audited)",
    "staff:deactivate": "the console's own staff accounts: no pool",
    "staff:reset_password": "the console's own staff accounts: no pool",
    "staff:lift_address": "the console's own sign-in lockout: no pool",
    "staff:set_password": "a staff member's own set-password link: no pool",
    "staff:set_password_done": "the page after a staff member set their password",
    "connections:delete": "a connection, not a pool: the Connections page (console-wide Admins)",
    "users:user_verify_contact": "marks an email or phone number verified (its name ends in act)",
}
SOUNDS_DESTRUCTIVE = re.compile(
    r"delete|disable|remove|sign_out|reset|bulk|act$|start|secret|inherit|stop|cancel"
    r"|retry|resend|unlink|forget|recovery|lift|deactivate|password"
)


def test_it_knows_every_destructive_url(db):
    names = {name for name, _ in _walk(get_resolver().url_patterns)}
    user_actions = {f"users:user_{action}" for action in ACTIONS}
    sounding = {n for n in names | user_actions if SOUNDS_DESTRUCTIVE.search(n.split(":")[-1])}
    unclassified = sounding - set(DESTRUCTIVE) - set(NOT_DESTRUCTIVE)
    assert not unclassified, sorted(unclassified)
    assert set(DESTRUCTIVE) <= names, set(DESTRUCTIVE) - names
    # Every action of the user page is classified, whatever its name.
    assert user_actions <= set(DESTRUCTIVE) | set(NOT_DESTRUCTIVE) | {
        "users:user_attributes",
        "users:user_mfa",
        "users:user_settings",
        "users:user_verify_contact",
        "users:user_event_feedback",
        "users:user_link_provider",
    }


def _post(client, case: Case, extra: dict):
    data = {**case.data, **extra}
    if case.typed != CONFIRM_POOL_NAME:
        data.pop(case.typed, None)
        data.update({case.typed: extra[CONFIRM_POOL_NAME]} if CONFIRM_POOL_NAME in extra else {})
        data.pop(CONFIRM_POOL_NAME, None)
    for key, (filename, content) in case.files.items():
        data[key] = SimpleUploadedFile(filename, content)
    return client.post(case.url, data, follow=True)


@pytest.fixture
def prod_pool(other_connection, other_idp):
    return other_idp.create_user_pool(
        PoolName=POOL_NAME,
        AutoVerifiedAttributes=["email"],
        UserPoolTier="PLUS",
        UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"},
    )["UserPool"]["Id"]


@pytest.mark.parametrize("name", sorted(DESTRUCTIVE))
def test_it_refuses_without_the_pool_name_on_production(
    name, admin_client, admin, other_connection, other_idp, prod_pool
):
    if name == "search:snapshot":
        from tests.search.conftest import refreshed

        with using(other_connection.account()):
            refreshed(prod_pool, admin)
    arrange = DESTRUCTIVE[name]
    case = (
        arrange(other_idp, prod_pool, admin_client)
        if name == "users:bulk_retry"
        else arrange(other_idp, prod_pool)
    )
    for typed in ({}, {CONFIRM_POOL_NAME: "prod pool"}, {CONFIRM_POOL_NAME: "Prod"}):
        response = _post(admin_client, case, typed)
        assert response.status_code in (200, 400), (name, typed, response.status_code)
        assert not case.done(), (name, typed)
        if case.typed == CONFIRM_POOL_NAME:
            assert REFUSAL in response.content.decode(), (name, typed)
    response = _post(admin_client, case, {CONFIRM_POOL_NAME: POOL_NAME})
    assert response.status_code < 500, (name, response.status_code)
    assert case.done(), (name, response.content.decode()[-3000:])


def test_it_asks_nothing_more_on_a_development_pool(admin_client, idp, pool_id):
    """The same form without the pool's name goes through on a development pool."""
    client_id = _client(idp, pool_id)
    url = reverse("clients:delete", kwargs={"pool_id": pool_id, "client_id": client_id})
    page = admin_client.get(url)
    assert b"confirm-pool-name" not in page.content
    response = admin_client.post(url, {"confirm": "web"})
    assert response.status_code == 302
    assert not idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"]


def test_it_keeps_what_was_typed_when_the_name_is_wrong(admin_client, other_idp, prod_pool):
    """A refused form keeps the person's other values: the bulk form's DELETE, its action."""
    _user(other_idp, prod_pool)
    response = admin_client.post(
        at("users:bulk", pool_id=prod_pool),
        {
            "action": "delete",
            "scope": "selected",
            "usernames": "u1",
            "nonce": "n-keep",
            "confirm": "DELETE",
            CONFIRM_POOL_NAME: "Prod poo",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert REFUSAL in body
    assert 'value="DELETE"' in body and 'value="Prod poo"' in body
    assert not Job.objects.exists()


def test_it_shows_the_box_on_production_forms(admin_client, other_idp, prod_pool):
    """The pages with destructive forms ask for the pool's name; the pool's own delete
    page does not ask twice (its `confirm` is the pool's name already)."""
    _user(other_idp, prod_pool)
    box = 'data-testid="confirm-pool-name"'
    user_page = admin_client.get(at("users:detail", pool_id=prod_pool, username="u1"))
    body = user_page.content.decode()
    for where in ("disable", "sign-out"):  # buttons without a form of their own
        assert f'id="confirm-pool-name-{where}"' in body, where
    # ... and the forms: delete attributes, MFA recovery, delete the user.
    assert body.count(box) >= 5
    assert box in admin_client.get(at("users:list", pool_id=prod_pool)).content.decode()
    pool_delete_page = admin_client.get(at("pools:delete", pool_id=prod_pool))
    assert pool_delete_page.status_code == 200 and box not in pool_delete_page.content.decode()


def test_it_refuses_to_start_an_import_job_without_the_name(
    admin_client, other_idp, prod_pool, settings, tmp_path
):
    settings.COGNITO_IMPORT_SPOOL_DIR = str(tmp_path / "spool")
    created = import_new(other_idp, prod_pool)
    data = {**created.data, "mode": "create"}  # "Create only" starts nothing: no name
    data["csv_file"] = SimpleUploadedFile("users.csv", _csv(other_idp, prod_pool))
    assert admin_client.post(created.url, data).status_code == 302
    run_all()  # the upload
    job_id = other_idp.list_user_import_jobs(UserPoolId=prod_pool, MaxResults=10)["UserImportJobs"][
        0
    ]["JobId"]
    start = at("imports:start", pool_id=prod_pool, job_id=job_id)
    started = _audited("StartUserImportJob")
    response = admin_client.post(start, {CONFIRM_POOL_NAME: "nope"}, follow=True)
    assert REFUSAL in response.content.decode() and not started()
    admin_client.post(start, {CONFIRM_POOL_NAME: POOL_NAME})
    assert started()


def test_it_refuses_act_on_all_without_the_name(
    admin_client, admin, other_connection, other_idp, prod_pool
):
    from tests.search.conftest import refreshed

    _user(other_idp, prod_pool)
    with using(other_connection.account()):
        refreshed(prod_pool, admin)
    url = at("reports:act", pool_id=prod_pool, slug="no-group")
    page = admin_client.get(url, {"bulk-action": "disable", "bulk-group": ""})
    assert page.status_code == 200, page.content.decode()[-2000:]
    context = page.context
    form = {
        "action": context["action"],
        "group": context["group"],
        "scope": "snapshot",
        "selection": context["sealed"],
        "nonce": context["confirm_form"]["nonce"].value(),
    }
    assert 'data-testid="confirm-pool-name"' in page.content.decode()
    jobs = Job.objects.count()  # the snapshot's refresh
    refused = admin_client.post(url, form)
    assert refused.status_code == 400 and REFUSAL in refused.content.decode()
    assert Job.objects.count() == jobs  # no bulk action
    done = admin_client.post(url, {**form, CONFIRM_POOL_NAME: POOL_NAME})
    assert done.status_code == 302
    assert Job.objects.count() == jobs + 1
