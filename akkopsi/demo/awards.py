"""Demo of the Sanipura Award: the 2014 and 2015 editions on two methodology versions.

Version 1 (2014): access, waste and a jury criterion, min-max, equal weights. Version 2
(2015, the "improved methodology"): goalposts 0-100 for the percentages, safely managed
access and ODF villages added, categories weighted by AHP (access counts double), ties
broken by safely managed access then access, dues not more than two years in arrears,
and normalisation, aggregation and imputation alternatives in the uncertainty analysis.
Every member with verified data for the data year is nominated (``hold_edition``), in
2014 and 2015 and in an edition a year after them to 2025 on version 2, so that every
member's Rapor Sanitasi has a rank. The jurors ``juri`` (DKI Jakarta) and ``juri2``
(Sulawesi Selatan) sit on the innovation jury and score every nominee outside their own
province; results are computed (the full uncertainty and sensitivity analysis, as the
secretariat's button runs it) and published only when the analysis passes its checks, so
the comparison page shows real rank shifts. Idempotent.

The analyses are the slow part of the load. ``load_awards(defer=True)`` (``akkopsi demo
--defer-analyses``, which ``make run`` uses) computes only the editions the bulletin's demo
reads (announced by 19 May 2015) and holds the later ones with their jury closed;
:func:`finish_held_editions` (``akkopsi demo_analyses``) then computes and publishes them,
one transaction each, leaving the same data as the undeferred load.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date
from decimal import Decimal

from django.db import OperationalError

from akkopsi.accounts.models import Role, User
from akkopsi.awards import compute, services
from akkopsi.awards.models import (
    Category,
    Criterion,
    Edition,
    JurorProfile,
    JuryMembership,
    JuryScore,
    MethodologyVersion,
    Nomination,
)
from akkopsi.core.bulk import bulk_create_with_history
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import Indicator, Submission
from akkopsi.regions.models import Province

RUBRIC = [
    {"score": 1, "label": "Belum ada inovasi"},
    {"score": 2, "label": "Inovasi dirintis"},
    {"score": 3, "label": "Inovasi berjalan dan terdokumentasi"},
    {"score": 4, "label": "Inovasi direplikasi daerah lain"},
]
#: Demo jurors and the province each comes from (DKI Jakarta, Sulawesi Selatan): a juror
#: never scores a member of its own province, so every nominee has at least one score.
JURORS = {"juri": "31", "juri2": "73"}
#: An edition a year after the two of the article's time, each on version 2.
LATER_YEARS = range(2016, 2026)
NOTE = "Sanipura Award demo."
#: A held edition is tried again this many times when the database is locked by another
#: writer (SQLite under make run), waiting 1, 2, 4... s.
LOCKED_RETRIES = 6


def _h(*parts: object) -> int:
    return int(hashlib.sha256("-".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _version_1() -> MethodologyVersion:
    ind = {i.code: i for i in Indicator.objects.all()}
    v = MethodologyVersion.objects.create(
        name="Sanipura",
        version=1,
        description="Metodologi Penghargaan Sanipura 2014: min-max, bobot sama.",
        uncertain_normalisations=["rank"],
    )
    akses = Category.objects.create(methodology=v, code="akses", name="Kinerja akses sanitasi")
    sampah = Category.objects.create(
        methodology=v, code="persampahan", name="Pengelolaan sampah", position=1
    )
    inov = Category.objects.create(methodology=v, code="inovasi", name="Inovasi", position=2)
    Criterion.objects.create(
        category=akses,
        code="layak",
        name="Akses sanitasi layak",
        source="catalogue",
        indicator=ind["akses_layak"],
    )
    Criterion.objects.create(
        category=akses,
        code="babs",
        name="BABS di tempat terbuka",
        source="catalogue",
        indicator=ind["babs"],
        direction=-1,
        position=1,
    )
    Criterion.objects.create(
        category=sampah,
        code="sampah",
        name="Sampah tertangani",
        source="catalogue",
        indicator=ind["sampah_tertangani"],
    )
    Criterion.objects.create(
        category=inov, code="inovasi_juri", name="Inovasi sanitasi", source="jury", rubric=RUBRIC
    )
    return v


def _version_2(v1: MethodologyVersion) -> MethodologyVersion:
    ind = {i.code: i for i in Indicator.objects.all()}
    v2 = services.new_version(v1)
    v2.description = (
        "Metodologi yang disempurnakan (2015): goalpost 0-100 untuk persentase, akses aman "
        "dan desa ODF ditambahkan, bobot akses dinaikkan."
    )
    v2.category_weighting = "ahp"
    v2.category_pairwise = [[1, 2, 2], [0.5, 1, 1], [0.5, 1, 1]]  # akses, persampahan, inovasi
    v2.tie_break = "aman, layak"
    v2.max_arrears_days = 730
    v2.uncertain_normalisations = ["minmax", "rank"]
    v2.uncertain_aggregations = ["gmean"]
    v2.uncertain_imputations = ["none", "median"]
    v2.save()
    Criterion.objects.filter(category__methodology=v2, source="catalogue").update(
        normalisation="goalposts", lower=0, upper=100
    )
    akses = Category.objects.get(methodology=v2, code="akses")
    Criterion.objects.create(
        category=akses,
        code="aman",
        name="Akses sanitasi aman",
        source="catalogue",
        indicator=ind["akses_aman"],
        normalisation="goalposts",
        lower=0,
        upper=100,
        weight=Decimal(2),
        position=2,
    )
    Criterion.objects.create(
        category=akses,
        code="odf",
        name="Desa/kelurahan ODF",
        source="catalogue",
        indicator=ind["desa_odf"],
        normalisation="goalposts",
        lower=0,
        upper=100,
        position=3,
    )
    return v2


def _edition(year: int, version: MethodologyVersion) -> Edition:
    e = Edition.objects.create(
        year=year,
        data_year=year - 1,
        methodology=version,
        nominations_open=date(year, 1, 15),
        nominations_close=date(year, 3, 15),
        jury_closes=date(year, 4, 30),
        announcement=date(year, 5, 19),
    )
    e.open_categories.set(version.categories.all())
    return e


def jurors() -> list[User]:
    """The demo jurors that exist, each with the province it comes from (it never scores a
    member there); other jury users keep their own profile, or get DKI Jakarta's."""
    provinces = set(Province.objects.values_list("code", flat=True))
    out = []
    for user in User.objects.filter(role=Role.JURY, is_active=True).order_by("username"):
        code = JURORS.get(user.username, JURORS["juri"])
        if code not in provinces and not JurorProfile.objects.filter(user=user).exists():
            continue
        JurorProfile.objects.get_or_create(user=user, defaults={"province_id": code})
        out.append(user)
    return out


Nominee = tuple[int, str, str]  # member id, regency code, province code


def _nominate(
    edition: Edition, nominees: list[Nominee], secretariat: User | None, note: str
) -> dict[int, Nomination]:
    """Nominate ``nominees`` as the secretariat and check their eligibility."""
    bulk_create_with_history(
        [
            Nomination(
                edition=edition,
                member_id=member_id,
                narrative="Narasi capaian sanitasi (demo).",
                nominated_by=secretariat,
            )
            for member_id, _code, _province in nominees
        ],
        Nomination,
        batch_size=1000,
        default_change_reason=note,
    )
    services.check_eligibility_all(edition)
    return {n.member_id: n for n in Nomination.objects.filter(edition=edition)}


def _score(
    edition: Edition,
    nominees: list[Nominee],
    noms: dict[int, Nomination],
    jury: list[User],
    note: str,
) -> None:
    """Seat ``jury`` on every jury category and score each nominee by every juror not from
    its province (scores drawn from codes, so the same on any database)."""
    criteria = list(
        Criterion.objects.filter(category__methodology=edition.methodology, source="jury")
    )
    bulk_create_with_history(
        [
            JuryMembership(edition=edition, category_id=c, juror=j)
            for c in sorted({c.category_id for c in criteria})
            for j in jury
        ],
        JuryMembership,
        default_change_reason=note,
    )
    province = {j.pk: j.juror_profile.province_id for j in jury}
    bulk_create_with_history(
        [
            JuryScore(
                nomination=noms[member_id],
                criterion=c,
                juror=j,
                score=Decimal(1 + _h("skor", edition.year, j.username, code, c.code) % 4),
                comment="Penilaian demo.",
            )
            for member_id, code, prov in nominees
            for j in jury
            if province[j.pk] != prov
            for c in criteria
        ],
        JuryScore,
        batch_size=1000,
        default_change_reason=note,
    )


def hold_edition(
    edition: Edition,
    *,
    jury: list[User],
    secretariat: User | None,
    replications: int,
    members: list[int] | None = None,
    note: str = NOTE,
    publish: bool = True,
) -> int:
    """Run ``edition`` as the secretariat and the jury would: nominate every member with
    verified data for the data year (or those of ``members``), check eligibility, seat
    ``jury`` on every jury category, score each nominee by every juror not from its
    province (scores drawn from codes, so the same on any database), compute and publish
    (with ``publish=False``, stop once the jury is closed: :func:`finish_edition` does the
    rest). Returns the number of nominations."""
    verified = Submission.objects.filter(
        year=edition.data_year, status=SubmissionStatus.VERIFIED
    ).order_by("member__regency_id")
    if members is not None:
        verified = verified.filter(member_id__in=members)
    nominees = list(
        verified.values_list("member_id", "member__regency_id", "member__regency__province_id")
    )
    noms = _nominate(edition, nominees, secretariat, note)
    _score(edition, nominees, noms, jury, note)
    edition.jury_closed = True
    edition.save()
    if publish:
        finish_edition(edition, secretariat=secretariat, replications=replications)
    return len(nominees)


def finish_edition(edition: Edition, *, secretariat: User | None, replications: int) -> None:
    """Compute a held edition's results (with the analysis) and publish them."""
    if edition.nominations.exists() and services.latest_run(edition) is None:
        compute.run(edition, replications=replications, seed=edition.year, by=secretariat)
        services.publishable_run(edition)  # refuses an analysis whose checks fail
    edition.published = True
    edition.save()


def held_editions() -> list[Edition]:
    """The demo's later editions held by ``load_awards(defer=True)``: jury closed, not
    published (computed already when an earlier call stopped before publishing)."""
    return list(
        Edition.objects.filter(year__in=LATER_YEARS, jury_closed=True, published=False).order_by(
            "year"
        )
    )


def finish_held_editions() -> int:
    """Compute and publish every held edition, in year order. No transaction spans the
    computation (under make run, SQLite has another writer): the result is saved in one
    (``compute.run``), then published; run again after an interruption, it does the rest.
    Returns how many."""
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    done = 0
    for edition in held_editions():
        for attempt in range(LOCKED_RETRIES + 1):
            try:
                finish_edition(
                    edition, secretariat=secretariat, replications=compute.DEFAULT_REPLICATIONS
                )
                break
            except OperationalError:  # SQLite: another writer (make run's solve_plans)
                if attempt == LOCKED_RETRIES:
                    raise
                time.sleep(2**attempt)
        done += 1
    return done


def load_awards(*, defer: bool = False) -> None:
    """The 2014 and 2015 editions (methodology versions 1 and 2), then one a year on version
    2 to 2025; with ``defer``, the later ones are held for :func:`finish_held_editions`.
    Idempotent: nothing happens once 2014 or 2015 exists."""
    if Edition.objects.filter(year__in=[2014, 2015]).exists():
        return
    jury = jurors()
    if not jury:
        return
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    v1 = _version_1()
    v2 = _version_2(v1)
    for year, version in ((2014, v1), (2015, v2), *((y, v2) for y in LATER_YEARS)):
        if not Edition.objects.filter(year=year).exists():
            hold_edition(
                _edition(year, version),
                jury=jury,
                secretariat=secretariat,
                replications=compute.DEFAULT_REPLICATIONS,
                publish=not (defer and year in LATER_YEARS),
            )
