"""The realistic mix of ``make load`` (ADR 60): simulated users who think between requests.

Each user is one asyncio task on its own keep-alive connection (reopened after an idle time
the server would have closed, as a browser does). Before each request it thinks for a time
drawn as TPC-W's emulated browsers do (TPC Benchmark W, clause 5.3.1.1: exponential with a
mean of 7 s, at most 70 s), then picks a request from the weighted lines of the mix. Every
response's latency (connect included) is kept with its class, so each class's p95 is
compared with the floor's (``/health/``, a class of the same run). A failure is a status
outside 2xx/3xx, a socket error or a response slower than the time-out. Loopback only.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from dataclasses import dataclass, field
from typing import Any

THINK_MEAN_S = 7.0
THINK_MAX_S = 70.0
IDLE_REOPEN_S = 8.0  # gunicorn --keep-alive 10 closes idle connections after 10 s
TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Line:
    cls: str
    weight: int
    method: str
    path: str
    cookie: str = ""
    body: str = ""

    def request(self, host: str) -> bytes:
        head = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}"]
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
            token = self.cookie.partition("csrftoken=")[2].partition(";")[0]
            if token:
                head.append(f"X-CSRFToken: {token}")
                head.append(f"Referer: http://{host}/")
        body = self.body.encode()
        if self.method == "POST":
            head.append("Content-Type: application/x-www-form-urlencoded")
            head.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, cls: str, seconds: float, status: int) -> None:
        self.latencies.setdefault(cls, []).append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if not 200 <= status < 400:
            self.failures[cls] = self.failures.get(cls, 0) + 1


def think(rng: random.Random) -> float:
    """TPC-W's think time: -ln(r) * 7 s, r uniform in (0, 1], at most 70 s."""
    return min(-math.log(1.0 - rng.random()) * THINK_MEAN_S, THINK_MAX_S)


async def _response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Reads one response; its status and whether the server closes the connection."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _s, v in (h.partition(":") for h in head[1:])}
    close = headers.get("connection", "").lower() == "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    elif status not in (204, 304):
        await reader.read()
        close = True
    return status, close


async def _user(seed: int, lines: list[Line], port: int, stop_at: float, results: Results) -> None:
    rng = random.Random(seed)
    weights = [line.weight for line in lines]
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    last = 0.0
    host = f"127.0.0.1:{port}"
    while True:
        pause = think(rng)
        if time.monotonic() + pause >= stop_at:
            break
        await asyncio.sleep(pause)
        line = rng.choices(lines, weights)[0]
        start = time.perf_counter()
        try:
            if conn is not None and time.monotonic() - last > IDLE_REOPEN_S:
                conn[1].close()
                conn = None
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", port)
            conn[1].write(line.request(host))
            await conn[1].drain()
            status, close = await asyncio.wait_for(_response(conn[0]), TIMEOUT_S)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            status, close = 0, True
        results.add(line.cls, time.perf_counter() - start, status)
        last = time.monotonic()
        if close and conn is not None:
            conn[1].close()
            conn = None
    if conn is not None:
        conn[1].close()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def run(lines: list[Line], users: int, seconds: float, port: int) -> dict[str, Any]:
    """Runs the mix; returns per class: requests, failures, p50 and p95 (ms), and the
    rates asked (users / mean think time) and served."""
    results = Results()

    async def main() -> float:
        start = time.monotonic()
        stop_at = start + seconds
        await asyncio.gather(*(_user(i, lines, port, stop_at, results) for i in range(users)))
        return time.monotonic() - start

    elapsed = asyncio.run(main())
    classes = []
    for cls, values in sorted(results.latencies.items()):
        ordered = sorted(values)
        classes.append(
            {
                "name": cls,
                "requests": len(values),
                "p50_ms": ordered[len(ordered) // 2] * 1000,
                "p95_ms": p95(values) * 1000,
                "errors": results.failures.get(cls, 0),
            }
        )
    served = sum(len(v) for v in results.latencies.values())
    mean_think = THINK_MEAN_S * (1 - math.exp(-THINK_MAX_S / THINK_MEAN_S))
    return {
        "classes": classes,
        "asked_rps": users / mean_think,
        "served_rps": served / elapsed,
        "statuses": results.statuses,
        "seconds": elapsed,
    }
