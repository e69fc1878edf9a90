"""The history's tables: the pool's snapshots (with the two radio buttons of the diff
form), and the rows of a diff (pools.history.diff.Row), which Compare shares."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from console.tables import TimeColumn

from .diff import CHANGED, ONLY_A, ONLY_B, SAME

#: The history's words for a row's state (the older snapshot is A).
HISTORY_WORDS = {SAME: "same", CHANGED: "changed", ONLY_A: "removed", ONLY_B: "added"}
_BADGE = {
    SAME: "text-bg-light",
    CHANGED: "text-bg-warning",
    ONLY_A: "text-bg-danger",
    ONLY_B: "text-bg-success",
}


class SnapshotTable(tables.Table):
    """The pool's snapshots, newest first: the diff form's From and To radio buttons
    (`default_a`, `default_b` checked), when, why, who and what, and a link to the
    changes since the snapshot before."""

    pick_a = tables.Column(verbose_name="From", empty_values=(), orderable=False)
    pick_b = tables.Column(verbose_name="To", empty_values=(), orderable=False)
    taken = TimeColumn(verbose_name="Taken (UTC)", format="Y-m-d H:i:s")
    reason = tables.Column(verbose_name="Why", orderable=False)
    who = tables.Column(verbose_name="Who and what", empty_values=(), orderable=False)
    changes = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "snapshot-table"}
        empty_text = (
            "No snapshot yet: the first is taken after the console's next change to this "
            "pool, or at the next daily read."
        )

    def __init__(self, data, *, pool_id: str, default_a=None, default_b=None, **kwargs):
        self.pool_id, self.default_a, self.default_b = pool_id, default_a, default_b
        rows = list(data)
        self.before = {s.pk: rows[i + 1].pk for i, s in enumerate(rows[:-1])}
        super().__init__(rows, **kwargs)

    def _radio(self, name: str, record, default) -> str:
        return format_html(
            '<input class="form-check-input" type="radio" name="{}" value="{}" '
            'aria-label="{} snapshot {}"{}>',
            name,
            record.pk,
            "From" if name == "a" else "To",
            record.pk,
            " checked" if record.pk == default else "",
        )

    def render_pick_a(self, record):
        return self._radio("a", record, self.default_a)

    def render_pick_b(self, record):
        return self._radio("b", record, self.default_b)

    def render_reason(self, record):
        outside = (
            format_html(
                ' <span class="badge text-bg-danger">{}</span>', "changed outside the console"
            )
            if record.outside
            else ""
        )
        return format_html("{}{}", record.get_reason_display(), outside)

    def render_who(self, record):
        events = list(record.events or ())
        if not events:
            return format_html('<span class="text-body-secondary">{}</span>', "—")
        return format_html_join(
            "",
            '<div><span class="font-monospace-sm">{}</span> {} '
            '<span class="small text-body-secondary">{}</span></div>',
            (
                (
                    e.get("action", ""),
                    e.get("staff_username") or "(no staff member)",
                    e.get("target", ""),
                )
                for e in events
            ),
        )

    def render_changes(self, record):
        before = self.before.get(record.pk)
        if before is None:
            return ""
        url = reverse("history:diff", args=[self.pool_id])
        return format_html('<a href="{}?a={}&amp;b={}">Changes</a>', url, before, record.pk)


class RowTable(tables.Table):
    """The rows of two configuration documents (pools.history.diff.Row): section, item,
    setting (label and path), the two values and the state, a differing row marked.
    `words` names the states; `a_name` and `b_name` head the value columns."""

    section = tables.Column(accessor="section_words", verbose_name="Part", orderable=False)
    item = tables.Column(verbose_name="Name", orderable=False, empty_values=())
    setting = tables.Column(accessor="label", verbose_name="Setting", orderable=False)
    a = tables.Column(accessor="a_text", verbose_name="A", orderable=False, empty_values=())
    b = tables.Column(accessor="b_text", verbose_name="B", orderable=False, empty_values=())
    state = tables.Column(verbose_name="", orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle diff-table", "id": "diff-table"}
        row_attrs = {
            "class": lambda record: "table-warning" if record.differs else "",
            "data-state": lambda record: record.state,
        }
        empty_text = "No difference."

    def __init__(self, *args, words=HISTORY_WORDS, a_name="A", b_name="B", **kwargs):
        self.words = words
        super().__init__(*args, **kwargs)
        self.columns["a"].column.verbose_name = a_name
        self.columns["b"].column.verbose_name = b_name

    def render_item(self, value):
        return value or "—"

    def render_setting(self, record, value):
        path = record.dotted
        if not path or path == value:
            return value
        return format_html(
            '{}<div class="small font-monospace-sm text-body-secondary">{}</div>', value, path
        )

    def render_a(self, value):
        return format_html('<span class="text-break">{}</span>', value)

    def render_b(self, value):
        return format_html('<span class="text-break">{}</span>', value)

    def render_state(self, record):
        return format_html(
            '<span class="badge {}">{}</span>', _BADGE[record.state], self.words[record.state]
        )
