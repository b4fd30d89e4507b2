"""Draft -> review -> published by the secretariat; publishing freezes the data sections."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from akkopsi.bulletin import services
from akkopsi.bulletin.models import Article, DataSection, Edition
from akkopsi.core.charts import Chart
from akkopsi.core.tests.confirming import confirm
from akkopsi.members import services as member_services

pytestmark = pytest.mark.django_db


def test_workflow_through_the_pages(client: Any, users: dict[str, Any], members: Any) -> None:
    client.force_login(users["secretariat"])
    r = client.post(
        reverse("bulletin:edition_create"),
        {"number": 9, "volume": "Tahun I", "issued_on": "2015-05-25", "theme": "Rakor"},
    )
    assert r.status_code == 302
    status = reverse("bulletin:edition_status", args=[9])
    client.post(status, {"step": "submit"}, follow=True)
    assert Edition.objects.get(number=9).status == "draft"  # no article yet
    r = client.post(
        reverse("bulletin:article_create", args=[9]),
        {
            "position": 1,
            "title": "Rakor",
            "author": "Seknas",
            "body": "Isi",
            "member": members["6474"].pk,
        },
    )
    assert r.status_code == 302
    client.post(reverse("bulletin:section_add", args=[9]), {"position": 2, "kind": "membership"})
    client.post(status, {"step": "submit"})
    assert Edition.objects.get(number=9).status == "review"
    client.post(status, {"step": "return"})
    assert Edition.objects.get(number=9).status == "draft"
    client.post(status, {"step": "submit"})
    confirm(client, reverse("bulletin:edition_publish", args=[9]))
    edition = Edition.objects.get(number=9)
    assert edition.status == "published" and edition.published_by == users["secretariat"]
    section = edition.sections.get()
    assert section.frozen["count"] == 3 and section.frozen_at is not None
    assert Chart.from_json(section.frozen_svg).svg.startswith("<svg")  # frozen as published
    # A published edition no longer changes.
    r = client.post(
        reverse("bulletin:article_create", args=[9]), {"title": "x", "author": "y", "body": "z"}
    )
    assert r.status_code == 302 and edition.articles.count() == 1


def test_frozen_figures_do_not_follow_later_data(
    client: Any, users: dict[str, Any], published: Edition, regions: Any
) -> None:
    before = published.sections.get().frozen
    member_services.create_member(
        regency=regions["6472"], membership_number="AKK-9", joined_on=date(2015, 1, 1), by=None
    )
    body = client.get(reverse("bulletin:edition", args=[2])).content.decode()
    assert published.sections.get().frozen == before
    assert f"{before['count']} anggota kabupaten/kota pada 25 Mei 2015" in body


def test_steps_out_of_order_are_refused(users: dict[str, Any], draft: Edition) -> None:
    with pytest.raises(ValidationError):
        services.publish(draft, by=users["secretariat"])
    with pytest.raises(ValidationError):
        services.return_to_draft(draft, by=users["secretariat"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.submit_for_review(draft, by=users["bontang"])


def test_removing_an_article_needs_a_reason(
    client: Any, users: dict[str, Any], draft: Edition
) -> None:
    client.force_login(users["secretariat"])
    article = draft.articles.get()
    url = reverse("bulletin:article_void", args=[3, article.pk])
    client.post(url, {"reason": ""})
    assert Article.objects.live().filter(pk=article.pk).exists()
    client.post(url, {"reason": "ditunda ke edisi berikut"})
    assert not Article.objects.live().filter(pk=article.pk).exists()
    section = DataSection.objects.get(edition=draft)
    client.post(reverse("bulletin:section_void", args=[3, section.pk]), {"reason": "tidak perlu"})
    assert not DataSection.objects.live().filter(pk=section.pk).exists()
