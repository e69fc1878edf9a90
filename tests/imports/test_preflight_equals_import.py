"""The pre-flight knows every rule the import job applies (issue 10, section 4).

A generated corpus: rows drawn from each rule of the import job (username present,
valid and unique, ignoring case where the pool does; cognito:mfa_enabled against the
pool's MFA setting; the verified flags against the pool's auto-verified attributes;
email, phone, birthdate and updated_at formats; required attributes; custom String
length and Number range; spaces around values; escaped commas; the value rules both
share, console.cognito.attribute_values: phone numbers of 2 to 16 digits, email
addresses without a domain dot or with non-ASCII, impossible dates, updated_at with
other scripts' digits, leading zeros or past 2^31 - 1, control characters, values in
double quotes), written into pools with different settings. Each file is pre-flighted
and, unchanged, imported by the embedded backend's import job. For every row, the
pre-flight's verdict (valid or not) equals the job's outcome (SUCCEEDED or not).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import pytest

from console.cognito import CognitoError
from console.cognito.imports import (
    import_csv_header,
    import_job_create,
    import_job_start,
    import_log_events,
    import_upload,
    wait_for_terminal,
)
from console.cognito.pools import pool_get
from console.emulator import addon
from pools.imports.csvcheck import Checker, PoolRules

from .conftest import ROLE_ARN

ROWS_PER_POOL = 90


@dataclass(frozen=True)
class Settings:
    case_sensitive: bool
    auto_verified: tuple[str, ...]
    mfa: str
    required: tuple[str, ...] = ()


POOLS = [
    Settings(True, ("email",), "OFF"),
    Settings(False, ("email",), "OFF", ("name",)),
    Settings(True, ("phone_number",), "OPTIONAL"),
    Settings(False, ("phone_number",), "ON", ("email",)),
    Settings(True, ("email", "phone_number"), "OPTIONAL", ("name",)),
    Settings(False, ("email", "phone_number"), "ON"),
    Settings(True, ("email", "phone_number"), "ON", ("email", "name")),
    Settings(False, ("email", "phone_number"), "OFF", ("email",)),
    Settings(False, ("email",), "OPTIONAL"),
]


def _create_pool(idp, settings: Settings, index: int) -> str:
    schema = [
        {"Name": "email", "AttributeDataType": "String", "Mutable": True},
        {"Name": "name", "AttributeDataType": "String", "Mutable": True},
        {
            "Name": "tenant",
            "AttributeDataType": "String",
            "Mutable": True,
            "StringAttributeConstraints": {"MinLength": "2", "MaxLength": "5"},
        },
        {
            "Name": "level",
            "AttributeDataType": "Number",
            "Mutable": True,
            "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "10"},
        },
    ]
    for attribute in schema:
        if attribute["Name"] in settings.required:
            attribute["Required"] = True
    params = {
        "PoolName": f"Corpus {index}",
        "Schema": schema,
        "MfaConfiguration": settings.mfa,
        "UsernameConfiguration": {"CaseSensitive": settings.case_sensitive},
    }
    if settings.auto_verified:
        params["AutoVerifiedAttributes"] = list(settings.auto_verified)
    return idp.create_user_pool(**params)["UserPool"]["Id"]


# Each rule of the job as a field and the values to draw for it: some always valid,
# some never, some valid or not by the pool's settings (MFA, auto-verified, required).
MUTATIONS: dict[str, list[str]] = {
    "cognito:username": ["", "user one", " spaced ", "zoë/ü", "Casey.Dup", "x" * 129],
    "cognito:mfa_enabled": ["true", "false", "TRUE", "yes", " false ", ""],
    "email": [
        "",
        "not-an-email",
        " a@example.com ",
        "a@b",
        "a@b.c",
        "zoë@example.org",
        "a..b@example.com",
        '"a"@example.com',
        "o'brien+x@example.co.uk",
    ],
    "phone_number": [
        "",
        "555 1234",
        "12065551212",
        " +12065550000 ",
        "+12",
        "+123456",
        "+1234567",
        "+123456789012345",
        "+1234567890123456",
        "+0123456789",
        "+" + "".join(chr(0x0660 + int(d)) for d in "12065551212"),
    ],
    "email_verified": ["", "false", "true", "TRUE", "maybe"],
    "phone_number_verified": ["", "false", "true", "True", "yes"],
    "name": [
        "",
        " Ann ",
        "Ann",
        "Ann\x00",
        "A\x1fnn",
        "Ann\x85",
        "Ann\u2028B",
        "A\tnn",
        '"Ann"',
        ' "Ann',
        'Ann "A" B',
        'Ann"',
    ],
    "custom:tenant": ["", "a", "ab", "abcde", "abcdef", "  ab  "],
    "custom:level": ["", "0", "10", "-1", "11", "x", "5.5"],
    "birthdate": [
        "",
        "04/23/1990",
        "1990-04-23",
        "13/01/1990",
        "02/30/1990",
        "02/29/2023",
        "02/29/2024",
        "04/31/1990",
        "01/01/0000",
        "4/23/1990",
    ],
    "updated_at": [
        "",
        "1700000000",
        "2024-01-01",
        "0",
        "0017",
        "-1",
        "2147483647",
        "2147483648",
        "\uff11\uff17" + "\uff10" * 8,
        "\u0661\u0667" + "\u0660" * 8,
    ],
    "address": ["", "1 Main St\\, Springfield"],
}


def _base_row(rng: random.Random, i: int, settings: Settings) -> dict[str, str]:
    """A row the job imports into a pool with `settings`."""
    mfa = {"OFF": "false", "ON": "true"}.get(settings.mfa) or rng.choice(["true", "false"])
    return {
        "cognito:username": rng.choice([f"user{i}", f"Casey.{i}", f"zoë/{i}"]),
        "cognito:mfa_enabled": mfa,
        "email": f"user{i}@example.com",
        "phone_number": f"+1206555{i:04d}",
        "email_verified": "true" if "email" in settings.auto_verified else rng.choice(["", "true"]),
        "phone_number_verified": (
            "true" if "phone_number" in settings.auto_verified else rng.choice(["", "false"])
        ),
        "name": "Ann",
        "custom:tenant": rng.choice(["", "abc"]),
        "custom:level": rng.choice(["", "5"]),
        "birthdate": rng.choice(["", "02/01/1985"]),
        "updated_at": rng.choice(["", "1700000000"]),
        "address": "",
    }


def corpus_rows(rng: random.Random, count: int, settings: Settings) -> list[dict[str, str]]:
    """Rows as they appear in the file (escaped, spaces and all): each a valid row with
    0 to 2 rules drawn and broken (or kept), or an earlier row again with its username
    in another case (a duplicate in a case-insensitive pool, a new user otherwise)."""
    rows: list[dict[str, str]] = []
    for i in range(count):
        if rows and rng.random() < 0.2:
            earlier = rng.choice(rows)
            name = earlier["cognito:username"].strip() or f"user{i}"
            variant = rng.choice([name, name.swapcase(), name.upper(), name.lower()])
            rows.append({**earlier, "cognito:username": variant})
            continue
        row = _base_row(rng, i, settings)
        for column in rng.sample(sorted(MUTATIONS), rng.choice([0, 1, 1, 1, 2])):
            row[column] = rng.choice(MUTATIONS[column])
        rows.append(row)
    return rows


def _file(header: list[str], rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(header)] + [",".join(r.get(c, "") for c in header) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _preflight_invalid_lines(rules: PoolRules, data: bytes) -> tuple[set[int], dict]:
    checker = Checker(rules, max_problems=10**6)
    report = checker.run(io.BytesIO(data))
    assert not report.fatal, report.fatal
    bad = {p.line for p in report.problems if p.severity == "error"}
    reasons: dict[int, list[str]] = {}
    for p in report.problems:
        reasons.setdefault(p.line, []).append(str(p))
    return bad, reasons


def _job_failed_lines(pool_id: str, data: bytes, rows: int) -> tuple[set[int], dict]:
    job = import_job_create(pool_id=pool_id, name="corpus", role_arn=ROLE_ARN)
    import_upload(pool_id=pool_id, job=job, file=io.BytesIO(data), size=len(data))
    import_job_start(pool_id=pool_id, job_id=job.id)
    done = wait_for_terminal(pool_id=pool_id, job_id=job.id, timeout=60)
    assert done.imported + done.skipped + done.failed == rows, done
    pool = pool_get(pool_id=pool_id)
    logs = import_log_events(
        pool_id=pool_id, pool_name=pool.name, job_id=job.id, job_name=job.name, max_rows=10**5
    )
    assert not logs.reason, logs.reason
    bad = {row.line for row in logs.rows}
    assert len(bad) == done.skipped + done.failed
    return bad, {row.line: f"{row.outcome} {row.message}" for row in logs.rows}


def test_it_the_preflight_verdict_equals_the_import_job_outcome_for_every_row(idp, db, monkeypatch):
    monkeypatch.setattr(addon, "PENDING_SECONDS", 0.0)
    monkeypatch.setattr(addon, "BATCH_PAUSE_SECONDS", 0.0)
    rng = random.Random(10)
    mismatches = []
    total = 0
    drawn: set[tuple[str, str]] = set()
    for index, settings in enumerate(POOLS):
        pool_id = _create_pool(idp, settings, index)
        header = import_csv_header(pool_id=pool_id)
        rules = PoolRules.for_pool(pool_get(pool_id=pool_id), header)
        assert rules.case_sensitive == settings.case_sensitive
        assert set(rules.auto_verified) == set(settings.auto_verified)
        rows = corpus_rows(rng, ROWS_PER_POOL, settings)
        drawn |= {(column, value) for row in rows for column, value in row.items()}
        data = _file(header, rows)
        refused, reasons = _preflight_invalid_lines(rules, data)
        failed, outcomes = _job_failed_lines(pool_id, data, len(rows))
        total += len(rows)
        for line in range(2, len(rows) + 2):
            if (line in refused) != (line in failed):
                mismatches.append(
                    (settings, line, rows[line - 2], reasons.get(line), outcomes.get(line))
                )
        # the corpus exercises both verdicts in every pool
        assert refused and len(refused) < len(rows), (settings, len(refused))
    assert total == len(POOLS) * ROWS_PER_POOL
    # every value of every rule is in the corpus at least once
    missing = [(c, v) for c, values in MUTATIONS.items() for v in values if (c, v) not in drawn]
    assert not missing, missing
    assert not mismatches, "\n".join(map(repr, mismatches[:10]))


@pytest.mark.parametrize("case_sensitive", [True, False])
def test_it_a_pool_without_auto_verified_attributes_is_refused_by_both(idp, db, case_sensitive):
    settings = Settings(case_sensitive, (), "OFF")
    pool_id = _create_pool(idp, settings, 99)
    header = import_csv_header(pool_id=pool_id)
    rules = PoolRules.for_pool(pool_get(pool_id=pool_id), header)
    data = _file(header, corpus_rows(random.Random(1), 5, settings))
    report = Checker(rules).run(io.BytesIO(data))
    assert "no auto-verified attribute" in report.fatal and not report.problems
    job = import_job_create(pool_id=pool_id, name="blocked", role_arn=ROLE_ARN)
    import_upload(pool_id=pool_id, job=job, file=io.BytesIO(data), size=len(data))
    with pytest.raises(CognitoError):
        import_job_start(pool_id=pool_id, job_id=job.id)
