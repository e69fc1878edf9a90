"""Compare two pools side by side (Viewers, each pool one they may see)."""

from django.shortcuts import render

from console.roles import VIEWER, require_role

from . import services
from .forms import CompareForm
from .tables import CompareTable


@require_role(VIEWER)
def compare_page(request):
    """Pick two pools (GET: a comparison is a URL); both read, every setting side by
    side with the differences marked. A pool the person may not see is a 403."""
    choices = services.pool_choices(request.user)
    asked = {"a", "b"} <= set(request.GET)  # a link with pool A only opens the form
    form = CompareForm(
        request.GET if asked else None, initial=request.GET.dict(), choices=choices.groups
    )
    comparison = services.compare(request.user, form)
    table = None
    if comparison is not None and comparison.ready:
        table = CompareTable(
            comparison.rows, a_name=f"A: {comparison.a.name}", b_name=f"B: {comparison.b.name}"
        )
    context = {"form": form, "choices": choices, "comparison": comparison, "table": table}
    return render(request, "compare/page.html", context, status=400 if form.errors else 200)
