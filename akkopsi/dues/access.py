"""Object-level access to dues, called first in every dues view and API endpoint.

Member staff see only their own member's invoices, payments, receipts and statement;
the treasurer, the secretariat and administrators see all. Anything outside a user's
scope answers 404 (invoices, receipts) or 403 (a named member's statement), so a
number typed into a URL reveals nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, own_member_id, require
from akkopsi.dues.models import Invoice, Payment
from akkopsi.members.models import Member


def scoped(user: Any, queryset: QuerySet) -> QuerySet:
    """``queryset`` (with a ``member`` field) narrowed to what ``user`` may see."""
    if not can(user, Permission.VIEW_DUES, ANY_MEMBER):
        raise PermissionDenied
    if can(user, Permission.VIEW_DUES, None):  # holds it for every member
        return queryset
    member_id = own_member_id(user)
    return queryset.filter(member_id=member_id) if member_id else queryset.none()


def invoice_for_user(user: Any, pk: int, perm: Permission = Permission.VIEW_DUES) -> Invoice:
    try:
        invoice = scoped(user, Invoice.objects.select_related("member__regency__province")).get(
            pk=pk
        )
    except Invoice.DoesNotExist as exc:
        raise Http404 from exc
    require(user, perm, invoice.member)
    return invoice


def payment_for_user(user: Any, pk: int, perm: Permission = Permission.VIEW_DUES) -> Payment:
    try:
        payment = scoped(
            user,
            Payment.objects.select_related("invoice", "member__regency__province", "receipt"),
        ).get(pk=pk)
    except Payment.DoesNotExist as exc:
        raise Http404 from exc
    require(user, perm, payment.member)
    return payment


def member_for_dues(user: Any, code: str, perm: Permission = Permission.VIEW_DUES) -> Member:
    """The member with regency ``code`` if ``user`` may see (or ``perm``) its dues."""
    try:
        member = Member.objects.select_related("regency__province").get(regency_id=code)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    require(user, perm, member)
    return member
