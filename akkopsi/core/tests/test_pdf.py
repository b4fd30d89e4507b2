"""The one PDF helper: a template to A4 PDF, local resources only."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from akkopsi.core.pdf import _local_resource, pdf_response, render_pdf


def _templates_in(settings: Any, folder: Any) -> None:
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], folder]}]


def test_render_pdf_makes_an_a4_pdf_with_the_text(tmp_path: Any, settings: Any) -> None:
    _templates_in(settings, tmp_path)
    (tmp_path / "t.html").write_text(
        "{% load static %}<html><body><h1>{{ title }}</h1>"
        "<img src=\"{% static 'akkopsi/logo.svg' %}\" alt=''></body></html>"
    )
    pdf = render_pdf("t.html", {"title": "Rakor Balikpapan 19 Mei 2015"})
    assert pdf.startswith(b"%PDF-")
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert "Rakor Balikpapan 19 Mei 2015" in page.extract_text()
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_only_local_static_files_are_fetched() -> None:
    body, mime = _local_resource("https://akkopsi.invalid/static/akkopsi/print.css")
    assert b"@page" in body and mime == "text/css"
    for url in ["https://example.org/x.png", "https://akkopsi.invalid/media/secret.pdf"]:
        with pytest.raises(ValueError):
            _local_resource(url)


def test_a_remote_image_is_left_out_not_fetched(tmp_path: Any, settings: Any) -> None:
    _templates_in(settings, tmp_path)
    (tmp_path / "r.html").write_text('<p>teks</p><img src="https://example.org/x.png">')
    assert render_pdf("r.html", {}).startswith(b"%PDF-")


def test_pdf_response_names_the_file() -> None:
    response = pdf_response(b"%PDF-1.7", "KWT-2015-0001", inline=False)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="KWT-2015-0001.pdf"'
