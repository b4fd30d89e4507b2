"""The bulletin's work queue (the role homes, ``akkopsi.workspace``): the editions of
Akkopsinergi not yet published (drafts and editions in review), newest first; one query."""

from __future__ import annotations

from akkopsi.bulletin.choices import EditionStatus
from akkopsi.bulletin.models import Edition


def unpublished_editions(limit: int) -> list[Edition]:
    """Drafts and editions in review: what the secretariat still has to finish."""
    editions = Edition.objects.exclude(status=EditionStatus.PUBLISHED)
    return list(editions.order_by("-number")[:limit])
