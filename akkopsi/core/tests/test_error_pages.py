"""Friendly 403/404/500 pages in every mode: DEBUG on and off, and as `make run` starts the
server (ADR 48). Never Django's technical pages, which list every URL pattern."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import Http404, HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import clear_url_caches, path, reverse
from django.utils import translation

from akkopsi.config import urls as root_urls
from akkopsi.config.env import env_bool
from akkopsi.core import errors

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _missing(request: HttpRequest) -> HttpResponse:
    raise Http404("no such record")


def _refused(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("hilang/", _missing),
    path("dilarang/", _refused),
    *root_urls.urlpatterns,
]
handler403 = root_urls.handler403
handler404 = root_urls.handler404
handler500 = root_urls.handler500


@pytest.fixture(params=[True, False], ids=["DEBUG", "no-DEBUG"])
def mode(request: Any, settings: Any) -> bool:
    settings.DEBUG = request.param
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    return bool(request.param)


def _friendly(response: Any, status: int, heading: str) -> str:
    body = response.content.decode()
    assert response.status_code == status
    assert heading in body, body[:400]
    assert 'class="brand"' in body and "Beranda" in body  # the site's layout and navigation
    assert 'href="/"' in body  # a way back home
    assert "URLconf" not in body and "Traceback" not in body and "DEBUG = True" not in body
    return body


def test_404_for_an_unknown_address(client: Any, mode: bool) -> None:
    body = _friendly(client.get("/tidak-ada/"), 404, "Halaman tidak ditemukan")
    assert "&lt;int:" not in body and "&lt;str:" not in body  # no list of URL patterns


def test_404_raised_by_a_view(client: Any, mode: bool) -> None:
    _friendly(client.get("/hilang/"), 404, "Halaman tidak ditemukan")


def test_403(client: Any, mode: bool, users: Any) -> None:
    client.force_login(users["jury"])
    body = _friendly(client.get("/dilarang/"), 403, "Tidak diizinkan")
    assert "Sekretariat Nasional" in body
    assert "Tidak diizinkan" in client.get(reverse("members:member_create")).content.decode()


def test_500(client: Any, mode: bool) -> None:
    client.raise_request_exception = False
    _friendly(client.get("/boom/"), 500, "Terjadi kesalahan di pihak kami")


def test_error_pages_in_english_when_chosen(client: Any, mode: bool, settings: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.raise_request_exception = False
    assert "Page not found" in client.get("/tidak-ada/").content.decode()
    assert "Something went wrong on our side" in client.get("/boom/").content.decode()


def test_the_500_page_renders_without_the_database(rf: Any, monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    with translation.override("id"):  # what the language middleware chose for the request
        response = errors.server_error(rf.get("/apa-saja/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan di pihak kami" in response.content.decode()


def test_a_broken_layout_still_gives_a_plain_500(rf: Any, monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("template broken")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500 and "Kembali ke beranda" in response.content.decode()


def _make_run_environment() -> dict[str, str]:
    """The variables `make run` sets on the runserver line of the Makefile."""
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1]
    line = next(ln for ln in recipe.splitlines() if "runserver" in ln)
    return dict(w.split("=", 1) for w in shlex.split(line) if re.match(r"^[A-Z_]+=", w))


def test_make_run_settings_show_friendly_pages_and_serve_static_files(
    client: Any, settings: Any
) -> None:
    env = _make_run_environment()
    assert "AKKOPSI_DEMO_BANNER" in env  # the line was found
    debug = env_bool("DEBUG", False) if "DEBUG" not in env else env["DEBUG"] in {"1", "true"}
    with override_settings(DEBUG=debug, AKKOPSI_DEMO_BANNER=True, ROOT_URLCONF=__name__):
        clear_url_caches()
        client.raise_request_exception = False
        body = _friendly(client.get("/tidak-ada/"), 404, "Halaman tidak ditemukan")
        assert "demo-banner" in body
        _friendly(client.get("/boom/"), 500, "Terjadi kesalahan di pihak kami")
        css = client.get(settings.STATIC_URL + "akkopsi/akkopsi.css")
        assert css.status_code == 200  # WhiteNoise serves the assets without DEBUG
    clear_url_caches()
