"""Template tags other apps' pages use to link to dues without knowing its rules."""

from __future__ import annotations

from typing import Any

from django import template

from akkopsi.accounts.permissions import Permission, can

register = template.Library()


@register.inclusion_tag("dues/_member_link.html", takes_context=True)
def dues_statement_link(context: Any, member: Any) -> dict[str, Any]:
    """A link to ``member``'s dues statement, shown only to who may see it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"member": member, "show": can(user, Permission.VIEW_DUES, member)}
