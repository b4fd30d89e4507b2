"""Issue 19.4: the printed Rapor's tables are readable: the funding gap table gets its columns
from its content (core.pdf.column_widths) and a landscape page when its amounts need one,
and headers break between words only ("Kesenjangan", never "Kesenjanga-n")."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.urls import reverse
from pypdf import PdfReader

from akkopsi.core.formatting import format_rupiah
from akkopsi.rapor import services
from akkopsi.rapor.readmodel import PlanBlock, PlanFigures


def _block(years: list[int], amount: Decimal) -> PlanBlock:
    rows = [
        {"source_name": name, "values": [amount] * len(years), "total": amount * len(years)}
        for name in ("APBD kabupaten/kota", "DAK Fisik bidang sanitasi")
    ]
    figures = PlanFigures(years=years, gap={"rows": rows}, marginal=[], best=None)
    return PlanBlock(visible=True, figures=figures)


def test_funding_gap_columns_make_room_for_every_amount() -> None:
    widths, landscape = _block([2024, 2025, 2026, 2027, 2028], Decimal("17910054792")).gap_columns
    assert landscape  # six amounts of tens of billions do not fit across A4 portrait
    assert abs(sum(widths) - 100) < 0.5 and len(widths) == 7
    amount = len(format_rupiah(Decimal("89550273960")))
    assert min(widths[1:]) / 100 * 135 >= amount  # landscape A4 holds 135 digits (core.pdf)
    short, landscape = _block([2024, 2025], Decimal("1500000")).gap_columns
    assert not landscape and len(short) == 4


def test_printed_report_keeps_headers_whole_and_the_gap_table_on_a_landscape_page(
    client: Any, users: Any, data: Any
) -> None:
    from akkopsi.planning import services as planning
    from akkopsi.planning.tests.conftest import make_plan

    plan = make_plan(data["6474"], money=1)
    planning.solve_scenario(scenario=plan.scenarios.get(), by=None)
    client.force_login(users["bontang"])
    response = client.get(reverse("rapor:report_pdf", args=["6474"]))
    pages = PdfReader(BytesIO(response.content)).pages
    texts = [p.extract_text() for p in pages]
    everything = "\n".join(texts)
    assert "Kesenjangan" in everything and "Kesenjanga\n" not in everything
    plan_pages = [p for p, text in zip(pages, texts, strict=True) if "Rencana investasi" in text]
    assert plan_pages, texts
    report = services.build(data["6474"], users["bontang"], public=False)
    widths, landscape = report.plan.gap_columns
    assert landscape, widths  # the test plan's five years of amounts need the wide page
    box = plan_pages[0].mediabox
    assert box.width > box.height
    # the plan section (which may run over onto a next page) is the only landscape run
    wide = [i for i, p in enumerate(pages) if p.mediabox.width > p.mediabox.height]
    first = pages.index(plan_pages[0]) if plan_pages[0] in pages else -1
    assert wide == list(range(first, first + len(wide))), (wide, first)
    assert len(wide) < len(pages)
