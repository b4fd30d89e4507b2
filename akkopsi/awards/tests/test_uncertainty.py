"""The published uncertainty analysis: the official rank inside the range of its runs,
refusal of an analysis whose checks fail, sample sizes on the page, and a recomputed
published edition keeping its earlier result, marked superseded with the reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from akkopsi.awards import compute, services
from akkopsi.awards.models import ResultRun
from akkopsi.awards.tests.conftest import add_data, score_all
from akkopsi.core.tests.confirming import confirm


def _more_nominees(award: dict[str, Any], users: dict[str, Any], k: int = 15) -> None:
    """``k`` more members with verified data, nominated: enough units for ranks to move."""
    from akkopsi.members import services as member_services
    from akkopsi.regions.models import Province, Regency, RegencyKind

    edition = award["edition"]
    prov = Province.objects.create(code="99", name="Uji")
    for i in range(k):
        r = Regency.objects.create(
            code=f"99{i:02d}", province=prov, kind=RegencyKind.KABUPATEN, name=f"Uji {i}"
        )
        m = member_services.create_member(
            regency=r, membership_number=f"U-{i}", joined_on=edition.nominations_open, by=None
        )
        add_data(m, 2014, 40 + (7 * i) % 50, 3 + (5 * i) % 17)
        services.nominate(edition=edition, member=m, narrative="x", by=users["secretariat"])


def test_the_official_rank_is_the_first_run_and_inside_the_range(
    award: dict[str, Any], users: dict[str, Any]
) -> None:
    score_all(award)
    _more_nominees(award, users)
    run = compute.run(award["edition"], replications=60, seed=4)
    for u in run.results["units"]:
        iv = u["interval"]
        assert iv["low"] <= u["rank"] <= iv["high"]
        assert iv["low"] <= iv["q5"] <= iv["median"] <= iv["q95"] <= iv["high"]
    assert [c["code"] for c in run.results["checks"]] == [
        "nominal_in_range",
        "sobol_in_unit_interval",
        "sobol_precision",
    ]
    assert run.failed_checks == []
    sa = run.results["sensitivity"]
    estimates = sa["first_order"] + sa["total"]
    for est, ci in zip(estimates, sa["first_order_ci"] + sa["total_ci"], strict=True):
        assert est is not None and ci[0] <= 1 and ci[1] >= 0  # [0, 1] within the interval


def test_an_analysis_whose_checks_fail_is_not_published(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    score_all(award)
    _more_nominees(award, users)
    edition = award["edition"]
    run = compute.run(edition, replications=50, sensitivity_sizes=(4,))
    assert run.results["sensitivity"]["n"] == 4
    assert "sobol_precision" in [c["code"] for c in run.failed_checks]
    with pytest.raises(ValidationError) as exc:
        services.publish(edition, by=users["secretariat"])
    message = " ".join(exc.value.messages)
    assert "sobol_precision" in message and "naikkan N (sekarang 4" in message
    edition.refresh_from_db()
    assert not edition.published
    client.force_login(users["secretariat"])
    page = client.get("/penghargaan/2015/").content.decode()
    assert 'id="failed-checks"' in page and "sobol_precision" in page
    assert client.post("/penghargaan/2015/terbitkan/", follow=True).status_code == 200
    edition.refresh_from_db()
    assert not edition.published
    compute.run(edition, replications=50)  # N from SENSITIVITY_SIZES: the checks pass
    services.publish(edition, by=users["secretariat"])
    edition.refresh_from_db()
    assert edition.published


def test_the_page_states_the_sample_sizes_and_the_intervals(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    score_all(award)
    run = compute.run(award["edition"], replications=70, seed=2)
    services.publish(award["edition"], by=users["secretariat"])
    sa = run.results["sensitivity"]
    page = client.get("/penghargaan/2015/").content.decode()
    assert 'id="interval-note"' in page and " 70 " in page
    assert f"N = {sa['n']} " in page and f"({sa['runs']} " in page
    method = client.get(f"/penghargaan/metodologi/{award['version'].pk}/").content.decode()
    assert str(compute.DEFAULT_REPLICATIONS) in method
    assert ", ".join(map(str, compute.SENSITIVITY_SIZES)) in method


def test_a_recomputed_published_edition_keeps_its_earlier_result_superseded(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    score_all(award)
    edition = award["edition"]
    first = compute.run(edition, replications=40)
    services.publish(edition, by=users["secretariat"])
    edition.refresh_from_db()
    with pytest.raises(ValidationError):
        compute.run(edition, replications=40)  # published: a reason is needed
    assert ResultRun.objects.filter(edition=edition).count() == 1
    client.force_login(users["secretariat"])
    confirm(client, "/penghargaan/2015/hitung/", {"reason": "Skor juri dikoreksi."})
    assert ResultRun.objects.filter(edition=edition).count() == 2
    first.refresh_from_db()
    current = services.latest_run(edition)
    assert current is not None and current.pk != first.pk and current.superseded_at is None
    assert first.superseded_by_id == current.pk and first.superseded_at is not None
    assert first.superseded_reason == "Skor juri dikoreksi."
    assert first.results["units"]  # the earlier published result is kept as it was
    client.logout()
    page = client.get("/penghargaan/2015/").content.decode()
    assert 'id="earlier-results"' in page and "Skor juri dikoreksi." in page
    old = client.get(f"/penghargaan/2015/?hasil={first.pk}").content.decode()
    assert 'id="superseded"' in old and "Skor juri dikoreksi." in old
    assert client.get(f"/penghargaan/2015/?hasil={current.pk}").status_code == 404


def test_a_recomputation_whose_checks_fail_leaves_the_published_result(
    award: dict[str, Any], users: dict[str, Any]
) -> None:
    score_all(award)
    _more_nominees(award, users)
    edition = award["edition"]
    first = compute.run(edition, replications=40)
    services.publish(edition, by=users["secretariat"])
    edition.refresh_from_db()
    with pytest.raises(ValidationError, match="sobol_precision"):
        compute.run(edition, replications=40, reason="uji", sensitivity_sizes=(4,))
    assert list(ResultRun.objects.filter(edition=edition)) == [first]
    first.refresh_from_db()
    assert first.superseded_at is None


def test_the_admin_cannot_publish_around_the_checks(
    award: dict[str, Any], users: dict[str, Any], client: Any
) -> None:
    client.force_login(users["admin"])
    edition = award["edition"]
    page = client.get(f"/admin/awards/edition/{edition.pk}/change/").content.decode()
    assert 'name="published"' not in page
