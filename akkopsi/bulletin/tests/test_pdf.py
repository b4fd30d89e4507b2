"""The edition as a print PDF: valid, with its articles' titles, a table of contents, page
numbers; printed by the job ``bulletin.print`` and served from storage while it is current."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from akkopsi.bulletin import printing, services
from akkopsi.bulletin.models import Article, DataSection, Edition
from akkopsi.bulletin.tests.conftest import PNG, make_edition
from akkopsi.conftest import sending
from akkopsi.core import files
from akkopsi.core import pdf as core_pdf
from akkopsi.jobs.models import Job, State

pytestmark = pytest.mark.django_db


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def prints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The digests of what WeasyPrint was given (every call of ``html_to_pdf``)."""
    calls: list[str] = []
    real = core_pdf.html_to_pdf

    def counted(html: str, **kw: Any) -> bytes:
        calls.append(core_pdf.fingerprint(html))
        return real(html, **kw)

    monkeypatch.setattr(printing, "html_to_pdf", counted)
    return calls


@pytest.fixture
def printed(users: dict[str, Any], prints: list[str]) -> Edition:
    """Edition 2, published with the print job run (the publishing's commit)."""
    edition = make_edition(2, title="Rakor Pokja di Balikpapan")
    services.submit_for_review(edition, by=users["secretariat"])
    with sending():
        services.publish(edition, by=users["secretariat"])
    edition.refresh_from_db()
    return edition


def test_an_editor_gets_a_drafts_pdf_from_its_print_job(
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
    url = reverse("bulletin:edition_pdf", args=[3])
    response = client.get(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tugas/{job.pk}/"
    assert (job.kind, job.state, job.started_by) == (
        "bulletin.print",
        State.SUCCEEDED,
        users["secretariat"],
    )
    assert job.result_url == url and job.params == {"edition": draft.pk, "number": 3}
    assert "Cetak Akkopsinergi no. 3 (PDF)" in client.get(response["Location"]).content.decode()

    response = client.get(job.result_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="akkopsinergi-3.pdf"'
    assert "sandbox" not in response["Content-Security-Policy"]
    body = _body(response)
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in ["Rahasia redaksi: belum terbit", "Iuran Anggota 2015", "Akkopsinergi"]:
        assert title in text
    assert len(reader.pages) >= 4  # cover, contents, two articles
    assert f"/ {len(reader.pages)}" in reader.pages[-1].extract_text()  # page x / n
    assert Job.objects.count() == 1  # current now: no second job


def test_publishing_prints_once_and_readers_get_the_stored_file(
    client: Any, printed: Edition, prints: list[str], django_assert_max_num_queries: Any
) -> None:
    job = Job.objects.get()
    assert (job.kind, job.state, job.priority) == ("bulletin.print", State.SUCCEEDED, -50)
    assert job.started_by == printed.published_by
    assert prints == [printed.pdf_digest] and len(printed.pdf_digest) == 64
    assert printed.pdf.name.startswith(f"bulletin/{printed.pk}/pdf/akkopsinergi-2-")
    with default_storage.open(printed.pdf.name, "rb") as f:
        stored = f.read()

    url = reverse("bulletin:edition_pdf", args=[2])
    with django_assert_max_num_queries(5):
        first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == 'inline; filename="akkopsinergi-2.pdf"'
    assert _body(first) == stored and _body(client.get(url)) == stored
    assert len(prints) == 1  # WeasyPrint ran for the job only
    assert printed.history.count() == Edition.objects.get().history.count()  # no history row


def test_the_stored_pdf_query_count_does_not_grow_with_the_edition(
    client: Any, users: dict[str, Any], printed: Edition, django_assert_num_queries: Any
) -> None:
    url = reverse("bulletin:edition_pdf", args=[2])
    with django_assert_num_queries(4) as small:
        client.get(url)
    edition = make_edition(4, title="Satu")
    for n in range(5):
        Article.objects.create(edition=edition, position=n, title=f"A{n}", author="x", body="y")
    services.submit_for_review(edition, by=users["secretariat"])
    with sending():
        services.publish(edition, by=users["secretariat"])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse("bulletin:edition_pdf", args=[4])).status_code == 200


def test_a_change_after_publishing_is_printed_again(
    client: Any, printed: Edition, prints: list[str]
) -> None:
    old = printed.pdf.name
    # An article corrected in the admin: the next reader does not get the old file.
    Article.objects.filter(edition=printed).update(title="Rakor Pokja di Samarinda")
    with sending():
        response = client.get(reverse("bulletin:edition_pdf", args=[2]))
    body = _body(response)
    assert "Rakor Pokja di Samarinda" in PdfReader(io.BytesIO(body)).pages[2].extract_text()
    edition = Edition.objects.get()
    assert edition.pdf_digest != printed.pdf_digest and edition.pdf.name != old
    assert len(prints) == 2 and Job.objects.count() == 1  # printed in the reader's request
    assert not default_storage.exists(old)  # the replaced file is deleted after the commit


def test_recomputing_a_section_starts_the_print_job_again(
    users: dict[str, Any], printed: Edition, prints: list[str]
) -> None:
    section = DataSection.objects.get(edition=printed)
    DataSection.objects.filter(pk=section.pk).update(frozen_svg="<svg></svg>")  # a wrong chart
    with sending():
        services.recompute(section, reason="grafik salah", by=users["secretariat"])
    jobs = Job.objects.filter(kind="bulletin.print").order_by("pk")
    assert [j.state for j in jobs] == [State.SUCCEEDED, State.SUCCEEDED]
    assert jobs[1].started_by == users["secretariat"] and jobs[1].priority == -50
    edition = Edition.objects.get()
    assert edition.pdf_digest == printing.printable(edition).digest != printed.pdf_digest
    assert len(prints) == 2


def test_a_second_start_finds_the_unfinished_job(
    settings: Any, users: dict[str, Any], printed: Edition, prints: list[str]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued only
    first = printing.start(printed, by=users["secretariat"])
    again = printing.start(printed, by=users["secretariat"])
    assert first.state == State.QUEUED and again.pk == first.pk
    assert first.label == f"Cetak Akkopsinergi no. {printed.number} (PDF)"  # which edition
    assert Job.objects.filter(kind="bulletin.print").count() == 2  # the publishing's, finished
    assert len(prints) == 1


def test_an_editor_asking_for_a_stale_pdf_is_shown_its_print_job(
    client: Any, users: dict[str, Any], printed: Edition, prints: list[str]
) -> None:
    Article.objects.filter(edition=printed).update(body="Isi yang diperbaiki.")
    client.force_login(users["secretariat"])
    url = reverse("bulletin:edition_pdf", args=[2])
    response = client.get(url)
    job = Job.objects.order_by("-pk")[0]
    assert response["Location"] == f"/tugas/{job.pk}/" and job.result_url == url
    assert _body(client.get(url)).startswith(b"%PDF-") and len(prints) == 2


@pytest.mark.parametrize("who", [None, "bontang", "treasurer"])
def test_a_drafts_pdf_is_not_public(
    client: Any, users: dict[str, Any], draft: Edition, prints: list[str], who: str | None
) -> None:
    if who:
        client.force_login(users[who])
    assert client.get(reverse("bulletin:edition_pdf", args=[3])).status_code == 404
    assert not prints and not Job.objects.exists()


def test_a_replaced_pdf_is_an_orphan_and_a_current_one_is_served_by_its_rules(
    client: Any, users: dict[str, Any], printed: Edition
) -> None:
    old = printed.pdf.name
    Edition.objects.filter(pk=printed.pk).update(pdf="", pdf_digest="")  # as if replaced
    assert old in files.orphans(timedelta(0))
    Edition.objects.filter(pk=printed.pk).update(pdf=old)
    assert old not in files.orphans(timedelta(0))
    assert client.get(default_storage.url(old)).status_code == 200  # published: public
    Edition.objects.filter(pk=printed.pk).update(status="draft", published_at=None)
    assert client.get(default_storage.url(old)).status_code == 404
    client.force_login(users["secretariat"])
    assert client.get(default_storage.url(old)).status_code == 200
