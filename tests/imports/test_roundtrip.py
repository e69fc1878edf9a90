"""Export, pre-flight and import are lossless (issue 10, section 3).

Any user the console's create form accepts is exported in the import format, passes the
console's own pre-flight unchanged (no problem, only notices), and the checked file,
imported by the embedded backend's import job into a pool with the same schema, gives a
user with exactly the same attributes.
"""

from __future__ import annotations

import io
import string
from datetime import date

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from console.cognito.attribute_values import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    UPDATED_AT_MAX,
    is_email,
)
from console.cognito.imports import (
    import_csv_header,
    import_job_create,
    import_job_start,
    import_upload,
    wait_for_terminal,
)
from console.cognito.pools import pool_get
from console.cognito.users import user_create
from console.emulator import addon
from pools.imports.csvcheck import PoolRules, check_file
from tests.exports import exported
from users.forms import CreateUserForm, field_name

from .conftest import ROLE_ARN

# Characters that have broken the round trip or a spreadsheet: the import dialect's
# comma and backslash, quotes, formula starts, a tab, and non-ASCII letters.
TRICKY = ",\\\"'=+-@\t é李Ω😀;|\n"
VALUE = st.text(alphabet=TRICKY + string.ascii_letters + string.digits, min_size=1, max_size=24)
USERNAME = st.text(
    alphabet=",\\\"'=+-@é李;|." + string.ascii_letters + string.digits, min_size=1, max_size=20
)
# Everything the form's value rules take (console.cognito.attribute_values, shared with
# the pre-flight and the import job), and values just outside them, which the form
# must refuse (the test then draws again).
PHONE = st.one_of(
    st.from_regex(PHONE_PATTERN, fullmatch=True),
    st.sampled_from(["+12", "+123456", "+0123456789", "+1234567890123456", "12065551212"]),
)
EMAIL = st.one_of(
    st.from_regex(EMAIL_PATTERN, fullmatch=True).filter(is_email),
    st.from_regex(r"[a-z0-9][a-z0-9.'+_=-]{0,8}@example\.(com|org)", fullmatch=True),
)
BIRTHDATE = st.one_of(
    st.dates(min_value=date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.sampled_from(["1985/02/01", "02/01/1985", "1985-13-01", "1985-02-30", "0000-02-01"]),
)
UPDATED_AT = st.one_of(
    st.integers(min_value=0, max_value=UPDATED_AT_MAX).map(str),
    st.sampled_from(["0017", "-1", str(UPDATED_AT_MAX + 1), "\u0661\u0667\u0660\u0660"]),
)

SCHEMA = [
    {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
    {"Name": "tenant", "AttributeDataType": "String", "Mutable": True},
]


def _pool(idp, name: str) -> str:
    return idp.create_user_pool(PoolName=name, AutoVerifiedAttributes=["email"], Schema=SCHEMA)[
        "UserPool"
    ]["Id"]


def _create(pool_id: str, username: str, attributes: dict[str, str]) -> bool:
    """Create the user as the console's form does; False if the form refuses the values."""
    pool = pool_get(pool_id=pool_id)
    data = {"username": username, "message_action": "SUPPRESS", "email_verified": "on"}
    data.update({field_name(k): v for k, v in attributes.items()})
    form = CreateUserForm(data, pool=pool)
    if not form.is_valid():
        return False
    user_create(
        pool_id=pool_id,
        username=form.cleaned_data["username"],
        attributes=form.cleaned_data["attributes"],
        message_action="SUPPRESS",
        delivery=[],
    )
    return True


def _attributes(idp, pool_id: str, username: str) -> dict[str, str]:
    user = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"] if a["Name"] != "sub"}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    username=USERNAME,
    values=st.fixed_dictionaries(
        {"email": EMAIL},
        optional={
            "name": VALUE,
            "family_name": VALUE,
            "address": VALUE,
            "nickname": VALUE,
            "custom:tenant": VALUE,
            "phone_number": PHONE,
            "birthdate": BIRTHDATE,
            "updated_at": UPDATED_AT,
        },
    ),
)
@example(username="backslash", values={"email": "a@example.com", "name": "ends\\", "nickname": "x"})
@example(username="formula", values={"email": "b@example.com", "name": "x,=1+2", "address": "@a"})
@example(username="=evil", values={"email": "c@example.com", "birthdate": "1985-02-01"})
@example(username="quote", values={"email": "d@example.com", "name": 'Bo"b"', "nickname": "'=x"})
@example(username="phone", values={"email": "=e@example.com", "phone_number": "+1234567"})
@example(username="short", values={"email": "f@example.com", "phone_number": "+12"})
@example(username="local", values={"email": "g@localhost", "updated_at": "2024-01-01"})
@example(username='"quoted"', values={"email": "h@example.com", "name": '"Bob"'})
def test_it_round_trips_every_user_the_console_can_create(
    viewer_client, idp, monkeypatch, username, values
):
    monkeypatch.setattr(addon, "PENDING_SECONDS", 0.0)
    source = _pool(idp, "Round trip source")
    assume(_create(source, username, values))
    before = _attributes(idp, source, username)

    data = exported(viewer_client, source).encode()

    target = _pool(idp, "Round trip target")
    rules = PoolRules.for_pool(pool_get(pool_id=target), import_csv_header(pool_id=target))
    clean = io.BytesIO()
    report, _ = check_file(io.BytesIO(data), rules, clean=clean)
    errors = [str(p) for p in report.problems if p.severity == "error"]
    assert report.ok and report.valid_rows == 1, (report.fatal, errors, data)

    job = import_job_create(pool_id=target, name="round trip", role_arn=ROLE_ARN)
    body = clean.getvalue()
    import_upload(pool_id=target, job=job, file=io.BytesIO(body), size=len(body))
    import_job_start(pool_id=target, job_id=job.id)
    done = wait_for_terminal(pool_id=target, job_id=job.id)
    assert (done.status, done.imported) == ("Succeeded", 1), (done, body)
    assert _attributes(idp, target, username) == before, body
