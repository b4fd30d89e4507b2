"""Actions of the award: each checks its rules and raises ValidationError or PermissionDenied."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet, Sum
from django.forms import BaseInlineFormSet, ModelForm
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import Permission, can, require, role_of
from akkopsi.awards.engine_messages import check_text
from akkopsi.awards.models import (
    Category,
    Criterion,
    Edition,
    JurorProfile,
    JuryMembership,
    JuryScore,
    MethodologyVersion,
    Nomination,
    ResultRun,
    refuse_if_locked,
)
from akkopsi.core.bulk import history_create
from akkopsi.core.dates import today
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import Submission
from akkopsi.dues.choices import InvoiceKind
from akkopsi.dues.due import past_due
from akkopsi.dues.models import HALF_SEN, LedgerEntry
from akkopsi.members.models import Member
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.services import notify

if TYPE_CHECKING:
    Formset = BaseInlineFormSet[Any, Any, Any]

MAX_EVIDENCE = 5 * 1024 * 1024
EVIDENCE_TYPES = ["pdf", "jpg", "jpeg", "png"]

# -- methodology versions ------------------------------------------------------------------------

#: The settings a new version takes over from the version it is based on.
COPIED_SETTINGS = (
    "description",
    "index_aggregation",
    "winsorise",
    "weight_noise",
    "min_jurors",
    "disagreement",
    "category_weighting",
    "category_pairwise",
    "tie_break",
    "max_arrears_days",
    "uncertain_normalisations",
    "uncertain_aggregations",
    "uncertain_imputations",
)


@transaction.atomic
def new_version(version: MethodologyVersion, *, by: User | None = None) -> MethodologyVersion:
    """A copy of ``version`` (categories and criteria) as the next version number."""
    last = MethodologyVersion.objects.filter(name=version.name).aggregate(v=Max("version"))["v"]
    settings = {name: getattr(version, name) for name in COPIED_SETTINGS}
    copy = MethodologyVersion.objects.create(
        name=version.name,
        version=(last or 0) + 1,
        based_on=version,
        created_by=by,
        **settings,
    )
    for cat in Category.objects.filter(methodology=version).prefetch_related("criteria"):
        criteria = list(cat.criteria.all())
        cat.pk = None
        cat.methodology = copy
        cat.save()
        for c in criteria:
            c.pk = None
            c.category = cat
            c.save()
    return copy


@transaction.atomic
def save_methodology(
    form: ModelForm[MethodologyVersion], categories: Formset, *, by: User
) -> MethodologyVersion:
    """Save a draft version's settings (``form``) and its categories (a formset)."""
    require(by, Permission.MANAGE_AWARDS)
    refuse_if_locked(form.instance)
    version = form.save()
    categories.instance = version
    categories.save()
    return version


@transaction.atomic
def save_criteria(category: Category, criteria: Formset, *, by: User) -> None:
    """Save the criteria (a formset) of a category of a draft version."""
    require(by, Permission.MANAGE_AWARDS)
    refuse_if_locked(category.methodology)
    criteria.instance = category
    criteria.save()


@transaction.atomic
def save_edition(form: ModelForm[Edition], *, by: User) -> Edition:
    """Create or change an edition: its year, methodology, timeline and open categories."""
    require(by, Permission.MANAGE_AWARDS)
    edition = form.instance
    if edition.pk and "methodology" in form.changed_data and edition.runs.exists():
        raise ValidationError(
            {"methodology": _("Results have been computed with this methodology.")}
        )
    return form.save()


# -- nominations and eligibility -----------------------------------------------------------------


def eligibility_date(edition: Edition) -> date:
    """The day the dues are looked at: today, or the close of nominations once past."""
    return min(today(), edition.nominations_close)


def eligibility_facts(edition: Edition, on: date, member: str = "member_id") -> dict[str, Any]:
    """The facts of the automatic check, as annotations of rows whose member is the column
    ``member``: ``verified`` (verified data for the data year) and, when the methodology
    sets a limit, ``in_arrears`` (yearly dues unpaid for more than ``max_arrears_days``
    after their due date, as of ``on``)."""
    facts: dict[str, Any] = {
        "verified": Exists(
            Submission.objects.filter(
                member_id=OuterRef(member),
                year=edition.data_year,
                status=SubmissionStatus.VERIFIED,
            )
        )
    }
    days = edition.methodology.max_arrears_days
    if days is None:
        return facts
    owing = (
        LedgerEntry.objects.filter(
            member_id=OuterRef(member),
            entry_date__lte=on,
            invoice__kind=InvoiceKind.DUES,
        )
        .filter(past_due(on, days=days, prefix="invoice__"))
        .values("invoice_id")
        .annotate(balance=Sum("amount"))
        .filter(balance__gt=HALF_SEN)  # sums of sen are REAL on SQLite
    )
    return facts | {"in_arrears": Exists(owing)}


def _with_eligibility_facts(edition: Edition, on: date) -> QuerySet[Nomination]:
    """The edition's nominations not decided by hand, with their :func:`eligibility_facts`."""
    qs = Nomination.objects.filter(edition=edition, eligibility_by_hand=False)
    return qs.annotate(**eligibility_facts(edition, on))


def eligibility_outcome(n: Any, year: int, days: int | None) -> tuple[bool, str]:
    """Whether a row annotated with :func:`eligibility_facts` is eligible, and the note saying why."""
    facts = {"year": year, "days": days}
    notes = [
        (_("Verified data for %(year)s.") if n.verified else _("No verified data for %(year)s."))
        % facts
    ]
    ok = bool(n.verified)
    if days is not None:
        if n.in_arrears:
            notes.append(_("Dues unpaid for more than %(days)s days after the due date.") % facts)
            ok = False
        else:
            notes.append(_("No dues unpaid for more than %(days)s days.") % facts)
    return ok, " ".join(notes)


def _save_outcomes(changed: list[Nomination]) -> None:
    """Write the changed outcomes: one UPDATE per distinct outcome (a handful), not a CASE
    per row, and their history in bulk."""
    now = timezone.now()
    outcomes: dict[tuple[bool | None, str], list[int]] = defaultdict(list)
    for n in changed:
        n.updated_at = now
        outcomes[(n.eligible, n.eligibility_note)].append(n.pk)
    with transaction.atomic():
        for (ok, note), ids in outcomes.items():
            Nomination.objects.filter(pk__in=ids).update(
                eligible=ok, eligibility_note=note, updated_at=now
            )
        history_create(changed, Nomination, update=True)


def check_eligibility_all(edition: Edition, nominations: Iterable[int] | None = None) -> int:
    """The automatic check of every nomination of ``edition`` (or of the given ids) not
    decided by hand: verified data for the data year, and, when the methodology sets a
    limit, no yearly dues unpaid for more than ``max_arrears_days`` after their due date
    (from the dues ledger as of :func:`eligibility_date`). One query reads every
    nomination with both facts; the changes are written in one bulk update. Returns the
    number of nominations checked."""
    qs = _with_eligibility_facts(edition, eligibility_date(edition))
    if nominations is not None:
        qs = qs.filter(pk__in=list(nominations))
    days = edition.methodology.max_arrears_days
    changed = []
    rows = list(qs)
    for n in rows:
        ok, note = eligibility_outcome(n, edition.data_year, days)
        if (n.eligible, n.eligibility_note) != (ok, note):
            n.eligible, n.eligibility_note = ok, note
            changed.append(n)
    if changed:
        _save_outcomes(changed)
    return len(rows)


def check_eligibility(nomination: Nomination) -> Nomination:
    """The automatic check of one nomination (see :func:`check_eligibility_all`)."""
    check_eligibility_all(nomination.edition, [nomination.pk])
    nomination.refresh_from_db(fields=["eligible", "eligibility_note", "updated_at"])
    return nomination


def set_eligibility(nomination: Nomination, *, eligible: bool, note: str, by: User) -> Nomination:
    """The secretariat's decision by hand, with a reason."""
    require(by, Permission.MANAGE_AWARDS)
    if not note.strip():
        raise ValidationError({"eligibility_note": _("Give the reason for the decision.")})
    nomination.eligible = eligible
    nomination.eligibility_note = note.strip()
    nomination.eligibility_by_hand = True
    nomination.save(
        update_fields=["eligible", "eligibility_note", "eligibility_by_hand", "updated_at"]
    )
    return nomination


def nominate(
    *,
    edition: Edition,
    member: Member,
    narrative: str,
    by: User,
    evidence: UploadedFile | None = None,
) -> Nomination:
    require(by, Permission.NOMINATE, member)
    day = today()
    if not can(by, Permission.MANAGE_AWARDS) and not (
        edition.nominations_open <= day <= edition.nominations_close
    ):
        raise ValidationError(_("Nominations for this edition are not open."))
    if not narrative.strip():
        raise ValidationError({"narrative": _("Write the narrative of the nomination.")})
    if evidence is not None:
        if (evidence.size or 0) > MAX_EVIDENCE:
            raise ValidationError({"evidence": _("The evidence file is larger than 5 MB.")})
        try:
            FileExtensionValidator(EVIDENCE_TYPES)(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
    defaults: dict[str, Any] = {"narrative": narrative.strip(), "nominated_by": by}
    if evidence is not None:
        defaults["evidence"] = evidence
    nomination, _created = Nomination.objects.update_or_create(
        edition=edition, member=member, defaults=defaults
    )
    return check_eligibility(nomination)


# -- jury ----------------------------------------------------------------------------------------


def conflict(juror: User, nomination: Nomination) -> str | None:
    """Why ``juror`` may not score ``nomination`` (None when they may)."""
    return conflicts(juror, [nomination])[nomination.pk]


def conflicts(juror: User, nominations: Iterable[Nomination]) -> dict[int, str | None]:
    """:func:`conflict` for many nominations (two queries, whatever their number); the
    nominations' ``member__regency`` should be selected."""
    noms = list(nominations)
    profile = JurorProfile.objects.filter(user=juror).first()
    if profile is None:
        why = _("Your juror profile (province) has not been recorded by the secretariat.")
        return dict.fromkeys((n.pk for n in noms), why)
    declared = set(
        profile.conflicts.filter(pk__in={n.member_id for n in noms}).values_list("pk", flat=True)
    )
    out: dict[int, str | None] = {}
    for n in noms:
        if n.member.regency.province_id == profile.province_id:
            out[n.pk] = _("A juror does not score a member of their own province.")
        elif n.member_id in declared:
            out[n.pk] = _("You declared a conflict of interest with this member.")
        else:
            out[n.pk] = None
    return out


def seats(juror: User, edition: Edition) -> set[int]:
    """Ids of the categories of ``edition`` whose jury ``juror`` sits on."""
    return set(
        JuryMembership.objects.filter(edition=edition, juror=juror).values_list(
            "category_id", flat=True
        )
    )


def jury_criteria(edition: Edition, juror: User | None = None) -> list[Criterion]:
    """The jury criteria of the edition; with ``juror``, only those of the categories
    whose jury they sit on."""
    qs = Criterion.objects.filter(category__methodology=edition.methodology, source="jury")
    if juror is not None:
        qs = qs.filter(
            category__in=JuryMembership.objects.filter(edition=edition, juror=juror).values(
                "category_id"
            )
        )
    return list(qs.select_related("category").order_by("category__position", "position", "code"))


@transaction.atomic
def set_jury(edition: Edition, category: Category, jurors: Iterable[User], *, by: User) -> None:
    """Seat exactly ``jurors`` on the jury of ``category`` in ``edition``."""
    require(by, Permission.MANAGE_AWARDS)
    if category.methodology_id != edition.methodology_id:
        raise ValidationError({"category": _("Not a category of this edition's methodology.")})
    jurors = list(jurors)
    for j in jurors:
        if role_of(j) != Role.JURY:
            raise ValidationError(
                {"jurors": _("%(user)s is not a juror.") % {"user": j.get_username()}}
            )
    wanted = {j.pk for j in jurors}
    current = list(JuryMembership.objects.filter(edition=edition, category=category))
    for seat in current:
        if seat.juror_id not in wanted:
            seat.delete()
    have = {s.juror_id for s in current}
    added = [j for j in jurors if j.pk not in have]
    for j in added:
        JuryMembership.objects.create(edition=edition, category=category, juror=j)
    context = {"edition": edition, "category": category}
    notify(
        added, Kind.JURY_ASSIGNED, context=context, link=reverse("awards:jury", args=[edition.year])
    )


def set_juries(
    edition: Edition, juries: Iterable[tuple[Category, Iterable[User]]], *, by: User
) -> None:
    """:func:`set_jury` for each category (the jury set-up page)."""
    for category, jurors in juries:
        set_jury(edition, category, jurors, by=by)


def score_many(
    nomination: Nomination, scores: Iterable[tuple[Criterion, Decimal, str]], *, by: User
) -> None:
    """:func:`score` for each (criterion, value, comment) a juror filled in."""
    for criterion, value, comment in scores:
        score(nomination=nomination, criterion=criterion, value=value, comment=comment, by=by)


@transaction.atomic
def score(
    *,
    nomination: Nomination,
    criterion: Criterion,
    value: Decimal,
    comment: str = "",
    by: User,
) -> JuryScore:
    require(by, Permission.SCORE)
    edition = nomination.edition
    if edition.jury_closed:
        raise ValidationError(_("The jury of this edition is closed."))
    if nomination.eligible is False:
        raise ValidationError(_("This nomination is not eligible."))
    why = conflict(by, nomination)
    if why:
        raise PermissionDenied(why)
    if criterion.category.methodology_id != edition.methodology_id or criterion.source != "jury":
        raise ValidationError({"criterion": _("Not a jury criterion of this edition.")})
    if criterion.category_id not in seats(by, edition):
        raise PermissionDenied(
            _("You do not sit on the jury of the category %(category)s.")
            % {"category": criterion.category.name}
        )
    if float(value) not in criterion.rubric_scores:
        raise ValidationError({"score": _("Choose one of the rubric levels.")})
    obj, _created = JuryScore.objects.update_or_create(
        nomination=nomination,
        criterion=criterion,
        juror=by,
        defaults={"score": value, "comment": comment},
    )
    return obj


@dataclass(frozen=True, slots=True)
class Spread:
    nomination_id: int
    criterion_id: int
    scores: tuple[float, ...]
    spread: float
    flagged: bool


def spreads(edition: Edition, scores: Iterable[JuryScore]) -> list[Spread]:
    """Per nomination x criterion: the jurors' scores, their spread (max - min) and whether
    it reaches the methodology's disagreement threshold."""
    by_key: dict[tuple[int, int], list[float]] = defaultdict(list)
    for s in scores:
        by_key[(s.nomination_id, s.criterion_id)].append(float(s.score))
    limit = float(edition.methodology.disagreement)
    out = []
    for (nom, crit), xs in sorted(by_key.items()):
        sp = max(xs) - min(xs)
        out.append(Spread(nom, crit, tuple(xs), sp, len(xs) > 1 and sp >= limit))
    return out


def close_jury(edition: Edition, *, by: User) -> None:
    require(by, Permission.MANAGE_AWARDS)
    edition.jury_closed = True
    edition.save(update_fields=["jury_closed", "updated_at"])


def refusal(failed: list[Any]) -> str:
    """Why an analysis whose checks failed is not published: each failed check (its code
    and the engine's message, which says what to do)."""
    parts = [f"{c['code'] if isinstance(c, dict) else c.code}: {check_text(c)}" for c in failed]
    return _("The uncertainty analysis failed its checks, so it is not published: %(checks)s.") % {
        "checks": "; ".join(parts)
    }


def publishable_run(edition: Edition) -> ResultRun:
    """The edition's current result, refused (ValidationError naming each failed check
    and what to do) when there is none or its uncertainty analysis failed its checks."""
    run = latest_run(edition)
    if run is None:
        raise ValidationError(_("Compute the results before publishing them."))
    failed = run.failed_checks
    if failed:
        raise ValidationError(refusal(failed))
    return run


def publish(edition: Edition, *, by: User) -> None:
    require(by, Permission.MANAGE_AWARDS)
    publishable_run(edition)
    edition.published = True
    edition.save(update_fields=["published", "updated_at"])


def superseded_runs(edition: Edition) -> list[ResultRun]:
    """The edition's earlier results, each kept with when and why it was replaced
    (newest first; without their inputs and results)."""
    return list(
        ResultRun.objects.filter(edition=edition, superseded_at__isnull=False)
        .defer("snapshot", "results")
        .order_by("-computed_at", "-id")
    )


def latest_run(edition: Edition) -> ResultRun | None:
    # The input snapshot is large and most pages show only results: load it when used.
    return (
        ResultRun.objects.filter(edition=edition, superseded_at__isnull=True)
        .defer("snapshot")
        .order_by("-computed_at", "-id")
        .first()
    )
