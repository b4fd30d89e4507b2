"""Two imports of one member-year at once, a double-clicked confirm, a preview gone stale.

The sequential cases run on every database; the races (threads released together) need
PostgreSQL's row locks (DATABASE_URL=postgres://...), as in dues/tests/test_concurrency.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from akkopsi.data.importing.service import (
    AlreadyConfirmed,
    ImportConflict,
    commit,
    dry_run_file,
    issue_token,
)
from akkopsi.data.models import BudgetLine, ImportBatch, IndicatorValue, Submission
from akkopsi.data.tests.conftest import xlsx
from akkopsi.jobs.models import Job

CHANGED = "Data berubah sejak pratinjau Anda; lihat lagi"
ALREADY = "sudah dikonfirmasi"

POSTGRES = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; set DATABASE_URL=postgres://...",
    ),
]


def _file(value: Any, subsector: str = "air_limbah") -> bytes:
    return xlsx(
        {
            "Data": [["kode", "tahun", "akses_layak"], ["6474", 2024, value]],
            "Anggaran": [
                ["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"],
                ["6474", 2024, subsector, "apbn", "planned", 1_000_000],
            ],
        }
    )


def _preview(user: Any, value: Any, subsector: str = "air_limbah") -> Any:
    preview = dry_run_file(_file(value, subsector), "a.xlsx", user, current_year=2025)
    assert preview.ok, [str(p) for p in preview.errors]
    return preview


def _stored() -> Decimal:
    return IndicatorValue.objects.get(
        member__regency_id="6474", indicator__code="akses_layak", year=2024
    ).value


def _upload(client: Any, data: bytes) -> str:
    response = client.post(reverse("data:upload"), {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 200 and response.context["preview"].ok
    return str(response.context["token"])


def _confirm(client: Any, token: str) -> Any:
    return client.post(reverse("data:upload_confirm"), {"token": token, "comment": ""})


def _api(client: Any, value: str, **extra: Any) -> Any:
    payload = {
        "values": [{"kode": "6474", "tahun": "2024", "indikator": "akses_layak", "nilai": value}],
        **extra,
    }
    return client.post("/api/data/import/", payload, content_type="application/json")


def _race(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Run the tasks in threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(len(tasks))
    results: list[Any] = [None] * len(tasks)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = tasks[i]()
        except Exception as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tasks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


# -- sequential: every database ------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_confirm_of_one_upload_imports_nothing_and_says_so(
    client: Any, users: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    token = _upload(client, _file(80))
    first = _confirm(client, token)
    batch = ImportBatch.objects.get()
    job = Job.objects.get()
    assert first.status_code == 302 and first.url == reverse("jobs:job", args=[job.pk])
    assert job.result_url == reverse("data:batch_detail", args=[batch.pk])
    second = _confirm(client, token)
    assert second.status_code == 302
    assert second.url == reverse("data:batch_detail", args=[batch.pk])
    assert ALREADY in " ".join(str(m) for m in get_messages(second.wsgi_request))
    assert ImportBatch.objects.count() == 1 and IndicatorValue.history.count() == 1


@pytest.mark.django_db
def test_the_service_refuses_a_used_token(users: Any, open_year: Any) -> None:
    staff = users["bontang"]
    preview = _preview(staff, 80)
    issue_token("t-1", preview, staff)
    batch = commit(preview, by=staff, token="t-1")
    with pytest.raises(AlreadyConfirmed) as used:
        commit(_preview(staff, 80), by=staff, token="t-1")
    assert used.value.batch_id == batch.pk and ALREADY in str(used.value)
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_two_previews_of_one_member_year_the_second_commit_is_refused(
    users: Any, open_year: Any
) -> None:
    staff, secretariat = users["bontang"], users["secretariat"]
    first, second = _preview(staff, 80), _preview(secretariat, 70, "persampahan")
    commit(first, by=staff)
    with pytest.raises(ImportConflict) as refused:
        commit(second, by=secretariat)
    assert CHANGED in str(refused.value.preview.errors[-1])
    assert _stored() == Decimal("80")
    assert not BudgetLine.objects.filter(subsector="persampahan").exists()
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_a_confirm_after_someone_else_changed_the_data_is_refused_on_the_job_page(
    client: Any, users: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    token = _upload(client, _file(80))
    other = Client()
    other.force_login(users["secretariat"])
    assert _api(other, "75").status_code == 201
    response = _confirm(client, token)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert len(job.notes) == 1 and job.notes[0].startswith(CHANGED)
    assert job.failed_items == 1 and not job.result_url
    assert CHANGED in client.get(response.url).content.decode()
    assert _stored() == Decimal("75") and ImportBatch.objects.count() == 1
    # Looked again: the new preview shows 75 -> 80 and its own token confirms it.
    preview = client.post(reverse("data:upload"), {"file": SimpleUploadedFile("a.xlsx", _file(80))})
    assert preview.context["counts"]["changed"] == 1
    again = _confirm(client, preview.context["token"])
    assert again.status_code == 302 and _stored() == Decimal("80")


@pytest.mark.django_db
def test_a_form_opened_before_someone_else_saved_is_refused(
    client: Any, users: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    url = reverse("data:entry", args=["6474", 2024])
    assert client.post(url, {"ind_akses_layak": "60"}).status_code == 302
    opened = client.get(url).context["form"].initial["version"]
    other = Client()
    other.force_login(users["secretariat"])
    assert other.post(url, {"ind_akses_layak": "75", "version": opened}).status_code == 302
    stale = client.post(url, {"ind_akses_layak": "60", "ind_babs": "3", "version": opened})
    assert stale.status_code == 200
    assert "Data berubah sejak formulir ini Anda buka" in str(stale.context["form"].errors)
    assert _stored() == Decimal("75")
    assert not IndicatorValue.objects.filter(indicator__code="babs").exists()
    # The page now carries the current version: saving again (having looked) is accepted.
    fresh = stale.context["form"].data["version"]
    assert fresh != opened
    again = client.post(url, {"ind_akses_layak": "60", "ind_babs": "3", "version": fresh})
    assert again.status_code == 302 and _stored() == Decimal("60")


@pytest.mark.django_db
def test_an_api_write_with_a_stale_dry_run_fingerprint_is_refused(
    client: Any, users: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    seen = _api(client, "80", dry_run=True).json()["fingerprint"]
    assert _api(client, "70").status_code == 201
    stale = _api(client, "80", fingerprint=seen)
    assert stale.status_code == 409 and CHANGED in " ".join(stale.json()["errors"])
    assert _stored() == Decimal("70") and ImportBatch.objects.count() == 1


# -- races: PostgreSQL ---------------------------------------------------------------------


def pg(test: Any) -> Any:
    for mark in POSTGRES:
        test = mark(test)
    return test


@pg
def test_two_threads_confirming_one_upload_write_once(
    transactional_db: Any, users: Any, open_year: Any
) -> None:
    staff = users["bontang"]
    issue_token("one-upload", _preview(staff, 80), staff)
    previews = [_preview(staff, 80) for _ in range(4)]
    results = _race([lambda p=p: commit(p, by=staff, token="one-upload") for p in previews])
    batches = [r for r in results if isinstance(r, ImportBatch)]
    refused = [r for r in results if isinstance(r, AlreadyConfirmed)]
    assert len(batches) == 1 and len(refused) == 3, results
    assert all(r.batch_id == batches[0].pk for r in refused)
    assert ImportBatch.objects.count() == 1 and IndicatorValue.history.count() == 1
    assert Submission.objects.count() == 1


@pg
def test_two_imports_of_one_member_year_at_once_one_wins_nothing_half_written(
    transactional_db: Any, users: Any, open_year: Any
) -> None:
    staff, secretariat = users["bontang"], users["secretariat"]
    previews = [(staff, _preview(staff, 80)), (secretariat, _preview(secretariat, 70, "drainase"))]
    for i, (user, preview) in enumerate(previews):  # two pending uploads, each with its token
        issue_token(f"upload-{i}", preview, user)
    results = _race(
        [
            lambda i=i, u=u, p=p: commit(p, by=u, token=f"upload-{i}")
            for i, (u, p) in enumerate(previews)
        ]
    )
    won = [i for i, r in enumerate(results) if isinstance(r, ImportBatch)]
    lost = [r for r in results if isinstance(r, ImportConflict)]
    assert len(won) == 1 and len(lost) == 1, results
    assert CHANGED in str(lost[0].preview.errors[-1])
    assert _stored() == (Decimal("80") if won == [0] else Decimal("70"))
    assert BudgetLine.objects.get().subsector == ("air_limbah" if won == [0] else "drainase")
    assert ImportBatch.objects.count() == 1 and Submission.objects.count() == 1
    assert IndicatorValue.history.count() == 1 and BudgetLine.history.count() == 1


@pg
def test_a_double_clicked_confirm_imports_once_and_answers_the_second(
    transactional_db: Any, users: Any, open_year: Any
) -> None:
    first = Client()
    first.force_login(users["bontang"])
    token = _upload(first, _file(80))
    second = Client()
    second.cookies = first.cookies  # the same browser: one session, two POSTs
    results = _race([lambda c=c: _confirm(c, token) for c in (first, second)])
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.status_code for r in results) == [302, 302]
    ImportBatch.objects.get()
    job = Job.objects.get(kind="data.import")  # one job: the second click found the first's
    assert {r.url for r in results} == {reverse("jobs:job", args=[job.pk])}
    assert IndicatorValue.history.count() == 1


@pg
def test_parallel_api_writes_of_one_member_year_never_fail_with_a_server_error(
    transactional_db: Any, users: Any, open_year: Any
) -> None:
    clients = []
    for who in ["bontang", "secretariat"] * 3:
        c = Client(raise_request_exception=False)
        c.force_login(users[who])
        clients.append(c)
    results = _race([lambda c=c, i=i: _api(c, str(60 + i)) for i, c in enumerate(clients)])
    codes = [r.status_code for r in results]
    assert set(codes) <= {201, 409} and 201 in codes, codes
    # Every write that went through was checked against the row it replaced: the value's
    # history has one entry per 201 that changed it, and no write was lost silently.
    written = [r.json() for r in results if r.status_code == 201]
    assert IndicatorValue.history.count() == sum(w["created"] + w["changed"] for w in written)
    assert ImportBatch.objects.count() == len(written)
    assert IndicatorValue.objects.count() == 1 and Submission.objects.count() == 1


@pg
def test_parallel_api_writes_from_one_dry_run_state_only_one_is_accepted(
    transactional_db: Any, users: Any, open_year: Any
) -> None:
    clients = []
    for who in ["bontang", "secretariat"] * 2:
        c = Client(raise_request_exception=False)
        c.force_login(users[who])
        clients.append(c)
    seen = [_api(c, str(60 + i), dry_run=True).json()["fingerprint"] for i, c in enumerate(clients)]
    assert len(set(seen)) == 1
    results = _race(
        [lambda c=c, i=i: _api(c, str(60 + i), fingerprint=seen[i]) for i, c in enumerate(clients)]
    )
    codes = sorted(r.status_code for r in results)
    assert codes == [201, 409, 409, 409], codes
    winner = next(i for i, r in enumerate(results) if r.status_code == 201)
    assert _stored() == Decimal(60 + winner) and IndicatorValue.history.count() == 1
