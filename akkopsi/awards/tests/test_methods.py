"""The gaps closed after the first review: juries per category, eligibility from the dues
ledger, tie-breaks, AHP/PCA weights and denominators, uncertain choices, and the
secretariat's editors for methodology versions and editions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akkopsi.awards import compute, services
from akkopsi.awards.models import (
    Category,
    Criterion,
    Edition,
    JuryMembership,
    Locked,
    MethodologyVersion,
)
from akkopsi.awards.tests.conftest import add_data, make_edition
from akkopsi.engines import composite

pytestmark = pytest.mark.django_db


def _jury(award: dict[str, Any]) -> Criterion:
    return Criterion.objects.get(category__methodology=award["version"], source="jury")


# -- juries per category -------------------------------------------------------------------------


def test_a_juror_scores_only_the_categories_of_their_jury(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    edition, crit = award["edition"], _jury(award)
    bali, nom = award["juror_bali"], award["noms"]["6474"]
    services.set_jury(edition, crit.category, [award["juror_kaltim"]], by=users["secretariat"])
    assert not JuryMembership.objects.filter(juror=bali).exists()
    with pytest.raises(PermissionDenied):
        services.score(nomination=nom, criterion=crit, value=Decimal(3), by=bali)
    client.force_login(bali)
    assert client.get(f"/penghargaan/2015/juri/{nom.pk}/").status_code == 403
    page = client.get("/penghargaan/2015/juri/")
    assert all(r["conflict"] for r in page.context["rows"])
    # only jurors sit on a jury, and only the secretariat seats them
    with pytest.raises(ValidationError):
        services.set_jury(edition, crit.category, [users["bontang"]], by=users["secretariat"])
    with pytest.raises(PermissionDenied):
        services.set_jury(edition, crit.category, [bali], by=users["bontang"])
    client.force_login(users["bontang"])
    assert client.get("/penghargaan/2015/susunan-juri/").status_code == 403
    client.force_login(users["secretariat"])
    assert client.get("/penghargaan/2015/susunan-juri/").status_code == 200
    r = client.post(
        "/penghargaan/2015/susunan-juri/",
        {f"jury_{c.pk}": [bali.pk] for c in edition.open_categories.filter(code="inovasi")},
    )
    assert r.status_code == 302
    assert list(JuryMembership.objects.values_list("juror_id", flat=True)) == [bali.pk]
    services.score(nomination=nom, criterion=crit, value=Decimal(3), by=bali)
    # the province rule still holds for a seated juror
    services.set_jury(edition, crit.category, [award["juror_kaltim"]], by=users["secretariat"])
    with pytest.raises(PermissionDenied):
        services.score(nomination=nom, criterion=crit, value=Decimal(3), by=award["juror_kaltim"])


# -- eligibility ---------------------------------------------------------------------------------


def _dues_2014_paid_late_by_6471(treasurer: Any) -> None:
    """The 2014 dues (due 31 March) of every member: Bontang (6474) pays in April,
    Balikpapan (6471) in September, the others never."""
    from akkopsi.dues import services as dues
    from akkopsi.dues.models import Invoice

    dues.create_schedule(
        year=2014,
        amounts={"kota": Decimal("1500000.00"), "kabupaten": Decimal("2000000.00")},
        prorate="none",
        due_on=date(2014, 3, 31),
        decided_on=date(2013, 11, 20),
        decision_reference="Keputusan Rakernas (uji)",
        by=treasurer,
    )
    dues.generate_invoices(year=2014, by=treasurer, issued_on=date(2014, 1, 15))
    inv = {i.member.code: i for i in Invoice.objects.select_related("member")}
    for code, paid_on in (("6474", date(2014, 4, 10)), ("6471", date(2014, 9, 1))):
        dues.record_payment(
            invoice=inv[code],
            amount=inv[code].amount,
            paid_on=paid_on,
            method="transfer",
            idempotency_key=dues.new_idempotency_key(code),
            by=treasurer,
        )


def test_eligibility_checks_verified_data_and_dues_arrears_in_one_query(
    members: dict[str, Any], users: dict[str, Any]
) -> None:
    _dues_2014_paid_late_by_6471(users["treasurer"])
    v = MethodologyVersion.objects.create(name="Iuran", max_arrears_days=60)
    Category.objects.create(methodology=v, code="a", name="A")
    edition = make_edition(v, 2015)
    edition.nominations_close = date(2014, 6, 30)  # dues as of then: due 31 March + 60 days
    edition.save()
    for code in ("6474", "6471", "5108"):
        add_data(members[code], 2014, 80, 5, verified=code != "5108")
    noms = {
        code: services.nominate(
            edition=edition, member=members[code], narrative="x", by=users["secretariat"]
        )
        for code in ("6474", "6471", "5108")
    }
    assert {c: n.eligible for c, n in noms.items()} == {
        "6474": True,
        "6471": False,  # paid in September, after the limit
        "5108": False,  # neither verified data nor dues paid
    }
    assert "60" in noms["6471"].eligibility_note
    # a decision by hand stands; the automatic check reads every nomination in one query
    services.set_eligibility(
        noms["6471"], eligible=True, note="Dispensasi", by=users["secretariat"]
    )
    with CaptureQueriesContext(connection) as ctx:
        assert services.check_eligibility_all(edition) == 2
    assert len([q for q in ctx.captured_queries if q["sql"].startswith("SELECT")]) == 1
    noms["6471"].refresh_from_db()
    assert noms["6471"].eligible and noms["6471"].eligibility_note == "Dispensasi"
    # looked at before any limit passed, nobody is in arrears yet
    Edition.objects.filter(pk=edition.pk).update(nominations_close=date(2014, 4, 1))
    edition.refresh_from_db()
    services.check_eligibility_all(edition)
    assert [n.eligible for n in edition.nominations.order_by("member__regency_id")] == [
        False,
        True,
        True,
    ]


# -- tie-breaks, weights, denominators, uncertain choices ----------------------------------------


def _two_criteria(name: str, **version: Any) -> MethodologyVersion:
    from akkopsi.data.models import Indicator

    v = MethodologyVersion.objects.create(name=name, **version)
    cat = Category.objects.create(methodology=v, code="akses", name="Akses")
    other = Category.objects.create(methodology=v, code="lain", name="Lain", position=1)
    for code, ind, direction, category in (
        ("layak", "akses_layak", 1, cat),
        ("babs", "babs", -1, cat),
        ("layak2", "akses_layak", 1, other),
    ):
        Criterion.objects.create(
            category=category,
            code=code,
            name=code,
            source="catalogue",
            indicator=Indicator.objects.get(code=ind),
            direction=direction,
            normalisation="goalposts",
            lower=0,
            upper=100,
        )
    return v


def _nominate_all(edition: Edition, members: dict[str, Any], users: dict[str, Any]) -> None:
    for m in members.values():
        services.nominate(edition=edition, member=m, narrative="x", by=users["secretariat"])


def test_the_tie_break_rule_of_the_version_orders_equal_scores(
    members: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    # Bontang and Balikpapan have the same index score (80 + 90 = 90 + 80 and 80 = 80 ...)
    add_data(members["6474"], 2015, 80, 10)
    add_data(members["6471"], 2015, 90, 20)
    add_data(members["5108"], 2015, 10, 90)
    plain = _two_criteria("Seri")
    Category.objects.filter(methodology=plain, code="lain").delete()
    ruled = _two_criteria("Seri-babs", tie_break="babs")
    Category.objects.filter(methodology=ruled, code="lain").delete()
    edition = make_edition(plain, 2016)
    _nominate_all(edition, members, users)
    ranks = {u["code"]: u["rank"] for u in compute.run(edition, replications=0).results["units"]}
    assert ranks == {"6474": 1, "6471": 1, "5108": 3}
    rows = {r["code"]: r for r in compute.compare_versions(edition, ruled)}
    assert (rows["6474"]["rank_b"], rows["6471"]["rank_b"]) == (1, 2)  # less BABS wins
    client.force_login(users["secretariat"])
    body = client.get(f"/penghargaan/metodologi/{ruled.pk}/").content.decode()
    assert "babs" in body and "1, 2, 2, 4" in body


def test_ahp_pca_and_denominators_reach_the_engine(
    members: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    from akkopsi.data.models import Indicator

    add_data(members["6474"], 2015, 90, 2)
    add_data(members["6471"], 2015, 70, 8)
    add_data(members["5108"], 2015, 50, 15)
    v = _two_criteria("Bobot", category_weighting="ahp", category_pairwise=[[1, 3], [1 / 3, 1]])
    Category.objects.filter(methodology=v, code="akses").update(weighting="pca")
    Criterion.objects.filter(category__methodology=v, code="layak2").update(
        denominator=Indicator.objects.get(code="babs"), normalisation="minmax"
    )
    page = client.get(f"/penghargaan/metodologi/{v.pk}/")
    assert page.status_code == 200
    assert page.context["ahp"][0]["cr"] == pytest.approx(0.0, abs=1e-9)
    edition = make_edition(v, 2016)
    _nominate_all(edition, members, users)
    run = compute.run(edition, replications=0)
    weights = run.snapshot["weights"]
    assert (weights["akses"], weights["lain"]) == pytest.approx((0.75, 0.25))
    # layak and (direction-corrected) babs move together: PCA weighs them equally
    assert weights["layak"] == pytest.approx(weights["babs"])
    assert run.snapshot["data"]["columns"]["~babs"] == [15.0, 8.0, 2.0]
    method = composite.Methodology(
        (
            composite.Indicator(
                "layak", "akses", normalisation=composite.Normalisation.goalposts(0, 100, 100)
            ),
            composite.Indicator(
                "babs",
                "akses",
                direction=-1,
                normalisation=composite.Normalisation.goalposts(0, 100, 100),
            ),
            composite.Indicator("layak2", "lain", denominator="babs"),
        ),
        (
            composite.Aggregate("akses", 2, "INDEX", weight=0.75),
            composite.Aggregate("lain", 2, "INDEX", weight=0.25),
            composite.Aggregate("INDEX", 3),
        ),
    )
    data = composite.IndicatorTable.from_columns(
        ["5108", "6471", "6474"],
        {"layak": [50, 70, 90], "babs": [15, 8, 2], "layak2": [50, 70, 90]},
    )
    direct = composite.compute(data, method)
    got = {u["code"]: u["score"] for u in run.results["units"]}
    assert [got[c] for c in direct.units] == pytest.approx(list(direct.index_scores), abs=1e-6)
    # an inconsistent or wrongly sized matrix is refused on the page, not at compute time
    bad = _two_criteria("Salah", category_weighting="ahp", category_pairwise=[[1, 3, 1]])
    assert client.get(f"/penghargaan/metodologi/{bad.pk}/").context["ahp_error"]


def test_normalisation_aggregation_and_imputation_are_uncertain_choices(
    members: dict[str, Any], users: dict[str, Any]
) -> None:
    add_data(members["6474"], 2015, 90, 2)
    add_data(members["6471"], 2015, 70, 8)
    add_data(members["5108"], 2015, 50, 15)
    v = _two_criteria(
        "Ragu",
        uncertain_normalisations=["minmax", "rank"],
        uncertain_aggregations=["gmean"],
        uncertain_imputations=["none", "median"],
    )
    spec = compute.uncertainty_spec(v)
    assert spec.factors == ("weights", "normalisation", "aggregation", "imputation")
    # the methodology's own normalisation is sampled too (a geometric mean drawn with it
    # uses the first positive alternative)
    assert spec.normalisations[0] is None and len(spec.normalisations) == 3
    assert spec.aggregations == (None, "gmean")
    assert [i.method for i in spec.imputations] == ["none", "median"]
    edition = make_edition(v, 2016)
    _nominate_all(edition, members, users)
    run = compute.run(edition, replications=60, seed=1)
    sa = run.results["sensitivity"]
    assert sa["factors"] == ["weights", "normalisation", "aggregation", "imputation"]
    assert sa["n"] in compute.SENSITIVITY_SIZES and sa["runs"] == sa["n"] * 6
    assert all(u["interval"] for u in run.results["units"])


# -- the secretariat's editors -------------------------------------------------------------------


def _post_data(*forms: Any) -> dict[str, Any]:
    """What a browser would send back for these (unbound) forms and formsets unchanged."""
    out: dict[str, Any] = {}
    for f in forms:
        if hasattr(f, "management_form"):  # the existing rows only
            out |= _post_data(f.management_form, *f.initial_forms)
            out[f"{f.prefix}-TOTAL_FORMS"] = str(len(f.initial_forms))
            continue
        for bf in f:
            value = bf.field.prepare_value(bf.value())
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                out[bf.html_name] = [str(v) for v in value]
            elif value is True:
                out[bf.html_name] = "on"
            else:
                out[bf.html_name] = str(value)
    return out


def _edit_settings(client: Any, draft: MethodologyVersion) -> None:
    """The settings and categories of a draft: refused, then saved."""
    page = client.get(f"/penghargaan/metodologi/{draft.pk}/ubah/")
    assert page.status_code == 200
    data = _post_data(page.context["form"], page.context["formset"])
    data |= {
        "tie_break": "layak, inovasi",
        "max_arrears_days": "365",
        "uncertain_aggregations": ["gmean"],
        "cat-0-weight": "3",
    }
    data.pop("uncertain_normalisations")
    r = client.post(f"/penghargaan/metodologi/{draft.pk}/ubah/", data)
    assert r.status_code == 200  # gmean without a positive normalisation alternative
    assert "uncertain_aggregations" in r.context["form"].errors
    data |= {"uncertain_normalisations": ["rank"], "tie_break": "layak, nope"}
    r = client.post(f"/penghargaan/metodologi/{draft.pk}/ubah/", data)
    assert "nope" in str(r.context["form"].errors["tie_break"])
    data["tie_break"] = "layak, inovasi"
    r = client.post(f"/penghargaan/metodologi/{draft.pk}/ubah/", data)
    assert r.status_code == 302, r.context["form"].errors
    draft.refresh_from_db()
    assert draft.tie_break_codes == ["layak", "inovasi"] and draft.max_arrears_days == 365
    assert Category.objects.get(methodology=draft, code="akses").weight == 3


def _edit_criteria(client: Any, draft: MethodologyVersion, akses: Category) -> None:
    """The criteria of a category of a draft: refused, then saved."""
    page = client.get(f"/penghargaan/metodologi/{draft.pk}/kategori/{akses.pk}/")
    data = _post_data(page.context["formset"])
    data |= {"crit-TOTAL_FORMS": "3", "crit-1-weight": "2", "crit-2-code": "tanpa"}
    data |= {"crit-2-name": "Tanpa indikator"}
    data |= {"crit-2-source": "catalogue", "crit-2-direction": "1", "crit-2-transform": "none"}
    data |= {"crit-2-normalisation": "minmax", "crit-2-weight": "1", "crit-2-position": "5"}
    r = client.post(f"/penghargaan/metodologi/{draft.pk}/kategori/{akses.pk}/", data)
    assert r.status_code == 200  # a catalogue criterion needs its indicator
    assert r.context["formset"].forms[2].errors["indicator"]
    data["crit-TOTAL_FORMS"] = "2"
    r = client.post(f"/penghargaan/metodologi/{draft.pk}/kategori/{akses.pk}/", data)
    assert r.status_code == 302
    assert Criterion.objects.get(category=akses, code="babs").weight == 2


def _new_edition_on(client: Any, draft: MethodologyVersion) -> None:
    """A new edition on the draft: refused (timeline order), then saved."""
    edition = {
        "year": "2016",
        "data_year": "2015",
        "methodology": str(draft.pk),
        "nominations_open": "2016-01-15",
        "nominations_close": "2016-03-15",
        "jury_closes": "2016-02-01",
        "announcement": "2016-05-19",
        "open_categories": [str(c.pk) for c in draft.categories.all()],
    }
    r = client.post("/penghargaan/edisi-baru/", edition)
    assert r.status_code == 200 and r.context["form"].non_field_errors()  # timeline order
    r = client.post("/penghargaan/edisi-baru/", edition | {"jury_closes": "2016-04-30"})
    assert r.status_code == 302 and r["Location"] == "/penghargaan/2016/"
    assert Edition.objects.get(year=2016).open_categories.count() == 2


def test_the_secretariat_edits_a_draft_and_a_used_version_stays_fixed(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    used = award["version"]
    client.force_login(users["bontang"])
    assert client.post(f"/penghargaan/metodologi/{used.pk}/versi-baru/").status_code == 403
    client.force_login(users["secretariat"])
    # the used version is not editable, in the pages or the service layer
    r = client.get(f"/penghargaan/metodologi/{used.pk}/ubah/")
    assert r.status_code == 302 and r["Location"] == f"/penghargaan/metodologi/{used.pk}/"
    r = client.post(f"/penghargaan/metodologi/{used.pk}/versi-baru/")
    draft = MethodologyVersion.objects.get(based_on=used)
    assert r["Location"] == f"/penghargaan/metodologi/{draft.pk}/ubah/"
    _edit_settings(client, draft)
    akses = Category.objects.get(methodology=draft, code="akses")
    _edit_criteria(client, draft, akses)
    # a new edition on the draft locks it
    _new_edition_on(client, draft)
    draft.refresh_from_db()
    assert draft.is_locked
    assert client.get(f"/penghargaan/metodologi/{draft.pk}/ubah/").status_code == 302
    with pytest.raises(Locked):
        Criterion.objects.get(category=akses, code="babs").save()
    assert client.get("/penghargaan/2016/ubah/").status_code == 200
    client.force_login(users["bontang"])
    assert client.get("/penghargaan/2016/ubah/").status_code == 403
    assert client.get("/penghargaan/edisi-baru/").status_code == 403
