"""Load test (``make load``): 100 concurrent users against gunicorn + PostgreSQL on loopback.

1. creates the PostgreSQL database ``akkopsi_load`` if missing (LOAD_DATABASE_URL), migrates
   it and loads the national-scale demo (``akkopsi demo --scale national``; idempotent, so
   a second run reuses the data), collects the static files into var/load/, refreshes the
   planner statistics (VACUUM ANALYZE);
2. starts gunicorn on 127.0.0.1 (LOAD_WORKERS sync workers, DEBUG off);
3. for every key page, dashboard and API endpoint, and for ``/health/`` (a minimal Django
   view with one query: the framework's floor on the same server), warms it, then runs wrk
   with LOAD_USERS connections for at most LOAD_SECONDS seconds and LOAD_MAX_REQUESTS
   responses per wrk thread (bench/load.lua reports the percentiles);
4. the realistic mix (``bench.mix``, ADR 60): LOAD_MIX_USERS (500) simulated users with
   TPC-W's think time (exponential, mean 7 s, at most 70 s) for LOAD_MIX_SECONDS, mostly
   public pages and Rapor, some staff data entry (their entry form, their member page, now
   and then a saved profile: a write, so the caches must follow), a few secretariat
   dashboards and the floor, each class's p95 next to the floor's of the same run
   (``_mix_lines``; LOAD_MIX_USERS=0 skips it);
5. stops gunicorn, prints one table (p95 of each target next to the floor's, as a ratio)
   and writes var/load.json. Exits 1 if any request failed (non-2xx/3xx, socket error,
   timeout).

Pages of the secretariat are requested with a session of the demo user ``sekretariat``.
Pages are cached under the data versions (ADR 55): the warm-up fills the cache, so the table
measures cached pages; the mix measures misses too (a saved profile changes a version).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.mix import THINK_MAX_S, THINK_MEAN_S, Line
from bench.mix import run as run_mix

ROOT = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/akkopsi_load")
PORT = int(os.environ.get("LOAD_PORT", "8765"))
USERS = int(os.environ.get("LOAD_USERS", "100"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "10"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "2000"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
VAR = ROOT / "var" / "load"
MIX_USERS = int(os.environ.get("LOAD_MIX_USERS", "500"))
MIX_SECONDS = int(os.environ.get("LOAD_MIX_SECONDS", "120"))
CSRF = "loadtest" * 4  # the CSRF cookie and header of the simulated signed-in users

FLOOR = ("floor: minimal view", "/health/", False)
#: (name, path, as the secretariat)
TARGETS: list[tuple[str, str, bool]] = [
    ("home (portal)", "/", False),
    ("member list", "/anggota/", False),
    ("member page", "/anggota/6474/", False),
    ("membership growth", "/anggota/pertumbuhan/", False),
    ("dashboard national", "/data/", False),
    ("dashboard province", "/data/provinsi/35/", False),
    ("dashboard member", "/data/anggota/6474/", False),
    ("award edition", "/penghargaan/2024/", False),
    ("board", "/organisasi/pengurus/", False),
    ("summits", "/organisasi/css/", False),
    ("API members", "/api/members/", False),
    ("API values", "/api/values/?year=2023&province=35", False),
    ("API budget lines", "/api/budget-lines/?year=2023&province=64", False),
    ("API award editions", "/api/awards/editions/", False),
    ("league table", "/rapor/liga/", False),
    ("Rapor of a member", "/rapor/6474/", False),
    ("dues dashboard", "/iuran/", True),
    ("planning roll-up", "/perencanaan/", True),
    ("data cycle year", "/data/siklus/2024/", True),
]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DB_URL,
        AKKOPSI_VAR_DIR=str(VAR),
        DEBUG="false",
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="akkopsi.config.settings",
    )
    env.pop("AKKOPSI_DEMO_DATE", None)
    return env


def _akkopsi(*args: str, capture: bool = False) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "akkopsi", *args],
        cwd=ROOT,  # this checkout's package, also when the venv's editable install is another
        env=_env(),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return out.stdout or ""


def _need_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get"):
        print("== installing wrk (Debian)", flush=True)
        subprocess.run(
            "apt-get install -y -qq wrk >/dev/null 2>&1 || "
            "(apt-get update -qq && apt-get install -y -qq wrk >/dev/null)",
            shell=True,
            check=False,
        )
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: apt-get install wrk")
    return found


def _create_database() -> None:
    import psycopg

    parts = urlsplit(DB_URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


SESSION_CODE = """
from importlib import import_module
from urllib.parse import urlencode
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from akkopsi.accounts.models import User
from akkopsi.members.forms import MemberProfileForm
from akkopsi.members.models import Member
for name in ("sekretariat", "staf-6474"):
    user = User.objects.get(username=name)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    print(f"SESSION {name}=" + store.session_key)
form = MemberProfileForm(instance=Member.objects.get(regency_id="6474"))
print("PROFILE=" + urlencode({f: form[f].value() or "" for f in form.fields}))
codes = Member.objects.order_by("regency_id").values_list("regency_id", flat=True)
print("CODES=" + ",".join(list(codes)[::25]))
"""


def _analyze() -> None:
    """Fresh statistics after the bulk load (autovacuum would take its time): without them
    PostgreSQL plans the joins of the data API as if the tables were empty."""
    import psycopg

    with psycopg.connect(DB_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def prepare() -> dict[str, str]:
    """Database, national data, static files; returns the session cookies ("sekretariat",
    "staf-6474"), a profile form's body ("profile") and member codes ("codes")."""
    VAR.mkdir(parents=True, exist_ok=True)
    _create_database()
    start = time.perf_counter()
    _akkopsi("migrate", "--noinput", "-v0")
    _akkopsi("demo", "--scale", "national", "--quiet-logins")
    _akkopsi("collectstatic", "--noinput", "-v0")
    _analyze()
    print(f"== data ready in {time.perf_counter() - start:.0f} s", flush=True)
    out: dict[str, str] = {}
    for line in _akkopsi("shell", "-c", SESSION_CODE, capture=True).splitlines():
        name, _sep, value = line.partition("=")
        if name.startswith("SESSION "):
            out[name.removeprefix("SESSION ")] = f"sessionid={value}; csrftoken={CSRF}"
        elif name in ("PROFILE", "CODES"):
            out[name.lower()] = value
    return out


def _get(path: str, cookie: str | None) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    if cookie:
        req.add_header("Cookie", cookie)
    with urllib.request.urlopen(req, timeout=120) as resp:  # loopback only
        resp.read()
        return int(resp.status)


#: For the mix: users who think keep a connection open without sending; a sync worker would
#: wait on each of them (production has nginx in front, which buffers whole requests). gthread
#: workers hand a connection to a thread only once its request has arrived.
THREADED = ["--worker-class", "gthread", "--keep-alive", "10"]  # bench.mix.IDLE_REOPEN_S
THREADED += ["--threads", os.environ.get("LOAD_MIX_THREADS", "4")]


def _start_server(extra: list[str] | None = None) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "akkopsi.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            *(extra or []),
        ],
        cwd=ROOT,
        env=_env(),
        start_new_session=True,
    )
    for _ in range(120):
        try:
            if _get("/health/", None) == 200:
                return server
        except OSError:
            time.sleep(0.5)
    _stop(server)
    sys.exit("gunicorn did not answer /health/")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _row(name: str, path: str, r: dict[str, Any]) -> dict[str, Any]:
    # a target that completed no request in the time allowed counts as failed
    errors = sum(r["errors"].values()) + (r["requests"] == 0)
    return {
        "name": name,
        "path": path,
        "requests": r["requests"],
        "rps": r["requests"] / (r["duration_us"] / 1e6),
        "p50_ms": r["p50_us"] / 1000,
        "p95_ms": r["p95_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
        "errors": errors,
    }


def _mix_lines(prep: dict[str, str]) -> list[Line]:
    """The realistic mix, weights in thousandths (one class per kind of page): mostly public
    pages and Rapor, some staff data entry (their forms and a saved profile, a write that
    changes the data versions), a few secretariat dashboards, and the floor."""
    codes = prep["codes"].split(",")
    staff, sec = prep["staf-6474"], prep["sekretariat"]
    lines = [Line("floor: /health/", 20, "GET", "/health/")]  # 2 %
    lines += [Line(name, 60, "GET", path) for name, path, _auth in TARGETS if path in PUBLIC]
    lines += [Line("Rapor of a member", 300 // len(codes), "GET", f"/rapor/{c}/") for c in codes]
    lines += [Line("member page", 100 // len(codes), "GET", f"/anggota/{c}/") for c in codes]
    entry = f"/data/anggota/6474/{date.today().year - 1}/isi/"
    lines += [
        Line("staff: entry form", 40, "GET", entry, staff),
        Line("staff: own member page", 30, "GET", "/anggota/6474/", staff),
        Line("staff: profile saved", 1, "POST", "/anggota/6474/ubah/", staff, prep["profile"]),
    ]
    lines += [Line(name, 5, "GET", path, sec) for name, path, auth in TARGETS if auth]
    return lines


#: The public pages of the mix (48 %, each 6 %).
PUBLIC = {"/", "/anggota/", "/data/", "/data/provinsi/35/", "/rapor/liga/"}
PUBLIC |= {"/penghargaan/2024/", "/organisasi/pengurus/", "/api/members/"}


def mix(prep: dict[str, str]) -> dict[str, Any]:
    """MIX_USERS simulated users with TPC-W's think time on the realistic mix (bench.mix)."""
    lines = _mix_lines(prep)
    for line in lines:  # a site in use: each page once (its cache filled) before measuring
        if line.method == "GET":
            _get(line.path, line.cookie or None)
    print(
        f"== mix: {MIX_USERS} users, think time exponential (mean {THINK_MEAN_S:.0f} s, "
        f"at most {THINK_MAX_S:.0f} s), {MIX_SECONDS} s",
        flush=True,
    )
    result = run_mix(lines, MIX_USERS, MIX_SECONDS, PORT)
    floor = next(c for c in result["classes"] if c["name"].startswith("floor"))["p95_ms"]
    for row in result["classes"]:
        row["p95_ratio"] = row["p95_ms"] / floor if floor else None
    return result


def _wrk(wrk: str, path: str, cookie: str | None) -> dict[str, Any]:
    cmd = [
        wrk,
        "-t2",
        f"-c{USERS}",
        f"-d{SECONDS}s",
        "--timeout",
        "60s",
        "-s",
        str(ROOT / "bench" / "load.lua"),
        f"http://127.0.0.1:{PORT}{path}",
    ]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    env = dict(os.environ, LOAD_MAX_REQUESTS=str(MAX_REQUESTS))
    out = subprocess.run(cmd, env=env, check=True, text=True, capture_output=True).stdout
    line = next(x for x in out.splitlines() if x.startswith('{"requests"'))
    result: dict[str, Any] = json.loads(line)
    return result


def run(wrk: str, cookie: str) -> list[dict[str, Any]]:
    rows = []
    for name, path, auth in [FLOOR, *TARGETS]:
        jar = cookie if auth else None
        for _ in range(2 * WORKERS):  # every worker's caches warm, and the page answers 200
            status = _get(path, jar)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        print(f"== {name}: {path}", flush=True)
        rows.append(_row(name, path, _wrk(wrk, path, jar)))
    floor = rows[0]["p95_ms"]
    for row in rows:
        row["p95_ratio"] = row["p95_ms"] / floor if floor else None
    return rows


def mix_table(rows: list[dict[str, Any]]) -> str:
    return table(rows, ["name", "requests", "p50_ms", "p95_ms", "p95_ratio", "errors"])


def table(rows: list[dict[str, Any]], cols: list[str] | None = None) -> str:
    cols = cols or ["name", "path", "requests", "rps", "p50_ms", "p95_ms", "p95_ratio", "errors"]

    def fmt(v: Any) -> str:
        return f"{v:.1f}" if isinstance(v, float) else str(v)

    widths = {c: max(len(c), *(len(fmt(r[c])) for r in rows)) for c in cols}
    lines = ["  ".join(c.ljust(widths[c]) for c in cols)]
    lines.append("  ".join("-" * widths[c] for c in cols))
    lines += ["  ".join(fmt(r[c]).ljust(widths[c]) for c in cols) for r in rows]
    return "\n".join(lines)


def main() -> int:
    wrk = _need_wrk()
    prep = prepare()
    server = _start_server()
    try:
        rows = run(wrk, prep["sekretariat"])
    finally:
        _stop(server)
    mixed = None
    if MIX_USERS:
        server = _start_server(THREADED)
        try:
            mixed = mix(prep)
        finally:
            _stop(server)
    print()
    print(
        f"{USERS} concurrent connections, {WORKERS} gunicorn workers, at most {SECONDS} s "
        f"and 2 x {MAX_REQUESTS} requests per target; p95_ratio = p95 / p95 of the floor"
    )
    print(table(rows))
    if mixed is not None:
        print(
            f"\nRealistic mix: {MIX_USERS} simulated users, think time exponential with a "
            f"mean of {THINK_MEAN_S:.0f} s, at most {THINK_MAX_S:.0f} s (TPC-W), "
            f"{MIX_SECONDS} s, {WORKERS} gthread workers x {THREADED[-1]} threads; "
            f"asked {mixed['asked_rps']:.1f} requests/s, served {mixed['served_rps']:.1f}; "
            "p95_ratio = p95 / p95 of the floor in the same run"
        )
        print(mix_table(mixed["classes"]))
    out = ROOT / "var" / "load.json"
    out.write_text(
        json.dumps(
            {"users": USERS, "workers": WORKERS, "seconds": SECONDS, "rows": rows, "mix": mixed},
            indent=2,
        )
    )
    print(f"\nwritten to {out}")
    failed = [r["path"] for r in rows if r["errors"]]
    failed += [f"mix: {c['name']}" for c in (mixed or {}).get("classes", []) if c["errors"]]
    if failed:
        print("requests failed on: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
