"""Bulk "Re-send invitation" (AdminCreateUser RESEND) from the invitations report."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from console.cognito.pools import pool_get
from console.cognito.users import user_get
from console.models import AuditEvent
from tests.jobs import outcomes, run_one
from users.expiry import invitation_expires, last_invited

from .conftest import add_user
from .test_view_invitations import DAYS, backdate, confirm, make_invite_pool, rows, url


@pytest.fixture
def invite_pool(idp):
    return make_invite_pool(idp)


def start_resend(client, pool_id: str, names: list[str]) -> str:
    """Re-send to `names` as the report does: its form, then the confirmation page's
    form posted to users:bulk. The bulk status page's URL."""
    page = client.post(
        reverse("invitations:resend", kwargs={"pool_id": pool_id}),
        {"which": "selected", "usernames": names, "back": url(pool_id)},
    )
    form = page.content.decode().split('id="resend-confirm-form"')[1].split("</form>")[0]
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value)
    response = client.post(reverse("users:bulk", kwargs={"pool_id": pool_id}), fields)
    assert response.status_code == 302, response.content[:500]
    return response.headers["Location"]


def test_it_resends_in_the_background_and_restarts_the_clock(operator_client, idp, invite_pool):
    for name in ("old", "late", "other"):
        add_user(idp, invite_pool, name)
    backdate(invite_pool, "old", DAYS + 5)
    backdate(invite_pool, "late", DAYS + 1)
    assert rows(operator_client.get(url(invite_pool))) == ["old", "late"]
    status = start_resend(operator_client, invite_pool, ["old", "late"])
    assert AuditEvent.objects.count() == 0  # nothing is sent in the request
    before = timezone.now()
    job = run_one()
    assert job.status == "succeeded" and outcomes(job) == {"old": "ok", "late": "ok"}
    sent = AuditEvent.objects.filter(action="AdminCreateUser", outcome="succeeded")
    assert sorted(sent.values_list("target_id", flat=True)) == ["late", "old"]
    assert all(e.parameters["MessageAction"] == "RESEND" for e in sent)
    pool = pool_get(pool_id=invite_pool, fresh=True)
    resent = last_invited(invite_pool, ["old", "late", "other"])
    assert set(resent) == {"old", "late"}
    for name in ("old", "late"):
        user = user_get(pool_id=invite_pool, username=name)
        assert user.status == "FORCE_CHANGE_PASSWORD"
        expires = invitation_expires(pool, user, resent=resent[name])
        assert expires >= before + timedelta(days=DAYS)
    assert rows(operator_client.get(url(invite_pool))) == []  # none expired now
    page = operator_client.get(status).content.decode()
    assert "Re-send invitation" in page and "2 succeeded" in page
    assert f'href="{url(invite_pool)}"' in page  # back to the report


def test_it_says_plainly_when_a_user_no_longer_waits_on_an_invitation(
    operator_client, idp, invite_pool
):
    for name in ("ann", "bob"):
        add_user(idp, invite_pool, name)
    status = start_resend(operator_client, invite_pool, ["ann", "bob"])
    confirm(idp, invite_pool, "bob")  # sets a password before the job reaches bob
    job = run_one()
    assert job.status == "partial" and outcomes(job) == {"ann": "ok", "bob": "failed"}
    page = operator_client.get(status).content.decode()
    row = page.split(">bob</a>")[1].split("</tr>")[0]
    assert "Not re-sent: the user is no longer waiting on an invitation" in row
    assert "Nothing was sent." in row and "Correct the value" not in row
    refused = AuditEvent.objects.get(target_id="bob")
    assert refused.outcome == "failed" and refused.parameters["MessageAction"] == "RESEND"


def test_it_lets_the_user_sign_in_again_once_resent(operator_client, idp, invite_pool):
    client_id = idp.create_user_pool_client(
        UserPoolId=invite_pool,
        ClientName="app",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(
        UserPoolId=invite_pool,
        Username="kim",
        TemporaryPassword="Temp-pass-1",
        MessageAction="SUPPRESS",
    )
    backdate(invite_pool, "kim", DAYS + 1)

    def sign_in():
        return idp.admin_initiate_auth(
            UserPoolId=invite_pool,
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "kim", "PASSWORD": "Temp-pass-1"},
        )

    with pytest.raises(idp.exceptions.NotAuthorizedException, match="expired"):
        sign_in()
    start_resend(operator_client, invite_pool, ["kim"])
    assert run_one().status == "succeeded"
    assert sign_in()["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_it_offers_resend_on_the_users_list_bulk_form(operator_client, invite_pool):
    page = operator_client.get(reverse("users:list", kwargs={"pool_id": invite_pool}))
    assert '<option value="resend_invite">Re-send invitation</option>' in page.content.decode()
