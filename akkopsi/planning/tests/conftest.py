"""A small plan for Kota Balikpapan (6471), with one scenario, built through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from akkopsi.planning import services

JUTA = Decimal(1_000_000)


def make_plan(
    member: Any, *, households: int = 2_000, name: str = "Rencana uji", money: int = 500
) -> Any:
    """Households 2,000; yearly envelopes of ``money`` juta from APBD kab/kota and DAK."""
    baseline = services.baseline_from_access(
        {
            "akses_layak": Decimal(60),
            "akses_aman": Decimal(3),
            "babs": Decimal(10),
            "sampah_tertangani": Decimal(60),
            "sampah_berkurang": Decimal(5),
        }
    )
    plan = services.create_plan(
        member=member,
        by=None,
        fields={"name": name, "base_year": 2024, "horizon": 3, "households": households},
        baseline=baseline,
    )
    scenario = plan.scenarios.get()
    inputs = services.current_inputs(scenario)
    inputs["envelopes"] = {
        (source, year): money * JUTA for source in ("apbd_kabkota", "dak") for year in plan.years
    }
    inputs["apbd"] = {year: 1_000_000 * JUTA for year in plan.years}
    services.set_inputs(scenario=scenario, by=None, **inputs)
    return plan


@pytest.fixture
def plan(members: dict[str, Any]) -> Any:
    return make_plan(members["6471"])


def editor_post(editor: Any, **cells: Any) -> dict[str, Any]:
    """POST data of a scenario or catalogue editor as rendered (initial values), plus
    ``cells`` given as ``"<prefix>-<row>-<field>"`` (use ``cell()``) -> value."""
    data: dict[str, Any] = {}
    form = getattr(editor, "form", None)
    if form is not None:
        data |= {k: v for k, v in form.initial.items() if v not in (None, False)}
    for grid in getattr(editor, "grids", None) or [editor.grid]:
        data |= {
            f"{grid.prefix}-TOTAL_FORMS": len(grid.forms),
            f"{grid.prefix}-INITIAL_FORMS": len(grid.forms),
        }
        for i, row in enumerate(grid.forms):
            for name in row.fields:
                value = row.initial.get(name)
                if value not in (None, False):
                    data[f"{grid.prefix}-{i}-{name}"] = value
    return data | cells
