"""Domain errors raised by the pure engines: an error code with parameters.

An engine does not speak the user's language. Every error carries a code (``error_code``) (a short
machine name, one per kind of problem), its ``params`` (the values the message needs)
and, where it applies, the place in the input that caused it: ``place`` (a :class:`Place`,
structured: file, row, column, key, code, unit) or a plain ``where`` text (e.g. a solver
stage); ``where`` is always the English string form. The edge that
shows the error to a user (a page, the API, a command) translates ``code`` + ``params``
through gettext (see :mod:`akkopsi.core.engine_messages`). ``message`` is the English
text of the engine's own template, for logs, tests and the command line.

A code without a template is taken as the text itself, so an engine part that still
raises free text keeps working (``EngineError("plan is empty")``). See
``docs/adr/0038-engine-error-codes.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["EngineError", "EngineProblem", "Param", "Place", "register_templates"]

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


PlaceWords = Callable[[str, str | int], str]
"""``(part, value) -> words`` for one part of a :class:`Place` (``"row", 3 -> "row 3"``)."""


def english_words(part: str, value: str | int) -> str:
    """The English words of one part of a place (``row 3``, ``column Weight``)."""
    return f"{part} {value}"


@dataclass(frozen=True, slots=True)
class Place:
    """Where in the input an error lies, as data; the edge words it in the user's language.

    ``str(place)`` is English: "META.csv row 3, column Weight", "build.toml, key Aggregate.w",
    "code I0, column Parent", "unit 3401, column uCode".
    """

    file: str | None = None
    row: int | None = None
    column: str | int | None = None
    key: str | None = None
    code: str | None = None
    unit: str | None = None

    def words(self, word: PlaceWords = english_words) -> str:
        """The place worded part by part with ``word`` (the file name stays as it is)."""
        head = " ".join(
            x for x in (self.file, None if self.row is None else word("row", self.row)) if x
        )
        tail = [
            word(part, value)
            for part, value in (
                ("code", self.code),
                ("unit", self.unit),
                ("column", self.column),
                ("key", self.key),
            )
            if value is not None
        ]
        return ", ".join([head, *tail] if head else tail)

    def __str__(self) -> str:
        return self.words()


@dataclass(frozen=True, slots=True)
class EngineProblem:
    """What went wrong, as data: a code, its parameters and the input it names."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)
    where: str | None = None
    place: Place | None = None

    @property
    def message(self) -> str:
        return render(self.code, self.params)


class EngineError(Exception):
    """Base class of every error an engine raises on bad input."""

    def __init__(self, code: str, *, where: str | Place | None = None, **params: Param) -> None:
        place = where if isinstance(where, Place) else None
        where = None if where is None else str(where)
        self.problem = EngineProblem(code, MappingProxyType(dict(params)), where, place)
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
        """The place as English text (or the plain text the engine gave)."""
        return self.problem.where

    @property
    def place(self) -> Place | None:
        """The place as data, when the engine gave one."""
        return self.problem.place

    @property
    def message(self) -> str:
        return self.problem.message

    def __reduce__(
        self,
    ) -> tuple[object, tuple[type[EngineError], str, str | Place | None, dict[str, Param]]]:
        # keeps the code, place and parameters when the error crosses a process boundary
        where = self.place if self.place is not None else self.where
        return (_rebuild, (type(self), self.error_code, where, dict(self.params)))


def _rebuild(
    cls: type[EngineError], code: str, where: str | Place | None, params: dict[str, Param]
) -> EngineError:
    return cls(code, where=where, **params)
