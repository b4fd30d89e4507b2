"""Take the README's screenshot of the national map (docs/screenshots/map-national.png).

Run against the demo (`make run` in another terminal), with the system's Chromium:

    python scripts/screenshot_map.py [http://127.0.0.1:8000] [--width 1366]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--width", type=int, default=1366)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.goto(f"{args.base}/data/?peta=komitmen")
        page.locator('svg.map a[data-code="64"]').focus()  # shows a value, as on focus
        suffix = "" if args.width >= 1000 else f"-{args.width}"
        page.locator("#peta").screenshot(path=OUT / f"map-national{suffix}.png")
        browser.close()


if __name__ == "__main__":
    main()
