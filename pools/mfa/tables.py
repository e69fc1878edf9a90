"""The MFA section's table: one row a factor (pools.mfa.services.Factor)."""

import django_tables2 as tables


class FactorTable(tables.Table):
    name = tables.Column(verbose_name="Factor", orderable=False)
    on = tables.Column(verbose_name="On", orderable=False, empty_values=())
    detail = tables.Column(verbose_name="Settings", orderable=False, default="")
    problem = tables.Column(verbose_name="Note", orderable=False, default="")

    def render_on(self, value):
        """On, Off, or a dash for a row that has no on or off (the passkey settings)."""
        return "—" if value is None else ("On" if value else "Off")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "mfa-factors"}
        orderable = False
