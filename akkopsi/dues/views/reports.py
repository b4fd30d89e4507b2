"""Dues reports as of a date: the dashboard (year summary), arrears by age, a statement."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import Permission, PermissionRequired, can
from akkopsi.dues import access, exports
from akkopsi.dues.reports import (
    Arrears,
    Statement,
    YearRow,
    arrears,
    arrears_over_time,
    current_row,
    open_invoices,
    statement,
    totals,
    year_summary,
)
from akkopsi.dues.views.base import DuesReportView

ARREARS_PER_PAGE = 100


class DashboardView(DuesReportView):
    """Year summary and collection rate chart; member staff go to their own statement."""

    template_name = "dues/dashboard.html"
    own_statement: str | None = None  # member staff: the code of their own member

    def check_permission(self, request: HttpRequest) -> None:
        if not can(request.user, Permission.VIEW_DUES_REPORTS):
            self.own_statement = access.own_dues_code(request.user)
            if self.own_statement is None:
                raise PermissionDenied

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.own_statement is not None:
            return redirect("dues:member_statement", code=self.own_statement)
        return super().get(request, *args, **kwargs)

    def build(self, on: date) -> list[YearRow]:
        return year_summary(on=on)

    def export(self, report: list[YearRow], fmt: str) -> HttpResponse:
        return exports.year_summary(report, on=self.on, fmt=fmt)

    def get_context_data(self, report: list[YearRow], **context: Any) -> dict[str, Any]:
        return {
            **context,
            "rows": report,
            "total": totals(report),
            "chart": exports.collection_chart(report, y_label=_("% of billed")),
            "current": current_row(report, self.on.year),
            "can_manage": can(self.request.user, Permission.MANAGE_DUES),
        }


class ArrearsView(PermissionRequired, DuesReportView):
    permission = Permission.VIEW_DUES_REPORTS
    template_name = "dues/arrears.html"

    def build(self, on: date) -> Arrears:
        return arrears(on=on)

    def export(self, report: Arrears, fmt: str) -> HttpResponse:
        return exports.arrears(report, fmt=fmt)

    def get_context_data(self, report: Arrears, **context: Any) -> dict[str, Any]:
        paginator = Paginator(report.rows, ARREARS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        chart = exports.arrears_chart(arrears_over_time(on=report.on))
        query = f"on={report.on.isoformat()}"
        return {**context, "report": report, "page": page, "query": query, "chart": chart}


class StatementView(DuesReportView):
    """One member's statement of account (member staff: their own only)."""

    template_name = "dues/statement.html"

    def check_permission(self, request: HttpRequest) -> None:
        self.member = access.member_for_dues(request.user, self.kwargs["code"])

    def build(self, on: date) -> Statement:
        return statement(self.member, end=on)

    def export(self, report: Statement, fmt: str) -> HttpResponse:
        return exports.statement(report, fmt=fmt)

    def get_context_data(self, report: Statement, **context: Any) -> dict[str, Any]:
        return {
            **context,
            "member": self.member,
            "account": report,
            "open_invoices": open_invoices(self.member, on=self.on),
            "can_manage": can(self.request.user, Permission.MANAGE_DUES, self.member),
        }


dashboard = DashboardView.as_view()
arrears_report = ArrearsView.as_view()
member_statement = StatementView.as_view()
