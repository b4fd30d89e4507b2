"""The WSGI entry's warm-up (ADR 60): what Django builds lazily is built before serving."""

from __future__ import annotations

import logging
from typing import Any

from django.urls import URLResolver, get_resolver

from akkopsi.core import warmup


def _built(resolver: URLResolver) -> bool:
    subs = [sub for _prefix, sub in resolver.namespace_dict.values()]
    return resolver._populated and all(_built(sub) for sub in subs)


def test_warm_up_builds_every_resolver_and_compiles_every_template(caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger="akkopsi.core.warmup"):
        warmup.warm_up()
        compiled = warmup._templates()
    assert _built(get_resolver())
    assert compiled > 100  # the project's own templates (161 when written)
    assert not caplog.records  # every template compiles
