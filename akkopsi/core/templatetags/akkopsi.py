from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can
from akkopsi.core import formatting

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
    """Mark a chart's SVG (made by core.charts from our own data) safe to inline."""
    return mark_safe(value)
