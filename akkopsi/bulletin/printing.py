"""The edition's printed PDF: built once, stored with the edition, served while it is current.

Printing takes WeasyPrint a second or more of CPU; building the HTML it prints from is cheap.
So the HTML is built on every request and fingerprinted (``core.pdf.fingerprint``: the HTML
with its images inlined, the stylesheets, WeasyPrint's version); the stored PDF is served
while its fingerprint is the current one. Printing runs as the job ``bulletin.print``
(``bulletin/jobs.py``, ADR 0054), started when an edition is published and whenever the
printed content of a published edition changes (a recomputed section); a reader who finds
no current PDF has it printed in the request, and stored for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from akkopsi.bulletin import services
from akkopsi.bulletin.models import DataSection, Edition, Image, SupersededSection
from akkopsi.bulletin.rendering import edition_items, image_ids, inline_images, render_markdown
from akkopsi.core.pdf import fingerprint, html_to_pdf

if TYPE_CHECKING:
    from akkopsi.accounts.models import User
    from akkopsi.jobs.models import Job

TEMPLATE = "bulletin/edition_pdf.html"
PRINT = "bulletin.print"


def content(edition: Edition) -> dict[str, Any]:
    """What the edition page and the PDF show: articles, data sections (live or frozen)."""
    articles = list(edition.articles.live().select_related("member__regency", "working_group"))
    superseded = SupersededSection.objects.select_related("section")
    sections = list(
        DataSection.objects.live()
        .filter(edition=edition)
        .prefetch_related(Prefetch("superseded_versions", superseded, to_attr="superseded"))
    )
    for s in sections:
        s.edition = edition
        s.figures, s.svg = services.section_figures(s)
    for a in articles:
        a.html = render_markdown(a.body)
    items = edition_items(articles, sections)
    foreword = render_markdown(edition.foreword)
    return {"edition": edition, "articles": articles, "sections": sections, "items": items} | {
        "foreword": foreword
    }


@dataclass(frozen=True, slots=True)
class Printable:
    """The HTML WeasyPrint is given for an edition, and its fingerprint."""

    html: str
    digest: str


def printable(edition: Edition) -> Printable:
    """The edition's print HTML as of now (Indonesian; uploaded images inlined)."""
    with translation.override("id"):  # the printed bulletin is Indonesian
        context = content(edition)
        wanted = set().union(*(image_ids(a.html) for a in context["articles"]))
        images = {i.pk: (i.content_type, _read(i)) for i in edition.images.filter(pk__in=wanted)}
        for a in context["articles"]:
            a.html = inline_images(a.html, images)
        html = render_to_string(TEMPLATE, context)
    return Printable(html, fingerprint(html))


def _read(img: Image) -> bytes:
    with img.file.open("rb") as f:
        return bytes(f.read())


def is_current(edition: Edition, page: Printable) -> bool:
    return bool(edition.pdf) and edition.pdf_digest == page.digest


def filename(edition: Edition) -> str:
    return f"akkopsinergi-{edition.number}"


def print_edition(edition: Edition, page: Printable | None = None) -> Edition:
    """Print ``page`` (the edition's current HTML by default) and store it as the edition's
    PDF with its fingerprint, unless the stored one is current already. The earlier file is
    deleted once this commits; a crash in between leaves it to the orphan sweep
    (``expire_uploads``: nothing refers to it, the history included)."""
    page = page or printable(edition)
    if is_current(edition, page):
        return edition
    pdf = html_to_pdf(page.html)
    name = f"{filename(edition)}-{page.digest[:12]}.pdf"
    with transaction.atomic():
        locked = Edition.objects.select_for_update().only("pk", "pdf", "pdf_digest")
        row = locked.get(pk=edition.pk)
        old = row.pdf.name
        if row.pdf_digest == page.digest and old:
            edition.pdf, edition.pdf_digest = row.pdf, row.pdf_digest
            return edition  # printed meanwhile (a reader, the job)
        row.pdf.save(name, ContentFile(pdf), save=False)  # deleted again on a rollback
        # An update, not save(): the print is no edit of the edition (no history row, no
        # new updated_at).
        Edition.objects.filter(pk=edition.pk).update(pdf=row.pdf.name, pdf_digest=page.digest)
        if old and old != row.pdf.name:
            storage = row.pdf.storage
            transaction.on_commit(lambda: storage.delete(old))
    edition.pdf, edition.pdf_digest = row.pdf, page.digest
    return edition


# -- the job -----------------------------------------------------------------------------------


def unfinished_job(edition: Edition) -> Job | None:
    from akkopsi.jobs.models import FINISHED, Job

    jobs = Job.objects.filter(kind=PRINT, params__edition=edition.pk).exclude(state__in=FINISHED)
    return jobs.order_by("pk").first()


def start(edition: Edition, *, by: User | None, priority: int = 0) -> Job:
    """Start the job printing ``edition``, or find the one not finished yet: at most one a
    time per edition (the edition's row is locked while looking). A job still waiting prints
    the content as it is when it runs."""
    from akkopsi.jobs import services as jobs

    with transaction.atomic():
        number = (
            Edition.objects.select_for_update().values_list("number", flat=True).get(pk=edition.pk)
        )
        job = unfinished_job(edition)
        if job is not None:
            return job
        params = {"edition": edition.pk, "number": number}  # the number for the job's title
        return jobs.start(PRINT, by=by, params=params, priority=priority)


def start_after_commit(edition: Edition, *, by: User | None) -> None:
    """Print ``edition`` again, at low priority, once the change in this transaction has
    committed (the job prints what was committed; a rollback starts nothing)."""
    from akkopsi.jobs.services import LOW_PRIORITY

    pk = edition.pk
    transaction.on_commit(lambda: start(Edition(pk=pk), by=by, priority=LOW_PRIORITY), robust=True)
