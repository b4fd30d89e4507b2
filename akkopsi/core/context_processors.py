from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, role_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation, grown as the system grows; each entry appears only when allowed."""
    user = getattr(request, "user", None) or AnonymousUser()  # error pages may skip middleware
    items: list[tuple[str, str]] = [
        (str(_("Home")), reverse("core:home")),
        (str(_("Members")), reverse("members:member_list")),
        (str(_("Membership growth")), reverse("members:growth")),
        (str(_("Sanitation data")), reverse("data:national")),
        (str(_("Board")), reverse("coordination:board")),
        (str(_("Regions")), reverse("regions:province_list")),
    ]
    if getattr(user, "is_authenticated", False) and getattr(user, "member_id", None):
        items.insert(
            1,
            (
                str(_("My kabupaten/kota")),
                reverse("members:member_detail", args=[user.member.code]),
            ),
        )
    if can(user, Permission.SUBMIT_DATA, ANY_MEMBER):
        items.append((str(_("Upload data")), reverse("data:upload")))
    if can(user, Permission.VERIFY_DATA):
        items.append((str(_("Reporting cycle")), reverse("data:cycle")))
    if can(user, Permission.MANAGE_MEMBERS, ANY_MEMBER):
        items.append((str(_("Add member")), reverse("members:member_create")))
    items.append((str(_("API")), reverse("api-docs")))
    return {
        "nav_items": items,
        "user_role": role_of(user),
        "demo_banner": settings.AKKOPSI_DEMO_BANNER,
    }
