"""Row-level access to the award: which editions, results, scorecards, nominations and
scores a user may see or act on. Pages and the API ask here; services ask too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import (
    Permission,
    actor,  # noqa: F401  (the one actor helper)
    can,
    own_member_id,
    role_of,
)
from akkopsi.awards.models import Edition, JuryScore, Nomination, ResultRun
from akkopsi.members.models import Member

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    Viewer = User | AnonymousUser


def edition_or_404(year: int) -> Edition:
    return get_object_or_404(Edition.objects.select_related("methodology"), year=year)


def can_see_results(user: Viewer, edition: Edition) -> bool:
    return edition.published or can(user, Permission.MANAGE_AWARDS)


def can_see_scorecard(user: Viewer, edition: Edition, member: Member) -> bool:
    """Published: everyone. Before: the secretariat, and the member's own staff if the
    edition allows it."""
    if can_see_results(user, edition):
        return True
    return (
        edition.scorecards_preview
        and role_of(user) == Role.MEMBER_STAFF
        and can(user, Permission.NOMINATE, member)
    )


def can_see_nomination(user: Viewer, nomination: Nomination) -> bool:
    """The secretariat, the member's own staff, and jurors who may score it."""
    from akkopsi.awards.services import conflict

    if can(user, Permission.MANAGE_AWARDS):
        return True
    if role_of(user) == Role.MEMBER_STAFF:
        return can(user, Permission.NOMINATE, nomination.member)
    if not isinstance(user, User) or not can(user, Permission.SCORE):
        return False
    return conflict(user, nomination) is None


def may_see_jury(user: Viewer) -> bool:
    """The jury page: jurors and the secretariat."""
    return can(user, Permission.SCORE) or can(user, Permission.MANAGE_AWARDS)


def shown_run(edition: Edition, shown: str | None, earlier: list[ResultRun]) -> ResultRun | None:
    """The result the edition page shows: the current one, or one of the ``earlier`` ones
    that were replaced (``?hasil=<id>``; 404 for any other run)."""
    from akkopsi.awards.services import latest_run

    if not (shown and shown.isdigit()):
        return latest_run(edition)
    if not any(r.pk == int(shown) for r in earlier):
        raise Http404
    return ResultRun.objects.defer("snapshot").get(pk=int(shown))


def scorecard_member(user: Viewer, edition: Edition, code: str) -> Member:
    """The member whose scorecard is asked for: 403 to a signed-in user who may not see
    it, 404 to the public."""
    member = get_object_or_404(Member.objects.select_related("regency"), regency_id=code)
    if not can_see_scorecard(user, edition, member):
        if user.is_authenticated:
            raise PermissionDenied
        raise Http404
    return member


def nominable_members(user: Viewer) -> QuerySet[Member]:
    """The members ``user`` may nominate: their own as member staff, else all."""
    members = Member.objects.select_related("regency").order_by("regency__name")
    own = own_member_id(user)
    return members if own is None else members.filter(pk=own)


def visible_nominations(user: Viewer, edition: Edition | None = None) -> QuerySet[Nomination]:
    """Nominations (of ``edition``) ``user`` sees in the nomination lists: member staff
    their own member's, others all."""
    qs = Nomination.objects.select_related("edition", "member__regency")
    if edition is not None:
        qs = qs.filter(edition=edition)
    own = own_member_id(user)
    return qs if own is None else qs.filter(member_id=own)


def nomination_or_404(year: int, pk: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.select_related("member__regency", "edition"), pk=pk, edition__year=year
    )


def scorable_nomination(user: User, edition: Edition, pk: int) -> Nomination:
    """The nomination a juror opens to score: 404 when it was found ineligible (it is not
    offered for scoring at all, as on the jury page), 403 with the reason on a conflict."""
    from akkopsi.awards.services import conflict

    nomination = get_object_or_404(
        Nomination.objects.select_related(
            "member__regency__province", "edition__methodology"
        ).exclude(eligible=False),
        pk=pk,
        edition=edition,
    )
    why = conflict(user, nomination)
    if why:
        raise PermissionDenied(why)
    return nomination


def no_seat_reason() -> str:
    return _("You do not sit on any jury of this edition.")


def visible_scores(user: Viewer, edition: Edition) -> QuerySet[JuryScore]:
    """Jury scores ``user`` may see: all for the secretariat or once the jury has closed;
    a juror's own only while it is open (blind scoring)."""
    qs = JuryScore.objects.filter(nomination__edition=edition).select_related(
        "juror", "criterion", "nomination__member__regency"
    )
    if can(user, Permission.MANAGE_AWARDS) or (edition.jury_closed and can(user, Permission.SCORE)):
        return qs
    if isinstance(user, User) and can(user, Permission.SCORE):
        return qs.filter(juror=user)
    return qs.none()


def api_scores(user: Viewer) -> QuerySet[JuryScore]:
    """The scores of the API list: all for the secretariat; a juror's own, and everyone's
    once the jury of their edition has closed."""
    qs = JuryScore.objects.select_related("juror").order_by("id")
    if can(user, Permission.MANAGE_AWARDS):
        return qs
    return qs.filter(Q(juror=user) | Q(nomination__edition__jury_closed=True))
