"""The Sign-in tab's landing page (feature plan, sign-in), its Lambda triggers, and
their section edits (Admins), each the pool's reviewed edit over UpdateUserPool."""

from django.shortcuts import render
from django.urls import reverse

from console.roles import ADMIN, VIEWER, require_role
from console.shortcuts import pool_or_404
from pools.pool_settings import ThreatProtection
from pools.views import section_edit_response

from . import services
from .forms import SECTION_FORMS, TriggersForm
from .tables import FactorTable, FeatureTable, TriggerTable

#: The heading of each section's edit page: signin:edit's sections and "triggers".
HEADINGS = {
    "plan": "Edit the feature plan",
    "sign-in": "Edit the sign-in factors",
    "triggers": "Edit the Lambda triggers",
}
#: What saving any of them sends.
INTRO = (
    "Saving sends UpdateUserPool with the pool's whole configuration and your changes, so "
    "nothing else is reset; you will see the differences first."
)


@require_role(VIEWER)
def overview(request, pool_id):
    pool = pool_or_404(pool_id, fresh=True)
    view = services.signin_overview(pool)
    context = {"pool": pool, "tab": "signin", "section": "overview", "view": view}
    context.update(features=FeatureTable(view.features), factors=FactorTable(view.factors))
    return render(request, "pools/signin/overview.html", context)


@require_role(VIEWER)
def triggers(request, pool_id):
    pool = pool_or_404(pool_id, fresh=True)
    table = TriggerTable(services.trigger_rows(pool))
    context = {"pool": pool, "tab": "signin", "section": "triggers", "table": table}
    return render(request, "pools/signin/triggers.html", context)


def _section_edit(request, pool, form_class, section, *, action, back):
    """The reviewed edit of one section (a view's body, shared by edit and triggers_edit)."""
    post = request.POST if request.method == "POST" else None
    form = form_class(post, pool=pool)
    edit = services.edit_section(pool, form, post)
    return section_edit_response(
        request,
        edit,
        pool=pool,
        section=back[0],
        heading=HEADINGS[section],
        intro=INTRO,
        notes=[
            *services.section_notes(form, ThreatProtection.of(pool.raw).plan),
            *form.extra_notes(),
        ],
        action=action,
        cancel=back[1],
        saved="The pool's settings were saved.",
        what=f"user pool “{pool.name}”",
    )


@require_role(ADMIN)
def edit(request, pool_id, section):
    form_class = SECTION_FORMS[section]  # the URL names the sections (urls.py)
    pool = pool_or_404(pool_id, fresh=True)
    action = reverse("signin:edit", kwargs={"pool_id": pool_id, "section": section})
    back = ("overview", reverse("signin:overview", args=[pool_id]))
    return _section_edit(request, pool, form_class, section, action=action, back=back)


@require_role(ADMIN)
def triggers_edit(request, pool_id):
    pool = pool_or_404(pool_id, fresh=True)
    action = reverse("signin:triggers_edit", args=[pool_id])
    back = ("triggers", reverse("signin:triggers", args=[pool_id]))
    return _section_edit(request, pool, TriggersForm, "triggers", action=action, back=back)
