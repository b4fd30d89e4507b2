"""The phone-width crawl (issue 19, ADR 53): from a role's home, follow the site's own links
at a phone's width and record every page that is wider than the screen, fails on the server,
sends a request off the machine, or lacks a language or a title.

A few instances of each URL pattern are visited (``django.urls.resolve``): the crawl covers
every page a role can reach, not every member's copy of it, and stays affordable in CI.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

PHONE_WIDTH = 390

#: URL names never followed: downloads (PDF, XLSX, calendar, feed, images, files), links that
#: do something when opened (an inbox item marked read, a subscription confirmed), sign-out.
SKIPPED_NAMES = {
    "logout",
    "set_language",
    "open",
    "confirm",
    "unsubscribe",
    "image",
    "media",
    "health",
    "feed",
    "meeting_feed",
    "meeting_ics",
    "template",
}
DOWNLOAD = re.compile(r"(\.(pdf|csv|xlsx|ics|atom|json|yaml)$)|(/pdf/$)|(/kuitansi/$)")
#: Pages of the API and the admin beyond their front door are not the site's pages.
FRONT_DOORS = {"/admin/": "/admin/", "/api/": "/api/docs/"}

MEASURE = """() => ({
  width: Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0),
  lang: document.documentElement.getAttribute('lang') || '',
  title: document.title.trim(),
  links: Array.from(document.querySelectorAll('a[href]:not([download])'), a => a.href),
})"""


@dataclass
class Crawl:
    """One role's walk: the pages seen and what was wrong with them."""

    base: str
    per_pattern: int = 2
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _patterns: Counter[str] = field(default_factory=Counter)

    def pattern(self, url: str) -> str | None:
        """The URL pattern a same-origin page link belongs to, or None when it is not followed."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.netloc != urlsplit(self.base).netloc:
            return None
        path = parts.path
        for prefix, door in FRONT_DOORS.items():
            if path.startswith(prefix) and path != door:
                return None
        if DOWNLOAD.search(path) or "export=" in parts.query:
            return None
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.url_name in SKIPPED_NAMES:
            return None
        return match.route

    def run(self, page: Any, start: str) -> None:
        host = urlsplit(self.base).netloc
        page.on(
            "request",
            lambda r: (
                self._leaving(r.url, page.url)
                if urlsplit(r.url).scheme in {"http", "https", "ws", "wss"}
                and urlsplit(r.url).netloc != host
                else None
            ),
        )
        queue = deque([self.base + start])
        queued = {self.base + start}
        self._patterns[self.pattern(self.base + start) or start] += 1
        while queue:
            url = queue.popleft()
            for link in self.visit(page, url):
                link = urldefrag(link).url
                route = self.pattern(link)
                if link in queued or route is None or self._patterns[route] >= self.per_pattern:
                    continue
                self._patterns[route] += 1
                queued.add(link)
                queue.append(link)

    def visit(self, page: Any, url: str) -> list[str]:
        response = page.goto(url)
        self.visited.append(url)
        where = url.removeprefix(self.base)
        if response is not None and response.status >= 500:
            self.problems.append(f"{where}: server error {response.status}")
            return []
        if urlsplit(page.url).netloc != urlsplit(self.base).netloc:
            return []
        seen = page.evaluate(MEASURE)
        if seen["width"] > PHONE_WIDTH:
            self.problems.append(f"{where}: {seen['width']} px wide at {PHONE_WIDTH} px")
        if not seen["lang"]:
            self.problems.append(f"{where}: no <html lang>")
        if not seen["title"]:
            self.problems.append(f"{where}: no <title>")
        return list(seen["links"])

    def _leaving(self, url: str, on: str) -> None:
        self.problems.append(f"{on.removeprefix(self.base)}: request off the machine: {url}")
