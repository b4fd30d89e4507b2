"""Audit the locked dependencies (requirements.lock) for known vulnerabilities with pip-audit.

pip-audit is installed into a throwaway venv (var/audit-venv), never into the project's.
Exit 1 when a pinned version has a known vulnerability (each one printed with the versions
that fix it). When the vulnerability service cannot be reached, or knows none of the
packages (a mirror without vulnerability data), the audit says so plainly and exits 0:
nothing was proven either way, and CI should not fail on the network.

Usage: python scripts/audit_deps.py [--service pypi|osv]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "var" / "audit-venv"
REPORT = ROOT / "var" / "pip-audit.json"


def _pip_audit() -> Path | None:
    exe = VENV / "bin" / "pip-audit"
    if exe.exists():
        return exe
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "pip-audit"],
            check=True,
        )
    except subprocess.CalledProcessError:
        return None
    return exe


def _run_audit(exe: Path, service: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(exe),
            "--requirement",
            str(ROOT / "requirements.lock"),
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(REPORT),
        ],
        capture_output=True,
        text=True,
        timeout=600,  # a hung connection must not hold CI
    )


def main(argv: list[str]) -> int:
    service = argv[argv.index("--service") + 1] if "--service" in argv else "pypi"
    exe = _pip_audit()
    if exe is None:
        print("pip-audit: could not be installed from the package index; audit NOT done.")
        return 0
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.unlink(missing_ok=True)
    try:
        proc = _run_audit(exe, service)
    except subprocess.TimeoutExpired:
        print("pip-audit: no answer from the vulnerability service in 10 minutes; audit NOT done.")
        return 0
    if not REPORT.exists():
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        print(
            f"pip-audit: the vulnerability service ({service}) could not be reached; "
            f"audit NOT done. ({last[:300]})"
        )
        return 0
    deps = json.loads(REPORT.read_text())["dependencies"]
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    for d in vulnerable:
        for v in d["vulns"]:
            fixes = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
            print(f"VULNERABLE {d['name']}=={d['version']}: {v['id']} (fixed in: {fixes})")
    audited = len(deps) - len(skipped)
    print(
        f"pip-audit ({service}): {len(deps)} locked packages, {audited} audited, "
        f"{len(skipped)} unknown to the service, {len(vulnerable)} with known vulnerabilities."
    )
    if skipped and not audited:
        print(
            "pip-audit: the vulnerability service knows none of the packages (no vulnerability "
            "data reachable from here); audit NOT done."
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
