"""The Atom feed of published editions (drafts never appear: it reads published ones only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from akkopsi.bulletin.models import Edition


class EditionFeed(Feed):
    feed_type = Atom1Feed
    title = "Akkopsinergi"
    subtitle = "Buletin Aliansi Kabupaten/Kota Peduli Sanitasi (AKKOPSI)"
    language = "id"

    def link(self) -> str:
        return reverse("bulletin:edition_list")

    def items(self) -> Any:
        return Edition.objects.published().prefetch_related("articles")[:20]

    def item_title(self, item: Edition) -> str:
        return f"{item}: {item.theme}"

    def item_description(self, item: Edition) -> str:
        titles = [a.title for a in item.articles.all() if a.voided_at is None]
        return " · ".join(titles)

    def item_link(self, item: Edition) -> str:
        return reverse("bulletin:edition", args=[item.number])

    def item_pubdate(self, item: Edition) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Edition) -> datetime | None:
        return item.published_at
