"""No template syntax reaches a page.

Django's `{# #}` comment is one line only: a comment that runs over two lines is
sent to the browser as text, and one that held `<select>` broke every dropdown of the
users list. The kind is "template source shows on the page": the sources are checked
for multi-line `{# #}`, and every page, opened by GET with real IDs, for leaked tags.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import get_resolver, reverse

from tests.test_get_changes_nothing import QUERIES, things  # noqa: F401 (fixture)
from tests.test_url_access import PUBLIC, _walk

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LEAKED = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")


def test_it_has_no_comment_over_two_lines():
    broken = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert not broken, broken


def test_it_shows_no_template_syntax_on_any_page(admin_client, things):  # noqa: F811
    admin_client.raise_request_exception = False
    leaks, checked = [], 0
    for name, converters in _walk(get_resolver().url_patterns):
        if name.split(":")[-1] in PUBLIC | {"logout"}:
            continue
        url = reverse(name, kwargs={k: things[k] for k in converters})
        for query in QUERIES.get(name, [""]):
            response = admin_client.get(f"{url}?{query}" if query else url)
            if not response["Content-Type"].startswith("text/html"):
                continue
            checked += 1
            # Cognito's own placeholders ({####} the code, {username}) are not template syntax.
            text = response.content.decode().replace("{####}", "")
            found = LEAKED.search(text)
            if found:
                leaks.append((name, text[max(0, found.start() - 40) : found.end() + 60]))
    assert checked > 30
    assert not leaks, "\n".join(map(str, leaks))
