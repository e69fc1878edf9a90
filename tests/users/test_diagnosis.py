"""Can this user sign in? Every finding of users.diagnosis, against the embedded backend.

Pools, users and app clients are made with the `idp` client; the diagnosis reads them
through the service layer (user_diagnosis). Sign-in histories are AuthEvent records
given to it, as the user page gives it the page of AdminListUserAuthEvents it read.
"""

import inspect
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from console.cognito.auth_events import auth_event_list
from console.cognito.mfa import mfa_config_get
from console.cognito.pools import pool_get
from console.cognito.records import AuthEvent
from console.cognito.transport import recording_calls
from console.cognito.users import user_get
from console.emulator.auth_events import backdate_user
from console.emulator.linked_providers import add_federated_user
from console.models import AuditEvent
from users.diagnosis import (
    BLOCKS,
    CLIENT_PAGE,
    CLIENTS_READ_MAX,
    NOTE,
    RISK,
    SPELLINGS_MAX,
    ClientsRead,
    NoHistory,
    SameContact,
    diagnose,
    diagnosis_history,
    password_flows,
    spellings,
    user_diagnosis,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Long-Pass-123"


@pytest.fixture
def pool(idp):
    """A pool with one app client of default flows (USER_SRP_AUTH)."""
    pool_id = idp.create_user_pool(PoolName="Diagnosis pool")["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    return pool_id


def make_user(idp, pool_id, username, *, email="", phone="", verified=True, password=True):
    attributes = []
    if email:
        attributes.append({"Name": "email", "Value": email})
        attributes.append({"Name": "email_verified", "Value": str(verified).lower()})
    if phone:
        attributes.append({"Name": "phone_number", "Value": phone})
        attributes.append({"Name": "phone_number_verified", "Value": str(verified).lower()})
    idp.admin_create_user(
        UserPoolId=pool_id, Username=username, UserAttributes=attributes, MessageAction="SUPPRESS"
    )
    if password:
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
        )
    return username


def diagnosis_of(pool_id, username, *, events=None, now=None):
    pool = pool_get(pool_id=pool_id, fresh=True)
    user = user_get(pool_id=pool_id, username=username)
    return user_diagnosis(pool=pool, user=user, events=events, now=now)


def finding(diagnosis, code):
    found = [f for f in diagnosis.findings if f.code == code]
    assert found, f"no {code} in {diagnosis.codes()}"
    return found[0]


def sign_in(
    response: str, minutes_ago: float, now: datetime, n: int = 0, password: str | None = None
) -> AuthEvent:
    """A SignIn event; a Fail checked the password (Password: Failure) unless
    `password` says otherwise ("" for none: an attempt refused before the check)."""
    if password is None:
        password = {"Fail": "Failure", "Pass": "Success"}.get(response, "")
    return AuthEvent(
        id=f"e-{minutes_ago}-{n}",
        type="SignIn",
        response=response,
        created=now - timedelta(minutes=minutes_ago),
        challenges=(("Password", password),) if password else (),
    )


def test_it_finds_nothing_wrong_with_a_healthy_user_and_says_what_it_checked(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    diagnosis = diagnosis_of(pool, "ann", events=())
    assert diagnosis.findings == ()
    assert diagnosis.verdict.startswith("Nothing found that stops ann signing in with a password")
    assert diagnosis.unchecked == ()
    assert any("web allows USER_SRP_AUTH" in c for c in diagnosis.checked)
    assert any("other users with this email address: 0" in c for c in diagnosis.checked)


def test_it_says_the_history_was_skipped_when_there_is_none(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    diagnosis = diagnosis_of(pool, "ann", events=None)
    assert [u.check for u in diagnosis.unchecked] == ["Recent sign-ins"]
    assert "not checked" in diagnosis.unchecked[0].details
    assert diagnosis.verdict.endswith("; 1 check could not run.")


def test_it_finds_a_disabled_user_and_offers_enable(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    idp.admin_disable_user(UserPoolId=pool, Username="ann")
    diagnosis = diagnosis_of(pool, "ann", events=())
    disabled = finding(diagnosis, "disabled")
    assert disabled.severity == BLOCKS and "User is disabled." in disabled.explanation
    assert [(f.action, f.url) for f in disabled.fixes] == [
        ("enable", f"/pools/{pool}/users/ann/enable/")
    ]
    assert diagnosis.verdict == "ann cannot sign in now: 1 problem blocks it."


def test_it_finds_an_unconfirmed_sign_up(idp, pool):
    client_id = idp.list_user_pool_clients(UserPoolId=pool, MaxResults=1)["UserPoolClients"][0][
        "ClientId"
    ]
    idp.sign_up(ClientId=client_id, Username="newbie", Password=PASSWORD)
    found = finding(diagnosis_of(pool, "newbie", events=()), "unconfirmed")
    assert found.severity == BLOCKS and "UserNotConfirmedException" in found.explanation
    assert [f.action for f in found.fixes] == ["confirm"]


def test_it_finds_a_required_reset_and_offers_a_code_or_a_password(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    idp.admin_reset_user_password(UserPoolId=pool, Username="ann")
    found = finding(diagnosis_of(pool, "ann", events=()), "reset_required")
    assert found.severity == BLOCKS and "PasswordResetRequiredException" in found.explanation
    assert [f.action or f.url.split("#")[1] for f in found.fixes] == [
        "reset_password",
        "id_password",
    ]


def test_it_tells_a_live_invitation_from_an_expired_one(idp, pool):
    make_user(idp, pool, "newhire", email="n@example.com", password=False)
    created = user_get(pool_id=pool, username="newhire").created
    live = finding(diagnosis_of(pool, "newhire", events=(), now=created), "invited")
    assert live.severity == NOTE
    assert (created + timedelta(days=7)).astimezone(UTC).strftime("%Y-%m-%d") in live.explanation
    later = created + timedelta(days=7, minutes=1)
    expired = finding(diagnosis_of(pool, "newhire", events=(), now=later), "invitation_expired")
    assert expired.severity == BLOCKS and "7 days" in expired.explanation
    assert expired.fixes[1].url == f"/pools/{pool}/users/newhire/#id_password"
    assert expired.fixes[0].action == "resend_invite"
    assert expired.fixes[0].url == f"/pools/{pool}/users/newhire/resend-invite/"


def test_it_finds_an_invitation_the_backend_expired(idp, pool):
    idp.admin_create_user(
        UserPoolId=pool, Username="newhire", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS"
    )
    backdate_user(pool_id=pool, username="newhire", days=8)
    found = finding(diagnosis_of(pool, "newhire", events=()), "invitation_expired")
    assert [f.action for f in found.fixes] == ["resend_invite", ""]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="pw", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="expired"):
        idp.admin_initiate_auth(
            UserPoolId=pool,
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "newhire", "PASSWORD": PASSWORD},
        )


def test_it_follows_the_pools_temporary_password_validity(idp):
    pool_id = idp.create_user_pool(
        PoolName="Short invitations",
        Policies={"PasswordPolicy": {"MinimumLength": 8, "TemporaryPasswordValidityDays": 2}},
    )["UserPool"]["Id"]
    make_user(idp, pool_id, "newhire", email="n@example.com", password=False)
    created = user_get(pool_id=pool_id, username="newhire").created
    day3 = diagnosis_of(pool_id, "newhire", events=(), now=created + timedelta(days=3))
    assert "invitation_expired" in day3.codes()
    day1 = diagnosis_of(pool_id, "newhire", events=(), now=created + timedelta(days=1))
    assert "invited" in day1.codes() and "invitation_expired" not in day1.codes()


def test_it_restarts_the_invitation_clock_at_a_resend(idp, pool):
    make_user(idp, pool, "newhire", email="n@example.com", password=False)
    pool_record, user = pool_get(pool_id=pool), user_get(pool_id=pool, username="newhire")
    resent = user.created + timedelta(days=3)
    found = finding(
        diagnose(
            pool=pool_record,
            user=user,
            clients=ClientsRead(()),
            mfa_config=mfa_config_get(pool_id=pool),
            events=(),
            same_contact=SameContact(),
            now=user.created + timedelta(days=7, minutes=1),
            resent=resent,
        ),
        "invited",
    )
    assert (resent + timedelta(days=7)).astimezone(UTC).strftime("%Y-%m-%d %H:%M") in (
        found.explanation
    )


def test_it_takes_the_last_resend_from_the_audit_log(idp, pool):
    make_user(idp, pool, "newhire", email="n@example.com", password=False)
    AuditEvent.objects.create(
        action="AdminCreateUser",
        pool_id=pool,
        target_type="user",
        target_id="newhire",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        parameters={"MessageAction": "RESEND"},
    )
    found = finding(diagnosis_of(pool, "newhire", events=()), "invited")
    assert "from the last invitation re-sent from this console" in found.explanation


def test_it_says_the_clock_restarted_at_a_temporary_password_set_here(idp, pool):
    make_user(idp, pool, "newhire", email="n@example.com", password=False)
    AuditEvent.objects.create(
        action="AdminSetUserPassword",
        pool_id=pool,
        target_type="user",
        target_id="newhire",
        outcome=AuditEvent.Outcome.SUCCEEDED,
        parameters={"Permanent": False},
    )
    found = finding(diagnosis_of(pool, "newhire", events=()), "invited")
    assert "from the last temporary password set from this console" in found.explanation
    assert "a temporary password set outside this console is not seen" in found.explanation


def test_it_finds_no_way_to_recover_a_password_and_offers_to_verify(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com", verified=False)
    found = finding(diagnosis_of(pool, "ann", events=()), "no_recovery")
    assert found.severity == RISK and "AccountRecoverySetting" in found.explanation
    verify = found.fixes[0]
    assert verify.action == "verify_contact" and verify.fields == (("attribute", "email"),)
    assert "ann@example.com" in verify.confirm
    assert found.fixes[-1].url.endswith("#id_attr__email")  # the field, inside its form


def test_it_makes_no_recovery_blocking_for_a_user_who_must_reset(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    idp.admin_reset_user_password(UserPoolId=pool, Username="ann")
    idp.admin_update_user_attributes(
        UserPoolId=pool,
        Username="ann",
        UserAttributes=[{"Name": "email_verified", "Value": "false"}],
    )
    diagnosis = diagnosis_of(pool, "ann", events=())
    assert finding(diagnosis, "no_recovery").severity == BLOCKS
    # Cognito sends no code without a verified address: only Set password is offered.
    assert [f.label for f in finding(diagnosis, "reset_required").fixes] == [
        "Set a password instead"
    ]


def test_it_counts_only_what_the_recovery_setting_allows(idp):
    pool_id = idp.create_user_pool(
        PoolName="Phone recovery",
        AccountRecoverySetting={
            "RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]
        },
    )["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    make_user(idp, pool_id, "ann", email="ann@example.com")  # verified email, no phone
    found = finding(diagnosis_of(pool_id, "ann", events=()), "no_recovery")
    assert "verified phone number" in found.explanation
    assert not any(f.action == "verify_contact" for f in found.fixes)


def test_it_notes_admin_only_recovery(idp):
    pool_id = idp.create_user_pool(
        PoolName="Admin recovery",
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]},
    )["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    make_user(idp, pool_id, "ann", email="ann@example.com")
    found = finding(diagnosis_of(pool_id, "ann", events=()), "admin_only_recovery")
    assert found.severity == NOTE
    assert found.fixes[0].url == f"/pools/{pool_id}/users/ann/#id_password"


SMS = {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"}}


def test_it_finds_required_sms_mfa_without_a_phone_number(idp, pool):
    idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON", SmsMfaConfiguration=SMS)
    make_user(idp, pool, "ann", email="ann@example.com")
    found = finding(diagnosis_of(pool, "ann", events=()), "mfa_unusable")
    assert found.severity == BLOCKS and "SMS needs a phone_number" in found.explanation
    assert [f.label for f in found.fixes] == ["Add a phone number"]
    # MFA recovery's new phone number field: the link opens its closed <details>.
    assert found.fixes[0].url == f"/pools/{pool}/users/ann/#id_new_phone"
    make_user(idp, pool, "bob", email="bob@example.com", phone="+12065551212")
    assert not diagnosis_of(pool, "bob", events=()).findings


def test_it_warns_of_required_totp_not_set_up(idp, pool):
    idp.set_user_pool_mfa_config(
        UserPoolId=pool,
        MfaConfiguration="ON",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    make_user(idp, pool, "ann", email="ann@example.com")
    found = finding(diagnosis_of(pool, "ann", events=()), "mfa_setup")
    assert found.severity == RISK and "MFA_SETUP" in found.explanation


def test_it_reads_the_pools_mfa_configuration(idp, pool):
    assert mfa_config_get(pool_id=pool).mode == "OFF"
    idp.set_user_pool_mfa_config(
        UserPoolId=pool,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration=SMS,
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    assert mfa_config_get(pool_id=pool).mode == "OFF"  # cached, as the pool's record is
    config = mfa_config_get(pool_id=pool, fresh=True)
    assert (config.mode, config.sms, config.totp, config.email) == ("OPTIONAL", True, True, False)
    assert mfa_config_get(pool_id=pool) == config
    assert config.factors == ("SMS", "authenticator app")


def test_it_finds_no_app_client_allowing_a_password(idp):
    pool_id = idp.create_user_pool(PoolName="Custom only")["UserPool"]["Id"]
    make_user(idp, pool_id, "ann", email="ann@example.com")
    assert finding(diagnosis_of(pool_id, "ann", events=()), "no_client").severity == BLOCKS
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="lambda-only",
        ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    found = finding(diagnosis_of(pool_id, "ann", events=()), "no_password_flow")
    assert found.severity == BLOCKS
    assert found.fixes[0].url == f"/pools/{pool_id}/clients/{client['ClientId']}/"
    idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="server",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
    )
    assert "no_password_flow" not in diagnosis_of(pool_id, "ann", events=()).codes()


def test_it_knows_what_each_flow_setting_allows(idp, pool):
    record = pool_get(pool_id=pool)
    client = diagnose.__globals__["Client"]
    base = dict(pool_id=pool, id="c", name="c", has_secret=False, created=None, modified=None)
    base.update(refresh_token_validity=None, token_validity_units={}, raw={})

    def flows(*values):
        return password_flows(client(explicit_auth_flows=values, **base), record)

    assert flows() == ("USER_SRP_AUTH",)
    assert flows("ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH") == ("USER_AUTH",)
    assert flows("ADMIN_NO_SRP_AUTH") == ("USER_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH")
    assert flows("CUSTOM_AUTH_FLOW_ONLY") == ()
    assert flows("ALLOW_CUSTOM_AUTH") == ()


def test_it_skips_password_checks_for_a_federated_user(idp):
    pool_id = idp.create_user_pool(PoolName="No clients")["UserPool"]["Id"]
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails={"client_id": "c", "client_secret": "s", "authorize_scopes": "email"},
    )
    name = add_federated_user(
        pool_id=pool_id,
        provider_name="Google",
        provider_user_id="g-1",
        attributes={"email": "g@example.com"},
    )
    diagnosis = diagnosis_of(pool_id, name, events=())
    assert finding(diagnosis, "federated").severity == NOTE
    assert diagnosis.codes() == {"federated"}  # no password, MFA or app client findings
    assert diagnosis.verdict.startswith(
        f"Nothing found that stops {name} signing in through their identity provider"
    )


def test_it_finds_a_federated_user_whose_identity_was_unlinked(idp):
    pool_id = idp.create_user_pool(PoolName="Federated")["UserPool"]["Id"]
    idp.create_identity_provider(
        UserPoolId=pool_id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails={"client_id": "c", "client_secret": "s", "authorize_scopes": "email"},
    )
    name = add_federated_user(pool_id=pool_id, provider_name="Google", provider_user_id="g-1")
    idp.admin_disable_provider_for_user(
        UserPoolId=pool_id,
        User={
            "ProviderName": "Google",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "g-1",
        },
    )
    diagnosis = diagnosis_of(pool_id, name, events=())
    assert diagnosis.codes() == {"disabled", "federated_unlinked"}
    gone = finding(diagnosis, "federated_unlinked")
    assert gone.severity == BLOCKS and "identities attribute is empty" in gone.explanation
    assert "Cognito creates a new user for them" in gone.explanation
    assert [(f.label, f.url.split("#")[1], f.role) for f in gone.fixes] == [
        ("Delete this user", "id_confirm", "Admin")
    ]
    # Enabling would not bring the identity back: no Enable button.
    assert finding(diagnosis, "disabled").fixes == ()
    assert diagnosis.verdict == f"{name} cannot sign in now: 2 problems block it."


def test_it_finds_a_federated_user_holding_only_another_providers_identity(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    record = user_get(pool_id=pool, username="ann")
    other = '[{"userId": "f-9", "providerName": "Facebook", "primary": "false"}]'
    federated = replace(
        record,
        username="Google_g-1",
        status="EXTERNAL_PROVIDER",
        attributes={**record.attributes, "identities": other},
    )
    own = '[{"userId": "g-1", "providerName": "Google", "primary": "false"}]'
    kept = replace(federated, attributes={**record.attributes, "identities": own})

    def codes(user):
        return diagnose(
            pool=pool_get(pool_id=pool),
            user=user,
            clients=ClientsRead(()),
            mfa_config=mfa_config_get(pool_id=pool),
            events=(),
            same_contact=SameContact(),
            now=datetime.now(UTC),
        ).codes()

    assert codes(federated) == {"federated_unlinked"}
    assert codes(kept) == {"federated"}  # Google_g-1 holds its own Google identity


def test_it_finds_other_users_with_the_same_email_and_phone(idp, pool):
    make_user(idp, pool, "ann", email='a"nn@example.com', phone="+12065551212")
    make_user(idp, pool, "ann2", email='a"nn@example.com')
    make_user(idp, pool, "ops/ann", phone="+12065551212")
    diagnosis = diagnosis_of(pool, "ann", events=())
    email = finding(diagnosis, "same_email")
    assert email.severity == RISK
    assert [f.url for f in email.fixes] == [f"/pools/{pool}/users/ann2/"]
    phone = finding(diagnosis, "same_phone_number")
    assert [f.label for f in phone.fixes] == ["Open ops/ann"]


def test_it_finds_the_same_username_in_another_case(idp, pool):
    make_user(idp, pool, "Ann", email="a1@example.com")
    make_user(idp, pool, "ann", email="a2@example.com")
    diagnosis = diagnosis_of(pool, "Ann", events=())
    found = finding(diagnosis, "same_username_case")
    assert [f.label for f in found.fixes] == ["Open ann"]
    assert "ann, ANN" in found.explanation
    assert spellings("Ann") == ("ann", "ANN")


def test_it_finds_the_same_username_with_capitals_from_the_lower_case_one(idp, pool):
    make_user(idp, pool, "P.Moreau", email="p1@example.com")
    make_user(idp, pool, "p.moreau", email="p2@example.com")
    with recording_calls() as calls:
        diagnosis = diagnosis_of(pool, "p.moreau", events=())
    found = finding(diagnosis, "same_username_case")
    assert [f.label for f in found.fixes] == ["Open P.Moreau"]
    assert "P.MOREAU, P.moreau, P.Moreau" in found.explanation
    assert calls.count("AdminGetUser") <= SPELLINGS_MAX + 1  # the user's own read too
    assert spellings("p.moreau") == ("P.MOREAU", "P.moreau", "P.Moreau")
    assert "Jean.Dupont@example.com" in spellings("jean.dupont@example.com")
    assert "Anne-Marie O_Neil" in spellings("anne-marie o_neil")
    assert "p.Moreau" in spellings("P.Moreau")  # the first letter's case swapped
    assert all(len(spellings(n)) <= SPELLINGS_MAX for n in ("a.b-c_d@e+f g", "x"))


def test_it_does_not_look_for_other_cases_in_a_case_insensitive_pool(idp):
    pool_id = idp.create_user_pool(
        PoolName="Insensitive", UsernameConfiguration={"CaseSensitive": False}
    )["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")
    make_user(idp, pool_id, "Ann", email="a1@example.com")
    diagnosis = diagnosis_of(pool_id, "Ann", events=())
    assert "usernames in another case: the pool ignores case" in diagnosis.checked


def test_it_counts_failed_sign_ins_since_the_last_success(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    now = datetime.now(UTC)
    pending = sign_in("InProgress", 2.5, now)  # neither
    events = (
        [pending]
        + [sign_in("Fail", m, now, m) for m in (1, 2, 3)]
        + [
            sign_in("Pass", 10, now),
            *[sign_in("Fail", m, now, m) for m in (20, 21, 22, 23, 24, 25)],
        ]
    )
    found = finding(diagnosis_of(pool, "ann", events=events, now=now), "failed_sign_ins")
    assert found.severity == NOTE and found.title == "3 failed password attempts in a row"
    assert "2 more wrong passwords lock this user out" in found.explanation
    assert [f.action for f in found.fixes] == ["reset_password"]


def test_it_blocks_only_while_the_lock_lasts(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    start = datetime.now(UTC) - timedelta(minutes=1)
    fails = [
        replace(sign_in("Fail", 0, start, m), created=start + timedelta(seconds=m))
        for m in range(5)
    ]
    last = fails[-1].created
    during = diagnosis_of(pool, "ann", events=fails, now=last + timedelta(seconds=0.5))
    found = finding(during, "locked_out")
    assert (
        found.severity == BLOCKS and "the lock is 2^(5-5) = 1 s after the last" in found.explanation
    )
    assert "Cognito has no API to lift a lock early" in found.explanation
    assert "(about 1 second from now)" in found.explanation
    assert during.verdict == "ann cannot sign in now: 1 problem blocks it."
    # The lock of 2^(5-5) = 1 s is over 7 s later: the right password works.
    after = diagnosis_of(pool, "ann", events=fails, now=last + timedelta(seconds=7))
    ended = finding(after, "locked_out")
    assert ended.severity == NOTE and ended.title == "The lockout has ended"
    assert "5 failed password attempts in a row" in ended.explanation
    assert "The lock of 2^(5-5) = 1 s after the last ended" in ended.explanation
    assert (
        "The next wrong password would be failure 6 and lock the user out again for "
        "2^(6-5) = 2 s" in ended.explanation
    )
    quiet_end = (last + timedelta(minutes=15)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    assert f"With no attempt until {quiet_end}" in ended.explanation
    assert not after.blocking and after.verdict.startswith("Nothing found that stops ann")
    # 15 minutes without attempts: Cognito has reset the count.
    quiet = diagnosis_of(pool, "ann", events=fails, now=last + timedelta(minutes=15))
    lifted = finding(quiet, "locked_out")
    assert lifted.severity == NOTE and "has reset the count" in lifted.explanation
    assert "0 failed password attempts count towards the lockout" in quiet.checked[-1]
    assert "5 failed password attempts count towards the lockout" in after.checked[-1]


def test_it_lets_fifteen_quiet_minutes_reset_the_count(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    now = datetime.now(UTC)
    events = [sign_in("Fail", 30 + m / 10, now, m) for m in range(5)] + [sign_in("Fail", 1, now)]
    diagnosis = diagnosis_of(pool, "ann", events=events, now=now)
    assert "locked_out" not in diagnosis.codes() and not diagnosis.blocking
    found = finding(diagnosis, "failed_sign_ins")
    assert found.title == "1 failed password attempt in a row"
    assert "5 earlier failed attempts" in found.explanation
    assert "15 minutes passed without attempts" in found.explanation
    # Below five failures a quiet quarter of an hour resets nothing (the backend's rule).
    few = [sign_in("Fail", 30 + m / 10, now, m) for m in range(3)] + [sign_in("Fail", 1, now)]
    fewer = finding(diagnosis_of(pool, "ann", events=few, now=now), "failed_sign_ins")
    assert fewer.title == "4 failed password attempts in a row"


def test_it_does_not_count_attempts_refused_during_the_lock(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    start = datetime.now(UTC) - timedelta(minutes=1)

    def at(seconds, password="Failure"):
        event = sign_in("Fail", 0, start, int(seconds * 10), password=password)
        return replace(event, created=start + timedelta(seconds=seconds))

    # 5 wrong (a 1 s lock), 3 refused in that second, then one more wrong: n = 6.
    events = [at(m / 10) for m in range(5)]
    events += [at(0.5, ""), at(0.7, ""), at(0.9, ""), at(2)]
    found = finding(
        diagnosis_of(pool, "ann", events=events, now=start + timedelta(seconds=3)), "locked_out"
    )
    assert found.severity == BLOCKS  # a 2^(6-5) = 2 s lock from the 2nd second
    assert "6 failed password attempts in a row" in found.explanation
    assert "the lock is 2^(6-5) = 2 s after the last" in found.explanation
    assert "3 attempts were refused during the lock (not counted)" in found.explanation


@pytest.fixture
def clock(monkeypatch):
    """The embedded backend's clock (it runs in this process), moved by the test."""
    from console.emulator import auth_events

    class Clock:
        at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)

        def __call__(self):
            return self.at

        def forward(self, seconds):
            self.at += timedelta(seconds=seconds)

    fake = Clock()
    monkeypatch.setattr(auth_events, "now", fake)
    return fake


@pytest.mark.parametrize(
    ("script", "locked"),
    [
        # (attempt | seconds to wait, ...): W wrong password, R the right one.
        (("W",) * 5 + (0.5,), True),
        (("W",) * 5 + (7,), False),
        (("W",) * 5 + (0.2, "R", "R", 2, "W", 1), True),  # refused ones do not count
        (("W",) * 5 + (16 * 60, "W", 1, "W", "W", "W"), False),  # the quiet reset
        (("W",) * 5 + (16 * 60, "W", 1, "W", "W", "W", "W", 0.5), True),
        (("W",) * 4 + (20 * 60, "W", 0.5), True),  # below five, quiet resets nothing
    ],
    ids=["in-the-lock", "lock-over", "refused", "quiet-reset", "new-count", "under-five"],
)
def test_it_agrees_with_the_backends_lockout(idp, clock, script, locked):
    pool_id = idp.create_user_pool(
        PoolName="Lockout", UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    make_user(idp, pool_id, "ann", email="ann@example.com")

    def attempt(password):
        try:
            idp.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "ann", "PASSWORD": password},
            )
        except idp.exceptions.NotAuthorizedException as exc:
            return exc.response["Error"]["Message"]
        return "signed in"

    for step in script:
        if isinstance(step, str):
            attempt(PASSWORD if step == "R" else "Wrong-Pass-123")
        clock.forward(step if not isinstance(step, str) else 0.01)
    events = auth_event_list(pool_id=pool_id, username="ann", limit=60).items
    diagnosis = diagnosis_of(pool_id, "ann", events=events, now=clock.at)
    assert bool(diagnosis.blocking) is locked, diagnosis.findings
    # The backend agrees: the right password now is refused exactly when the card blocks.
    assert attempt(PASSWORD) == ("Password attempts exceeded" if locked else "signed in")


def test_it_reports_a_sign_in_blocked_by_threat_protection(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    now = datetime.now(UTC)
    blocked = replace(sign_in("Fail", 1, now), risk_level="High", risk_decision="Block")
    found = finding(diagnosis_of(pool, "ann", events=[blocked], now=now), "risk_blocked")
    assert found.severity == BLOCKS and "risk High" in found.explanation


def test_it_marks_each_check_whose_read_failed(idp, pool, faults):
    make_user(idp, pool, "ann", email="ann@example.com")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool, MfaConfiguration="ON", SoftwareTokenMfaConfiguration={"Enabled": True}
    )
    pool_record = pool_get(pool_id=pool, fresh=True)
    user = user_get(pool_id=pool, username="ann")
    faults.set("GetUserPoolMfaConfig", "aws:400:NotAuthorizedException:Not allowed to read MFA.")
    faults.set("ListUserPoolClients", "error")
    faults.set("ListUsers", "aws:400:InvalidParameterException:Bad filter.")
    faults.set("AdminGetUser", "aws:400:NotAuthorizedException:No reads.")
    diagnosis = user_diagnosis(pool=pool_record, user=user, events=())
    checks = {u.check: u.details for u in diagnosis.unchecked}
    assert "Not allowed to read MFA." in checks["MFA factors"]
    assert "Bad filter." in checks["Other users with this email address"]
    assert set(checks) == {
        "MFA factors",
        "App client sign-in flows",
        "Other users with this email address",
        "The same username in another case",
    }
    assert diagnosis.findings == ()
    assert diagnosis.verdict.endswith("; 4 checks could not run.")


def test_diagnose_is_pure_given_its_inputs(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com", verified=False)
    pool_record, user = pool_get(pool_id=pool), user_get(pool_id=pool, username="ann")
    result = diagnose(
        pool=pool_record,
        user=user,
        clients=ClientsRead(()),
        mfa_config=mfa_config_get(pool_id=pool),
        events=None,
        same_contact=SameContact(),
        now=datetime.now(UTC),
    )
    assert [f.code for f in result.findings] == ["no_client", "no_recovery"]  # blocking first


def test_it_finds_required_email_mfa_without_an_email(idp, pool):
    make_user(idp, pool, "ann", phone="+12065551212")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool,
        MfaConfiguration="ON",
        EmailMfaConfiguration={"Message": "Your code is {####}", "Subject": "Your code"},
    )
    config = mfa_config_get(pool_id=pool, fresh=True)
    assert config.factors == ("email",)
    result = diagnose(
        pool=pool_get(pool_id=pool),
        user=user_get(pool_id=pool, username="ann"),
        clients=ClientsRead(()),
        mfa_config=config,
        events=(),
        same_contact=SameContact(),
        now=datetime.now(UTC),
    )
    found = finding(result, "mfa_unusable")
    assert "email needs an email address" in found.explanation
    assert [f.label for f in found.fixes] == ["Add an email address"]
    assert found.fixes[0].url.endswith("#id_new_email")


def test_it_reads_app_clients_only_until_one_allows_a_password(idp, pool):
    for n in range(24):
        idp.create_user_pool_client(UserPoolId=pool, ClientName=f"extra-{n}")
    make_user(idp, pool, "ann", email="ann@example.com")
    with recording_calls() as calls:
        diagnosis_of(pool, "ann", events=())
    assert calls.count("ListUserPoolClients") == 1
    assert calls.count("DescribeUserPoolClient") <= CLIENT_PAGE


def test_it_says_when_more_app_clients_than_it_reads_allow_no_password(idp):
    pool_id = idp.create_user_pool(PoolName="Many clients")["UserPool"]["Id"]
    for n in range(CLIENTS_READ_MAX + 1):
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName=f"custom-{n}", ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH"]
        )
    make_user(idp, pool_id, "ann", email="ann@example.com")
    with recording_calls() as calls:
        found = finding(diagnosis_of(pool_id, "ann", events=()), "no_password_flow")
    assert found.severity == RISK
    assert f"Only the first {CLIENTS_READ_MAX} app clients were read" in found.explanation
    assert calls.count("DescribeUserPoolClient") == CLIENTS_READ_MAX


def test_it_names_a_source_for_every_finding():
    from users import diagnosis

    codes = set(re.findall(r'Finding\(\s*(?:f?)"(\w+)"', inspect.getsource(diagnosis)))
    codes |= {"same_email", "same_phone_number"}  # made as f"same_{attribute}"
    assert codes <= set(diagnosis.SOURCES), codes - set(diagnosis.SOURCES)
    assert len(codes) >= 18


def test_it_says_why_the_history_was_not_checked(idp, pool):
    make_user(idp, pool, "ann", email="ann@example.com")
    other_page = diagnosis_history({"auth_events": (), "auth_events_page": 3})
    assert other_page == NoHistory(
        "You are on page 3 of the sign-in history; open page 1 (the latest sign-ins) to "
        "check recent sign-ins."
    )
    off = diagnosis_history(
        {
            "auth_events": None,
            "auth_events_note": "Threat protection is off.",
            "auth_events_fix_url": "/pools/x/edit/#threat-protection",
            "auth_events_page": 1,
        }
    )
    assert off.details.startswith("Threat protection is off.") and not off.failed
    broken = diagnosis_history(
        {
            "auth_events": None,
            "auth_events_page": 1,
            "auth_events_fix_url": "",
            "auth_events_note": "The sign-in history could not be read: Rate exceeded",
        }
    )
    assert "Rate exceeded" in broken.details and broken.failed
    assert diagnosis_history({"auth_events": [], "auth_events_page": 1}) == ()
    diagnosis = diagnosis_of(pool, "ann", events=other_page)
    assert [(u.check, u.details, u.failed) for u in diagnosis.unchecked] == [
        ("Recent sign-ins", other_page.details, False)
    ]


def lockout_pool(idp):
    """A PLUS pool keeping a sign-in history, a password app client and ann; returns
    (pool_id, attempt) where attempt(password) gives the backend's answer."""
    pool_id = idp.create_user_pool(
        PoolName="Lockout", UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    make_user(idp, pool_id, "ann", email="ann@example.com")

    def attempt(password):
        try:
            idp.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "ann", "PASSWORD": password},
            )
        except idp.exceptions.NotAuthorizedException as exc:
            return exc.response["Error"]["Message"]
        return "signed in"

    return pool_id, attempt


def counted_failures(attempt, clock, n):
    """n wrong passwords, each once the lock before it ended (all counted)."""
    for k in range(1, n + 1):
        assert attempt("Wrong-Pass-123") == "Incorrect username or password."
        clock.forward((2 ** (k - 5) if k >= 5 else 0) + 0.1)


def page_one(pool_id):
    """What the user page gives the diagnosis: the latest 20 events."""
    return auth_event_list(pool_id=pool_id, username="ann", limit=20).items


def test_it_reads_back_to_the_start_when_refused_attempts_fill_the_page(idp, clock):
    # laura's case: 7 counted failures, then 14 quick wrong attempts (1 counted, 13
    # refused during the 8 s lock): the page's 20 events lose the right password and
    # the first failure, and a replay of them alone counted too few.
    pool_id, attempt = lockout_pool(idp)
    assert attempt(PASSWORD) == "signed in"
    clock.forward(1)
    counted_failures(attempt, clock, 7)
    for _ in range(14):
        attempt("Wrong-Pass-123")
        clock.forward(0.01)
    clock.forward(1)
    assert not any(e.response == "Pass" for e in page_one(pool_id))
    events = page_one(pool_id)
    with recording_calls() as calls:
        during = diagnosis_of(pool_id, "ann", events=events, now=clock.at)
    assert calls.count("AdminListUserAuthEvents") == 1
    found = finding(during, "locked_out")
    assert found.severity == BLOCKS and "8 failed password attempts in a row" in found.explanation
    assert "the lock is 2^(8-5) = 8 s after the last" in found.explanation
    assert "13 attempts were refused during the lock (not counted)" in found.explanation
    assert attempt(PASSWORD) == "Password attempts exceeded"
    clock.forward(8)
    after = diagnosis_of(pool_id, "ann", events=page_one(pool_id), now=clock.at)
    ended = finding(after, "locked_out")
    assert not after.blocking and ended.title == "The lockout has ended"
    assert "would be failure 9 and lock the user out again for 2^(9-5) = 16 s" in (
        ended.explanation
    )
    assert attempt(PASSWORD) == "signed in"


def test_it_keeps_the_count_through_many_refused_attempts_in_a_long_lock(idp, clock):
    pool_id, attempt = lockout_pool(idp)
    attempt(PASSWORD)
    clock.forward(1)
    counted_failures(attempt, clock, 9)
    assert attempt("Wrong-Pass-123") == "Incorrect username or password."  # 10th: 32 s
    for _ in range(100):
        clock.forward(0.1)
        attempt("Wrong-Pass-123")
    events = page_one(pool_id)
    with recording_calls() as calls:
        diagnosis = diagnosis_of(pool_id, "ann", events=events, now=clock.at)
    assert calls.count("AdminListUserAuthEvents") == 2  # 111 events
    found = finding(diagnosis, "locked_out")
    assert found.severity == BLOCKS and "10 failed password attempts in a row" in found.explanation
    assert "100 attempts were refused during the lock" in found.explanation
    assert attempt(PASSWORD) == "Password attempts exceeded"


def test_it_says_when_the_history_read_does_not_reach_the_start(idp, clock):
    pool_id, attempt = lockout_pool(idp)
    attempt(PASSWORD)
    clock.forward(1)
    counted_failures(attempt, clock, 9)
    attempt("Wrong-Pass-123")  # the 10th: a 32 s lock, then 190 refused attempts
    for _ in range(190):
        clock.forward(0.01)
        attempt("Wrong-Pass-123")
    events = page_one(pool_id)
    with recording_calls() as calls:
        diagnosis = diagnosis_of(pool_id, "ann", events=events, now=clock.at)
    assert calls.count("AdminListUserAuthEvents") == 3  # at most
    found = finding(diagnosis, "locked_out")
    assert found.severity == RISK
    assert "does not reach the start of this run of failures" in found.explanation
    assert "may still refuse the right password" in found.explanation
    # The 180 events read are all refused attempts: no count is claimed for them.
    assert "180 failed sign-ins refused before the password was checked" in found.explanation
    assert "at least 0" not in found.explanation
    assert "it does not reach the start of this run of failures" in diagnosis.checked[-1]
    assert diagnosis.verdict.startswith("ann may be locked out: the sign-in history read")
    assert attempt(PASSWORD) == "Password attempts exceeded"


def test_it_cannot_check_the_lock_when_reading_more_history_fails(idp, clock, faults):
    pool_id, attempt = lockout_pool(idp)
    attempt(PASSWORD)
    clock.forward(1)
    counted_failures(attempt, clock, 5)
    for _ in range(20):
        attempt("Wrong-Pass-123")
        clock.forward(0.01)
    events = page_one(pool_id)
    faults.set("AdminListUserAuthEvents", "aws:400:NotAuthorizedException:No history reads.")
    diagnosis = diagnosis_of(pool_id, "ann", events=events, now=clock.at)
    checks = {u.check: u for u in diagnosis.unchecked}
    assert checks["Recent sign-ins"].failed
    assert "No history reads." in checks["Recent sign-ins"].details
    assert "locked_out" not in diagnosis.codes()
