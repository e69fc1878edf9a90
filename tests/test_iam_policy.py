"""The IAM policy in docs/deploy.md grants every operation the console calls (issue 15).

A Cognito operation the service layer calls but the policy does not grant works against
the embedded backend and fails in production with AccessDeniedException. The kind: the
policy is checked against the operations the code sends (the coverage test's reading of
`console/cognito/`), not against a list kept by hand. The `ReadPools` statement alone
must stay enough for a read-only deployment, so it holds only reads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.test_cognito_coverage import (
    called_operations,
    model_operations,
    service_layer_sources,
)

DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy.md"
READS = re.compile(r"^(Describe|List|Get|AdminGet|AdminList)[A-Za-z]*$")
#: Granted though the service layer never sends them, each with the reason.
GRANTED_FOR = {
    "ListTagsForResource": "tags are read with the pool (DescribeUserPool's UserPoolTags)",
    "TagResource": "CreateUserPool and UpdateUserPool with UserPoolTags tag the pool",
    "UntagResource": "UpdateUserPool with fewer UserPoolTags untags the pool",
}


def _policy() -> dict:
    text = DEPLOY.read_text(encoding="utf-8")
    section = text.split("## AWS permissions", 1)[1]
    block = re.search(r"```json\n(.*?)\n```", section, re.DOTALL)
    assert block, "docs/deploy.md's AWS permissions section has no JSON policy"
    return json.loads(block.group(1))


def _granted(statement: dict) -> set[str]:
    actions = statement["Action"]
    actions = [actions] if isinstance(actions, str) else actions
    return {a.split(":", 1)[1] for a in actions if a.startswith("cognito-idp:")}


def _needed() -> set[str]:
    kinds = model_operations()
    called = called_operations(service_layer_sources(), set(kinds))
    return {op for op in called if kinds[op] == "admin"}  # unsigned ones need no IAM


def test_it_grants_every_operation_the_console_calls():
    granted = set().union(*(_granted(s) for s in _policy()["Statement"]))
    missing = sorted(_needed() - granted)
    assert not missing, f"docs/deploy.md's policy lacks: {', '.join(missing)}"


def test_it_grants_nothing_the_console_does_not_call():
    granted = set().union(*(_granted(s) for s in _policy()["Statement"]))
    extra = sorted(granted - _needed() - set(GRANTED_FOR))
    assert not extra, f"docs/deploy.md's policy grants what nothing calls: {', '.join(extra)}"


def test_it_keeps_the_read_statement_to_reads():
    [read] = [s for s in _policy()["Statement"] if s.get("Sid") == "ReadPools"]
    writes = sorted(op for op in _granted(read) if not READS.match(op))
    assert not writes, f"ReadPools grants writes: {', '.join(writes)}"
    reads = {op for op in _needed() if READS.match(op)}
    assert reads <= _granted(read), sorted(reads - _granted(read))
