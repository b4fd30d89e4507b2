"""Markdown to safe HTML, and the context that one template set turns into a page or a PDF.

Article bodies are written by the secretariat in Markdown and sanitised on every render
(nh3, an allow-list): no script, no event handler, no style, no outside image. Images may
only come from the edition's own uploads (``bulletin:image``); in the PDF they are inlined
as ``data:`` URIs because the PDF helper fetches nothing else.
"""

from __future__ import annotations

import re
from base64 import b64encode
from typing import Any

import markdown  # no stubs installed (types-Markdown)
import nh3
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "sub", "sup", "a", "img",
    "ul", "ol", "li", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"colspan"},
    "td": {"colspan"},
}


def _image_pattern() -> re.Pattern[str]:
    sample = reverse("bulletin:image", args=[0])
    prefix = re.escape(sample[: sample.rindex("0")])
    return re.compile(rf"^{prefix}(\d+)/$")


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and not _image_pattern().match(value):
        return None  # images come from the edition's uploads only
    return value


def render_markdown(text: str) -> SafeString:
    """Markdown → HTML with everything outside the allow-list removed."""
    # Headings start at h2: the page's title is the only h1.
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"])
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)


def image_ids(html: str) -> set[int]:
    pattern = _image_pattern()
    ids = set()
    for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', html):
        if m := pattern.match(src):
            ids.add(int(m.group(1)))
    return ids


def inline_images(html: str, images: dict[int, tuple[str, bytes]]) -> SafeString:
    """Replace uploaded-image URLs by data URIs (for the PDF); unknown images are dropped."""
    pattern = _image_pattern()

    def swap(match: re.Match[str]) -> str:
        m = pattern.match(match.group(1))
        found = images.get(int(m.group(1))) if m else None
        if found is None:
            return 'src=""'
        mime, body = found
        return f'src="data:{mime};base64,{b64encode(body).decode()}"'

    return mark_safe(re.sub(r'src="([^"]*)"', swap, html))


def edition_items(articles: list[Any], sections: list[Any]) -> list[tuple[str, Any]]:
    """Articles and data sections in the edition's order (position, then articles first)."""
    items = [("article", a) for a in articles] + [("section", s) for s in sections]
    return sorted(items, key=lambda it: (it[1].position, it[0] != "article", it[1].pk))
