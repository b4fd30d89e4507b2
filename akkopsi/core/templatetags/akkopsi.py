from __future__ import annotations

from base64 import b64encode
from typing import Any

from django import template
from django.utils.html import format_html

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can
from akkopsi.core import formatting
from akkopsi.core.charts import chart_title

register = template.Library()


@register.filter
def rupiah(value: Any, sen: Any = None) -> str:
    return formatting.format_rupiah(value, None if sen is None else bool(sen))


@register.filter
def angka(value: Any, places: int = 0) -> str:
    return formatting.format_number(value, int(places))


@register.filter
def persen(value: Any, places: int = 1) -> str:
    return formatting.format_percent(value, int(places))


@register.simple_tag(takes_context=True)
def allowed(context: Any, perm: str, member: Any = ANY_MEMBER) -> bool:
    """{% allowed "edit_member_profile" member as ok %}: the permission helper in templates."""
    return can(context["request"].user, Permission(perm), member)


@register.filter
def svg(value: str) -> str:
    """A chart (SVG from core.charts) as an image: vector, described by its title.

    An <img> with a data URI keeps the page's strict Content-Security-Policy intact (the
    SVG's own style attributes apply inside the image, not to the page).
    """
    return format_html(
        '<img class="chart" alt="{}" src="data:image/svg+xml;base64,{}"><figcaption>{}</figcaption>',
        chart_title(value),
        b64encode(value.encode()).decode(),
        chart_title(value),
    )
