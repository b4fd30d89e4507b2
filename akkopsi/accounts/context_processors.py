from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, role_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation, grown as the system grows; each entry appears only when allowed."""
    user: Any = getattr(request, "user", None) or AnonymousUser()  # error pages may skip middleware
    items: list[tuple[str, str]] = [
        (str(_("Home")), reverse("portal:home")),
        (str(_("Members")), reverse("members:member_list")),
        (str(_("Membership growth")), reverse("members:growth")),
        (str(_("Sanitation data")), reverse("data:national")),
        (str(_("Board")), reverse("coordination:board")),
        (str(_("Regions")), reverse("portal:province_list")),
    ]
    if getattr(user, "is_authenticated", False):  # the role home and its work queue
        items.insert(0, (str(_("My home")), reverse("workspace:home")))
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
    # The dues app names its own entry ("Iuran"), so its label lives in its catalogue.
    dues_label = str(apps.get_app_config("dues").verbose_name)
    if can(user, Permission.VIEW_DUES_REPORTS):
        items.append((dues_label, reverse("dues:dashboard")))
    elif getattr(user, "member_id", None) and can(user, Permission.VIEW_DUES, user.member_id):
        items.append((dues_label, reverse("dues:member_statement", args=[user.member.code])))
    # The planning app names its own entry ("Perencanaan"), as dues does.
    if can(user, Permission.PLAN, ANY_MEMBER):
        items.append((str(apps.get_app_config("planning").verbose_name), reverse("planning:home")))
    # The award app names its own entry too.
    items.append((str(apps.get_app_config("awards").verbose_name), reverse("awards:index")))
    # The coordination app names its entries too (meetings, the summit).
    coordination: Any = apps.get_app_config("coordination")  # its labels: CoordinationConfig
    items.append((str(coordination.meetings_label), reverse("coordination:meeting_list")))
    items.append((str(coordination.summit_label), reverse("coordination:summit_list")))
    # The Rapor Sanitasi is named by its own app: staff land on their member's report,
    # everybody else on the national league table.
    items.append((str(apps.get_app_config("rapor").verbose_name), reverse("rapor:home")))
    # The bulletin is named by its own app (its title, "Akkopsinergi").
    items.append(
        (str(apps.get_app_config("bulletin").verbose_name), reverse("bulletin:edition_list"))
    )
    if can(user, Permission.MANAGE_MEMBERS, ANY_MEMBER):
        items.append((str(_("Add member")), reverse("members:member_create")))
    items.append((str(_("API")), reverse("api-docs")))
    return {
        "nav_items": items,
        "user_role": role_of(user),
        "demo_banner": settings.AKKOPSI_DEMO_BANNER,
    }
