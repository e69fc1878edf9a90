"""The staff list, and a staff account's grants."""

from datetime import UTC

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from console.templatetags.connections import environment_colour_of


class StaffTable(tables.Table):
    """Staff accounts (services.StaffRow records), sortable by every column but the
    sign-in methods and the actions."""

    username = tables.Column(verbose_name="Username")
    email = tables.Column(verbose_name="Email")
    role = tables.Column(verbose_name="Role", order_by=("role_rank", "username"), empty_values=())
    active = tables.Column(verbose_name="State", order_by=("active", "username"))
    last_login = tables.Column(
        verbose_name="Last sign-in (UTC)", order_by=("last_login_key",), empty_values=()
    )
    sign_in = tables.Column(verbose_name="Signs in by", empty_values=(), orderable=False)
    locked_until = tables.Column(
        verbose_name="Lock", order_by=("locked_key", "username"), empty_values=()
    )
    actions = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "staff-table"}
        empty_text = "No staff account matches."
        order_by = ("username",)

    def render_username(self, record, value):
        badge = ' <span class="badge text-bg-dark">superuser</span>' if record.superuser else ""
        return format_html('<span class="font-monospace-sm">{}</span>' + badge, value)

    def render_email(self, value):
        return value or "—"

    def render_role(self, record, value):
        role = value or "no role"
        if not record.grants:
            return role
        url = reverse("staff:grants", kwargs={"pk": record.pk})
        many = f"+ {record.grants} grant{'' if record.grants == 1 else 's'}"
        return format_html('{}, <a href="{}" data-testid="grant-count">{}</a>', role, url, many)

    def render_active(self, value):
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', "active")
        return format_html('<span class="badge text-bg-secondary">{}</span>', "deactivated")

    def render_last_login(self, value):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "never"

    def render_sign_in(self, record):
        ways = [f"single sign-on ({issuer})" for issuer in record.sso_issuers]
        if record.local_password:
            ways.append("local password")
        if not ways:
            return format_html('<span class="text-body-secondary">{}</span>', "not yet")
        return format_html_join(", ", "{}", ((w,) for w in ways))

    def render_locked_until(self, record):
        if not record.locked_until:
            return "—"
        until = record.locked_until.astimezone(UTC)
        today = timezone.now().astimezone(UTC).date()
        url = reverse("staff:unlock", kwargs={"pk": record.pk})
        return format_html(
            '<span class="text-danger">Locked until {}</span> '
            '<a class="btn btn-sm btn-outline-danger" href="{}">Unlock</a>',
            until.strftime("%H:%M:%S UTC" if until.date() == today else "%Y-%m-%d %H:%M:%S UTC"),
            url,
        )

    def render_actions(self, record):
        kw = {"pk": record.pk}
        links = [
            ("Change role", reverse("staff:change_role", kwargs=kw)),
            ("Grants", reverse("staff:grants", kwargs=kw)),
        ]
        if record.active:
            links.append(("Deactivate", reverse("staff:deactivate", kwargs=kw)))
        else:
            links.append(("Reactivate", reverse("staff:reactivate", kwargs=kw)))
        if record.may_reset:
            links.append(("Reset password", reverse("staff:reset_password", kwargs=kw)))
        return format_html_join(
            " ",
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>',
            ((url, label) for label, url in links),
        )


class GrantTable(tables.Table):
    """A staff account's grants (services.GrantRow records), by connection then pool."""

    connection = tables.Column(verbose_name="Connection", orderable=False)
    pool_id = tables.Column(verbose_name="Where", orderable=False, empty_values=())
    role = tables.Column(verbose_name="Role", orderable=False)
    actions = tables.Column(verbose_name="Actions", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "grants-table"}
        row_attrs = {"data-grant": lambda record: record.pk}
        empty_text = "No grant: the console-wide role applies everywhere."

    def __init__(self, *args, staff_pk: int, **kwargs):
        self.staff_pk = staff_pk
        super().__init__(*args, **kwargs)

    def render_connection(self, record):
        connection = record.connection
        return format_html(
            '{} <span class="badge text-bg-{}" data-environment="{}">{}</span>',
            connection.name,
            environment_colour_of(connection.environment),
            connection.environment,
            connection.get_environment_display(),
        )

    def render_pool_id(self, record):
        if not record.pool_id:
            return format_html('<span class="text-body-secondary">{}</span>', "whole connection")
        name = record.pool_name or "name not known"
        return format_html(
            'pool <span class="font-monospace-sm">{}</span> <span class="small">({})</span>',
            record.pool_id,
            name,
        )

    def render_role(self, record):
        if record.role == "none":
            return format_html('<span class="badge text-bg-dark">{}</span>', record.role_words)
        return record.role_words

    def render_actions(self, record):
        kw = {"pk": self.staff_pk, "grant": record.pk}
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">Change</a> '
            '<a class="btn btn-sm btn-outline-danger" href="{}">Remove</a>',
            reverse("staff:grant_change", kwargs=kw),
            reverse("staff:grant_revoke", kwargs=kw),
        )
