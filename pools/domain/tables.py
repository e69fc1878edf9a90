import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from console.tables import TimeColumn


class DomainTable(tables.Table):
    """The pool's domains (domains.Domain records): kind, host, status, CNAME target,
    sign-in pages; Edit and Delete links for Admins (`can_edit`)."""

    name = tables.Column(verbose_name="Domain", orderable=False)
    status = tables.Column(orderable=False)
    cloudfront = tables.Column(verbose_name="CloudFront distribution", orderable=False)
    version = tables.Column(verbose_name="Sign-in pages", orderable=False)
    actions = tables.Column(verbose_name="", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "domain-table"}
        empty_text = "This pool has no domain: it has no sign-in pages and no OAuth endpoints."

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        self.can_edit = can_edit
        super().__init__(*args, **kwargs)

    def render_name(self, record):
        kind = "Custom domain" if record.custom else "Prefix domain"
        cert = (
            format_html('<div class="small font-monospace-sm">{}</div>', record.certificate_arn)
            if record.custom
            else ""
        )
        return format_html(
            '<div class="small text-body-secondary">{}</div>'
            '<span class="font-monospace-sm">{}</span>'
            '<div class="small">Sign-in URL: <a href="{}">{}</a></div>{}',
            kind,
            record.name,
            record.sign_in_url,
            record.sign_in_url,
            cert,
        )

    def render_cloudfront(self, record, value):
        if not record.custom:
            return format_html('<span class="text-body-secondary">{}</span>', "(Cognito's own)")
        return format_html(
            '<span class="font-monospace-sm">{}</span><div class="small">CNAME target of {}</div>',
            value,
            record.name,
        )

    def render_version(self, record):
        return f"{record.version_words} (version {record.version})"

    def render_actions(self, record):
        if not self.can_edit:
            return ""
        edit = reverse("domain:edit", args=[record.pool_id, record.name])
        delete = reverse("domain:delete", args=[record.pool_id, record.name])
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">Edit</a> '
            '<a class="btn btn-sm btn-outline-danger" href="{}">Delete</a>',
            edit,
            delete,
        )


class BrandingTable(tables.Table):
    """Each app client and its managed login branding style (services.ClientBranding),
    in short: the style's ID, its kind, how many assets, when modified, and a link to
    the client's branding page with the settings and assets in full."""

    client = tables.Column(verbose_name="App client", orderable=False, empty_values=())
    style = tables.Column(verbose_name="Branding style", orderable=False, empty_values=())
    assets = tables.Column(verbose_name="Assets", orderable=False, empty_values=())
    modified = tables.Column(verbose_name="Modified", orderable=False, empty_values=())
    details = tables.Column(verbose_name="", orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "branding-table"}
        empty_text = "This pool has no app clients."
        row_attrs = {"data-client": lambda record: record.client.id}

    def render_client(self, record):
        url = reverse("clients:detail", args=[record.client.pool_id, record.client.id])
        return format_html(
            '<a href="{}">{}</a><div class="small font-monospace-sm">{}</div>',
            url,
            record.client.name or "(no name)",
            record.client.id,
        )

    def render_style(self, record):
        b = record.branding
        if b is None:
            return "None (managed login shows Cognito's default style)"
        how = "Cognito's default values" if b.cognito_values else "Custom settings"
        return format_html('{}<div class="small font-monospace-sm">{}</div>', how, b.id)

    def render_assets(self, record):
        b = record.branding
        if b is None or not b.assets:
            return "—"
        return f"{len(b.assets)} image{'' if len(b.assets) == 1 else 's'}"

    def render_modified(self, record):
        b = record.branding
        if b is None or b.modified is None:
            return "—"
        return TimeColumn().render(b.modified)

    def render_details(self, record):
        url = reverse("domain:branding", args=[record.client.pool_id, record.client.id])
        return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}">Details</a>', url)


class AssetTable(tables.Table):
    """A branding style's image assets (branding.Asset records), without their bytes."""

    category = tables.Column(orderable=False)
    color_mode = tables.Column(verbose_name="Colour mode", orderable=False)
    extension = tables.Column(verbose_name="File type", orderable=False)
    size = tables.Column(verbose_name="Size", orderable=False)
    resource_id = tables.Column(verbose_name="Resource ID", orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "asset-table"}
        empty_text = "No image assets."

    def render_color_mode(self, value):
        return value.lower()

    def render_size(self, value):
        return f"{value:,} byte{'' if value == 1 else 's'}"


class TermsTable(tables.Table):
    """The pool's terms documents (branding.Terms records)."""

    name = tables.Column(verbose_name="Terms", orderable=False)
    client_id = tables.Column(verbose_name="App client", orderable=False)
    enforcement = tables.Column(orderable=False)
    links = tables.Column(orderable=False, empty_values=())
    created = TimeColumn()
    modified = TimeColumn()

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "terms-table"}
        empty_text = "No terms documents."

    def __init__(self, *args, client_names=None, **kwargs):
        self.client_names = client_names or {}
        super().__init__(*args, **kwargs)

    def render_name(self, record, value):
        return format_html('{}<div class="small font-monospace-sm">{}</div>', value, record.id)

    def render_client_id(self, value):
        name = self.client_names.get(value)
        if name:
            return format_html('{}<div class="small font-monospace-sm">{}</div>', name, value)
        return format_html('<span class="font-monospace-sm">{}</span>', value)

    def render_links(self, record):
        items = format_html_join(
            "",
            "<li>{}: {}</li>",
            ((language, _link(url)) for language, url in record.links.items()),
        )
        return format_html('<ul class="small mb-0 ps-3">{}</ul>', items)


def _link(url: str):
    """A link for an http(s) URL; any other text (a javascript: URL) shown, not linked."""
    if url.startswith(("https://", "http://")):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, url)
    return format_html('<span class="font-monospace-sm">{}</span>', url)
