"""Attachments that only a domain app can produce (the invoice PDF, the receipt PDF).

The notifications layer sits below the domain apps and cannot import them. A domain app
registers a renderer under a string key in its ``AppConfig.ready``; a delivery stores
``(key, pk)`` and the renderer runs when the e-mail is sent, in the worker (ADR 0043).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class Attachment(NamedTuple):
    filename: str
    content: bytes
    mimetype: str


Renderer = Callable[[int], Attachment]

_renderers: dict[str, Renderer] = {}


def register(key: str, renderer: Renderer) -> None:
    """Make ``renderer(pk)`` available as the attachment ``key``."""
    _renderers[key] = renderer


def is_registered(key: str) -> bool:
    return key in _renderers


def render(key: str, pk: int) -> Attachment:
    try:
        renderer = _renderers[key]
    except KeyError:
        raise LookupError(f"no attachment renderer registered as {key!r}") from None
    return renderer(pk)
