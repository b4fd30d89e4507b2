"""Amounts in PDF tables never run together and never leave the page (print.css and
core.pdf.column_widths; the dues documents test their own tables)."""

from __future__ import annotations

import re
import subprocess
from typing import Any

from akkopsi.core import pdf

AMOUNT = re.compile(r"-?Rp[\d.]+(?:,\d\d)?")


def pdf_text(document: bytes, layout: bool = True) -> str:
    """The text of a PDF as pdftotext reads it (poppler-utils): what a reader copies out."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=document, capture_output=True, check=True).stdout.decode()


def assert_amounts_apart(text: str) -> None:
    """No two amounts touch ('Rp1.000Rp2.000'), and each is whole ('Rp1.234.5' is cut)."""
    assert not re.search(r"\d(?:,\d\d)?Rp", text), text
    for line in text.splitlines():
        for amount in AMOUNT.findall(line):
            assert re.fullmatch(r"-?Rp\d{1,3}(?:\.\d{3})*(?:,\d\d)?", amount), (amount, line)


def test_a_table_with_a_column_per_year_fits_a4_portrait(monkeypatch: Any) -> None:
    """The Rapor's and the planner's funding-gap tables: five years and a total."""
    amount = "Rp12.345.678.900"
    heads = "".join(f'<th class="num">{y}</th>' for y in range(2025, 2030))
    row = "<tr><td>APBD kabupaten/kota</td>" + f'<td class="num">{amount}</td>' * 6 + "</tr>"
    html = (
        '<table class="list wide"><thead><tr><th>Sumber dana</th>'
        f'{heads}<th class="num">Kesenjangan</th></tr></thead><tbody>{row * 3}</tbody></table>'
    )
    monkeypatch.setattr(pdf, "render_to_string", lambda *args, **kwargs: html)
    text = pdf_text(pdf.render_pdf("any.html", {}))
    assert_amounts_apart(text)
    assert text.count(amount) == 18  # every amount whole, none cut at the page's edge
    assert "Kesenjangan" in text and "Kesenjanga-" not in text  # a header is not hyphenated
