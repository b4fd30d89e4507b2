"""Drafts are never public: not in the archive, the pages, the PDF, the feed, the API or by URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.bulletin.models import Edition

pytestmark = pytest.mark.django_db
OUTSIDERS = [None, "bontang", "balikpapan", "treasurer", "jury"]
EDITORS = ["secretariat", "admin"]


def _client(client: Any, users: dict[str, Any], who: str | None) -> Any:
    if who:
        client.force_login(users[who])
    return client


def _urls(edition: Edition) -> list[str]:
    article = edition.articles.get()
    return [
        reverse("bulletin:edition", args=[edition.number]),
        reverse("bulletin:article", args=[edition.number, article.pk]),
        reverse("bulletin:edition_pdf", args=[edition.number]),
        reverse("bulletin-edition-detail", args=[edition.number]),
        reverse("bulletin-article-detail", args=[article.pk]),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_drafts_are_hidden_from_everyone_but_the_secretariat(
    client: Any, users: dict[str, Any], published: Edition, draft: Edition, who: str | None
) -> None:
    c = _client(client, users, who)
    for url in _urls(draft):
        assert c.get(url).status_code == 404, url
    for path in [reverse("bulletin:edition_list"), reverse("bulletin:feed")]:
        body = c.get(path).content.decode()
        assert "Rakor Pokja di Balikpapan" in body or "Tema 2" in body
        assert "Rahasia redaksi" not in body and "Tema 3" not in body
    api = c.get(reverse("bulletin-article-list")).json()
    assert [a["title"] for a in api["results"]] == ["Rakor Pokja di Balikpapan"]
    assert [e["number"] for e in c.get(reverse("bulletin-edition-list")).json()["results"]] == [2]
    # An edition in review is just as hidden.
    from akkopsi.bulletin import services

    services.submit_for_review(draft, by=users["secretariat"])
    assert c.get(_urls(draft)[0]).status_code == 404


@pytest.mark.parametrize("who", EDITORS)
def test_the_secretariat_sees_and_previews_drafts(
    client: Any, users: dict[str, Any], draft: Edition, who: str
) -> None:
    c = _client(client, users, who)
    for url in _urls(draft)[:2] + _urls(draft)[3:]:
        assert c.get(url).status_code == 200, url
    page = c.get(_urls(draft)[0]).content.decode()
    assert "Rahasia redaksi" in page and "Submit for review" not in page  # Indonesian UI
    assert "Ajukan untuk ditelaah" in page


@pytest.mark.parametrize("who", [None, *OUTSIDERS[1:]])
def test_only_the_secretariat_edits_and_publishes(
    client: Any, users: dict[str, Any], draft: Edition, who: str | None
) -> None:
    c = _client(client, users, who)
    n = draft.number
    posts = [
        (reverse("bulletin:edition_status", args=[n]), {"step": "submit"}),
        (reverse("bulletin:edition_send", args=[n]), {}),
        (reverse("bulletin:section_add", args=[n]), {"position": 1, "kind": "dues"}),
        (reverse("bulletin:article_create", args=[n]), {"title": "x", "author": "y", "body": "z"}),
        (reverse("bulletin:edition_edit", args=[n]), {}),
        (reverse("bulletin:edition_create"), {}),
    ]
    for url, data in posts:
        assert c.post(url, data).status_code in (302, 403), url
        if who:
            assert c.post(url, data).status_code == 403, url
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.articles.count() == 1


def test_public_pages_of_a_published_edition(
    client: Any, published: Edition, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        body = client.get(reverse("bulletin:edition", args=[published.number])).content.decode()
    assert "Rakor Pokja di Balikpapan" in body and "Akkopsinergi No. 2" in body
    article = published.articles.get()
    body = client.get(reverse("bulletin:article", args=[2, article.pk])).content.decode()
    assert "<strong>artikel</strong>" in body
    feed = client.get(reverse("bulletin:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Akkopsinergi No. 2: Tema 2" in feed.content
