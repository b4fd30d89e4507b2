"""Charts of an award result, drawn by the one chart module (core.charts): how the index
scores are spread, and what each winner's score is made of."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from akkopsi.core.charts import Chart, histogram, nice_bins, stacked_bar


def result_charts(results: dict[str, Any]) -> list[Chart]:
    """The score distribution and the winners' contributions by category (none without
    scores)."""
    units = results["units"]
    scores = [float(u["score"]) for u in units if u.get("score") is not None]
    if not scores:
        return []
    out = [
        histogram(
            _("Members by index score"),
            scores,
            bins=nice_bins(scores),
            x_label=_("Index score"),
            y_label=_("members"),
        )
    ]
    winners = _winners(results)
    if winners:
        out.append(_contributions(results, winners))
    return out


def _winners(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each category's winners, each member once, in the order of the categories."""
    seen: dict[str, dict[str, Any]] = {}
    for cat in results["categories"]:
        for u in results["units"]:
            if u["category_ranks"].get(cat["code"]) == 1:
                seen.setdefault(u["code"], u)
    return list(seen.values())


def _contributions(results: dict[str, Any], winners: list[dict[str, Any]]) -> Chart:
    """Each winner's index score split into what each category's criteria contribute."""
    criteria = results["criteria"]
    stacks = {
        cat["name"]: [
            sum(
                float(u["contributions"].get(c["code"]) or 0.0)
                for c in criteria
                if c["category"] == cat["code"]
            )
            for u in winners
        ]
        for cat in results["categories"]
    }
    return stacked_bar(
        _("Winners: what each category's criteria contribute to the index score"),
        [u["name"] for u in winners],
        stacks,
        horizontal=True,
        category=_("Member"),
    )
