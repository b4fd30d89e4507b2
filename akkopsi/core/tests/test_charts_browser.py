"""Charts read on a phone (ADR 51): at 390 px the text drawn in a chart is at least as
large as the page's body text, and a chart never makes the page wider than the screen."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page

pytestmark = BROWSER_TESTS

#: For every chart on the page: the smallest rendered size of its text (the font size in
#: the viewBox's units times the scale the SVG is drawn at) and the chart's right edge.
MEASURE = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {smallest: Math.min(...sizes), right: svg.getBoundingClientRect().right, n: sizes.length};
})"""
BODY = "() => parseFloat(getComputedStyle(document.body).fontSize)"
WIDTH = "() => document.documentElement.scrollWidth"


def _measure(page: Any) -> tuple[float, list[dict[str, float]]]:
    return page.evaluate(BODY), page.evaluate(MEASURE)


def test_chart_text_reads_at_body_size_on_a_phone_and_fits_the_screen(
    live_server: Any, browser: Any, members: Any
) -> None:
    with open_page(browser, width=390, no_console_errors=True) as page:
        page.goto(f"{live_server.url}/anggota/pertumbuhan/?on=2016-06-01")
        body, charts = _measure(page)
        assert charts and all(c["n"] > 5 for c in charts)
        for c in charts:
            assert c["smallest"] >= body - 0.01, (c, body)
            assert c["right"] <= 390
        assert page.evaluate(WIDTH) <= 390
        # The table behind the chart opens without JavaScript: a <details>.
        page.click("details.chart-data summary")
        expect(page.locator("details.chart-data table")).to_be_visible()
        link = page.locator("a.chart-csv")
        assert link.get_attribute("href").startswith("data:text/csv")  # type: ignore[union-attr]


def test_bar_chart_text_reads_at_body_size_inside_a_panel(
    live_server: Any, browser: Any, members: Any
) -> None:
    """The national dashboard's charts sit in panels of a grid: the narrowest box."""
    with open_page(browser, width=390) as page:
        page.goto(f"{live_server.url}/data/")
        body, charts = _measure(page)
        assert charts
        for c in charts:
            assert c["smallest"] >= body - 0.01, (c, body)
            assert c["right"] <= 390
