"""Shared test fixtures: a small registry and one user per role (healthchecks' alice/bob/charlie)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

# Models are imported inside the fixtures so that the engines' tests run with Django off
# (pytest -p no:django akkopsi/engines/tests).

PASSWORD = "rahasia-uji-123"

# Browser tests drive Debian's Chromium (headless) through Playwright. A test module marks
# itself with ``pytestmark = BROWSER_TESTS`` and asks for the ``browser`` fixture.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium on this machine (apt-get install chromium); .ci/run installs it",
    ),
]


def only(
    *allowed: str, ok: int = 200, staff: tuple[str, ...] = ("bontang",)
) -> list[tuple[str | None, int]]:
    """A permission table for ``pytest.mark.parametrize(("who", "status"), only(...))``: the
    public is sent to sign in (302), the ``allowed`` roles get ``ok``, every other role 403."""
    roles = (*staff, "treasurer", "jury", "secretariat", "admin")
    return [(None, 302), *((r, ok if r in allowed else 403) for r in roles)]


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests
    # stay synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@contextmanager
def open_page(
    browser: Any,
    *,
    width: int | None = None,
    height: int = 844,
    no_console_errors: bool = False,
    **options: Any,
) -> Iterator[Any]:
    """A page in a new browser context in Indonesian, ``width`` x ``height`` when a width is
    given (``options`` go to ``new_context``). On leaving, the context closes and the test
    fails when the page broke the Content Security Policy, or with ``no_console_errors`` when
    it logged any error to the console."""
    if width is not None:
        options["viewport"] = {"width": width, "height": height}
    context = browser.new_context(locale="id-ID", **options)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    if no_console_errors:
        assert not problems, problems
    assert not [p for p in problems if "Content Security Policy" in p], problems


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page in Indonesian; the test fails when the page breaks the Content Security Policy."""
    with open_page(browser) as pg:
        yield pg


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """The ``page`` at a phone's size, 390 x 844."""
    with open_page(browser, width=390) as pg:
        yield pg


def sending() -> Any:
    """Run what commits inside it as if the transaction committed: notifications send their
    e-mails on commit, and a test runs in one transaction that never commits."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(request: Any) -> None:
    if not request.config.pluginmanager.has_plugin("django"):
        return  # the engines' tests, run with Django off
    from django.core.cache import cache

    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks (e-mails) run at once in tests; a test asks for the database backend itself.
    immediate = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    settings.TASKS = {"default": immediate, "immediate": immediate}
    # the database cache (ADR 55), inside the test's transaction; a test without the
    # database (RuntimeError from pytest-django) has nothing cached
    with contextlib.suppress(RuntimeError):
        cache.clear()


@pytest.fixture(autouse=True)
def _catalogue_after_flush(request: Any) -> None:
    """Transactional tests (the browser tests' live server, ``django_db(transaction=True)``)
    empty every table afterwards, including the indicator catalogue that a data migration
    created; give it back."""
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and bool(
        marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
    )
    if marked:  # @pytest.mark.django_db(transaction=True): pytest-django's helper sets it up
        request.getfixturevalue("_django_db_helper")
    elif {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
    else:
        return
    from django.core.cache import cache

    from akkopsi.data.catalogue import load_default_catalogue

    cache.clear()  # the flush empties the data versions, not the cache table
    from akkopsi.data.models import Indicator, NationalTarget

    load_default_catalogue(Indicator, NationalTarget)


@pytest.fixture
def regions(db: Any) -> dict[str, Any]:
    """Two provinces and five kabupaten/kota (real Kemendagri codes)."""
    from akkopsi.regions.models import Province, Regency, RegencyKind

    kaltim = Province.objects.create(code="64", name="Kalimantan Timur")
    bali = Province.objects.create(code="51", name="Bali")
    rows = [
        ("6471", kaltim, RegencyKind.KOTA, "Balikpapan"),
        ("6474", kaltim, RegencyKind.KOTA, "Bontang"),
        ("6472", kaltim, RegencyKind.KOTA, "Samarinda"),
        ("6401", kaltim, RegencyKind.KABUPATEN, "Paser"),
        ("5108", bali, RegencyKind.KABUPATEN, "Buleleng"),
    ]
    return {
        code: Regency.objects.create(code=code, province=p, kind=k, name=n)
        for code, p, k, n in rows
    }


def make_user(username: str, role: str, member: Any = None, **extra: Any) -> Any:
    from akkopsi.accounts.models import User

    user = User(
        username=username, role=role, member=member, email=f"{username}@contoh.go.id", **extra
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def users(db: Any, members: dict[str, Any]) -> dict[str, Any]:
    from akkopsi.accounts.models import Role

    return {
        "secretariat": make_user("sekretariat", Role.SECRETARIAT),
        "treasurer": make_user("bendahara", Role.TREASURER),
        "jury": make_user("juri", Role.JURY),
        "admin": make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
        "bontang": make_user("staf-6474", Role.MEMBER_STAFF, members["6474"]),
        "balikpapan": make_user("staf-6471", Role.MEMBER_STAFF, members["6471"]),
    }


@pytest.fixture
def members(regions: dict[str, Any]) -> dict[str, Any]:
    """Bontang and Balikpapan are members since 2010; Buleleng joined 2014, left 2016, rejoined 2018."""
    from akkopsi.members import services

    out = {
        "6474": services.create_member(
            regency=regions["6474"],
            membership_number="AKK-0001",
            joined_on=date(2010, 3, 1),
            by=None,
        ),
        "6471": services.create_member(
            regency=regions["6471"],
            membership_number="AKK-0002",
            joined_on=date(2010, 3, 1),
            by=None,
        ),
        "5108": services.create_member(
            regency=regions["5108"],
            membership_number="AKK-0003",
            joined_on=date(2014, 2, 1),
            by=None,
        ),
    }
    services.record_leaving(
        member=out["5108"], left_on=date(2016, 1, 1), reason="tidak aktif", by=None
    )
    services.record_joining(member=out["5108"], joined_on=date(2018, 5, 1), by=None)
    return out


@pytest.fixture
def keep_db_connection(db: Any) -> Iterator[None]:
    """Like Django's test client, keep the connection across requests: each test runs inside
    one transaction, which ``close_old_connections`` (request_started/finished) would close on
    PostgreSQL."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
