"""What a web process builds once, built before it serves (ADR 60): the URL resolvers of
every namespace and the project's templates. Django builds both lazily, on the first ``reverse`` and
the first render; under load a worker's first misses then cost 1 s instead of 60 ms (the
portal's home page, measured with ``time.process_time``). Called by the WSGI entry point, so
gunicorn's workers do it while booting; tests and management commands do not pay it."""

from __future__ import annotations

import logging
from pathlib import Path

from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import URLResolver, get_resolver

log = logging.getLogger(__name__)


def _resolvers(resolver: URLResolver) -> None:
    resolver._populate()  # the reverse lookups of this namespace (a no-op once built)
    for _prefix, sub in resolver.namespace_dict.values():
        _resolvers(sub)


PACKAGE = Path(__file__).resolve().parent.parent


def _templates() -> int:
    """Compiles the project's own templates (a package's may need what is not installed:
    django-filter's crispy form); returns how many."""
    count = 0
    for engine in engines.all():
        for folder in engine.template_dirs:
            if not Path(folder).resolve().is_relative_to(PACKAGE):
                continue
            for path in Path(folder).rglob("*.html"):
                try:
                    engine.get_template(path.relative_to(folder).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    log.warning("template not compiled at start: %s", path, exc_info=True)
                count += 1
    return count


def warm_up() -> None:
    _resolvers(get_resolver())
    _templates()
