"""Staff sign-in: lock-outs per account, the per-address throttle, trusted browsers, the
client address behind trusted proxies, and the audit of every sign-in (issue 13)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.test.client import RequestFactory
from django.utils import timezone

from console import signin
from console.models import AuditEvent

PASSWORD = "pw-for-tests-1"
ATTACKER = "198.51.100.66"


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def _signed_in(response) -> bool:
    return response.status_code == 302 and not response.headers["Location"].startswith("/login/")


def _fail(client, username, times=1, **extra):
    for _ in range(times):
        response = _sign_in(client, username, "not-the-password", **extra)
    return response


@pytest.mark.django_db
def test_it_locks_an_account_after_repeated_failures_and_audits_it(client, viewer, settings):
    _fail(client, viewer.username, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=ATTACKER)
    response = _sign_in(client, viewer.username, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert b"Sign-in locked" in response.content
    assert b"UTC" in response.content  # until when
    assert "_auth_user_id" not in client.session
    lock = AuditEvent.objects.get(action="StaffSignInLockedOut")
    assert (lock.target_id, lock.ip_address) == (viewer.username, ATTACKER)
    assert lock.parameters["until"]
    # The refused attempt is a failed sign-in for the locked account, not a new lock-out.
    last = AuditEvent.objects.filter(action="StaffSignInFailed").first()
    assert last.error_code == "AccountLocked"
    assert viewer.username in signin.account_locks([viewer.username])


@pytest.mark.django_db
def test_it_made_up_usernames_lock_no_real_account(client, viewer, settings):
    """The attack of the issue: failures on invented names from the shared address."""
    for name in ("admin", "root", "support", "test", "alice"):
        _fail(client, name, settings.AXES_FAILURE_LIMIT)
    assert _signed_in(_sign_in(Client(), viewer.username))
    assert signin.account_locks([viewer.username]) == {}


@pytest.mark.django_db
def test_it_one_locked_account_does_not_lock_another_from_the_same_address(
    client, viewer, operator, settings
):
    _fail(client, viewer.username, settings.AXES_FAILURE_LIMIT)
    assert _sign_in(Client(), viewer.username).status_code == 429
    assert _signed_in(_sign_in(Client(), operator.username))


@pytest.mark.django_db
def test_it_answers_a_made_up_username_as_it_answers_a_real_one(viewer, settings):
    """The lock page does not tell which usernames have an account."""
    real, invented = Client(), Client()
    _fail(real, viewer.username, settings.AXES_FAILURE_LIMIT)
    _fail(invented, "no-such-staff", settings.AXES_FAILURE_LIMIT)
    a = _sign_in(real, viewer.username)
    b = _sign_in(invented, "no-such-staff")
    assert a.status_code == b.status_code == 429

    def page(response, name):
        text = response.content.decode().replace(name, "X")
        text = re.sub(r"\d\d:\d\d:\d\d UTC", "HH:MM:SS UTC", text)  # locked a second apart
        return re.sub(r'"X-CSRFToken": "\w+"', "", text)

    assert page(a, viewer.username) == page(b, "no-such-staff")


@pytest.mark.django_db
def test_it_the_lock_ends_after_the_window(client, viewer, settings):
    _fail(client, viewer.username, settings.AXES_FAILURE_LIMIT)
    ends = signin.account_locks([viewer.username])[viewer.username]
    assert timedelta(minutes=14) < ends - timezone.now() <= settings.AXES_COOLOFF_TIME
    settings.AXES_COOLOFF_TIME = timedelta(seconds=0)
    assert signin.account_locks([viewer.username]) == {}


@pytest.mark.django_db
def test_it_unlock_clears_the_account_lock(client, viewer, settings):
    _fail(client, viewer.username, settings.AXES_FAILURE_LIMIT)
    assert signin.unlock_account(viewer.username) is True
    assert signin.unlock_account(viewer.username) is False
    assert _signed_in(_sign_in(client, viewer.username))


@pytest.mark.django_db
def test_it_throttles_an_address_that_sprays_passwords(viewer, operator, settings):
    settings.SIGNIN_ADDRESS_FAILURES = 8
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for i in range(8):
        _fail(attacker, f"made-up-{i}")
    # Refused without checking, even with the right password of another account...
    response = _sign_in(Client(REMOTE_ADDR=ATTACKER), operator.username)
    assert response.status_code == 429
    assert b"paused" in response.content
    event = AuditEvent.objects.filter(action="StaffSignInFailed").first()
    assert (event.error_code, event.target_id, event.ip_address) == (
        "AddressThrottled",
        operator.username,
        ATTACKER,
    )
    # ...and only that address: everyone else signs in.
    assert _signed_in(_sign_in(Client(REMOTE_ADDR="203.0.113.5"), operator.username))
    assert signin.address_failures(ATTACKER) == 8


@pytest.mark.django_db
def test_it_a_trusted_browser_signs_in_through_a_lock_and_a_throttle(viewer, settings):
    settings.SIGNIN_ADDRESS_FAILURES = 8
    mine = Client(REMOTE_ADDR=ATTACKER)  # same office, same address
    assert _signed_in(_sign_in(mine, viewer.username))
    assert signin.DEVICE_COOKIE in mine.cookies
    mine.post("/logout/")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    _fail(attacker, viewer.username, settings.AXES_FAILURE_LIMIT)
    for i in range(8):
        _fail(attacker, f"made-up-{i}")
    assert _sign_in(Client(REMOTE_ADDR=ATTACKER), viewer.username).status_code == 429
    assert _signed_in(_sign_in(mine, viewer.username))


@pytest.mark.django_db
def test_it_a_trusted_browser_is_trusted_for_its_own_account_only(viewer, operator, settings):
    mine = Client()
    assert _signed_in(_sign_in(mine, viewer.username))
    mine.post("/logout/")
    _fail(Client(), operator.username, settings.AXES_FAILURE_LIMIT)
    assert _sign_in(mine, operator.username).status_code == 429


@pytest.mark.django_db
def test_it_wrong_passwords_end_a_browsers_trust(viewer, settings):
    mine = Client()
    assert _signed_in(_sign_in(mine, viewer.username))
    mine.post("/logout/")
    _fail(Client(), viewer.username, settings.AXES_FAILURE_LIMIT)  # the account is locked
    _fail(mine, viewer.username, settings.AXES_FAILURE_LIMIT)  # guesses through the cookie
    assert _sign_in(mine, viewer.username).status_code == 429
    failed = AuditEvent.objects.filter(action="StaffSignInFailed", parameters__trusted_browser=True)
    assert failed.count() == settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_it_a_forged_or_foreign_device_cookie_is_not_trusted(viewer, settings):
    _fail(Client(), viewer.username, settings.AXES_FAILURE_LIMIT)
    forged = Client()
    forged.cookies[signin.DEVICE_COOKIE] = '{"u": "vera-viewer", "n": "x"}'
    assert _sign_in(forged, viewer.username).status_code == 429


def _request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # off by default: the header is not read
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # a forged entry on the left
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: not through them
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "2001:DB8::1", "2001:db8::1"),
        (1, "203.0.113.9:5555", "203.0.113.9"),  # with a port, as some proxies write it
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "[2001:db8::1]", "2001:db8::1"),
        (1, "203.0.113.9:x:y", "10.0.0.2"),
    ],
)
def test_it_reads_the_client_address_from_the_trusted_proxies(
    settings, proxies, forwarded, expected
):
    settings.CONSOLE_TRUSTED_PROXIES = proxies
    assert signin.client_address(_request(forwarded=forwarded)) == expected


@pytest.mark.django_db
def test_it_a_forged_forwarded_for_neither_dodges_nor_aims_the_throttle(operator, settings):
    settings.CONSOLE_TRUSTED_PROXIES = 1
    settings.SIGNIN_ADDRESS_FAILURES = 6
    victim = "203.0.113.5"
    # The attacker's proxy appends the attacker's real address; the forged part is left.
    for i in range(6):
        _fail(
            Client(REMOTE_ADDR="10.0.0.2"),
            f"made-up-{i}",
            HTTP_X_FORWARDED_FOR=f"{victim}, 192.0.2.{i}, {ATTACKER}",
        )
    assert signin.address_failures(ATTACKER) == 6
    assert signin.address_failures(victim) == 0
    behind_proxy = Client(REMOTE_ADDR="10.0.0.2")
    assert _signed_in(_sign_in(behind_proxy, operator.username, HTTP_X_FORWARDED_FOR=victim))
    refused = _sign_in(
        Client(REMOTE_ADDR="10.0.0.2"), operator.username, HTTP_X_FORWARDED_FOR=ATTACKER
    )
    assert refused.status_code == 429


@pytest.mark.django_db
def test_it_audits_sign_in_and_sign_out_with_the_address(client, viewer):
    assert _signed_in(_sign_in(client, viewer.username, REMOTE_ADDR="203.0.113.5"))
    client.post("/logout/", REMOTE_ADDR="203.0.113.5")
    signed_in = AuditEvent.objects.get(action="StaffSignIn")
    signed_out = AuditEvent.objects.get(action="StaffSignOut")
    for event in (signed_in, signed_out):
        assert event.staff_username == event.target_id == viewer.username
        assert event.ip_address == "203.0.113.5"
        assert event.outcome == "succeeded"
    assert signed_in.parameters == {"method": "password"}


@pytest.mark.django_db
def test_it_audits_a_failed_sign_in_with_the_username_tried(client, viewer):
    _fail(client, "Vera-Viewer", REMOTE_ADDR="203.0.113.5")
    event = AuditEvent.objects.get(action="StaffSignInFailed")
    assert event.target_id == "Vera-Viewer"
    assert event.staff_username == ""
    assert (event.outcome, event.error_code, event.ip_address) == (
        "failed",
        "WrongCredentials",
        "203.0.113.5",
    )
    assert "not-the-password" not in str(event.parameters)


@pytest.mark.django_db
def test_it_forced_sign_ins_without_a_request_are_not_staff_sign_ins(client, viewer):
    client.force_login(viewer)
    client.logout()
    assert not AuditEvent.objects.filter(action__startswith="StaffSign").exists()


@pytest.mark.django_db
def test_it_every_event_of_a_block_carries_its_address():
    from console.audit import audit_context, record_event

    with audit_context(user=None, address="203.0.113.78"):
        record_event(action="Example", outcome="succeeded")
        with audit_context(user=None):  # an inner block keeps the outer address
            record_event(action="Inner", outcome="succeeded")
    assert AuditEvent.objects.get(action="Example").ip_address == "203.0.113.78"
    assert AuditEvent.objects.get(action="Inner").ip_address == "203.0.113.78"
    with audit_context(user=None):
        record_event(action="Outside", outcome="succeeded")
    assert AuditEvent.objects.get(action="Outside").ip_address is None


@pytest.mark.django_db
def test_it_a_sign_in_forgets_earlier_typos(client, viewer, settings):
    _fail(client, viewer.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _signed_in(_sign_in(client, viewer.username))
    client.post("/logout/")
    _fail(Client(), viewer.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _signed_in(_sign_in(Client(), viewer.username))  # not locked: the count restarted


@pytest.mark.django_db
def test_it_a_trusted_sign_in_does_not_lift_an_attackers_lock(viewer, settings):
    mine = Client()
    assert _signed_in(_sign_in(mine, viewer.username))
    mine.post("/logout/")
    _fail(Client(), viewer.username, settings.AXES_FAILURE_LIMIT)
    assert _signed_in(_sign_in(mine, viewer.username))
    assert viewer.username in signin.account_locks([viewer.username])
    assert _sign_in(Client(), viewer.username).status_code == 429
    # The audit says how the lock was passed.
    first, last = AuditEvent.objects.filter(action="StaffSignIn").order_by("id")
    assert "trusted_browser_past_lock" not in first.parameters
    assert last.parameters["trusted_browser_past_lock"] is True


@pytest.mark.django_db
def test_it_a_paused_address_learns_nothing_from_the_password(operator, settings):
    """While the address is paused, a right and a wrong password get the same page, and
    neither is checked (no WrongCredentials event, no failure on the account)."""
    settings.SIGNIN_ADDRESS_FAILURES = 6
    for i in range(6):
        _fail(Client(REMOTE_ADDR=ATTACKER), f"made-up-{i}")
    right = _sign_in(Client(REMOTE_ADDR=ATTACKER), operator.username)
    wrong = _sign_in(Client(REMOTE_ADDR=ATTACKER), operator.username, "not-the-password")

    def page(response):
        return re.sub(r'(X-CSRFToken": "|value=")\w{30,}', "", response.content.decode())

    assert right.status_code == wrong.status_code == 429
    assert page(right) == page(wrong)
    assert b"Wrong username or password" not in wrong.content
    tried = AuditEvent.objects.filter(target_id=operator.username, action="StaffSignInFailed")
    assert set(tried.values_list("error_code", flat=True)) == {"AddressThrottled"}
    assert signin.address_failures(ATTACKER) == 6


@pytest.mark.django_db
def test_it_audits_a_deactivated_account_as_such_but_does_not_say_so(client, viewer):
    viewer.is_active = False
    viewer.save()
    response = _sign_in(client, viewer.username)
    assert b"Wrong username or password. (The password is case-sensitive; the username" in (
        response.content
    )
    assert b"deactivated" not in response.content
    assert AuditEvent.objects.get(action="StaffSignInFailed").error_code == "AccountDeactivated"


@pytest.mark.django_db
def test_it_the_address_pause_survives_colleagues_signing_in_and_unlocks(
    viewer, operator, admin, settings
):
    """Forgetting an account's failures (a sign-in, an Unlock) leaves the address's count."""
    settings.SIGNIN_ADDRESS_FAILURES = 3
    for name in (viewer.username, operator.username, "made-up"):
        _fail(Client(REMOTE_ADDR=ATTACKER), name)
    assert signin.address_throttle_ends(ATTACKER)
    assert _signed_in(_sign_in(Client(REMOTE_ADDR="203.0.113.5"), viewer.username))
    signin.unlock_account(operator.username)
    assert _sign_in(Client(REMOTE_ADDR=ATTACKER), admin.username).status_code == 429
    assert signin.paused_addresses().keys() == {ATTACKER}


@pytest.mark.django_db
def test_it_lifting_a_pause_restarts_the_count_and_is_audited(admin, settings):
    settings.SIGNIN_ADDRESS_FAILURES = 3
    _fail(Client(REMOTE_ADDR=ATTACKER), "made-up", 3)
    assert signin.lift_address_pause(ATTACKER) is True
    assert signin.address_failures(ATTACKER) == 0 and signin.paused_addresses() == {}
    assert _signed_in(_sign_in(Client(REMOTE_ADDR=ATTACKER), admin.username))
    event = AuditEvent.objects.get(action="StaffLiftAddressPause")
    assert (event.target_type, event.target_id, event.parameters["was_paused"]) == (
        "address",
        ATTACKER,
        True,
    )
    _fail(Client(REMOTE_ADDR=ATTACKER), "made-up-again", 3)  # new failures count again
    assert signin.address_throttle_ends(ATTACKER)


@pytest.mark.django_db
def test_it_signs_in_and_locks_a_username_ignoring_case(viewer, settings):
    """Usernames are unique ignoring case (Invite, createstaff), so sign-in ignores case,
    and so does the lock: "VERA-VIEWER" and "vera-viewer" share one."""
    assert _signed_in(_sign_in(Client(), "VERA-Viewer"))
    for spelling in ("VERA-VIEWER", "Vera-Viewer", "vera-VIEWER", "vera-viewer", "VeRa-ViEwEr"):
        _fail(Client(), spelling)
    assert _sign_in(Client(), viewer.username).status_code == 429
    assert viewer.username in signin.account_locks([viewer.username])
    assert signin.unlock_account(viewer.username) is True
    assert _signed_in(_sign_in(Client(), viewer.username))


@pytest.mark.django_db
def test_it_two_old_accounts_differing_in_case_sign_in_by_exact_spelling_only(db):
    from tests.conftest import make_staff

    make_staff("Twin", "Viewer")
    make_staff("twin", "Viewer")
    assert _signed_in(_sign_in(Client(), "Twin")) and _signed_in(_sign_in(Client(), "twin"))
    assert not _signed_in(_sign_in(Client(), "TWIN"))


@pytest.mark.skipif(
    "sqlite" in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="the test run's in-memory SQLite locks whole tables between threads; "
    "CI's PostgreSQL run checks this (a file SQLite waits for its lock: IMMEDIATE mode)",
)
@pytest.mark.django_db(transaction=True)
def test_it_checks_no_more_than_the_limit_when_attempts_arrive_together(settings):
    """Requests sent at the same moment count each other (each takes its row before it
    reads the count): a sprayer gets no extra guesses by sending them in parallel."""
    import threading

    from django.db import connection

    settings.SIGNIN_ADDRESS_FAILURES = 6
    start = threading.Barrier(16)
    codes = []

    def attempt(i):
        try:
            start.wait()
            codes.append(_fail(Client(REMOTE_ADDR=ATTACKER), f"made-up-{i}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = AuditEvent.objects.filter(action="StaffSignInFailed", error_code="WrongCredentials")
    assert len(codes) == 16 and set(codes) <= {200, 429}
    assert checked.count() <= 6
    assert codes.count(429) >= 10
