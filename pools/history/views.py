"""A pool's configuration history (Viewers): the snapshots, and the diff of any two."""

from django.shortcuts import render

from console.roles import VIEWER, require_role
from console.shortcuts import pool_or_404

from . import services
from .forms import DiffForm
from .tables import RowTable, SnapshotTable


@require_role(VIEWER)
def history_list(request, pool_id):
    """The pool's snapshots, newest first, with the diff form (GET) over them."""
    pool = pool_or_404(pool_id)
    page = services.history_page(pool_id)
    table = SnapshotTable(
        page.snapshots, pool_id=pool_id, default_a=page.default_a, default_b=page.default_b
    )
    context = {"pool": pool, "page": page, "table": table, "tab": "history"}
    return render(request, "history/list.html", context)


@require_role(VIEWER)
def history_diff(request, pool_id):
    """Every setting that differs between the two snapshots `a` and `b` (GET)."""
    pool = pool_or_404(pool_id)
    form = DiffForm(request.GET or None)
    diff = services.snapshot_diff(pool_id, form)
    table = None
    if diff is not None:
        a_name = f"Before (#{diff.a.pk})"
        table = RowTable(diff.rows, a_name=a_name, b_name=f"After (#{diff.b.pk})")
    context = {"pool": pool, "form": form, "diff": diff, "table": table, "tab": "history"}
    status = 400 if form.errors else 200
    return render(request, "history/diff.html", context, status=status)
