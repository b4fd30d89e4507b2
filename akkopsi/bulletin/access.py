"""Row scoping of the bulletin: drafts and editions in review exist only for the secretariat.

For everyone else they answer 404: the archive, the pages, the PDF, the images, the feed and
the API all start from :func:`visible_editions`.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.bulletin.models import Article, Edition, EditionQuerySet

Viewer = User | AnonymousUser | None


def is_editor(user: Viewer) -> bool:
    """May ``user`` see unpublished editions and change the bulletin?"""
    return can(user, Permission.EDIT_BULLETIN)


def visible_editions(user: Viewer) -> EditionQuerySet:
    """Every edition for the secretariat; published editions for everyone else."""
    editions: EditionQuerySet = Edition.objects.all()
    return editions if is_editor(user) else editions.published()


def visible_articles(user: Viewer) -> QuerySet[Article]:
    """The live articles of the editions ``user`` may see."""
    return Article.objects.live().filter(edition__in=visible_editions(user))


def edition_for(user: Viewer, number: int) -> Edition:
    """The edition ``number`` if ``user`` may read it (403 without the public permission,
    404 when it does not exist or is not published and ``user`` is not an editor)."""
    require(user, Permission.VIEW_PUBLIC)
    return get_object_or_404(visible_editions(user), number=number)
