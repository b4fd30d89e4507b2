"""Rapor Sanitasi pages: a member's report (web and PDF) and the national league table."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import Permission, require
from akkopsi.core.dates import today
from akkopsi.core.exports import export_table
from akkopsi.rapor import access, league, services
from akkopsi.rapor.charts import attach_charts


def _context(request: HttpRequest, code: str) -> dict[str, Any]:
    member = access.report_member(request.user, code)
    public = request.GET.get("publik") == "1"
    report = attach_charts(services.build(member, request.user, public=public))
    return {
        "report": report,
        "member": member,
        "public_asked": public,
        "full": report.audience.unverified,
    }


def home(request: HttpRequest) -> HttpResponse:
    """Member staff land on their own report; everybody else on the league table."""
    member = getattr(request.user, "member", None) if request.user.is_authenticated else None
    if member is not None:
        return redirect("rapor:report", code=member.code)
    return redirect("rapor:league")


def report(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "rapor/report.html", _context(request, code))


@login_required
def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    from akkopsi.core.pdf import pdf_response, render_pdf

    with translation.override("id"):  # the report a mayor takes to the DPRD is Indonesian
        context = _context(request, code)
        issued = services.issue_number(
            member=context["member"], by=request.user, public=context["report"].audience.public
        )
        pdf = render_pdf("rapor/report_pdf.html", context | {"issued": issued})
    return pdf_response(pdf, f"rapor-sanitasi-{code}-{issued.year}-{issued.sequence_no:04d}")


def league_table(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    on = today()
    cols, rows, sources = league.rows(request.user, on)
    rows, sort = league.sort_rows(rows, cols, request.GET.get("sort", "code"))
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        return export_table(
            f"rapor-liga-{on.isoformat()}",
            [c.label for c in cols],
            [[r.get(c.key) for c in cols] for r in rows],
            fmt,
        )
    return render(
        request,
        "rapor/league.html",
        {
            "cols": cols,
            "rows": rows,
            "sort": sort,
            "sources": sources,
            "title": _("League table of members"),
        },
    )
