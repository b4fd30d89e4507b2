"""The edition as a print PDF: valid, with its articles' titles, a table of contents, page numbers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from akkopsi.bulletin.models import Article, Edition
from akkopsi.bulletin.tests.conftest import PNG

pytestmark = pytest.mark.django_db


def test_edition_pdf_is_valid_and_carries_its_articles(
    client: Any, users: dict[str, Any], draft: Edition
) -> None:
    client.force_login(users["secretariat"])
    client.post(
        reverse("bulletin:image_upload", args=[3]),
        {"file": SimpleUploadedFile("foto.png", PNG, "image/png"), "description": "Foto rakor"},
    )
    image = draft.images.get()
    Article.objects.create(
        edition=draft,
        position=3,
        title="Iuran Anggota 2015",
        author="Bendahara Umum",
        body=f"Laporan iuran.\n\n![Foto rakor]({reverse('bulletin:image', args=[image.pk])})",
    )
    response = client.get(reverse("bulletin:edition_pdf", args=[3]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in ["Rahasia redaksi: belum terbit", "Iuran Anggota 2015", "Akkopsinergi"]:
        assert title in text
    assert len(reader.pages) >= 4  # cover, contents, two articles
    assert f"/ {len(reader.pages)}" in reader.pages[-1].extract_text()  # page x / n
