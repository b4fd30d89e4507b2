"""Object-level access to dues, called first in every dues view and API endpoint.

Member staff see only their own member's invoices, payments, receipts and statement;
the treasurer, the secretariat and administrators see all. Anything outside a user's
scope answers 404 (invoices, receipts) or 403 (a named member's statement), so a
number typed into a URL reveals nothing.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import (
    ANY_MEMBER,
    Permission,
    can,
    own_member_id,
    require,
    role_of,
)
from akkopsi.dues.models import (
    CreditApplication,
    Invoice,
    Payment,
    PaymentNotice,
    Waiver,
    WaiverRequest,
)
from akkopsi.members.models import Member

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)


def scoped(user: AnyUser, queryset: QuerySet[M]) -> QuerySet[M]:
    """``queryset`` (with a ``member`` field) narrowed to what ``user`` may see."""
    if not can(user, Permission.VIEW_DUES, ANY_MEMBER):
        raise PermissionDenied
    if can(user, Permission.VIEW_DUES, None):  # holds it for every member
        return queryset
    member_id = own_member_id(user)
    return queryset.filter(member_id=member_id) if member_id else queryset.none()


def _one(user: AnyUser, queryset: QuerySet[M], pk: int, perm: Permission) -> M:
    """The record ``pk`` of ``queryset`` within the user's scope (else 404), if the user
    may do ``perm`` about its member (else 403)."""
    try:
        record = scoped(user, queryset).get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    require(user, perm, record.member_id)  # type: ignore[attr-defined]
    return record


def invoice_for_user(user: AnyUser, pk: int, perm: Permission = Permission.VIEW_DUES) -> Invoice:
    return _one(user, Invoice.objects.select_related("member__regency__province"), pk, perm)


def payment_for_user(user: AnyUser, pk: int, perm: Permission = Permission.VIEW_DUES) -> Payment:
    queryset = Payment.objects.select_related("invoice", "member__regency__province", "receipt")
    return _one(user, queryset, pk, perm)


def waiver_for_user(user: AnyUser, pk: int, perm: Permission = Permission.VIEW_DUES) -> Waiver:
    return _one(user, Waiver.objects.select_related("invoice"), pk, perm)


def credit_application_for_user(
    user: AnyUser, pk: int, perm: Permission = Permission.VIEW_DUES
) -> CreditApplication:
    return _one(user, CreditApplication.objects.select_related("invoice"), pk, perm)


def member_for_dues(user: AnyUser, code: str, perm: Permission = Permission.VIEW_DUES) -> Member:
    """The member with regency ``code`` if ``user`` may see (or ``perm``) its dues."""
    try:
        member = Member.objects.select_related("regency__province").get(regency_id=code)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    require(user, perm, member)
    return member


def own_dues_code(user: AnyUser) -> str | None:
    """The code of the member whose dues a member-staff ``user`` may see, else None."""
    member_id = own_member_id(user)
    if member_id and can(user, Permission.VIEW_DUES, member_id):
        return Member.objects.get(pk=member_id).code
    return None


def may_request(user: AnyUser, member_id: int) -> bool:
    """Member staff of the member (only they) report payments and ask for waivers."""
    return role_of(user) == Role.MEMBER_STAFF and can(user, Permission.VIEW_DUES, member_id)


def invoice_to_request(user: AnyUser, pk: int) -> Invoice:
    """An invoice the user's own member may report a payment on or ask a waiver of."""
    invoice = invoice_for_user(user, pk)
    if not may_request(user, invoice.member_id):
        raise PermissionDenied
    return invoice


def notice_for_user(
    user: AnyUser, pk: int, perm: Permission = Permission.VIEW_DUES
) -> PaymentNotice:
    return _one(user, PaymentNotice.objects.select_related("invoice__member__regency"), pk, perm)


def waiver_request_for_user(
    user: AnyUser, pk: int, perm: Permission = Permission.VIEW_DUES
) -> WaiverRequest:
    return _one(user, WaiverRequest.objects.select_related("invoice__member__regency"), pk, perm)
