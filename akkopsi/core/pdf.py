"""The one PDF helper: a Django template rendered to HTML, printed to A4 PDF by WeasyPrint.

The same templates and CSS make the web page and the document. Every PDF gets the shared
print stylesheet ``akkopsi/static/akkopsi/print.css`` (A4, DejaVu fonts, which are
installed with the system's fontconfig). Resources are fetched only from the project's own
static files or ``data:`` URIs, never from the network: a PDF renders the same offline and
a template cannot be made to fetch an outside URL.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import mimetypes
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

PRINT_CSS = "akkopsi/print.css"
#: Relative URLs in templates resolve against this base; only its static files are served.
DEFAULT_BASE_URL = "https://akkopsi.invalid/"


def _static_path(url: str) -> Path | None:
    path = unquote(urlsplit(url).path)
    prefix = urlsplit(settings.STATIC_URL).path or "/static/"
    if not path.startswith(prefix):
        return None
    found = finders.find(path[len(prefix) :])
    if not found:
        candidate = Path(settings.STATIC_ROOT) / path[len(prefix) :]
        found = str(candidate) if candidate.is_file() else None
    return Path(found) if found else None


def _local_resource(url: str) -> tuple[bytes, str]:
    path = _static_path(url)
    if path is None:
        raise ValueError(f"PDF resources are limited to local static files: {url}")
    mime, _enc = mimetypes.guess_type(path.name)
    return path.read_bytes(), mime or "application/octet-stream"


def _fetcher() -> Any:
    """A WeasyPrint URL fetcher serving ``data:`` URIs and the project's static files only."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # WeasyPrint < 68: fetchers are functions returning a dict
        from weasyprint.urls import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
            if url.startswith("data:"):
                return default_url_fetcher(url, *args, **kwargs)
            body, mime = _local_resource(url)
            return {"string": body, "mime_type": mime}

        return fetch

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, mime = _local_resource(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return LocalFetcher(allowed_protocols=["data", "http", "https", "file"])


def render_pdf(
    template_name: str, context: dict[str, Any], *, base_url: str | None = None
) -> bytes:
    """Render ``template_name`` with ``context`` and return the PDF bytes (A4)."""
    return html_to_pdf(render_to_string(template_name, context), base_url=base_url)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Print ``html`` (a rendered template) to PDF (A4) with the shared print stylesheet."""
    from weasyprint import CSS, HTML  # imported late: loading WeasyPrint takes a moment

    fetcher = _fetcher()
    stylesheet = CSS(filename=finders.find(PRINT_CSS), url_fetcher=fetcher)
    document = HTML(string=html, base_url=base_url or DEFAULT_BASE_URL, url_fetcher=fetcher)
    # Presentational hints: HTML attributes such as <col width="20%"> apply, so print
    # templates size columns without style attributes.
    return bytes(document.write_pdf(stylesheets=[stylesheet], presentational_hints=True))


@functools.cache
def _weasyprint_version() -> str:
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        return ""


def fingerprint(html: str) -> str:
    """The SHA-256 of what decides the PDF :func:`html_to_pdf` prints from ``html``: the HTML
    itself, the shared print stylesheet, the local static files the HTML links to (its own
    stylesheets, a logo) and WeasyPrint's version. Equal fingerprints, equal documents: a
    stored PDF whose fingerprint is still the current one need not be printed again.

    Cheap (no WeasyPrint): files are read, not parsed. ``data:`` URIs are in the HTML."""
    digest = hashlib.sha256()

    def part(label: str, body: bytes) -> None:
        digest.update(f"{label}:{len(body)}:".encode())
        digest.update(body)

    part("weasyprint", _weasyprint_version().encode())
    part(PRINT_CSS, Path(finders.find(PRINT_CSS) or "").read_bytes())
    for url in sorted(set(re.findall(r'(?:href|src)="([^"]*)"', html))):
        path = _static_path(url) if not url.startswith(("data:", "#")) else None
        if path is not None:
            part(url, path.read_bytes())
    part("html", html.encode())
    return digest.hexdigest()


#: Characters of 8.5 pt DejaVu Sans digits that fit across the printable width of A4
#: (portrait 178 mm, landscape 265 mm; a digit is about 1.9 mm), for ``column_widths``.
A4_CHARS = {"portrait": 90, "landscape": 135}


def column_widths(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int]
) -> tuple[list[float], bool]:
    """Percent widths for a fixed-layout PDF table, and whether it needs landscape.

    A numeric column never wraps (``.num`` is ``white-space: nowrap``), so it gets room for
    its longest value; a text column wraps and is weighed by its text up to 24 characters.
    A tenth more for wider letters and bold headers, and four characters for the cell's
    padding, keep adjacent amounts apart.
    """
    numbers = set(numeric)
    longest = [max((len(w) for w in str(h).split()), default=0) for h in header]
    for row in rows:
        for i, value in enumerate(row):
            longest[i] = max(longest[i], len(str(value)))
    need = [round((n if i in numbers else min(n, 24)) * 1.1) + 4 for i, n in enumerate(longest)]
    total = sum(need) or 1
    landscape = total > A4_CHARS["portrait"]
    return [round(100 * n / total, 1) for n in need], landscape


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """An HttpResponse carrying ``pdf`` (shown in the browser unless ``inline`` is False)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    return response
