"""Domain errors raised by the pure engines.

Every error carries a human message (Indonesian by default, as the users read it) and,
where it applies, the place in the input that caused it, so adapters and the command
line can report "where and what" without parsing strings.
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class of every error an engine raises on bad input."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message if where is None else f"{where}: {message}")
        self.message = message
        self.where = where

    def __reduce__(self) -> tuple[object, tuple[type[EngineError], str, str | None]]:
        # keeps ``message`` and ``where`` apart when the error crosses a process boundary
        return (_rebuild, (type(self), self.message, self.where))


def _rebuild(cls: type[EngineError], message: str, where: str | None) -> EngineError:
    return cls(message, where=where)
