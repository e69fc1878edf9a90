"""docs/cognito-coverage.md says, for every operation of botocore's cognito-idp model,
whether the console calls it, and the service layer's code is the judge.

The operations the console calls are read from `console/cognito/*.py` with `ast`: the
string literals that reach the operation argument of `transport.call`, `write`,
`list_page` or `every_item`, directly or through a helper whose parameter carries the
operation on (`_membership_write("AdminAddUserToGroup", ...)`, a `Document(operation=
"SetRiskConfiguration", ...)` that `document_update` writes), or through a local name
bound to such literals. Run this file as a script to print the document's rows as the
code has them (`.venv/bin/python tests/test_cognito_coverage.py`).
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import botocore.session

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cognito-coverage.md"
SERVICE_LAYER = ROOT / "console" / "cognito"

#: The transport functions that send an operation, and the position of its name.
SENDERS = {"call": (0, "operation"), "write": (0, "operation"), "list_page": (0, "operation")}
SENDERS["every_item"] = (0, "operation")

STATUSES = ("called", "end-user or app operation", "not yet")
KINDS = ("admin", "end-user or app")


# --- the model ---------------------------------------------------------------------------


def model_operations() -> dict[str, str]:
    """Every cognito-idp operation of the installed botocore: name -> kind. An operation
    botocore's model marks `"authtype": "none"` is sent unsigned (the user's tokens, or
    the app client's ID, authorise it): "end-user or app"; every other is signed with
    SigV4 (IAM credentials): "admin"."""
    model = botocore.session.get_session().get_service_model("cognito-idp")
    return {
        name: "end-user or app" if model.operation_model(name).auth_type == "none" else "admin"
        for name in model.operation_names
    }


# --- the code ----------------------------------------------------------------------------


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _argument(node: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for kw in node.keywords:
        if kw.arg == keyword:
            return kw.value
    if len(node.args) > position and not any(isinstance(a, ast.Starred) for a in node.args):
        return node.args[position]
    return None


def _strings(expr: ast.AST | None) -> set[str]:
    if expr is None:
        return set()
    return {
        n.value for n in ast.walk(expr) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _parameters(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    a = func.args
    return [*a.posonlyargs, *a.args, *a.kwonlyargs]


def _bindings(scope: ast.AST, name: str) -> set[str]:
    """The string literals a local `name` is bound to in `scope` (assignments, for loops,
    comprehensions)."""
    found: set[str] = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found |= _strings(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == name:
                found |= _strings(node.value)
        elif (
            isinstance(node, ast.For | ast.comprehension)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
        ):
            found |= _strings(node.iter)
    return found


@dataclass(frozen=True)
class Site:
    """One place the service layer sends `operation`: the module and its top-level
    function (or class) holding the literal."""

    operation: str
    module: str  # "console/cognito/users.py"
    function: str


def _modules(sources: dict[str, str]) -> dict[str, ast.Module]:
    return {path: ast.parse(text) for path, text in sources.items()}


def _enclosing(tree: ast.Module) -> dict[int, str]:
    """id(node) -> the name of the top-level def/class holding it."""
    owner: dict[int, str] = {}
    for top in tree.body:
        if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for node in ast.walk(top):
                owner[id(node)] = top.name
    return owner


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _class_fields(trees: dict[str, ast.Module]) -> dict[str, list[str]]:
    fields = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                fields[node.name] = [
                    s.target.id
                    for s in node.body
                    if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                ]
    return fields


def _annotation_name(arg: ast.arg) -> str:
    ann = arg.annotation
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        return ann.value.split("|")[0].strip()
    if isinstance(ann, ast.Name):
        return ann.id
    return ""


def _senders(trees: dict[str, ast.Module]) -> dict[str, tuple[int, str]]:
    """SENDERS plus every helper that hands one of its parameters on as the operation
    of a sender (to a fixpoint), and every class whose field a sender is given as the
    operation (`write(document.operation, ...)` makes `Document(operation=...)` one)."""
    senders = dict(SENDERS)
    fields = _class_fields(trees)
    changed = True
    while changed:
        changed = False
        for path, tree in trees.items():
            if path.endswith("/transport.py"):
                continue  # the senders themselves
            for func in _functions(tree):
                params = _parameters(func)
                names = [p.arg for p in params]
                for node in ast.walk(func):
                    if not isinstance(node, ast.Call) or _callee(node) not in senders:
                        continue
                    arg = _argument(node, *senders[_callee(node)])
                    new: tuple[str, tuple[int, str]] | None = None
                    if isinstance(arg, ast.Name) and arg.id in names:
                        position = names.index(arg.id)
                        if func.args.kwonlyargs and arg.id in [a.arg for a in func.args.kwonlyargs]:
                            position = 10_000
                        new = (func.name, (position, arg.id))
                    elif (
                        isinstance(arg, ast.Attribute)
                        and isinstance(arg.value, ast.Name)
                        and arg.value.id in names
                    ):
                        cls = _annotation_name(params[names.index(arg.value.id)])
                        if cls in fields and arg.attr in fields[cls]:
                            new = (cls, (fields[cls].index(arg.attr), arg.attr))
                    if new and new[0] not in senders:
                        senders[new[0]] = new[1]
                        changed = True
    return senders


def called_operations(sources: dict[str, str], operations: set[str]) -> dict[str, set[Site]]:
    """Operation -> the Sites that send it, for the model's `operations`, from the
    service layer's `sources` ({"console/cognito/x.py": text}). A call whose `service=`
    is another AWS service (STS, CloudWatch Logs) does not count."""
    trees = _modules(sources)
    senders = _senders(trees)
    found: dict[str, set[Site]] = defaultdict(set)
    for path, tree in trees.items():
        if path.endswith("/transport.py"):
            continue
        owner = _enclosing(tree)
        scopes = {id(n): f for f in _functions(tree) for n in ast.walk(f)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _callee(node) not in senders:
                continue
            service = _argument(node, 10_000, "service")
            if isinstance(service, ast.Constant) and service.value != "cognito-idp":
                continue
            arg = _argument(node, *senders[_callee(node)])
            if isinstance(arg, ast.Name):
                scope = scopes.get(id(node), tree)
                names = _bindings(scope, arg.id) or _bindings(tree, arg.id)
            else:
                names = _strings(arg) if not isinstance(arg, ast.Attribute) else set()
            for name in names & operations:
                found[name].add(Site(name, path, owner.get(id(node), "<module>")))
    return dict(found)


def service_layer_sources() -> dict[str, str]:
    return {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for p in sorted(SERVICE_LAYER.glob("*.py"))
    }


# --- the document ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int
    text: str
    operation: str
    kind: str
    status: str
    where: str

    def named_sites(self) -> set[tuple[str, str]]:
        """The (module, function) pairs the row names: `console/cognito/x.py` `f`."""
        return set(re.findall(r"`(console/cognito/\w+\.py)` `(\w+)`", self.where))


ROW = re.compile(
    r"^\|\s*`(?P<op>[A-Za-z]+)`\s*\|(?P<kind>[^|]*)\|(?P<status>[^|]*)\|(?P<where>.*)\|\s*$"
)
SUMMARY = re.compile(r"\*\*(\d+) of (\d+) admin operations called\*\*")
SUMMARY_USER = re.compile(r"\*\*(\d+) of (\d+) end-user or app operations called\*\*")


def document_rows(text: str) -> list[Row]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = ROW.match(line)
        if m:
            rows.append(
                Row(
                    number,
                    line,
                    m["op"],
                    m["kind"].strip(),
                    m["status"].strip(),
                    m["where"].strip(),
                )
            )
    return rows


def suggested_row(operation: str, kind: str, sites: set[Site]) -> str:
    """The row as the code has it, for a person to complete (the page for a called
    operation, the reason for one not yet called)."""
    if sites:
        where = "; ".join(f"`{s.module}` `{s.function}`" for s in sorted(sites, key=str))
        return f"| `{operation}` | {kind} | called | {where}; page: ? |"
    status = "not yet" if kind == "admin" else "end-user or app operation"
    return f"| `{operation}` | {kind} | {status} | ? |"


def problems(
    text: str,
    operations: dict[str, str],
    calls: dict[str, set[Site]],
    doc: str = "docs/cognito-coverage.md",
) -> list[str]:
    """What in the document disagrees with the model and the code, each naming the
    document's line to change and how."""
    out: list[str] = []
    rows = document_rows(text)
    seen: dict[str, Row] = {}
    for row in rows:
        kind = operations.get(row.operation)
        sites = calls.get(row.operation, set())
        at = f"{doc}:{row.line}"
        if kind is None:
            out.append(
                f"{at}: `{row.operation}` is not an operation of botocore's model: remove the line"
            )
            continue
        if row.operation in seen:
            out.append(
                f"{at}: `{row.operation}` is listed twice "
                f"(also line {seen[row.operation].line}): remove one"
            )
            continue
        seen[row.operation] = row
        if row.kind != kind:
            out.append(
                f"{at}: `{row.operation}` is an {kind} operation in botocore's model, "
                f"not “{row.kind}”"
            )
        if row.status not in STATUSES:
            out.append(f"{at}: status “{row.status}” is none of {', '.join(STATUSES)}")
        elif sites and row.status != "called":
            out.append(
                f"{at}: the code calls `{row.operation}` ("
                + ", ".join(f"{s.module} {s.function}" for s in sorted(sites, key=str))
                + f"): make the line\n    {suggested_row(row.operation, kind, sites)}"
            )
        elif not sites and row.status == "called":
            out.append(
                f"{at}: the code does not call `{row.operation}`: make the line\n    "
                + suggested_row(row.operation, kind, sites)
            )
        elif not sites and row.status == "end-user or app operation" and kind == "admin":
            out.append(f"{at}: `{row.operation}` is an admin operation: say “not yet” and why")
        elif not sites and row.status == "not yet" and kind != "admin":
            out.append(
                f"{at}: `{row.operation}` is an end-user or app operation: say so, not “not yet”"
            )
        elif sites:
            named = row.named_sites()
            actual = {(s.module, s.function) for s in sites}
            if not named:
                out.append(
                    f"{at}: say where `{row.operation}` is called: "
                    + ", ".join(f"`{m}` `{f}`" for m, f in sorted(actual))
                )
            elif named - actual:
                out.append(
                    f"{at}: `{row.operation}` is not called in "
                    + ", ".join(f"`{m}` `{f}`" for m, f in sorted(named - actual))
                    + "; it is in "
                    + ", ".join(f"`{m}` `{f}`" for m, f in sorted(actual))
                )
        if not row.where.strip(" ?"):
            out.append(f"{at}: `{row.operation}`: say where it is called, or why not")
    for operation in sorted(set(operations) - set(seen)):
        out.append(
            f"{doc}: `{operation}` is missing: add the line\n    "
            + suggested_row(operation, operations[operation], calls.get(operation, set()))
        )
    admin = [op for op, kind in operations.items() if kind == "admin"]
    user = [op for op, kind in operations.items() if kind != "admin"]
    for pattern, group, words in (
        (SUMMARY, admin, "admin operations"),
        (SUMMARY_USER, user, "end-user or app operations"),
    ):
        want = (sum(1 for op in group if op in calls), len(group))
        lines = [
            (n, m) for n, line in enumerate(text.splitlines(), 1) if (m := pattern.search(line))
        ]
        if len(lines) != 1:
            out.append(
                f"{doc}: the summary must say once “**{want[0]} of {want[1]} {words} called**”"
            )
        elif (int(lines[0][1][1]), int(lines[0][1][2])) != want:
            out.append(
                f"{doc}:{lines[0][0]}: the summary must say "
                f"“**{want[0]} of {want[1]} {words} called**”"
            )
    return out


# --- tests -------------------------------------------------------------------------------


def test_it_agrees_with_the_model_and_the_code():
    operations = model_operations()
    calls = called_operations(service_layer_sources(), set(operations))
    found = problems(DOC.read_text(encoding="utf-8"), operations, calls)
    assert not found, "docs/cognito-coverage.md disagrees with the code:\n" + "\n".join(found)


def test_it_finds_operations_sent_directly_through_helpers_and_documents():
    calls = called_operations(service_layer_sources(), set(model_operations()))
    # A literal straight into call(); one through groups._membership_write's parameter;
    # one through imports._job_write; the test sign-in's end-user operations.
    assert ("console/cognito/users.py", "user_get") in {
        (s.module, s.function) for s in calls["AdminGetUser"]
    }
    assert {s.function for s in calls["AdminAddUserToGroup"]} == {"group_add_user"}
    assert "import_job_stop" in {s.function for s in calls["StopUserImportJob"]}
    assert {"InitiateAuth", "RespondToAuthChallenge"} <= set(calls)


def test_it_names_pages_by_url_names_that_exist():
    from django.urls import get_resolver

    names = set()

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, inner)
            elif entry.name:
                names.add(namespace + entry.name)

    walk(get_resolver())
    rows = document_rows(DOC.read_text(encoding="utf-8"))
    unknown = [
        f"docs/cognito-coverage.md:{row.line}: no URL is named `{name}`"
        for row in rows
        for name in re.findall(r"`(\w+:\w+)`", row.where)
        if name not in names
    ]
    assert rows and not unknown, "\n".join(unknown)


SAMPLE = """
from dataclasses import dataclass
from .transport import call, write

@dataclass(frozen=True)
class Document:
    region: str
    operation: str

def document_update(*, document: Document):
    return write(document.operation, region=document.region)

def _send(pool_id, operation, **params):
    return write(operation, region="r", **params)

def _relay(operation: str):
    return _send("p", operation)

def thing_set(*, pool_id):
    return document_update(document=Document("r", operation="SetThing"))

def thing_get(*, pool_id):
    op = "DescribeThing" if pool_id else "GetThing"
    return call(op, region="r")

def thing_both(*, pool_id):
    for name in ("ListThings", "DeleteThing"):
        call(name, region="r")
    _relay("UpdateThing")
    call("GetCallerIdentity", region="r", service="sts")
    call("NotAnOperation", region="r")
"""


def test_it_follows_helpers_local_names_and_classes_in_a_sample():
    ops = {
        "SetThing",
        "DescribeThing",
        "GetThing",
        "ListThings",
        "DeleteThing",
        "UpdateThing",
        "GetCallerIdentity",
    }
    calls = called_operations({"console/cognito/sample.py": SAMPLE}, ops)
    assert {op: {s.function for s in sites} for op, sites in calls.items()} == {
        "SetThing": {"thing_set"},
        "DescribeThing": {"thing_get"},
        "GetThing": {"thing_get"},
        "ListThings": {"thing_both"},
        "DeleteThing": {"thing_both"},
        "UpdateThing": {"thing_both"},
    }


def test_it_names_the_lines_to_change():
    operations = {"ListThings": "admin", "GetThing": "admin", "SignIn": "end-user or app"}
    calls = {"ListThings": {Site("ListThings", "console/cognito/t.py", "thing_list")}}
    text = "\n".join(
        [
            "**0 of 2 admin operations called**, **0 of 1 end-user or app operations called**",
            "| `ListThings` | admin | not yet | no page needs it |",
            "| `GetThing` | admin | called | `console/cognito/t.py` `thing_get`; page: x |",
        ]
    )
    found = problems(text, operations, calls, doc="d.md")
    assert found[0].startswith(
        "d.md:2: the code calls `ListThings` (console/cognito/t.py thing_list)"
    )
    assert (
        "| `ListThings` | admin | called | `console/cognito/t.py` `thing_list`; page: ? |"
        in found[0]
    )
    assert found[1].startswith("d.md:3: the code does not call `GetThing`")
    assert "| `GetThing` | admin | not yet | ? |" in found[1]
    assert found[2].startswith("d.md: `SignIn` is missing")
    assert found[3] == "d.md:1: the summary must say “**1 of 2 admin operations called**”"
    assert len(found) == 4


if __name__ == "__main__":
    ops = model_operations()
    found_calls = called_operations(service_layer_sources(), set(ops))
    for op in sorted(ops):
        sys.stdout.write(suggested_row(op, ops[op], found_calls.get(op, set())) + "\n")
