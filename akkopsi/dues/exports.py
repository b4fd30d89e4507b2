"""Dues reports as CSV/XLSX (core.exports) and PDF (core.pdf), and the receipt PDF.

Money stays Decimal in CSV/XLSX; PDFs show it in Indonesian format. Documents (receipt,
PDF reports) are always in Indonesian, whatever the language of the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from akkopsi.core.charts import Chart, line_chart, stacked_bar
from akkopsi.core.dates import today
from akkopsi.core.exports import export_table
from akkopsi.core.formatting import format_date, format_percent, format_rupiah
from akkopsi.core.pdf import column_widths, pdf_response, render_pdf
from akkopsi.core.terbilang import terbilang
from akkopsi.dues.models import Invoice, Payment
from akkopsi.dues.reports import Arrears, Statement, YearRow, bucket_labels, totals


def _table(
    filename: str,
    title: str,
    subtitle: str,
    header: Sequence[str],
    rows: list[list[Any]],
    fmt: str,
    *,
    money_columns: Iterable[int] = (),
    number_columns: Iterable[int] = (),
    footer: list[Any] | None = None,
    chart: Chart | None = None,
) -> HttpResponse:
    """CSV/XLSX through core.exports, or a PDF table. The PDF's columns are sized from their
    content (``core.pdf.column_widths``): a fixed layout, several times faster in WeasyPrint,
    where amounts never run into the next column."""
    if fmt != "pdf":
        return export_table(filename, header, [*rows, *([footer] if footer else [])], fmt)
    money = set(money_columns)
    right = money | set(number_columns)

    def show(i: int, value: Any) -> str:
        if value is None:
            return "–"
        if i in money:
            return format_rupiah(value)
        if isinstance(value, date):
            return format_date(value)
        return str(value)

    shown = [
        [show(i, v) for i, v in enumerate(row)] for row in [*rows, *([footer] if footer else [])]
    ]
    widths, landscape = column_widths(header, shown, right)
    cells = [[(v, i in right) for i, v in enumerate(row)] for row in shown]
    pdf = render_pdf(
        "dues/table_pdf.html",
        {
            "title": title,
            "subtitle": subtitle,
            "header": [(h, i in right) for i, h in enumerate(header)],
            "rows": cells[: len(rows)],
            "footer": cells[len(rows)] if footer else None,
            "chart": chart,
            "widths": widths,
            "landscape": landscape,
        },
    )
    return pdf_response(pdf, filename, inline=False)


def _as_of(on: date) -> str:
    return _("As of %(day)s") % {"day": format_date(on)}


def collection_chart(rows: list[YearRow], *, y_label: str = "") -> Chart | None:
    """Dues collected as a share of dues billed, by year (no chart without rows)."""
    if not rows:
        return None
    return line_chart(
        _("Dues collected as a share of dues billed, by year"),
        [r.year for r in rows],
        {_("Collection rate"): [float(r.rate) if r.rate is not None else None for r in rows]},
        y_label=y_label,
        percent=True,
    )


def arrears_chart(history: list[Arrears]) -> Chart | None:
    """Arrears by age at the end of each year (million rupiah, stacked by age)."""
    if not history:
        return None
    return stacked_bar(
        _("Dues arrears by age at the end of each year (million rupiah)"),
        [str(a.on.year) for a in history],
        {
            label: [float(a.totals[i]) / 1_000_000 for a in history]
            for i, label in enumerate(bucket_labels())
        },
        y_label=_("million Rp"),
        note=_("The last bar is as of %(day)s.") % {"day": format_date(history[-1].on)},
    )


def year_summary(rows: list[YearRow], *, on: date, fmt: str) -> HttpResponse:
    with translation.override("id" if fmt == "pdf" else translation.get_language()):
        header = [
            _("Year"),
            _("Invoices"),
            _("Billed"),
            _("Collected"),
            _("Waived"),
            _("Outstanding"),
            _("Collection rate"),
        ]
        body = [
            [
                r.year,
                r.invoices,
                r.billed,
                r.collected,
                r.waived,
                r.outstanding,
                format_percent(r.rate) if fmt == "pdf" else r.rate,
            ]
            for r in rows
        ]
        t = totals(rows)
        footer = [_("Total"), t.invoices, t.billed, t.collected, t.waived, t.outstanding, ""]
        chart = collection_chart(rows) if fmt == "pdf" else None
        return _table(
            f"iuran-ringkasan-{on.isoformat()}",
            _("Member dues by year"),
            _as_of(on),
            header,
            body,
            fmt,
            money_columns=(2, 3, 4, 5),
            number_columns=(1, 6),
            footer=footer,
            chart=chart,
        )


def arrears(report: Arrears, *, fmt: str) -> HttpResponse:
    with translation.override("id" if fmt == "pdf" else translation.get_language()):
        header = [_("Code"), _("Member"), _("Province"), *bucket_labels(), _("Total"), _("Credit")]
        body = [[r.code, r.name, r.province, *r.amounts, r.total, r.credit] for r in report.rows]
        footer = ["", _("Total"), "", *report.totals, report.total, report.credit]
        return _table(
            f"iuran-tunggakan-{report.on.isoformat()}",
            _("Dues arrears by age"),
            _as_of(report.on),
            header,
            body,
            fmt,
            money_columns=range(3, 9),
            footer=footer,
        )


def statement(account: Statement, *, fmt: str) -> HttpResponse:
    with translation.override("id" if fmt == "pdf" else translation.get_language()):
        header = [
            _("Date"),
            _("Description"),
            _("Reference"),
            _("Debit"),
            _("Credit"),
            _("Balance"),
        ]
        body: list[list[Any]] = []
        if account.start:
            body.append([account.start, _("Opening balance"), "", None, None, account.opening])
        body += [
            [
                line.day,
                line.description,
                line.reference,
                line.debit or None,
                line.credit or None,
                line.balance,
            ]
            for line in account.lines
        ]
        footer = ["", _("Closing balance"), "", None, None, account.closing]
        member = account.member
        return _table(
            f"iuran-rekening-{member.code}-{account.end.isoformat()}",
            _("Dues statement of %(member)s") % {"member": member.regency.display_name},
            _as_of(account.end),
            header,
            body,
            fmt,
            money_columns=(3, 4, 5),
            footer=footer,
        )


def invoices(queryset: Any, *, fmt: str) -> HttpResponse:
    header = [
        _("Number"),
        _("Year"),
        _("Code"),
        _("Member"),
        _("Kind"),
        _("Description"),
        _("Amount"),
        _("Balance"),
        _("Status"),
        _("Issued on"),
        _("Due date"),
    ]
    rows = (
        [
            i.number,
            i.year,
            i.member.code,
            i.member.regency.display_name,
            i.get_kind_display(),
            i.label,
            i.amount,
            i.balance,
            i.status_label,
            i.issued_on,
            i.due_on,
        ]
        for i in queryset
    )
    return export_table(f"iuran-tagihan-{today().isoformat()}", header, rows, fmt)


def receipt_pdf(payment: Payment) -> bytes:
    """The receipt (kuitansi) in Indonesian, with the amount in words."""
    with translation.override("id"):
        return render_pdf(
            "dues/receipt_pdf.html",
            {
                "payment": payment,
                "receipt": payment.receipt,
                "invoice": payment.invoice,
                "member": payment.member,
                "words": terbilang(payment.amount),
                "balance": payment.invoice_balance_after(),
                "treasurer": payment.treasurer_name,
            },
        )


def bank_details() -> dict[str, str]:
    """Where members pay: from settings (AKKOPSI_BANK_*)."""
    return {
        "name": settings.AKKOPSI_BANK_NAME,
        "account": settings.AKKOPSI_BANK_ACCOUNT,
        "holder": settings.AKKOPSI_BANK_HOLDER,
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice (tagihan) in Indonesian: its number, the schedule's decision reference,
    the due date, the amount in words and the bank account to pay into."""
    with translation.override("id"):
        return render_pdf(
            "dues/invoice_pdf.html",
            {
                "invoice": invoice,
                "member": invoice.member,
                "bank": bank_details(),
                "words": terbilang(invoice.amount),
            },
        )
