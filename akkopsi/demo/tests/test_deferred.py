"""``make run``'s demo: the award analyses deferred to ``akkopsi demo_analyses``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from akkopsi.awards import compute
from akkopsi.awards.models import Edition, ResultRun
from akkopsi.bulletin.models import DataSection
from akkopsi.demo.awards import LATER_YEARS, held_editions

pytestmark = pytest.mark.django_db


def _analyses() -> str:
    out = StringIO()
    call_command("demo_analyses", stdout=out)
    return out.getvalue()


def test_deferred_load_holds_the_later_editions_and_demo_analyses_finishes_them() -> None:
    out = StringIO()
    call_command("demo", "--defer-analyses", "--quiet-logins", stdout=out)
    held = held_editions()
    assert [e.year for e in held] == list(LATER_YEARS)
    assert "10 award editions wait for their analysis" in out.getvalue()
    assert all(e.jury_closed and e.nominations.exists() for e in held)
    assert not ResultRun.objects.filter(edition__year__in=LATER_YEARS).exists()  # not computed
    # what the bulletin froze on 19 May 2015 needs only 2014 and 2015, computed in the load
    assert set(Edition.objects.filter(published=True).values_list("year", flat=True)) == {
        2014,
        2015,
    }
    awards = DataSection.objects.get(edition__number=2, kind="awards")
    assert awards.frozen["year"] == 2015 and awards.frozen["winners"]

    assert _analyses().startswith("10 demo award editions computed and published.")
    assert held_editions() == []
    assert Edition.objects.filter(published=False).count() == 0
    for edition in Edition.objects.filter(year__in=LATER_YEARS):
        (run,) = ResultRun.objects.filter(edition=edition)  # one run, none superseded
        assert run.replications == compute.DEFAULT_REPLICATIONS and not run.failed_checks
    assert _analyses().startswith("0 demo award editions")  # idempotent


def test_make_runs_job_computes_each_held_edition_as_one_item() -> None:
    """``demo_analyses --enqueue`` (make run): one job, one item a held edition, each
    published; run again, the job has nothing left to do."""
    from akkopsi.demo.jobs import ANALYSES
    from akkopsi.jobs.models import Job

    call_command("demo", "--defer-analyses", "--quiet-logins", stdout=StringIO())
    out = StringIO()
    call_command("demo_analyses", "--enqueue", stdout=out)  # the test backend runs it at once
    job = Job.objects.get(kind=ANALYSES)
    assert out.getvalue().startswith(f"Job {job.pk} enqueued")
    job.refresh_from_db()
    assert (job.state, job.total, job.done) == ("succeeded", len(LATER_YEARS), len(LATER_YEARS))
    assert held_editions() == []
    assert ResultRun.objects.filter(edition__year__in=LATER_YEARS).count() == len(LATER_YEARS)
    call_command("demo_analyses", "--enqueue", stdout=StringIO())
    assert Job.objects.filter(kind=ANALYSES).latest("pk").total == 0
