"""The demo's coordination records, loaded on the small test registry (the full demo is slow)."""

from __future__ import annotations

from typing import Any

import pytest

from akkopsi.coordination.models import Meeting, Summit
from akkopsi.demo.coordination import load_coordination

pytestmark = pytest.mark.django_db


def test_demo_rakor_of_19_may_2015_in_full_and_idempotent(members: Any) -> None:
    load_coordination()
    load_coordination()
    rakor = Meeting.objects.get(starts_at__date="2015-05-19")
    assert rakor.chair_name == "Adi Darma" and rakor.chair_role.startswith("Bendahara Umum")
    assert rakor.host == members["6471"]
    assert {"6474", "6471", "5108"} <= set(rakor.attending.values_list("regency_id", flat=True))
    assert rakor.agenda.count() == 8
    assert "City Sanitation Summit di Padang" in rakor.agenda.get(position=4).title
    assert rakor.actions.filter(summit__number=15).count() == 2
    assert [s.numeral for s in Summit.objects.order_by("number")][0::11] == ["XIII", "XXIV"]
    assert Summit.objects.count() == 12
