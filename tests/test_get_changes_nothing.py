"""A GET never changes state (issue 11).

Every named URL is opened by an Admin, by GET, with the IDs of real things (a pool,
an app client, a user in a group, an import job) and with the query parameters its
forms send by GET: no row of the console's own tables is written, and every Cognito
call it makes is a read. A change of state (a column choice, a reveal, a retry) is a
POST.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import get_resolver, reverse

from console.cognito.resource_servers import identifier_key
from tests.test_url_access import PUBLIC, _walk

#: Cognito operations that read: every call a GET makes must be one of these.
READS = re.compile(r"^(Describe|List|Get|AdminGet|AdminList)[A-Za-z]*$")
#: Tables a GET may write: the session (Django renews it), sign-in bookkeeping.
MAY_WRITE = ("django_session", "axes_")
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)

#: Query strings the pages' own GET forms send (filters, column choices, sorting).
QUERIES = {
    "users:list": ["", "attribute=email&value=a", "columns=email&set_columns=1", "sort=email"],
    "groups:list": ["", "name=a"],
    "groups:review": ["", "username=member1"],
    "pools:list": ["", "name=a"],
    "audit": ["", "pool=us-east-1_x"],
}


@pytest.fixture
def things(idp, pool_id):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"][
        "ClientId"
    ]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="member1",
        UserAttributes=[{"Name": "email", "Value": "m@example.com"}],
    )
    idp.create_group(UserPoolId=pool_id, GroupName="staff")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="member1", GroupName="staff")
    header = idp.get_csv_header(UserPoolId=pool_id)
    assert header["CSVHeader"]
    job_id = idp.create_user_import_job(
        UserPoolId=pool_id,
        JobName="j",
        CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/import",
    )["UserImportJob"]["JobId"]
    # The Sign-in tab's things (issue 15): an identity provider, a resource server, a
    # prefix domain; the kind of domain to create and a log event source are words.
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
    idp.create_resource_server(
        UserPoolId=pool_id,
        Identifier="https://api.example.com",
        Name="API",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}],
    )
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="crawl-test-domain")
    return {
        "pool_id": pool_id,
        "client_id": client_id,
        "username": "member1",
        "name": "staff",
        "job_id": job_id,
        "pk": "1",
        "address": "203.0.113.9",
        "provider_name": "CorpOIDC",
        "server": identifier_key("https://api.example.com"),
        "domain": "crawl-test-domain",
        "kind": "prefix",
        "source": "userNotification",
        "slug": "no-group",  # a report of the pool's snapshot (users.reports)
        "grant": "1",  # a staff account's grant (staff:grant_change)
    }


#: Audit events a GET may record: reading user data (a download, an export of the log)
#: is itself audited (issue 13). Any other event means the GET did something.
READ_EVENTS = re.compile(r"^(Download|Export)[A-Za-z]*$")


def _writes(collected):
    def wrapper(execute, sql, params, many, context):
        match = WRITE.match(sql)
        table = match.group(2).lower() if match else ""
        audited_read = (
            table == "console_auditevent"
            and sql.lstrip().upper().startswith("INSERT")
            and any(isinstance(p, str) and READ_EVENTS.match(p) for p in params or ())
        )
        if match and not table.startswith(MAY_WRITE) and not audited_read:
            collected.append(sql[:100])
        return execute(sql, params, many, context)

    return wrapper


def test_it_changes_nothing_on_any_get(admin_client, things):
    admin_client.raise_request_exception = False
    problems, checked = [], 0
    for name, converters in _walk(get_resolver().url_patterns):
        if name.split(":")[-1] in PUBLIC | {"logout"}:
            continue
        url = reverse(name, kwargs={k: things[k] for k in converters})
        for query in QUERIES.get(name, [""]):
            writes: list[str] = []
            with connection.execute_wrapper(_writes(writes)):
                response = admin_client.get(f"{url}?{query}" if query else url)
            checked += 1
            operations = [
                o for o in response.headers.get("X-Cognito-Operations", "").split(",") if o
            ]
            calls = [o for o in operations if not READS.match(o)]
            if writes or calls or response.status_code >= 500:
                problems.append((name, query, response.status_code, writes[:2], calls))
    assert checked > 40
    assert not problems, "\n".join(map(str, problems))
