"""The threat protection section's table: the pool's app clients and whose risk
configuration each uses (pools.threats.services.ClientRisk)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html


class ClientRiskTable(tables.Table):
    name = tables.Column(verbose_name="App client", accessor="client__name", orderable=False)
    client_id = tables.Column(verbose_name="Client ID", accessor="client__id", orderable=False)
    own = tables.Column(verbose_name="Configuration", orderable=False, empty_values=())
    actions = tables.Column(verbose_name="", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "client-risk-table"}
        empty_text = "This pool has no app clients."

    def render_own(self, record):
        if record.problem:
            return f"Could not read: {record.problem}"
        if record.own is None:
            return "Not shown while threat protection is off"
        return "Its own" if record.own else "The pool's"

    def render_actions(self, record):
        if record.own is None:  # threat protection off, or not read: nothing to edit
            return "" if record.problem else "Turn threat protection on to edit"
        ids = {"pool_id": record.pool_id, "client_id": record.client.id}
        edit = reverse("threats:client_edit", kwargs=ids)
        links = format_html('<a href="{}">Edit its configuration</a>', edit)
        if record.own:
            inherit = reverse("threats:client_inherit", kwargs=ids)
            links = format_html('{} · <a href="{}">Use the pool\'s</a>', links, inherit)
        return links
