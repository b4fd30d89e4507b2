from __future__ import annotations

from base64 import b64encode
from typing import Any

from django import template
from django.utils.safestring import mark_safe

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can
from akkopsi.core import formatting
from akkopsi.core import missing as missing_mod
from akkopsi.core.charts import Chart, as_chart
from akkopsi.core.missing import Coverage, Missing, missing_html

register = template.Library()


@register.filter
def rupiah(value: Any, sen: Any = None) -> str:
    if isinstance(value, Missing):
        return missing_html(value)
    return formatting.format_rupiah(value, None if sen is None else bool(sen))


@register.filter
def angka(value: Any, places: int = 0) -> str:
    if isinstance(value, Missing):
        return missing_html(value)
    return formatting.format_number(value, int(places))


@register.filter
def persen(value: Any, places: int = 1) -> str:
    if isinstance(value, Missing):
        return missing_html(value)
    return formatting.format_percent(value, int(places))


@register.filter
def tanggal(value: Any) -> str:
    """A date in long form, "3 Desember 2026" (core.formatting.format_date)."""
    return formatting.format_date(value)


@register.filter
def missing(value: Any) -> Any:
    """A missing figure as "belum dilaporkan" with its reason; any other value unchanged."""
    return missing_html(value) if isinstance(value, Missing) else value


@register.filter
def is_missing(value: Any) -> bool:
    """True for None and a ``Missing`` figure (a present 0 is not missing)."""
    return missing_mod.is_missing(value)


@register.filter
def coverage(value: Coverage | dict[str, int] | None) -> str:
    """The members behind an aggregate ("of 286 reporting members; 206 not reporting"): a
    ``Coverage``, or its JSON form as frozen in a published bulletin edition."""
    if isinstance(value, dict):
        value = Coverage(value["reporting"], value["excluded"])
    return value.text() if value is not None else ""


@register.simple_tag(takes_context=True)
def allowed(context: Any, perm: str, member: Any = ANY_MEMBER) -> bool:
    """{% allowed "edit_member_profile" member as ok %}: the permission helper in templates."""
    return can(context["request"].user, Permission(perm), member)


@register.inclusion_tag("core/_chart.html")
def chart(value: Chart | str | None) -> dict[str, Any]:
    """{% chart c %}: a chart from core.charts through the one include (ADR 51). ``value``
    may also be a chart as frozen in a published bulletin edition: its JSON, or the SVG
    text of an edition published before ADR 51, shown as an image as it was then."""
    c = as_chart(value)
    if isinstance(c, Chart):
        return {"c": c, "svg": mark_safe(c.svg)}
    if isinstance(c, str):
        title = _legacy_title(c)
        return {"legacy_svg": b64encode(c.encode()).decode(), "legacy_title": title}
    return {}


def _legacy_title(svg: str) -> str:
    from html import unescape

    start = svg.find("<title>")
    return unescape(svg[start + 7 : svg.find("</title>", start)]) if start >= 0 else ""
