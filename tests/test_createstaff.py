from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from console.roles import role_of


def authenticate(*, username, password):
    user = get_user_model().objects.get(username=username)
    return user if user.check_password(password) else None


def test_it_creates_a_staff_account_with_a_role(db):
    out = StringIO()
    call_command(
        "createstaff", "sam", "--role", "Operator", "--password", "a-Good-pass-9", stdout=out
    )
    user = authenticate(username="sam", password="a-Good-pass-9")
    assert user is not None
    assert role_of(user) == "Operator"


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


def test_it_refuses_an_unknown_role(db):
    with pytest.raises(CommandError):
        call_command("createstaff", "x", "--role", "Root")
