"""Solving from the pages starts a job: one scenario, a member's, every plan (ADR 0054)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.jobs.models import Job, State
from akkopsi.planning.models import SolveResult
from akkopsi.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def _started(response: Any) -> Job:
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    return job


def test_solving_a_scenario_is_a_job_that_links_to_the_result(
    client: Any, users: Any, plan: Any
) -> None:
    client.force_login(users["balikpapan"])
    scenario = plan.scenarios.get()
    job = _started(client.post(reverse("planning:scenario_solve", args=[scenario.pk])))
    saved = SolveResult.objects.get()
    assert (job.state, job.done, job.started_by) == (State.SUCCEEDED, 1, users["balikpapan"])
    assert job.result_url == reverse("planning:result_detail", args=[saved.pk])
    assert saved.created_by == users["balikpapan"]
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Hitung rencana investasi" in page and job.result_url in page


def test_a_member_s_scenarios_by_its_staff_not_by_another_member(
    client: Any, users: Any, members: Any
) -> None:
    make_plan(members["6474"], name="A")
    make_plan(members["6474"], name="B")
    make_plan(members["6471"], name="C")
    client.force_login(users["balikpapan"])
    assert client.post(reverse("planning:member_solve", args=["6474"])).status_code == 403
    client.force_login(users["bontang"])
    job = _started(client.post(reverse("planning:member_solve", args=["6474"])))
    assert (job.state, job.done, job.total) == (State.SUCCEEDED, 2, 2)
    assert set(SolveResult.objects.values_list("scenario__plan__name", flat=True)) == {"A", "B"}
    assert job.result_url == reverse("planning:plan_list", args=["6474"])


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("bontang", 403), ("treasurer", 403), ("jury", 403), ("secretariat", 302)],
)
def test_every_plan_only_by_the_secretariat(
    client: Any, users: Any, members: Any, who: str | None, status: int
) -> None:
    make_plan(members["6474"])
    make_plan(members["6471"])
    if who:
        client.force_login(users[who])
    response = client.post(reverse("planning:solve_all"), {"scope": "unsolved"})
    assert response.status_code == status
    assert SolveResult.objects.count() == (2 if who == "secretariat" else 0)
    if who == "secretariat":
        assert _started(response).total == 2
        client.post(reverse("planning:solve_all"), {"scope": "unsolved"})
        assert Job.objects.order_by("-pk")[0].total == 0  # nothing left unsolved
        client.post(reverse("planning:solve_all"), {"scope": "all"})
        assert SolveResult.objects.count() == 4
