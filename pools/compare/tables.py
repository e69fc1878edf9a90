"""Compare's table: the rows of two pools' documents side by side (the history's
RowTable with Compare's words for a row's state)."""

from __future__ import annotations

from pools.history.diff import CHANGED, ONLY_A, ONLY_B, SAME
from pools.history.tables import RowTable

#: Compare's words for a row's state.
COMPARE_WORDS = {SAME: "same", CHANGED: "differs", ONLY_A: "only in A", ONLY_B: "only in B"}


class CompareTable(RowTable):
    """Every setting of pool A and pool B (or only the differences), a differing row
    marked; the value columns headed with each pool's name."""

    class Meta(RowTable.Meta):
        attrs = {"class": "table table-sm align-middle diff-table", "id": "compare-table"}
        empty_text = "The two pools are configured alike."

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("words", COMPARE_WORDS)
        super().__init__(*args, **kwargs)
