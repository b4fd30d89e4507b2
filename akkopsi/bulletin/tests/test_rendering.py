"""Markdown is sanitised on render: script, event handlers, javascript: links, outside images."""

from __future__ import annotations

import pytest

from akkopsi.bulletin.rendering import image_ids, inline_images, render_markdown


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src="/akkopsinergi/gambar/1/" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">klik</a>',
        "[klik](javascript:alert(1))",
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://contoh.invalid/"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<body onload=alert(1)>",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    ],
)
def test_markdown_injection_is_neutralised(markdown: str) -> None:
    html = str(render_markdown(markdown)).lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "style=",
        "<svg",
    ):
        assert bad not in html, html


def test_markdown_keeps_ordinary_formatting() -> None:
    html = str(
        render_markdown(
            "# Judul\n\nTeks **tebal** dan [tautan](https://akkopsi.or.id).\n\n- satu\n- dua"
        )
    )
    assert "<h2>Judul</h2>" in html  # the page title is the only h1
    assert "<strong>tebal</strong>" in html and "<li>satu</li>" in html
    assert 'href="https://akkopsi.or.id"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_only_uploaded_images_are_kept() -> None:
    html = str(render_markdown("![a](/akkopsinergi/gambar/7/) ![b](https://pelacak.invalid/x.png)"))
    assert 'src="/akkopsinergi/gambar/7/"' in html
    assert "pelacak.invalid" not in html
    assert image_ids(html) == {7}


def test_pdf_inlines_uploaded_images_and_drops_unknown_ones() -> None:
    html = str(render_markdown("![a](/akkopsinergi/gambar/7/) ![b](/akkopsinergi/gambar/8/)"))
    out = str(inline_images(html, {7: ("image/png", b"\x89PNG")}))
    assert 'src="data:image/png;base64,iVBORw=="' in out
    assert "/akkopsinergi/gambar/8/" not in out
