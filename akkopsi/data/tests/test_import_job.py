"""Confirming an upload runs the import as a job (ADR 0061): the job page links the import,
a refused file is noted cell by cell with nothing written, a second run does nothing twice,
and only who may confirm can start it or see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from akkopsi.data.models import ImportBatch, IndicatorValue
from akkopsi.data.tests.conftest import xlsx
from akkopsi.jobs import kinds
from akkopsi.jobs.models import Job, State
from akkopsi.jobs.tasks import run_part

pytestmark = pytest.mark.django_db


def _file(*rows: list[Any]) -> bytes:
    return xlsx({"Data": [["kode", "tahun", "akses_layak"], *rows]})


def _preview(client: Any, data: bytes) -> Any:
    return client.post(reverse("data:upload"), {"file": SimpleUploadedFile("n.xlsx", data)})


def _confirm(client: Any, token: str) -> Any:
    return client.post(reverse("data:upload_confirm"), {"token": token, "comment": ""})


def test_the_secretariats_national_file_is_imported_by_its_job_as_the_secretariat(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    client.force_login(users["secretariat"])
    token = _preview(client, _file(["6474", 2024, 80], ["6471", 2024, 70])).context["token"]
    response = _confirm(client, token)
    job = Job.objects.get()
    assert response.url == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state, job.done, job.total) == ("data.import", State.SUCCEEDED, 1, 1)
    assert job.started_by == users["secretariat"] and "token" in job.params
    batch = ImportBatch.objects.get()
    assert job.result_url == reverse("data:batch_detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "Lihat hasilnya" in page and job.result_url in page
    assert "<strong>Selesai</strong>" in page
    api = client.get(f"/api/jobs/{job.pk}/").json()
    assert (api["state"], api["outcome"], api["status"]) == ("succeeded", "complete", "selesai")
    users_in_history = {h.history_user_id for h in IndicatorValue.history.all()}
    assert IndicatorValue.objects.count() == 2 and users_in_history == {users["secretariat"].pk}
    # The same part run again (a retry, a task delivered twice) does nothing twice.
    run_part.enqueue(job.parts.get().pk)
    kinds.get("data.import").do(job, token)
    assert ImportBatch.objects.count() == 1 and IndicatorValue.history.count() == 2
    assert Job.objects.get().done == 1


def test_a_file_refused_by_the_worker_is_noted_by_cell_and_writes_nothing(
    client: Any, users: Any, members: Any, open_year: Any, monkeypatch: Any
) -> None:
    client.force_login(users["secretariat"])
    token = _preview(client, _file(["6474", 2024, 80])).context["token"]
    # Between the preview and the worker, the indicator's range changed: 80 is out of it now.
    from akkopsi.data.models import Indicator

    Indicator.objects.filter(code="akses_layak").update(max_value=50)
    response = _confirm(client, token)
    job = Job.objects.get()
    assert job.state == State.SUCCEEDED and job.failed_items == 1 and not job.result_url
    assert job.notes and all(note.startswith("Data!") for note in job.notes), job.notes
    page = client.get(response.url).content.decode()
    assert job.notes[0].split(":")[0] in page
    # The person sees that nothing came of it, not "finished" (on the page, the list, the API).
    assert "<strong>Tanpa hasil</strong>" in page and "<strong>Selesai" not in page
    assert "<td>Tanpa hasil</td>" in client.get(reverse("jobs:list")).content.decode()
    api = client.get(f"/api/jobs/{job.pk}/").json()
    assert (api["outcome"], api["status"], api["result_url"]) == ("none", "tanpa hasil", None)
    assert not ImportBatch.objects.exists() and not IndicatorValue.objects.exists()
    assert not IndicatorValue.history.exists()


def test_another_role_can_neither_confirm_nor_see_the_import_job(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    client.force_login(users["secretariat"])
    token = _preview(client, _file(["6474", 2024, 80])).context["token"]
    for who in ("treasurer", "jury"):
        other = Client()
        other.force_login(users[who])
        assert _confirm(other, token).status_code == 403, who
    assert not Job.objects.exists() and not ImportBatch.objects.exists()
    job_url = _confirm(client, token).url
    job = Job.objects.get()
    assert job_url == reverse("jobs:job", args=[job.pk])
    for who in ("treasurer", "jury", "balikpapan"):
        other = Client()
        other.force_login(users[who])
        assert other.get(job_url).status_code == 404, who
        assert other.get(f"/api/jobs/{job.pk}/").status_code == 404, who


def test_a_token_of_another_session_starts_nothing(
    client: Any, users: Any, members: Any, open_year: Any
) -> None:
    client.force_login(users["bontang"])
    token = _preview(client, _file(["6474", 2024, 80])).context["token"]
    client.force_login(users["secretariat"])  # a new session: the token is not in it
    response = _confirm(client, token)
    assert response.url == reverse("data:upload") and not Job.objects.exists()
