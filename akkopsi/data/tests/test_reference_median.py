"""``reference_data`` prints the standard median (the mean of the middle two of an even count)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management.base import OutputWrapper

from akkopsi.data.choices import Stage
from akkopsi.data.management.commands.reference_data import Command
from akkopsi.data.models import ApbdTotal
from akkopsi.regions.models import Population

pytestmark = pytest.mark.django_db


def test_median_apbd_per_person_of_an_even_count(members: dict[str, Any]) -> None:
    # Rp100 and Rp202 per person: the median is Rp151, not the upper-middle Rp202.
    for code, apbd in (("6474", 100_000), ("6471", 202_000)):
        Population.objects.create(regency_id=code, year=2024, population=1_000)
        ApbdTotal.objects.create(
            member=members[code], year=2024, stage=Stage.PLANNED, amount=Decimal(apbd)
        )
    out = StringIO()
    command = Command()
    command.stdout = OutputWrapper(out)
    command._figures()
    assert "APBD 2024 per person: median Rp151," in out.getvalue()
