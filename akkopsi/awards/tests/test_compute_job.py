"""Computing the award's results (with uncertainty and sensitivity) is a job (ADR 0054)."""

from __future__ import annotations

from typing import Any

import pytest

from akkopsi.awards import compute, services
from akkopsi.awards.models import ResultRun
from akkopsi.awards.tests.conftest import score_all
from akkopsi.core.tests.confirming import confirm
from akkopsi.jobs.models import Job, State

pytestmark = pytest.mark.django_db

URL = "/penghargaan/2015/hitung/"


def test_confirmed_the_computation_runs_as_a_job_that_links_to_the_results(
    client: Any, users: dict[str, Any], award: dict[str, Any]
) -> None:
    score_all(award)
    client.force_login(users["secretariat"])
    response = confirm(client, URL)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tugas/{job.pk}/"
    assert (job.kind, job.state, job.done, job.total) == ("awards.compute", State.SUCCEEDED, 1, 1)
    assert job.started_by == users["secretariat"] and job.result_url == "/penghargaan/2015/"
    run = ResultRun.objects.get()
    assert run.computed_by == users["secretariat"] and run.replications > 0  # with the analysis
    assert run.results["units"]
    page = client.get(response["Location"]).content.decode()
    assert "Hitung hasil penghargaan" in page and 'href="/penghargaan/2015/"' in page


def test_a_stale_confirmation_or_a_missing_reason_starts_no_job(
    client: Any, users: dict[str, Any], award: dict[str, Any]
) -> None:
    client.force_login(users["secretariat"])
    token = client.get(URL).context["plan"].token
    score_all(award)  # the plan changed after it was shown
    assert client.post(URL, {"token": token}).status_code == 409
    assert not Job.objects.exists()
    edition = award["edition"]
    compute.run(edition, replications=40)
    services.publish(edition, by=users["secretariat"])
    response = confirm(client, URL, {"reason": ""})  # published: a reason is needed
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert not Job.objects.exists() and ResultRun.objects.count() == 1


@pytest.mark.parametrize("who", ["jury", "bontang", "treasurer"])
def test_only_the_secretariat_computes(
    client: Any, users: dict[str, Any], award: dict[str, Any], who: str
) -> None:
    client.force_login(users[who])
    assert client.post(URL, {"token": "x"}).status_code == 403
    assert not Job.objects.exists()
