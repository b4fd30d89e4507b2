"""An award with two categories (catalogue indicators, a jury criterion) over the shared members."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

RUBRIC = [
    {"score": 1, "label": "rendah"},
    {"score": 2, "label": "cukup"},
    {"score": 3, "label": "baik"},
    {"score": 4, "label": "sangat baik"},
]


def make_methodology(name: str = "Sanipura", gmean: bool = False) -> Any:
    from akkopsi.awards.models import Category, Criterion, MethodologyVersion
    from akkopsi.data.models import Indicator

    v = MethodologyVersion.objects.create(
        name=name, version=1, disagreement=2, uncertain_normalisations=["rank"]
    )
    akses = Category.objects.create(methodology=v, code="akses", name="Akses", weight=2)
    inov = Category.objects.create(methodology=v, code="inovasi", name="Inovasi", position=1)
    Criterion.objects.create(
        category=akses,
        code="layak",
        name="Akses layak",
        source="catalogue",
        indicator=Indicator.objects.get(code="akses_layak"),
        normalisation="goalposts" if gmean else "minmax",
        lower=0 if gmean else None,
        upper=100 if gmean else None,
    )
    Criterion.objects.create(
        category=akses,
        code="babs",
        name="BABS",
        source="catalogue",
        indicator=Indicator.objects.get(code="babs"),
        direction=-1,
        position=1,
    )
    Criterion.objects.create(
        category=inov, code="inovasi_juri", name="Inovasi", source="jury", rubric=RUBRIC
    )
    return v


def add_data(member: Any, year: int, layak: float, babs: float, verified: bool = True) -> None:
    from akkopsi.data.choices import SubmissionStatus
    from akkopsi.data.models import Indicator, IndicatorValue, Submission

    Submission.objects.create(
        member=member,
        year=year,
        status=SubmissionStatus.VERIFIED if verified else SubmissionStatus.SUBMITTED,
    )
    for code, value in (("akses_layak", layak), ("babs", babs)):
        IndicatorValue.objects.create(
            member=member,
            indicator=Indicator.objects.get(code=code),
            year=year,
            value=Decimal(str(value)),
        )


def make_edition(version: Any, year: int = 2015) -> Any:
    from akkopsi.awards.models import Edition

    e = Edition.objects.create(
        year=year,
        data_year=year - 1,
        methodology=version,
        nominations_open=date(2000, 1, 1),
        nominations_close=date(2100, 1, 1),
        jury_closes=date(2100, 1, 1),
        announcement=date(2100, 1, 1),
    )
    e.open_categories.set(version.categories.all())
    return e


@pytest.fixture
def award(members: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    from akkopsi.accounts.models import Role
    from akkopsi.awards import services
    from akkopsi.awards.models import Category, JurorProfile
    from akkopsi.conftest import make_user
    from akkopsi.regions.models import Province

    version = make_methodology()
    edition = make_edition(version)
    add_data(members["6474"], 2014, 90, 2)
    add_data(members["6471"], 2014, 70, 8)
    add_data(members["5108"], 2014, 50, 15)
    noms = {
        code: services.nominate(
            edition=edition,
            member=members[code],
            narrative=f"Narasi {code}",
            by=users["secretariat"],
        )
        for code in ("6474", "6471", "5108")
    }
    kaltim = Province.objects.get(code="64")
    bali = Province.objects.get(code="51")
    JurorProfile.objects.create(user=users["jury"], province=kaltim)
    jury2 = make_user("juri-2", Role.JURY)
    JurorProfile.objects.create(user=jury2, province=bali)
    inovasi = Category.objects.get(methodology=version, code="inovasi")
    services.set_jury(edition, inovasi, [users["jury"], jury2], by=users["secretariat"])
    return {
        "version": version,
        "edition": edition,
        "noms": noms,
        "juror_kaltim": users["jury"],
        "juror_bali": jury2,
    }


@pytest.fixture
def bulk_edition(members: dict[str, Any], users: dict[str, Any]) -> Any:
    """No nomination yet. Bontang and Balikpapan have verified 2014 data, Buleleng only
    submitted; Balikpapan's 2015 dues are unpaid (more than 30 days late)."""
    from akkopsi.dues import services as dues
    from akkopsi.dues.tests.conftest import make_schedule, pay

    version = make_methodology()
    version.max_arrears_days = 30
    version.save()
    add_data(members["6474"], 2014, 90, 2)
    add_data(members["6471"], 2014, 70, 8)
    add_data(members["5108"], 2014, 50, 15, verified=False)
    make_schedule(2015, users["treasurer"])
    dues.generate_invoices(year=2015, by=users["treasurer"], issued_on=date(2015, 1, 15))
    for code in ("6474", "5108"):
        invoice = members[code].invoices.get(year=2015)
        pay(invoice, invoice.amount, users["treasurer"])
    return make_edition(version)


def score_all(award: dict[str, Any]) -> None:
    """The Kalimantan Timur juror scores only Buleleng (Bali); the Bali juror all but Buleleng."""
    from akkopsi.awards import services
    from akkopsi.awards.models import Criterion

    crit = Criterion.objects.get(category__methodology=award["version"], source="jury")
    noms = award["noms"]
    services.score(
        nomination=noms["5108"], criterion=crit, value=Decimal(3), by=award["juror_kaltim"]
    )
    for code, value in (("6474", 4), ("6471", 1)):
        services.score(
            nomination=noms[code], criterion=crit, value=Decimal(value), by=award["juror_bali"]
        )
