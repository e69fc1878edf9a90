"""One shape for every feature (issue 11): an app per pool tab, each with the same
files, and views thin enough to read at a glance."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: One Django app per pool tab, nested under pools/ and users/.
TAB_APPS = [
    "pools",
    "pools/clients",
    "pools/imports",
    "pools/mfa",
    "pools/threats",
    "pools/signin",
    "pools/providers",
    "pools/domain",
    "pools/logdelivery",
    "pools/resourceservers",
    "pools/history",
    "users",
    "users/groups",
    "users/invitations",
    "users/search",
    "users/reports",
]
#: Apps outside the pool tabs with the same shape: the Staff page.
OTHER_APPS = ["console/staff", "console/connections", "pools/compare"]
SAME_FILES = ["urls.py", "views.py", "forms.py", "tables.py", "services.py"]
#: "Views are thin: bind a form, call one service, render. About 40 lines at most."
MAX_VIEW_LINES = 40


@pytest.mark.parametrize("app", [*TAB_APPS, *OTHER_APPS])
def test_it_gives_every_tab_app_the_same_files(app):
    missing = [name for name in SAME_FILES if not (ROOT / app / name).is_file()]
    assert not missing, f"{app} lacks {missing}"


def _functions(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.end_lineno - node.lineno + 1


def test_it_keeps_every_view_function_short():
    long = [
        f"{path.relative_to(ROOT)}:{name} ({lines} lines)"
        for app in [*TAB_APPS, *OTHER_APPS, "console"]
        for path in [ROOT / app / "views.py"]
        if path.is_file()
        for name, lines in _functions(path)
        if lines > MAX_VIEW_LINES
    ]
    assert not long, "\n".join(long)


def test_it_finds_a_long_function(tmp_path):
    """The check itself: a 41-line function is found."""
    body = "\n".join(f"    x{i} = {i}" for i in range(40))
    path = tmp_path / "views.py"
    path.write_text(f"def view(request):\n{body}\n")
    assert dict(_functions(path)) == {"view": 41}
