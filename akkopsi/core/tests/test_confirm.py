"""The plan of an action: its token names what was announced; a changed plan is refused."""

from __future__ import annotations

import pytest

from akkopsi.core.confirm import Plan, StaleConfirmation, check_confirmed


def test_the_token_follows_the_count_and_facts_not_the_wording() -> None:
    plan = Plan(3, ("Tiga tagihan.",), facts=(1, "2015-01-15"))
    assert plan.token == Plan(3, ("Three invoices.",), facts=(1, "2015-01-15")).token
    assert plan.token != Plan(4, ("Tiga tagihan.",), facts=(1, "2015-01-15")).token
    assert plan.token != Plan(3, ("Tiga tagihan.",), facts=(2, "2015-01-15")).token


def test_a_changed_plan_is_refused_and_carries_the_new_one() -> None:
    now = Plan(4, ("Empat.",), facts=(1,))
    check_confirmed(now, now.token)
    check_confirmed(now, None)  # no confirmation asked (a command, the demo)
    with pytest.raises(StaleConfirmation) as refused:
        check_confirmed(now, Plan(3, ("Tiga.",), facts=(1,)).token)
    assert refused.value.plan is now and refused.value.code == "stale"
