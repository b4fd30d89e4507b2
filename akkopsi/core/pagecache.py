"""Whole responses cached under the data versions, with conditional GET (ADR 55).

A view opts in with :func:`cached_page` (a DRF view set with ``cache_domains``); the
middleware then answers a GET from the cache when nothing it depends on changed, and answers
``304 Not Modified`` when the browser's ``If-None-Match`` still names the current version.

The key holds everything a page's text depends on besides the database: the path and query,
the language, the day (``core.dates.today``), the signed-in user (requests with an API token
are not cached: the token is checked in the view),
the ``Accept`` header (DRF's format) and the htmx headers (a fragment or the page), and the
versions of the apps it reads (:func:`akkopsi.core.versions.current`; all apps unless the
view names fewer). A response is stored only when it is a plain 200 without cookies of its
own; pages showing one-time messages and exports are never cached.

The CSRF token in a stored page is replaced by a placeholder and filled with the current
request's own token on the way out, so a cached page never carries another visitor's token.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language

from akkopsi.core import versions
from akkopsi.core.dates import today

F = TypeVar("F", bound=Callable[..., Any])

ALL = ("*",)
PLACEHOLDER = "__akkopsi_csrf_token__"
_TOKENS = re.compile(r'(?:csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]{32,})"')
_VARY = ("Cookie", "Accept", "HX-Request", "HX-Target")
# the user's navigation and inbox come with every page of a signed-in user
_SIGNED_IN = ("accounts", "notifications")


def cached_page(
    *domains: str, member: str | None = None, profiles: bool = True
) -> Callable[[F], F]:
    """Mark a view (function or ``as_view()``) as cacheable; ``domains`` are the apps whose
    data it shows (all apps when none are named). ``member`` names the URL argument holding
    the member's code on a page of one member that shows no other member's profile columns
    (``versions.MEMBER_OWN_COLUMNS``): another member's profile edit leaves it cached
    (``versions.member_domains``, ADR 60). ``profiles=False``: a page that shows no member's
    profile columns nor member history at all (a roll-up of plans, dues or data), which no
    profile edit leaves cached wrongly."""

    def mark(view: F) -> F:
        view.cache_domains = tuple(domains) or ALL  # type: ignore[attr-defined]
        view.cache_member = member  # type: ignore[attr-defined]
        view.cache_profiles = profiles  # type: ignore[attr-defined]
        return view

    return mark


@dataclass(frozen=True)
class Stored:
    content: bytes
    content_type: str


def _domains(view: Any) -> Sequence[str] | None:
    found = getattr(view, "cache_domains", None)
    if found is None and hasattr(view, "cls"):  # a DRF view set's list and detail views
        found = getattr(view.cls, "cache_domains", None)
    return found


def _has_messages(request: HttpRequest) -> bool:
    if request.COOKIES.get("messages"):  # an emptied cookie may still be sent
        return True
    session = getattr(request, "session", None)
    return session is not None and bool(session.get("_messages"))


def page_key(
    request: HttpRequest,
    domains: Sequence[str],
    member: str | None = None,
    profiles: bool = True,
) -> str | None:
    """The cache key of this request's page, or None when it must not be cached; ``member``:
    the code of the member whose page it is; ``profiles``: whether it shows any member's
    profile columns (see :func:`cached_page`)."""
    user = request.user
    signed_in = bool(user.is_authenticated)
    if domains != ALL:
        names: Sequence[str] = (*domains, *_SIGNED_IN * signed_in)
    elif member is not None or not profiles:
        names = versions.member_domains(member)
    else:
        names = versions.all_domains()
    current = versions.current(names)
    if current is None:
        return None
    who = f"u{user.pk}" if signed_in else "anon"
    parts = [
        request.get_full_path(),
        get_language() or "",
        who,
        request.headers.get("Accept", ""),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}:{today().isoformat()}:{hashlib.sha256(current.encode()).hexdigest()}"


def _etag(request: HttpRequest, key: str) -> str:
    # the CSRF secret too: a page kept by the browser must carry a token still valid
    secret = request.META.get("CSRF_COOKIE", "")
    return quote_etag(hashlib.sha256(f"{key}:{secret}".encode()).hexdigest()[:32])


def _finish(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, _VARY)
    return response


def _store(key: str, response: HttpResponse) -> None:
    content = response.content.decode(response.charset or "utf-8")
    for token in set(_TOKENS.findall(content)):
        content = content.replace(token, PLACEHOLDER)
    cache.set(key, Stored(content.encode(), response["Content-Type"]))


def _cacheable(response: HttpResponse) -> bool:
    own_cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME}
    return (
        response.status_code == 200
        and not response.streaming
        and not own_cookies
        and not response.has_header("Content-Disposition")
    )


class PageCacheMiddleware:
    """Serves and stores the pages marked by :func:`cached_page` (last in MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key: str | None = getattr(request, "_page_cache", None)
        if key is not None and _cacheable(response):
            _store(key, response)
            _finish(request, response, _etag(request, key))
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        domains = _domains(view)
        if domains is None or request.method != "GET" or "export" in request.GET:
            return None
        # an API token is checked inside the view (a revoked one must fail): never cached
        if "Authorization" in request.headers or _has_messages(request):
            return None
        kwarg = getattr(view, "cache_member", None)
        member = kwargs.get(kwarg) if kwarg else None
        profiles = getattr(view, "cache_profiles", True)
        key = page_key(request, domains, member if isinstance(member, str) else None, profiles)
        if key is None:
            return None
        etag = _etag(request, key)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return _finish(request, HttpResponseNotModified(), etag)
        stored = cache.get(key)
        if isinstance(stored, Stored):
            token = get_token(request) if PLACEHOLDER.encode() in stored.content else ""
            body = stored.content.replace(PLACEHOLDER.encode(), token.encode())
            return _finish(request, HttpResponse(body, content_type=stored.content_type), etag)
        request._page_cache = key  # type: ignore[attr-defined]
        return None
