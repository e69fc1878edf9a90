"""A write whose answer was lost after Cognito applied it is reported as done.

The fault proxy forwards the request (the backend applies it), then closes the
connection without an answer ("lost"). botocore retries, and the retry meets the first
attempt's own change: UsernameExistsException after this AdminCreateUser, and so on.
The console reads Cognito back and reports the write done; the audit says succeeded.
Creates that a retry would repeat (pools, app clients, import jobs: names are not
unique) are found again by name instead of being created twice.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from console.audit import audit_context
from console.cognito import app_clients, groups, imports, pools, users
from console.models import AuditEvent

ROLE = "arn:aws:iam::123456789012:role/CognitoImport"


def _user(idp, pool_id, name="dup", **extra):
    idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS", **extra)
    return name


# Cognito answers these again without an error: the retry itself succeeds.
IDEMPOTENT = {"AdminAddUserToGroup", "AdminRemoveUserFromGroup"}


def _only_event(action):
    event = AuditEvent.objects.get(action=action)
    assert event.outcome == "succeeded", (event.outcome, event.error_message)
    if action not in IDEMPOTENT:
        note = event.error_message
        assert "Read back from Cognito" in note or "found again" in note
    return event


# Each case: (operation, arrange(idp, pool_id) -> kwargs, act(pool_id, **kwargs),
# check(idp, pool_id, **kwargs) that the change is in place).
def _create_user(idp, pool_id):
    return {}


def _delete_user(idp, pool_id):
    return {"username": _user(idp, pool_id)}


def _create_group(idp, pool_id):
    return {}


def _delete_group(idp, pool_id):
    idp.create_group(UserPoolId=pool_id, GroupName="ops")
    return {}


def _delete_client(idp, pool_id):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"][
        "ClientId"
    ]
    return {"client_id": client_id}


def _membership(idp, pool_id):
    idp.create_group(UserPoolId=pool_id, GroupName="ops")
    return {"username": _user(idp, pool_id)}


def _remove_membership(idp, pool_id):
    kwargs = _membership(idp, pool_id)
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=kwargs["username"], GroupName="ops")
    return kwargs


def _signed_up(idp, pool_id):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"][
        "ClientId"
    ]
    idp.sign_up(ClientId=client_id, Username="signed.up", Password="Long-Pass-123")
    return "signed.up"


def _groups_of(idp, pool_id, username):
    found = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=username)["Groups"]
    return [g["GroupName"] for g in found]


CASES = {
    "AdminCreateUser": (
        _create_user,
        lambda p, **k: users.user_create(
            pool_id=p,
            username="new.user",
            attributes={"custom:tenant_id": "t-1"},
            message_action="SUPPRESS",
        ),
        lambda idp, p, **k: (
            idp.admin_get_user(UserPoolId=p, Username="new.user")["Username"] == "new.user"
        ),
    ),
    "AdminDeleteUser": (
        _delete_user,
        lambda p, username: users.user_delete(pool_id=p, username=username),
        lambda idp, p, username: (
            username not in [u["Username"] for u in idp.list_users(UserPoolId=p)["Users"]]
        ),
    ),
    "CreateGroup": (
        _create_group,
        lambda p, **k: groups.group_create(pool_id=p, name="ops", description="Ops", precedence=3),
        lambda idp, p, **k: (
            idp.get_group(UserPoolId=p, GroupName="ops")["Group"]["Precedence"] == 3
        ),
    ),
    "DeleteGroup": (
        _delete_group,
        lambda p, **k: groups.group_delete(pool_id=p, name="ops"),
        lambda idp, p, **k: idp.list_groups(UserPoolId=p)["Groups"] == [],
    ),
    "DeleteUserPoolClient": (
        _delete_client,
        lambda p, client_id: app_clients.client_delete(pool_id=p, client_id=client_id),
        lambda idp, p, client_id: (
            idp.list_user_pool_clients(UserPoolId=p, MaxResults=60)["UserPoolClients"] == []
        ),
    ),
    "AdminAddUserToGroup": (
        _membership,
        lambda p, username: groups.group_add_user(pool_id=p, group_name="ops", username=username),
        lambda idp, p, username: _groups_of(idp, p, username) == ["ops"],
    ),
    "AdminRemoveUserFromGroup": (
        _remove_membership,
        lambda p, username: groups.group_remove_user(
            pool_id=p, group_name="ops", username=username
        ),
        lambda idp, p, username: _groups_of(idp, p, username) == [],
    ),
    "AdminConfirmSignUp": (
        lambda idp, p: {"username": _signed_up(idp, p)},
        lambda p, username: users.user_confirm(pool_id=p, username=username),
        lambda idp, p, username: (
            idp.admin_get_user(UserPoolId=p, Username=username)["UserStatus"] == "CONFIRMED"
        ),
    ),
    "DeleteUserPool": (
        lambda idp, p: {},
        lambda p, **k: pools.pool_delete(pool_id=p, confirm_name="Test pool"),
        lambda idp, p, **k: idp.list_user_pools(MaxResults=60)["UserPools"] == [],
    ),
    "AddCustomAttributes": (
        lambda idp, p: {},
        lambda p, **k: pools.pool_add_custom_attributes(
            pool_id=p, attributes=[{"Name": "plan", "AttributeDataType": "String"}]
        ),
        lambda idp, p, **k: (
            "custom:plan"
            in [
                a["Name"]
                for a in idp.describe_user_pool(UserPoolId=p)["UserPool"]["SchemaAttributes"]
            ]
        ),
    ),
}


@pytest.mark.parametrize("operation", sorted(CASES))
def test_it_reports_done_when_the_retry_meets_its_own_change(
    operation, faults, idp, pool_id, admin
):
    arrange, act, check = CASES[operation]
    kwargs = arrange(idp, pool_id)
    faults.set(operation, "lost", times=1)
    with audit_context(user=admin):
        act(pool_id, **kwargs)  # no error: it was done
    assert faults.seen[operation] == 2  # the lost attempt and botocore's retry
    assert check(idp, pool_id, **kwargs)
    _only_event(operation)


@pytest.mark.parametrize("operation", ["AdminDeleteUser", "DeleteGroup", "CreateGroup"])
def test_it_reads_back_after_a_5xx_from_a_write_that_was_made(
    operation, faults, idp, pool_id, admin, settings
):
    """A 5xx means "may or may not have been made": read back, and here it was made."""
    from console.cognito.transport import clear_clients

    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    arrange, act, check = CASES[operation]
    kwargs = arrange(idp, pool_id)
    faults.set(operation, "applied-error", times=1)
    with audit_context(user=admin):
        act(pool_id, **kwargs)
    assert check(idp, pool_id, **kwargs)
    _only_event(operation)


def test_it_a_genuine_duplicate_is_still_refused_after_a_lost_attempt(faults, idp, pool_id, admin):
    """The retry's UsernameExistsException is believed when the user is not this request's."""
    from console.cognito import AlreadyExists

    _user(idp, pool_id, "taken", UserAttributes=[{"Name": "custom:tenant_id", "Value": "old"}])
    faults.set("AdminCreateUser", "drop", times=1)  # not applied: the connection drops first
    with audit_context(user=admin), pytest.raises(AlreadyExists):
        users.user_create(
            pool_id=pool_id,
            username="taken",
            attributes={"custom:tenant_id": "new"},
            message_action="SUPPRESS",
        )
    assert AuditEvent.objects.get(action="AdminCreateUser").outcome == "failed"


# --- creates a retry would repeat: found again by name --------------------------------


def test_it_finds_a_pool_whose_create_answer_was_lost(faults, idp, admin):
    faults.set("CreateUserPool", "lost", times=1)
    with audit_context(user=admin):
        pool = pools.pool_create(config={"PoolName": "Lost answer pool"})
    listed = idp.list_user_pools(MaxResults=60)["UserPools"]
    assert [p["Name"] for p in listed] == ["Lost answer pool"]  # created once
    assert pool.id == listed[0]["Id"]
    assert faults.seen["CreateUserPool"] == 1  # not sent again
    _only_event("CreateUserPool")


def test_it_finds_a_client_whose_create_answer_was_lost(faults, idp, pool_id, admin):
    faults.set("CreateUserPoolClient", "lost", times=1)
    with audit_context(user=admin):
        client = app_clients.client_create(pool_id=pool_id, config={"ClientName": "web"})
    listed = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert [c["ClientName"] for c in listed] == ["web"]
    assert client.id == listed[0]["ClientId"]
    _only_event("CreateUserPoolClient")


def test_it_finds_an_import_job_whose_create_answer_was_lost(faults, idp, pool_id, admin):
    faults.set("CreateUserImportJob", "lost", times=1)
    with audit_context(user=admin):
        job = imports.import_job_create(pool_id=pool_id, name="upload-7", role_arn=ROLE)
    listed = idp.list_user_import_jobs(UserPoolId=pool_id, MaxResults=60)["UserImportJobs"]
    assert [j["JobName"] for j in listed] == ["upload-7"]  # not created twice
    assert job.id == listed[0]["JobId"]
    assert faults.seen["CreateUserImportJob"] == 1
    _only_event("CreateUserImportJob")


def test_it_a_create_that_never_arrived_is_sent_again(faults, idp, pool_id, admin):
    faults.set("CreateUserPoolClient", "drop", times=1)
    with audit_context(user=admin):
        app_clients.client_create(pool_id=pool_id, config={"ClientName": "web"})
    listed = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    assert [c["ClientName"] for c in listed] == ["web"]
    assert faults.seen["CreateUserPoolClient"] == 2


# --- the pages say done -----------------------------------------------------------------


def test_it_the_new_user_page_says_created_when_the_answer_was_lost(
    operator_client, faults, idp, pool_id
):
    faults.set("AdminCreateUser", "lost", times=1)
    response = operator_client.post(
        reverse("users:new", kwargs={"pool_id": pool_id}),
        {"username": "lost.answer", "message_action": "SUPPRESS"},
        follow=True,
    )
    text = response.content.decode()
    assert "Created lost.answer" in text, text[:3000]
    assert "already exists" not in text
    _only_event("AdminCreateUser")


def test_it_the_delete_user_page_says_deleted_when_the_answer_was_lost(
    admin_client, faults, idp, pool_id
):
    _user(idp, pool_id, "gone")
    faults.set("AdminDeleteUser", "lost", times=1)
    response = admin_client.post(
        reverse("users:user_delete", kwargs={"pool_id": pool_id, "username": "gone"}),
        {"confirm": "gone"},
        follow=True,
    )
    text = response.content.decode()
    assert "Deleted the user gone" in text, text[:3000]
    assert "Cognito refused" not in text
    _only_event("AdminDeleteUser")


def test_it_a_page_never_says_refused_when_cognito_may_have_done_it(
    operator_client, faults, idp, pool_id
):
    _user(idp, pool_id, "maybe")
    faults.set("AdminUserGlobalSignOut", "error", times=2)  # both of botocore's attempts
    response = operator_client.post(
        reverse("users:user_sign_out", kwargs={"pool_id": pool_id, "username": "maybe"}),
        follow=True,
    )
    text = response.content.decode()
    assert "Cognito did not confirm it" in text and "may or may not have been made" in text
    assert "Cognito refused" not in text
    assert AuditEvent.objects.get(action="AdminUserGlobalSignOut").outcome == "unknown"


@pytest.mark.parametrize(
    ("operation", "act"),
    [
        (
            "AdminSetUserMFAPreference",
            lambda p: users.user_set_mfa_preference(
                pool_id=p, username="mfa", enabled=["SMS"], preferred="SMS"
            ),
        ),
        (
            "AdminSetUserSettings",
            lambda p: users.user_set_settings(pool_id=p, username="mfa", sms_mfa=True),
        ),
    ],
)
def test_it_mfa_settings_applied_before_a_5xx_are_done(
    operation, act, faults, idp, pool_id, admin, settings
):
    from console.cognito.transport import clear_clients

    _user(idp, pool_id, "mfa", UserAttributes=[{"Name": "phone_number", "Value": "+12065551212"}])
    settings.COGNITO_MAX_ATTEMPTS = 1
    clear_clients()
    faults.set(operation, "applied-error", times=1)
    with audit_context(user=admin):
        act(pool_id)
    _only_event(operation)
