"""Two web processes and two task workers on PostgreSQL give what one process gives (ADR 0054).

A national import (``AKKOPSI_MP_MEMBERS`` members besides the fixtures' three, three years
of every indicator, budget lines and APBD totals) is uploaded through one web process,
confirmed through the other and run by the workers as a job; its rows, their history (size
and actor) and the import's record must equal the same upload confirmed in this process.

The plans (514 by default, ``AKKOPSI_MP_PLANS``) are solved once in this process (the
``solve_plans`` command, the ``immediate`` backend), then again as a job started through the
first web process (gunicorn), run by two ``db_worker`` processes and followed through the
second web process's ``GET /api/jobs/<id>/``. Every scenario's second result must equal its
first, each scenario solved exactly once more, and both workers must have taken part.

PostgreSQL only: SQLite has one writer and no row locks, which is what this test is about.
CI's PostgreSQL pass (``DATABASE_URL=postgres://...``) runs it.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from akkopsi.jobs.models import Job, State
from akkopsi.planning import services
from akkopsi.planning.models import SolveResult

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (row locks, several writers): set DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]

PLANS = int(os.environ.get("AKKOPSI_MP_PLANS", "514"))
TIMEOUT = int(os.environ.get("AKKOPSI_MP_TIMEOUT", "900"))
ROOT = Path(__file__).resolve().parents[3]


def _plans(members: dict[str, Any]) -> None:
    """``PLANS`` plans over the members, each with its own households, written in bulk."""
    baseline = services.baseline_from_access(
        {
            "akses_layak": Decimal(60),
            "akses_aman": Decimal(3),
            "babs": Decimal(10),
            "sampah_tertangani": Decimal(60),
            "sampah_berkurang": Decimal(5),
        }
    )
    order = list(members.values())
    new = [
        services.NewPlan(
            member=order[i % len(order)],
            fields={
                "name": f"P{i}",
                "base_year": 2024,
                "horizon": 3,
                "households": 1_000 + 37 * i,
            },
            baseline=baseline,
            scenario_name="Awal",
        )
        for i in range(PLANS)
    ]
    services.create_plans(new, by=None)


def _env() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        DEBUG="false",
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="akkopsi.config.settings",
    )
    env.pop("DATABASE_REPLICA_URL", None)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _process(args: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(args, env=_env(), cwd=ROOT, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _call(
    port: int, method: str, path: str, cookies: dict[str, str], form: dict[str, str] | None = None
) -> tuple[int, Any, str]:
    """One request to the web process on ``port``, keeping the cookies it sets."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
    finally:
        conn.close()
    for cookie in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = cookie.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    return response.status, response.headers, text


def _web(stack: ExitStack) -> int:
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    bind = f"127.0.0.1:{port}"
    args = [gunicorn, "akkopsi.config.wsgi:application", "-b", bind, "--no-control-socket"]
    stack.enter_context(_process([*args, "--timeout", "120"]))
    for _ in range(240):
        try:
            if _call(port, "GET", "/health/", {})[0] == 200:
                return port
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"gunicorn on {bind} did not answer /health/")


def _worker(stack: ExitStack, name: str) -> None:
    args = [sys.executable, "-m", "akkopsi", "db_worker", "--no-reload", "--no-startup-delay"]
    stack.enter_context(_process([*args, "--interval", "0.2", "--worker-id", name]))


def _finished(port: int, cookies: dict[str, str], location: str, *, poll: float) -> Any:
    """The job a redirect to its page names, followed on ``GET /api/jobs/<id>/`` of the web
    process on ``port`` until it leaves the queue (or ``TIMEOUT`` passes)."""
    job_id = int(location.rstrip("/").split("/")[-1])
    deadline = time.monotonic() + TIMEOUT
    while True:
        body = json.loads(_call(port, "GET", f"/api/jobs/{job_id}/", cookies)[2])
        if body["state"] not in ("queued", "running") or time.monotonic() > deadline:
            return body
        time.sleep(poll)


def _results() -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = {}
    rows = SolveResult.objects.order_by("pk").values_list(
        "scenario_id", "result", "totals", "planned_total", "gap_total", "targets_met"
    )
    for scenario_id, *figures in rows:
        out.setdefault(scenario_id, []).append(tuple(figures))
    return out


def test_two_web_processes_and_two_workers_solve_as_one_process_does(
    members: dict[str, Any], users: dict[str, Any]
) -> None:
    from django_tasks_db.models import DBTaskResult

    _plans(members)
    call_command("solve_plans", "--all")  # one process: the reference
    assert SolveResult.objects.count() == PLANS

    client = Client()
    client.force_login(users["secretariat"])  # a session row every web process can read
    cookies = {"sessionid": client.cookies["sessionid"].value}
    with ExitStack() as stack:
        first, second = _web(stack), _web(stack)
        _worker(stack, "mp-1")
        _worker(stack, "mp-2")
        status, _, page = _call(first, "GET", "/perencanaan/", cookies)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, status
        form = {"scope": "all", "csrfmiddlewaretoken": token.group(1)}
        status, headers, _ = _call(first, "POST", "/perencanaan/hitung-semua/", cookies, form)
        assert status == 302, status
        body = _finished(second, cookies, headers["Location"], poll=1.0)

    assert body["state"] == "succeeded", body
    assert (body["done"], body["total"], body["failed_items"]) == (PLANS, PLANS, 0)
    assert body["result_url"].endswith("/perencanaan/")
    job = Job.objects.get(pk=body["id"])
    assert job.state == State.SUCCEEDED and job.started_by == users["secretariat"]
    results = _results()
    assert len(results) == PLANS
    for scenario_id, (alone, together) in results.items():  # exactly two results each
        assert together == alone, scenario_id
    workers = {w for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for w in ids}
    assert workers == {"mp-1", "mp-2"}


# -- a national import ------------------------------------------------------------------------

#: Members of the national workbook (``AKKOPSI_MP_MEMBERS``, besides the fixtures' three).
IMPORT_MEMBERS = int(os.environ.get("AKKOPSI_MP_MEMBERS", "120"))
IMPORT_YEARS = (2021, 2022, 2023)


def _more_members() -> None:
    from akkopsi.members.models import Member, MembershipPeriod
    from akkopsi.regions.models import Province, Regency, RegencyKind

    provinces = {  # 99 kabupaten a province (codes of four digits)
        p: Province.objects.create(code=str(p), name=f"Provinsi {p}")
        for p in range(91, 91 + (IMPORT_MEMBERS - 1) // 99 + 1)
    }
    regencies = Regency.objects.bulk_create(
        Regency(
            code=f"{91 + i // 99}{i % 99 + 1:02d}",
            province=provinces[91 + i // 99],
            kind=RegencyKind.KABUPATEN,
            name=f"K{i}",
        )
        for i in range(IMPORT_MEMBERS)
    )
    members = Member.objects.bulk_create(
        Member(regency=r, membership_number=f"B-{r.code}") for r in regencies
    )
    MembershipPeriod.objects.bulk_create(
        MembershipPeriod(member=m, joined_on=date(2010, 1, 1)) for m in members
    )


def _national_workbook() -> bytes:
    """Every member's indicators, budget lines and APBD total for three years (values spread
    over each indicator's range, so that some are flagged and need the comment)."""
    from openpyxl import Workbook

    from akkopsi.data.models import Indicator
    from akkopsi.members.models import Member

    indicators = list(Indicator.objects.filter(active=True).order_by("code"))
    wb = Workbook(write_only=True)
    data, budget, apbd = (
        wb.create_sheet("Data"),
        wb.create_sheet("Anggaran"),
        wb.create_sheet("APBD"),
    )
    data.append(["kode", "tahun", *[i.code for i in indicators]])
    budget.append(["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"])
    apbd.append(["kode", "tahun", "tahap", "apbd"])
    codes = sorted(Member.objects.values_list("regency_id", flat=True))
    for k, code in enumerate(codes):
        for y in IMPORT_YEARS:
            row = []
            for i in indicators:
                lo, hi = Decimal(i.min_value), Decimal(i.max_value)
                share = Decimal((k * 7 + y * 3 + i.pk) % 97) / 100
                whole = i.kind in {"count", "year", "level", "boolean"}
                row.append(int(lo + (hi - lo) * share) if whole else float(lo + (hi - lo) * share))
            data.append([code, y, *row])
            apbd.append([code, y, "planned", 1_500_000_000_000 + k * 1_000_000])
            for sub in ("air_limbah", "persampahan", "drainase"):
                budget.append([code, y, sub, "apbd_kabkota", "planned", 5_000_000_000 + k])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _imported() -> dict[str, Any]:
    """What an import left: every row's values, the history's size and its actors, the record."""
    from akkopsi.data.models import ApbdTotal, BudgetLine, ImportBatch, IndicatorValue, Submission

    out: dict[str, Any] = {
        "values": list(
            IndicatorValue.objects.order_by("member_id", "indicator_id", "year").values_list(
                "member_id", "indicator_id", "year", "value", "comment"
            )
        ),
        "budget": list(
            BudgetLine.objects.order_by("member_id", "year", "subsector", "source").values_list(
                "member_id", "year", "subsector", "source", "stage", "amount"
            )
        ),
        "apbd": list(
            ApbdTotal.objects.order_by("member_id", "year").values_list(
                "member_id", "year", "stage", "amount"
            )
        ),
        "batch": list(
            ImportBatch.objects.values_list(
                "rows", "created", "changed", "unchanged", "warnings", "uploaded_by", "sha256"
            )
        ),
    }
    for model in (IndicatorValue, BudgetLine, ApbdTotal, Submission):
        users = set(model.history.values_list("history_user_id", flat=True))
        out[model.__name__] = (model.history.count(), users)
    return out


def _forget_import() -> None:
    from akkopsi.data.models import (
        ApbdTotal,
        BudgetLine,
        ConfirmToken,
        ImportBatch,
        IndicatorValue,
        Submission,
    )

    for model in (IndicatorValue, BudgetLine, ApbdTotal, Submission):
        model.objects.all().delete()
        model.history.all().delete()  # the deletions' history rows too
    ConfirmToken.objects.all().delete()
    ImportBatch.objects.all().delete()


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = f"----akkopsi{os.urandom(8).hex()}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _upload(port: int, cookies: dict[str, str], name: str, data: bytes) -> str:
    """The file uploaded (dry run) through the web process on ``port``: its confirm token."""
    page = _call(port, "GET", "/data/unggah/", cookies)[2]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf, page[:500]
    body, content_type = _multipart({"csrfmiddlewaretoken": csrf.group(1)}, name, data)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Content-Type": content_type,
    }
    try:
        conn.request("POST", "/data/unggah/", body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
    finally:
        conn.close()
    token = re.search(r'name="token" value="([^"]+)"', text)
    assert response.status == 200 and token, (response.status, text[:2000])
    return token.group(1)


def test_a_national_import_confirmed_through_two_web_processes_equals_one_process(
    members: dict[str, Any], users: dict[str, Any]
) -> None:
    from akkopsi.data import uploads

    _more_members()
    workbook = _national_workbook()
    secretariat = users["secretariat"]

    # One process: the same upload and confirmation, the job run here (immediate backend).
    session: dict[str, Any] = {}
    context = uploads.check(session, workbook, "nasional.xlsx", secretariat)
    assert context["preview"].ok, [str(p) for p in context["preview"].errors[:5]]
    job = uploads.confirm(session, context["token"], "impor nasional", secretariat, {})
    job.refresh_from_db()
    assert job.state == State.SUCCEEDED and job.done == 1, (job.state, job.notes)
    alone = _imported()
    assert len(alone["values"]) > IMPORT_MEMBERS * len(IMPORT_YEARS)
    _forget_import()

    client = Client()
    client.force_login(secretariat)
    cookies = {"sessionid": client.cookies["sessionid"].value}
    with ExitStack() as stack:
        first, second = _web(stack), _web(stack)
        _worker(stack, "imp-1")
        _worker(stack, "imp-2")
        token = _upload(first, cookies, "nasional.xlsx", workbook)
        page = _call(second, "GET", "/data/unggahan/", cookies)[2]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert csrf
        form = {"token": token, "comment": "impor nasional", "csrfmiddlewaretoken": csrf.group(1)}
        status, headers, _ = _call(second, "POST", "/data/unggah/konfirmasi/", cookies, form)
        assert status == 302 and "/tugas/" in headers["Location"], status
        body = _finished(first, cookies, headers["Location"], poll=0.5)

    assert body["state"] == "succeeded" and body["done"] == 1, body
    assert "/data/unggahan/" in body["result_url"]
    together = _imported()
    batch_alone, batch_together = alone.pop("batch"), together.pop("batch")
    assert together == alone
    assert [b[:-1] for b in batch_together] == [b[:-1] for b in batch_alone]
    assert batch_together[0][-1] == batch_alone[0][-1]  # the same file
    assert Job.objects.get(pk=body["id"]).started_by == secretariat
