"""The platform's own error pages (403, 404, 500), in Indonesian or English, with the site's
layout and a way back home, in every mode (ADR 48).

Django's handlers ``handler403/404/500`` (config/urls.py) point here. With DEBUG on, Django
would answer a 404 with its technical page, which lists every URL pattern, and an error with
the traceback page; ``FriendlyErrorsMiddleware`` answers with these pages instead, and the
traceback goes to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger("django.request")

#: The last resort when even the 500 template cannot be rendered (a broken layout).
PLAIN_500 = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Kesalahan server</title>'
    "</head><body><h1>Terjadi kesalahan di server</h1><p>Kesalahan sudah dicatat. Silakan coba "
    'lagi nanti.</p><p><a href="/">Kembali ke beranda</a></p></body></html>'
)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def _signed_out(request: HttpRequest) -> HttpRequest:
    """A copy of the request's address without its session or user: the context processors
    then read nothing from the database (the navigation is the one anybody signed out sees)."""
    bare = HttpRequest()
    bare.path, bare.path_info, bare.method = request.path, request.path_info, "GET"
    bare.META = {k: v for k, v in request.META.items() if k in {"SERVER_NAME", "SERVER_PORT"}}
    bare.user = AnonymousUser()
    return bare


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout, rendered without the database (which may be what
    failed)."""
    try:
        html = loader.render_to_string("500.html", request=_signed_out(request))
        return HttpResponseServerError(html)
    except Exception:  # the layout itself failed: never an error inside the error page
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(PLAIN_500)


class FriendlyErrorsMiddleware:
    """With DEBUG on, the platform's error pages instead of Django's technical pages.

    Without DEBUG Django already calls the handlers above; this does nothing then.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        unresolved = getattr(request, "resolver_match", None) is None
        if settings.DEBUG and response.status_code == 404 and unresolved:
            return not_found(request)  # Django's page would list every URL pattern
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG or isinstance(exception, PermissionDenied):
            return None  # Django's own handling (handler403 in every mode)
        if isinstance(exception, Http404):
            return not_found(request, exception)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return server_error(request)
