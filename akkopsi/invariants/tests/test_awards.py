"""The Sanipura Award's published results agree with their own uncertainty analysis: for
every nominee of every published edition the official rank lies within the range of the
analysis' runs, the analysis passed its checks with the sample sizes it states, and each
published edition has one current result (earlier ones kept, superseded with a reason)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count, Q

from akkopsi.awards import compute
from akkopsi.awards.models import Edition, Nomination, ResultRun
from akkopsi.engines.composite import MAX_HALF_WIDTH

pytestmark = pytest.mark.django_db


def _current_runs() -> list[ResultRun]:
    return list(
        ResultRun.objects.filter(edition__published=True, superseded_at__isnull=True)
        .select_related("edition")
        .defer("snapshot")
    )


def test_every_published_edition_has_one_current_result(demo: None) -> None:
    published = Edition.objects.filter(published=True).annotate(
        current=Count("runs", filter=Q(runs__superseded_at__isnull=True))
    )
    # Every edition the demo holds is published, one a year without a gap up to 2025 and
    # including the article's two (2014 and 2015): 12 on the demo, more at national scale.
    years = {e.year for e in published}
    assert published.count() == Edition.objects.count() == len(years) > 0
    assert years == set(range(min(years), 2026)) and {2014, 2015} <= years
    assert {e.year: e.current for e in published} == {e.year: 1 for e in published}
    assert not ResultRun.objects.filter(superseded_at__isnull=False, superseded_reason="").exists()


def test_official_rank_within_the_uncertainty_range_for_every_nominee(demo: None) -> None:
    eligible = Counter(
        Nomination.objects.filter(edition__published=True, eligible=True).values_list(
            "edition__year", flat=True
        )
    )
    outside: list[tuple[int, str, float, float, float]] = []
    for run in _current_runs():
        units = run.results["units"]
        assert len(units) == eligible[run.edition.year] > 0
        for u in units:
            iv = u["interval"]
            assert iv is not None, (run.edition.year, u["code"])
            if u["rank"] is None:
                continue
            if not iv["low"] <= u["rank"] <= iv["high"]:
                outside.append((run.edition.year, u["code"], u["rank"], iv["low"], iv["high"]))
    assert outside == []


def test_every_published_analysis_passed_its_checks_with_stated_sample_sizes(
    demo: None,
) -> None:
    for run in _current_runs():
        year = run.edition.year
        assert run.replications == compute.DEFAULT_REPLICATIONS, year
        checks = run.results["checks"]
        assert {c["code"] for c in checks} == {
            "nominal_in_range",
            "sobol_in_unit_interval",
            "sobol_precision",
        }, year
        assert [c for c in checks if not c["ok"]] == [], year
        sa = run.results["sensitivity"]
        assert sa["n"] in compute.SENSITIVITY_SIZES and sa["runs"] == sa["n"] * (
            len(sa["factors"]) + 2
        )
        for est, ci in zip(
            sa["first_order"] + sa["total"], sa["first_order_ci"] + sa["total_ci"], strict=True
        ):
            if est is None:  # the ranks never moved: no index to estimate
                continue
            lo, hi = ci
            assert lo <= 1 and hi >= 0, (year, est, ci)  # inside [0, 1] within its interval
            assert hi - lo <= 2 * MAX_HALF_WIDTH, (year, est, ci)
