"""Images are checked by content, stored under our own name and served only as images."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akkopsi.bulletin.models import Edition, Image
from akkopsi.bulletin.tests.conftest import PNG

pytestmark = pytest.mark.django_db


def _upload(client: Any, number: int, name: str, content: bytes, mime: str) -> Any:
    return client.post(
        reverse("bulletin:image_upload", args=[number]),
        {"file": SimpleUploadedFile(name, content, mime), "description": "Foto"},
        follow=True,
    )


def test_png_is_accepted_and_served_as_png(
    client: Any, users: dict[str, Any], draft: Edition
) -> None:
    client.force_login(users["secretariat"])
    _upload(client, 3, "foto rakor.html", PNG, "text/html")
    image = Image.objects.get()
    assert image.content_type == "image/png" and image.file.name.endswith(".png")
    assert "rakor" not in image.file.name  # the uploader's name is not kept
    response = client.get(reverse("bulletin:image", args=[image.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    client.logout()
    assert client.get(reverse("bulletin:image", args=[image.pk])).status_code == 403  # draft


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("x.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("x.gif", b"GIF89a" + b"<script>alert(1)</script>", "image/gif"),
        ("x.png", PNG[:20], "image/png"),
    ],
)
def test_anything_but_a_real_image_is_refused(
    client: Any, users: dict[str, Any], draft: Edition, name: str, content: bytes, mime: str
) -> None:
    client.force_login(users["secretariat"])
    body = _upload(client, 3, name, content, mime).content.decode()
    assert not Image.objects.exists()
    assert "PNG, JPEG, WebP" in body or "rusak" in body


def test_too_large_image_is_refused(client: Any, users: dict[str, Any], draft: Edition) -> None:
    client.force_login(users["secretariat"])
    _upload(client, 3, "big.png", PNG + b"\0" * (5 * 1024 * 1024), "image/png")
    assert not Image.objects.exists()
