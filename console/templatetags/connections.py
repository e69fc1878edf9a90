"""How a connection's environment is marked on the pages: one colour each, defined here.

Production is red (Bootstrap's "danger"), staging amber ("warning"), development green
("success"). Every page that marks an environment (the production banner of
templates/base.html, the badge beside a pool's name in templates/pools/_tabs.html, the
Connections page) takes the colour from here, with the environment's name written out
too: the colour is never the only sign (a reader who cannot tell red from green, a
screen reader).

    {% load connections %}
    <div class="text-bg-{{ connection|environment_colour }}">…</div>
    {% environment_badge connection %}
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

#: Bootstrap 5 colour names (text-bg-<colour>, border-<colour>, btn-<colour>) by
#: Connection.Environment value.
ENVIRONMENT_COLOURS = {
    "production": "danger",
    "staging": "warning",
    "development": "success",
}
#: The colour of an environment not in ENVIRONMENT_COLOURS (none today).
UNKNOWN_COLOUR = "secondary"


def environment_colour_of(environment: str) -> str:
    """The Bootstrap colour name of `environment` (a Connection.Environment value):
    "danger", "warning", "success"; "secondary" for anything else."""
    return ENVIRONMENT_COLOURS.get(str(environment or ""), UNKNOWN_COLOUR)


@register.filter
def environment_colour(connection_or_environment) -> str:
    """`{{ connection|environment_colour }}` (or an environment value): the Bootstrap
    colour name of its environment, as `environment_colour_of`."""
    environment = getattr(connection_or_environment, "environment", connection_or_environment)
    return environment_colour_of(environment)


@register.simple_tag
def environment_badge(connection, extra_class: str = ""):
    """A badge naming the connection's environment and the connection, in its colour:
    `<span class="badge text-bg-danger">Production · Acme prod</span>`. Nothing for
    no connection."""
    if connection is None or not getattr(connection, "environment", ""):
        return ""
    return format_html(
        '<span class="badge text-bg-{} text-wrap text-break {}" data-testid="environment-badge" '
        'data-environment="{}">{} · {}</span>',
        environment_colour(connection),
        extra_class,
        connection.environment,
        connection.get_environment_display(),
        connection.name,
    )
