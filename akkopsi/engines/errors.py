"""Domain errors raised by the pure engines: an error code with parameters.

An engine does not speak the user's language. Every error carries a code (``error_code``) (a short
machine name, one per kind of problem), its ``params`` (the values the message needs)
and, where it applies, ``where``: the place in the input that caused it. The edge that
shows the error to a user (a page, the API, a command) translates ``code`` + ``params``
through gettext (see :mod:`akkopsi.core.engine_messages`). ``message`` is the English
text of the engine's own template, for logs, tests and the command line.

A code without a template is taken as the text itself, so an engine part that still
raises free text keeps working (``EngineError("plan is empty")``). See
``docs/adr/0038-engine-error-codes.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["EngineError", "EngineProblem", "Param", "register_templates"]

Param = str | int | float
"""A parameter of an engine message (names, counts, bounds): plain data, never text to
translate."""

_TEMPLATES: dict[str, str] = {}


def register_templates(templates: Mapping[str, str]) -> None:
    """Record the English templates (``%(name)s`` placeholders) of an engine's codes."""
    _TEMPLATES.update(templates)


def render(code: str, params: Mapping[str, Param]) -> str:
    """The English text of ``code`` with ``params`` (the code itself when it has no template)."""
    template = _TEMPLATES.get(code)
    return code if template is None else template % dict(params)


@dataclass(frozen=True, slots=True)
class EngineProblem:
    """What went wrong, as data: a code, its parameters and the input it names."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)
    where: str | None = None

    @property
    def message(self) -> str:
        return render(self.code, self.params)


class EngineError(Exception):
    """Base class of every error an engine raises on bad input."""

    def __init__(self, code: str, *, where: str | None = None, **params: Param) -> None:
        self.problem = EngineProblem(code, MappingProxyType(dict(params)), where)
        message = self.problem.message
        super().__init__(message if where is None else f"{where}: {message}")

    @property
    def error_code(self) -> str:
        """The code of the problem (``code`` is left to subclasses: the composite engine
        names the indicator code there)."""
        return self.problem.code

    @property
    def params(self) -> Mapping[str, Param]:
        return self.problem.params

    @property
    def where(self) -> str | None:
        return self.problem.where

    @property
    def message(self) -> str:
        return self.problem.message

    def __reduce__(
        self,
    ) -> tuple[object, tuple[type[EngineError], str, str | None, dict[str, Param]]]:
        # keeps the code, place and parameters when the error crosses a process boundary
        return (_rebuild, (type(self), self.error_code, self.where, dict(self.params)))


def _rebuild(
    cls: type[EngineError], code: str, where: str | None, params: dict[str, Param]
) -> EngineError:
    return cls(code, where=where, **params)
