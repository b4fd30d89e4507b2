"""Browser test: the public results page and a scorecard in a real headless Chromium,
their figures checked against the API."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from playwright.sync_api import expect

from akkopsi.awards import compute, services
from akkopsi.awards.tests.conftest import score_all
from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.formatting import format_number

pytestmark = BROWSER_TESTS


def _whole(x: float) -> str:
    """As the template's ``floatformat:0`` (half up)."""
    return str(Decimal(str(x)).quantize(Decimal(1), ROUND_HALF_UP))


def test_public_results_and_a_scorecard_match_the_api(
    live_server: Any, award: dict[str, Any], users: dict[str, Any], page: Any
) -> None:
    score_all(award)
    compute.run(award["edition"], replications=50, seed=5)
    services.publish(award["edition"], by=users["secretariat"])

    base = live_server.url
    page.goto(f"{base}/penghargaan/2015/")  # anonymous: the public page
    results = page.request.get(f"{base}/api/awards/editions/2015/results/").json()
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(len(results["units"]))
    for i, unit in enumerate(results["units"]):
        cells = rows.nth(i).locator("td")
        expect(cells.nth(0)).to_have_text(str(int(unit["rank"])))
        expect(cells.nth(1)).to_have_text(unit["name"])
        expect(cells.nth(2)).to_have_text(format_number(unit["score"], 2))
        iv = unit["interval"]
        star = "" if iv["q5"] <= unit["rank"] <= iv["q95"] else "*"
        expect(cells.last).to_have_text(f"{_whole(iv['q5'])}–{_whole(iv['q95'])}{star}")
        expect(cells.nth(-2)).to_have_text(f"{_whole(iv['low'])}–{_whole(iv['high'])}")

    second = results["units"][1]
    rows.nth(1).locator("a").click()
    page.wait_for_url(f"{base}/penghargaan/2015/anggota/{second['code']}/")
    card = page.request.get(f"{base}/api/awards/editions/2015/scorecards/{second['code']}/").json()
    assert card["rank"] == second["rank"] and card["score"] == second["score"]
    summary = page.locator("#scorecard-summary")
    expect(summary).to_contain_text(f"{card['rank']:.0f}")
    expect(summary).to_contain_text(format_number(card["score"], 2))
    criteria = page.locator("#scorecard-criteria tbody tr")
    expect(criteria).to_have_count(len(results["criteria"]))
    for i, c in enumerate(results["criteria"]):
        cells = criteria.nth(i).locator("td")
        expect(cells.nth(0)).to_have_text(c["name"])
        expect(cells.nth(2)).to_have_text(format_number(card["values"][c["code"]], 2))
        expect(cells.nth(3)).to_have_text(format_number(card["normalised"][c["code"]], 1))
        expect(cells.nth(4)).to_have_text(format_number(card["contributions"][c["code"]], 2))
