"""Template tags other apps' pages use to link to a member's data without knowing its rules."""

from __future__ import annotations

from typing import Any

from django import template

from akkopsi.accounts.permissions import Permission, can
from akkopsi.core.dates import today
from akkopsi.data import queues

register = template.Library()


@register.inclusion_tag("data/_member_link.html", takes_context=True)
def data_links(context: Any, member: Any) -> dict[str, Any]:
    """Links to ``member``'s data: data entry of the year being reported, for who may submit
    it (its own staff, the secretariat); its data page for everybody."""
    request = context.get("request")
    user = getattr(request, "user", None)
    submit = can(user, Permission.SUBMIT_DATA, member)
    day = today()
    year = queues.entry_year(day, queues.open_reporting_year(day)) if submit else None
    return {"member": member, "entry_year": year}
