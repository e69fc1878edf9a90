"""`manage.py createstaff`: staff accounts from the command line, every password through
Django's password validators, each change an audit event."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from console import signin
from console.models import AuditEvent
from console.roles import role_of
from tests.conftest import make_staff


def authenticate(*, username, password):
    user = get_user_model().objects.get(username=username)
    return user if user.check_password(password) else None


def _events():
    return list(AuditEvent.objects.order_by("id").values_list("action", "target_id", "parameters"))


def test_it_creates_a_staff_account_with_a_role_and_audits_it(db):
    out = StringIO()
    call_command(
        "createstaff", "sam", "--role", "Operator", "--password", "a-Good-pass-9", stdout=out
    )
    user = authenticate(username="sam", password="a-Good-pass-9")
    assert user is not None
    assert role_of(user) == "Operator"
    assert _events() == [
        ("StaffCreate", "sam", {"role": "Operator", "email": "", "via": "createstaff"})
    ]
    event = AuditEvent.objects.get()
    assert (event.outcome, event.target_type, event.staff_user, event.staff_username) == (
        "succeeded",
        "staff",
        None,
        "",
    )


def test_it_prints_a_generated_password_and_changes_roles(db):
    out = StringIO()
    call_command("createstaff", "kim", "--role", "Viewer", stdout=out)
    password = out.getvalue().split("Password: ")[1].strip()
    assert authenticate(username="kim", password=password) is not None
    call_command(
        "createstaff", "kim", "--role", "Admin", "--password", "x-Other-pass-1", stdout=StringIO()
    )
    user = authenticate(username="kim", password="x-Other-pass-1")
    assert role_of(user) == "Admin"
    assert list(user.groups.values_list("name", flat=True)) == ["Admin"]
    assert ("StaffChangeRole", "kim", {"from": "Viewer", "to": "Admin", "via": "createstaff"}) in (
        _events()
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short"),
        ("password123", "This password is too common"),
        ("4815162342000", "This password is entirely numeric"),
        ("jordan-smith1", "The password is too similar to the username"),
    ],
)
def test_it_refuses_a_password_the_validators_refuse(db, password, message):
    with pytest.raises(CommandError, match=message):
        call_command("createstaff", "jordan-smith", "--role", "Viewer", "--password", password)
    assert not get_user_model().objects.filter(username="jordan-smith").exists()
    assert _events() == []


def test_it_refuses_a_weak_password_for_an_existing_account_and_changes_nothing(db):
    make_staff("vic", "Viewer")
    with pytest.raises(CommandError, match="too common"):
        call_command("createstaff", "vic", "--role", "Admin", "--password", "password")
    user = authenticate(username="vic", password="pw-for-tests-1")
    assert role_of(user) == "Viewer"
    assert _events() == []


def test_it_generates_passwords_the_validators_accept(db, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 16},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    ]
    out = StringIO()
    call_command("createstaff", "gen", "--role", "Viewer", stdout=out)
    password = out.getvalue().split("Password: ")[1].strip()
    assert len(password) >= 16
    assert authenticate(username="gen", password=password) is not None


def test_it_records_a_reactivation_and_a_new_password(db):
    gone = make_staff("gone", "Operator")
    gone.is_active = False
    gone.save()
    call_command(
        "createstaff",
        "gone",
        "--role",
        "Operator",
        "--password",
        "Back-Again-77",
        stdout=StringIO(),
    )
    assert get_user_model().objects.get(username="gone").is_active
    actions = [action for action, _, _ in _events()]
    assert actions == ["StaffResetPassword", "StaffReactivate"]


def test_it_does_not_demote_the_last_active_admin(db):
    make_staff("boss", "Admin")
    with pytest.raises(CommandError, match="boss is the last active Admin"):
        call_command("createstaff", "boss", "--role", "Viewer", "--password", "Still-Boss-42")
    assert role_of(authenticate(username="boss", password="pw-for-tests-1")) == "Admin"
    make_staff("deputy", "Admin")
    call_command(
        "createstaff", "boss", "--role", "Viewer", "--password", "Now-Viewer-42", stdout=StringIO()
    )
    assert role_of(authenticate(username="boss", password="Now-Viewer-42")) == "Viewer"


def test_it_clears_failed_sign_ins_recorded_for_a_new_username(client, db, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "later", "password": "guess"})
    assert "later" in signin.account_locks(["later"])
    call_command(
        "createstaff",
        "later",
        "--role",
        "Viewer",
        "--password",
        "Fresh-Start-31",
        stdout=StringIO(),
    )
    assert signin.account_locks(["later"]) == {}


def test_it_refuses_a_username_django_refuses(db):
    with pytest.raises(CommandError, match="not valid"):
        call_command("createstaff", "has space", "--role", "Viewer", "--password", "Good-Pass-123")


def test_it_refuses_an_unknown_role(db):
    with pytest.raises(CommandError):
        call_command("createstaff", "x", "--role", "Root")


@pytest.mark.django_db
def test_it_the_demo_refuses_a_weak_admin_password_before_starting_anything(monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match=r"DEMO_ADMIN_PASSWORD: .*too common"):
        call_command("demo", "--port", "1")


@pytest.mark.django_db
def test_it_refuses_a_username_that_differs_only_in_case():
    from django.core.management import CommandError, call_command

    call_command("createstaff", "viewer1", "--role", "Viewer", "--password", "Amber-Falcon-9x")
    with pytest.raises(CommandError, match="'viewer1' already exists"):
        call_command("createstaff", "VIEWER1", "--role", "Admin", "--password", "Amber-Falcon-9x")
