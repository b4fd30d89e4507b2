"""Template tags other apps' pages use to show coordination records without knowing its rules."""

from __future__ import annotations

from typing import Any

from django import template

from akkopsi.accounts.permissions import Permission, can
from akkopsi.coordination.models import ActionItem
from akkopsi.core.dates import today

register = template.Library()


@register.inclusion_tag("coordination/_member_actions.html", takes_context=True)
def member_open_actions(context: Any, member: Any) -> dict[str, Any]:
    """The open actions ``member`` owns, for its own staff and the secretariat."""
    request = context.get("request")
    user = getattr(request, "user", None)
    show = can(user, Permission.UPDATE_ACTIONS, member)
    actions = (
        ActionItem.objects.open().filter(owner_member=member).select_related("meeting")
        if show
        else ActionItem.objects.none()
    )
    return {"show": show, "actions": actions, "today": today(), "member": member}
