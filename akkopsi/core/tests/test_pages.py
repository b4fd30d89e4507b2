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
