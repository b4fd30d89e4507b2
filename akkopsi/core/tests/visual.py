"""Visual regression (issue 19.5, ADR 53): a screenshot is compared with its reference, a PNG
stored beside this module in ``visual/``, at a tolerance.

Two pixels differ when one of their colour channels differs by more than ``THRESHOLD`` (out of
255): anti-aliasing and sub-pixel shifts stay below it. A screenshot passes when at most
``TOLERANCE`` of its pixels differ; a layout that breaks (a column that wraps, a table wider
than the screen, a header on two lines) moves far more. Screenshots of another size differ on
every pixel outside the common area.

On a failure the screenshot and a picture of the difference are written to ``var/visual/``.
References change only on purpose: ``AKKOPSI_UPDATE_SCREENSHOTS=1`` (``make screenshots``)
writes the new screenshots as the references, to be looked at and committed.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageChops

REFERENCES = Path(__file__).parent / "visual"
FAILURES = Path(__file__).resolve().parents[3] / "var" / "visual"
UPDATE = "AKKOPSI_UPDATE_SCREENSHOTS"
THRESHOLD = 40
TOLERANCE = 0.01


def _changed(actual: Image.Image, reference: Image.Image) -> Image.Image:
    """A mask (mode "L") of the pixels that differ, over the larger of the two sizes."""
    size = (max(actual.width, reference.width), max(actual.height, reference.height))
    canvases = []
    for image, fill in ((actual, (255, 0, 255)), (reference, (0, 255, 0))):
        canvas = Image.new("RGB", size, fill)  # outside one image: differs from the other
        canvas.paste(image.convert("RGB"), (0, 0))
        canvases.append(canvas)
    red, green, blue = ImageChops.difference(*canvases).split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return strongest.point(lambda v: 255 if v > THRESHOLD else 0)


def difference(actual: Image.Image, reference: Image.Image) -> float:
    """The share of pixels that differ (0 = the same picture, 1 = nothing in common)."""
    mask = _changed(actual, reference)
    return mask.histogram()[255] / (mask.width * mask.height)


def check(name: str, png: bytes) -> None:
    """Compare the screenshot ``png`` with the reference ``visual/<name>.png``; fail with the
    share of differing pixels and where the pictures are, or write the reference when asked."""
    reference_path = REFERENCES / f"{name}.png"
    actual = Image.open(BytesIO(png))
    if os.environ.get(UPDATE) == "1":
        REFERENCES.mkdir(exist_ok=True)
        actual.save(reference_path, optimize=True)
        return
    assert reference_path.exists(), f"no reference {reference_path}: run `make screenshots`"
    reference = Image.open(reference_path)
    share = difference(actual, reference)
    if share <= TOLERANCE:
        return
    FAILURES.mkdir(parents=True, exist_ok=True)
    actual.save(FAILURES / f"{name}-actual.png")
    shown = Image.new(
        "RGB", (max(actual.width, reference.width), max(actual.height, reference.height)), "white"
    )
    shown.paste(reference.convert("RGB"), (0, 0))
    faded = Image.blend(shown, Image.new("RGB", shown.size, "white"), 0.7)
    faded.paste((220, 0, 0), (0, 0), _changed(actual, reference))
    faded.save(FAILURES / f"{name}-diff.png")
    raise AssertionError(
        f"{name}: {share:.1%} of the pixels differ from {reference_path} (at most "
        f"{TOLERANCE:.0%}); see {FAILURES}/{name}-actual.png and -diff.png. If the change is "
        f"meant, update the references with `make screenshots` and commit them."
    )
