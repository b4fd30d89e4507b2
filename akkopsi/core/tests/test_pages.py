from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_home_page_speaks_indonesian_and_dates_are_indonesian(
    client: Any, members: Any, settings: Any
) -> None:
    settings.AKKOPSI_DEMO_DATE = "2015-05-19"
    body = client.get(reverse("core:home")).content.decode()
    assert 'lang="id"' in body
    assert "19 Mei 2015" in body
    assert "Beranda" in body and "Anggota" in body


def test_browser_language_does_not_override_indonesian(client: Any, members: Any) -> None:
    body = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in body and "Beranda" in body


def test_english_is_available(client: Any, members: Any, settings: Any) -> None:
    settings.AKKOPSI_DEMO_DATE = "2015-05-19"
    client.cookies["django_language"] = "en"
    body = client.get(reverse("core:home")).content.decode()
    assert 'lang="en"' in body and "19 May 2015" in body and "Home" in body


def test_pages_carry_a_content_security_policy_without_inline_script(
    client: Any, members: Any
) -> None:
    response = client.get(reverse("members:member_list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    body = response.content.decode()
    assert "<script>" not in body and "style=" not in body
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_every_asset_is_served_locally(client: Any, members: Any) -> None:
    body = client.get(reverse("core:home")).content.decode()
    for marker in ("https://", "http://", "//cdn", "unpkg", "googleapis"):
        assert f'src="{marker}' not in body and f'href="{marker}' not in body


def test_403_and_404_pages_are_friendly(client: Any, users: Any) -> None:
    client.force_login(users["jury"])
    assert "Tidak diizinkan" in client.get(reverse("members:member_create")).content.decode()
    assert client.get("/tidak-ada/").status_code == 404


def test_health_endpoint(client: Any, db: Any) -> None:
    assert client.get("/health/").json() == {"status": "ok"}


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 30 + "-production-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "akkopsi.example.org",
        "AKKOPSI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "akkopsi.config.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "akkopsi", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PO_FILES = sorted((ROOT / "akkopsi").glob("**/locale/id/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_indonesian_catalogues_are_complete(po_path: Path) -> None:
    """Every string the code marks for translation has an Indonesian translation, compiled."""
    missing = []
    for entry in po_path.read_text().split("\n\n")[1:]:
        text = "\n".join(ln for ln in entry.splitlines() if not ln.startswith("#"))
        if not text.strip():
            continue
        if "#, fuzzy" in entry or text.rstrip().endswith('msgstr ""') or 'msgstr[0] ""' in text:
            missing.append(text)
    assert not missing, missing[:5]
    mo = po_path.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po_path.stat().st_mtime - 5, "run make messages"
