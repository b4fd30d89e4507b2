"""The job pages and ``GET /api/jobs/<id>/``: the starter, the secretariat and admins only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.jobs.models import Job, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(users: Any) -> Job:
    return Job.objects.create(
        kind="test.count", params={"n": 4}, started_by=users["bontang"], total=4, done=1,
        state=State.RUNNING,
    )  # fmt: skip


SEES = {"bontang": 200, "balikpapan": 404, "treasurer": 404, "jury": 404}
SEES |= {"secretariat": 200, "admin": 200}


@pytest.mark.parametrize(("who", "status"), [(None, 302), *SEES.items()])
def test_the_job_page_for_each_role(
    client: Any, users: Any, job: Job, who: str, status: int
) -> None:
    if who:
        client.force_login(users[who])
    response = client.get(reverse("jobs:job", args=[job.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert '<progress value="1" max="4">' in page and 'hx-trigger="every 2s"' in page
        assert '<meta http-equiv="refresh" content="5">' in page  # without JS too
        assert "Batalkan tugas ini" in page


@pytest.mark.parametrize(("who", "status"), [(None, 401), *SEES.items()])
def test_the_api_for_each_role(client: Any, users: Any, job: Job, who: str, status: int) -> None:
    if who:
        client.force_login(users[who])
    response = client.get(f"/api/jobs/{job.pk}/")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["state"] == "running" and body["result_url"] is None
        assert (body["done"], body["total"], body["percent"], body["error"]) == (1, 4, 25, "")
        assert body["started_by"] == "staf-6474"


def test_htmx_gets_the_fragment_and_a_finished_job_stops_polling(
    client: Any, users: Any, job: Job
) -> None:
    client.force_login(users["bontang"])
    url = reverse("jobs:job", args=[job.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<section id="job-progress"') and "<html" not in fragment
    Job.objects.filter(pk=job.pk).update(state=State.SUCCEEDED, done=4, result_url="/r/")
    page = client.get(url).content.decode()
    assert "hx-trigger" not in page and "refresh" not in page and 'href="/r/"' in page


@pytest.mark.parametrize(("who", "status"), [("balikpapan", 404), ("secretariat", 302)])
def test_cancel_is_a_post_by_who_may_see_the_job(
    client: Any, users: Any, job: Job, who: str, status: int
) -> None:
    client.force_login(users[who])
    url = reverse("jobs:cancel", args=[job.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == status
    job.refresh_from_db()
    assert job.cancel_requested is (status == 302)


def test_my_jobs_lists_only_mine(client: Any, users: Any, job: Job) -> None:
    Job.objects.create(kind="test.count", started_by=users["balikpapan"])
    client.force_login(users["bontang"])
    page = client.get(reverse("jobs:list"))
    assert [j.pk for j in page.context["page"].object_list] == [job.pk]
    assert [j["id"] for j in client.get("/api/jobs/").json()["results"]] == [job.pk]
    client.force_login(users["secretariat"])
    assert list(client.get(reverse("jobs:list")).context["page"].object_list) == []
