"""The log delivery section of the Sign-in tab: the page (Viewers) and the reviewed edit
of one event source (Admins, SetLogDeliveryConfiguration)."""

from django.shortcuts import render
from django.urls import reverse

from console.cognito.log_delivery import SOURCE_WORDS
from console.roles import ADMIN, VIEWER, has_role, require_role
from pools.views import section_edit_response

from . import services
from .tables import SourceTable


@require_role(VIEWER)
def log_section(request, pool_id):
    pool, delivery = services.log_page(pool_id)
    can_edit = has_role(request.user, ADMIN)
    table = SourceTable(services.rows(pool, delivery), pool_id=pool.id, can_edit=can_edit)
    context = {"pool": pool, "table": table, "tab": "signin", "section": "logs"}
    return render(request, "pools/logdelivery/section.html", context)


@require_role(ADMIN)
def log_edit(request, pool_id, source):
    pool, delivery = services.log_page(pool_id)
    post = request.POST if request.method == "POST" else None
    form = services.log_form(pool, delivery, source, post)
    edit = services.edit_source(pool, form, post)
    words = SOURCE_WORDS[source]
    return section_edit_response(
        request,
        edit,
        pool=pool,
        section="logs",
        heading=f"Export: {words}",
        intro="Give one destination, or leave every field blank to stop exporting these logs. "
        "The console sends the pool's whole log delivery configuration, the other logs' "
        "destination as it is, and shows you the differences first.",
        notes=[form.note],
        action=reverse("logdelivery:edit", args=[pool_id, source]),
        cancel=reverse("logdelivery:section", args=[pool_id]),
        saved=f"Log delivery of {words.lower()} was saved.",
        what=f"log delivery of user pool “{pool.name}”",
    )
