"""CSV export: GetCSVHeader's columns, streamed, neutralised, with a full variant."""

import tracemalloc

from django.http import StreamingHttpResponse

from users.export import csv_cell, export_rows

from .conftest import add_user


def read(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def test_it_exports_the_import_columns_for_the_filter(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann", "ann@example.com", custom__tenant_id="t,1")
    add_user(idp, users_pool, "bob", "bob@example.org")
    response = viewer_client.get(
        f"/pools/{users_pool}/users/export/?attribute=email&match=prefix&value=ann"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = read(response).splitlines()
    header = idp.get_csv_header(UserPoolId=users_pool)["CSVHeader"]
    assert lines[0] == ",".join(header)
    assert len(lines) == 2
    row = dict(zip(header, lines[1].replace("\\,", "\0").split(","), strict=True))
    assert row["cognito:username"] == "ann" and row["email"] == "ann@example.com"
    assert row["custom:tenant_id"] == "t\0" + "1"  # the comma escaped with a backslash
    assert row["cognito:mfa_enabled"] == "false"


def test_it_adds_status_dates_and_groups_to_the_full_export(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann")
    add_user(idp, users_pool, "bob")
    idp.admin_disable_user(UserPoolId=users_pool, Username="bob")
    for group, precedence in (("admins", 0), ("support", 5)):
        idp.create_group(UserPoolId=users_pool, GroupName=group, Precedence=precedence)
        idp.admin_add_user_to_group(UserPoolId=users_pool, Username="ann", GroupName=group)
    lines = read(viewer_client.get(f"/pools/{users_pool}/users/export/?full=1")).splitlines()
    header = lines[0].split(",")
    assert header[-5:] == ["status", "enabled", "created", "modified", "groups"]
    rows = {
        line.split(",")[header.index("cognito:username")]: line.split(",") for line in lines[1:]
    }
    assert rows["ann"][-1] == "admins;support" and rows["ann"][-4] == "true"
    assert rows["bob"][-4] == "false" and rows["bob"][-5] == "FORCE_CHANGE_PASSWORD"
    assert rows["ann"][-3].endswith("Z")


def test_it_neutralises_formulas_but_keeps_phone_numbers():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert csv_cell("-1+2") == "'-1+2"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("+12065551212") == "+12065551212"
    assert csv_cell("-42") == "-42"
    assert csv_cell("a,b\nc") == "a\\,b c"


def test_it_neutralises_hostile_attribute_values(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "=evil", name="=1+2", family_name="@x")
    text = read(viewer_client.get(f"/pools/{users_pool}/users/export/"))
    assert "'=evil" in text and "'=1+2" in text and "'@x" in text


def test_it_streams_in_constant_memory(idp, users_pool, db):
    for i in range(150):
        add_user(idp, users_pool, f"user{i:03d}", f"user{i:03d}@example.com")
    rows = export_rows(pool_id=users_pool, filter_text="", full=False)
    next(rows)
    tracemalloc.start()
    count, peak_after_first_page = 0, None
    for _ in rows:
        count += 1
        if count == 70:
            peak_after_first_page = tracemalloc.get_traced_memory()[1]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 150
    # Reading pages 2 and 3 costs about what one page costs: nothing accumulates.
    assert peak < peak_after_first_page * 1.5


def test_it_shows_an_error_before_the_first_line_as_a_page(viewer_client, users_pool, faults):
    faults.set("GetCSVHeader", "error")
    response = viewer_client.get(f"/pools/{users_pool}/users/export/")
    assert response.status_code == 503


def test_it_writes_dates_as_the_import_wants_them(viewer_client, idp, users_pool):
    add_user(idp, users_pool, "ann", birthdate="1985-02-01", updated_at="1700000000")
    lines = read(viewer_client.get(f"/pools/{users_pool}/users/export/")).splitlines()
    row = dict(zip(lines[0].split(","), lines[1].split(","), strict=True))
    assert row["birthdate"] == "02/01/1985"  # not 1985-02-01, which the import refuses
    assert row["updated_at"] == "1700000000"


def test_it_never_shifts_the_row_for_a_trailing_backslash():
    assert csv_cell("ends\\") == "ends\\\\"
    assert csv_cell("x,=1+2") == "x\\,'=1+2"  # the cell a spreadsheet sees after the comma
    assert csv_cell("a\\b") == "a\\b"
