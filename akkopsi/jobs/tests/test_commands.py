"""Scheduled commands as jobs: ``akkopsi enqueue <command>`` (cron's worker-side alternative)
and an administrator's "run now" on "my jobs" (ADR 0054)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from akkopsi.jobs.models import Job, State

pytestmark = pytest.mark.django_db


def test_enqueue_runs_a_backup_as_a_low_priority_job(users: Any, tmp_path: Path) -> None:
    archive = tmp_path / "cadangan.tar.gz"
    out = StringIO()
    call_command("enqueue", "backup", str(archive), stdout=out)
    job = Job.objects.get()
    assert f"Job {job.pk} enqueued" in out.getvalue()
    assert (job.kind, job.state, job.priority, job.started_by) == (
        "command",
        "succeeded",
        -50,
        None,
    )
    assert archive.exists() and str(archive) in job.notes[-1]  # the command's output
    assert job.label == "Cadangkan basis data dan berkas unggahan"


def test_enqueue_refuses_a_command_not_meant_to_run_as_a_job(db: Any) -> None:
    with pytest.raises(CommandError, match="tidak dapat dijalankan sebagai tugas"):
        call_command("enqueue", "flush")
    assert not Job.objects.exists()


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("secretariat", 403), ("bontang", 403)])
def test_only_an_administrator_runs_a_command_now(
    client: Any, users: Any, who: str | None, status: int
) -> None:
    if who:
        client.force_login(users[who])
    assert client.post("/tugas/perintah/", {"name": "remind_actions"}).status_code == status
    assert not Job.objects.exists()
    if who:
        assert "Jalankan sekarang" not in client.get("/tugas/").content.decode()


def test_an_administrator_runs_the_reminders_now(client: Any, users: Any) -> None:
    client.force_login(users["admin"])
    assert "Jalankan sekarang" in client.get("/tugas/").content.decode()
    response = client.post("/tugas/perintah/", {"name": "remind_actions"})
    job = Job.objects.get()
    assert response["Location"] == f"/tugas/{job.pk}/"
    assert job.state == State.SUCCEEDED and job.started_by == users["admin"]
    response = client.post("/tugas/perintah/", {"name": "flush"}, follow=True)
    assert "tidak dapat dijalankan sebagai tugas" in response.content.decode()
    assert Job.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_job_reads_every_table_from_one_snapshot(
    users: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run by a worker, the backup's tables are read at REPEATABLE READ as when cron runs the
    command itself; a reminder job keeps the default level."""
    from django.db import connection

    from akkopsi.core import backup

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL; set DATABASE_URL=postgres://...")
    seen: list[str] = []
    real = backup.archived_models

    def noting() -> Any:
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            seen.append(cursor.fetchone()[0])
        return real()

    monkeypatch.setattr(backup, "archived_models", noting)
    # as a worker does: each task runs after the transaction that enqueued it, in its own
    from django.db import transaction

    from akkopsi.jobs import tasks

    def after_commit(task_: Any, *args: Any) -> None:
        transaction.on_commit(lambda: task_.enqueue(*args))

    monkeypatch.setattr(tasks, "enqueue", after_commit)
    call_command("enqueue", "backup", str(tmp_path / "cadangan.tar.gz"), stdout=StringIO())
    assert Job.objects.get().state == State.SUCCEEDED
    assert seen and seen[0] == "repeatable read"
    from akkopsi.jobs import kinds

    job = Job.objects.get()
    job.params = {"name": "remind_actions"}
    assert kinds.get("command").snapshot(job) is False
