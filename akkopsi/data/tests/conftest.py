from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from akkopsi.data.tests.badfiles import xlsx

__all__ = ["xlsx"]  # the tests build their workbooks with the corpus's helper


@pytest.fixture
def open_year(db: Any) -> Any:
    from akkopsi.data.models import ReportingYear

    return ReportingYear.objects.create(
        year=2024, opens_on=date(2025, 1, 1), deadline=date(2025, 3, 31)
    )


@pytest.fixture
def many_members(members: dict[str, Any], regions: dict[str, Any]) -> list[Any]:
    """Twelve more members (kabupaten in a test province) for outlier and query-count tests."""
    from akkopsi.members import services
    from akkopsi.regions.models import Province, Regency, RegencyKind

    prov = Province.objects.create(code="99", name="Uji")
    out = []
    for i in range(12):
        r = Regency.objects.create(
            code=f"99{i:02d}", province=prov, kind=RegencyKind.KABUPATEN, name=f"Uji {i}"
        )
        out.append(
            services.create_member(
                regency=r, membership_number=f"U-{i}", joined_on=date(2012, 1, 1), by=None
            )
        )
    return out
