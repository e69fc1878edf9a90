"""The MFA section's table: one row a factor (pools.mfa.services.Factor)."""

import django_tables2 as tables


class FactorTable(tables.Table):
    name = tables.Column(verbose_name="Factor", orderable=False)
    on = tables.BooleanColumn(verbose_name="On", orderable=False, yesno="On,Off")
    detail = tables.Column(verbose_name="Settings", orderable=False, default="")
    problem = tables.Column(verbose_name="Note", orderable=False, default="")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "mfa-factors"}
        orderable = False
