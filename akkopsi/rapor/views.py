"""Rapor Sanitasi pages: a member's report (web and PDF) and the national league table."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akkopsi.accounts.permissions import Permission, PermissionRequired, can, require
from akkopsi.core.dates import today
from akkopsi.core.viewkit import FilteredListView, query_without
from akkopsi.jobs.views import started
from akkopsi.rapor import access, league, services
from akkopsi.rapor.charts import attach_charts, league_share_chart
from akkopsi.rapor.filters import LeagueFilter
from akkopsi.rapor.jobs import PDFS


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


@login_required
@require_POST
def all_pdfs(request: HttpRequest) -> HttpResponse:
    """Secretariat: every member's Rapor of the year as PDFs in one zip, made by a job."""
    require(request.user, Permission.VIEW_UNVERIFIED_DATA)
    year = request.POST.get("tahun", "")
    if not year.isdigit() or not 2000 <= int(year) <= today().year:
        raise Http404
    return started(request, PDFS, {"year": int(year)})


class LeagueView(PermissionRequired, FilteredListView):
    """The league table of one year: search, filters, ordering by any column, paging, the
    htmx fragment and the CSV/XLSX of the filtered rows."""

    permission = Permission.VIEW_PUBLIC
    filterset_class = LeagueFilter
    template_name = "rapor/league.html"
    fragment_template = "rapor/_league_rows.html"
    export_name = "rapor-liga"

    def get_filterset(self) -> LeagueFilter:
        return LeagueFilter(self.request.GET, request=self.request)  # the season's members

    def order(self, queryset: Any) -> Any:
        """Rows of the filtered members, sorted in Python (figures are not columns)."""
        self.cols = league.columns(self.request.user)
        found = league.rows(self.request.user, self.filterset.season, queryset)
        asked = self.request.GET.get("o") or self.request.GET.get("sort") or "code"
        rows, self.sort = league.sort_rows(found, self.cols, asked)
        self.chart = league_share_chart(rows, self.filterset.season.year)
        return rows

    def get_export_name(self) -> str:
        return f"rapor-liga-{self.filterset.season.year}"

    def export_header(self) -> list[str]:
        return [c.label for c in self.cols]

    def export_rows(self, queryset: Any) -> list[list[object]]:
        return [[r.get(c.key) for c in self.cols] for r in queryset]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context | {
            "cols": self.cols,
            "sort": self.sort,
            "year": self.filterset.season.year,
            "default_year": not self.request.GET.get("tahun"),
            "sort_query": query_without(self.request, "page", "export", "o", "sort"),
            "title": _("League table of members"),
            "print_all": can(self.request.user, Permission.VIEW_UNVERIFIED_DATA),
            "share_chart": self.chart,
        }
