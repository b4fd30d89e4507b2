from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest

from akkopsi.bulletin import services
from akkopsi.bulletin.choices import SectionKind
from akkopsi.bulletin.models import Article, DataSection, Edition


def _png() -> bytes:
    from PIL import Image as PILImage

    buf = BytesIO()
    PILImage.new("RGB", (4, 4), "#0f766e").save(buf, "PNG")
    return buf.getvalue()


PNG = _png()  # small, valid, decodable


def make_edition(number: int, *, title: str, **fields: Any) -> Edition:
    edition = Edition.objects.create(
        number=number, issued_on=fields.pop("issued_on", date(2015, 5, 25)), theme=f"Tema {number}"
    )
    Article.objects.create(
        edition=edition, position=1, title=title, author="Seknas", body="Isi **artikel**."
    )
    DataSection.objects.create(edition=edition, position=2, kind=SectionKind.MEMBERSHIP)
    return edition


@pytest.fixture
def published(users: dict[str, Any]) -> Edition:
    edition = make_edition(2, title="Rakor Pokja di Balikpapan")
    services.submit_for_review(edition, by=users["secretariat"])
    return services.publish(edition, by=users["secretariat"])


@pytest.fixture
def draft(users: dict[str, Any]) -> Edition:
    return make_edition(3, title="Rahasia redaksi: belum terbit")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path  # uploads of a test never land in var/media
