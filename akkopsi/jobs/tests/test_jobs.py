"""Jobs: parts, progress, retries without doing an item twice, cancelling, failing, the worker."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import OperationalError
from django.utils.translation import gettext_lazy as _

from akkopsi.jobs import kinds, services
from akkopsi.jobs.models import Job, JobPart, State

pytestmark = pytest.mark.django_db

#: What the test kind did, item by item (a retry that did an item twice would show it twice).
DONE: list[int] = []
#: Items that fail once with a transient error / always with an expected one / a bug.
FLAKY: set[int] = set()
BAD: set[int] = set()
BUG: set[int] = set()
CANCEL_AT: set[int] = set()


class Unsolvable(Exception):
    pass


def _do(job: Job, item: Any) -> None:
    if item in CANCEL_AT:
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    if item in FLAKY:
        FLAKY.discard(item)
        raise OperationalError("database is locked")
    if item in BAD:
        raise Unsolvable(f"item {item} has no solution")
    if item in BUG:
        raise ZeroDivisionError("a bug")
    DONE.append(item)


def _permit(by: Any, params: dict[str, Any]) -> None:
    if params.get("secret") and by is not None:
        raise PermissionDenied


kinds.register(
    kinds.Kind(
        name="test.count",
        label=_("Count"),
        items=lambda job: list(range(job.params["n"])),
        do=_do,
        permit=_permit,
        result_url=lambda job: f"/hasil/{job.params['n']}/",
        expected=(Unsolvable,),
        part_size=3,
    )
)


@pytest.fixture(autouse=True)
def _clean() -> None:
    for bag in (DONE, FLAKY, BAD, BUG, CANCEL_AT):
        bag.clear()


def test_a_job_runs_every_item_once_in_parts_and_records_who_and_when(users: Any) -> None:
    job = services.start("test.count", by=users["bontang"], params={"n": 7})
    assert list(range(7)) == DONE
    assert (job.state, job.done, job.total, job.percent) == (State.SUCCEEDED, 7, 7, 100)
    assert job.started_by == users["bontang"] and job.created_at and job.finished_at
    assert job.result_url == "/hasil/7/"
    assert list(JobPart.objects.values_list("start", "end", "next")) == [
        (0, 3, 3),
        (3, 6, 6),
        (6, 7, 7),
    ]
    # state changes are in the history (created, running, finished)
    assert list(job.history.values_list("state", flat=True)) == [  # type: ignore[attr-defined]
        State.SUCCEEDED,
        State.RUNNING,
        State.QUEUED,
    ]


def test_a_transient_error_retries_the_part_without_doing_an_item_twice(users: Any) -> None:
    FLAKY.update({4})
    job = services.start("test.count", by=None, params={"n": 6})
    assert DONE == [0, 1, 2, 3, 4, 5]
    assert (job.state, job.done) == (State.SUCCEEDED, 6)
    assert JobPart.objects.get(start=3).attempts == 2


def test_a_transient_error_every_time_fails_the_job_after_the_attempts(
    users: Any, settings: Any
) -> None:
    settings.JOBS_MAX_ATTEMPTS = 3

    class Always(set[int]):
        def discard(self, item: int) -> None:
            pass

    global FLAKY
    saved, FLAKY = FLAKY, Always({1})
    try:
        job = services.start("test.count", by=None, params={"n": 2})
    finally:
        FLAKY = saved
    assert job.state == State.FAILED and "OperationalError" in job.error
    assert JobPart.objects.get().attempts == 3


def test_an_expected_error_is_noted_and_the_job_goes_on(users: Any) -> None:
    BAD.update({1})
    job = services.start("test.count", by=None, params={"n": 3})
    assert (job.state, job.done, job.failed_items) == (State.SUCCEEDED, 2, 1)
    assert job.notes == ["item 1 has no solution"]


def test_a_bug_fails_the_job_with_its_error(users: Any) -> None:
    BUG.update({4})
    job = services.start("test.count", by=None, params={"n": 9})
    assert job.state == State.FAILED and job.error == "ZeroDivisionError: a bug"
    assert job.result_url == ""
    assert DONE == [0, 1, 2, 3]  # the parts after it do nothing once the job has failed


def test_cancelling_stops_before_the_next_item(users: Any) -> None:
    CANCEL_AT.update({1})
    job = services.start("test.count", by=None, params={"n": 9})
    assert job.state == State.CANCELLED and DONE == [0, 1]
    with pytest.raises(ValidationError):
        services.cancel(job, by=users["admin"])


def test_a_kind_refuses_who_may_not_start_it(users: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.start("test.count", by=users["bontang"], params={"n": 1, "secret": True})
    assert not Job.objects.exists()


DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_parts_and_a_queued_job_cancels_at_once(
    users: Any, settings: Any
) -> None:
    settings.TASKS = DB_TASKS
    job = services.start("test.count", by=users["bontang"], params={"n": 5}, priority=-50)
    assert job.state == State.QUEUED and DONE == []
    waiting = services.start("test.count", by=users["bontang"], params={"n": 5})
    services.cancel(waiting, by=users["bontang"])
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    waiting.refresh_from_db()
    assert (job.state, job.done) == (State.SUCCEEDED, 5) and list(range(5)) == DONE
    assert waiting.state == State.CANCELLED and waiting.done == 0
