"""The award end to end: permissions, blind jury, conflicts, publication, immutability,
the adapter against the engine, and constant query counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from akkopsi.awards import access, compute, services
from akkopsi.awards.models import Category, Criterion, JuryScore, Locked
from akkopsi.awards.tests.conftest import add_data, make_edition, make_methodology
from akkopsi.awards.tests.conftest import score_all as _score_all
from akkopsi.core.tests.confirming import confirm
from akkopsi.engines import composite

pytestmark = pytest.mark.django_db


def _jury(award: dict[str, Any]) -> Criterion:
    return Criterion.objects.get(category__methodology=award["version"], source="jury")


# -- permissions -------------------------------------------------------------------------------


def test_bontang_staff_cannot_nominate_balikpapan(
    award: dict[str, Any], users: dict[str, Any], members: dict[str, Any], client: Any
) -> None:
    edition = award["edition"]
    with pytest.raises(PermissionDenied):
        services.nominate(
            edition=edition, member=members["6471"], narrative="x", by=users["bontang"]
        )
    nom = services.nominate(
        edition=edition, member=members["6474"], narrative="Kami", by=users["bontang"]
    )
    assert nom.member_id == members["6474"].pk and nom.eligible is True
    # the page offers only the own member; posting another member is refused
    client.force_login(users["bontang"])
    page = client.get(f"/penghargaan/{edition.year}/nominasi/")
    assert page.status_code == 200
    assert list(page.context["form"].fields["member"].queryset) == [members["6474"]]
    resp = client.post(
        f"/penghargaan/{edition.year}/nominasi/", {"member": members["6471"].pk, "narrative": "x"}
    )
    assert resp.status_code == 200 and resp.context["form"].errors
    # and by API
    api = APIClient()
    api.force_authenticate(users["bontang"])
    r = api.post(
        "/api/awards/nominations/",
        {"edition": 2015, "member": "6471", "narrative": "x"},
        format="json",
    )
    assert r.status_code == 403
    r = api.post(
        "/api/awards/nominations/",
        {"edition": 2015, "member": "6474", "narrative": "API"},
        format="json",
    )
    assert r.status_code == 201, r.content
    listed = api.get("/api/awards/nominations/").json()["results"]
    assert {n["member"] for n in listed} == {"6474"}


def test_bontang_staff_cannot_see_balikpapan_unpublished_scorecard(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    edition = award["edition"]
    _score_all(award)
    compute.run(edition, replications=50)
    client.force_login(users["bontang"])
    assert client.get("/penghargaan/2015/anggota/6471/").status_code == 403
    assert client.get("/penghargaan/2015/anggota/6474/").status_code == 403  # preview not allowed
    edition.scorecards_preview = True
    edition.save()
    assert client.get("/penghargaan/2015/anggota/6474/").status_code == 200
    assert client.get("/penghargaan/2015/anggota/6471/").status_code == 403
    api = APIClient()
    api.force_authenticate(users["bontang"])
    assert api.get("/api/awards/editions/2015/scorecards/6471/").status_code == 404
    assert api.get("/api/awards/editions/2015/scorecards/6474/").status_code == 200
    assert api.get("/api/awards/editions/2015/results/").status_code == 404


def test_jurors_are_blind_to_each_other_until_the_jury_closes(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    _score_all(award)
    edition = award["edition"]
    kaltim, bali = award["juror_kaltim"], award["juror_bali"]
    assert {s.juror_id for s in access.visible_scores(kaltim, edition)} == {kaltim.pk}
    assert {s.juror_id for s in access.visible_scores(bali, edition)} == {bali.pk}
    assert access.visible_scores(users["bontang"], edition).count() == 0
    client.force_login(kaltim)
    page = client.get("/penghargaan/2015/juri/")
    assert [s.juror_id for s in page.context["scores"]] == [kaltim.pk]
    assert page.context["spreads"] == []
    api = APIClient()
    api.force_authenticate(kaltim)
    assert {s["juror"] for s in api.get("/api/awards/jury-scores/").json()["results"]} == {"juri"}
    services.close_jury(edition, by=users["secretariat"])
    assert access.visible_scores(kaltim, edition).count() == 3
    assert len(api.get("/api/awards/jury-scores/").json()["results"]) == 3
    with pytest.raises(ValidationError):  # closed: no more scoring
        services.score(
            nomination=award["noms"]["5108"], criterion=_jury(award), value=Decimal(1), by=kaltim
        )


def test_a_kalimantan_timur_juror_cannot_score_bontang(award: dict[str, Any], client: Any) -> None:
    nom = award["noms"]["6474"]
    crit = _jury(award)
    with pytest.raises(PermissionDenied):
        services.score(nomination=nom, criterion=crit, value=Decimal(4), by=award["juror_kaltim"])
    client.force_login(award["juror_kaltim"])
    assert client.get(f"/penghargaan/2015/juri/{nom.pk}/").status_code == 403
    api = APIClient()
    api.force_authenticate(award["juror_kaltim"])
    r = api.post(
        "/api/awards/jury-scores/",
        {"nomination": nom.pk, "criterion": crit.pk, "score": "4"},
        format="json",
    )
    assert r.status_code == 403
    assert not JuryScore.objects.exists()
    # the Bali juror may, with a rubric level only
    with pytest.raises(ValidationError):
        services.score(nomination=nom, criterion=crit, value=Decimal("2.5"), by=award["juror_bali"])
    services.score(nomination=nom, criterion=crit, value=Decimal(4), by=award["juror_bali"])


def test_large_disagreement_is_flagged(award: dict[str, Any], users: dict[str, Any]) -> None:
    from akkopsi.accounts.models import Role
    from akkopsi.awards.models import JurorProfile
    from akkopsi.conftest import make_user
    from akkopsi.regions.models import Province

    other = make_user("juri-3", Role.JURY)
    JurorProfile.objects.create(user=other, province=Province.objects.get(code="51"))
    crit = _jury(award)
    services.set_jury(
        award["edition"],
        crit.category,
        [award["juror_kaltim"], award["juror_bali"], other],
        by=users["secretariat"],
    )
    nom = award["noms"]["6474"]
    services.score(nomination=nom, criterion=crit, value=Decimal(4), by=award["juror_bali"])
    services.score(nomination=nom, criterion=crit, value=Decimal(1), by=other)
    (s,) = services.spreads(
        award["edition"], access.visible_scores(users["secretariat"], award["edition"])
    )
    assert s.spread == 3 and s.flagged


def test_the_public_sees_only_published_results(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    edition = award["edition"]
    _score_all(award)
    with pytest.raises(ValidationError):
        services.publish(edition, by=users["secretariat"])  # nothing computed yet
    compute.run(edition, replications=50)
    page = client.get("/penghargaan/2015/")
    assert page.status_code == 200 and "units" not in page.context
    assert client.get("/penghargaan/2015/anggota/6474/").status_code == 404
    assert client.get("/penghargaan/2015/banding/").status_code == 404
    api = APIClient()
    assert api.get("/api/awards/editions/2015/results/").status_code == 404
    assert api.get("/api/awards/editions/2015/scorecards/6474/").status_code == 404
    client.force_login(users["secretariat"])
    assert "units" in client.get("/penghargaan/2015/").context
    client.logout()
    services.publish(edition, by=users["secretariat"])
    page = client.get("/penghargaan/2015/")
    assert [u["code"] for u in page.context["units"]] == ["6474", "6471", "5108"]
    assert client.get("/penghargaan/2015/anggota/6474/").status_code == 200
    results = api.get("/api/awards/editions/2015/results/").json()
    assert results["units"][0]["code"] == "6474"
    assert results["units"][0]["interval"]["q5"] >= 1
    assert api.get("/api/awards/editions/2015/scorecards/6471/").json()["rank"] == 2


def test_ineligible_without_verified_data(
    members: dict[str, Any], users: dict[str, Any], regions: dict[str, Any]
) -> None:
    from akkopsi.members import services as member_services

    v = make_methodology()
    edition = make_edition(v)
    samarinda = member_services.create_member(
        regency=regions["6472"], membership_number="X", joined_on=edition.nominations_open, by=None
    )
    add_data(samarinda, 2014, 60, 3, verified=False)
    nom = services.nominate(
        edition=edition, member=samarinda, narrative="x", by=users["secretariat"]
    )
    assert nom.eligible is False
    assert compute.units_of(edition) == []


# -- methodology versions ------------------------------------------------------------------------


def test_a_methodology_is_immutable_once_an_edition_uses_it(
    award: dict[str, Any], users: dict[str, Any]
) -> None:
    v = award["version"]
    assert v.is_locked
    cat = Category.objects.get(methodology=v, code="akses")
    crit = Criterion.objects.get(category=cat, code="layak")
    for obj in (v, cat, crit):
        with pytest.raises(Locked):
            obj.save()
        with pytest.raises(Locked):
            obj.delete()
    with pytest.raises(Locked):
        Category.objects.create(methodology=v, code="baru", name="Baru")
    copy = services.new_version(v, by=users["secretariat"])
    assert (copy.version, copy.based_on_id, copy.is_locked) == (2, v.pk, False)
    assert sorted(
        Criterion.objects.filter(category__methodology=copy).values_list("code", flat=True)
    ) == ["babs", "inovasi_juri", "layak"]
    c2 = Criterion.objects.get(category__methodology=copy, code="layak")
    c2.weight = 3
    c2.save()  # the copy is a draft
    assert Criterion.objects.get(pk=crit.pk).weight == 1


def test_methodology_page_is_generated_from_the_version(award: dict[str, Any], client: Any) -> None:
    page = client.get(f"/penghargaan/metodologi/{award['version'].pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Akses layak" in body and "akses_layak" in body and "sangat baik" in body
    r = APIClient().get(f"/api/awards/methodologies/{award['version'].pk}/").json()
    assert r["locked"] is True and [c["code"] for c in r["categories"]] == ["akses", "inovasi"]


# -- the adapter -------------------------------------------------------------------------------


def test_adapter_gives_the_engines_scores(award: dict[str, Any]) -> None:
    _score_all(award)
    run = compute.run(award["edition"], replications=100, seed=7)
    method = composite.Methodology(
        (
            composite.Indicator("layak", "akses"),
            composite.Indicator("babs", "akses", direction=-1),
            composite.Indicator("inovasi_juri", "inovasi"),
        ),
        (
            composite.Aggregate("akses", 2, "INDEX", weight=2),
            composite.Aggregate("inovasi", 2, "INDEX"),
            composite.Aggregate("INDEX", 3, None),
        ),
    )
    data = composite.IndicatorTable.from_columns(
        ["5108", "6471", "6474"],
        {"layak": [50, 70, 90], "babs": [15, 8, 2], "inovasi_juri": [3, 1, 4]},
    )
    direct = composite.compute(data, method)
    got = {u["code"]: u for u in run.results["units"]}
    for i, code in enumerate(direct.units):
        assert got[code]["score"] == pytest.approx(direct.index_scores[i], abs=1e-6)
        assert got[code]["rank"] == direct.index_ranks[i]
        assert sum(got[code]["contributions"].values()) == pytest.approx(
            direct.index_scores[i], abs=1e-5
        )
    spec = composite.UncertaintySpec(
        weight_noise=((1, 0.25), (2, 0.25)), normalisations=(None, composite.Normalisation.rank())
    )
    assert compute.uncertainty_spec(award["version"]) == spec
    ua = composite.uncertainty(data, method, spec, 100, 7)
    assert [got[c]["interval"]["q95"] for c in direct.units] == pytest.approx(list(ua.q95))
    snap = run.snapshot
    assert snap["engine_version"] and snap["seed"] == 7
    assert snap["weights"]["akses"] == 2.0
    assert snap["data"]["columns"]["inovasi_juri"] == [3.0, 1.0, 4.0]
    # reproducible
    again = compute.run(award["edition"], replications=100, seed=7)
    assert again.results == run.results


def test_comparison_shows_rank_shifts(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    _score_all(award)
    v2 = services.new_version(award["version"], by=users["secretariat"])
    Category.objects.filter(methodology=v2, code="inovasi").update(weight=10)
    rows = compute.compare_versions(award["edition"], v2)
    by = {r["code"]: r for r in rows}
    assert by["5108"]["rank_a"] == 3 and by["5108"]["rank_b"] == 2 and by["5108"]["shift"] == 1
    compute.run(award["edition"], replications=20)
    services.publish(award["edition"], by=users["secretariat"])
    page = client.get(f"/penghargaan/2015/banding/?b={v2.pk}")
    assert page.status_code == 200 and page.context["moved"] == 2


# -- query counts ------------------------------------------------------------------------------


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_results_page_takes_constant_queries(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    from akkopsi.members import services as member_services
    from akkopsi.regions.models import Province, Regency, RegencyKind

    edition = award["edition"]
    _score_all(award)
    compute.run(edition, replications=20)
    services.publish(edition, by=users["secretariat"])
    small = _queries(client, "/penghargaan/2015/")
    small_card = _queries(client, "/penghargaan/2015/anggota/6474/")
    client.force_login(award["juror_bali"])  # the jury page: a conflict to check per nominee
    small_jury = _queries(client, "/penghargaan/2015/juri/")
    client.logout()
    prov = Province.objects.create(code="99", name="Uji")
    for i in range(15):
        r = Regency.objects.create(
            code=f"99{i:02d}", province=prov, kind=RegencyKind.KABUPATEN, name=f"Uji {i}"
        )
        m = member_services.create_member(
            regency=r, membership_number=f"U-{i}", joined_on=edition.nominations_open, by=None
        )
        add_data(m, 2014, 40 + i, 20 - i)
        services.nominate(edition=edition, member=m, narrative="x", by=users["secretariat"])
    compute.run(edition, replications=20, reason="Fifteen nominations added.")
    assert len(services.latest_run(edition).results["units"]) == 18
    assert _queries(client, "/penghargaan/2015/") == small
    assert _queries(client, "/penghargaan/2015/anggota/6474/") == small_card
    client.force_login(award["juror_bali"])
    assert _queries(client, "/penghargaan/2015/juri/") == small_jury


def test_pages_and_actions_of_the_secretariat_and_the_jury(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    edition = award["edition"]
    nom = award["noms"]["6474"]
    crit = _jury(award)
    client.force_login(award["juror_bali"])
    assert client.get("/penghargaan/").status_code == 200
    assert client.get(f"/penghargaan/2015/juri/{nom.pk}/").status_code == 200
    r = client.post(
        f"/penghargaan/2015/juri/{nom.pk}/", {f"score_{crit.pk}": "3", f"comment_{crit.pk}": "Baik"}
    )
    assert r.status_code == 302
    assert JuryScore.objects.get(nomination=nom).score == 3
    client.force_login(users["secretariat"])
    r = client.post(
        f"/penghargaan/2015/nominasi/{award['noms']['5108'].pk}/kelayakan/",
        {"eligible": "0", "note": "Tunggakan iuran"},
    )
    assert r.status_code == 302
    assert confirm(client, "/penghargaan/2015/tutup-juri/").status_code == 302
    assert confirm(client, "/penghargaan/2015/hitung/").status_code == 302
    assert confirm(client, "/penghargaan/2015/terbitkan/").status_code == 302
    edition.refresh_from_db()
    assert edition.jury_closed and edition.published
    assert [u["code"] for u in services.latest_run(edition).results["units"]] == ["6474", "6471"]
    assert client.get("/penghargaan/2015/juri/").context["show_all"]
    client.logout()
    pdf = client.get("/penghargaan/2015/anggota/6474/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_declared_conflict_blocks_scoring(award: dict[str, Any], members: dict[str, Any]) -> None:
    bali = award["juror_bali"]
    bali.juror_profile.conflicts.add(members["6471"])
    with pytest.raises(PermissionDenied):
        services.score(
            nomination=award["noms"]["6471"], criterion=_jury(award), value=Decimal(2), by=bali
        )


def test_evidence_is_seen_only_by_those_who_may_see_the_nomination(
    award: dict[str, Any], users: dict[str, Any], client: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(users["bontang"])
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    r = client.post(
        "/penghargaan/2015/nominasi/",
        {"member": award["noms"]["6474"].member_id, "narrative": "Dengan bukti", "evidence": pdf},
    )
    assert r.status_code == 302
    nom = award["noms"]["6474"]
    nom.refresh_from_db()
    exe = SimpleUploadedFile("bukti.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.nominate(
            edition=nom.edition, member=nom.member, narrative="x", evidence=exe, by=users["bontang"]
        )
    url = f"/penghargaan/2015/nominasi/{nom.pk}/bukti/"
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 bukti"
    client.force_login(users["balikpapan"])
    assert client.get(url).status_code == 403
    client.force_login(award["juror_kaltim"])  # same province as Bontang
    assert client.get(url).status_code == 403
    client.force_login(award["juror_bali"])
    assert client.get(url).status_code == 200


def test_sensitivity_and_methodology_pdf(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    _score_all(award)
    run = compute.run(award["edition"], replications=40, seed=3)
    sa = run.results["sensitivity"]
    assert sa["factors"] == ["weights", "normalisation"]
    assert sa["n"] in compute.SENSITIVITY_SIZES and sa["runs"] == sa["n"] * 4
    pdf = client.get(f"/penghargaan/metodologi/{award['version'].pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_award_api_lists_filter_within_what_the_user_may_see(
    award: dict[str, Any], users: dict[str, Any]
) -> None:
    """The FilterSets of ``awards.filters`` narrow the API lists; they never widen them."""
    _score_all(award)
    api = APIClient()
    api.force_authenticate(users["secretariat"])
    rows = api.get("/api/awards/nominations/", {"edition": 2015, "member": "6474"}).json()
    assert [n["member"] for n in rows["results"]] == ["6474"]
    assert api.get("/api/awards/nominations/", {"edition": 1999}).json()["count"] == 0
    nom = award["noms"]["6474"]
    api.force_authenticate(award["juror_bali"])
    rows = api.get("/api/awards/jury-scores/", {"nomination": nom.pk}).json()["results"]
    assert rows and {(s["nomination"], s["juror"]) for s in rows} == {(nom.pk, "juri-2")}
    api.force_authenticate(users["bontang"])
    rows = api.get("/api/awards/nominations/", {"member": "6471"}).json()
    assert rows["count"] == 0  # not their member


def test_the_ranking_is_shown_a_page_at_a_time(
    award: dict[str, Any], users: dict[str, Any], client: Any, monkeypatch: Any
) -> None:
    from akkopsi.awards.views import editions

    edition = award["edition"]
    _score_all(award)
    compute.run(edition, replications=0)
    services.publish(edition, by=users["secretariat"])
    monkeypatch.setattr(editions, "RANKING_PER_PAGE", 2)
    first = client.get("/penghargaan/2015/")
    assert [u["code"] for u in first.context["page"].object_list] == ["6474", "6471"]
    assert 'href="?&amp;page=2"' in first.content.decode()
    second = client.get("/penghargaan/2015/?page=2")
    assert [u["code"] for u in second.context["page"].object_list] == ["5108"]
    assert 'id="ranking"' in second.content.decode()
