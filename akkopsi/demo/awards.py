"""Demo of the Sanipura Award: the 2014 and 2015 editions on two methodology versions.

Version 1 (2014): access, waste and a jury criterion, min-max, equal weights. Version 2
(2015, the "improved methodology"): goalposts 0-100 for the percentages, safely managed
access and ODF villages added, categories weighted by AHP (access counts double), ties
broken by safely managed access then access, dues not more than two years in arrears,
and normalisation, aggregation and imputation alternatives in the uncertainty analysis.
Twenty members with verified data are nominated each year; the juror ``juri`` (DKI
Jakarta) sits on the innovation jury and scores them; results are computed and
published, so the comparison page shows real rank shifts. Idempotent.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

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
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import Indicator, Submission
from akkopsi.regions.models import Province

RUBRIC = [
    {"score": 1, "label": "Belum ada inovasi"},
    {"score": 2, "label": "Inovasi dirintis"},
    {"score": 3, "label": "Inovasi berjalan dan terdokumentasi"},
    {"score": 4, "label": "Inovasi direplikasi daerah lain"},
]
JUROR_PROVINCE = "31"  # DKI Jakarta: no member there, so no conflict in the demo
ALWAYS = ["6474", "6471", "1371"]  # Bontang, Balikpapan, Padang


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


def load_awards() -> None:
    if Edition.objects.filter(year__in=[2014, 2015]).exists():
        return
    juror = User.objects.filter(username="juri", role=Role.JURY).first()
    if juror is None:
        return
    JurorProfile.objects.get_or_create(
        user=juror, defaults={"province": Province.objects.get(code=JUROR_PROVINCE)}
    )
    secretariat = User.objects.filter(role=Role.SECRETARIAT).first()
    v1 = _version_1()
    v2 = _version_2(v1)
    for year, version in ((2014, v1), (2015, v2)):
        edition = _edition(year, version)
        verified = list(
            Submission.objects.filter(year=year - 1, status=SubmissionStatus.VERIFIED)
            .exclude(member__regency__province_id=JUROR_PROVINCE)
            .values_list("member__regency_id", "member_id")
        )
        chosen = {c for c, _ in verified if c in ALWAYS}
        chosen |= {c for c, _ in sorted(verified, key=lambda x: _h("nom", x[0]))[:17]}
        ids = dict(verified)
        # Scores are drawn from the member code, not the row id, so they are the same on any database.
        codes = {member_id: code for code, member_id in verified}
        noms = []
        for code in sorted(chosen):
            n = Nomination.objects.create(
                edition=edition,
                member_id=ids[code],
                narrative="Narasi capaian sanitasi (demo).",
                nominated_by=secretariat,
            )
            noms.append(services.check_eligibility(n))
        crit = Criterion.objects.get(category__methodology=version, code="inovasi_juri")
        JuryMembership.objects.create(edition=edition, category=crit.category, juror=juror)
        JuryScore.objects.bulk_create(
            JuryScore(
                nomination=n,
                criterion=crit,
                juror=juror,
                score=Decimal(1 + _h("skor", codes[n.member_id]) % 4),
                comment="Penilaian demo.",
            )
            for n in noms
        )
        edition.jury_closed = True
        edition.save()
        compute.run(edition, replications=200, seed=year, by=secretariat)
        edition.published = True
        edition.save()
